"""Page furniture in text: page numbers, colophons, running headers and footers, and the page
boundaries they mark in text without form feeds. Used by `clean.clean_text` (steps 3 and 4 there)
and, for what repeats at page edges, by the PDF reader (`pdf_margins`)."""

from __future__ import annotations

import logging
import re

from pipeline.errors import ConfigError
from pipeline.stages.ingest.footnotes import parse_footnote_start
from pipeline.stages.ingest.linewidth import LineWidth, measure_width
from pipeline.stages.ingest.metadata import REFERENCE_FIELD, RUNNING_KAMERSTUK

logger = logging.getLogger(__name__)

RUNNING_LINE_MAX_WORDS = 12  # running headers/footers are short
EDGE_LINES = 3  # running headers/footers sit among the first/last few lines of a page
# A page number at either end of a running line: "2 Tweede Kamer, ...", "Tweede Kamer, ... nr. 1402 3".
_EDGE_NUMBER = re.compile(r"^(\d{1,3})\s+(?=\D)|(?<=\S)\s+(\d{1,3})$")
# Abbreviations a number always follows in official references: "Kamerstuk 36 512, nr. 4", "blz. 12".
_NUMBER_CALLED_FOR = re.compile(r"(?<![^\W\d_])(?:nr|nrs|blz|pag|p|art)\.?\s*$", re.IGNORECASE)


def compile_patterns(patterns: list[str]) -> list[re.Pattern[str]]:
    """Compile `ingest.furniture_patterns`, naming the key when one is not a valid regex."""
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern, re.IGNORECASE))
        except re.error as exc:
            raise ConfigError(f"key 'ingest.furniture_patterns': invalid regex {pattern!r}: {exc}",
                              fix="write a Python regular expression that matches a whole line") from None
    return compiled


def _split_at(page: list[str], removed: set[int]) -> list[list[str]]:
    """The page without the removed lines, split into pages where they stood."""
    pieces: list[list[str]] = [[]]
    for i, line in enumerate(page):
        if i in removed:
            if pieces[-1]:
                pieces.append([])
            continue
        pieces[-1].append(line)
    kept = [piece for piece in pieces if any(line.strip() for line in piece)]
    return kept or [[line for i, line in enumerate(page) if i not in removed]]


def drop_furniture_lines(pages: list[list[str]], patterns: list[re.Pattern[str]], exact: bool = True,
                         removed: list[str] | None = None) -> list[list[str]]:
    """Remove page furniture: lines matching any furniture pattern, and running Kamerstuk headers.

    Patterns are matched against the stripped line. Page numbers, colophons and running headers
    stand at a page edge, so in text without form feeds (`exact` False) each removed line marks a
    page boundary: the page is split there, and a footnote block above it cannot run on into the
    next page. Removed lines are appended to `removed`.
    """
    result: list[list[str]] = []
    numbers_seen = 0  # bare page numbers removed so far
    for index, page in enumerate(pages):
        doomed = {i for i, line in enumerate(page) if line.strip() and (
            any(p.search(line.strip()) for p in patterns) or RUNNING_KAMERSTUK.match(line.strip()))}
        for i in sorted(doomed):
            if not page[i].strip().isdigit():
                continue
            # Page numbers count up from 1: a bare number far beyond the page reached, set directly
            # under a line of text, is the end of that text (a note's "Kamerstuk 23 987 nr." / "395");
            # so is one set right above a note's first line: a page's notes stand at its foot, under
            # its body, never under its page number (the rest of the page before's note, after a gap).
            # Where form feeds mark the page, a number between its body and its first note stands at
            # no edge of it, whatever its value: a page number heads or foots the page.
            reached = index + 1 if exact else numbers_seen + 1
            above_note = i + 1 < len(page) and parse_footnote_start(page[i + 1]) is not None
            inside = exact and above_note and any(line.strip() for line in page[:i])
            if inside or int(page[i].strip()) > reached + 2 and i > 0 and (page[i - 1].strip() or above_note):
                doomed.discard(i)
            elif i > 0 and _NUMBER_CALLED_FOR.search(page[i - 1]):
                # "Kamerstuk 36 512, nr." / "4": an abbreviation that calls for a number (nr., blz.)
                # ends the line above, so the number wrapped onto a line of its own is its number
                doomed.discard(i)
            else:
                numbers_seen += 1
        if removed is not None:
            removed.extend(page[i].strip() for i in sorted(doomed))
        if exact or not doomed:
            result.append([line for i, line in enumerate(page) if i not in doomed])
        else:
            result.extend(_split_at(page, doomed))
    return result


def digit_key(line: str) -> str:
    """Comparison key of a line: digits runs become '#', whitespace collapsed."""
    return re.sub(r"\d+", "#", " ".join(line.split()))


def running_key(line: str) -> tuple[str, int | None, str]:
    """Comparison key of a possible running line, the page number at either end of it (or None),
    and the line without that number.

    "2 Tweede Kamer, ..., nr. 1402" and "Tweede Kamer, ..., nr. 1402 3" (the page number on the
    outer margin: at the start on even pages, at the end on odd ones) get the same key.
    """
    text = " ".join(line.split())
    m = _EDGE_NUMBER.search(text)
    if m is None:
        return digit_key(text), None, text
    rest = text[:m.start()] + text[m.end():]
    return digit_key(rest), int(m.group(1) or m.group(2)), rest


def _soft_pages(lines: list[str]) -> list[list[str]]:
    """Guess page boundaries in text without form feeds: a line starting with exactly one space."""
    pages: list[list[str]] = [[]]
    for i, line in enumerate(lines):
        if i > 0 and re.match(r"^ \S", line) and lines[i - 1].strip():
            pages.append([])
        pages[-1].append(line)
    return pages


def _edge_indexes(page: list[str], edge: int) -> list[int]:
    """Indexes of the first and last `edge` non-blank lines of a page."""
    filled = [i for i, line in enumerate(page) if line.strip()]
    return sorted(set(filled[:edge] + filled[-edge:]))


def _is_running(occurrences: list[tuple[int, str]], exact: bool) -> bool:
    """Whether lines that look alike on several pages are one running header/footer.

    Identical lines are. Lines that differ in one number are only if that number behaves like a
    page number (it grows with the page), so that footnotes of one shape ("12 Kamerstuk 21 501, nr.
    3") on several page bottoms are not mistaken for furniture. A page number at either end of the
    line counts as one number, wherever it stands.
    """
    numbers = []
    for _, line in occurrences:
        _, edge, rest = running_key(line)
        numbers.append([-1 if edge is None else edge] + [int(d) for d in re.findall(r"\d+", rest)])
    if len({len(n) for n in numbers}) > 1:
        return False
    varying = [slot for slot in range(len(numbers[0])) if len({n[slot] for n in numbers}) > 1]
    if not varying:
        return True
    if len(varying) > 1:
        return False
    values = [n[varying[0]] for n in numbers]
    if any(b <= a for a, b in zip(values, values[1:])):
        return False
    if exact:
        return len({v - page for v, (page, _) in zip(values, occurrences)}) == 1
    return True


# The Rijkshuisstijl page header of a ministry letter names the ministry; at a later page's edge it
# is furniture even in a two-page letter, where it cannot be seen to repeat.
_MINISTRY_HEADER = re.compile(r"^Ministerie\s+van\s+[A-Z\u00c0-\u00de][\w,'’ -]{2,80}$")
CENTRED_MIN_INDENT = 10  # body text, headings and first-line indents stay well left of this


def _is_centred_edge_line(page: list[str], i: int, max_words: int = 8) -> bool:
    """A short line set far in from the margin as the very first or last line of a later page: a
    running header/footer (centred or at the outer edge, as page furniture is set; a letter's body
    and headings are flush left). Found even in a two-page letter, where it cannot repeat."""
    filled = [k for k, line in enumerate(page) if line.strip()]
    if not filled or i not in (filled[0], filled[-1]):
        return False
    raw = page[i]
    indent = len(raw) - len(raw.lstrip())
    return indent >= CENTRED_MIN_INDENT and len(raw.split()) <= max_words


def _repeated_ministry_lines(layout: list[tuple[int, list[str]]], width: LineWidth) -> set[tuple[int, int]]:
    """Without form feeds a page's edges are not known: the ministry's name on a line of its own
    (a blank line or the text's end after it) after its first occurrence (the letter head) is the
    Rijkshuisstijl running header or footer wherever it stands (past the letter head, the text's
    first lines), for a letter's text never puts the bare name of its ministry on a line of its own.
    So is the name once, flush, where the author ended its line (the next line, capitalised, would
    have fitted its first word on it): the running line at a page top right above the page's text.
    And so is the name short of a justified column (`width`) above lower-case text: justified setting
    stretches a paragraph's every line but its last, and no paragraph ends mid-sentence."""
    found: set[tuple[int, int]] = set()
    filled = 0  # non-blank lines before this one
    # The same bare name twice or more is a running line wherever it stands past the head (a line
    # of the letter's text is never the bare name, let alone twice).
    names = [line.strip() for _, page in layout for line in page if _MINISTRY_HEADER.match(line.strip())]
    column = _text_column(layout)
    for s, (_, page) in enumerate(layout):
        for i, line in enumerate(page):
            if not line.strip():
                continue
            filled += 1
            # followed by a gap: a paragraph's last line ends on its stop, so the bare name (no stop)
            # before a blank line ends no paragraph of the text, whatever stands above it (the page
            # before's last line, where no form feed or blank line parts the pages)
            alone = i + 1 == len(page) or not page[i + 1].strip()
            # set in from the margin (centred, as furniture is; a wrapped body line is flush left, and
            # Dutch opens no paragraph with a bare "Ministerie van …"): furniture even right under a
            # footnote, where no blank line parts them
            centred = len(line) - len(line.lstrip()) >= 1  # "Ministerie van …" never opens an indented paragraph
            repeated = names.count(line.strip()) >= 2
            # flush and ended where the next line's first word would have fitted: no sentence
            # wrapped there (a body line is filled to the column), so the bare name stands alone
            ended = (i + 1 < len(page) and page[i + 1].strip() != "" and page[i + 1].lstrip()[0].isupper()
                     and len(line.rstrip()) + 1 + len(page[i + 1].split()[0]) <= column)
            unstretched = (i + 1 < len(page) and page[i + 1].lstrip()[:1].islower()
                           and width.short_of_justified_measure(line))
            if filled > EDGE_LINES and _MINISTRY_HEADER.match(line.strip()) and (alone or centred or repeated
                                                                                 or ended or unstretched):
                found.add((s, i))
    return found


def _text_column(layout: list[tuple[int, list[str]]]) -> int:
    """The text's column: its longest line of several words (a URL alone may overrun the column)."""
    return max((len(line.rstrip()) for _, page in layout for line in page if len(line.split()) > 1), default=0)


def required_repeats(n_pages: int, min_pages: int, pages_with_line: set[int]) -> bool:
    """Whether a line seen at the edges of `pages_with_line` repeats enough to be running furniture.

    Enough is `min_pages` pages; a short letter cannot show that many, so a line on every page but
    the first (where the letter head stands instead) counts too, from two pages on.
    """
    if len(pages_with_line) >= min_pages:
        return True
    return len(pages_with_line) >= 2 and pages_with_line >= set(range(1, n_pages))


def drop_running_lines(pages: list[list[str]], exact: bool, min_pages: int,
                       max_words: int = RUNNING_LINE_MAX_WORDS, edge: int = EDGE_LINES,
                       removed: list[str] | None = None) -> list[list[str]]:
    """Remove running headers/footers: short lines repeated at page edges (see `required_repeats`),
    and a reference field ("Onze referentie 45238761") at the top or bottom of a page after the first.

    Without form feeds pages are guessed (`_soft_pages`) to find the repeats, and each removed line
    marks a page boundary, as in `drop_furniture_lines`. Removed lines are appended to `removed`.
    """
    if exact:
        layout = [(p, page) for p, page in enumerate(pages)]
    else:  # guess pages inside each page only to find the repeats; splits come from removals
        layout = [(p, soft) for p, page in enumerate(pages) for soft in _soft_pages(page)]
    seen: dict[str, list[tuple[int, int, str]]] = {}
    doomed: set[tuple[int, int]] = set()
    for s, (_, page) in enumerate(layout):
        for i in _edge_indexes(page, edge):
            line = page[i].strip()
            if s > 0 and REFERENCE_FIELD.match(line):
                doomed.add((s, i))
                continue
            if s > 0 and (_is_centred_edge_line(page, i) or _MINISTRY_HEADER.match(line)):
                doomed.add((s, i))  # and counted below: the same line on page 1 is the same furniture
            if len(line.split()) <= max_words and re.search(r"[^\W\d_]", line):
                seen.setdefault(running_key(line)[0], []).append((s, i, line))
    if not exact:
        doomed |= _repeated_ministry_lines(layout, measure_width(pages))
    for key, hits in seen.items():
        first_per_page: dict[int, tuple[int, int, str]] = {}
        for hit in hits:
            first_per_page.setdefault(hit[0], hit)
        if not required_repeats(len(layout), min_pages, set(first_per_page)):
            continue
        if _is_running([(p, line) for p, _, line in first_per_page.values()], exact):
            logger.debug("running header/footer on %d pages: %r", len(first_per_page), key)
            doomed.update((p, i) for p, i, _ in hits)
    if removed is not None:
        removed.extend(page[i].strip() for s, (_, page) in enumerate(layout) for i in range(len(page))
                       if (s, i) in doomed)
    if exact:
        return [[line for i, line in enumerate(page) if (s, i) not in doomed] for s, (_, page) in enumerate(layout)]
    result: list[list[str]] = []
    for p in range(len(pages)):
        parts = [(s, page) for s, (q, page) in enumerate(layout) if q == p]
        lines = [line for _, page in parts for line in page]
        offsets = [0]
        for _, page in parts:
            offsets.append(offsets[-1] + len(page))
        gone = {offsets[k] + i for k, (s, page) in enumerate(parts) for i in range(len(page)) if (s, i) in doomed}
        result.extend(_split_at(lines, gone) if gone else [lines])
    return result
