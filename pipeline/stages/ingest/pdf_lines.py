"""Lines of a PDF page from pypdf's text pieces, with their type: the building blocks of
`pdf_layout`.

A `Span` is one piece of text as pypdf's visitor reports it (baseline position, font name, size,
face, text rise). Spans in content order make a `Line` where their baselines agree; a digit set
smaller than its line and raised (or glued to the word before it) is a footnote marker and is
glued to that word (`Oekraïne.1`), the form the marker rules of `clean.py` read. `BodyStyle` is the
type that carries the most characters, the yardstick for "set apart" (heavier, italic, larger)
and "smaller" (footnotes).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

SPACE = 0.25  # a word space, in ems (the usual width of a space glyph)
SIZE_STEP = 0.75  # pt: a size this much larger/smaller than the body is a different size
SUPERSCRIPT_SIZE = 0.85  # a marker is set at most this share of its line's size
RAISED = 0.15  # ... and raised by at least this share of the line's size, or glued to the word
STYLED_SHARE = 0.8  # a heading line has at least this share of its characters in its style
# A line plus the next word beyond this share of the usual length was wrapped by the layout (bold
# type is wider than the body's, hence below the text rules' 0.9).
WRAPPED_SHARE = 0.75
_MARKER_DIGITS = re.compile(r"^\d{1,3}(?:[,–-]\d{1,3})*$")


def normalise(text: str) -> str:
    """The comparison form of a block's text: whitespace collapsed."""
    return " ".join(text.split())


@dataclass(eq=False)  # compared by identity: two pieces with the same text are still two pieces
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
    width: float | None = None  # advance width of the visible text in points (None: unknown)
    word_end: float | None = None  # where its first word ends, where it holds more than one

    @property
    def style(self) -> tuple[str, float]:
        return self.font, round(self.size * 2) / 2


@dataclass
class PageSpans:
    """What pdf.py collected of one page: its spans in content order and its vertical extent."""

    spans: list[Span]
    bottom: float = 0.0
    top: float = 842.0  # A4 in points


@dataclass(eq=False)
class Line:
    """A line of a page: its spans, baseline, left edge (and right edge where the widths are
    known), its dominant type, and its text with markers glued (`text`) and without (`plain`)."""

    spans: list[Span]
    y: float
    x0: float
    x1: float | None
    size: float
    font: str
    bold: bool
    italic: bool
    text: str = ""
    plain: str = ""  # the text without the glued footnote markers (for sentence ends)
    styled_share: float = 1.0  # share of the characters in the line's dominant style
    markers: tuple[int, ...] = ()  # the footnote markers glued into the line, in order
    lead: float | None = None  # width of the line's first word and a space (None: unknown)
    starts_with_superscript: bool = False

    @property
    def has_marker(self) -> bool:
        return bool(self.markers)

    @property
    def style(self) -> tuple[str, float]:
        return self.font, round(self.size * 2) / 2


@dataclass
class BodyStyle:
    font: str
    size: float
    bold: bool
    italic: bool

    def __init__(self, font: str, size: float, face: tuple[bool, bool], line_chars: int | None = None) -> None:
        self.font, self.size = font, size
        self.bold, self.italic = face
        self.line_chars = line_chars  # the body's usual line length in characters

    def differs(self, line: Line) -> bool:
        return abs(line.size - self.size) >= SIZE_STEP or line.bold != self.bold or line.italic != self.italic

    def set_apart(self, line: Line) -> bool:
        """Heavier, italic or larger than the body, over (nearly) the whole line."""
        if line.styled_share < STYLED_SHARE:
            return False
        return ((line.bold and not self.bold) or (line.italic and not self.italic)
                or line.size >= self.size + SIZE_STEP)

    def full(self, line: Line, following: Line) -> bool:
        """Whether `line` was broken by the layout: with the next line's first word it would run
        past the usual line length (in characters, scaled from the body size to the line's)."""
        if not self.line_chars or not following.plain.split():
            return True
        capacity = self.line_chars * self.size / max(line.size, 1.0)
        return _visual_length(f"{line.plain} {following.plain.split()[0]}") > WRAPPED_SHARE * capacity

    def smaller(self, line: Line) -> bool:
        return line.size <= self.size - SIZE_STEP


def body_style(pages: list[list[Line]], exclude: set[int]) -> BodyStyle | None:
    """The body type (font and size with the most characters, markers not counted) of the lines
    whose ids are not in `exclude` (page furniture); None when there is no text."""
    weights: Counter[tuple[str, float]] = Counter()
    for page in pages:
        for line in page:
            if id(line) in exclude:
                continue
            for span in line.spans:
                if not is_superscript(span, line):
                    weights[span.style] += len(span.text.strip())
    if not weights:
        return None
    font, size = weights.most_common(1)[0][0]
    body = BodyStyle(font, size, body_face(pages, font))
    body.line_chars = usual_chars([line for page in pages for line in page
                                   if id(line) not in exclude and not body.differs(line)])
    return body


def _visual_length(text: str) -> float:
    """Length in body-text characters: capitals are about a third wider than lower case."""
    return len(text) + 0.3 * sum(ch.isupper() for ch in text)


def usual_chars(lines: list[Line]) -> int | None:
    """The body's line length: the 90th percentile of its lines' lengths (None for under 5 lines)."""
    lengths = sorted(len(line.plain) for line in lines)
    if len(lengths) < 5:
        return None
    return lengths[min(len(lengths) - 1, int(len(lengths) * 0.9))]


def body_face(pages: list[list[Line]], font: str) -> tuple[bool, bool]:
    for page in pages:
        for line in page:
            for span in line.spans:
                if span.font == font:
                    return span.bold, span.italic
    return False, False


def is_superscript(span: Span, line: Line) -> bool:
    return _superscript_span(span, line.size, line.y)


def _superscript_span(span: Span, line_size: float, baseline: float) -> bool:
    """Digits set smaller than the line and raised (or with a text rise): a footnote marker."""
    if not _MARKER_DIGITS.match(span.text.strip()) or span.size > SUPERSCRIPT_SIZE * line_size:
        return False
    return span.y - baseline >= RAISED * line_size or span.rise > 0 or not span.text[:1].isspace()


def _first_word_end(visible: list[Span]) -> float | None:
    """Where a line's first word ends, from its spans left to right: spans set without a space
    between them are one word (a marker glued to its word is a span of its own). None where a
    span of several words does not say where its first one ends."""
    ordered = sorted(visible, key=lambda span: span.x)
    for k, span in enumerate(ordered):
        end = span.x + (span.width or 0.0)
        if span.word_end is not None:
            return span.word_end
        if len(span.text.split()) > 1:
            return None
        following = ordered[k + 1] if k + 1 < len(ordered) else None
        if (following is None or span.text[-1:].isspace() or following.text[:1].isspace()
                or following.x > end + SPACE * span.size / 2):
            return end
    return ordered[-1].x + (ordered[-1].width or 0.0)


def marker_numbers(digits: str) -> list[int]:
    """The footnote numbers a marker stands for: `3`, `3,4`, a range `3–5`."""
    numbers: list[int] = []
    for part in digits.split(","):
        ends = [int(n) for n in re.findall(r"\d+", part)]
        numbers.extend(range(ends[0], ends[-1] + 1) if len(ends) == 2 and ends[0] < ends[1] else ends)
    return numbers


def group_lines(spans: list[Span]) -> list[Line]:
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


def _make_line(spans: list[Span]) -> Line:
    weights: Counter[tuple[str, float, bool, bool]] = Counter()
    for span in spans:
        weights[(span.font, span.size, span.bold, span.italic)] += len(span.text.strip())
    (font, size, bold, italic), count = weights.most_common(1)[0]
    total = sum(weights.values()) or 1
    baseline = next((s.y for s in spans if s.text.strip() and s.size == size), spans[0].y)
    text, plain, markers, starts_sup = "", "", [], False
    visible = [s for s in spans if s.text.strip()]
    for span in spans:
        piece = span.text.replace("\n", " ")
        if span.text.strip() and _superscript_span(span, size, baseline) and span.size < size:
            digits = piece.strip()
            if not text.strip():  # a number at the start of a line: a footnote's own number
                text, plain, starts_sup = digits + " ", digits + " ", True
                continue
            text = text.rstrip() + digits
            plain = plain.rstrip()
            markers.extend(marker_numbers(digits))
            continue
        if markers and text and not text[-1].isspace() and piece[:1].isalnum():
            piece = " " + piece  # "woord.1Verder": the marker is followed by a word
        text += piece
        plain += piece
    # A line's share in its style counts the superscripts with the line: they never decide it.
    marker_chars = sum(len(s.text.strip()) for s in spans if _superscript_span(s, size, baseline) and s.size < size)
    share = count / max(1, total - marker_chars)
    ends = [s.x + s.width for s in visible if s.width is not None]
    x0 = min(s.x for s in visible) if visible else spans[0].x
    word_end = _first_word_end(visible) if ends and len(ends) == len(visible) else None
    return Line(spans=spans, y=baseline, x0=x0, x1=max(ends) if ends and len(ends) == len(visible) else None,
                lead=None if word_end is None else word_end - x0 + SPACE * size,
                 size=size, font=font, bold=bold, italic=italic, text=" ".join(text.split()), plain=" ".join(plain.split()),
                 styled_share=min(1.0, share), markers=tuple(markers), starts_with_superscript=starts_sup)
