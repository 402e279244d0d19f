"""Layout evidence of a PDF: text pieces with font, size and position → lines labelled body,
heading, footnote or page furniture → the text shape the cleaning rules read, plus heading hints.

`pdf.py` collects the pieces with pypdf's text visitor (`Span`: text, position, size, font, text
rise); this module decides from the document's own typography, never from a list of words:

- **body style**: the font and size that carry the most characters. Typesetting sets running text
  in one face; whatever differs from it was set apart on purpose.
- **page furniture**: a line in the top or bottom margin zone that is a lone page number, or that
  repeats on several pages with its digits normalised (a running header/footer: the page number
  changes, nothing else). Removed, and handed on so the letter-head reader can still read a
  Kamerstuk number from it.
- **headings**: a line or short run of lines wholly in a heavier (bold), italic or larger face
  than the body, not ending a sentence, set apart from the paragraph before it (that one is
  finished, or a gap or page top stands between them) and from the text after it (a new
  paragraph starts). A heading gets its own paragraph even when the space above it is small,
  and its text goes into `LayoutHints.headings`.
- **footnotes**: lines in a smaller size than the body, below all body text of the page (the
  foot-of-page apparatus of official publications), each starting with its number; wrapped lines
  are joined, and a footnote whose text runs on at the top of the next page's footnotes is joined
  too. They are written at the page foot as `n text`, the form the text rules read.
- **footnote markers**: digits set smaller than the line (and usually raised) directly after a
  word are glued to it (`Oekraïne.1`) so the marker rules find them; body-size digits never are.
- **paragraphs**: a vertical gap clearly larger than the body's line spacing; a paragraph that
  runs on across a page break (its last line ends no sentence) is written whole on its first
  page, so the text rules cannot mistake its page-bottom half for a heading.

A PDF without such evidence (one font and size throughout) gets `None` from `read_layout`, and
`pdf.py` then writes exactly the gap-only text it always wrote.
"""

from __future__ import annotations

import logging
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from pipeline.ingest.clean import ends_sentence, join_pair, required_repeats, running_key

logger = logging.getLogger(__name__)

PARAGRAPH_GAP = 1.35  # a gap this many times the body's line spacing separates paragraphs
MARGIN_ZONE = 0.15  # running headers/footers stand in the top or bottom 15 % of the page
SIZE_STEP = 0.75  # pt: a size this much larger/smaller than the body is a different size
SUPERSCRIPT_SIZE = 0.85  # a marker is set at most this share of its line's size
RAISED = 0.15  # ... and raised by at least this share of the line's size, or glued to the word
STYLED_SHARE = 0.8  # a heading line has at least this share of its characters in its style
# A line plus the next word beyond this share of the usual length was wrapped by the layout (bold
# type is wider than the body's, hence below the text rules' 0.9).
WRAPPED_SHARE = 0.75
MAX_HEADING_LINES = 3  # a heading is a short title: at most a few lines ...
MAX_HEADING_WORDS = 24  # ... and words (twice the text rules' limit: here the type says it is one)
FOOTNOTE_NUMBER_SKIP = 3  # footnotes are numbered on through the letter; tolerate a few missed ones
_FOOTNOTE_START = re.compile(r"^(\d{1,3})[.)]?\s+(\S.*)$")
_LONE_NUMBER = re.compile(r"^[\W_]*\d{1,3}[\W_]*$")  # "2", "- 2 -", "[2]"
_MARKER_DIGITS = re.compile(r"^\d{1,3}(?:[,–-]\d{1,3})*$")
# A line that opens a new paragraph: a capital, a digit, a bullet, an opening quote or bracket.
_PARAGRAPH_OPENER = re.compile(r"^[\W_]*[A-ZÀ-Þ0-9•·▪◦●■□➢►\-–—(\[\"'‘“]")
_LIST_MARKER = re.compile(r"^(?:[•·▪◦●■□➢►*\-–—]|\(?(?:[a-z]|\d{1,2}|[ivx]{1,4})[.)])\s")
_URL_BREAK = re.compile(r"(?:https?://|www\.)\S*[/\-_=&?#]$", re.IGNORECASE)


@dataclass
class Span:
    """One piece of text as the PDF places it: baseline position in points, font, size."""

    text: str
    x: float
    y: float
    size: float
    font: str
    bold: bool
    italic: bool
    rise: float = 0.0  # text rise (Ts) in points: how far the glyphs sit above the baseline

    @property
    def style(self) -> tuple[str, float]:
        return self.font, round(self.size * 2) / 2


@dataclass
class PageSpans:
    """What pdf.py collected of one page: its spans in content order and its vertical extent."""

    spans: list[Span]
    bottom: float = 0.0
    top: float = 842.0  # A4 in points


@dataclass
class LayoutHints:
    """What the layout says beyond the text: the heading texts the type sets apart, whether the
    PDF visibly styles its headings (then an unstyled short block is body text), and the page
    furniture removed (running headers name the Kamerstuk)."""

    headings: frozenset[str]
    styled_headings: bool
    furniture: list[str] = field(default_factory=list)


@dataclass
class _Line:
    spans: list[Span]
    y: float
    x0: float
    size: float
    font: str
    bold: bool
    italic: bool
    text: str = ""
    plain: str = ""  # the text without the glued footnote markers (for sentence ends)
    styled_share: float = 1.0  # share of the characters in the line's dominant style
    has_marker: bool = False
    starts_with_superscript: bool = False

    @property
    def style(self) -> tuple[str, float]:
        return self.font, round(self.size * 2) / 2


@dataclass
class _Block:
    """A paragraph (lines) or a heading (one text) of one page, in reading order."""

    kind: str  # "paragraph" | "heading" | "small" (unplaced small print)
    lines: list[str]
    last_plain: str = ""  # the last line without footnote markers


def normalise(text: str) -> str:
    """The comparison form of a block's text: whitespace collapsed."""
    return " ".join(text.split())


def read_layout(pages: list[PageSpans], min_pages: int = 3) -> tuple[str, LayoutHints] | None:
    """Text of all pages (form feeds between pages) and the layout hints, or None when the PDF has
    no typographic evidence (one font and size throughout) so the caller keeps its plain text."""
    lines = [_lines(page.spans) for page in pages]
    furniture = _furniture(lines, [(page.bottom, page.top) for page in pages], min_pages)
    kept = [[line for line in page if id(line) not in furniture] for page in lines]
    weights: Counter[tuple[str, float]] = Counter()
    for page in kept:
        for line in page:
            for span in line.spans:
                if not _is_superscript(span, line):
                    weights[span.style] += len(span.text.strip())
    if not weights:
        return None
    body_font, body_size = weights.most_common(1)[0][0]
    body = _BodyStyle(body_font, body_size, _face(kept, body_font))
    body.line_chars = _usual_chars([line for page in kept for line in page if not body.differs(line)])
    if not any(line.has_marker or body.differs(line) for page in kept for line in page):
        logger.debug("PDF has one font and size throughout: no layout evidence")
        return None
    spacing = _body_spacing(kept, body)
    page_blocks: list[list[_Block]] = []
    footnotes: list[list[list[str]]] = []  # per page: footnotes starting there, as lines
    footers: list[list[str]] = []  # per page: small print under the footnotes
    last_note: _Note | None = None
    next_number = 1
    headings: set[str] = set()
    followed_by_body = 0  # headings in the running text (after the letter head) that introduce body text
    text_started = False
    for page in kept:
        zone = _footnote_zone(page, body)
        notes, leftovers, last_note, next_number = _read_footnotes(zone, last_note, next_number)
        footnotes.append(notes)
        blocks = _page_blocks([line for line in page if id(line) not in {id(z) for z in zone}], body, spacing)
        noted = [line.y for line in zone if line not in leftovers]
        above = [line for line in leftovers if not noted or line.y > max(noted)]
        if above:
            blocks.append(_Block("small", [line.text for line in above]))
        footers.append([line.text for line in leftovers if line not in above])  # a running footer under the notes
        for k, block in enumerate(blocks):
            text_started = text_started or (block.kind == "paragraph" and len(block.lines) > 1)
            if block.kind == "heading":
                headings.add(normalise(block.lines[0]))
                if text_started and k + 1 < len(blocks) and blocks[k + 1].kind == "paragraph":
                    followed_by_body += 1
        page_blocks.append(blocks)
    _join_page_breaks(page_blocks)
    text = "\f".join(_page_text(*parts) for parts in zip(page_blocks, footnotes, footers))
    removed = [line.text for page in lines for line in page if id(line) in furniture]
    # Two headings that introduce body text show that the letter sets its headings apart by type (the
    # bold house name and `Nr.` line of a letter head say nothing about its headings).
    hints = LayoutHints(headings=frozenset(headings), styled_headings=followed_by_body >= 2, furniture=removed)
    logger.debug("PDF layout: body %s %.1f pt, %d headings, %d furniture lines", body_font, body_size,
                 len(headings), len(removed))
    return text, hints


@dataclass
class _BodyStyle:
    font: str
    size: float
    bold: bool
    italic: bool

    def __init__(self, font: str, size: float, face: tuple[bool, bool], line_chars: int | None = None) -> None:
        self.font, self.size = font, size
        self.bold, self.italic = face
        self.line_chars = line_chars  # the body's usual line length in characters

    def differs(self, line: _Line) -> bool:
        return abs(line.size - self.size) >= SIZE_STEP or line.bold != self.bold or line.italic != self.italic

    def set_apart(self, line: _Line) -> bool:
        """Heavier, italic or larger than the body, over (nearly) the whole line."""
        if line.styled_share < STYLED_SHARE:
            return False
        return ((line.bold and not self.bold) or (line.italic and not self.italic)
                or line.size >= self.size + SIZE_STEP)

    def full(self, line: _Line, following: _Line) -> bool:
        """Whether `line` was broken by the layout: with the next line's first word it would run
        past the usual line length (in characters, scaled from the body size to the line's)."""
        if not self.line_chars or not following.plain.split():
            return True
        capacity = self.line_chars * self.size / max(line.size, 1.0)
        return _visual_length(f"{line.plain} {following.plain.split()[0]}") > WRAPPED_SHARE * capacity

    def smaller(self, line: _Line) -> bool:
        return line.size <= self.size - SIZE_STEP


def _visual_length(text: str) -> float:
    """Length in body-text characters: capitals are about a third wider than lower case."""
    return len(text) + 0.3 * sum(ch.isupper() for ch in text)


def _usual_chars(lines: list[_Line]) -> int | None:
    """The body's line length: the 90th percentile of its lines' lengths (None for under 5 lines)."""
    lengths = sorted(len(line.plain) for line in lines)
    if len(lengths) < 5:
        return None
    return lengths[min(len(lengths) - 1, int(len(lengths) * 0.9))]


def _face(pages: list[list[_Line]], font: str) -> tuple[bool, bool]:
    for page in pages:
        for line in page:
            for span in line.spans:
                if span.font == font:
                    return span.bold, span.italic
    return False, False


def _is_superscript(span: Span, line: _Line) -> bool:
    return span in line.spans and _superscript_span(span, line.size, line.y)


def _superscript_span(span: Span, line_size: float, baseline: float) -> bool:
    """Digits set smaller than the line and raised (or with a text rise): a footnote marker."""
    if not _MARKER_DIGITS.match(span.text.strip()) or span.size > SUPERSCRIPT_SIZE * line_size:
        return False
    return span.y - baseline >= RAISED * line_size or span.rise > 0 or not span.text[:1].isspace()


def _lines(spans: list[Span]) -> list[_Line]:
    """Group spans (in content order) into lines: a new line where the baseline moves by more than
    half the larger size. A raised marker stays on its word's line."""
    groups: list[list[Span]] = []
    for span in spans:
        if not span.text.strip() and groups:
            groups[-1].append(span)
            continue
        if groups:
            anchor = next((s for s in groups[-1] if s.text.strip()), groups[-1][0])
            if abs(span.y - anchor.y) <= 0.5 * max(span.size, anchor.size) and span.x >= anchor.x - 1:
                groups[-1].append(span)
                continue
        groups.append([span])
    return [line for line in (_make_line(group) for group in groups) if line.text.strip()]


def _make_line(spans: list[Span]) -> _Line:
    weights: Counter[tuple[str, float, bool, bool]] = Counter()
    for span in spans:
        weights[(span.font, span.size, span.bold, span.italic)] += len(span.text.strip())
    (font, size, bold, italic), count = weights.most_common(1)[0]
    total = sum(weights.values()) or 1
    baseline = next((s.y for s in spans if s.text.strip() and s.size == size), spans[0].y)
    text, plain, has_marker, starts_sup = "", "", False, False
    visible = [s for s in spans if s.text.strip()]
    for span in spans:
        piece = span.text.replace("\n", " ")
        if span in visible and _superscript_span(span, size, baseline) and span.size < size:
            digits = piece.strip()
            if not text.strip():  # a number at the start of a line: a footnote's own number
                text, plain, starts_sup = digits + " ", digits + " ", True
                continue
            text = text.rstrip() + digits
            plain = plain.rstrip()
            has_marker = True
            continue
        if has_marker and text and not text[-1].isspace() and piece[:1].isalnum():
            piece = " " + piece  # "woord.1Verder": the marker is followed by a word
        text += piece
        plain += piece
    # A line's share in its style counts the superscripts with the line: they never decide it.
    marker_chars = sum(len(s.text.strip()) for s in spans if _superscript_span(s, size, baseline) and s.size < size)
    share = count / max(1, total - marker_chars)
    return _Line(spans=spans, y=baseline, x0=min(s.x for s in visible) if visible else spans[0].x,
                 size=size, font=font, bold=bold, italic=italic, text=" ".join(text.split()), plain=" ".join(plain.split()),
                 styled_share=min(1.0, share), has_marker=has_marker, starts_with_superscript=starts_sup)


def _furniture(pages: list[list[_Line]], extents: list[tuple[float, float]], min_pages: int) -> set[int]:
    """ids of running headers/footers and page numbers: lines in the margin zones that are a lone
    number, or repeat on enough pages (`required_repeats`) with only a page number changing."""
    doomed: set[int] = set()
    seen: dict[str, list[tuple[int, _Line]]] = {}
    for p, (page, (bottom, top)) in enumerate(zip(pages, extents)):
        zone = MARGIN_ZONE * (top - bottom)
        for line in page:
            if bottom + zone < line.y < top - zone:
                continue
            if _LONE_NUMBER.match(line.text):
                if _stands_apart(line, page):
                    doomed.add(id(line))
                continue
            if re.search(r"[^\W\d_]", line.text):
                seen.setdefault(running_key(line.text)[0], []).append((p, line))
    for hits in seen.values():
        first: dict[int, _Line] = {}
        for p, line in hits:
            first.setdefault(p, line)
        if required_repeats(len(pages), min_pages, set(first)) and _page_numbered(first):
            doomed.update(id(line) for _, line in hits)
    return doomed


def _stands_apart(line: _Line, page: list[_Line]) -> bool:
    """Whether a line is the outermost of its page, set off from the text block by more than two
    of its own sizes, as a page number is (a number that ends a wrapped footnote is not)."""
    above = [other.y - line.y for other in page if other.y > line.y + 0.5]
    below = [line.y - other.y for other in page if other.y < line.y - 0.5]
    if above and below:
        return False
    nearest = min(above or below, default=None)
    return nearest is None or nearest > 2 * line.size


def _page_numbered(first: dict[int, _Line]) -> bool:
    """Whether look-alike lines on several pages are one running line: identical, or differing in
    one number only, which follows the page (a page number at either end, `Pagina 2 van 5`).
    Footnotes of one shape on several page feet (`Kamerstuk 27 923, nr. 478`) do not."""
    numbers = {}
    for p, line in first.items():
        _, edge, rest = running_key(line.text)
        numbers[p] = [-1 if edge is None else edge] + [int(d) for d in re.findall(r"\d+", rest)]
    if len({len(n) for n in numbers.values()}) != 1:
        return False
    values = list(numbers.values())
    varying = [i for i in range(len(values[0])) if len({v[i] for v in values}) > 1]
    if not varying:
        return True
    if len(varying) != 1:
        return False
    return len({numbers[p][varying[0]] - p for p in numbers}) == 1


def _body_spacing(pages: list[list[_Line]], body: _BodyStyle) -> float | None:
    gaps = []
    for page in pages:
        placed = [line for line in page if not body.differs(line)]
        gaps.extend(a.y - b.y for a, b in zip(placed, placed[1:]) if 0.5 < a.y - b.y < 4 * body.size)
    return statistics.median(gaps) if gaps else None


def _footnote_zone(page: list[_Line], body: _BodyStyle) -> list[_Line]:
    """Lines smaller than the body below all of the page's other text, top to bottom."""
    others = [line.y for line in page if not body.smaller(line)]
    floor = min(others) if others else None
    zone = [line for line in page if body.smaller(line) and (floor is None or line.y < floor)]
    return sorted(zone, key=lambda line: -line.y)


@dataclass
class _Note:
    """A footnote being read: its lines and the type it is set in."""

    lines: list[str]
    font: str
    size: float

    def same_type(self, line: _Line) -> bool:
        return line.font == self.font and abs(line.size - self.size) < 0.25


def _read_footnotes(zone: list[_Line], open_note: _Note | None,
                    next_number: int) -> tuple[list[list[str]], list[_Line], _Note | None, int]:
    """Footnotes starting on this page (each as its lines, number first), the zone lines that are
    no footnote, the footnote still open at the page end, and the next footnote number.

    A line starting with the next number (or one of the few after it) starts a footnote; a line
    without one, in the same type and directly below, wraps the footnote above it, or, at the top
    of the zone, the last footnote of the page before (a footnote continued on the next page).
    Other small print (a colophon in another size, a running footer further down) is left over.
    """
    notes: list[list[str]] = []
    leftovers: list[_Line] = []
    current = open_note
    previous: _Line | None = None
    gaps = [a.y - b.y for a, b in zip(zone, zone[1:]) if a.y - b.y > 0.5]
    leading = statistics.median(gaps) if gaps else None
    for line in zone:
        m = _FOOTNOTE_START.match(line.text)
        number = int(m.group(1)) if m else None
        gap = previous.y - line.y if previous is not None else 0.0
        reach = max(line.size, previous.size) if previous is not None else 0.0
        # wrapped lines follow at the footnotes' line spacing; footnotes may stand a blank line apart
        close = gap <= min(2 * reach, 1.2 * leading if leading else 2 * reach)
        near = gap <= 3.5 * reach
        if number is not None and next_number <= number <= next_number + FOOTNOTE_NUMBER_SKIP and near:
            current = _Note([f"{number} {m.group(2)}"], line.font, line.size)
            notes.append(current.lines)
            next_number = number + 1
        elif current is not None and close and not leftovers and current.same_type(line):
            current.lines.append(line.text)
        else:
            leftovers.append(line)
            current = None
        previous = line
    return notes, leftovers, current, next_number


def _page_blocks(page: list[_Line], body: _BodyStyle, spacing: float | None) -> list[_Block]:
    """The page's body lines as paragraphs and headings. (Styled lines of the letter head become
    blocks of their own too; the letter-head reader takes them out of the body.)"""
    blocks: list[_Block] = []
    gap_limit = PARAGRAPH_GAP * spacing if spacing else None
    margin = _left_margin(page, body)
    i = 0
    previous: _Line | None = None
    while i < len(page):
        line = page[i]
        run = _heading_run(page, i, body, gap_limit)
        if run:
            after = page[i + len(run)] if i + len(run) < len(page) else None
            after_heading = bool(blocks) and blocks[-1].kind == "heading" and previous is not None
            if _is_heading(run, None if after_heading else previous, after, gap_limit):
                text = ""
                for part in run:
                    text = join_pair(text, part.text) if text else part.text
                blocks.append(_Block("heading", [normalise(text)], run[-1].plain))
                previous = run[-1]
                i += len(run)
                continue
        new_paragraph = (not blocks or blocks[-1].kind != "paragraph" or previous is None
                         or _gap_breaks(previous, line, gap_limit) or _indented(previous, line, page[i + 1] if i + 1 < len(page) else None, margin))
        if new_paragraph:
            blocks.append(_Block("paragraph", [line.text], line.plain))
        else:
            blocks[-1].lines.append(line.text)
            blocks[-1].last_plain = line.plain
        previous = line
        i += 1
    return blocks


def _left_margin(page: list[_Line], body: _BodyStyle) -> float | None:
    """Where the page's body lines start: the most common left edge (to half a point)."""
    edges = Counter(round(line.x0 * 2) / 2 for line in page if not body.differs(line))
    return edges.most_common(1)[0][0] if edges else None


def _indented(previous: _Line, line: _Line, following: _Line | None, margin: float | None) -> bool:
    """A first-line indent: the line starts at least an em right of the margin, the line before
    it and the one after it start at the margin (the typesetting convention for a new paragraph).
    A line under a bullet or enumerator is a list item's hanging indent instead."""
    if margin is None or _LIST_MARKER.match(previous.plain):
        return False
    at_margin = [abs(other.x0 - margin) < 0.5 * other.size for other in (previous, following) if other is not None]
    return all(at_margin) and line.x0 - margin >= 0.9 * line.size


def _gap_breaks(previous: _Line, line: _Line, gap_limit: float | None) -> bool:
    if gap_limit is None:
        return False
    gap = previous.y - line.y
    return gap > gap_limit or gap < -0.5 * gap_limit / PARAGRAPH_GAP


def _heading_run(page: list[_Line], i: int, body: _BodyStyle, gap_limit: float | None) -> list[_Line]:
    """The styled lines starting at i in one style that are one wrapped heading: no further apart
    than the lines of a paragraph (or 1.6 sizes where the body spacing is unknown), and each line
    broken by the layout, not by the author: the next line's first word would not have fitted on
    it. A parent heading directly above its first child heading in the same type is short."""
    if not body.set_apart(page[i]):
        return []
    run = [page[i]]
    for line in page[i + 1:i + MAX_HEADING_LINES + 1]:
        last = run[-1]
        wrap_limit = max(gap_limit or 0.0, 1.6 * max(line.size, last.size) + 0.5)
        if (not body.set_apart(line) or line.style != last.style or (line.bold, line.italic) != (last.bold, last.italic)
                or not 0 < last.y - line.y <= wrap_limit or ends_sentence(last.plain)
                or not body.full(last, line)):
            break
        run.append(line)
    return run


def _is_heading(run: list[_Line], before: _Line | None, after: _Line | None, gap_limit: float | None) -> bool:
    """A styled run is a heading when it is short, ends no sentence, and stands apart: the text
    before it is finished (or far above it, or it opens the page, or is a heading: `before` None)
    and a paragraph starts after it."""
    text = " ".join(line.plain for line in run)
    if len(run) > MAX_HEADING_LINES or not 0 < len(text.split()) <= MAX_HEADING_WORDS or ends_sentence(text):
        return False
    if text.rstrip()[-1:] in ",;":
        return False
    apart_above = (before is None or ends_sentence(before.plain) or before.plain.rstrip()[-1:] == ";"
                   or (gap_limit is not None and before.y - run[0].y > gap_limit))
    apart_below = (after is None or _PARAGRAPH_OPENER.match(after.text) is not None
                   or (gap_limit is not None and run[-1].y - after.y > gap_limit))
    return apart_above and apart_below


def _join_page_breaks(pages: list[list[_Block]]) -> None:
    """Move a paragraph's continuation from the top of a page to the end of its first part on the
    page before, where that part ends no sentence: the paragraph then reads whole, and its
    page-bottom half cannot be taken for a heading."""
    for k in range(len(pages) - 1):
        here, there = pages[k], pages[k + 1]
        paragraphs = [b for b in here if b.kind == "paragraph"]
        if not paragraphs or not there or there[0].kind != "paragraph":
            continue
        last = paragraphs[-1]
        if last is not here[-1] and here[-1].kind != "small":
            continue
        if ends_sentence(last.last_plain) or re.match(r"^[•·▪◦●■□➢►]", there[0].lines[0]):
            continue
        moved = there.pop(0)
        last.lines.extend(moved.lines)
        last.last_plain = moved.last_plain


def _page_text(blocks: list[_Block], notes: list[list[str]], footer: list[str]) -> str:
    parts = ["\n".join(block.lines) for block in blocks]
    if notes:
        parts.append("\n".join(_join_note(note) for note in notes))
    if footer:
        parts.append("\n".join(footer))
    return "\n\n".join(parts)


def _join_note(lines: list[str]) -> str:
    """One footnote on one line: wrapped lines joined, line-end hyphenation undone, a URL broken
    after a slash or hyphen joined without a space."""
    text = ""
    for line in lines:
        if text and _URL_BREAK.search(text.split()[-1]):
            text += line.strip()
        else:
            text = join_pair(text, line) if text else line.strip()
    return normalise(text)
