"""Cleaning of PDF-extracted text, shared by the plain-text and PDF readers.

Small pure functions, applied in this order by `clean_text`:

1. `normalise_text`        newlines, odd spaces, soft hyphens
2. `split_pages`           form feeds; without them a page break shows after a footnote block
3. `drop_furniture_lines`  (`furniture.py`, as is step 4) lines matching `ingest.furniture_patterns`
   and the running Kamerstuk header; without form feeds they mark page boundaries
4. `drop_running_lines`    running headers/footers, reference fields on later pages: page boundaries too
   (an answer document's `Vraag n`/`Antwoord n` labels held back, `questions.keeping_question_labels`)
5. `separate_footnotes`    footnote texts out of the body, glued markers out of the text; a
   footnote block never runs on past a page boundary (`footnotes.py`)
6. `build_paragraphs`      blank lines split paragraphs, and so do the author's line breaks the line width
   shows (`linewidth.py`); a bullet or enumerator starts a list item, a heading wrapped over two
   lines is unwrapped, paragraphs are rebuilt across page breaks
7. `join_lines`/`is_heading` turn a paragraph into one string (undoing line-end hyphenation,
   `hyphenation.py`) and decide whether it is a heading.

Every rule is decided from the text itself (word shapes, positions, numbering), never from one
letter's words, so that it carries over to letters this project has never seen.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from pipeline.stages.ingest.footnotes import separate_footnotes
from pipeline.stages.ingest.furniture import compile_patterns, drop_furniture_lines, drop_running_lines
from pipeline.stages.ingest.hyphenation import hyphenated_words, join_lines
from pipeline.stages.ingest.linewidth import LineWidth, measure_width
from pipeline.stages.ingest.metadata import CLOSING, HEAD_FIELD, SIGNATURE_LINE, SIGNER, SUBJECT
from pipeline.stages.ingest.pagebreaks import first_line_indents, page_evidence, stretched
from pipeline.stages.ingest.questions import keeping_question_labels
from pipeline.stages.ingest.textshape import (BLANK, MAX_HEADING_WORDS, PAGE, SENTENCE_END_CHARS, common_words,
                                              ends_on_abbreviation, ends_on_initials, ends_sentence, indent_of,
                                              is_heading, opens_sentence, raw_line, usual_line_width)
from pipeline.stages.ingest.textshape import CLOSERS as _CLOSERS

logger = logging.getLogger(__name__)

# A list item: a bullet glyph, or an enumerator (a., b), 1), (2), iv.) followed by a space.
_BULLET = re.compile(r"^[•·▪◦●■□➢►*\-–—]\s+(?=\S)")
_ENUMERATOR = re.compile(r"^(?:\(?(?:[a-z]|\d{1,2}|[ivx]{1,4})\)|(?:[a-z]|\d{1,2}|[ivx]{1,4})\.)\s+(?=\S)")
_UNMISTAKABLE_BULLET = re.compile(r"^[•·▪◦●■□➢►]\s*(?=\S)")
WRAP_TOLERANCE = 0.9  # a line plus the next word beyond this share of the usual width: wrapped by the layout


@dataclass
class Paragraph:
    """A paragraph of body text as physical lines (markers already removed)."""

    lines: list[str]
    footnote_refs: list[int] = field(default_factory=list)
    after_page_break: bool = False  # first paragraph of a page
    list_item: bool = False  # started by a bullet or enumerator: never the rest of the paragraph before
    # First paragraph of a page: whether the layout shows that it goes on from the page before
    # (True), that it starts anew (False), or nothing either way (None); see `page_evidence`.
    page_evidence: bool | None = None
    # Page furniture removed by the cleaning (on the first paragraph): the letter-head reader takes
    # what it can use from it, e.g. the dossier number of a running Kamerstuk header.
    furniture: list[str] = field(default_factory=list)
    # Set as body text: the first line carries the letter's first-line indent, or a line is stretched to the
    # justified column (`stretched`); a heading is set flush and never justified (Dutch typesetting).
    body_setting: bool = False


@dataclass
class Line:
    paragraph: int  # index of the paragraph the line belongs to
    text: str


def flatten(paragraphs: list[Paragraph]) -> list[Line]:
    """All lines in order, each remembering its paragraph."""
    return [Line(i, line) for i, p in enumerate(paragraphs) for line in p.lines]


@dataclass
class CleanText:
    """Result of `clean_text`: paragraphs in reading order, footnotes, what went oddly."""

    paragraphs: list[Paragraph]
    footnotes: list[tuple[int, str]]
    hyphenated_words: frozenset[str]
    warnings: list[str]
    furniture: list[str] = field(default_factory=list)  # page furniture lines removed, in order


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


def build_paragraphs(stream: list[tuple], max_heading_words: int = MAX_HEADING_WORDS,
                     line_width: LineWidth | None = None) -> list[Paragraph]:
    """Group the line stream into paragraphs, unwrap two-line headings, then rebuild paragraphs
    split by a page break. Headings are unwrapped again after that: the body text after a heading
    may have been a page-bottom fragment that looked like a heading before it was rebuilt."""
    paragraphs = group_paragraphs(stream, line_width, max_heading_words)
    width = usual_line_width([item[1] for item in stream if item not in (BLANK, PAGE)])
    merged = merge_page_breaks(unwrap_headings(paragraphs, width, max_heading_words), max_heading_words, line_width)
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
    last_line = before_break = None  # stream indexes: the latest line, the last line before a page break
    indents = first_line_indents(stream)
    # where paragraphs open with an indent, a flush line opens none, whatever its first word
    common = frozenset() if indents else common_words([item[1] for item in stream if item not in (PAGE, BLANK)])
    for k, item in enumerate(stream):
        if item in (PAGE, BLANK):
            # A blank line inside a sentence (the line before ends without punctuation, the next
            # starts in lower case) is a page gap, not a paragraph break: a Dutch paragraph ends
            # with its sentence and starts with a capital. Marked as a page break, it is rejoined.
            mid_sentence = (item == BLANK and current is not None and not current.list_item
                            and current.lines[-1].rstrip()[-1:] not in ".?!:;" and _lower_next(stream, k))
            if current is not None:
                paragraphs.append(current)
                current = None
            if (item == PAGE or mid_sentence) and not page_break:
                before_break = last_line
            page_break = page_break or item == PAGE or mid_sentence
            continue
        evidence = (page_evidence(stream[before_break], item, line_width, indents)
                    if page_break and before_break is not None else None)
        last_line = k
        text, refs = item[1], item[2]
        indent = item[3] if len(item) > 3 else 0
        if current is not None and k > 0 and stream[k - 1] not in (PAGE, BLANK) and starts_block(
                stream, k, line_width, max_heading_words, common):
            paragraphs.append(current)
            current = None
        # at a paragraph start and inside a list any item may start; elsewhere only after a closer
        previous = None if current is None or current.list_item else current.lines[-1]
        item_text = list_item_text(text, previous)
        if item_text is not None:
            if current is not None:
                paragraphs.append(current)
            current = Paragraph(lines=[], after_page_break=page_break, list_item=True, page_evidence=evidence)
            page_break, text, indented_item = False, item_text, False
        elif current is not None and current.list_item and len(current.lines) > 1 and indented_item and not indent:
            paragraphs.append(current)  # back at the margin after an indented list: the list is over
            current = Paragraph(lines=[])
        elif current is None:
            current = Paragraph(lines=[], after_page_break=page_break, page_evidence=evidence)
            page_break = False
        if current.list_item and current.lines and indent:
            indented_item = True
        current.body_setting = current.body_setting or stretched(raw_line(item), line_width) or (
            indents and not current.lines and not current.list_item and indent > 0)
        current.lines.append(text)
        current.footnote_refs.extend(r for r in refs if r not in current.footnote_refs)
    if current is not None:
        paragraphs.append(current)
    return paragraphs


def _lower_next(stream: list[tuple], k: int) -> bool:
    """Whether the next line after stream[k] (past blank lines, on the same page) starts in lower case."""
    for item in stream[k + 1:]:
        if item == BLANK:
            continue
        return item != PAGE and item[1].strip()[:1].islower()
    return False


# A paragraph or heading starts with a capital, a digit or an opening quote/bracket; a line that
# starts in lower case continues a sentence, whatever the line before looks like.
_BLOCK_START = re.compile(r"^[\"'‘“(\[]?[A-Z\u00c0-\u00de0-9]|^[•·▪◦●■□➢►*\-–—]\s")
# A section number or enumerator before a capitalised word ("2.1 Het tekort", "3. Maatregelen").
_NUMBERED_START = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Z\u00c0-\u00de]")
_FULL_STOP = re.compile(r"[.?!][)\]\"'’”»]*$")


def _line_at(stream: list[tuple], k: int) -> tuple | None:
    return stream[k] if 0 <= k < len(stream) and stream[k] not in (BLANK, PAGE) else None


def starts_block(stream: list[tuple], k: int, width: LineWidth, max_heading_words: int = MAX_HEADING_WORDS,
                 common: frozenset[str] = frozenset()) -> bool:
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
    if indent_of(item) > indent_of(previous) and (
            ends_sentence(previous[1]) or previous[1].rstrip().endswith(";")
            or (_alone(stream, k - 1) and is_heading(previous[1], 1, max_heading_words))):
        # a first-line indent after a finished sentence or list item (which may start in lower
        # case), or after a heading on its own line
        return True
    closes_clause = previous[1].rstrip().rstrip(_CLOSERS)[-1:] in (":", ";")
    if closes_clause and width.author_break(raw_line(previous), raw_line(item)):
        return True  # an enumeration after a colon: each item on a line of its own, even in lower case
    if not _BLOCK_START.match(text):
        return False
    # Dutch style writes a number at the start of a sentence in words (Taaladvies: "getal aan het
    # begin van een zin"): a line starting with digits after an unfinished line goes on with it.
    digit_start = text[0].isdigit() and not _NUMBERED_START.match(text)
    if width.author_break(raw_line(previous), raw_line(item)) and not (digit_start and not ends_sentence(previous[1])):
        return True
    if opens_sentence(text, previous[1], common) and is_heading(previous[1], 1, max_heading_words) and (
            _alone(stream, k - 1) or _under_heading(stream, k - 1, width, max_heading_words)):
        return True  # a heading on its own line, however long, before a sentence's first word
    if width.short_of_justified_measure(raw_line(previous)) and (
            (_FULL_STOP.search(previous[1].rstrip()) and not ends_on_initials(previous[1]))
            or width.fills_justified_measure(raw_line(item))):
        # justified text: the last line of a paragraph or heading is the one not stretched to the
        # column, every other line of a paragraph is stretched; so an unstretched line before a
        # stretched one ends its block (a heading as long as the wrap point shows its end only so)
        return True
    if not ends_sentence(previous[1]) or ends_on_initials(previous[1]):
        return False  # a name's initials at a line end ("…, H.G.J." / "Koster"): the name goes on
    return _FULL_STOP.search(previous[1].rstrip()) is not None and _heading_run(stream, k, width, max_heading_words)


def _alone(stream: list[tuple], k: int) -> bool:
    """Whether stream[k] is a block's first line: after a blank line, a page break, the start, or
    a line that ended a sentence."""
    before = stream[k - 1] if k > 0 else BLANK
    return before in (BLANK, PAGE) or ends_sentence(before[1])


def _under_heading(stream: list[tuple], k: int, width: LineWidth, max_heading_words: int) -> bool:
    """Whether stream[k] follows a heading of its own line (a block's first line, ended by its author,
    that reads as a heading): a parent heading directly above its first child heading, as annotated
    agendas set them (`Wetgevingsonderwerpen` / `Verordening inzake …`)."""
    above = _line_at(stream, k - 1)
    return (above is not None and _alone(stream, k - 1) and is_heading(above[1], 1, max_heading_words)
            and width.author_break(raw_line(above), raw_line(stream[k])))


def _heading_run(stream: list[tuple], k: int, width: LineWidth, max_heading_words: int) -> bool:
    """Whether lines from stream[k] on (at most three, each but the last wrapped by the layout) form
    a heading that ends at an author's line break, a blank line, a page break, or before a line that
    opens a sentence (`opens_sentence`: a heading as long as the column shows its end only so) or
    a paragraph by its first-line indent.
    Seen by line breaks alone, a heading is a noun phrase: a run ending in ? or ! is a sentence
    (a question's last sentence before an `Antwoord` label)."""
    lines: list[tuple] = []
    for j in range(k, k + 3):
        item = _line_at(stream, j)
        if item is None:
            break
        lines.append(item)
        after = _line_at(stream, j + 1)
        ended = after is None or (width.author_break(raw_line(item), raw_line(after))
                                  and _BLOCK_START.match(after[1].strip()) is not None) or (
            not ends_sentence(item[1]) and (opens_sentence(after[1].strip()) or indent_of(after) > indent_of(item)))
        if ended:
            following = next((x for x in stream[j + 1:] if x != BLANK), None)
            if after is None and following in (None, PAGE):
                # a heading is kept with its text, never left at a page's (or the letter's) foot
                return False
            text = " ".join(line[1].strip() for line in lines)
            return text.rstrip(_CLOSERS)[-1:] not in "?!" and is_heading(text, 1, max_heading_words)
        if after is not None and not width.wrapped(raw_line(item), raw_line(after)):
            return False
    return False


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
    if "  " in first or "  " in second:
        return False  # stretched by justification: body text (a heading is never set justified)
    if any(p.match(line) for p in (SUBJECT, HEAD_FIELD) for line in (first, second)):
        return False  # letter-head fields (`Betreft …`, `Onze referentie …`) each stand on a line of their own
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
        if (not bulleted and not paragraph.body_setting and following is not None
                and is_wrapped_heading(paragraph.lines, width, max_words)
                and not (following.after_page_break and following.lines[0][:1].islower())
                and not is_heading(join_lines(following.lines), len(following.lines), max_words)):
            paragraph = Paragraph(lines=[" ".join(" ".join(paragraph.lines).split())],
                                  footnote_refs=paragraph.footnote_refs, after_page_break=paragraph.after_page_break,
                                  list_item=paragraph.list_item, furniture=paragraph.furniture,
                                  page_evidence=paragraph.page_evidence, body_setting=paragraph.body_setting)
        result.append(paragraph)
    return result


def merge_page_breaks(paragraphs: list[Paragraph], max_heading_words: int = MAX_HEADING_WORDS,
                      line_width: LineWidth | None = None) -> list[Paragraph]:
    """Join the first paragraph of a page to the last one of the page before, where it continues.

    It continues when the earlier one does not end a sentence and either the new one starts in
    lower case or the earlier one is not a heading; a list item never continues the paragraph
    before it. Safe to run again after furniture removal (a removed running header passes its
    page-break flag on to the paragraph after it). A one-line "heading" at a page's foot that the
    layout wrapped (`line_width`) continues too: typesetting keeps a heading with its text.
    """
    merged: list[Paragraph] = []
    for paragraph in paragraphs:
        if paragraph.after_page_break and merged and _continues(merged[-1], paragraph, max_heading_words,
                                                                line_width):
            previous = merged[-1]
            merged[-1] = Paragraph(lines=previous.lines + paragraph.lines,
                                   footnote_refs=previous.footnote_refs
                                   + [r for r in paragraph.footnote_refs if r not in previous.footnote_refs],
                                   after_page_break=previous.after_page_break, list_item=previous.list_item,
                                   furniture=previous.furniture + paragraph.furniture,
                                   page_evidence=previous.page_evidence, body_setting=previous.body_setting)
        else:
            merged.append(paragraph)
    return merged


def _continues(previous: Paragraph, paragraph: Paragraph, max_heading_words: int,
               line_width: LineWidth | None = None) -> bool:
    """Whether `paragraph` (first on its page) continues `previous` (last on the page before).

    After a sentence end it does only where the layout shows it (`page_evidence`) and it is no
    heading; a line starting in lower case goes on with the sentence before (a Dutch paragraph
    starts with a capital), and so does one starting with a number after an abbreviation ("m.i.v.")."""
    if paragraph.list_item:
        return False
    last = previous.lines[-1].rstrip()
    first = paragraph.lines[0].lstrip()
    closes = last.rstrip(_CLOSERS)[-1:]
    if paragraph.page_evidence is False and closes in (*SENTENCE_END_CHARS, ";"):
        return False
    # Dutch starts a sentence with neither a lower-case word nor a number (Taaladvies: "getal aan
    # het begin van een zin"): after an abbreviation's period such a line goes on with the sentence.
    goes_on = first[:1].islower() or (first[:1].isdigit() and not _NUMBERED_START.match(first))
    if (goes_on and ends_on_abbreviation(last)) or (first[:1].islower() and not ends_sentence(last)):
        return True
    if ends_sentence(last):
        # a lower-case line after a full sentence, a heading, a closing formula or a signer line
        # ("De Minister van …,") is no paragraph's rest, whatever the layout shows
        return (paragraph.page_evidence is True and not first[:1].islower()
                and not is_heading(join_lines(paragraph.lines), len(paragraph.lines), max_heading_words)
                and not any(p.match(first.rstrip()) for p in (CLOSING, SIGNER, SIGNATURE_LINE)))
    if last.endswith("-"):
        return True
    if line_width is not None and len(previous.lines) == 1 and line_width.wrapped(last, first):
        return True
    return previous.body_setting or not is_heading(join_lines(previous.lines), len(previous.lines), max_heading_words)


def hidden_paragraph_ends(stream: list[tuple], width: LineWidth) -> int:
    """Places where a paragraph may end without any sign of it: in text that sets its paragraphs
    apart by nothing but the line break (no blank line between a sentence end and a capital, no
    first-line indent), ragged, a sentence that ends on a line the layout filled, before a line
    starting with a capital, is either the end of a paragraph whose last line happened to be full
    or a sentence inside one; nothing in the text tells which (justified text shows it by
    stretching, `LineWidth.short_of_justified_measure`); where the text is too short to show its
    width, every such sentence end is in doubt. 0 where paragraphs are marked otherwise."""
    if width.justified:
        return 0
    hidden = 0
    for k in range(1, len(stream) - 1):
        before, item, after = stream[k - 1], stream[k], stream[k + 1]
        if item in (BLANK, PAGE):
            if (item == BLANK and before not in (BLANK, PAGE) and after not in (BLANK, PAGE)
                    and _FULL_STOP.search(before[1].rstrip()) and _BLOCK_START.match(after[1].strip())):
                return 0  # a blank line marks paragraph ends in this text
            continue
        if before in (BLANK, PAGE):
            continue
        if indent_of(item) > indent_of(before) and ends_sentence(before[1]):
            return 0  # first-line indents mark them
        if (_FULL_STOP.search(before[1].rstrip()) and item[1].strip()[:1].isupper()
                and width.wrapped(raw_line(before), raw_line(item)) is not False):  # full, or no width known
            hidden += 1
    return hidden


def _unwrapped(lines: list[str]) -> bool:
    """Text saved with one paragraph per line (no blank lines, many long lines), not wrapped.

    Wrapped page text has lines of at most ~120 characters; here each line is its own paragraph.
    A browser copy has short lines too (site, headings), so long lines are compared with those of
    printed length (60–150): wrapped text has one or two overlong lines among many, a copy more.
    """
    filled = [line for line in lines if line.strip()]
    inner = "\n".join(lines).strip("\n").split("\n")
    if len(filled) < 2 or len(inner) != len(filled):
        return False
    long = sum(len(line) > 150 for line in filled)
    printed_length = sum(60 <= len(line) <= 150 for line in filled)
    return long >= len(filled) / 3 or (long >= 3 and 2 * long >= printed_length)


def clean_text(text: str, furniture_patterns: list[str], repeated_line_min_pages: int,
               max_heading_words: int = MAX_HEADING_WORDS, proportional: bool = False) -> CleanText:
    """Run all cleaning rules over extracted text (pages separated by form feeds, if known);
    `proportional`: the text comes from a typeset PDF (`linewidth.measure_width`)."""
    pages, exact = split_pages(normalise_text(text))
    if not exact and _unwrapped(pages[0]):
        pages = [[part for line in pages[0] for part in (line, "")]]
    furniture: list[str] = []
    pages = drop_furniture_lines(pages, compile_patterns(furniture_patterns), exact, furniture)
    pages = keeping_question_labels(pages, lambda held: drop_running_lines(held, exact, repeated_line_min_pages,
                                                                           removed=furniture))
    line_width = measure_width(pages, proportional)
    stream, footnotes, warnings = separate_footnotes(pages, exact, line_width)
    paragraphs = build_paragraphs(stream, max_heading_words, line_width)
    hidden = hidden_paragraph_ends(stream, line_width)
    if hidden:
        warnings.append(f"paragraphs are set without blank lines or indents and the lines are ragged: at {hidden} "
                        "sentence end(s) on a full line a paragraph may also end unseen (read as one paragraph)")
    if paragraphs:
        paragraphs[0].furniture = list(furniture)
    evidence = hyphenated_words([item[1] for item in stream if item not in (BLANK, PAGE)])
    logger.debug("cleaned: %d pages, %d paragraphs, %d footnotes", len(pages), len(paragraphs), len(footnotes))
    return CleanText(paragraphs=paragraphs, footnotes=footnotes, hyphenated_words=evidence, warnings=warnings,
                     furniture=furniture)
