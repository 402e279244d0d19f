"""XML reader: officielebekendmakingen publication XML (op-xsd: officiele-publicatie/kamerstuk/...)."""

from __future__ import annotations

import logging
import re

from lxml import etree

from pipeline.stages.ingest.markup_reader import (
    CONTAINER, DIVISION, FURNITURE, HEADING, INLINE, LABEL, PARAGRAPH, SKIP, TITLE, Buffer, Reader, local_name,
    store_footnote)
from pipeline.stages.ingest.metadata import normalise_space, parse_dutch_date

logger = logging.getLogger(__name__)

_XML_SKIP = frozenset({"metadata", "meta", "kamerstukkop", "kamervraagkop", "kamervraagnummer", "colspec",
                       "illustratie", "plaatje", "noot.nr", "nootnr"})
_XML_FURNITURE = frozenset({"adres", "dagtekening", "slotformule", "datumtekst", "ondertekening",
                            "handtekening"})
# The intro of answers to written questions (questioners, dates, "Zie ook Aanhangsel …"): metadata.
_XML_QUESTION_INTRO = frozenset({"kamervraagomschrijving", "kamervraagopmerking", "kamervraagmededeling"})
_XML_DIVISIONS = frozenset({"divisie", "paragraaf", "hoofdstuk", "afdeling", "bijlage", "artikel",
                            "circulaire.divisie", "wijzig-divisie", "sectie", "deel", "titeldeel"})
_XML_INLINE = frozenset({"nadruk", "extref", "intref", "sup", "inf", "sub", "nootref", "noot", "afkorting",
                         "redactie", "unl", "datum"})
_XML_PARAGRAPHS = frozenset({"al", "tekstregel", "term", "definitie"})
_XML_BLOCKS = _XML_PARAGRAPHS | _XML_DIVISIONS | _XML_FURNITURE | frozenset({
    "kop", "tussenkop", "lijst", "li", "table", "tgroup", "thead", "tbody", "row", "entry", "tekst",
    "al-groep", "brief", "stuk", "kamerstuk", "dossier", "algemeen", "vrije-tekst", "aanhef", "titel"})
_TITLE_PARENTS = frozenset({"stuk", "kamerstuk", "brief", "kamervragen", "officiele-publicatie"})


class XmlReader(Reader):
    inline_tags = _XML_INLINE
    block_tags = _XML_BLOCKS
    opaque_tags = frozenset({"noot"})

    def __init__(self) -> None:
        super().__init__()
        self._notes: dict[etree._Element, int] = {}
        self._note_ids: dict[str, int] = {}

    def read(self, root: etree._Element) -> None:
        for el in root.iter(etree.Element):
            if local_name(el) in ("meta", "metadata") and el.get("name"):
                self.facts.add_meta(el.get("name"), el.get("content"))
        lang = root.get("{http://www.w3.org/XML/1998/namespace}lang")
        self.facts.language = (lang or "").split("-")[0].lower() or None
        self._read_footnotes(root)
        self.walk(root)

    def _read_footnotes(self, root: etree._Element) -> None:
        """Number every <noot> up front, so a <nootref> before or after it resolves."""
        for position, noot in enumerate((el for el in root.iter(etree.Element) if local_name(el) == "noot"),
                                        start=1):
            number_el = next((c for c in noot if local_name(c) in ("noot.nr", "nootnr")), None)
            digits = re.sub(r"\D", "", "".join(number_el.itertext())) if number_el is not None else ""
            buf = Buffer()
            for child in noot:
                if isinstance(child.tag, str) and child is not number_el:
                    self._collect_into(child, buf)
                buf.add(child.tail)
            text = buf.text() or normalise_space(noot.text or "")
            n = store_footnote(self.footnotes, int(digits) if digits else position, text, self.warnings)
            self._notes[noot] = n
            if noot.get("id"):
                self._note_ids[noot.get("id")] = n

    def role(self, el: etree._Element, depth: int) -> str:
        tag = local_name(el)
        parent = local_name(el.getparent()) if el.getparent() is not None else ""
        if tag in _XML_SKIP:
            return SKIP
        if tag == "li.nr":
            return LABEL
        if tag in ("dossier", "stuknr") or (tag in ("titel", "kop") and parent in _TITLE_PARENTS):
            return TITLE
        if tag in _XML_FURNITURE or tag in _XML_QUESTION_INTRO:
            return FURNITURE
        if tag == "nr" and parent in ("vraag", "antwoord"):
            return PARAGRAPH  # "Vraag 1" / "Antwoord 1": markup.py makes it a heading or drops it
        if tag in _XML_DIVISIONS:
            return DIVISION
        if tag in ("kop", "tussenkop"):
            return HEADING
        if tag in _XML_INLINE:
            return INLINE
        # Known or unknown, an element is a paragraph unless it holds blocks of its own.
        return CONTAINER if self.has_blocks(el) else PARAGRAPH

    def heading_rank(self, el: etree._Element, depth: int) -> int:
        # A division's kop sits at the division's depth; a tussenkop sits one below its context.
        parent = el.getparent()
        if local_name(el) == "kop" and parent is not None and local_name(parent) in _XML_DIVISIONS:
            return max(depth, 1)
        return depth + 1

    def title(self, el: etree._Element) -> None:
        tag = local_name(el)
        if tag == "dossier":
            numbers = [normalise_space("".join(c.itertext())) for c in el.iter(etree.Element)
                       if local_name(c) == "dossiernr"]
            if not numbers:
                numbers = [normalise_space("".join(c.itertext())) for c in el.iter(etree.Element)
                           if local_name(c) == "dossiernummer"]
            self.facts.dossier_numbers.extend(n for n in numbers if n)
            titel = next((c for c in el if local_name(c) == "titel"), None)
            if titel is not None and self.facts.dossier_title is None:
                self.facts.dossier_title = self.collect(titel).text() or None
        elif tag == "stuknr":
            number = next((c for c in el.iter(etree.Element) if local_name(c) == "ondernummer"), el)
            digits = re.sub(r"\D", "", "".join(number.itertext()))
            self.facts.ondernummer = self.facts.ondernummer or digits or None
        else:
            text = self.collect(el).text()
            if tag == "titel" and local_name(el.getparent()) == "stuk":
                self.facts.stuk_title = self.facts.stuk_title or text or None
            else:
                self.facts.absorb_title_text(text)

    def furniture(self, el: etree._Element) -> None:
        tag = local_name(el)
        if tag in _XML_QUESTION_INTRO:
            self.facts.intro.append(self.collect(el).text())
        elif tag in ("ondertekening", "handtekening"):
            functions = [normalise_space("".join(c.itertext())) for c in el.iter(etree.Element)
                         if local_name(c) == "functie"]
            self.facts.absorb_signature(functions or self.lines(el))
        elif tag == "dagtekening" and self.facts.letter_date is None:
            self.facts.letter_date = parse_dutch_date(self.collect(el).text())

    def inline_special(self, el: etree._Element, buf: Buffer) -> bool:
        tag = local_name(el)
        if tag == "noot":
            if el in self._notes:  # a note nested in a note is read as part of its parent's text
                buf.refs.append(self._notes[el])
            return True
        if tag == "nootref":
            n = self._note_ids.get(el.get("ref") or el.get("refid") or "")
            if n is None:
                logger.warning("nootref to unknown footnote id %r ignored", el.get("ref"))
            else:
                buf.refs.append(n)
            return True
        return tag in ("noot.nr", "nootnr", "li.nr")

