"""Footnotes in text: note texts at the foot of the page where their marker falls (the markers
glued to the body's words are found by `footnote_markers.py`; whether a note's text so far is
finished or calls for more is `note_ends.py`'s question). `separate_footnotes` takes them out
of the line stream; see its docstring for how a note block is found however the page sets it off
(blank line, rule, or none), and `_note_rest` for a note continued on the next page."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from pipeline.stages.ingest.footnote_markers import find_marker, numbered_names, runs_into_marker, strip_markers
from pipeline.stages.ingest.hyphenation import completes_word, join_lines, rest_not_capitalised
from pipeline.stages.ingest.linewidth import LineWidth
from pipeline.stages.ingest.note_ends import (CITATION_OPEN, REFERENCE_COMPLETE, REFERENCE_LABEL_END, broken_off,
                                              closes, ends_in_link, url_broken)
from pipeline.stages.ingest.metadata import CLOSING, SIGNER_BLOCK, closing_line, one_line_signature
from pipeline.stages.ingest.pagebreaks import stretched
from pipeline.stages.ingest.questions import ANSWER_LABEL, QUESTION_LABEL
from pipeline.stages.ingest.textshape import (ADDRESS_GOES_ON, BLANK, PAGE, ends_on_abbreviation, ends_sentence,
                                             is_heading, url_goes_on)
from pipeline.stages.ingest.textshape import CLOSERS as _CLOSERS
from pipeline.stages.ingest.textshape import URLISH as _URLISH
from pipeline.text.months import DUTCH_MONTHS

MAX_FOOTNOTE_CONTINUATION_LINES = 5  # a footnote wraps onto a few lines, not onto a page

_FOOTNOTE_START = re.compile(r"^(\d{1,3})\s+(\S.*)$")

# The short rule a typesetter (or a text export of one) sets between a page's body and its footnotes.
_RULE = re.compile(r"^[_\-—–─‾=]{5,}$")

# Dutch writes a date's month in lower case ("1 februari 2024"): a line opening with a day and a
# month name is a sentence's date wrapped to the line start (under `…, van` or `m.i.v.`), not a note,
# whose text opens with a capital.
_DATE_REST = re.compile(r"^(?:%s)\b" % "|".join(DUTCH_MONTHS))


def parse_footnote_start(line: str) -> tuple[int, str] | None:
    """`(n, text)` if the stripped line looks like the first line of footnote n."""
    m = _FOOTNOTE_START.match(line.strip())
    return (int(m.group(1)), m.group(2)) if m else None


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
    text_at: dict[int, int] = {}  # where each footnote's text starts on its first line (after its number)
    number_at: dict[int, int] = {}  # where each footnote's number stands (its first line's indent)
    body_indents: set[int] = set()  # the first-line indents the body has shown so far
    hanging = _notes_hang(pages)  # whether the letter's notes wrap under their text (None: not known)
    notes_ragged = False  # a note's wrapped line seen short of the justified body's column
    recurring = numbered_names(pages)  # names with a number that recur (`NIS2`): no markers
    warnings: list[str] = []
    unmarked: list[int] = []
    next_marker = next_note = 1
    marker_line: dict[int, int] = {}  # marker number → index of its body line in the stream
    page_start = 0
    for page_index, page in enumerate(pages):
        if page_index:
            stream.append(PAGE)
        # With form feeds a note stands on its marker's page, or whole on the next one where its
        # marker fell at the page's last lines (a note is not begun on a page that cannot hold it).
        notes_from = page_start
        page_start = len(stream)
        in_block = blank_in_block = after_rule = page_has_notes = page_has_body = False
        continuation_lines = 0
        taken_to = 0  # lines before this index were taken as the rest of a note
        last_filled = max((k for k, text in enumerate(page) if text.strip()), default=-1)
        # the numbers of the notes this page prints: a marker glued to a capital (`TenneT1`)
        # counts only for one of them, and not on a word that recurs in the letter (`NIS2` in the
        # text and in a note: the name's own number)
        printed = frozenset(start[0] for text in page if (start := parse_footnote_start(text)) is not None)
        for index, raw in enumerate(page):
            if index < taken_to:
                continue
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
                    text_at[start[0]], number_at[start[0]] = raw.find(start[1]), _indent(raw)
                    last_raw[start[0]] = raw
                    next_note = start[0] + 1
                    blank_in_block = False
                    continuation_lines = 0
                    continue
                if exact and index == last_filled and width.wrapped(last_raw[next_note - 1], raw) is False:
                    continue  # below the notes, at the page's foot: a footer, not more of the note
                current = next_note - 1
                columns = ({_indent(last_raw[current])} if continuation_lines
                           else _note_columns(number_at[current], text_at[current], hanging))
                if (not next_page and not (notes_ragged and stretched(raw, width))
                        and _continues_footnote(notes[current], last_raw[current], raw,
                                                blank_in_block, continuation_lines, width, exact,
                                                _body_unfinished(stream), columns)
                        and (_hangs_apart(raw, text_at[current], body_indents)
                             or not runs_into_marker(page, index, next_marker, width))):
                    # A letter sets all its notes alike: where a note's wrapped line stopped short
                    # of the justified body's column, the notes are ragged, and a line stretched to
                    # the column is the body's (the next page's, without form feeds).
                    notes_ragged = notes_ragged or width.short_of_justified_measure(last_raw[current])
                    notes[next_note - 1].append(line)
                    last_raw[next_note - 1] = raw
                    if not continuation_lines and 0 < _indent(raw) == text_at[current] not in body_indents:
                        hanging = True  # a line under the note's text, where no paragraph starts
                    continuation_lines += 1
                    blank_in_block = False
                    continue
                # the footnotes closed the page: what follows is the next page, none of its notes seen yet
                in_block = after_rule = page_has_notes = page_has_body = False
                stream.append(PAGE)
                page_start = len(stream)
            if not line:
                stream.append(BLANK)
                continue
            start = parse_footnote_start(line)
            if (start and next_note <= start[0] < next_marker
                    and (start[0] == next_note or after_rule)
                    and (after_rule or not _later_note_start(page, index, start[0], width)
                         and not _DATE_REST.match(start[1]) and (
                        _footnote_may_start(stream)
                        or (marker_line.get(start[0], -1) >= (notes_from if exact else page_start)
                            or not exact and _marker_recent(stream, marker_line.get(start[0], -1)))
                        and _note_block_ahead(page, index, start[0], width, exact)))):
                in_block, blank_in_block, continuation_lines, page_has_notes = True, False, 0, True
                notes[start[0]] = [start[1]]
                text_at[start[0]], number_at[start[0]] = raw.find(start[1]), _indent(raw)
                last_raw[start[0]] = raw
                next_note = start[0] + 1
                continue
            rest = 0
            if page_has_body and not page_has_notes and next_note - 1 in notes:
                above = stream[-1][4] if stream and stream[-1] not in (BLANK, PAGE) else None
                rest = _note_rest(page, index, above, notes[next_note - 1], last_raw[next_note - 1],
                                  _note_columns(number_at[next_note - 1], text_at[next_note - 1], hanging),
                                  number_at[next_note - 1], next_note, next_marker, width,
                                  exact and _body_broken_off(stream), body_indents)
            if rest:
                # Under this page's body, above its first note (or alone at its foot): the rest of
                # the last note of the page before, which broke off where the layout wrapped it
                # (typesetters continue a note at the foot of the next page, under or without a gap).
                notes[next_note - 1] += [page[k].strip() for k in range(index, index + rest)]
                last_raw[next_note - 1] = page[index + rest - 1]
                taken_to = index + rest
                in_block, blank_in_block, continuation_lines = True, False, rest
                continue
            if (after_rule and notes and next_note - 1 in notes
                    and _note_number(line, next_note, next_marker) is None):
                # Under the rule, before the page's first numbered note: the rest of a footnote
                # that did not fit on the page before (typesetters continue it there). A number
                # that no note can carry here ("14 en 15 december 2023") is a word of that rest.
                notes[next_note - 1].append(line)
                last_raw[next_note - 1] = raw
                in_block, blank_in_block, continuation_lines = True, False, 1
                continue
            text, refs, next_marker = strip_markers(line, next_marker, printed, recurring)
            after_rule = False  # body text again: what follows is no longer under a rule
            for ref in refs:
                marker_line[ref] = len(stream)
            if _indent(raw):
                body_indents.add(_indent(raw))
            stream.append(("line", text, refs, len(raw) - len(raw.lstrip()), raw))
            page_has_body = True
    if unmarked:
        warnings.append(f"footnote text(s) without a marker in the body text: {unmarked}")
    missing = [n for n in range(1, next_marker) if n not in notes]
    if missing:
        warnings.append(f"footnote markers without a footnote text: {missing}")
    # A note's lines are wrapped like the body's: line-break hyphens are undone the same way.
    footnotes = [(n, join_lines(parts)) for n, parts in sorted(notes.items())]
    return stream, footnotes, warnings


def _indent(raw: str) -> int:
    return len(raw) - len(raw.lstrip())


def _note_number(line: str, next_note: int, next_marker: int) -> int | None:
    """The note number `line` opens with, where a note may start here: the next one in sequence up
    to the last marker seen (notes are numbered in order, each after its marker)."""
    start = parse_footnote_start(line)
    return start[0] if start and next_note <= start[0] < next_marker else None


def _notes_hang(pages: list[list[str]], evidence: int = 2) -> bool | None:
    """True where the letter's notes wrap under their text: at least `evidence` lines shaped like a
    note's first line ("5  Motie …") have the next line set exactly under their text. A flush
    line under a numbered one proves nothing (body lines are flush too), so there is no False.
    A letter sets all its notes alike: then a flush line under any note is not that note's."""
    seen = 0
    for page in pages:
        for k in range(len(page) - 1):
            start = parse_footnote_start(page[k])
            following = page[k + 1]
            if (start and following.strip() and parse_footnote_start(following) is None
                    and _indent(following) == page[k].find(start[1]) > _indent(page[k])):
                seen += 1
                if seen >= evidence:
                    return True
    return None


def _note_columns(number_at: int, text_at: int, hanging: bool | None) -> set[int]:
    """Where a note's wrapped lines may stand: under its text or under its number; only under its
    text where the letter's notes hang (a letter sets all its notes alike)."""
    return {text_at} if hanging else {number_at, text_at}


def _note_rest(page: list[str], index: int, above: str | None, note: list[str], note_end: str,
               columns: set[int], number_at: int, next_note: int, next_marker: int, width: LineWidth,
               body_broken_off: bool = False, body_indents: AbstractSet[int] = frozenset()) -> int:
    """How many lines from page[index] on are the rest of the last note of the page before (0: none).

    A note the page before could not hold goes on at this page's foot (typesetting convention),
    above the page's own first note or alone. Its rest is a run of lines that:
    * follows a gap under the body, or a body line whose break the author made (`above`: the body
      line right above; a line the layout wrapped into it is the body's own), or a finished
      sentence where the note broke off on a reference label or an unfinished Kamerstuk number
      and the line opens with a number;
    * stands in the note's own column (`columns`, see `_note_columns`): hanging under its text, or
      flush under its number (`number_at`) and then opening in lower case or with a number (a
      flush capitalised line may be the letter's own: a name, a signature) — or after a gap under
      a page's body that broke off mid-sentence (`body_broken_off`, with form feeds), or after a
      gap where the note broke off on a comma or a hyphen (`broken_off`);
    * continues a note that broke off where the layout wrapped it: no sentence end (a reference
      label such as `nr.` calls for its number), no URL or host at its end, and the run's first word
      would not have fitted on the note's last line;
    * is no signature line or list item, carries no body marker, and ends where the next note
      starts — on the very next line, which the run's last line did not wrap into unless it ended
      its sentence or link, or is one line that closes the note or completes its broken word — or
      where the page ends (then only where the width shows the note's last line wrapped, and not
      after a complete reference but for a remark in brackets).
    """
    raw, line = page[index], page[index].strip()
    last = note[-1]
    # A finished note has no rest; a URL broken at its own sign, a link before its remark in brackets,
    # a reference label and a colon (it announces what follows) finish none.
    if (ends_in_link(last) and not url_goes_on(last, line) and not line.startswith("(")
            or ends_sentence(last) and not REFERENCE_LABEL_END.search(last) and not last.endswith(":")):
        return 0
    if _note_number(line, next_note, next_marker) is not None or QUESTION_LABEL.match(line) or ANSWER_LABEL.match(line):
        return 0
    if REFERENCE_COMPLETE.search(" ".join(note)) and line[0].isupper():
        return 0  # a complete reference goes on only with a remark, in brackets or lower case
    column = _indent(raw)
    if column not in columns:
        return 0
    if closing_line(line) or one_line_signature(line, alone=True):
        return 0  # official letters close with the signer's office and name: the letter's own lines
    # a reference label calls for its number; a body sentence that ended does not go on with one
    called_for = (REFERENCE_LABEL_END.search(last) is not None or CITATION_OPEN.search(last) is not None) and line[0].isdigit()
    end = index
    while (end + 1 < len(page) and page[end + 1].strip() and _indent(page[end + 1]) == column
           and parse_footnote_start(page[end + 1].strip()) is None and not _RULE.match(page[end + 1].strip())):
        end += 1  # a separator rule ends the run: it stands between the body and the notes
    if one_line_signature(" ".join(page[k].strip() for k in range(index, end + 1)), alone=True):
        return 0  # a signature that the column wrapped (`…, D. van` | `Dijk`): the letter's own
    # The evidence stands on the line that goes on where the note broke off, not somewhere down a
    # run of body lines.
    closes_note = closes(note, line)
    # With form feeds, a line after a gap under a body that broke off mid-sentence (`body_broken_off`:
    # it goes on at the next page's top) is not the body's: a paragraph does not end mid-sentence.
    # After a gap, so can a capitalised line go on a note that visibly broke off: on a comma or a
    # line-end hyphen (a note ends on a stop, a reference's number or a link, never on a comma).
    if column == number_at and not (line[0].islower() or line[0].isdigit() or closes_note
                                    or (body_broken_off or broken_off(last)) and above is None):
        return 0
    if rest_not_capitalised(last, line):
        return 0  # the word the note broke off on goes on in lower case: this line opens something else
    # Two words broken at a page end compete for this line: the note's (`cy-`) and the body's right
    # above it (`lei-`); the line goes with the word its first word completes (`cyberbeveiliging`).
    completes = completes_word(last, line) and not (above is not None and completes_word(above, line))
    # Nor is a line the body's that hangs under the note's text at a column no paragraph of the
    # letter starts at, or one that stops short of a justified body's column without ending its
    # sentence (a justified body line that goes on is stretched to the column), nor the number a
    # label called for alone right above the next note (a body line going on would be filled).
    no_body_line = (column != number_at and column not in body_indents
                    or width.short_of_justified_measure(raw) and not ends_sentence(line)
                    or called_for and line.isdigit() and index + 1 < len(page)
                    and _note_number(page[index + 1].strip(), next_note, next_marker) == next_note)
    if width.wrapped(note_end, raw) is False or (above is not None and width.wrapped(above, raw) is not False
                                                 and not (called_for and ends_sentence(above))
                                                 and not closes_note and not completes and not no_body_line):
        return 0
    if any(find_marker(page[k].strip(), next_marker) for k in range(index, end + 1)):
        return 0
    run_end = page[end].strip()
    if run_end.endswith(";"):
        return 0  # an enumeration's item (Dutch lists close their items with ";"), the letter's own
    following = next((k for k in range(end + 1, len(page)) if page[k].strip()), None)
    if following is None:
        # the run ends the page: with no next note under it, the note's last line must show it
        # was wrapped, and a note that reached a reference's number goes on only with a remark
        complete = REFERENCE_COMPLETE.search(" ".join(note)) and not line.startswith("(")
        return end + 1 - index if width.wrapped(note_end, raw) and not complete else 0
    closed = (ends_sentence(run_end) or ends_in_link(run_end) or (closes_note or completes) and end == index
              or width.wrapped(page[end], page[following]) is not True)
    if following == end + 1 and closed and _note_number(page[following].strip(), next_note, next_marker) == next_note:
        return end + 1 - index
    return 0


def _hangs_apart(raw: str, text_at: int, body_indents: set[int]) -> bool:
    """Whether `raw` hangs under a note's text at a column no body line of the letter has started
    at: then it is the note's, whatever the lines under it carry (they are the next page's)."""
    return 0 < _indent(raw) == text_at and text_at not in body_indents


def _note_block_ahead(page: list[str], index: int, n: int, width: LineWidth, exact: bool) -> bool:
    """Whether the lines from page[index] on can be the page's footnote block starting with note n
    (asked where the body runs into it without a gap, so a wrapped body line such as "4 april 2024
    een oefening" is not taken for note 4). Footnotes stand at the foot of the page: with form
    feeds nothing but further notes and blank lines may follow; each line is a note's start (the
    next numbers) or a line the layout wrapped from the one before. Without form feeds the block
    ends where a line is neither, for the next page starts there."""
    expected = n + 1
    blank_seen = False
    note_start = index  # where the note the line would wrap began
    for k in range(index + 1, len(page)):
        line = page[k].strip()
        if not line:
            blank_seen = True
            continue
        start = parse_footnote_start(line)
        if start and start[0] == expected:
            expected += 1
            blank_seen = False
            note_start = k
            continue
        wrapped = width.wrapped(page[k - 1], page[k]) if page[k - 1].strip() else False
        if exact and k == max(j for j, text in enumerate(page) if text.strip()) and wrapped is False:
            return True  # a footer below the notes
        if blank_seen or wrapped is False:
            return not exact
        if wrapped is None and k - note_start > MAX_FOOTNOTE_CONTINUATION_LINES:
            return not exact
    return True


def _later_note_start(page: list[str], index: int, n: int, width: LineWidth, window: int = 70) -> bool:
    """Whether note n starts again further down, set off as notes are (after a blank line or a
    rule): each note appears once, so the line at page[index] was body text starting with a number.
    On the very next line the number counts too (a note's own next line does not repeat its
    number), unless the layout wrapped the line into it: "8 december 2023)" under "… van"."""
    for k in range(index + 1, min(len(page), index + window)):
        start = parse_footnote_start(page[k])
        before = page[k - 1].strip()
        if start and start[0] == n and (not before or _RULE.match(before)
                                        or k == index + 1 and width.wrapped(page[index], page[k]) is not True):
            return True
    return False


def _marker_recent(stream: list[tuple], index: int, window: int = 70) -> bool:
    """Without form feeds the page is not known: the marker stood within a page's worth of lines
    (pages hold at most some 65 lines)."""
    return index >= 0 and sum(1 for item in stream[index:] if item not in (BLANK, PAGE)) <= window


def _body_unfinished(stream: list[tuple]) -> bool:
    """Whether the body's last line so far leaves its sentence unfinished (no . ? ! : ; at its end)."""
    last = next((item for item in reversed(stream) if item not in (BLANK, PAGE)), None)
    return last is not None and not ends_sentence(last[1]) and not last[1].rstrip().endswith(";")


def _body_broken_off(stream: list[tuple]) -> bool:
    """Whether the body's last line so far broke off mid-sentence: unfinished, and no closing
    formula or signer line (`Hoogachtend,`, `De Minister van …,` end on a comma, not mid-sentence),
    nor a heading standing alone after a gap (`Vervolg`: a heading ends no sentence)."""
    k = next((i for i in range(len(stream) - 1, -1, -1) if stream[i] not in (BLANK, PAGE)), None)
    if k is None:
        return False
    last = stream[k][1].strip()
    if (k == 0 or stream[k - 1] in (BLANK, PAGE)) and is_heading(last, 1):
        return False
    return _body_unfinished(stream) and not CLOSING.match(last) and not SIGNER_BLOCK.match(last)


def _continues_footnote(parts: list[str], last_raw: str, raw: str, after_blank: bool, continuation_lines: int,
                        width: LineWidth, exact: bool, body_unfinished: bool = False,
                        columns: set[int] | None = None) -> bool:
    """Whether a line inside a footnote block wraps the current footnote.

    Where the letter's width is known, directly below a footnote line that the layout wrapped (the
    line's first word would not have fitted on it): yes; below a line that had room: no — that
    footnote was finished. A hanging indent continues it too. Without width evidence: directly
    below, up to a few lines. After a blank line only when the footnote is visibly unfinished (no
    final period) and the line starts in lower case or with a URL, and neither the note ended in a
    URL nor the body above the notes broke off mid-sentence (`body_unfinished`).

    Without form feeds a note's wrapped lines stand in its own column (`columns`): under its text
    (hanging) or under its number, and all in the same one; a line set elsewhere is not the note's
    (the next page's body, with its own first-line indent or flush under a hanging note). A note
    that reached a reference's number (`Kamerstuk 21 501-32, nr. 1615`) goes on, if at all, with a
    remark in brackets or lower case (`(verslag …)`, `en …`): a capitalised line after it is the
    next page's (a heading), and so is a lower-case one where the body above the notes broke off
    mid-sentence (`body_unfinished`). A URL broken at a hyphen or slash (`url_goes_on`) goes on on the
    next line in the note's column.
    """
    line = raw.strip()
    if QUESTION_LABEL.match(line) or ANSWER_LABEL.match(line):
        return False  # answers to written questions: a `Vraag n` / `Antwoord n` label is the document's own line
    if closing_line(line):
        return False  # an official letter's closing formula, signer line and name are its own, never a note's words
    complete = REFERENCE_COMPLETE.search(" ".join(parts)) is not None
    if not exact and (columns is not None and _indent(raw) not in columns or complete and line[0].isupper()):
        return False
    if not exact and url_goes_on(parts[-1], line) and not after_blank:
        return True  # in the note's column right under a URL broken at a hyphen or slash: its rest
    if (not exact and body_unfinished and line[0].islower() and not _URLISH.match(line)
            and ends_sentence(parts[-1]) and parts[-1].rstrip(_CLOSERS)[-1:] in ".?!"
            and not ends_on_abbreviation(parts[-1])):
        # the note's sentence ended with its stop (not a colon: lower case goes on after one) and a
        # Dutch sentence opens with a capital: lower-case text under it is the body, which broke
        # off mid-sentence above the notes, going on
        return False
    if not exact and complete and body_unfinished and line[0].islower():
        # the note reached its reference's number while the body above it broke off mid-sentence:
        # lower-case text under it is the body going on at the next page's top
        return False
    ends_in_url = ends_in_link(parts[-1])
    if after_blank:
        # visibly unfinished: no final period, and (where the width is known) a full last line; a
        # note ending in a URL is finished (the URL is its last element, and a line longer than the
        # column says nothing about the width), so lower-case text after a gap is the next page's
        if (ends_in_url or url_broken(parts[-1]) or body_unfinished) and line[0].islower():
            return False
        # The body's text runs on from page to page, a note's rest goes under the next page's
        # rule: lower-case text after a gap, where the body above the notes broke off mid-sentence,
        # is the body going on at the next page's top.
        unfinished = not ends_sentence(parts[-1]) and width.wrapped(last_raw, raw) is not False
        return unfinished and (line[0].islower() or _URLISH.match(line) is not None)
    if exact:  # with form feeds the notes run to the foot of the page
        return True
    if ends_in_url and not line.startswith("("):
        return False  # a URL (or host) ends its note, only a remark in brackets follows it: the next page's body
    if (len(line.split()) == 1 and _URLISH.fullmatch(line) and line[-1] in ADDRESS_GOES_ON + "/"
            and not ends_sentence(parts[-1])):
        # An address alone on its line, broken at its end: typesetters move a URL that does not fit
        # whole to the next line, so the fit of its head on the line above says nothing.
        return True
    if REFERENCE_LABEL_END.search(parts[-1]) and not line[0].isdigit():
        return False  # a reference label calls for its number: a line opening otherwise is not its rest
    if rest_not_capitalised(parts[-1], line):
        return False  # a word broken at the note's end goes on in lower case: this line is the next page's
    wrapped = width.wrapped(last_raw, raw)
    if wrapped is not None:
        return wrapped
    return continuation_lines < MAX_FOOTNOTE_CONTINUATION_LINES


def _footnote_may_start(stream: list[tuple]) -> bool:
    """A footnote block starts after a blank line, at a page top, or after a finished sentence.

    This keeps a wrapped body line such as "12 december over ..." (after "... van") in the body.
    """
    if not stream or stream[-1] in (BLANK, PAGE):
        return True
    return ends_sentence(stream[-1][1])
