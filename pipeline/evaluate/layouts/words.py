"""Words, footnote markers, Dutch line-break hyphenation and greedy line breaking.

A `Word` is one whitespace-separated token of the gold text plus the footnote markers glued to it.
Line breaking works for any measure (characters for text, font metrics for PDF), so every format
hyphenates by the same rules and records every line-end hyphen with the word it stands for.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Callable

# A token is leading punctuation, a core that starts and ends with a letter or digit, and trailing
# punctuation: `(EU-verband),` → `(`, `EU-verband`, `),`.
_TOKEN = re.compile(r"^(\W*)(\w(?:.*\w)?)?(\W*)$", re.S)

# A web address in a citation (`https://…`, `www.…`).
_ADDRESS = re.compile(r"(?:https?://|www\.)", re.IGNORECASE)

# Dutch spelling (Woordenlijst, "afbreken"): a diaeresis marks a new syllable; when the line breaks
# right before that syllable the hyphen does its work and the diaeresis is dropped
# (`be-eindigd`, `co-ordinatie`).
_DIAERESIS = str.maketrans("ëïöüäËÏÖÜÄ", "eiouaEIOUA")


@dataclass
class Word:
    text: str  # the gold token, markers removed
    markers: list[int] = field(default_factory=list)

    def marker_text(self) -> str:
        return ",".join(str(n) for n in self.markers)


@dataclass
class Piece:
    """What one line shows of a word: all of it, or the head (ending in `-`) or tail of a split."""

    text: str
    markers: list[int]
    word: Word


@dataclass
class Split:
    head: str  # printed at the line end, hyphen included
    tail: str  # printed at the start of the next line
    expected: str  # the word as it must read again


def split_token(token: str) -> tuple[str, str, str]:
    m = _TOKEN.match(token)
    if not m or m.group(2) is None:
        return token, "", ""
    return m.group(1), m.group(2), m.group(3)


class Hyphenator:
    """Allowed line-break points of a Dutch word, from the nl_NL patterns that LibreOffice ships
    (through pyphen), plus the spelling rules patterns do not cover."""

    def __init__(self) -> None:
        import pyphen  # a hyphenation dictionary; only the generator needs it

        self._dic = pyphen.Pyphen(lang="nl_NL", left=2, right=2)

    def splits(self, token: str) -> list[Split]:
        lead, core, trail = split_token(token)
        if not core:
            return []
        if _ADDRESS.match(core):
            # A URL breaks at a hyphen of its own or after a slash of its path, and no hyphen is
            # added (one would change the address): `https://www.x.nl/documenten/` | `rapporten/a.pdf`.
            scheme = core.find("//")
            path_from = core.find("/", scheme + 2 if scheme >= 0 else 0)
            points = [i for i, ch in enumerate(core) if 0 < i < len(core) - 1
                      and (ch == "-" or ch == "/" and 0 <= path_from <= i)]
            return [Split(lead + core[:i + 1], core[i + 1:] + trail, core) for i in points]
        inner_hyphens = [i for i, ch in enumerate(core) if ch == "-" and 0 < i < len(core) - 1]
        if inner_hyphens:
            # A word written with a hyphen breaks at that hyphen, which stays at the line end
            # (`defensie-` | `uitgaven`); it is never broken anywhere else.
            return [Split(lead + core[:i + 1], core[i + 1:] + trail, core) for i in inner_hyphens]
        # Letters only: acronyms (all capitals), numbers and codes are never broken.
        if not core.isalpha() or core.isupper() or len(core) < 5:
            return []
        out = []
        for pos in self._dic.positions(core):
            head, tail = core[:pos], core[pos:]
            tail = tail[0].translate(_DIAERESIS) + tail[1:]
            out.append(Split(lead + head + "-", tail + trail, core))
        return out


@dataclass
class BrokenLine:
    pieces: list[Piece]
    last_of_block: bool = False


@dataclass
class HyphenCase:
    line_end: str
    next: str
    expected: str

    def as_dict(self) -> dict:
        return {"line_end": self.line_end, "next": self.next, "expected": self.expected}


Measure = Callable[[Piece], float]


def break_lines(words: list[Word], width: float, measure: Measure, space: float, hyphenator: Hyphenator,
                p_hyphenate: float, rng: random.Random, first_indent: float = 0.0,
                hanging: float = 0.0) -> list[BrokenLine]:
    """Greedy line filling. A word that does not fit is split at an allowed point with probability
    `p_hyphenate` (the longest head that fits, or now and then any fitting one); a word longer than
    the whole measure (a URL) stands alone on an overfull line, as real exports print it."""
    lines: list[BrokenLine] = []
    current: list[Piece] = []
    used = first_indent
    limit = width

    def flush() -> None:
        nonlocal current, used
        lines.append(BrokenLine(current))
        current, used = [], hanging

    queue = [Piece(w.text, list(w.markers), w) for w in words]
    i = 0
    while i < len(queue):
        piece = queue[i]
        w = measure(piece)
        extra = (space if current else 0.0) + w
        if used + extra <= limit or (not current and used + w > limit and not _splittable(piece, hyphenator)):
            current.append(piece)
            used += extra
            i += 1
            continue
        room = limit - used - (space if current else 0.0)
        fitting = []
        if rng.random() < p_hyphenate:
            for s in _piece_splits(piece, hyphenator):
                head = Piece(s.head, [], piece.word)
                if measure(head) <= room:
                    fitting.append(s)
        if fitting:
            choice = fitting[-1] if rng.random() < 0.75 else rng.choice(fitting)
            current.append(Piece(choice.head, [], piece.word))
            queue[i] = Piece(choice.tail, piece.markers, piece.word)
            flush()
            continue
        if not current:  # nothing fits and no split: an overfull line
            current.append(piece)
            i += 1
        flush()
    if current:
        lines.append(BrokenLine(current))
    if lines:
        lines[-1].last_of_block = True
    return lines


def _piece_splits(piece: Piece, hyphenator: Hyphenator) -> list[Split]:
    # Only a whole word is split (a tail is never split again), so each break is one recorded case.
    if piece.text != piece.word.text:
        return []
    return hyphenator.splits(piece.text)


def _splittable(piece: Piece, hyphenator: Hyphenator) -> bool:
    return bool(_piece_splits(piece, hyphenator))


def _expected_word(token: str) -> str:
    """The word as it must read again: the token without surrounding punctuation, but with the
    hyphens that belong to it (`-inmenging` in `buitenlandse -inmenging`; `midden-` in `midden- en
    kleinbedrijf`, split as `mid-` | `den-`)."""
    lead, core, trail = split_token(token)
    return ("-" if lead.endswith("-") else "") + core + ("-" if trail.startswith("-") else "")


def _printed(piece: Piece) -> str:
    return piece.text + ",".join(str(n) for n in piece.markers)  # as a text export shows it


def hyphen_cases(lines: list[BrokenLine]) -> list[HyphenCase]:
    """Every line that ends in a hyphen, with what the text must read: a split word joined (its
    diaeresis back), or a coordination (`veiligheids-` | `en`) kept with its space."""
    cases = []
    for line, nxt in zip(lines, lines[1:]):
        if not line.pieces or not nxt.pieces:
            continue
        last, first = line.pieces[-1], nxt.pieces[0]
        if not last.text.endswith("-") or last.markers:
            continue
        if last.word is first.word:  # a split made here
            cases.append(HyphenCase(last.text, _printed(first), _expected_word(last.word.text)))
        elif re.search(r"\w-$", last.text):  # a word that ends in a hyphen (weglatingsstreepje)
            _, core_next, _ = split_token(first.word.text)
            cases.append(HyphenCase(last.text, _printed(first), f"{_expected_word(last.word.text)} {core_next}"))
    return cases
