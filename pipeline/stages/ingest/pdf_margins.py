"""What stands at a PDF page's edges: running headers/footers and page numbers (page furniture),
and the footnotes at the page foot. Part of `pdf_layout`.

- **page furniture**: a line in the top or bottom margin zone that is a lone page number standing
  apart from the text, or that repeats on several pages (`clean.required_repeats`) with only a
  page number changing (a running header/footer; footnotes of one shape on several page feet do
  not qualify: their numbers do not follow the pages).
- **footnotes**: lines smaller than the body below all of the page's other text (the foot-of-page
  apparatus of official publications), each starting with its number (numbered on through the
  letter); wrapped lines, in the footnotes' own type and line spacing, are joined, and a footnote
  that runs on at the top of the next page's footnotes is joined too. Other small print there (a
  colophon, a running footer) is left over for the text rules.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.stages.ingest.furniture import required_repeats, running_key
from pipeline.stages.ingest.hyphenation import join_pair
from pipeline.stages.ingest.metadata import MINISTRY_NAME, RUNNING_KAMERSTUK
from pipeline.stages.ingest.pdf_lines import BodyStyle, Line, normalise

MARGIN_ZONE = 0.15  # running headers/footers stand in the top or bottom 15 % of the page
HANGING_EMS = 2.5  # a note's hanging indent: its number (up to three digits) and a space
FOOTNOTE_NUMBER_SKIP = 3  # footnotes are numbered on through the letter; tolerate a few missed ones
_FOOTNOTE_START = re.compile(r"^(\d{1,3})[.)]?\s+(\S.*)$")
_LONE_NUMBER = re.compile(r"^[\W_]*\d{1,3}[\W_]*$")  # "2", "- 2 -", "[2]"


def find_furniture(pages: list[list[Line]], extents: list[tuple[float, float]], min_pages: int,
                   patterns: Sequence[re.Pattern[str]] = ()) -> set[int]:
    """ids of running headers/footers and page numbers: lines in the margin zones that are a lone
    number, that have an official running line's form (the Kamerstuk's running line `Tweede Kamer,
    vergaderjaar …, nr. …`, a whole-line `ingest.furniture_patterns` form such as `Pagina 2 van
    5`, or on a page after the first the ministry's bare name: the Rijkshuisstijl running header
    or footer), or that repeat on enough pages (`required_repeats`) with only a page number changing.

    A line of an official form is furniture even where it stands once (a two-page letter shows its
    running footer on page 2 only): under the page's last footnote it would otherwise be read as
    that footnote's last line."""
    doomed: set[int] = set()
    seen: dict[str, list[tuple[int, Line]]] = {}
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
                if (RUNNING_KAMERSTUK.match(line.text) or any(form.search(line.text) for form in patterns)
                        or (p > 0 and MINISTRY_NAME.match(line.text))):
                    doomed.add(id(line))  # and counted below: the same line on page 1 is the same furniture
                seen.setdefault(running_key(line.text)[0], []).append((p, line))
    for hits in seen.values():
        first: dict[int, Line] = {}
        for p, line in hits:
            first.setdefault(p, line)
        if required_repeats(len(pages), min_pages, set(first)) and _page_numbered(first):
            doomed.update(id(line) for _, line in hits)
    return doomed


def small_page_heads(pages: list[list[Line]], extents: list[tuple[float, float]], body: BodyStyle) -> set[int]:
    """ids of the small print heading a page after the first: lines smaller than the body in the
    top margin zone, above all of the page's other text. Typesetting sets the running text in the
    body size and the notes at the page foot, so small type over a later page's text is its
    running header (the Rijkshuisstijl's ministry name, a reference line), even where a two-page
    letter shows it once. (Page 1's small print is the letter head, read by its own rules.)"""
    doomed: set[int] = set()
    for page, (bottom, top) in list(zip(pages, extents))[1:]:
        others = [line.y for line in page if not body.smaller(line)]
        if others:  # a page all in small type shows no body to stand over
            doomed.update(id(line) for line in page
                          if body.smaller(line) and line.y > max(max(others), top - MARGIN_ZONE * (top - bottom)))
    return doomed


def _stands_apart(line: Line, page: list[Line]) -> bool:
    """Whether a line is the outermost of its page, set off from the text block by more than two
    of its own sizes, as a page number is (a number that ends a wrapped footnote is not)."""
    above = [other.y - line.y for other in page if other.y > line.y + 0.5]
    below = [line.y - other.y for other in page if other.y < line.y - 0.5]
    if above and below:
        return False
    nearest = min(above or below, default=None)
    return nearest is None or nearest > 2 * line.size


def _page_numbered(first: dict[int, Line]) -> bool:
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


def footnote_zone(page: list[Line], body: BodyStyle) -> list[Line]:
    """Lines smaller than the body below all of the page's other text, top to bottom."""
    others = [line.y for line in page if not body.smaller(line)]
    floor = min(others) if others else None
    zone = [line for line in page if body.smaller(line) and (floor is None or line.y < floor)]
    return sorted(zone, key=lambda line: -line.y)


@dataclass
class Note:
    """A footnote being read: its lines, the type it is set in and where its first line starts."""

    lines: list[str]
    font: str
    size: float
    x0: float = 0.0

    def same_type(self, line: Line) -> bool:
        return line.font == self.font and abs(line.size - self.size) < 0.25

    def in_column(self, line: Line) -> bool:
        """Whether a line starts where the note's wrapped lines do: under its number, or hanging
        under its text a few characters in (a line centred on the page, a running footer, does not)."""
        return self.x0 - 1.0 <= line.x0 <= self.x0 + HANGING_EMS * line.size


def read_footnotes(zone: list[Line], open_note: Note | None,
                    next_number: int) -> tuple[list[list[str]], list[Line], Note | None, int]:
    """Footnotes starting on this page (each as its lines, number first), the zone lines that are
    no footnote, the footnote still open at the page end, and the next footnote number.

    A line starting with the next number (or one of the few after it) starts a footnote; a line
    without one, in the same type and directly below, wraps the footnote above it, or, at the top
    of the zone, the last footnote of the page before (a footnote continued on the next page).
    Other small print (a colophon in another size, a running footer further down) is left over.
    """
    notes: list[list[str]] = []
    leftovers: list[Line] = []
    current = open_note
    previous: Line | None = None
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
            current = Note([f"{number} {m.group(2)}"], line.font, line.size, line.x0)
            notes.append(current.lines)
            next_number = number + 1
        elif current is not None and close and not leftovers and current.same_type(line) and current.in_column(line):
            current.lines.append(line.text)
        else:
            leftovers.append(line)
            current = None
        previous = line
    return notes, leftovers, current, next_number


def join_note(lines: list[str]) -> str:
    """One footnote on one line: wrapped lines joined as the body's are (line-end hyphenation
    undone, a URL broken at one of its signs joined without a space)."""
    text = ""
    for line in lines:
        text = join_pair(text, line) if text else line.strip()
    return normalise(text)
