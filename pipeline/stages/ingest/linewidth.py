"""The letter's own column width, and whether a line break was made by the layout or by the author.

Convention of typeset text (and of every PDF-to-text export of it): a paragraph is filled line by
line, so a line the layout wrapped is full — the next line's first word would not have fitted on it
— while the last line of a paragraph, a heading, a footnote's last line or a line the author broke
himself usually leaves room. The width is measured from the letter itself, never assumed:

* `natural_length` is a line's length as set: leading indent kept, the extra spaces of justified
  lines collapsed (justification pads a line that was filled with single spaces);
* a line followed by a line that starts in lower case, without a sentence end or a line-end hyphen
  between them, is a certain wrap; its length plus the next line's first word is where the layout
  gave up filling it (`would_be`). The lowest such value (robustly) is the break threshold;
* for monospaced text the column width itself is known too (the longest length reached by several
  lines: justified lines all reach it, ragged ones often): a wrap always overflows it.

A break between two lines is an author's break when the next line's first word would have fitted.
Without enough certain wraps (a short note, one paragraph per line) nothing is decided from width.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

MIN_WRAPS = 5  # certain wraps needed before the width is trusted
# Of the wrapped lines, the share padded (proportional text) or printed exactly as wide as the column
# (monospaced) in text set justified. A letter sets its head and notes ragged, so not every wrapped
# line shows it; ragged text reaches the column exactly on about one wrapped line in seven (the
# chance that a word ends right there), so three in four is far from ragged.
JUSTIFIED_SHARE = 0.75
PROPORTIONAL_SHARE = 0.75  # of the median wrap: shorter lines were broken by their author
_LINE_END_HYPHEN = re.compile(r"[^\W\d_]-$")
_SENTENCE_END = re.compile(r"[.?!:;][)\]\"'’”»]*$")


_NOTE_LABEL = re.compile(r"^\s*\d{1,3}\s+")


def natural_length(raw: str) -> int:
    """Length of a line as set: its indent plus its words joined by single spaces. The gap after a
    footnote's number is set space, not justification, and counts as printed."""
    label = _NOTE_LABEL.match(raw)
    if label:
        return label.end() + len(" ".join(raw[label.end():].split()))
    indent = len(raw) - len(raw.lstrip())
    return indent + len(" ".join(raw.split()))


def padded(raw: str) -> bool:
    """Whether a line carries extra spaces between its words: justification stretched it (a text
    export pads a justified line with spaces, and the PDF reader writes a line set flush to a
    justified column so)."""
    return natural_length(raw) < len(raw.rstrip())


def first_token(raw: str) -> str:
    parts = raw.split()
    return parts[0] if parts else ""


def would_be(raw: str, following: str) -> int:
    """The length `raw` would have had if the next line's first word had been set on it."""
    return natural_length(raw) + 1 + len(first_token(following))


@dataclass(frozen=True)
class LineWidth:
    """Where the layout wraps: a line with the next word added that reaches `threshold` was wrapped."""

    threshold: int | None
    column: int | None = None  # monospaced text: the column width, where lines show it
    justified: bool = False  # the body's wrapped lines are padded to the column (justified setting)

    def known(self) -> bool:
        return self.threshold is not None

    def wrapped(self, raw: str, following: str) -> bool | None:
        """Whether the break after `raw` was the layout's (True), the author's (False), or unknown (None).

        A line ending in a hyphen after a letter is always a wrap (a word broken at the line end)."""
        if _LINE_END_HYPHEN.search(raw.rstrip()):
            return True
        if self.threshold is None or not raw.strip() or not following.strip():
            return None
        if self.column is not None and natural_length(raw) > self.column:
            return None  # an overfull line (a URL longer than the column) says nothing
        return would_be(raw, following) >= self.threshold

    def short_of_justified_measure(self, raw: str) -> bool:
        """In justified text every line of a paragraph but its last is stretched to the column: a
        line of several words that stops short of it ends its paragraph (or is no body line).
        Proportional text shows no column in characters: there a stretched line is a padded one."""
        if not self.justified or len(raw.split()) < 2:
            return False
        return len(raw.rstrip()) < self.column if self.column is not None else not padded(raw)

    def fills_justified_measure(self, raw: str) -> bool:
        """In justified text, a line of several words stretched exactly to the column (in
        proportional text: padded): a line of a paragraph that goes on below it."""
        if not self.justified or len(raw.split()) < 2:
            return False
        return len(raw.rstrip()) == self.column if self.column is not None else padded(raw)

    def author_break(self, raw: str, following: str) -> bool:
        """The next word would have fitted: the author (or the end of a block) broke the line."""
        return self.wrapped(raw, following) is False


def measure_width(pages: list[list[str]], proportional: bool = False) -> LineWidth:
    """The break threshold of a letter from its pages' lines (see the module docstring).

    `proportional`: the text was taken from a typeset PDF, whose glyphs differ in width, so no
    character count is its column (in a short letter a few lines of equal count can look like one)."""
    wraps: list[int] = []
    wrapped_raw: list[int] = []  # printed lengths of the lines the layout wrapped
    stretched = 0  # of those, the ones padded with extra spaces
    lengths: Counter[int] = Counter()
    for page in pages:
        previous = ""
        for raw in page:
            if not raw.strip():
                previous = ""
                continue
            if len(raw.split()) >= 2:
                lengths[natural_length(raw)] += 1
            stripped = raw.strip()
            if (previous and stripped[0].islower() and not _LINE_END_HYPHEN.search(previous.rstrip())
                    and not _SENTENCE_END.search(previous.rstrip())):
                wraps.append(would_be(previous, raw))
                wrapped_raw.append(len(previous.rstrip()))
                stretched += padded(previous)
            previous = raw
    if len(wraps) < MIN_WRAPS:
        return LineWidth(None)
    median = sorted(wraps)[len(wraps) // 2]
    # A page-bottom line continued on the next page, a footnote's last line before the next page's
    # body, a running line above lower-case text: a few "certain wraps" are not; they lie far below
    # the others, and say nothing of the column or its setting either.
    kept = [w for w in wraps if w >= 0.8 * median]
    wrapped_raw = [n for n, w in zip(wrapped_raw, wraps) if w >= 0.8 * median]
    # Monospaced text (a text export): the column width is the longest length several lines
    # reach, and every wrap overflows it; then the test is exact.
    repeated = [n for n, count in lengths.items() if count >= 2]
    column = max(repeated) if repeated else None
    # Justified monospaced text pads every wrapped line of its body to the column: most wrapped lines
    # printed equally long show the column itself, even where no line's words happen to fill it.
    printed, count = Counter(wrapped_raw).most_common(1)[0]
    if count >= JUSTIFIED_SHARE * len(wrapped_raw) and (column is None or printed > column):
        column = printed
    # A note's last line before the next page's lower-case text looks like a wrap and is not: a
    # few such lines are allowed.
    if not proportional and column is not None and sum(w <= column for w in kept) <= max(2, 0.05 * len(kept)):
        # Justified: most wrapped lines are printed exactly as wide as the column.
        justified = sum(n == column for n in wrapped_raw) >= JUSTIFIED_SHARE * len(wrapped_raw)
        return LineWidth(column + 1, column, justified)
    # Proportional type (text taken from a typeset PDF): characters are not a measure of width,
    # so only a line far shorter than the usual wrap counts as broken by its author.
    # The PDF reader pads the lines it saw set flush to a justified column: most wrapped lines
    # padded (a letter's notes and head are set ragged) show justified setting.
    justified = proportional and stretched >= JUSTIFIED_SHARE * len(wrapped_raw)
    return LineWidth(int(PROPORTIONAL_SHARE * median), None, justified)

