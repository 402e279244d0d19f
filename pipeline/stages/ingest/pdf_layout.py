"""Layout evidence of a PDF: text pieces with font, size and position → lines labelled body,
heading, footnote or page furniture → the text shape the cleaning rules read, plus heading hints.

`pdf.py` collects the pieces with pypdf's text visitor (`Span`: text, position, size, font, text
rise); `pdf_lines.py` makes lines of them and finds the body type, `pdf_margins.py` reads the page
edges (furniture, footnotes), and this module puts it together. Everything is decided from the
document's own typography, never from a list of words:

- **body style**: the font and size that carry the most characters. Typesetting sets running text
  in one face; whatever differs from it was set apart on purpose.
- **page furniture**: a line in the top or bottom margin zone that is a lone page number standing
  apart from the text, or that repeats on several pages with its digits normalised (a running
  header/footer: the page number changes, nothing else). Removed, and handed on so the
  letter-head reader can still read a Kamerstuk number from it.
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
- **headings** (continued): lines of one heading are joined only where the layout broke the line
  (the next word would not have fitted), so a parent heading directly above its first child
  heading in the same type stays two headings.
- **paragraphs**: a vertical gap clearly larger than the body's line spacing, a first-line indent,
  or a line the author ended early (the next line's first word would have fitted before the
  right edge: every layout, ragged or justified, fills a line as far as the words go). A
  paragraph that runs on across a page break (its last line was not ended early and ends no
  sentence, or, in justified type, stands flush) is written whole on its first page, so the
  text rules cannot mistake its page-bottom half for a heading.

A PDF without such evidence (one font and size throughout) gets `None` from `read_layout`, and
`pdf.py` then writes exactly the gap-only text it always wrote.
"""

from __future__ import annotations

import logging
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.document import Block
from pipeline.stages.ingest.hyphenation import join_pair
from pipeline.stages.ingest.textshape import ends_sentence
from pipeline.stages.ingest.pdf_lines import (SIZE_STEP, BodyStyle, Line, PageSpans, Span, body_style, group_lines,
                                              normalise)
from pipeline.stages.ingest.pdf_margins import (Note, find_furniture, footnote_zone, join_note, read_footnotes,
                                                small_page_heads)

__all__ = ["HeadingType", "LayoutHints", "PageSpans", "Span", "normalise", "rank_heading_types", "read_layout"]

logger = logging.getLogger(__name__)

# A gap this many times the body's line spacing separates paragraphs: body lines are set at one
# leading, so any space added is the author's (a small 3 pt after an 11 pt paragraph is already
# 1.24 times the line pitch).
PARAGRAPH_GAP = 1.2
MAX_HEADING_LINES = 3  # a heading is a short title: at most a few lines ...
MAX_HEADING_WORDS = 24  # ... and words (twice the text rules' limit: here the type says it is one)
# A line that opens a new paragraph: a capital, a digit, a bullet, an opening quote or bracket.
_PARAGRAPH_OPENER = re.compile(r"^[\W_]*[A-ZÀ-Þ0-9•·▪◦●■□➢►\-–—(\[\"'‘“]")
_LIST_MARKER = re.compile(r"^(?:[•·▪◦●■□➢►*\-–—]|\(?(?:[a-z]|\d{1,2}|[ivx]{1,4})[.)])\s")


HeadingType = tuple[float, bool, bool]  # size (to half a point), bold, italic


@dataclass
class LayoutHints:
    """What the layout says beyond the text: the heading texts the type sets apart (with the type
    of each), whether the PDF visibly styles its headings (then an unstyled short block is body
    text), and the page furniture removed (running headers name the Kamerstuk)."""

    headings: frozenset[str]
    styled_headings: bool
    furniture: list[str] = field(default_factory=list)
    heading_types: dict[str, HeadingType] = field(default_factory=dict)


def heading_type(line: Line) -> HeadingType:
    return round(line.size * 2) / 2, line.bold, line.italic


def rank_heading_types(types: list[HeadingType]) -> dict[HeadingType, int]:
    """Rank the distinct heading types of one letter, 1 = the most prominent, by the typographic
    convention of Dutch government documents and Kamerstuk typesetting: a larger size outranks a
    heavier face, a heavier (bold) face outranks a slanted one, so bold > bold italic > italic at one
    size. Sizes within `SIZE_STEP` of each other are one size. A letter that sets all its headings
    alike says nothing about their levels: then no ranks ({})."""
    ordered = sorted(set(types), key=lambda t: (-t[0], not t[1], t[2]))
    ranks: dict[HeadingType, int] = {}
    rank = 0
    previous: HeadingType | None = None
    for kind in ordered:
        same = previous is not None and kind[1:] == previous[1:] and abs(kind[0] - previous[0]) < SIZE_STEP
        if not same:
            rank += 1
            previous = kind
        ranks[kind] = rank
    return ranks if rank >= 2 else {}


def rank_heading_blocks(blocks: list[Block], hints: LayoutHints) -> None:
    """Give each heading block whose type the PDF set (and whose level no other rule gave) the rank
    of that type among the letter's heading types (`rank_heading_types`); segment reads levels from
    the ranks. Blocks whose type is unknown keep `type_rank` None."""
    typed = [(block, hints.heading_types.get(normalise(block.text))) for block in blocks
             if block.kind == "heading" and block.level is None]
    ranks = rank_heading_types([kind for _, kind in typed if kind is not None])
    for block, kind in typed:
        if kind is not None and kind in ranks:
            block.type_rank = ranks[kind]


@dataclass
class _Block:
    """A paragraph (lines) or a heading (one text) of one page, in reading order."""

    kind: str  # "paragraph" | "heading" | "small" (unplaced small print)
    lines: list[str]
    last: Line | None = None  # the last line as laid out
    first: Line | None = None  # the first line as laid out
    markers: list[int] = field(default_factory=list)  # footnote markers in its lines
    indented: bool = False  # its first line is set in from the margin (a first-line indent)

    @property
    def last_plain(self) -> str:
        """The last line without footnote markers."""
        return self.last.plain if self.last is not None else (self.lines[-1] if self.lines else "")


def read_layout(pages: list[PageSpans], min_pages: int = 3,
                furniture_patterns: Sequence[re.Pattern[str]] = ()) -> tuple[str, LayoutHints] | None:
    """Text of all pages (form feeds between pages) and the layout hints, or None when the PDF has
    no typographic evidence (one font and size throughout) so the caller keeps its plain text.
    `furniture_patterns` (compiled `ingest.furniture_patterns`) name running lines by their form."""
    lines = [group_lines(page.spans) for page in pages]
    furniture = find_furniture(lines, [(page.bottom, page.top) for page in pages], min_pages, furniture_patterns)
    kept = [[line for line in page if id(line) not in furniture] for page in lines]
    body = body_style(kept, set())
    if body is None:
        return None
    furniture |= small_page_heads(kept, [(page.bottom, page.top) for page in pages], body)
    kept = [[line for line in page if id(line) not in furniture] for page in lines]
    if not any(line.has_marker or body.differs(line) for page in kept for line in page):
        logger.debug("PDF has one font and size throughout: no layout evidence")
        return None
    spacing = _body_spacing(kept, body)
    right = right_edge(kept, body)
    page_blocks: list[list[_Block]] = []
    footnotes: list[list[list[str]]] = []  # per page: footnotes starting there, as lines
    footers: list[list[str]] = []  # per page: small print under the footnotes
    last_note: Note | None = None
    next_number = 1
    headings: dict[str, HeadingType] = {}
    followed_by_body = 0  # headings in the running text (after the letter head) that introduce body text
    text_started = False
    for page in kept:
        zone = footnote_zone(page, body)
        notes, leftovers, last_note, next_number = read_footnotes(zone, last_note, next_number)
        footnotes.append(notes)
        blocks = _page_blocks([line for line in page if id(line) not in {id(z) for z in zone}], body, spacing, right)
        noted = [line.y for line in zone if line not in leftovers]
        above = [line for line in leftovers if not noted or line.y > max(noted)]
        if above:
            blocks.append(_Block("small", [line.text for line in above]))
        footers.append([line.text for line in leftovers if line not in above])  # a running footer under the notes
        for k, block in enumerate(blocks):
            text_started = text_started or (block.kind == "paragraph" and len(block.lines) > 1)
            if block.kind == "heading" and block.first is not None:
                headings.setdefault(normalise(block.lines[0]), heading_type(block.first))
                if text_started and k + 1 < len(blocks) and blocks[k + 1].kind == "paragraph":
                    followed_by_body += 1
        page_blocks.append(blocks)
    _join_page_breaks(page_blocks, footnotes, right, _justified(kept, body, right))
    text = "\f".join(_page_text(*parts) for parts in zip(page_blocks, footnotes, footers))
    removed = [line.text for page in lines for line in page if id(line) in furniture]
    # Two headings that introduce body text show that the letter sets its headings apart by type (the
    # bold house name and `Nr.` line of a letter head say nothing about its headings).
    hints = LayoutHints(headings=frozenset(headings), styled_headings=followed_by_body >= 2, furniture=removed,
                        heading_types=headings)
    logger.debug("PDF layout: body %s %.1f pt, %d headings, %d furniture lines", body.font, body.size,
                 len(headings), len(removed))
    return text, hints


def _body_spacing(pages: list[list[Line]], body: BodyStyle) -> float | None:
    gaps = []
    for page in pages:
        placed = [line for line in page if not body.differs(line)]
        gaps.extend(a.y - b.y for a, b in zip(placed, placed[1:]) if 0.5 < a.y - b.y < 4 * body.size)
    return statistics.median(gaps) if gaps else None


def _page_blocks(page: list[Line], body: BodyStyle, spacing: float | None, right: float | None) -> list[_Block]:
    """The page's body lines as paragraphs and headings. (Styled lines of the letter head become
    blocks of their own too; the letter-head reader takes them out of the body.)"""
    blocks: list[_Block] = []
    gap_limit = PARAGRAPH_GAP * spacing if spacing else None
    margin = _left_margin(page, body)
    i = 0
    previous: Line | None = None
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
                blocks.append(_Block("heading", [normalise(text)], run[-1], run[0],
                                     [n for part in run for n in part.markers]))
                previous = run[-1]
                i += len(run)
                continue
        following = page[i + 1] if i + 1 < len(page) else None
        new_paragraph = (not blocks or blocks[-1].kind != "paragraph" or previous is None
                         or _gap_breaks(previous, line, gap_limit) or _indented(previous, line, following, margin, right)
                         or (not body.differs(previous) and not body.differs(line) and _ended_early(previous, line, right)))
        if new_paragraph:
            indent = _indent_spaces(line, margin)
            blocks.append(_Block("paragraph", [indent + line.text], line, line, list(line.markers), bool(indent)))
        else:
            blocks[-1].lines.append(line.text)
            blocks[-1].last = line
            blocks[-1].markers.extend(line.markers)
        previous = line
        i += 1
    return blocks


def _indent_spaces(line: Line, margin: float | None) -> str:
    """A paragraph's first-line indent as spaces (half an em each), as a text export sets it, so the
    text rules see it where a page break hides the paragraph boundary; none under an em."""
    if margin is None or line.x0 - margin < 0.9 * line.size:
        return ""
    return " " * round((line.x0 - margin) / (0.5 * line.size))


def _left_margin(page: list[Line], body: BodyStyle) -> float | None:
    """Where the page's body lines start: the most common left edge (to half a point); of edges as
    common, the leftmost (indents lie right of the margin)."""
    edges = Counter(round(line.x0 * 2) / 2 for line in page if not body.differs(line))
    return max(edges, key=lambda edge: (edges[edge], -edge)) if edges else None


def _indented(previous: Line, line: Line, following: Line | None, margin: float | None,
              right: float | None) -> bool:
    """A first-line indent: the line starts at least an em right of the margin, the line before
    it and the one after it start at the margin (the typesetting convention for a new paragraph).
    Under a one-line paragraph opened with the same indent it opens the next one too, when it
    runs on to a line at the margin (it is full, or the next line continues its sentence in lower
    case): lines at the indent throughout would be a quotation or list set in, this one is a
    paragraph's first line.
    A line under a bullet or enumerator is a list item's hanging indent instead."""
    if margin is None or _LIST_MARKER.match(previous.plain) or line.x0 - margin < 0.9 * line.size:
        return False
    following_at_margin = following is None or abs(following.x0 - margin) < 0.5 * following.size
    if abs(previous.x0 - margin) < 0.5 * previous.size:
        return following_at_margin
    if following is None or not following_at_margin:
        return False
    runs_on = following.plain[:1].islower() or not _ended_early(line, following, right)
    return abs(previous.x0 - line.x0) < 0.5 * line.size and runs_on


def right_edge(pages: list[list[Line]], body: BodyStyle) -> float | None:
    """Where the body's lines end: the 90th percentile of their right edges (None when unknown)."""
    ends = sorted(line.x1 for page in pages for line in page if line.x1 is not None and not body.differs(line))
    if len(ends) < 5:
        return None
    return ends[min(len(ends) - 1, int(len(ends) * 0.9))]


def _justified(pages: list[list[Line]], body: BodyStyle, right: float | None) -> bool:
    """Whether the body is set justified: most of its lines end flush at the right edge."""
    ends = [line.x1 for page in pages for line in page if line.x1 is not None and not body.differs(line)]
    return right is not None and len(ends) >= 5 and sum(end >= right - 1.0 for end in ends) > 0.6 * len(ends)


def _ended_early(line: Line, following: Line, right: float | None) -> bool:
    """Whether the author ended `line`: the first word of the line after it would have fitted
    before the right edge (a layout, ragged or justified, fills a line as far as the words go).
    A line ending in a hyphen was broken inside a word."""
    if right is None or line.x1 is None or following.x1 is None or line.plain.endswith("-"):
        return False
    words = following.plain.split()
    if not words or not following.plain:
        return False
    if following.lead is not None:  # the first word's own glyph widths
        return line.x1 + following.lead < right - 0.5 * line.size
    per_char = (following.x1 - following.x0) / max(1, len(following.plain))
    return line.x1 + per_char * (len(words[0]) + 1) < right - 0.5 * line.size


def _gap_breaks(previous: Line, line: Line, gap_limit: float | None) -> bool:
    if gap_limit is None:
        return False
    gap = previous.y - line.y
    return gap > gap_limit or gap < -0.5 * gap_limit / PARAGRAPH_GAP


def _heading_run(page: list[Line], i: int, body: BodyStyle, gap_limit: float | None) -> list[Line]:
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


def _is_heading(run: list[Line], before: Line | None, after: Line | None, gap_limit: float | None) -> bool:
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


def _join_page_breaks(pages: list[list[_Block]], footnotes: list[list[list[str]]], right: float | None,
                      justified: bool) -> None:
    """Move a paragraph's continuation from the top of a page to the end of its first part on the
    page before, where that part runs on: it ends no sentence, or its last line was filled to the
    right edge (`_ended_early` says no), and the page's first line is neither indented nor bulleted
    (those open a paragraph). The paragraph then reads whole, and its page-bottom half cannot be
    taken for a heading. A footnote stands at the foot of its marker's page (the
    Kamerstuk convention the text rules read), so the notes of the markers in the moved lines move
    with them, after the notes of the page before."""
    for k in range(len(pages) - 1):
        here, there = pages[k], pages[k + 1]
        paragraphs = [b for b in here if b.kind == "paragraph"]
        if not paragraphs or not there or there[0].kind != "paragraph":
            continue
        last = paragraphs[-1]
        if last is not here[-1] and here[-1].kind != "small":
            continue
        if re.match(r"^[•·▪◦●■□➢►]", there[0].lines[0]) or there[0].indented:
            continue  # a bullet or a first-line indent opens a paragraph
        ended = (last.last is not None and there[0].first is not None
                 and _ended_early(last.last, there[0].first, right))
        # in justified type only a paragraph's last line stops short of the right edge, so a flush
        # line ending a sentence at the page foot still runs on
        flush = justified and last.last is not None and last.last.x1 is not None and last.last.x1 >= right - 1.0
        if ended or (ends_sentence(last.last_plain) and not flush):
            continue
        moved = there.pop(0)
        last.lines.extend(moved.lines)
        last.last = moved.last
        last.markers.extend(moved.markers)
        # the notes keep their numbers' order: only the leading ones of the next page go (a note
        # there before them, whose marker stood on this page but which did not fit, stays first)
        carried = 0
        while carried < len(footnotes[k + 1]) and _note_number(footnotes[k + 1][carried]) in moved.markers:
            carried += 1
        footnotes[k].extend(footnotes[k + 1][:carried])
        del footnotes[k + 1][:carried]


def _note_number(note: list[str]) -> int | None:
    """The number a footnote (its lines, number first) starts with."""
    first = note[0].split(maxsplit=1)[0] if note and note[0].strip() else ""
    return int(first) if first.isdigit() else None


def _page_text(blocks: list[_Block], notes: list[list[str]], footer: list[str]) -> str:
    parts = ["\n".join(block.lines) for block in blocks]
    if notes:
        parts.append("\n".join(join_note(note) for note in notes))
    if footer:
        parts.append("\n".join(footer))
    return "\n\n".join(parts)
