"""Footnote markers in text: the digits a text export glues to the body's words where the page
set a superscript (`Oekraïne.1`, `grensovergang3 (ook`), found strictly in sequence and taken out
of the line; also which name numbers recur (`NIS2`: no marker) and whether text runs into the next
marker. Used by `footnotes.separate_footnotes`."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING

from pipeline.stages.ingest.textshape import LETTER as _LETTER
from pipeline.stages.ingest.textshape import URLISH as _URLISH

if TYPE_CHECKING:
    from pipeline.stages.ingest.linewidth import LineWidth

@lru_cache(maxsize=256)
def _marker_pattern(n: int) -> re.Pattern[str]:
    """Regex for footnote marker n (cached: one per marker number)."""
    # Digits glued to a letter or closing punctuation, and followed by a space, punctuation or the
    # line end: "Oekraïne.1", "grensovergang3 (ook", "minderheden4),", "c.s.15 heeft"; also after a
    # question mark or a closing guillemet, as Kamerstukken quote and ask ("«bericht»1", "lopen?1").
    # And after the elision hyphen of a coordination ("de inlichtingen-1 en veiligheidsdiensten"),
    # also where the conjunction ends the line ("Buitenlands-15 en" | "Veiligheidsbeleid").
    return re.compile(rf"(?:(?<={_LETTER})|(?<=[.,;:)\]\"'’”?!»])|(?<={_LETTER}-)(?={n}\s+(?:en|of|tot|noch)(?:\s|$)))"
                      rf"({n})(?=$|[\s.,;:)\]!?\"'’”])")


_SECTION_NUMBER = re.compile(r"\s*(?:\d{1,2}\.)+")
_CAPITAL_AFTER = re.compile(r"\s+[A-Z\u00c0-\u00de]")


def find_marker(line: str, n: int, start: int = 0, masked: list[tuple[int, int]] | None = None,
                printed: frozenset[int] = frozenset(), names: frozenset[str] = frozenset()) -> re.Match[str] | None:
    """The first footnote marker `n` in `line` at or after `start`, or None.

    Rejected: digits after an upper-case letter (COP28, G7, F35) unless note `n`'s text is
    `printed` on the page (`TenneT1`: the number a name ends on would not also be the next note's
    on its page) and the word is none of the letter's recurring numbered `names` (`numbered_names`),
    a decimal number ("1,2"), a section number followed by lower case ("3.2 van"), and anything
    inside a URL or e-mail address.
    """
    if masked is None:  # the URL spans of the line; strip_markers computes them once per line
        masked = [m.span() for m in _URLISH.finditer(line)]
    for m in _marker_pattern(n).finditer(line, start):
        s = m.start()
        if any(a <= s < b for a, b in masked):
            continue
        before = line[s - 1]
        if before.isupper() or before == "-" and line[s - 2].isupper():
            word = _WORD_END.search(line, 0, m.end())
            if n not in printed or word is not None and word.group(0) in names:
                continue  # a name's number (COP28, COVID-19), not a marker
        if _SECTION_NUMBER.fullmatch(line, 0, s):
            continue  # a section number opening the line ("2.1 Het tekort in cijfers"), not "2." + marker 1
        if not before.isalpha() and before not in "?!»" and s >= 2 and line[s - 2].isdigit():
            # "2023.2 De" is a marker after a date; "1,2 miljard" and "3.2 van" are numbers ("2024?1" is no number).
            if before != "." or not (m.end() == len(line) or _CAPITAL_AFTER.match(line, m.end())):
                continue
        return m
    return None


def strip_markers(line: str, next_marker: int, printed: frozenset[int] = frozenset(),
                  names: frozenset[str] = frozenset()) -> tuple[str, list[int], int]:
    """Remove footnote markers from a body line, looking for marker n only after marker n-1 (after
    a capital only where note n's text is `printed` on the page and the word is none of `names`,
    see `find_marker`).

    Returns the cleaned line, the marker numbers found, and the next marker number to look for.
    The line is searched as it is (its URL spans found once) and cut once at the end, so the work
    grows with the line, not with the line times its markers.
    """
    refs: list[int] = []
    cuts: list[tuple[int, int]] = []
    masked = [m.span() for m in _URLISH.finditer(line)]
    pos = 0
    while True:
        m = find_marker(line, next_marker, pos, masked, printed, names)
        if m is None:
            break
        end = m.end()
        # "woord1,2": two markers in a row
        follow = _following_marker(next_marker + 1).match(line, end)
        refs.append(next_marker)
        next_marker += 1
        if follow:
            refs.append(next_marker)
            next_marker += 1
            end = follow.end()
        cuts.append((m.start(), end))
        pos = end
    if not cuts:
        return line, refs, next_marker
    kept, last = [], 0
    for start, end in cuts:
        kept.append(line[last:start])
        last = end
    kept.append(line[last:])
    return "".join(kept), refs, next_marker


@lru_cache(maxsize=256)
def _following_marker(n: int) -> re.Pattern[str]:
    return re.compile(rf",\s?({n})(?=$|[\s.,;:)\]!?])")


# A word ending in a capital and a number: a name's number (`NIS2`, `COP28`) or a marker glued to a
# name (`TenneT1`).
_CAPITAL_NUMBER = re.compile(r"[A-Z\u00c0-\u00de](\d{1,3})$")
_WORD = re.compile(r"[\w-]+")
_WORD_END = re.compile(r"[\w-]+$")


def numbered_names(pages: list[list[str]]) -> frozenset[str]:
    """The words ending in a capital and a number that occur more than once in the letter: a name
    with its own number (`NIS2` in the text and in a note), for a marker stands once, at its place.
    Another word with the same number may still carry a marker (`TenneT2`)."""
    words = Counter(word for page in pages for line in page for word in _WORD.findall(line))
    return frozenset(word for word, count in words.items() if count > 1 and _CAPITAL_NUMBER.search(word))


def runs_into_marker(page: list[str], index: int, marker: int, width: LineWidth, max_lines: int = 6) -> bool:
    """Whether the text starting at page[index] (followed through the lines the layout wrapped)
    carries footnote marker `marker`: then it is body text — the next page's — not the rest of a
    footnote, for the markers stand in the body and a note's text never carries them."""
    for k in range(index, min(len(page), index + max_lines)):
        if not page[k].strip():
            return False
        if find_marker(page[k].strip(), marker) is not None:
            return True
        if k + 1 < len(page) and (not width.wrapped(page[k], page[k + 1]) or width.short_of_justified_measure(page[k])):
            return False  # the text stops here: the author broke the line, or in justified text it
            # stops short of the column (a paragraph's last line, or no body line at all)
    return False
