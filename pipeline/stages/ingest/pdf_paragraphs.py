"""Paragraph breaks of a PDF read without layout evidence (one font and size throughout), from
where its lines stand: the text `pdf.py` writes then has a blank line between paragraphs, the
shape the cleaning rules read.

pypdf's `extract_text()` emits no blank lines, so paragraphs would run together. What the page
itself shows, by the conventions of typeset text:

- a **vertical gap** larger than the line spacing inside a paragraph separates paragraphs;
- a **first-line indent**: a line that starts right of the column's left edge, under a line at
  the edge, opens a paragraph (the typesetting convention for a new paragraph without space
  between). A line indented to where the text after the line above's first word starts is a
  hanging indent instead (a footnote's or list item's wrapped line under its number or bullet);
- a line **ended short** of the column: the layout, ragged or justified, fills a line as far as
  the words go, so a line after which the next line's first word would have fitted was ended by
  its author (a paragraph's last line, a heading). In **justified** type every line of a paragraph
  but its last is stretched flush to the right edge, so there a line of several words that stops
  short of it under a flush line ends its paragraph, however little room it leaves.

The text keeps what a text export of the page would show, for the text rules after it (page
breaks, footnotes): each line's indent from the margin as spaces, and a line stretched to a
justified column padded with a space. Widths come from the PDF's own glyph metrics (`pdf.py`
measures each line's left and right edge, the width of its first word and where the text after
that word starts).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

# A gap this many times the usual line spacing separates paragraphs: a text in one font and size
# keeps its lines evenly spaced, so any space added is the author's (a small 3 pt after an 11 pt
# paragraph is already 1.24 times the line pitch).
PARAGRAPH_GAP = 1.2
FLUSH = 1.0  # pt: lines starting this close to each other start at one edge
# pt: justified lines end at the right edge to a hair (a ragged line can end within a point of it
# by chance, and is then no evidence of justification)
JUSTIFIED_FLUSH = 0.1
JUSTIFIED_SHARE = 0.8  # of the certain wraps flush with the edge: the text is set justified
MIN_WRAPS = 3  # lines followed by a lower-case line needed before their spacing is trusted
MIN_INDENT = 0.5  # of the line spacing (about 0.6 em): a smaller step in from the margin is no indent
# A line that starts a paragraph or heading: a capital, a digit, an opening quote or bracket, a bullet.
_BLOCK_START = re.compile(r"^[\"'‘“(\[]?[A-Z\u00c0-\u00de0-9]|^[•·▪◦●■□➢►*\-–—]\s")
_NOTE_LABEL = re.compile(r"^\d{1,3}\s+\S")  # a footnote's number and its text: "2 Kamerstuk 29 665, nr. 512."


@dataclass
class PlainLine:
    """A line as pypdf extracts it, with where it stands on the page (None where unknown)."""

    text: str = ""
    y: float | None = None
    x0: float | None = None  # left and right edge of the line's text
    x1: float | None = None
    lead: float | None = None  # width of the line's first word and the space after it
    second: float | None = None  # where the text after the first word starts


@dataclass(frozen=True)
class Column:
    """The text column as the letter's lines show it."""

    spacing: float | None  # usual distance between consecutive lines
    right: float | None  # the right edge the layout fills lines to
    margin: float | None  # the left edge most lines start at
    justified: bool = False
    char_width: float | None = None  # the usual width of a character

    @classmethod
    def measure(cls, pages: list[list[PlainLine]]) -> Column:
        lines = [line for page in pages for line in page if line.text.strip()]
        wraps = [line for page in pages for line, after in zip(page, page[1:])
                 if line.x1 is not None and len(line.text.split()) > 1 and after.text.strip()[:1].islower()]
        starts = Counter(round(line.x0 * 2) / 2 for line in lines if line.x0 is not None and len(line.text.split()) > 1)
        margin = starts.most_common(1)[0][0] if starts else None
        right = _right_edge(lines, wraps)
        justified = (right is not None and len(wraps) >= 5
                     and sum(abs(line.x1 - right) <= JUSTIFIED_FLUSH for line in wraps) >= JUSTIFIED_SHARE * len(wraps))
        widths = sorted((line.x1 - line.x0) / len(line.text.strip()) for line in lines
                        if line.x0 is not None and line.x1 is not None and len(line.text.strip()) >= 20)
        char_width = widths[len(widths) // 2] if widths else None
        return cls(_usual_spacing(pages), right, margin, justified, char_width)

    def indent(self, line: PlainLine) -> str:
        """The line's distance from the margin as spaces, as a text export sets it (first-line
        indents, hanging indents, centred lines), so the text rules see the indents they read."""
        if self.margin is None or not self.char_width or line.x0 is None or line.x0 <= self.margin + FLUSH:
            return ""
        return " " * round((line.x0 - self.margin) / self.char_width)


def _usual_spacing(pages: list[list[PlainLine]]) -> float | None:
    """The distance between consecutive lines of a paragraph: the median over the lines followed by
    one starting in lower case (a sentence going on: certainly one paragraph), where there are a
    few; else over all consecutive lines. (In a letter of short paragraphs set apart by space, an
    answers document, most distances between lines are paragraph gaps.)"""
    gaps, within = [], []
    for lines in pages:
        placed = [line for line in lines if line.y is not None and line.text.strip()]
        for a, b in zip(placed, placed[1:]):
            if a.y - b.y > 0.5:
                gaps.append(a.y - b.y)
                if b.text.strip()[:1].islower():
                    within.append(a.y - b.y)
    if len(within) >= MIN_WRAPS:
        return statistics.median(within)
    return statistics.median(gaps) if gaps else None


def _right_edge(lines: list[PlainLine], wraps: list[PlainLine]) -> float | None:
    """Where the text's lines end: the right edge most lines that the layout filled reach (a line
    followed by one starting in lower case was wrapped), robust to the odd overfull line (None when
    unknown). Ragged lines end anywhere short of it, so a high percentile is the column's edge."""
    ends = sorted(line.x1 for line in wraps)
    if len(ends) >= 5:
        return ends[min(len(ends) - 1, int(len(ends) * 0.95))]
    ends = sorted(line.x1 for line in lines if line.x1 is not None and len(line.text.split()) > 1)
    if len(ends) < 5:  # too few lines to show the column
        return None
    return ends[min(len(ends) - 1, int(len(ends) * 0.9))]  # last lines count too: a lower percentile


def flush(line: PlainLine | None, column: Column) -> bool:
    """Whether a line of several words ends at the right edge (an overfull line, a URL running
    past it, shows nothing of how the text is set)."""
    return (line is not None and column.right is not None and line.x1 is not None and len(line.text.split()) > 1
            and abs(line.x1 - column.right) <= JUSTIFIED_FLUSH)


def ended_early(line: PlainLine, following: PlainLine, column: Column, above: PlainLine | None = None) -> bool:
    """Whether the author ended `line` before a new paragraph or heading: the next line starts like
    one and its first word would have fitted before the right edge, or, in justified type, the
    line stops short of the edge under a line flush with it (a justified paragraph's last line;
    a letter head or a footnote, set ragged in a justified letter, keeps the width test). A line
    ending in a hyphen was broken inside a word."""
    right = column.right
    if right is None or None in (line.x1, following.x0, following.x1) or line.text.rstrip().endswith("-"):
        return False
    text = following.text.strip()
    words = text.split()
    if not words or not _BLOCK_START.match(text):
        return False
    if column.justified and flush(above, column) and not flush(line, column):
        return True
    if following.lead is not None:  # the first word's own glyph widths
        return line.x1 + following.lead < right
    per_char = (following.x1 - following.x0) / max(1, len(text))
    return line.x1 + per_char * (len(words[0]) + 1) < right


def indented(previous: PlainLine, line: PlainLine, following: PlainLine | None, column: Column) -> bool:
    """A first-line indent: `line` starts right of the margin that the line above starts at, and not
    where the text after that line's first word starts (a hanging indent under a number or bullet).
    Under a one-line paragraph opened with the same indent it opens the next one too, when it runs
    on to a line at the margin (it is full, or the next line continues its sentence in lower case):
    lines at the indent throughout would be a quotation or list set in, this one is a paragraph's
    first line."""
    if column.margin is None or column.spacing is None or None in (previous.x0, line.x0, previous.second):
        return False
    if line.x0 - column.margin < MIN_INDENT * column.spacing or abs(line.x0 - previous.second) <= FLUSH:
        return False
    if abs(previous.x0 - column.margin) <= FLUSH:
        return True
    if following is None or following.x0 is None or abs(following.x0 - column.margin) > FLUSH:
        return False
    runs_on = following.text.strip()[:1].islower() or (
        column.right is not None and line.x1 is not None and following.lead is not None
        and line.x1 + following.lead >= column.right)
    return abs(previous.x0 - line.x0) <= FLUSH and runs_on


def _note_block(lines: list[PlainLine], spacing: float | None) -> int:
    """Where the page's footnotes start: the first line, starting with a note's number, from which
    all lines to the page's end stand at the line spacing (the foot-of-page apparatus, set as one
    block); len(lines) where there is none. A text export sets the notes line under line, and the
    text rules read a note's wrapped lines, and its rest carried over from the page before, in
    that shape: no line that ends short inside the block marks a paragraph there."""
    start = len(lines)
    for k in range(len(lines) - 1, -1, -1):
        below = lines[k + 1] if k + 1 < len(lines) else None
        if below is not None and (spacing is None or None in (lines[k].y, below.y)
                                  or lines[k].y - below.y > PARAGRAPH_GAP * spacing):
            break
        if _NOTE_LABEL.match(lines[k].text.strip()):
            start = k
    return start


def _label_text_columns(lines: list[PlainLine], column: Column) -> list[tuple[int, float, int]]:
    """For each line opening with a note's number ("2  Richtlijn …"): its index, where its text
    after the number stands on the page, and at which character that text starts in the line
    written for it."""
    anchors = []
    for k, line in enumerate(lines):
        text = line.text.strip()
        label = re.match(r"\S+\s+", text)
        if line.second is not None and _NOTE_LABEL.match(text) and label:
            anchors.append((k, line.second, len(column.indent(line)) + label.end()))
    return anchors


def _hanging_indent(line: PlainLine, k: int, anchors: list[tuple[int, float, int]]) -> int | None:
    """The indent, in characters, of a line hanging under the text of a numbered note: the column
    where that text starts in the written note line (a text export sets a note's wrapped lines
    exactly under its text, and the text rules read them there), not the rounded distance from
    the margin, which can fall a character short of it. The note is the nearest numbered line
    above on the page at that position; else, for the rest of a note carried over from the page
    before (typesetters continue it above the page's first note), the nearest below it."""
    if line.x0 is None:
        return None
    above = [a for a in anchors if a[0] < k and abs(a[1] - line.x0) <= FLUSH]
    below = [a for a in anchors if a[0] > k and abs(a[1] - line.x0) <= FLUSH]
    chosen = above[-1] if above else below[0] if below else None
    return None if chosen is None else chosen[2]


def page_text(lines: list[PlainLine], column: Column) -> str:
    """Lines of one page; a blank line where the gap above a line, its indent, or the line before
    stopping short of the column marks a new paragraph."""
    out: list[str] = []
    previous: PlainLine | None = None
    above: PlainLine | None = None  # the line before `previous` in its paragraph
    spacing = column.spacing
    lines = [line for line in lines if line.text.strip()]
    notes = _note_block(lines, spacing)
    anchors = _label_text_columns(lines, column)
    for k, line in enumerate(lines):
        following = lines[k + 1] if k + 1 < len(lines) else None
        if previous is not None and spacing and line.y is not None and previous.y is not None:
            gap = previous.y - line.y
            # In the notes block a line opens no paragraph by its indent or the line above ending
            # short: each note opens with its number, its wrapped lines hang or stand flush under it.
            if (gap > PARAGRAPH_GAP * spacing or gap < -0.5 * spacing
                    or (k < notes and (indented(previous, line, following, column)
                                       or ended_early(previous, line, column, above)))):
                out.append("")
        above = previous if out and out[-1] else None
        text = line.text.strip()
        if column.justified and flush(line, column):
            # stretched to the column: padded with a space, as a text export pads a justified line
            head, _, last = text.rpartition(" ")
            text = f"{head}  {last}" if head.strip() else text
        hanging = _hanging_indent(line, k, anchors)
        out.append((column.indent(line) if hanging is None else " " * hanging) + text)
        previous = line
    return "\n".join(out)
