"""Segment: ingest's blocks → sections (heading, level, parent) → paragraphs → Dutch sentences.

Heading levels come from the markup when it has them (HTML/XML), else from the heading's own
numbering ("2.1 …" is level 2). Unnumbered headings in plain and PDF text carry no level, so it is
inferred from layout facts that hold across letters:
  * a heading that names a part of the letter's title ("Verslag van de X en Y") is level 1;
  * a heading followed directly by another heading opens a deeper level (a parent with no text);
  * a later parent is a sibling of the previous parent, unless the title already names the top
    level (then it nests under it);
  * any other heading is a sibling of the heading before it.
A PDF that sets its headings in two or more types (ingest ranks them: larger > bold > italic, the
convention of Dutch government documents and Kamerstuk typesetting) shows the hierarchy itself:
an unnumbered heading's level is its type's rank, a heading directly under one of its own type
with no text between them is one deeper (a parent with no text), and one after text is a sibling of
the last heading of its type. Numbered headings keep their numbering's level.
"""

from __future__ import annotations

import re

from pipeline.config import SegmentConfig
from pipeline.document import Block, Document, Paragraph, Section
from pipeline.text.sentences import dutch_sentences


def segment(doc: Document, cfg: SegmentConfig) -> Document:
    """Build `doc.sections` from `doc.blocks`; every paragraph gets its Dutch sentences.

    A heading block from plain text or PDF (no markup level) longer than `segment.max_heading_words`
    is read as a paragraph (ingest's text rules never make one longer than their own cap, 12
    words). What the reading is unsure of is added to `doc.warnings` (`uncertainty_warnings`)."""
    doc.blocks = [block.model_copy(update={"kind": "paragraph"})
                  if block.kind == "heading" and block.level is None and len(block.text.split()) > cfg.max_heading_words
                  else block for block in doc.blocks]
    weak = weak_headings(doc.blocks)
    levels = _heading_levels(doc)
    sections: list[Section] = []
    stack: list[Section] = []  # open sections, shallowest first, for parent lookup
    current: Section | None = None
    for index, block in enumerate(doc.blocks):
        if block.kind == "heading":
            level = levels[index]
            while stack and stack[-1].level >= level:
                stack.pop()
            current = Section(id=f"s{len(sections) + 1}", heading=block.text, level=level,
                              parent=stack[-1].id if stack else None)
            sections.append(current)
            stack.append(current)
            continue
        if current is None:  # text before the first heading
            current = Section(id="s1", heading=None, level=1, parent=None)
            sections.append(current)
        current.paragraphs.append(Paragraph(text=block.text, footnote_refs=list(block.footnote_refs),
                                            sentences=split_sentences(block.text, cfg)))
    doc.sections = sections
    doc.blocks = []
    for warning in uncertainty_warnings(doc, weak):
        if warning not in doc.warnings:
            doc.warnings.append(warning)
    return doc


# A letter this long without one heading may be a letter without sections — or headings the
# reading could not see (set in the body's type, glued to their paragraph): say so.
LONG_LETTER_WORDS = 900
# Headings are short noun phrases; a heading of this many words or more is near the limit of what
# ingest accepts and may be a line of body text.
LONG_HEADING_WORDS = 10
_EXAMPLES = 3


def weak_headings(blocks: list[Block]) -> list[str]:
    """Headings read from plain text or PDF (no markup level) on weak evidence: long for a heading
    (`LONG_HEADING_WORDS`), or followed by a paragraph that starts in lower case (a sentence's
    start that was taken for a heading, or a heading that swallowed one)."""
    weak = []
    for index, block in enumerate(blocks):
        if block.kind != "heading" or block.level is not None:
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        lower_next = following is not None and following.kind == "paragraph" and following.text[:1].islower()
        if len(block.text.split()) >= LONG_HEADING_WORDS or lower_next:
            weak.append(block.text)
    return weak


def _quoted(texts: list[str]) -> str:
    shown = ", ".join(f"'{t if len(t) <= 60 else t[:57] + '...'}'" for t in texts[:_EXAMPLES])
    return shown + (f" and {len(texts) - _EXAMPLES} more" if len(texts) > _EXAMPLES else "")


def uncertainty_warnings(doc: Document, weak: list[str]) -> list[str]:
    """Plain warnings for what the structure reading is unsure of, one per kind (issue #11):
    a long letter without headings, headings found on weak evidence, footnote markers without
    texts and texts without markers (said by ingest), no letter date, a letter without a sender."""
    warnings = []
    words = sum(len(p.text.split()) for s in doc.sections for p in s.paragraphs)
    if words >= LONG_LETTER_WORDS and not any(s.heading for s in doc.sections):
        warnings.append(f"no section headings found in a letter of {words} words: it is read as one section; "
                        "check the original for headings set in the body's type")
    if weak:
        warnings.append(f"{len(weak)} heading(s) found on weak evidence, which may be body text: {_quoted(weak)}")
    meta = doc.metadata
    if meta.date is None:
        warnings.append("no letter date found (no 'Den Haag, <date>' or 'Datum' line, no date in the title)")
    if meta.document_type == "brief" and meta.sender is None:
        warnings.append("no sender found: the letter's signature (e.g. 'De Minister van ...,') was not recognised")
    return warnings


def _heading_levels(doc: Document) -> dict[int, int]:
    """Level per heading block index: markup levels as given, inferred ones otherwise."""
    title_words = _words(doc.metadata.title or "")
    headings = [i for i, b in enumerate(doc.blocks) if b.kind == "heading"]
    is_parent = {i: i + 1 < len(doc.blocks) and doc.blocks[i + 1].kind == "heading" for i in headings}
    title_part = {i: _names_title_part(doc.blocks[i].text, title_words) for i in headings}
    # When the title names the top-level parts, other parents sit below them ("Overige onderwerpen"
    # under "Europese Raad"); otherwise parents are the top level and siblings of each other.
    anchored = any(title_part.values())
    levels: dict[int, int] = {}
    # Levels inferred below are relative to `base`: the depth of the last heading whose level was
    # given (by markup, or by ingest for the title of a document attached to a covering letter), so
    # the attached report's own headings sit inside its title, as its parts.
    base = 0
    previous_level = 0
    previous_parent_level: int | None = None
    numbered_level: int | None = None  # depth of the last numbered heading
    typed_level: dict[int, int] = {}  # type rank -> level of the last heading in that type
    for index in headings:
        block = doc.blocks[index]
        follows_heading = index > 0 and doc.blocks[index - 1].kind == "heading"
        numbered = _numbering_depth(block.text)
        rank = block.type_rank
        if block.level is not None:
            levels[index] = base = block.level
            previous_level, previous_parent_level, numbered_level = 0, None, None
            typed_level = {}
            continue
        if numbered is not None:
            level = numbered_level = numbered
        elif title_part[index]:
            level = 1
        elif rank is not None:
            level = _typed_level(rank, typed_level, follows_heading and doc.blocks[index - 1].type_rank == rank)
        elif numbered_level is not None:
            # A letter that numbers its sections ("1. Vulgraad", "2.1 ...") sets its unnumbered
            # headings inside them: "Gasopslag Bergermeer" under "1. Vulgraad ..." is one deeper.
            level = numbered_level + 1
        elif follows_heading:
            level = previous_level + 1
        elif is_parent[index] and not anchored and previous_parent_level is not None:
            level = previous_parent_level
        else:
            level = previous_level or 1
        levels[index] = base + level
        previous_level = level
        if rank is not None:
            # a heading ends the deeper levels of the types below it
            typed_level = {r: v for r, v in typed_level.items() if r < rank} | {rank: level}
        if is_parent[index]:
            previous_parent_level = level
    return levels


def _typed_level(rank: int, typed_level: dict[int, int], under_same_type: bool) -> int:
    """Level of an unnumbered heading whose type has rank `rank` (1 = most prominent): one deeper
    than a heading of its own type directly above it (a parent with no text), else the level of
    the last heading of its type since a more prominent one, else its rank, kept below the levels
    of the more prominent types seen."""
    if rank in typed_level:
        return typed_level[rank] + 1 if under_same_type else typed_level[rank]
    above = [v for r, v in typed_level.items() if r < rank]
    return max([rank, *(v + 1 for v in above)])


_NUMBERING = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+\S")


def _numbering_depth(heading: str) -> int | None:
    """Depth from a heading's own numbering: "3. Maatregelen" → 1, "2.1 Zij-instroom" → 2."""
    m = _NUMBERING.match(heading)
    return len(m.group(1).split(".")) if m else None


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _names_title_part(heading: str, title_words: list[str]) -> bool:
    words = _words(heading)
    if len(words) < 2 or len(words) > len(title_words):
        return False
    n = len(words)
    return any(title_words[i:i + n] == words for i in range(len(title_words) - n + 1))


# The letter enumerating a list item ("a. de bezettingsgraad …;", "b. …"), the way Dutch official
# texts letter the items of a list (Aanwijzingen voor de regelgeving, lettered enumerations): the
# label of the item, not a sentence of its own.
_ITEM_LETTER = re.compile(r"^\(?[a-z][.)]\s+(?=\S)")


def split_sentences(text: str, cfg: SegmentConfig) -> list[str]:
    """Dutch sentences of one paragraph; the configured parliamentary abbreviations never end a
    sentence (pipeline.text.sentences.dutch_sentences). A list item's letter (`_ITEM_LETTER`)
    stays with the item's first sentence."""
    label = _ITEM_LETTER.match(text.strip())
    if label is None:
        return dutch_sentences(text, cfg.abbreviations, cfg.sentence_final_abbreviations, cfg.language)
    sentences = dutch_sentences(text.strip()[label.end():], cfg.abbreviations, cfg.sentence_final_abbreviations,
                                cfg.language)
    return [f"{label[0].strip()} {sentences[0]}", *sentences[1:]] if sentences else [label[0].strip()]
