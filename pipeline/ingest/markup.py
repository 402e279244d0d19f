"""Ingest for officielebekendmakingen-style markup: Kamerstuk HTML pages and op-xsd XML.

Both formats end up in the same shape: body Blocks in reading order (headings carry the level
the markup gives them), numbered footnotes, and the letter's metadata. Letter furniture (the
title lines, the addressee, the place/date line, the closing and signature, "Bijlage" lines)
is read for metadata and kept out of the body.

Parsing is defensive: lxml never resolves entities, never touches the network and refuses huge
trees. Malformed HTML is recovered by lxml's HTML parser; malformed XML is an InputError, because
a recovering XML parser drops text silently.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from lxml import etree

from pipeline.config import IngestConfig
from pipeline.document import Block, Document, Footnote, Metadata
from pipeline.errors import InputError
from pipeline.ingest import STAGE, ingest_provenance
from pipeline.ingest import questions, webpage
from pipeline.ingest.metadata import (
    ATTACHMENTS, CLOSING, HOUSE_HEADER, INITIALLED_NAME, NR_LINE, PLACE_DATE_BLOCK, SALUTATION_BLOCK, SESSION_YEAR,
    SIGNER_BLOCK, document_type_from, dossier_line, is_sending_office, is_upper_case, kamerstuk_citation,
    normalise_space, office_case, one_line_signature, parse_dutch_date, sender_from_heading)

logger = logging.getLogger(__name__)

# Block roles an element can play while walking the tree.
SKIP, INLINE, CONTAINER, DIVISION, HEADING, PARAGRAPH, TITLE, FURNITURE, LABEL = (
    "skip", "inline", "container", "division", "heading", "paragraph", "title", "furniture", "label")

# A heading rank below any h1-h6, for "tussenkop" paragraphs in HTML; ranks are compressed later.
_TUSSENKOP_RANK = 7

# --------------------------------------------------------------------------------------------
# Markup helpers
# --------------------------------------------------------------------------------------------

_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def _parse_iso_date(text: str) -> str | None:
    """A metadata date ("2024-02-12" or "2024-02-12T10:00:00") as ISO 8601, else a Dutch date."""
    match = _ISO_RE.match(text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            return None
    return parse_dutch_date(text)


def _local(el: etree._Element) -> str:
    """Local tag name in lower case; '' for comments, processing instructions and entities."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _classes(el: etree._Element) -> set[str]:
    return set((el.get("class") or "").lower().split())


# --------------------------------------------------------------------------------------------
# Letter furniture recognised by its text (works whatever element carries it); the patterns are
# metadata.py's, in their `_BLOCK` form where there is one, since a markup block is a whole paragraph.
# --------------------------------------------------------------------------------------------


def _is_chamber_line(text: str) -> bool:
    """'Tweede Kamer der Staten-Generaal' or 'Vergaderjaar 2023-2024': the publication's head."""
    return bool(HOUSE_HEADER.match(text) or SESSION_YEAR.match(text))


def _place_date(text: str) -> str | None:
    """The ISO date of a place/date line ("Den Haag, 9 februari 2024"), else None."""
    match = PLACE_DATE_BLOCK.match(text)
    return parse_dutch_date(match["date"]) if match else None


def _furniture_kind(text: str, before_body: bool) -> str | None:
    """Which kind of letter furniture a body-level line is, or None for body text.

    Dossier lines ("21 501-02 Raad ...") look like ordinary text that starts with a number, so
    they only count before the first body paragraph.
    """
    if SALUTATION_BLOCK.match(text):
        return "addressee"
    if _place_date(text):
        return "place_date"
    if CLOSING.match(text) or _is_chamber_line(text):
        return "closing"
    if ATTACHMENTS.match(text):
        return "annex"
    if one_line_signature(text):  # "De Minister van X, A.B. Naam": a signature wherever it stands
        return "signature"
    stuk = NR_LINE.match(text)
    if stuk and is_upper_case(stuk["rest"]):
        return "stuk_line"
    if before_body and dossier_line(text, block=True) and len(text.split()) <= 25:
        return "dossier_line"
    return None


def _is_signature_line(text: str) -> bool:
    """A closing formula, a signer's function, or a short name line such as 'H.G.J. Bruins Slot'."""
    if CLOSING.match(text) or SIGNER_BLOCK.match(text):
        return True
    return len(text.split()) <= 7 and bool(INITIALLED_NAME.match(text))


def _document_type(stuk_title: str | None) -> str | None:
    """The type a stuk title names: a known cue, else its first word (BRIEF, MOTIE, AMENDEMENT ...).

    In markup the stuk title always opens with the type, so even a type the cues do not know
    is better than none. The text reader also reads the type from free titles ("Europese Raad"),
    where a first word would be wrong, so the fallback is markup's alone.
    """
    if not stuk_title:
        return None
    first = re.match(r"^[a-zà-ÿ\-]+", normalise_space(stuk_title).lower())
    return document_type_from(stuk_title) or (first[0] if first else None)


# --------------------------------------------------------------------------------------------
# What a reader collects besides blocks
# --------------------------------------------------------------------------------------------


@dataclass
class _RawBlock:
    kind: str
    text: str
    refs: list[int]
    rank: int | None = None  # heading level as the markup says it; compressed to 1.. at the end


@dataclass
class _Facts:
    meta: dict[str, list[str]] = field(default_factory=dict)
    dossier_numbers: list[str] = field(default_factory=list)
    ondernummer: str | None = None
    stuk_title: str | None = None
    dossier_title: str | None = None  # "Verkiezingen" in "35 165 Verkiezingen": the title when nothing else is
    heading_title: str | None = None
    letter_date: str | None = None
    signers: list[str] = field(default_factory=list)
    language: str | None = None
    # Answers to written questions: the intro texts (kamervraagomschrijving …), then what they say.
    intro: list[str] = field(default_factory=list)
    answers: questions.AnswersHead | None = None

    def add_meta(self, name: str | None, content: str | None) -> None:
        if name and content and normalise_space(content):
            self.meta.setdefault(name.strip().lower(), []).append(normalise_space(content))

    def first_meta(self, *names: str) -> str | None:
        for name in names:
            if self.meta.get(name):
                return self.meta[name][0]
        return None

    def absorb_line(self, kind: str, text: str) -> None:
        """Keep what a furniture line says about the letter."""
        if kind == "place_date" and self.letter_date is None:
            self.letter_date = _place_date(text)
        elif kind == "signature":
            office = one_line_signature(text)[0]
            if is_sending_office(office):
                self.signers.append(office)
        elif kind == "stuk_line":
            match = NR_LINE.match(text)
            self.ondernummer = self.ondernummer or match["nr"]
            self.stuk_title = self.stuk_title or normalise_space(match["rest"])
        elif kind == "dossier_line" and not self.dossier_numbers:
            match = dossier_line(text, block=True)
            self.dossier_title = self.dossier_title or (normalise_space(match["title"]) if match["title"] else None)
            self.dossier_numbers = [n.strip() for n in re.split(r"\s*(?:,|\ben\b)\s*", match["dossier"])
                                    if n.strip()]
            self.ondernummer = self.ondernummer or match.groupdict().get("nr")

    def absorb_title_text(self, text: str) -> None:
        """A title-class line: 'Nr. 12 BRIEF VAN ...', '21 501-02 Raad ...', or a plain title."""
        text = normalise_space(text)
        if not text or _is_chamber_line(text):
            return
        bare_number = re.match(r"^nr\.?\s*(\d+)$", text, re.IGNORECASE)
        if bare_number:
            self.ondernummer = self.ondernummer or bare_number[1]
            return
        kind = _furniture_kind(text, before_body=True)
        if kind in ("stuk_line", "dossier_line", "place_date"):
            self.absorb_line(kind, text)
        elif is_upper_case(text):
            self.stuk_title = self.stuk_title or text
        else:
            self.heading_title = self.heading_title or text

    def absorb_signature(self, lines: list[str]) -> None:
        for line in lines:
            if SIGNER_BLOCK.match(line) or line.endswith(","):
                if not CLOSING.match(line):
                    self.signers.append(line)


class _Buffer:
    """Text and footnote references gathered for one block."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.refs: list[int] = []

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)

    def text(self) -> str:
        return normalise_space("".join(self.parts))


# --------------------------------------------------------------------------------------------
# The shared walk; subclasses say what each element is
# --------------------------------------------------------------------------------------------


class _Reader:
    """Walks a parsed tree in document order and turns it into raw blocks."""

    inline_tags: frozenset[str] = frozenset()
    block_tags: frozenset[str] = frozenset()
    # Elements never looked into when deciding whether an element holds blocks (footnotes).
    opaque_tags: frozenset[str] = frozenset()

    def __init__(self) -> None:
        self.blocks: list[_RawBlock] = []
        self.footnotes: dict[int, str] = {}
        self.facts = _Facts()
        self.warnings: list[str] = []
        self._label = ""

    # -- hooks -------------------------------------------------------------------------------
    def role(self, el: etree._Element, depth: int) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def inline_special(self, el: etree._Element, buf: _Buffer) -> bool:
        """Handle an inline element specially (footnote marker, script); True when consumed."""
        return False

    def heading_rank(self, el: etree._Element, depth: int) -> int:  # pragma: no cover - abstract
        raise NotImplementedError

    def furniture(self, el: etree._Element) -> None:
        """Read what a furniture element says about the letter; it never becomes a block."""

    def title(self, el: etree._Element) -> None:
        self.facts.absorb_title_text(self.collect(el).text())

    # -- walking -----------------------------------------------------------------------------
    def walk(self, el: etree._Element, depth: int = 0) -> None:
        """Visit el's children; loose text between block children becomes its own paragraph."""
        buf = _Buffer()
        buf.add(el.text)
        for child in el:
            if isinstance(child.tag, str):
                buf = self._visit(child, depth, buf)
            # A child's tail belongs to el's flow, also after comments and processing instructions.
            buf.add(child.tail)
        self._flush(buf)

    def _visit(self, child: etree._Element, depth: int, buf: _Buffer) -> _Buffer:
        role = self.role(child, depth)
        if role == SKIP:
            return buf
        if role == INLINE:
            self._collect_into(child, buf)
            return buf
        self._flush(buf)
        if role == CONTAINER:
            self.walk(child, depth)
        elif role == DIVISION:
            self.walk(child, depth + 1)
        elif role == HEADING:
            self._emit(child, "heading", self.heading_rank(child, depth))
        elif role == PARAGRAPH:
            self._emit(child, "paragraph")
        elif role == TITLE:
            self.title(child)
        elif role == FURNITURE:
            self.furniture(child)
        elif role == LABEL:
            # Read directly: inside a paragraph a label is dropped, so collect() would return ''.
            self._label = normalise_space("".join(child.itertext()))
        return _Buffer()

    def _flush(self, buf: _Buffer) -> None:
        text = buf.text()
        if text:
            self._add_block("paragraph", text, buf.refs)

    def _emit(self, el: etree._Element, kind: str, rank: int | None = None) -> None:
        buf = self.collect(el)
        self._add_block(kind, buf.text(), buf.refs, rank)

    def _add_block(self, kind: str, text: str, refs: list[int], rank: int | None = None) -> None:
        if kind == "paragraph" and self._label:
            # A list label such as "a." reads as part of its item; bullets ("–", "•") do not.
            if re.search(r"\w", self._label):
                text = f"{self._label} {text}"
            self._label = ""
        if text:
            self.blocks.append(_RawBlock(kind, text, list(dict.fromkeys(refs)), rank))

    # -- inline text -------------------------------------------------------------------------
    def collect(self, el: etree._Element, newline: bool = False) -> _Buffer:
        buf = _Buffer()
        self._collect_into(el, buf, newline)
        return buf

    def _collect_into(self, el: etree._Element, buf: _Buffer, newline: bool = False) -> None:
        """Append el's text, descendants included, turning footnote markers into refs."""
        if self.inline_special(el, buf):
            return
        tag = _local(el)
        # Block-like elements inside a line still separate words ("<nr>1.</nr><titel>X</titel>").
        sep = "" if tag in self.inline_tags else ("\n" if newline else " ")
        buf.add(sep)
        buf.add(el.text)
        for child in el:
            if isinstance(child.tag, str):
                self._collect_into(child, buf, newline)
            buf.add(child.tail)
        buf.add(sep)

    def lines(self, el: etree._Element) -> list[str]:
        """el's text split where the markup breaks lines (block children, <br>)."""
        raw = "".join(self.collect(el, newline=True).parts)
        return [line for line in (normalise_space(part) for part in raw.split("\n")) if line]

    def has_blocks(self, el: etree._Element) -> bool:
        """Whether any descendant is a block element (footnote bodies do not count)."""
        stack = list(el)
        while stack:
            node = stack.pop()
            tag = _local(node)
            if not tag or tag in self.opaque_tags:
                continue
            if tag in self.block_tags:
                return True
            stack.extend(node)
        return False


# --------------------------------------------------------------------------------------------
# HTML (zoek.officielebekendmakingen.nl pages and plain HTML letters)
# --------------------------------------------------------------------------------------------

_HTML_SKIP = frozenset({
    "script", "style", "noscript", "template", "nav", "aside", "form", "button", "select", "option",
    "iframe", "svg", "canvas", "object", "embed", "head", "title", "meta", "link", "input",
    "textarea", "map", "audio", "video", "img", "picture", "hr"})
_HTML_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_HTML_PARAGRAPHS = frozenset({"p", "li", "dt", "dd", "td", "th", "caption", "blockquote", "pre",
                              "address", "figcaption", "summary", "legend"})
_HTML_INLINE = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark",
    "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "del",
    "ins", "nobr", "tt", "big", "strike", "acronym", "label"})
_HTML_BLOCKS = _HTML_PARAGRAPHS | frozenset(_HTML_HEADINGS) | frozenset({
    "div", "section", "article", "main", "ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr",
    "figure", "details", "center", "header", "footer", "nav", "aside", "form", "body"})
# Class tokens of page chrome; hyphenated class names are split ("site-header" → "header").
_CHROME_TOKENS = frozenset({
    "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "skiplink", "skiplinks",
    "cookie", "cookiebar", "cookies", "banner", "sidebar", "toolbar", "share", "social", "header",
    "footer", "zoekbalk", "searchbar", "print"})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "complementary"})
# Classes the officielebekendmakingen HTML gives to the title lines of a Kamerstuk.
_TITLE_CLASSES = frozenset({"kamerstuktitel", "dossiertitel", "stuktitel", "kamerstukkop",
                            "documenttitel", "kamervraagomschrijving", "kamervraagomschrijving_kop",
                            "kamervraagopmerking", "kamervraagmededeling"})
_FURNITURE_CLASSES = frozenset({"adres", "dagtekening", "plaats-datum", "plaatsdatum", "kamerstukdatum",
                                "slotformule", "ondertekening", "handtekening"})
_NOTE_CONTAINER_TOKENS = frozenset({"noten", "voetnoten", "footnotes", "endnotes", "notes"})
_REF_CLASS_HINTS = ("nootnum", "footnote-ref", "noteref", "footnoteref")


def _is_note_container(el: etree._Element) -> bool:
    tokens = _classes(el) | {(el.get("id") or "").lower(), (el.get("role") or "").lower()}
    return bool(tokens & _NOTE_CONTAINER_TOKENS) or "doc-endnotes" in tokens


class _HtmlReader(_Reader):
    inline_tags = _HTML_INLINE
    block_tags = _HTML_BLOCKS

    def __init__(self) -> None:
        super().__init__()
        self._note_ids: dict[str, int] = {}
        self._skip: set[etree._Element] = set()

    def read(self, root: etree._Element) -> None:
        self._read_meta(root)
        self._read_footnotes(root)
        self.walk(self._content_root(root))
        self._drop_lone_h1_title()

    # -- metadata and footnotes --------------------------------------------------------------
    def _read_meta(self, root: etree._Element) -> None:
        for el in root.iter(etree.Element):
            if _local(el) == "meta":
                self.facts.add_meta(el.get("name") or el.get("property"), el.get("content"))
        lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
        self.facts.language = (lang or "").split("-")[0].lower() or None

    def _note_entries(self, root: etree._Element) -> list[etree._Element]:
        """Footnote bodies: OB's div.voet.noot, else the items of a notes container (ol/div)."""
        containers = [el for el in root.iter(etree.Element) if _is_note_container(el)]
        entries = [el for el in root.iter(etree.Element) if {"voet", "noot"} <= _classes(el)]
        if not entries:
            for container in containers:
                items = [el for el in container.iter(etree.Element) if _local(el) == "li"]
                entries.extend(items or [el for el in container if _local(el) in ("div", "p")])
        # Neither the notes list nor its items are body text.
        self._skip.update(containers)
        self._skip.update(entries)
        return entries

    def _read_footnotes(self, root: etree._Element) -> None:
        for position, entry in enumerate(self._note_entries(root), start=1):
            number, text = self._note_number_and_text(entry)
            n = number if number is not None else position
            if not text:
                continue
            n = _store_footnote(self.footnotes, n, text, self.warnings)
            for el in entry.iter(etree.Element):
                for key in ("id", "name"):
                    if el.get(key):
                        self._note_ids[el.get(key)] = n

    def _note_number_and_text(self, entry: etree._Element) -> tuple[int | None, str]:
        marker = next((el for el in entry.iter(etree.Element) if "nootnum" in _classes(el)), None)
        first = next(iter(entry.iterchildren(etree.Element)), None)
        if marker is None and first is not None and _local(first) == "sup" and not (entry.text or "").strip():
            # A leading <sup> is the note's number; a <sup> later in the text is an exponent.
            marker = first
        number = None
        if marker is not None:
            digits = re.sub(r"\D", "", "".join(marker.itertext()))
            number = int(digits) if digits else None
        buf = _Buffer()
        self._collect_note(entry, marker, buf)
        text = buf.text()
        if number is None:
            lead = re.match(r"^(\d+)[.)]?\s+(.*)$", text)
            if lead:
                number, text = int(lead[1]), lead[2]
        return number, re.sub(r"\s*↩\s*$", "", text)

    def _collect_note(self, el: etree._Element, marker: etree._Element | None, buf: _Buffer) -> None:
        """Footnote text without its number marker, its close button ("X Noot") or back-link."""
        buf.add(el.text)
        for child in el:
            if isinstance(child.tag, str) and child is not marker and not self._note_chrome(child):
                sep = "" if _local(child) in _HTML_INLINE else " "
                buf.add(sep)
                self._collect_note(child, marker, buf)
                buf.add(sep)
            buf.add(child.tail)

    @staticmethod
    def _note_chrome(el: etree._Element) -> bool:
        classes = _classes(el)
        return (_local(el) in _HTML_SKIP or any("close" in c or "backref" in c for c in classes)
                or (el.get("role") or "") == "doc-backlink")

    # -- structure ---------------------------------------------------------------------------
    @staticmethod
    def _content_root(root: etree._Element) -> etree._Element:
        """The letter's part of the page, so that site chrome around it is never walked."""
        candidates = [
            lambda el: (el.get("id") or "").lower() == "broodtekst",
            lambda el: "kamerstuk" in _classes(el),
            lambda el: _local(el) in ("article", "main") or el.get("role") == "main",
            lambda el: "stuk" in _classes(el),
            lambda el: _local(el) == "body",
        ]
        for test in candidates:
            found = next((el for el in root.iter(etree.Element) if test(el)), None)
            if found is not None:
                return found
        return root

    def _is_chrome(self, el: etree._Element, tag: str) -> bool:
        if tag in ("header", "footer"):
            # A page header/footer is chrome; one inside the article belongs to the letter.
            return not any(_local(a) in ("article", "main", "section") for a in el.iterancestors())
        if (el.get("role") or "").lower() in _CHROME_ROLES:
            return True
        if el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true":
            return True
        tokens = {part for cls in _classes(el) for part in re.split(r"[-_]", cls)}
        tokens |= set(re.split(r"[-_]", (el.get("id") or "").lower()))
        return bool(tokens & _CHROME_TOKENS)

    def role(self, el: etree._Element, depth: int) -> str:
        tag = _local(el)
        if el in self._skip or tag in _HTML_SKIP or self._is_chrome(el, tag):
            return SKIP
        classes = _classes(el)
        if classes & _TITLE_CLASSES:
            return TITLE
        if classes & _FURNITURE_CLASSES:
            return FURNITURE
        if tag in _HTML_HEADINGS or any(c.startswith("tussenkop") for c in classes):
            return HEADING
        if tag in _HTML_INLINE or tag == "br":
            return INLINE
        if tag in _HTML_PARAGRAPHS or tag not in _HTML_BLOCKS:
            # Unknown elements are taken for their text, as a paragraph or as a container.
            return CONTAINER if self.has_blocks(el) else PARAGRAPH
        return CONTAINER

    def heading_rank(self, el: etree._Element, depth: int) -> int:
        return _HTML_HEADINGS.get(_local(el), _TUSSENKOP_RANK)

    def furniture(self, el: etree._Element) -> None:
        lines = self.lines(el)
        if "ondertekening" in _classes(el) or "handtekening" in _classes(el):
            self.facts.absorb_signature(lines)
        for line in lines:
            if self.facts.letter_date is None:
                self.facts.letter_date = _place_date(line)

    def title(self, el: etree._Element) -> None:
        if any(c.startswith("kamervraag") for c in _classes(el)):  # the intro of answers to written questions
            self.facts.intro.append(self.collect(el).text())
            return
        # Line by line: a kamerstukkop holds "Tweede Kamer ..." and "Vergaderjaar ..." as separate lines.
        for line in self.lines(el):
            self.facts.absorb_title_text(line)

    def inline_special(self, el: etree._Element, buf: _Buffer) -> bool:
        tag = _local(el)
        if tag in _HTML_SKIP:
            return True
        if tag not in ("a", "sup", "span"):
            return False
        n = self._ref_number(el)
        if n is None:
            return False
        buf.refs.append(n)
        return True

    def _ref_number(self, el: etree._Element) -> int | None:
        """The footnote an inline marker points to, or None when it is ordinary text."""
        href = el.get("href") or ""
        if href.startswith("#") and href[1:] in self._note_ids:
            return self._note_ids[href[1:]]
        if any(hint in c for c in _classes(el) for hint in _REF_CLASS_HINTS):
            digits = re.sub(r"\D", "", "".join(el.itertext()))
            return int(digits) if digits else None
        return None

    def _drop_lone_h1_title(self) -> None:
        """A page with one h1 that opens its headings: that h1 is the document title, not a section."""
        headings = [b for b in self.blocks if b.kind == "heading"]
        h1s = [b for b in headings if b.rank == 1]
        if len(h1s) == 1 and headings[0] is h1s[0]:
            self.facts.heading_title = self.facts.heading_title or h1s[0].text
            self.blocks.remove(h1s[0])


# --------------------------------------------------------------------------------------------
# XML (op-xsd: officiele-publicatie/kamerstuk/...)
# --------------------------------------------------------------------------------------------

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


class _XmlReader(_Reader):
    inline_tags = _XML_INLINE
    block_tags = _XML_BLOCKS
    opaque_tags = frozenset({"noot"})

    def __init__(self) -> None:
        super().__init__()
        self._notes: dict[etree._Element, int] = {}
        self._note_ids: dict[str, int] = {}

    def read(self, root: etree._Element) -> None:
        for el in root.iter(etree.Element):
            if _local(el) in ("meta", "metadata") and el.get("name"):
                self.facts.add_meta(el.get("name"), el.get("content"))
        lang = root.get("{http://www.w3.org/XML/1998/namespace}lang")
        self.facts.language = (lang or "").split("-")[0].lower() or None
        self._read_footnotes(root)
        self.walk(root)

    def _read_footnotes(self, root: etree._Element) -> None:
        """Number every <noot> up front, so a <nootref> before or after it resolves."""
        for position, noot in enumerate((el for el in root.iter(etree.Element) if _local(el) == "noot"),
                                        start=1):
            number_el = next((c for c in noot if _local(c) in ("noot.nr", "nootnr")), None)
            digits = re.sub(r"\D", "", "".join(number_el.itertext())) if number_el is not None else ""
            buf = _Buffer()
            for child in noot:
                if isinstance(child.tag, str) and child is not number_el:
                    self._collect_into(child, buf)
                buf.add(child.tail)
            text = buf.text() or normalise_space(noot.text or "")
            n = _store_footnote(self.footnotes, int(digits) if digits else position, text, self.warnings)
            self._notes[noot] = n
            if noot.get("id"):
                self._note_ids[noot.get("id")] = n

    def role(self, el: etree._Element, depth: int) -> str:
        tag = _local(el)
        parent = _local(el.getparent()) if el.getparent() is not None else ""
        if tag in _XML_SKIP:
            return SKIP
        if tag == "li.nr":
            return LABEL
        if tag in ("dossier", "stuknr") or (tag in ("titel", "kop") and parent in _TITLE_PARENTS):
            return TITLE
        if tag in _XML_FURNITURE or tag in _XML_QUESTION_INTRO:
            return FURNITURE
        if tag == "nr" and parent in ("vraag", "antwoord"):
            return PARAGRAPH  # the label "Vraag 1" / "Antwoord 1": `_answer_blocks` makes it a heading or drops it
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
        if _local(el) == "kop" and parent is not None and _local(parent) in _XML_DIVISIONS:
            return max(depth, 1)
        return depth + 1

    def title(self, el: etree._Element) -> None:
        tag = _local(el)
        if tag == "dossier":
            numbers = [normalise_space("".join(c.itertext())) for c in el.iter(etree.Element)
                       if _local(c) == "dossiernr"]
            if not numbers:
                numbers = [normalise_space("".join(c.itertext())) for c in el.iter(etree.Element)
                           if _local(c) == "dossiernummer"]
            self.facts.dossier_numbers.extend(n for n in numbers if n)
            titel = next((c for c in el if _local(c) == "titel"), None)
            if titel is not None and self.facts.dossier_title is None:
                self.facts.dossier_title = self.collect(titel).text() or None
        elif tag == "stuknr":
            number = next((c for c in el.iter(etree.Element) if _local(c) == "ondernummer"), el)
            digits = re.sub(r"\D", "", "".join(number.itertext()))
            self.facts.ondernummer = self.facts.ondernummer or digits or None
        else:
            text = self.collect(el).text()
            if tag == "titel" and _local(el.getparent()) == "stuk":
                self.facts.stuk_title = self.facts.stuk_title or text or None
            else:
                self.facts.absorb_title_text(text)

    def furniture(self, el: etree._Element) -> None:
        tag = _local(el)
        if tag in _XML_QUESTION_INTRO:
            self.facts.intro.append(self.collect(el).text())
        elif tag in ("ondertekening", "handtekening"):
            functions = [normalise_space("".join(c.itertext())) for c in el.iter(etree.Element)
                         if _local(c) == "functie"]
            self.facts.absorb_signature(functions or self.lines(el))
        elif tag == "dagtekening" and self.facts.letter_date is None:
            self.facts.letter_date = parse_dutch_date(self.collect(el).text())

    def inline_special(self, el: etree._Element, buf: _Buffer) -> bool:
        tag = _local(el)
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


def _store_footnote(footnotes: dict[int, str], n: int, text: str, warnings: list[str]) -> int:
    """Store a footnote under n; a clashing number (e.g. table notes restarting at 1) gets the next free one."""
    if n in footnotes:
        new = max(footnotes) + 1
        warnings.append(f"footnote number {n} occurs twice in the markup; the second is footnote {new}")
        logger.warning("footnote number %d occurs twice; renumbered to %d", n, new)
        n = new
    footnotes[n] = text
    return n


# --------------------------------------------------------------------------------------------
# Parsing and assembly
# --------------------------------------------------------------------------------------------


def _parse(path: Path, data: bytes) -> etree._Element:
    """Parse safely: no entity resolution, no network, no huge trees."""
    head = data[:1024]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("file is binary, not HTML or XML", path=path, stage=STAGE,
                         fix="pass the .html or .xml export of the Kamerstuk, or rename the file to its real type")
    if path.suffix.lower() in (".html", ".htm"):
        return _parse_html(path, data)
    return _parse_xml(path, data)


def _parse_html(path: Path, data: bytes) -> etree._Element:
    try:
        data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        encoding = None  # let libxml2 read the page's own charset declaration
    parser = etree.HTMLParser(encoding=encoding, no_network=True, huge_tree=False, recover=True,
                              remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, etree.ParserError, ValueError) as exc:
        raise InputError(f"not parseable as HTML: {exc}", path=path, stage=STAGE,
                         fix="save the page again as HTML (File → Save as) or use the .xml export") from None
    if root is None:
        raise InputError("not parseable as HTML: no elements found", path=path, stage=STAGE,
                         fix="save the page again as HTML or use the .xml export")
    return root


def _parse_xml(path: Path, data: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                             dtd_validation=False)
    try:
        return etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(f"not well-formed XML: {exc}", path=path, stage=STAGE,
                         fix="download the XML again from officielebekendmakingen.nl, or rename an HTML "
                             "page to .html so it is read as HTML") from None


def _answer_blocks(raw: list[_RawBlock], facts: _Facts) -> list[_RawBlock]:
    """Answers to written questions (labels `Vraag n` / `Antwoord n` in sequence): `Vraag n` becomes
    a top-level heading, `Antwoord n` goes, and the intro before `Vraag 1` is read for metadata
    (questions.py's conventions); what the intro leaves is a paragraph before the first question."""
    labels = questions.question_labels([b.text for b in raw])
    if not labels:
        return raw
    intro = " ".join(facts.intro + [b.text for b in raw[:labels[0]]])
    facts.answers, rest = questions.read_intro(intro, parse_dutch_date)
    result = [_RawBlock("paragraph", rest, [])] if rest else []
    for index, block in enumerate(raw[labels[0]:], start=labels[0]):
        if index in labels:
            if questions.QUESTION_LABEL.match(block.text):
                result.append(_RawBlock("heading", block.text, [], 1))
            continue
        result.append(block)
    return result


def _strip_page_blocks(raw: list[_RawBlock], facts: _Facts) -> list[_RawBlock]:
    """A saved page whose chrome the markup does not mark (no nav/header classes or roles): the
    text rules of webpage.py on the blocks. What stands before the document's head (kamerstukkop,
    `Vragen van …`, or tweedekamer.nl's `Preview document` button) is the page's and may give the
    page title; the sites' buttons and labels go wherever they stand; a `Kerngegevens` data block in
    the second half ends the document."""
    texts = [b.text for b in raw]
    start = webpage.letter_start(texts, lambda text: _furniture_kind(text, True) == "dossier_line"
                                 or _is_chamber_line(text))
    if start:
        page = webpage.PageFacts()
        webpage.read_page_head(texts[:start], page)
        if page.title:
            facts.heading_title = page.title
        raw = raw[start:]
    end = next((i for i, b in enumerate(raw)
                if b.text.casefold() in webpage.DATA_BLOCK_START and i > len(raw) / 2), len(raw))
    return [b for b in raw[:end] if not webpage.is_site_label(b.text)]


def _finish_blocks(raw: list[_RawBlock], facts: _Facts) -> list[Block]:
    """Drop furniture found by its text, strip a trailing signature, and number heading levels 1.."""
    raw = _answer_blocks(_strip_page_blocks(raw, facts), facts)
    if facts.answers is None and facts.intro:
        facts.answers, _ = questions.read_intro(" ".join(facts.intro), parse_dutch_date)
    kept: list[_RawBlock] = []
    before_body = True
    for block in raw:
        kind = _furniture_kind(block.text, before_body)
        if kind and (block.kind == "paragraph" or kind in ("stuk_line", "place_date")):
            facts.absorb_line(kind, block.text)
            continue
        before_body = before_body and block.kind != "paragraph"
        kept.append(block)
    while kept and kept[-1].kind == "paragraph" and _is_signature_line(kept[-1].text):
        line = kept.pop().text
        if SIGNER_BLOCK.match(line):
            facts.signers.insert(0, line)
    ranks = sorted({b.rank for b in kept if b.kind == "heading" and b.rank is not None})
    level_of = {rank: index + 1 for index, rank in enumerate(ranks)}
    return [Block(kind=b.kind, text=b.text, footnote_refs=b.refs,
                  level=level_of.get(b.rank) if b.kind == "heading" else None) for b in kept]


def _metadata(facts: _Facts) -> Metadata:
    answers = facts.answers
    if answers is not None and (answers.questioners or answers.answers_date):
        return _answers_metadata(facts, answers)
    # The title the page shows wins over a meta title, which a saved or edited page may have kept
    # from an earlier version; meta titles in the publication's form "<dossier>; <kind>; <subject>"
    # give their subject.
    meta_title = facts.first_meta("overheidop.documenttitel", "dc.title", "dcterms.title")
    visible = webpage.page_title_subject(facts.heading_title) if facts.heading_title else None
    # Without a subject the dossier's title (convention for real documents); the stuk title is only
    # the Nr. line's type ("BRIEF VAN DE MINISTER …").
    subject = visible or (webpage.page_title_subject(meta_title) if meta_title else None)
    title = subject or facts.dossier_title or facts.stuk_title
    letter_date = facts.letter_date or _meta_date(facts)
    return Metadata(
        title=title,
        date=letter_date,
        date_source="letter" if letter_date else None,
        # The title says what the document is; the stuk title often only says "brief".
        document_type=document_type_from(subject) or _document_type(facts.stuk_title) or _meta_type(facts),
        sender=_sender(facts),
        kamerstuk=kamerstuk_citation(facts.meta.get("overheidop.dossiernummer") or facts.dossier_numbers,
                                     facts.first_meta("overheidop.ondernummer") or facts.ondernummer),
        language=facts.language or facts.first_meta("dcterms.language", "dc.language"),
    )


def _answers_metadata(facts: _Facts, answers: questions.AnswersHead) -> Metadata:
    """Metadata of answers to written questions: no Kamerstuk (an Aanhangsel number is not one)."""
    meta_title = facts.first_meta("overheidop.documenttitel", "dc.title", "dcterms.title")
    title = webpage.page_title_subject(meta_title) if meta_title else None  # the intro states no title
    return Metadata(title=title, date=answers.answers_date, date_source="letter" if answers.answers_date else None,
                    document_type=questions.ANSWERS_TYPE, sender=answers.sender,
                    questioners=answers.questioners or None, questions_date=answers.questions_date,
                    language=facts.language or facts.first_meta("dcterms.language", "dc.language"))


def _meta_date(facts: _Facts) -> str | None:
    # The letter's own date first; DCTERMS.issued is the publication date, a few days later.
    for name in ("overheidop.datumbrief", "dcterms.created", "dc.date", "dcterms.issued", "dcterms.available"):
        value = facts.first_meta(name)
        if value and _parse_iso_date(value):
            return _parse_iso_date(value)
    return None


def _meta_type(facts: _Facts) -> str | None:
    value = facts.first_meta("overheidop.documenttype", "dc.type", "dcterms.type")
    # DC.type is usually the publication kind ("Kamerstuk"), which says nothing about the letter.
    if not value or value.lower() in ("kamerstuk", "kamerstukken", "officiele publicatie"):
        return None
    return value.lower()


def _sender(facts: _Facts) -> str | None:
    """The sending office: from the title, cased as the signature writes it, else from the signature."""
    signers = [office_case(s) for s in facts.signers]
    sender = sender_from_heading(facts.stuk_title, offices_only=True)
    if sender:
        return next((s for s in signers if s.lower() == sender.lower()), sender)
    if signers:
        return signers[0]
    creator = facts.first_meta("dc.creator", "dcterms.creator")
    # DC.creator on officielebekendmakingen is the publishing chamber, never the letter's sender.
    if creator and not re.search(r"kamer|staten-generaal", creator, re.IGNORECASE):
        return creator
    return None


def read_markup(path: Path, data: bytes, cfg: IngestConfig) -> Document:
    """Read an officielebekendmakingen-style HTML page or XML file into a Document with blocks.

    `data` is the file's content as `ingest()` read it, after the checks every format shares
    (exists, size limit, not empty); `path` names the file in errors and picks the parser. `cfg`
    is taken as every reader takes it; markup has no settings of its own yet.
    """
    path = Path(path)
    root = _parse(path, data)
    reader: _HtmlReader | _XmlReader = _HtmlReader() if _local(root) == "html" else _XmlReader()
    reader.read(root)
    blocks = _finish_blocks(reader.blocks, reader.facts)
    if not any(b.kind == "paragraph" for b in blocks):
        raise InputError("no body text found in the markup", path=path, stage=STAGE,
                         fix="check that the file is the Kamerstuk itself (not a search or index page) "
                             "and that its text is not only in images")
    metadata = _metadata(reader.facts)
    logger.info("%s: %d blocks, %d footnotes, kamerstuk %s", path.name, len(blocks),
                len(reader.footnotes), metadata.kamerstuk)
    return Document(
        source=path.name,
        metadata=metadata,
        footnotes=[Footnote(n=n, text=t) for n, t in sorted(reader.footnotes.items())],
        blocks=blocks,
        warnings=reader.warnings,
        provenance=ingest_provenance(data),
    )
