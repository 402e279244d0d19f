"""The shared part of the HTML and XML readers: a tree walk that turns elements into raw blocks,
the facts a reader collects besides blocks (metadata lines, title lines, signers, footnotes), and
the letter furniture recognised by its text whatever element carries it.

markup_html.py and markup_xml.py say what each element of their format is; markup.py parses the
file and assembles the Document.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date

from lxml import etree

from pipeline.stages.ingest import questions
from pipeline.stages.ingest.metadata import (
    ADDRESSEE, ADDRESSEE_AND_DATE, ADDRESSEE_CONTINUATION, ATTACHMENTS, CLOSING, DOSSIER_NUMBER, HEAD_FIELD, HEAD_LABEL,
    HOUSE_HEADER, INITIALLED_NAME, MINISTRY_NAME, NR_LINE, PLACE_DATE_BLOCK, POSTAL, REFERENCE_FIELD, RETURN_ADDRESS,
    SALUTATION_BLOCK, SESSION_YEAR, SIGNER_BLOCK, SUBJECT, document_type_from, dossier_line, is_sending_office,
    is_upper_case, normalise_space, one_line_signature, parse_dutch_date)

logger = logging.getLogger(__name__)

# Block roles an element can play while walking the tree.
SKIP, INLINE, CONTAINER, DIVISION, HEADING, PARAGRAPH, TITLE, FURNITURE, LABEL = (
    "skip", "inline", "container", "division", "heading", "paragraph", "title", "furniture", "label")

# A heading rank below any h1-h6, for "tussenkop" paragraphs in HTML; ranks are compressed later.
TUSSENKOP_RANK = 7

# --------------------------------------------------------------------------------------------
# Markup helpers
# --------------------------------------------------------------------------------------------

_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def parse_iso_date(text: str) -> str | None:
    """A metadata date ("2024-02-12" or "2024-02-12T10:00:00") as ISO 8601, else a Dutch date."""
    match = _ISO_RE.match(text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            return None
    return parse_dutch_date(text)


def local_name(el: etree._Element) -> str:
    """Local tag name in lower case; '' for comments, processing instructions and entities."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def class_tokens(el: etree._Element) -> set[str]:
    return set((el.get("class") or "").lower().split())


# --------------------------------------------------------------------------------------------
# Letter furniture recognised by its text (works whatever element carries it); the patterns are
# metadata.py's, in their `_BLOCK` form where there is one, since a markup block is a whole paragraph.
# --------------------------------------------------------------------------------------------


def is_chamber_line(text: str) -> bool:
    """'Tweede Kamer der Staten-Generaal' or 'Vergaderjaar 2023-2024': the publication's head."""
    return bool(HOUSE_HEADER.match(text) or SESSION_YEAR.match(text))


def place_date(text: str) -> str | None:
    """The ISO date of a place/date line ("Den Haag, 9 februari 2024"), also one joined to the
    addressee as a copied page joins them ("Aan de Voorzitter … Den Haag, 14 mei 2024"), else None."""
    match = PLACE_DATE_BLOCK.match(text) or ADDRESSEE_AND_DATE.match(text)
    return parse_dutch_date(match["date"]) if match else None


# A Kamerstuk's number on a line of its own ("Nr. 7"), its stuk title on the next: how the
# officielebekendmakingen page sets them (stuknummer and stuktitel are separate elements).
STUK_NUMBER = re.compile(r"^Nr\.?\s*(?P<nr>\d+)$", re.IGNORECASE)
# The dossier number on a line of its own, its title on the next ("36 512" / "Bescherming van …"),
# as the Kamerstuk's head sets them.
DOSSIER_NUMBER_ALONE = re.compile(rf"^(?P<dossier>{DOSSIER_NUMBER}(?:\s*(?:,|en)\s*{DOSSIER_NUMBER})*)$")
# The ministry letter head (Rijkshuisstijl) as paragraphs: return address, addressee block,
# reference and contact fields. Only before the body, where metadata.py's patterns hold.
_MINISTRY_HEAD_LINES = (RETURN_ADDRESS, ADDRESSEE, ADDRESSEE_CONTINUATION, POSTAL, HEAD_FIELD, REFERENCE_FIELD,
                        HEAD_LABEL, MINISTRY_NAME)


def furniture_kind(text: str, before_body: bool) -> str | None:
    """Which kind of letter furniture a body-level line is, or None for body text.

    Dossier lines ("21 501-02 Raad ...") look like ordinary text that starts with a number, so
    they only count before the first body paragraph.
    """
    if place_date(text):
        return "place_date"
    if SALUTATION_BLOCK.match(text):
        return "addressee"
    if CLOSING.match(text) or is_chamber_line(text):
        return "closing"
    if ATTACHMENTS.match(text):
        return "annex"
    if one_line_signature(text):  # "De Minister van X, A.B. Naam": a signature wherever it stands
        return "signature"
    stuk = NR_LINE.match(text)
    if stuk and is_upper_case(stuk["rest"]):
        return "stuk_line"
    if not before_body:
        return None
    # A postcode line ("2500 EA  DEN HAAG") starts with digits like a dossier line: the head first.
    if any(pattern.match(text) for pattern in _MINISTRY_HEAD_LINES):
        return "head_field"
    if DOSSIER_NUMBER_ALONE.match(text):
        return "dossier_number"
    if dossier_line(text, block=True) and len(text.split()) <= 25:
        return "dossier_line"
    if STUK_NUMBER.match(text):
        return "stuk_number"
    if SUBJECT.match(text):
        return "subject"
    return None


def is_signature_line(text: str) -> bool:
    """A closing formula, a signer's function, or a short name line such as 'H.G.J. Bruins Slot'."""
    if CLOSING.match(text) or SIGNER_BLOCK.match(text):
        return True
    return len(text.split()) <= 7 and bool(INITIALLED_NAME.match(text))


def stuk_document_type(stuk_title: str | None) -> str | None:
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
class RawBlock:
    kind: str
    text: str
    refs: list[int]
    rank: int | None = None  # heading level as the markup says it; compressed to 1.. at the end


@dataclass
class Facts:
    meta: dict[str, list[str]] = field(default_factory=dict)
    dossier_numbers: list[str] = field(default_factory=list)
    ondernummer: str | None = None
    stuk_title: str | None = None
    dossier_title: str | None = None  # "Verkiezingen" in "35 165 Verkiezingen": the title when nothing else is
    heading_title: str | None = None
    subject: str | None = None  # a ministry letter head's `Betreft`: the title, before any other
    awaiting_dossier_title: bool = False  # a dossier number stood alone: its title is the next head line
    letter_formula: bool = False  # a salutation or closing formula: the document is a letter
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
        self.awaiting_dossier_title = self.awaiting_dossier_title and kind == "dossier_number"
        if kind == "place_date" and self.letter_date is None:
            self.letter_date = place_date(text)
        elif kind == "signature":
            office = one_line_signature(text)[0]
            if is_sending_office(office):
                self.signers.append(office)
        elif kind == "dossier_number" and not self.dossier_numbers:
            self.dossier_numbers = _dossier_numbers(DOSSIER_NUMBER_ALONE.match(text)["dossier"])
            self.awaiting_dossier_title = self.dossier_title is None
        elif kind in ("addressee", "closing") and (SALUTATION_BLOCK.match(text) or CLOSING.match(text)):
            self.letter_formula = True
        elif kind == "stuk_number":
            self.ondernummer = self.ondernummer or STUK_NUMBER.match(text)["nr"]
        elif kind == "subject":
            self.subject = self.subject or normalise_space(SUBJECT.match(text)["subject"])
        elif kind == "stuk_line":
            match = NR_LINE.match(text)
            self.ondernummer = self.ondernummer or match["nr"]
            self.stuk_title = self.stuk_title or normalise_space(match["rest"])
        elif kind == "dossier_line" and not self.dossier_numbers:
            match = dossier_line(text, block=True)
            self.dossier_title = self.dossier_title or (normalise_space(match["title"]) if match["title"] else None)
            self.dossier_numbers = _dossier_numbers(match["dossier"])
            self.ondernummer = self.ondernummer or match.groupdict().get("nr")

    def absorb_title_text(self, text: str) -> None:
        """A title-class line: 'Nr. 12 BRIEF VAN ...', '21 501-02 Raad ...', or a plain title."""
        text = normalise_space(text)
        if not text or is_chamber_line(text):
            return
        kind = furniture_kind(text, before_body=True)
        if kind == "head_field":
            return
        if kind in ("stuk_line", "stuk_number", "dossier_line", "place_date", "subject"):
            self.absorb_line(kind, text)
        elif is_upper_case(text):
            self.stuk_title = self.stuk_title or text
        else:
            self.heading_title = self.heading_title or text

    def absorb_signature(self, lines: list[str]) -> None:
        for line in lines:
            one_line = one_line_signature(line)  # "De Minister van X, A.B. Naam" on one line
            self.letter_formula = self.letter_formula or bool(CLOSING.match(line))
            if one_line:
                self.signers.append(one_line[0])
            elif SIGNER_BLOCK.match(line) or line.endswith(","):
                if not CLOSING.match(line):
                    self.signers.append(line)


def _dossier_numbers(text: str) -> list[str]:
    """'21 501-02 en 21 501-20' → ['21 501-02', '21 501-20']."""
    return [n.strip() for n in re.split(r"\s*(?:,|\ben\b)\s*", text) if n.strip()]


class Buffer:
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


class Reader:
    """Walks a parsed tree in document order and turns it into raw blocks."""

    inline_tags: frozenset[str] = frozenset()
    block_tags: frozenset[str] = frozenset()
    # Elements never looked into when deciding whether an element holds blocks (footnotes).
    opaque_tags: frozenset[str] = frozenset()

    def __init__(self) -> None:
        self.blocks: list[RawBlock] = []
        self.footnotes: dict[int, str] = {}
        self.facts = Facts()
        self.warnings: list[str] = []
        self._label = ""

    # -- hooks -------------------------------------------------------------------------------
    def role(self, el: etree._Element, depth: int) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def inline_special(self, el: etree._Element, buf: Buffer) -> bool:
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
        buf = Buffer()
        buf.add(el.text)
        for child in el:
            if isinstance(child.tag, str):
                buf = self._visit(child, depth, buf)
            # A child's tail belongs to el's flow, also after comments and processing instructions.
            buf.add(child.tail)
        self._flush(buf)

    def _visit(self, child: etree._Element, depth: int, buf: Buffer) -> Buffer:
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
        return Buffer()

    def _flush(self, buf: Buffer) -> None:
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
            self.blocks.append(RawBlock(kind, text, list(dict.fromkeys(refs)), rank))

    # -- inline text -------------------------------------------------------------------------
    def collect(self, el: etree._Element, newline: bool = False) -> Buffer:
        buf = Buffer()
        self._collect_into(el, buf, newline)
        return buf

    def _collect_into(self, el: etree._Element, buf: Buffer, newline: bool = False) -> None:
        """Append el's text, descendants included, turning footnote markers into refs."""
        if self.inline_special(el, buf):
            return
        tag = local_name(el)
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
            tag = local_name(node)
            if not tag or tag in self.opaque_tags:
                continue
            if tag in self.block_tags:
                return True
            stack.extend(node)
        return False



def store_footnote(footnotes: dict[int, str], n: int, text: str, warnings: list[str]) -> int:
    """Store a footnote under n; a clashing number (e.g. table notes restarting at 1) gets the next free one."""
    if n in footnotes:
        new = max(footnotes) + 1
        warnings.append(f"footnote number {n} occurs twice in the markup; the second is footnote {new}")
        logger.warning("footnote number %d occurs twice; renumbered to %d", n, new)
        n = new
    footnotes[n] = text
    return n

