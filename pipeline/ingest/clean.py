"""Cleaning of PDF-extracted text, shared by the plain-text and PDF readers.

Small pure functions, applied in this order by `clean_text`:

1. `normalise_text`        newlines, odd spaces, soft hyphens
2. `split_pages`           form feeds; without them a page break shows after a footnote block
3. `drop_furniture_lines`  whole lines matching `ingest.furniture_patterns` (page numbers, ...) and
   the running Kamerstuk header; without form feeds a removed line marks a page boundary
4. `drop_running_lines`    short lines repeated at page edges (running headers/footers) and
   reference fields at the top or bottom of later pages; they mark page boundaries too
5. `separate_footnotes`    footnote texts out of the body, glued markers out of the text; a
   footnote block never runs on past a page boundary
6. `build_paragraphs`      blank lines split paragraphs, a bullet or enumerator starts a list item,
   a heading wrapped over two lines is unwrapped, paragraphs are rebuilt across page breaks
7. `join_lines`/`is_heading` turn a paragraph into one string (undoing line-end hyphenation) and
   decide whether it is a heading.

Every rule is decided from the text itself (word shapes, positions, numbering), never from a list
of words of one letter, so that it carries over to letters this project has never seen.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.errors import ConfigError
from pipeline.ingest.linewidth import LineWidth, measure_width

logger = logging.getLogger(__name__)

MAX_HEADING_WORDS = 12  # same role as segment.max_heading_words; ingest has no access to it
RUNNING_LINE_MAX_WORDS = 12  # running headers/footers are short
EDGE_LINES = 3  # running headers/footers sit among the first/last few lines of a page
MAX_FOOTNOTE_CONTINUATION_LINES = 5  # a footnote wraps onto a few lines, not onto a page

# Vowel pairs that would be read as one sound if a compound were written closed; Dutch spelling
# then requires the hyphen (zee-egel, defensie-uitgaven, zo-even). e+ë etc. carry a diaeresis instead.
VOWEL_CLASHES = frozenset({"aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "ii", "oe", "oi", "oo",
                           "ou", "ui", "uu",
                           # a final y of a loanword is a vowel too: privacy-instellingen, baby-uitzet
                           "ya", "ye", "yi", "yo", "yu"})
# Frequency (wordfreq's Zipf scale) above which a closed form is an established word: "geuit"
# (3.5) is written closed despite its e+u; misspellings in the word list stay well below this.
KNOWN_WORD_ZIPF = 3.0
# A closed form with a diaeresis (geïnventariseerd 2.5, geëffectueerd 2.0) only needs to be a known
# word that is more frequent than the plain closed form: the hyphenated alternative (ge-inventariseerd)
# is not a word at all, and a real compound with a vowel clash (zee-egel, gemeente-initiatieven) has
# no diaeresis spelling in the word list.
DIAERESIS_WORD_ZIPF = 1.5
# Short first parts that Dutch joins with a hyphen: lower-case initialisms spoken letter by letter
# (po-scholen, vo-scholen, hbo-opleiding; not havo, which is spoken as a word: havoleerling) and
# the prefixes ex- and niet- before a noun (ex-partner, niet-gebruik). A first part of 2-4 letters
# without a vowel is an initialism too (ggz-instellingen, bsn-nummer): a syllable has a vowel.
HYPHEN_PREFIXES = frozenset({"po", "vo", "so", "wo", "mbo", "hbo", "vmbo", "vwo", "ex", "niet"})
_VOWELS = set("aeiouyáéíóúàèëïöüâêîôû")
_DIAERESIS = str.maketrans("aeiou", "äëïöü")
# "veiligheids- en defensiebeleid": the hyphen stands for a shared second part and keeps its space.
COORDINATORS = frozenset({"en", "of", "tot", "noch", "als"})

_LETTER = r"[^\W\d_]"
_WORD_WITH_HYPHENS = re.compile(rf"{_LETTER}+(?:-{_LETTER}+)+")
_LEADING_WORD = re.compile(rf"{_LETTER}+(?:-{_LETTER}+)*")
_TRAILING_HYPHENATED_WORD = re.compile(rf"({_LETTER}+(?:-{_LETTER}+)*)-$")
_FOOTNOTE_START = re.compile(r"^(\d{1,3})\s+(\S.*)$")
# A list item: a bullet glyph, or an enumerator (a., b), 1), (2), iv.) followed by a space.
_BULLET = re.compile(r"^[•·▪◦●■□➢►*\-–—]\s+(?=\S)")
_ENUMERATOR = re.compile(r"^(?:\(?(?:[a-z]|\d{1,2}|[ivx]{1,4})\)|(?:[a-z]|\d{1,2}|[ivx]{1,4})\.)\s+(?=\S)")
_UNMISTAKABLE_BULLET = re.compile(r"^[•·▪◦●■□➢►]\s*(?=\S)")
# A page number at either end of a running line: "2 Tweede Kamer, ...", "Tweede Kamer, ... nr. 1402 3".
_EDGE_NUMBER = re.compile(r"^(\d{1,3})\s+(?=\D)|(?<=\S)\s+(\d{1,3})$")
_INNER_SENTENCE_END = re.compile(r"(?<![\w.])([a-zà-ÿ]{2,})[.!?]\s+[A-ZÀ-Þ]")
# Lower-case abbreviations that stand before a capital without ending a sentence ("dr. De Vries").
_TITLE_ABBREVIATIONS = frozenset({"mr", "dr", "drs", "ir", "ing", "prof", "mevr", "dhr", "nr", "nrs", "art", "blz",
                                  "bijv", "ca", "vgl", "zgn", "jl", "st"})
WRAP_TOLERANCE = 0.9  # a line plus the next word beyond this share of the usual width: wrapped by the layout
_URLISH = re.compile(r"\S*(?:https?://|www\.|\S@\S)\S*", re.IGNORECASE)
_SENTENCE_END = ".?!:"
# The short rule a typesetter (or a text export of one) sets between a page's body and its footnotes.
_RULE = re.compile(r"^[_\-—–─‾=]{5,}$")
_CLOSERS = ")]\"'’”»"


@dataclass
class Paragraph:
    """A paragraph of body text as physical lines (markers already removed)."""

    lines: list[str]
    footnote_refs: list[int] = field(default_factory=list)
    after_page_break: bool = False  # first paragraph of a page
    list_item: bool = False  # started by a bullet or enumerator: never the rest of the paragraph before
    # Page furniture removed by the cleaning (on the first paragraph): the letter-head reader takes
    # what it can use from it, e.g. the dossier number of a running Kamerstuk header.
    furniture: list[str] = field(default_factory=list)


@dataclass
class CleanText:
    """Result of `clean_text`: paragraphs in reading order, footnotes, what went oddly."""

    paragraphs: list[Paragraph]
    footnotes: list[tuple[int, str]]
    hyphenated_words: frozenset[str]
    warnings: list[str]
    furniture: list[str] = field(default_factory=list)  # page furniture lines removed, in order


# Sentinels in the line stream between footnote separation and paragraph building.
BLANK = ("blank",)
PAGE = ("page",)


def normalise_text(text: str) -> str:
    """Unify newlines and spaces; drop soft hyphens (a soft hyphen at a line end joins the word)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = re.sub("\u00ad[ \t]*\n[ \t]*", "", text)  # soft hyphen at a line end: word split only
    text = text.replace("\u00ad", "").replace("\u200b", "")
    text = re.sub("[\u00a0\u2007\u202f\t]", " ", text)
    return text


def split_pages(text: str) -> tuple[list[list[str]], bool]:
    """Pages as lists of right-stripped lines, and whether they are real pages (form feeds).

    Leading spaces are kept: without form feeds, a line starting with a single space after a
    footnote block is the top of the next page.
    """
    exact = "\f" in text
    pages = [[line.rstrip() for line in page.split("\n")] for page in text.split("\f")]
    return pages, exact


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


def _known_furniture() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The letter-layout patterns metadata.py owns: running Kamerstuk header, reference field.

    Imported here, not at module level: metadata.py imports this module.
    """
    from pipeline.ingest.metadata import REFERENCE_FIELD, RUNNING_KAMERSTUK

    return RUNNING_KAMERSTUK, REFERENCE_FIELD


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
    running_kamerstuk, _ = _known_furniture()
    result: list[list[str]] = []
    for page in pages:
        doomed = {i for i, line in enumerate(page) if line.strip() and (
            any(p.search(line.strip()) for p in patterns) or running_kamerstuk.match(line.strip()))}
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
    _, reference_field = _known_furniture()
    if exact:
        layout = [(p, page) for p, page in enumerate(pages)]
    else:  # guess pages inside each page only to find the repeats; splits come from removals
        layout = [(p, soft) for p, page in enumerate(pages) for soft in _soft_pages(page)]
    seen: dict[str, list[tuple[int, int, str]]] = {}
    doomed: set[tuple[int, int]] = set()
    for s, (_, page) in enumerate(layout):
        for i in _edge_indexes(page, edge):
            line = page[i].strip()
            if s > 0 and reference_field.match(line):
                doomed.add((s, i))
                continue
            if s > 0 and (_is_centred_edge_line(page, i) or _MINISTRY_HEADER.match(line)):
                doomed.add((s, i))
                continue
            if len(line.split()) <= max_words and re.search(r"[^\W\d_]", line):
                seen.setdefault(running_key(line)[0], []).append((s, i, line))
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


@lru_cache(maxsize=256)
def _marker_pattern(n: int) -> re.Pattern[str]:
    """Regex for footnote marker n (cached: one per marker number)."""
    # Digits glued to a letter or closing punctuation, and followed by a space, punctuation or the
    # line end: "Oekraïne.1", "grensovergang3 (ook", "minderheden4),", "c.s.15 heeft"; also after a
    # question mark or a closing guillemet, as Kamerstukken quote and ask ("«bericht»1", "lopen?1").
    return re.compile(rf"(?:(?<={_LETTER})|(?<=[.,;:)\]\"'’”?!»]))({n})(?=$|[\s.,;:)\]!?\"'’”])")


def find_marker(line: str, n: int, start: int = 0) -> re.Match[str] | None:
    """The first footnote marker `n` in `line` at or after `start`, or None.

    Rejected: digits after an upper-case letter (COP28, G7, F35), a decimal number ("1,2"), a
    section number followed by lower case ("3.2 van"), and anything inside a URL or e-mail address.
    """
    masked = [m.span() for m in _URLISH.finditer(line)]
    for m in _marker_pattern(n).finditer(line, start):
        s = m.start()
        if any(a <= s < b for a, b in masked):
            continue
        before = line[s - 1]
        if before.isupper():
            continue
        if re.fullmatch(r"\s*(?:\d{1,2}\.)+", line[:s]):
            continue  # a section number opening the line ("2.1 Het tekort in cijfers"), not "2." + marker 1
        if not before.isalpha() and before not in "?!»" and s >= 2 and line[s - 2].isdigit():
            # "2023.2 De" is a marker after a date; "1,2 miljard" and "3.2 van" are numbers ("2024?1" is no number).
            rest = line[m.end():]
            if before != "." or not (rest == "" or re.match(r"\s+[A-Z\u00c0-\u00de]", rest)):
                continue
        return m
    return None


def strip_markers(line: str, next_marker: int) -> tuple[str, list[int], int]:
    """Remove footnote markers from a body line, looking for marker n only after marker n-1.

    Returns the cleaned line, the marker numbers found, and the next marker number to look for.
    """
    refs: list[int] = []
    pos = 0
    while True:
        m = find_marker(line, next_marker, pos)
        if m is None:
            return line, refs, next_marker
        end = m.end()
        # "woord1,2": two markers in a row
        follow = re.match(rf",\s?({next_marker + 1})(?=$|[\s.,;:)\]!?])", line[end:])
        refs.append(next_marker)
        next_marker += 1
        if follow:
            refs.append(next_marker)
            next_marker += 1
            end += follow.end()
        line = line[:m.start()] + line[end:]
        pos = m.start()


def parse_footnote_start(line: str) -> tuple[int, str] | None:
    """`(n, text)` if the stripped line looks like the first line of footnote n."""
    m = _FOOTNOTE_START.match(line.strip())
    return (int(m.group(1)), m.group(2)) if m else None


def ends_sentence(text: str) -> bool:
    """Whether text ends a sentence (. ? ! :), ignoring closing brackets and quotes."""
    stripped = text.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def _is_soft_page_start(raw: str) -> bool:
    """Without form feeds, the top line of a page starts with exactly one space."""
    return bool(re.match(r"^ \S", raw))


def separate_footnotes(pages: list[list[str]], exact: bool, width: LineWidth | None = None
                       ) -> tuple[list[tuple], list[tuple[int, str]], list[str]]:
    """Split lines into a body stream and footnotes, removing glued markers from the body.

    The stream holds ("line", text, refs, indent, raw), BLANK and PAGE items. Footnote n is accepted
    only after its marker was seen in the body, numbered in sequence, so body lines that start with
    a number ("2024 een nieuw rapport") stay body text (convention: a footnote stands at the foot of
    the page where its marker falls, and notes are numbered in order). A footnote block starts after
    a blank line, a separator rule, at a page top, after a finished sentence, or — when the body
    runs into the notes without a gap — where the marker fell on the same page. It runs to the end
    of its page; without form feeds it ends where the next page starts (a line with one leading
    space) or where a line cannot continue a footnote (`_continues_footnote`: by the letter's width
    where it is known).
    """
    width = width or LineWidth(None)
    stream: list[tuple] = []
    notes: dict[int, list[str]] = {}
    last_raw: dict[int, str] = {}  # the last physical line of each footnote, for the width test
    warnings: list[str] = []
    unmarked: list[int] = []
    next_marker = next_note = 1
    marker_line: dict[int, int] = {}  # marker number → index of its body line in the stream
    for page_index, page in enumerate(pages):
        if page_index:
            stream.append(PAGE)
        page_start = len(stream)
        in_block = blank_in_block = after_rule = False
        continuation_lines = 0
        last_filled = max((k for k, text in enumerate(page) if text.strip()), default=-1)
        for index, raw in enumerate(page):
            line = raw.strip()
            if _RULE.match(line):
                # A separator rule stands between the body and the footnotes of a page.
                after_rule = True
                if in_block:
                    blank_in_block = True
                else:
                    stream.append(BLANK)
                continue
            if in_block:
                if not line:
                    blank_in_block = True
                    continue
                next_page = not exact and _is_soft_page_start(raw)
                start = parse_footnote_start(line)
                skipped = start is not None and start[0] > next_note
                if skipped and width.wrapped(last_raw[next_note - 1], raw):
                    start = None  # "28 februari 2024)" wrapping a note, not note 28
                if start and next_note <= start[0] < max(next_marker, next_note + 1) and not next_page:
                    if start[0] >= next_marker:
                        # A numbered line inside a footnote block whose marker the body did not
                        # show (e.g. glued to a capital): keep the numbering in step, report it.
                        unmarked.append(start[0])
                        next_marker = start[0] + 1
                    notes[start[0]] = [start[1]]
                    last_raw[start[0]] = raw
                    next_note = start[0] + 1
                    blank_in_block = False
                    continuation_lines = 0
                    continue
                if exact and index == last_filled and width.wrapped(last_raw[next_note - 1], raw) is False:
                    continue  # below the notes, at the page's foot: a footer, not more of the note
                if (not next_page and _continues_footnote(notes[next_note - 1], last_raw[next_note - 1], raw,
                                                          blank_in_block, continuation_lines, width, exact)
                        and not _runs_into_marker(page, index, next_marker, width)):
                    notes[next_note - 1].append(line)
                    last_raw[next_note - 1] = raw
                    continuation_lines += 1
                    blank_in_block = False
                    continue
                in_block = after_rule = False  # the footnotes closed the page: what follows is the next page
                stream.append(PAGE)
                page_start = len(stream)
            if not line:
                stream.append(BLANK)
                continue
            start = parse_footnote_start(line)
            if (start and next_note <= start[0] < next_marker
                    and (start[0] == next_note or after_rule)
                    and (after_rule or _footnote_may_start(stream)
                         or (marker_line.get(start[0], -1) >= page_start
                             or not exact and _marker_recent(stream, marker_line.get(start[0], -1)))
                         and _note_block_ahead(page, index, start[0], width, exact)
                         and not _later_note_start(page, index, start[0]))):
                in_block, blank_in_block, continuation_lines = True, False, 0
                notes[start[0]] = [start[1]]
                last_raw[start[0]] = raw
                next_note = start[0] + 1
                continue
            if after_rule and notes and next_note - 1 in notes and not parse_footnote_start(line):
                # Under the rule, before the page's first numbered note: the rest of a footnote
                # that did not fit on the page before (typesetters continue it there).
                notes[next_note - 1].append(line)
                last_raw[next_note - 1] = raw
                in_block, continuation_lines = True, 1
                continue
            text, refs, next_marker = strip_markers(line, next_marker)
            for ref in refs:
                marker_line[ref] = len(stream)
            stream.append(("line", text, refs, len(raw) - len(raw.lstrip()), raw))
    if unmarked:
        warnings.append(f"footnote text(s) without a marker in the body text: {unmarked}")
    missing = [n for n in range(1, next_marker) if n not in notes]
    if missing:
        warnings.append(f"footnote markers without a footnote text: {missing}")
    footnotes = [(n, " ".join(" ".join(parts).split())) for n, parts in sorted(notes.items())]
    return stream, footnotes, warnings


def _runs_into_marker(page: list[str], index: int, marker: int, width: LineWidth, max_lines: int = 6) -> bool:
    """Whether the text starting at page[index] (followed through the lines the layout wrapped)
    carries footnote marker `marker`: then it is body text — the next page's — not the rest of a
    footnote, for the markers stand in the body and a note's text never carries them."""
    for k in range(index, min(len(page), index + max_lines)):
        if not page[k].strip():
            return False
        if find_marker(page[k].strip(), marker) is not None:
            return True
        if k + 1 < len(page) and not width.wrapped(page[k], page[k + 1]):
            return False
    return False


def _note_block_ahead(page: list[str], index: int, n: int, width: LineWidth, exact: bool) -> bool:
    """Whether the lines from page[index] on can be the page's footnote block starting with note n
    (asked where the body runs into it without a gap, so a wrapped body line such as "4 april 2024
    een oefening" is not taken for note 4). Footnotes stand at the foot of the page: with form
    feeds nothing but further notes and blank lines may follow; each line is a note's start (the
    next numbers) or a line the layout wrapped from the one before. Without form feeds the block
    ends where a line is neither, for the next page starts there."""
    expected = n + 1
    blank_seen = False
    for k in range(index + 1, len(page)):
        line = page[k].strip()
        if not line:
            blank_seen = True
            continue
        start = parse_footnote_start(line)
        if start and start[0] == expected:
            expected += 1
            blank_seen = False
            continue
        wrapped = width.wrapped(page[k - 1], page[k]) if page[k - 1].strip() else False
        if exact and k == max(j for j, text in enumerate(page) if text.strip()) and wrapped is False:
            return True  # a footer below the notes
        if blank_seen or wrapped is False:
            return not exact
        if wrapped is None and k - index > MAX_FOOTNOTE_CONTINUATION_LINES:
            return not exact
    return True


def _later_note_start(page: list[str], index: int, n: int, window: int = 70) -> bool:
    """Whether note n starts again further down, set off as notes are (after a blank line or a
    rule): each note appears once, so the line at page[index] was body text starting with a number."""
    for k in range(index + 1, min(len(page), index + window)):
        start = parse_footnote_start(page[k])
        before = page[k - 1].strip()
        if start and start[0] == n and (not before or _RULE.match(before)):
            return True
    return False


def _marker_recent(stream: list[tuple], index: int, window: int = 70) -> bool:
    """Without form feeds the page is not known: the marker stood within a page's worth of lines
    (pages hold at most some 65 lines)."""
    return index >= 0 and sum(1 for item in stream[index:] if item not in (BLANK, PAGE)) <= window


def _continues_footnote(parts: list[str], last_raw: str, raw: str, after_blank: bool, continuation_lines: int,
                        width: LineWidth, exact: bool) -> bool:
    """Whether a line inside a footnote block wraps the current footnote.

    Where the letter's width is known, directly below a footnote line that the layout wrapped (the
    line's first word would not have fitted on it): yes; below a line that had room: no — that
    footnote was finished. A hanging indent continues it too. Without width evidence: directly
    below, up to a few lines. After a blank line only when the footnote is visibly unfinished (no
    final period) and the line starts in lower case or with a URL.
    """
    line = raw.strip()
    if after_blank:
        unfinished = width.wrapped(last_raw, raw)  # the note's last line was full: it runs on
        if unfinished is None:
            unfinished = not ends_sentence(parts[-1])
        return unfinished and (line[0].islower() or _URLISH.match(line) is not None)
    if exact:  # with form feeds the notes run to the foot of the page
        return True
    if line[0].islower() and _URLISH.fullmatch(parts[-1].split()[-1]):
        return False  # a URL ends its note; a lower-case word after it is the next page's body
    wrapped = width.wrapped(last_raw, raw)
    if wrapped is not None:
        return wrapped
    if _URLISH.fullmatch(parts[-1].split()[-1]) and not line.startswith("("):
        return False  # a URL too long for the column ends its note (only a remark in brackets follows it)
    return continuation_lines < MAX_FOOTNOTE_CONTINUATION_LINES


def _footnote_may_start(stream: list[tuple]) -> bool:
    """A footnote block starts after a blank line, at a page top, or after a finished sentence.

    This keeps a wrapped body line such as "12 december over ..." (after "... van") in the body.
    """
    if not stream or stream[-1] in (BLANK, PAGE):
        return True
    return ends_sentence(stream[-1][1])


def build_paragraphs(stream: list[tuple], max_heading_words: int = MAX_HEADING_WORDS,
                     line_width: LineWidth | None = None) -> list[Paragraph]:
    """Group the line stream into paragraphs, unwrap two-line headings, then rebuild paragraphs
    split by a page break. Headings are unwrapped again after that: the body text after a heading
    may have been a page-bottom fragment that looked like a heading before it was rebuilt."""
    paragraphs = group_paragraphs(stream, line_width, max_heading_words)
    width = usual_line_width([item[1] for item in stream if item not in (BLANK, PAGE)])
    merged = merge_page_breaks(unwrap_headings(paragraphs, width, max_heading_words), max_heading_words)
    return unwrap_headings(merged, width, max_heading_words)


def list_item_text(line: str, previous: str | None) -> str | None:
    """The text of a list item when `line` starts one, else None.

    A bullet glyph (•, ▪, ...) always starts an item and is dropped; an enumerator (a., b), 1),
    (2)) is kept. A dash, asterisk or enumerator can also stand at the start of a wrapped line
    ("... het kabinet / – zoals toegezegd – ..."), so it starts an item only where `previous` is
    None (a paragraph start, or inside a list) or after a line that closes something (: ; . ! ?).
    """
    if _UNMISTAKABLE_BULLET.match(line):
        return line[1:].strip()
    bullet, enumerator = _BULLET.match(line), _ENUMERATOR.match(line)
    if not (bullet or enumerator):
        return None
    closer = previous.rstrip().rstrip(_CLOSERS)[-1:] if previous is not None else ":"
    if not closer or closer not in ":;.!?":
        return None
    return line[bullet.end():] if bullet else line


def group_paragraphs(stream: list[tuple], line_width: LineWidth | None = None,
                     max_heading_words: int = MAX_HEADING_WORDS) -> list[Paragraph]:
    """Blank lines and page breaks end a paragraph, and so does the start of a list item (a line
    starting with a bullet or enumerator, see `list_item_text`). The lines after an item stay with
    it up to the next blank line or item; where the item's continuation lines are indented, the
    first line back at the margin ends the list and starts a paragraph. The first paragraph of a
    page is flagged.

    Text without blank lines between paragraphs (a browser copy, a tight PDF export) is split where
    the layout shows a paragraph end (`starts_block`): an author's line break before a line that
    starts a sentence, a first-line indent after a sentence end, or a heading between two
    paragraphs."""
    line_width = line_width or LineWidth(None)
    paragraphs: list[Paragraph] = []
    current: Paragraph | None = None
    page_break = False
    indented_item = False  # the current list item's continuation lines are indented
    for k, item in enumerate(stream):
        if item in (PAGE, BLANK):
            if current is not None:
                paragraphs.append(current)
                current = None
            page_break = page_break or item == PAGE
            continue
        text, refs = item[1], item[2]
        indent = item[3] if len(item) > 3 else 0
        if current is not None and k > 0 and stream[k - 1] not in (PAGE, BLANK) and starts_block(
                stream, k, line_width, max_heading_words):
            paragraphs.append(current)
            current = None
        # at a paragraph start and inside a list any item may start; elsewhere only after a closer
        previous = None if current is None or current.list_item else current.lines[-1]
        item_text = list_item_text(text, previous)
        if item_text is not None:
            if current is not None:
                paragraphs.append(current)
            current = Paragraph(lines=[], after_page_break=page_break, list_item=True)
            page_break, text, indented_item = False, item_text, False
        elif current is not None and current.list_item and len(current.lines) > 1 and indented_item and not indent:
            paragraphs.append(current)  # back at the margin after an indented list: the list is over
            current = Paragraph(lines=[])
        elif current is None:
            current = Paragraph(lines=[], after_page_break=page_break)
            page_break = False
        if current.list_item and current.lines and indent:
            indented_item = True
        current.lines.append(text)
        current.footnote_refs.extend(r for r in refs if r not in current.footnote_refs)
    if current is not None:
        paragraphs.append(current)
    return paragraphs


def _raw(item: tuple) -> str:
    """The physical line of a stream item as printed (markers included), for width tests."""
    return item[4] if len(item) > 4 else item[1]


def _indent(item: tuple) -> int:
    return item[3] if len(item) > 3 else 0


# A paragraph or heading starts with a capital, a digit or an opening quote/bracket; a line that
# starts in lower case continues a sentence, whatever the line before looks like.
_BLOCK_START = re.compile(r"^[\"'‘“(\[]?[A-Z\u00c0-\u00de0-9]|^[•·▪◦●■□➢►*\-–—]\s")
# A section number or enumerator before a capitalised word ("2.1 Het tekort", "3. Maatregelen").
_NUMBERED_START = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Z\u00c0-\u00de]")
_FULL_STOP = re.compile(r"[.?!][)\]\"'’”»]*$")


def _line_at(stream: list[tuple], k: int) -> tuple | None:
    return stream[k] if 0 <= k < len(stream) and stream[k] not in (BLANK, PAGE) else None


def starts_block(stream: list[tuple], k: int, width: LineWidth, max_heading_words: int = MAX_HEADING_WORDS) -> bool:
    """Whether the line stream[k], directly under the line stream[k-1], starts a new paragraph.

    * the line before was broken by its author, not the layout: the first word of this line
      would have fitted on it (`LineWidth`), and this line starts like a sentence or heading;
    * a first-line indent: the line is indented deeper than the one before, which ended a sentence;
    * a heading between paragraphs: the line before ended a sentence and this line begins a run
      of at most three lines that reads as a heading (`_heading_run`) and ends where the author
      broke it (a heading does not end with a period and is followed by text that starts anew).
    """
    previous, item = stream[k - 1], stream[k]
    text = item[1].strip()
    if not text:
        return False
    if _indent(item) > _indent(previous) and (ends_sentence(previous[1]) or previous[1].rstrip().endswith(";")):
        return True  # a first-line indent after a finished sentence or list item (which may start in lower case)
    closes_clause = previous[1].rstrip().rstrip(_CLOSERS)[-1:] in (":", ";")
    if closes_clause and width.author_break(_raw(previous), _raw(item)):
        return True  # an enumeration after a colon: each item on a line of its own, even in lower case
    if not _BLOCK_START.match(text):
        return False
    # Dutch style writes a number at the start of a sentence in words (Taaladvies: "getal aan het
    # begin van een zin"): a line starting with digits after an unfinished line goes on with it.
    digit_start = text[0].isdigit() and not _NUMBERED_START.match(text)
    if width.author_break(_raw(previous), _raw(item)) and not (digit_start and not ends_sentence(previous[1])):
        return True
    if _opens_sentence(text) and _alone(stream, k - 1) and is_heading(previous[1], 1, max_heading_words):
        return True  # a heading on its own line, however long, before a sentence's first word
    if not ends_sentence(previous[1]):
        return False
    return _FULL_STOP.search(previous[1].rstrip()) is not None and _heading_run(stream, k, width, max_heading_words)


def _opens_sentence(text: str) -> bool:
    """Whether a line starts with a capitalised function word ("In", "De", "Het"): Dutch writes
    those in lower case except at the start of a sentence, so a sentence starts on this line."""
    first = text.split()[0]
    return first[:1].isupper() and first[1:].islower() and first.lower() in _UNFINISHED_END_WORDS


def _alone(stream: list[tuple], k: int) -> bool:
    """Whether stream[k] is a block's first line: after a blank line, a page break, the start, or
    a line that ended a sentence."""
    before = stream[k - 1] if k > 0 else BLANK
    return before in (BLANK, PAGE) or ends_sentence(before[1])


def _heading_run(stream: list[tuple], k: int, width: LineWidth, max_heading_words: int) -> bool:
    """Whether lines from stream[k] on (at most three, each but the last wrapped by the layout) form
    a heading that ends at an author's line break, a blank line or a page break."""
    lines: list[tuple] = []
    for j in range(k, k + 3):
        item = _line_at(stream, j)
        if item is None:
            break
        lines.append(item)
        after = _line_at(stream, j + 1)
        ended = after is None or (width.author_break(_raw(item), _raw(after))
                                  and _BLOCK_START.match(after[1].strip()) is not None)
        if ended:
            following = next((x for x in stream[j + 1:] if x != BLANK), None)
            if after is None and following in (None, PAGE):
                # a heading is kept with its text, never left at a page's (or the letter's) foot
                return False
            return is_heading(" ".join(line[1].strip() for line in lines), 1, max_heading_words)
        if after is not None and not width.wrapped(_raw(item), _raw(after)):
            return False
    return False



def usual_line_width(lines: list[str]) -> int | None:
    """The letter's line width: the 90th percentile of its line lengths (None for under 5 lines)."""
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    if len(lengths) < 5:
        return None
    return lengths[min(len(lengths) - 1, int(len(lengths) * 0.9))]


def is_wrapped_heading(lines: list[str], width: int | None, max_words: int = MAX_HEADING_WORDS) -> bool:
    """Whether a two-line paragraph is one heading that the layout wrapped.

    It is short (at most `max_words` words), starts with a capital or digit, ends in neither line
    with . , ; : or a hyphen, holds no sentence end, and its first line was wrapped by the layout:
    the second line's first word would not have fitted on it (measured against the letter's usual
    line width, with a little slack). A line the author broke himself (an address block: "Postbus
    20018" / "2500 EA DEN HAAG", "Tweede Kamer der Staten-Generaal" / "Vergaderjaar 2023-2024")
    stays well short of the margin.
    """
    if len(lines) != 2 or width is None:
        return False
    first, second = lines[0].strip(), lines[1].strip()
    text = f"{first} {second}"
    if not first or not second or first[-1] in ".,;:-" or ends_sentence(second) or second[-1] in ",;":
        return False
    if re.search(r"[.!?]\s+\S", re.sub(r"^(?:\d+\.)+\d*\s", "", text)):
        return False
    if len(first) + 1 + len(second.split()[0]) <= WRAP_TOLERANCE * width:
        return False
    return is_heading(text, 1, max_words)


def unwrap_headings(paragraphs: list[Paragraph], width: int | None,
                    max_words: int = MAX_HEADING_WORDS) -> list[Paragraph]:
    """Join a heading wrapped over two lines (`is_wrapped_heading`) into one line when body text
    follows it (a paragraph that is no heading itself), so that it reads as one heading. A bulleted
    list item is no heading; a numbered paragraph ("3. Maatregelen ...") may be."""
    result = []
    for k, paragraph in enumerate(paragraphs):
        following = paragraphs[k + 1] if k + 1 < len(paragraphs) else None
        bulleted = paragraph.list_item and not _ENUMERATOR.match(paragraph.lines[0])
        if (not bulleted and following is not None and is_wrapped_heading(paragraph.lines, width, max_words)
                and not (following.after_page_break and following.lines[0][:1].islower())
                and not is_heading(join_lines(following.lines), len(following.lines), max_words)):
            paragraph = Paragraph(lines=[" ".join(" ".join(paragraph.lines).split())],
                                  footnote_refs=paragraph.footnote_refs, after_page_break=paragraph.after_page_break,
                                  list_item=paragraph.list_item, furniture=paragraph.furniture)
        result.append(paragraph)
    return result


def merge_page_breaks(paragraphs: list[Paragraph], max_heading_words: int = MAX_HEADING_WORDS) -> list[Paragraph]:
    """Join the first paragraph of a page to the last one of the page before, where it continues.

    It continues when the earlier one does not end a sentence and either the new one starts in
    lower case or the earlier one is not a heading; a list item never continues the paragraph
    before it. Safe to run again after furniture removal (a removed running header passes its
    page-break flag on to the paragraph after it).
    """
    merged: list[Paragraph] = []
    for paragraph in paragraphs:
        if paragraph.after_page_break and merged and _continues(merged[-1], paragraph, max_heading_words):
            previous = merged[-1]
            merged[-1] = Paragraph(lines=previous.lines + paragraph.lines,
                                   footnote_refs=previous.footnote_refs
                                   + [r for r in paragraph.footnote_refs if r not in previous.footnote_refs],
                                   after_page_break=previous.after_page_break, list_item=previous.list_item,
                                   furniture=previous.furniture + paragraph.furniture)
        else:
            merged.append(paragraph)
    return merged


def _continues(previous: Paragraph, paragraph: Paragraph, max_heading_words: int) -> bool:
    """Whether `paragraph` (first on its page) continues `previous` (last on the page before)."""
    if paragraph.list_item:
        return False
    last = previous.lines[-1].rstrip()
    if ends_sentence(last):
        return False
    if last.endswith("-"):
        return True
    first = paragraph.lines[0].lstrip()
    if first[:1].islower():
        return True
    return not is_heading(join_lines(previous.lines), len(previous.lines), max_heading_words)


def hyphenated_words(lines: list[str]) -> frozenset[str]:
    """Evidence that a hyphen belongs to the word, from hyphens inside lines (never at a line end).

    Lower-cased words written with a hyphen ("kandidaat-lidstaten"), and, as "<prefix>-", a short
    lower-case first part (2-4 letters) whose hyphen nothing else explains: "ex-partner" gives
    "ex-", so "ex-" + "toeslagpartner" at a line end keeps its hyphen too. A vowel clash explains
    its hyphen (zee-egel says nothing about zeebodem), and so does the elision hyphen of a
    coordination ("zee- en luchtvaart"), which is therefore not counted.
    """
    found = {w for line in lines for w in _WORD_WITH_HYPHENS.findall(line)}
    prefixes = set()
    for word in found:
        first, rest = word.split("-", 1)
        if 2 <= len(first) <= 4 and first.islower() and (first[-1] + rest[0].lower()) not in VOWEL_CLASHES:
            prefixes.add(f"{first}-")
    return frozenset({w.lower() for w in found} | prefixes)


def join_pair(left: str, right: str, evidence: frozenset[str] = frozenset()) -> str:
    """Join two physical lines, undoing line-break hyphenation where the words allow it.

    `letter-` + lower-case letter is joined without the hyphen (aange-+kondigd), except when
    the hyphen belongs to the compound: a vowel clash (defensie-+uitgaven, zij-+ingang: the
    digraph ij is a vowel too; unless the closed form is an established word in Dutch word
    frequencies: ge-+uit, be-+eindigd, ge-+inventariseerd), a capital or digit before it
    (EU-+verband, 2021-+2027), a capital after it (Noord-+Korea), a coordinated compound
    (veiligheids- + en defensiebeleid keeps the space too), the same compound written with a hyphen
    elsewhere in the letter (`evidence`), or a short first part that takes a hyphen
    (`_keeps_prefix_hyphen`: po-+scholen, ex-+toeslagpartner).
    """
    left = left.rstrip()
    right = right.strip()
    if not left or not right:
        return left + right
    if not (left.endswith("-") and len(left) >= 2 and left[-2].isalnum()):
        return f"{left} {right}"
    before, first = left[-2], right[0]
    tokens = right.split()
    if tokens[0].lower() in COORDINATORS and len(tokens) > 1:  # a coordination names its second part
        return f"{left} {right}"
    if before.isupper() or before.isdigit() or not first.isalpha() or first.isupper():
        return left + right
    tail = _TRAILING_HYPHENATED_WORD.search(left)
    head = _LEADING_WORD.match(right)
    if tail and head and f"{tail.group(1)}-{head.group(0)}".lower() in evidence:
        return left + right
    if tail and head and "-" in tail.group(1) and not _is_known_word(tail.group(1).rsplit("-", 1)[1] + head.group(0)):
        # A compound already joined with hyphens ("kandidaat-lid-", "staakt-het-") takes one at
        # every joint (Dutch spelling writes such word groups with hyphens throughout), unless
        # its last part was only broken ("EU-ver-" + "band": "verband" is a word).
        return left + right
    ij_clash = left.lower().endswith("ij-") and first.lower() in "aeiou"  # zij-ingang: ij is a vowel
    if (before.lower() + first.lower()) in VOWEL_CLASHES or ij_clash:
        if tail and head:
            closed = _established_closed_form(tail.group(1), head.group(0))
            if closed is not None:  # be-+eindigd → beëindigd, ge-+uit → geuit
                return left[: tail.start()] + closed + right[head.end():]
        return left + right
    if tail and head and _keeps_prefix_hyphen(tail.group(1), head.group(0), evidence):
        return left + right
    return left[:-1] + right


def _is_known_word(word: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "nl") >= KNOWN_WORD_ZIPF


def _keeps_prefix_hyphen(before: str, after: str, evidence: frozenset[str]) -> bool:
    """Whether `before`-`after` keeps its hyphen because `before` is a short prefix that takes one.

    `before` is the whole word before the line-end hyphen, in lower case and 2-4 letters long, and
    is either written with a hyphen elsewhere in the letter ("ex-partner": "ex-" in `evidence`),
    a known hyphen prefix (`HYPHEN_PREFIXES`), or an initialism (no vowel).
    A syllable break (po-+litiek, ex-+tra) is told apart by the words: the closed form must be
    unknown to Dutch word frequencies and the second part a known word.
    """
    if not (2 <= len(before) <= 4 and before.islower() and before.isalpha()):
        return False
    if not (f"{before}-" in evidence or before in HYPHEN_PREFIXES or not (set(before) & _VOWELS)):
        return False
    from wordfreq import zipf_frequency

    return zipf_frequency(before + after, "nl") == 0 and zipf_frequency(after, "nl") > 0


def _established_closed_form(before: str, after: str) -> str | None:
    """The closed spelling of `before`-`after` when it is an established Dutch word, else None.

    At a line break Dutch drops the diaeresis (beëindigd is broken be-eindigd), so the closed form
    with a diaeresis on the second part's first vowel is tried too: it wins when it is a known word
    (`DIAERESIS_WORD_ZIPF`) more frequent than the plain closed form. The plain closed form needs to
    be an established word (`KNOWN_WORD_ZIPF`).
    """
    from wordfreq import zipf_frequency

    plain = before + after
    with_diaeresis = before + after[0].translate(_DIAERESIS) + after[1:]
    plain_zipf = zipf_frequency(plain, "nl")
    diaeresis_zipf = zipf_frequency(with_diaeresis, "nl") if with_diaeresis != plain else 0.0
    if diaeresis_zipf > DIAERESIS_WORD_ZIPF and diaeresis_zipf > plain_zipf:
        return with_diaeresis
    if plain_zipf >= KNOWN_WORD_ZIPF:
        return plain
    return None


def join_lines(lines: list[str], evidence: frozenset[str] = frozenset()) -> str:
    """One string from a paragraph's lines: joined with single spaces, hyphenation undone."""
    text = ""
    for line in lines:
        text = join_pair(text, line, evidence) if text else line.strip()
    return " ".join(text.split())


# Words a Dutch heading (a noun phrase: "Stand van zaken", "Overige onderwerpen") never ends on:
# articles, prepositions, conjunctions, relative pronouns and auxiliaries leave a clause unfinished
# ("Tijdens de Top vond een side event van de" is a sentence broken at a page foot).
_UNFINISHED_END_WORDS = frozenset({
    "de", "het", "een", "der", "des", "van", "voor", "met", "in", "op", "aan", "te", "en", "of", "om", "door",
    "bij", "naar", "over", "uit", "tot", "tegen", "onder", "tussen", "na", "sinds", "zonder", "via", "die",
    "dat", "dan", "als", "maar", "want", "omdat", "dus", "wordt", "worden", "werd", "werden", "zal", "zullen",
    "kan", "kunnen", "heeft", "hebben", "had", "is", "zijn", "was", "waren", "er", "ook", "nog", "niet", "zich",
    "haar", "hun", "zijn", "deze", "dit", "wij", "we", "ik", "u", "zij", "ze", "hij", "waarbij", "waarin"})


def is_heading(text: str, n_lines: int, max_words: int = MAX_HEADING_WORDS) -> bool:
    """A heading is a one-line paragraph of at most `max_words` words that starts with an
    upper-case letter or digit, has a letter, does not end in . , ; : - nor on a word that leaves a
    clause unfinished (`_UNFINISHED_END_WORDS`), and holds no sentence end (a lower-case word, a
    full stop and a capital: "... het voorstel. Het kabinet is van mening" is the start of a
    paragraph at a page bottom, not a heading)."""
    text = text.strip()
    words = text.split()
    return (n_lines == 1 and 0 < len(words) <= max_words
            and (text[0].isupper() or text[0].isdigit())
            and re.search(r"[^\W\d_]", text) is not None
            and text[-1] not in ".,;:-"
            and (len(words) < 3 or words[-1] not in _UNFINISHED_END_WORDS)
            and not any(m.group(1) not in _TITLE_ABBREVIATIONS for m in _INNER_SENTENCE_END.finditer(text)))


def _unwrapped(lines: list[str]) -> bool:
    """Text saved with one paragraph per line (no blank lines, many long lines), not wrapped.

    Wrapped page text has lines of at most ~120 characters; here each line is its own paragraph.
    """
    filled = [line for line in lines if line.strip()]
    inner = "\n".join(lines).strip("\n").split("\n")
    if len(filled) < 2 or len(inner) != len(filled):
        return False
    return sum(len(line) > 150 for line in filled) >= len(filled) / 3


def clean_text(text: str, furniture_patterns: list[str], repeated_line_min_pages: int,
               max_heading_words: int = MAX_HEADING_WORDS) -> CleanText:
    """Run all cleaning rules over extracted text (pages separated by form feeds, if known)."""
    pages, exact = split_pages(normalise_text(text))
    if not exact and _unwrapped(pages[0]):
        pages = [[part for line in pages[0] for part in (line, "")]]
    furniture: list[str] = []
    pages = drop_furniture_lines(pages, compile_patterns(furniture_patterns), exact, furniture)
    pages = drop_running_lines(pages, exact, repeated_line_min_pages, removed=furniture)
    line_width = measure_width(pages)
    stream, footnotes, warnings = separate_footnotes(pages, exact, line_width)
    paragraphs = build_paragraphs(stream, max_heading_words, line_width)
    if paragraphs:
        paragraphs[0].furniture = list(furniture)
    evidence = hyphenated_words([item[1] for item in stream if item not in (BLANK, PAGE)])
    logger.debug("cleaned: %d pages, %d paragraphs, %d footnotes", len(pages), len(paragraphs), len(footnotes))
    return CleanText(paragraphs=paragraphs, footnotes=footnotes, hyphenated_words=evidence, warnings=warnings,
                     furniture=furniture)
