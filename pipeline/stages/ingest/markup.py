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
from pathlib import Path

from lxml import etree

from pipeline.config import IngestConfig
from pipeline.document import Block, Document, Footnote, Metadata
from pipeline.errors import InputError
from pipeline.stages.ingest import questions, webpage
from pipeline.stages.ingest.markup_html import HtmlReader
from pipeline.stages.ingest.markup_reader import (
    Facts, RawBlock, furniture_kind, is_chamber_line, is_signature_line, local_name, parse_iso_date,
    stuk_document_type)
from pipeline.stages.ingest.markup_xml import XmlReader
from pipeline.stages.ingest.provenance import STAGE, ingest_provenance
from pipeline.stages.ingest.metadata import (
    SIGNER_BLOCK, document_type_from, is_upper_case, kamerstuk_citation, last_dutch_date, office_case, parse_dutch_date,
    sender_from_heading)

logger = logging.getLogger(__name__)

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


def _answer_blocks(raw: list[RawBlock], facts: Facts) -> list[RawBlock]:
    """Answers to written questions (labels `Vraag n` / `Antwoord n` in sequence): `Vraag n` becomes
    a top-level heading, `Antwoord n` goes, and the intro before `Vraag 1` is read for metadata
    (questions.py's conventions); what the intro leaves is a paragraph before the first question."""
    labels = questions.question_labels([b.text for b in raw])
    if not labels:
        return raw
    intro = " ".join(facts.intro + [b.text for b in raw[:labels[0]]])
    facts.answers, rest = questions.read_intro(intro, parse_dutch_date)
    result = [RawBlock("paragraph", rest, [])] if rest else []
    for index, block in enumerate(raw[labels[0]:], start=labels[0]):
        if index in labels:
            if questions.QUESTION_LABEL.match(block.text):
                result.append(RawBlock("heading", block.text, [], 1))
            continue
        result.append(block)
    return result


def _repeats_page_title(text: str, facts: Facts) -> bool:
    """Whether a line is the document's title as the page's <title> or title metadata gives it
    (a page title may add the site: "<title> | Tweede Kamer der Staten-Generaal")."""
    line = text.casefold()
    for name in ("html.title", "dc.title", "dcterms.title", "overheidop.documenttitel"):
        for title in facts.meta.get(name, []):
            title = title.casefold()
            if title == line or webpage.page_title_subject(title) == line or re.match(
                    rf"{re.escape(line)}\s+[|–—-]\s", title):
                return True
    return False


def _is_head_line(text: str) -> bool:
    """A line of the Kamerstuk's head above its `Nr.` line: chamber, session year, dossier."""
    return furniture_kind(text, True) in ("dossier_line", "dossier_number", "stuk_number") or is_chamber_line(text)


def _strip_page_blocks(raw: list[RawBlock], facts: Facts) -> list[RawBlock]:
    """A saved page whose chrome the markup does not mark (no nav/header classes or roles): the
    text rules of webpage.py on the blocks. What stands before the document's head (kamerstukkop,
    `Vragen van …`, or tweedekamer.nl's `Preview document` button) is the page's and may give the
    page title; the sites' buttons and labels go wherever they stand; a `Kerngegevens` data block in
    the second half ends the document."""
    texts = [b.text for b in raw]
    start = webpage.letter_start(texts, _is_head_line)
    # A dossier number standing alone has its title on the next line: both are the head's.
    while start and start >= 2 and furniture_kind(texts[start - 2], True) == "dossier_number":
        start -= 2
        while start > 0 and _is_head_line(texts[start - 1]):
            start -= 1
    if start:
        page = webpage.PageFacts()
        webpage.read_page_head(texts[:start], page)
        if page.title:
            facts.heading_title = page.title
        raw = raw[start:]
    end = next((i for i, b in enumerate(raw)
                if b.text.casefold() in webpage.DATA_BLOCK_START and i > len(raw) / 2), len(raw))
    return [b for b in raw[:end] if not webpage.is_site_label(b.text)]


def _finish_blocks(raw: list[RawBlock], facts: Facts) -> list[Block]:
    """Drop furniture found by its text, strip a trailing signature, and number heading levels 1.."""
    raw = _answer_blocks(_strip_page_blocks(raw, facts), facts)
    if facts.answers is None and facts.intro:
        facts.answers, _ = questions.read_intro(" ".join(facts.intro), parse_dutch_date)
    kept: list[RawBlock] = []
    before_body = True
    for block in raw:
        kind = furniture_kind(block.text, before_body)
        if kind and (block.kind == "paragraph" or kind in ("stuk_line", "place_date")):
            facts.absorb_line(kind, block.text)
            continue
        if (before_body and facts.awaiting_dossier_title and block.kind == "paragraph"
                and len(block.text.split()) <= 25 and not block.text.endswith(".")):
            facts.dossier_title, facts.awaiting_dossier_title = block.text, False
            continue
        facts.awaiting_dossier_title = False
        if before_body and block.kind == "paragraph" and _repeats_page_title(block.text, facts):
            facts.heading_title = facts.heading_title or block.text
            continue
        if before_body and block.kind == "paragraph" and is_upper_case(block.text) and 3 <= len(block.text.split()) <= 40:
            # Before the body, a paragraph in capitals is a title line of the letter head (the
            # Kamerstuk's stuk title "BRIEF VAN DE MINISTER …", a report's "VERSLAG VAN …").
            facts.absorb_title_text(block.text)
            continue
        before_body = before_body and block.kind != "paragraph"
        kept.append(block)
    while kept and kept[-1].kind == "paragraph" and is_signature_line(kept[-1].text):
        line = kept.pop().text
        if SIGNER_BLOCK.match(line):
            facts.signers.insert(0, line)
    ranks = sorted({b.rank for b in kept if b.kind == "heading" and b.rank is not None})
    level_of = {rank: index + 1 for index, rank in enumerate(ranks)}
    return [Block(kind=b.kind, text=b.text, footnote_refs=b.refs,
                  level=level_of.get(b.rank) if b.kind == "heading" else None) for b in kept]


def _metadata(facts: Facts) -> Metadata:
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
    # A ministry letter head's `Betreft` names the subject before anything the page shows.
    subject = facts.subject or visible or (webpage.page_title_subject(meta_title) if meta_title else None)
    title = subject or facts.dossier_title or facts.stuk_title
    letter_date = facts.letter_date or _meta_date(facts)
    date_source = "letter" if letter_date else None
    if letter_date is None:
        # A report without a letter date is dated by its title ("Verslag … van 13, 14 en 15 december
        # 2023"), as the text reader dates it.
        letter_date = last_dutch_date(title or "") or last_dutch_date(facts.stuk_title or "")
        date_source = "title" if letter_date else None
    return Metadata(
        title=title,
        date=letter_date,
        date_source=date_source,
        # The title names the type when it names one ("Geannoteerde agenda …"; the stuk title
        # often only says "brief"), else the Nr. line; a letter (salutation or closing formula)
        # that names no type is a letter. README "How a letter is read", as the text reader has it.
        document_type=(document_type_from(title) or stuk_document_type(facts.stuk_title) or _meta_type(facts)
                       or ("brief" if facts.letter_formula else None)),
        sender=_sender(facts),
        kamerstuk=kamerstuk_citation(facts.meta.get("overheidop.dossiernummer") or facts.dossier_numbers,
                                     facts.first_meta("overheidop.ondernummer") or facts.ondernummer),
        language=facts.language or facts.first_meta("dcterms.language", "dc.language"),
    )


def _answers_metadata(facts: Facts, answers: questions.AnswersHead) -> Metadata:
    """Metadata of answers to written questions: no Kamerstuk (an Aanhangsel number is not one)."""
    # The intro states no title: the title the page shows, else a meta title (as for letters).
    meta_title = facts.first_meta("overheidop.documenttitel", "dc.title", "dcterms.title")
    visible = webpage.page_title_subject(facts.heading_title) if facts.heading_title else None
    title = visible or (webpage.page_title_subject(meta_title) if meta_title else None)
    return Metadata(title=title, date=answers.answers_date, date_source="letter" if answers.answers_date else None,
                    document_type=questions.ANSWERS_TYPE, sender=answers.sender,
                    questioners=answers.questioners or None, questions_date=answers.questions_date,
                    language=facts.language or facts.first_meta("dcterms.language", "dc.language"))


def _meta_date(facts: Facts) -> str | None:
    # The letter's own date first; DCTERMS.issued is the publication date, a few days later.
    for name in ("overheidop.datumbrief", "dcterms.created", "dc.date", "dcterms.issued", "dcterms.available"):
        value = facts.first_meta(name)
        if value and parse_iso_date(value):
            return parse_iso_date(value)
    return None


def _meta_type(facts: Facts) -> str | None:
    value = facts.first_meta("overheidop.documenttype", "dc.type", "dcterms.type")
    # DC.type is usually the publication kind ("Kamerstuk"), which says nothing about the letter.
    if not value or value.lower() in ("kamerstuk", "kamerstukken", "officiele publicatie"):
        return None
    return value.lower()


def _sender(facts: Facts) -> str | None:
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
    reader: HtmlReader | XmlReader = HtmlReader() if local_name(root) == "html" else XmlReader()
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