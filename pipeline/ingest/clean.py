"""Cleaning of PDF-extracted text, shared by the plain-text and PDF readers.

Small pure functions, applied in this order by `clean_text`:

1. `normalise_text`        newlines, odd spaces, soft hyphens
2. `split_pages`           form feeds; without them a page break only shows after a footnote block
3. `drop_furniture_lines`  whole lines matching `ingest.furniture_patterns` (page numbers, ...)
4. `drop_running_lines`    short lines repeated at page edges (running headers/footers)
5. `separate_footnotes`    footnote texts out of the body, glued markers out of the text
6. `build_paragraphs`      blank lines split paragraphs; paragraphs are rebuilt across page breaks
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
_DIAERESIS = str.maketrans("aeiou", "äëïöü")
# "veiligheids- en defensiebeleid": the hyphen stands for a shared second part and keeps its space.
COORDINATORS = frozenset({"en", "of", "tot", "noch", "als"})

_LETTER = r"[^\W\d_]"
_WORD_WITH_HYPHENS = re.compile(rf"{_LETTER}+(?:-{_LETTER}+)+")
_LEADING_WORD = re.compile(rf"{_LETTER}+(?:-{_LETTER}+)*")
_TRAILING_HYPHENATED_WORD = re.compile(rf"({_LETTER}+(?:-{_LETTER}+)*)-$")
_FOOTNOTE_START = re.compile(r"^(\d{1,3})\s+(\S.*)$")
_URLISH = re.compile(r"\S*(?:https?://|www\.|\S@\S)\S*", re.IGNORECASE)
_SENTENCE_END = ".?!:"
_CLOSERS = ")]\"'’”»"


@dataclass
class Paragraph:
    """A paragraph of body text as physical lines (markers already removed)."""

    lines: list[str]
    footnote_refs: list[int] = field(default_factory=list)
    after_page_break: bool = False  # first paragraph of a page


@dataclass
class CleanText:
    """Result of `clean_text`: paragraphs in reading order, footnotes, what went oddly."""

    paragraphs: list[Paragraph]
    footnotes: list[tuple[int, str]]
    hyphenated_words: frozenset[str]
    warnings: list[str]


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


def drop_furniture_lines(pages: list[list[str]], patterns: list[re.Pattern[str]]) -> list[list[str]]:
    """Remove lines matching any furniture pattern (matched against the stripped line)."""
    return [[line for line in page if not (line.strip() and any(p.search(line.strip()) for p in patterns))]
            for page in pages]


def digit_key(line: str) -> str:
    """Comparison key of a line: digits runs become '#', whitespace collapsed."""
    return re.sub(r"\d+", "#", " ".join(line.split()))


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
    3") on several page bottoms are not mistaken for furniture.
    """
    numbers = [[int(d) for d in re.findall(r"\d+", line)] for _, line in occurrences]
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


def drop_running_lines(pages: list[list[str]], exact: bool, min_pages: int,
                       max_words: int = RUNNING_LINE_MAX_WORDS, edge: int = EDGE_LINES) -> list[list[str]]:
    """Remove short lines repeated at the edges of at least `min_pages` pages."""
    if exact:
        layout = pages
    else:  # one "page" of text: guess pages only to find the repeats, keep its structure
        layout = _soft_pages(pages[0]) if pages else []
    seen: dict[str, list[tuple[int, int, str]]] = {}
    for p, page in enumerate(layout):
        for i in _edge_indexes(page, edge):
            line = page[i].strip()
            if len(line.split()) <= max_words and re.search(r"[^\W\d_]", line):
                seen.setdefault(digit_key(line), []).append((p, i, line))
    doomed: set[tuple[int, int]] = set()
    for key, hits in seen.items():
        first_per_page: dict[int, tuple[int, int, str]] = {}
        for hit in hits:
            first_per_page.setdefault(hit[0], hit)
        if len(first_per_page) < min_pages:
            continue
        if _is_running([(p, line) for p, _, line in first_per_page.values()], exact):
            logger.debug("running header/footer on %d pages: %r", len(first_per_page), key)
            doomed.update((p, i) for p, i, _ in hits)
    cleaned = [[line for i, line in enumerate(page) if (p, i) not in doomed] for p, page in enumerate(layout)]
    if exact:
        return cleaned
    return [[line for page in cleaned for line in page]]


@lru_cache(maxsize=256)
def _marker_pattern(n: int) -> re.Pattern[str]:
    """Regex for footnote marker n (cached: one per marker number)."""
    # Digits glued to a letter or closing punctuation, and followed by a space, punctuation or the
    # line end: "Oekraïne.1", "grensovergang3 (ook", "minderheden4),", "c.s.15 heeft".
    return re.compile(rf"(?:(?<={_LETTER})|(?<=[.,;:)\]\"'’”]))({n})(?=$|[\s.,;:)\]!?\"'’”])")


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
        if not before.isalpha() and s >= 2 and line[s - 2].isdigit():
            # "2023.2 De" is a marker after a date; "1,2 miljard" and "3.2 van" are numbers.
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


def separate_footnotes(pages: list[list[str]], exact: bool) -> tuple[list[tuple], list[tuple[int, str]], list[str]]:
    """Split lines into a body stream and footnotes, removing glued markers from the body.

    The stream holds ("line", text, refs), BLANK and PAGE items. Footnote n is accepted only after
    its marker was seen in the body, and footnotes are numbered from 1 without gaps, so body lines
    that start with a number ("2024 een nieuw rapport") stay body text. A footnote block runs to the
    end of its page; without form feeds it ends where the next page starts (a line with one leading
    space) or at the first line that cannot continue a footnote.
    """
    stream: list[tuple] = []
    notes: dict[int, list[str]] = {}
    warnings: list[str] = []
    next_marker = next_note = 1
    for page_index, page in enumerate(pages):
        if page_index:
            stream.append(PAGE)
        in_block = blank_in_block = False
        continuation_lines = 0
        for raw in page:
            line = raw.strip()
            if in_block:
                if not line:
                    blank_in_block = True
                    continue
                next_page = not exact and _is_soft_page_start(raw)
                start = parse_footnote_start(line)
                if start and start[0] == next_note and not next_page:
                    if start[0] >= next_marker:
                        # A numbered line inside a footnote block whose marker the body did not
                        # show (e.g. glued to a capital): keep the numbering in step, report it.
                        warnings.append(f"footnote {start[0]}: marker not found in the body text")
                        next_marker = start[0] + 1
                    notes[start[0]] = [start[1]]
                    next_note += 1
                    blank_in_block = False
                    continuation_lines = 0
                    continue
                if not next_page and _continues_footnote(notes[next_note - 1], line, blank_in_block,
                                                         continuation_lines):
                    notes[next_note - 1].append(line)
                    continuation_lines += 1
                    blank_in_block = False
                    continue
                in_block = False  # the footnotes closed the page: what follows is the next page
                stream.append(PAGE)
            if not line:
                stream.append(BLANK)
                continue
            start = parse_footnote_start(line)
            if start and start[0] == next_note and start[0] < next_marker and _footnote_may_start(stream):
                in_block, blank_in_block, continuation_lines = True, False, 0
                notes[start[0]] = [start[1]]
                next_note += 1
                continue
            text, refs, next_marker = strip_markers(line, next_marker)
            stream.append(("line", text, refs))
    missing = [n for n in range(1, next_marker) if n not in notes]
    if missing:
        warnings.append(f"footnote markers without a footnote text: {missing}")
    footnotes = [(n, " ".join(" ".join(parts).split())) for n, parts in sorted(notes.items())]
    return stream, footnotes, warnings


def _continues_footnote(parts: list[str], line: str, after_blank: bool, continuation_lines: int) -> bool:
    """Whether a line inside a footnote block wraps the current footnote.

    Directly below it: yes, up to a few lines. After a blank line only when the footnote is
    visibly unfinished (no final period) and the line starts in lower case or with a URL.
    """
    if continuation_lines >= MAX_FOOTNOTE_CONTINUATION_LINES:
        return False
    if not after_blank:
        return True
    return not ends_sentence(parts[-1]) and (line[0].islower() or _URLISH.match(line) is not None)


def _footnote_may_start(stream: list[tuple]) -> bool:
    """A footnote block starts after a blank line, at a page top, or after a finished sentence.

    This keeps a wrapped body line such as "12 december over ..." (after "... van") in the body.
    """
    if not stream or stream[-1] in (BLANK, PAGE):
        return True
    return ends_sentence(stream[-1][1])


def build_paragraphs(stream: list[tuple], max_heading_words: int = MAX_HEADING_WORDS) -> list[Paragraph]:
    """Group the line stream into paragraphs, then rebuild paragraphs split by a page break."""
    return merge_page_breaks(group_paragraphs(stream), max_heading_words)


def group_paragraphs(stream: list[tuple]) -> list[Paragraph]:
    """Blank lines and page breaks end a paragraph; the first paragraph of a page is flagged."""
    paragraphs: list[Paragraph] = []
    current: Paragraph | None = None
    page_break = False
    for item in stream:
        if item in (PAGE, BLANK):
            if current is not None:
                paragraphs.append(current)
                current = None
            page_break = page_break or item == PAGE
            continue
        _, text, refs = item
        if current is None:
            current = Paragraph(lines=[], after_page_break=page_break)
            page_break = False
        current.lines.append(text)
        current.footnote_refs.extend(r for r in refs if r not in current.footnote_refs)
    if current is not None:
        paragraphs.append(current)
    return paragraphs


def merge_page_breaks(paragraphs: list[Paragraph], max_heading_words: int = MAX_HEADING_WORDS) -> list[Paragraph]:
    """Join the first paragraph of a page to the last one of the page before, where it continues.

    It continues when the earlier one does not end a sentence and either the new one starts in
    lower case or the earlier one is not a heading. Safe to run again after furniture removal
    (a removed running header passes its page-break flag on to the paragraph after it).
    """
    merged: list[Paragraph] = []
    for paragraph in paragraphs:
        if paragraph.after_page_break and merged and _continues(merged[-1], paragraph, max_heading_words):
            previous = merged[-1]
            merged[-1] = Paragraph(lines=previous.lines + paragraph.lines,
                                   footnote_refs=previous.footnote_refs
                                   + [r for r in paragraph.footnote_refs if r not in previous.footnote_refs],
                                   after_page_break=previous.after_page_break)
        else:
            merged.append(paragraph)
    return merged


def _continues(previous: Paragraph, paragraph: Paragraph, max_heading_words: int) -> bool:
    """Whether `paragraph` (first on its page) continues `previous` (last on the page before)."""
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
    """Lower-cased words written with a hyphen inside a line: evidence that a compound keeps it."""
    return frozenset(w.lower() for line in lines for w in _WORD_WITH_HYPHENS.findall(line))


def join_pair(left: str, right: str, evidence: frozenset[str] = frozenset()) -> str:
    """Join two physical lines, undoing line-break hyphenation where the words allow it.

    `letter-` + lower-case letter is joined without the hyphen (aange-+kondigd), except when
    the hyphen belongs to the compound: a vowel clash (defensie-+uitgaven; unless the closed form
    is an established word in Dutch word frequencies: ge-+uit, be-+eindigd), a capital or digit
    before it (EU-+verband, 2021-+2027), a capital after it (Noord-+Korea), a coordinated compound
    (veiligheids- + en defensiebeleid keeps the space too), or the same compound written with a
    hyphen elsewhere in the letter (`evidence`).
    """
    left = left.rstrip()
    right = right.strip()
    if not left or not right:
        return left + right
    if not (left.endswith("-") and len(left) >= 2 and left[-2].isalnum()):
        return f"{left} {right}"
    before, first = left[-2], right[0]
    first_word = right.split()[0].rstrip(",.;:)").lower()
    if first_word in COORDINATORS:
        return f"{left} {right}"
    if before.isupper() or before.isdigit() or not first.isalpha() or first.isupper():
        return left + right
    tail = _TRAILING_HYPHENATED_WORD.search(left)
    head = _LEADING_WORD.match(right)
    if tail and head and f"{tail.group(1)}-{head.group(0)}".lower() in evidence:
        return left + right
    if (before.lower() + first.lower()) in VOWEL_CLASHES:
        if tail and head:
            closed = _established_closed_form(tail.group(1), head.group(0))
            if closed is not None:  # be-+eindigd → beëindigd, ge-+uit → geuit
                return left[: tail.start()] + closed + right[head.end():]
        return left + right
    return left[:-1] + right


def _established_closed_form(before: str, after: str) -> str | None:
    """The closed spelling of `before`-`after` when it is an established Dutch word, else None.

    At a line break Dutch drops the diaeresis (beëindigd is broken be-eindigd), so the closed form
    with a diaeresis on the second part's first vowel is tried too.
    """
    from wordfreq import zipf_frequency

    plain = before + after
    with_diaeresis = before + after[0].translate(_DIAERESIS) + after[1:]
    plain_zipf = zipf_frequency(plain, "nl")
    diaeresis_zipf = zipf_frequency(with_diaeresis, "nl") if with_diaeresis != plain else 0.0
    if diaeresis_zipf >= KNOWN_WORD_ZIPF and diaeresis_zipf > plain_zipf:
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


def is_heading(text: str, n_lines: int, max_words: int = MAX_HEADING_WORDS) -> bool:
    """A heading is a one-line paragraph of at most `max_words` words that starts with an
    upper-case letter or digit, has a letter, and does not end in . , ; :"""
    text = text.strip()
    return (n_lines == 1 and 0 < len(text.split()) <= max_words
            and (text[0].isupper() or text[0].isdigit())
            and re.search(r"[^\W\d_]", text) is not None
            and text[-1] not in ".,;:")


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
    pages = drop_furniture_lines(pages, compile_patterns(furniture_patterns))
    pages = drop_running_lines(pages, exact, repeated_line_min_pages)
    stream, footnotes, warnings = separate_footnotes(pages, exact)
    paragraphs = build_paragraphs(stream, max_heading_words)
    evidence = hyphenated_words([item[1] for item in stream if item not in (BLANK, PAGE)])
    logger.debug("cleaned: %d pages, %d paragraphs, %d footnotes", len(pages), len(paragraphs), len(footnotes))
    return CleanText(paragraphs=paragraphs, footnotes=footnotes, hyphenated_words=evidence, warnings=warnings)
