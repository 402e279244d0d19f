"""Where a document came from decides how its head is read: the entry point of the letter-head reader.

`extract_letter_head` first takes the web page around a document away (`webpage.py`: site text
before the document's head, the page's data block, its `Noot` footnote block), keeping what the
page says (page title, metadata table, footnotes). An answer to written questions is then read by
`questions.py`'s conventions, any other document by the letter-head rules (`letterhead.py`).
"""

from __future__ import annotations

import logging
import re

from pipeline.stages.ingest import questions, webpage
from pipeline.stages.ingest.clean import Line, Paragraph, flatten
from pipeline.stages.ingest.hyphenation import join_lines
from pipeline.stages.ingest.letterhead import LetterHead, read_letter
from pipeline.stages.ingest.metadata import (
    DOSSIER_NUMBER, HOUSE_HEADER, NR_LINE, PLACE_DATE, SESSION_YEAR, dossier_line, is_upper_case, normalise_space,
    parse_dutch_date)

logger = logging.getLogger(__name__)


def extract_letter_head(paragraphs: list[Paragraph], evidence: frozenset[str] = frozenset(),
                        page_notes: dict[int, str] | None = None) -> tuple[LetterHead, list[Paragraph]]:
    """Take title and letter furniture out of the paragraphs; return metadata and body paragraphs.

    First the web page around the letter goes (`webpage.py`: site text before the document's
    head, the page's data block, the `Noot` footnote block), keeping what it says (page title,
    metadata table, footnotes; `page_notes` when the footnote block was cut off the raw text
    already, `webpage.take_note_block`). An answer to written questions is read by `questions.py`'s
    conventions; any other document by the letter-head rules (`_read_letter`).
    """
    page = webpage.PageFacts(footnotes=dict(page_notes or {}))
    lines = _strip_page(_join_split_head_lines(flatten(paragraphs)), page)
    answered = _read_answers(paragraphs, lines, page, evidence)
    head, body = answered if answered is not None else read_letter(paragraphs, lines, page, evidence)
    _apply_page_notes(body, head, page)
    head.removed.extend(page.removed)
    logger.debug("letter head: %s", head)
    return head, body


_BARE_NR = re.compile(r"^Nr\.?\s*\d+$", re.IGNORECASE)
# A stuk title ("BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN") ends on the office's name, never on
# an article, a preposition or an adjective of it: a line ending so is wrapped.
_UNFINISHED_TITLE_END = frozenset({"VAN", "DE", "DER", "HET", "EN", "VOOR", "BUITENLANDSE", "BINNENLANDSE",
                                   "ECONOMISCHE", "SOCIALE", "ALGEMENE"})
_DATE_WITHOUT_YEAR = re.compile(r"\bDen Haag,\s*\d{1,2}\s+[a-z]+$", re.IGNORECASE)
_BARE_YEAR = re.compile(r"^(?:19|20)\d{2}\.?$")
_GLUED_NR = re.compile(r"^(?P<dossier>.+?)\s+(?P<nr>Nr\.?\s*\d+)$")


def _split_glued_nr(line: Line) -> list[Line]:
    """`36 512 Bescherming van … Nr. 7`: a reader that ran the kamerstukkop's lines together (two
    head lines in the same type read as one wrapped line) put the stuk's `Nr.` line after the dossier
    line; the Kamerstuk head sets it on a line of its own."""
    m = _GLUED_NR.match(line.text.strip())
    if m is None or not dossier_line(m["dossier"]) or NR_LINE.match(line.text.strip()):
        return [line]
    return [Line(line.paragraph, m["dossier"]), Line(line.paragraph, m["nr"])]
_BARE_DOSSIER = re.compile(rf"^{DOSSIER_NUMBER}$")


def _join_split_head_lines(lines: list[Line]) -> list[Line]:
    """Rejoin a kamerstukkop printed over two lines each, as the publication's print layout and its
    page copies set it: `Nr. 596` / `BRIEF VAN DE …` and `33 820` / `<dossier title>` above it."""
    lines = [part for line in lines for part in _split_glued_nr(line)]
    joined: list[Line] = []
    i = 0
    while i < len(lines):
        text = lines[i].text.strip()
        following = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
        if _DATE_WITHOUT_YEAR.search(text) and _BARE_YEAR.match(following):
            # `… Den Haag, 14 november` / `2023`: a narrow column wrapped the date before its year
            joined.append(Line(lines[i].paragraph, f"{text} {following}"))
            i += 2
            continue
        nr = NR_LINE.match(text)
        if nr and is_upper_case(nr["rest"]) and following and is_upper_case(following) \
                and text.split()[-1] in _UNFINISHED_TITLE_END:
            # `Nr. 2891 BRIEF VAN DE MINISTER VAN BUITENLANDSE` / `ZAKEN`: the stuk title wrapped
            joined.append(Line(lines[i].paragraph, f"{text} {following}"))
            i += 2
            continue
        if _BARE_NR.match(text) and following and is_upper_case(following):
            joined.append(Line(lines[i].paragraph, f"{text} {following}"))
            i += 2
            continue
        joined.append(lines[i])
        i += 1
    result: list[Line] = []
    i = 0
    while i < len(joined):
        text = joined[i].text.strip()
        # The dossier title under a bare dossier number may itself wrap onto a second line.
        title_lines = next((k for k in (1, 2) if _dossier_title_above_nr(joined, i, k)), 0)
        if _BARE_DOSSIER.match(text) and title_lines:
            following = " ".join(line.text.strip() for line in joined[i + 1:i + 1 + title_lines])
            result.append(Line(joined[i].paragraph, f"{text} {following}"))
            i += 1 + title_lines
            continue
        taken = _dossier_title_wrap(joined, i)
        if taken:
            result.append(Line(joined[i].paragraph, " ".join(line.text.strip() for line in joined[i:i + 1 + taken])))
            i += 1 + taken
            continue
        result.append(joined[i])
        i += 1
    return result


def _dossier_title_above_nr(lines: list[Line], i: int, k: int) -> bool:
    """Whether the k lines after lines[i] are a dossier title (mixed case, starting with a capital)
    directly above a `Nr.` line whose stuk title is in capitals."""
    if i + 1 + k >= len(lines):
        return False
    title = [line.text.strip() for line in lines[i + 1:i + 1 + k]]
    nr = NR_LINE.match(lines[i + 1 + k].text.strip())
    return (title[0][:1].isupper() and not any(NR_LINE.match(t) or is_upper_case(t) for t in title)
            and nr is not None and is_upper_case(nr["rest"]))


def _dossier_title_wrap(lines: list[Line], i: int) -> int:
    """How many lines after lines[i] continue a dossier line's title that a narrow column wrapped
    (`36 512 Bescherming van kritieke onderzeese` / `infrastructuur`): the following lines of its
    paragraph, short, in mixed case (the stuk title under it is in capitals), no head line of their
    own and no sentence end."""
    m = dossier_line(lines[i].text.strip())
    if m is None or not m.group("title") or NR_LINE.match(lines[i].text.strip()):
        return 0
    taken = 0
    while taken < 2 and i + taken + 1 < len(lines) and lines[i + taken + 1].paragraph == lines[i].paragraph:
        text = lines[i + taken + 1].text.strip()
        if (not text or len(text.split()) > 12 or is_upper_case(text) or text.endswith((".", ":", ";"))
                or NR_LINE.match(text) or _is_kamerstuk_head_line(text) or PLACE_DATE.match(text)):
            break
        taken += 1
    return taken


def _is_kamerstuk_head_line(text: str) -> bool:
    """A line of the kamerstukkop above the `Nr.` line: chamber, session year, dossier line."""
    return bool(HOUSE_HEADER.match(text) or SESSION_YEAR.match(text) or dossier_line(text))


def _strip_page(lines: list[Line], page: webpage.PageFacts) -> list[Line]:
    """The document's lines without the page around it (rules in webpage.py's docstring)."""
    texts = [line.text.strip() for line in lines]
    start = webpage.letter_start(texts, _is_kamerstuk_head_line)
    if start:
        webpage.read_page_head(texts[:start], page)
        lines, texts = lines[start:], texts[start:]
    elif start is None and texts and webpage.PAGE_TITLE.match(normalise_space(texts[0])):
        webpage.read_page_head(texts[:1], page)  # the page title alone above a letter without a head
        lines, texts = lines[1:], texts[1:]
    end = len(texts)
    # Site chrome stands as blocks of its own (a button, a footer link, the data block's label), so a
    # label word that the same paragraph's text goes on after is the letter's own word, which a narrow
    # column left alone on a line ("… de\nkerngegevens\nvan …"), and stays — unless the page shows
    # itself otherwise (a page head before the letter, a page title, two labels standing as blocks).
    def ends_block(i: int) -> bool:
        return i + 1 >= len(lines) or lines[i + 1].paragraph != lines[i].paragraph

    labels = {t.casefold() for i, t in enumerate(texts)
              if (webpage.is_site_label(t) or t.casefold() in webpage.DATA_BLOCK_START) and ends_block(i)}
    chrome_seen = bool(start or page.title or len(labels) >= 2)

    def chrome(i: int) -> bool:
        return chrome_seen or ends_block(i)

    # The page's data block follows the document: only in its second half is the label the page's.
    data = next((i for i, t in enumerate(texts) if t.casefold() in webpage.DATA_BLOCK_START
                 and i > len(texts) / 2 and chrome(i)), None)
    if data is not None:
        end = data
    notes = None if page.footnotes else webpage.read_note_block(texts[:end], page)
    if notes is not None:
        end = notes
    page.removed.extend(t for t in texts[end:] if t)
    site = [webpage.is_site_label(line.text) and chrome(i) for i, line in enumerate(lines[:end])]
    page.removed.extend(line.text for line, drop in zip(lines, site) if drop)
    return [line for line, drop in zip(lines, site) if not drop]


def _read_answers(paragraphs: list[Paragraph], lines: list[Line], page: webpage.PageFacts,
                  evidence: frozenset[str]) -> tuple[LetterHead, list[Paragraph]] | None:
    """An answer to written questions (sequential `Vraag n` / `Antwoord n` labels, no Kamerstuk
    `Nr.` line): metadata from its intro, body paragraphs with each label on a paragraph of its own."""
    texts = [line.text.strip() for line in lines]
    labels = questions.question_labels(texts)
    if not labels or any(NR_LINE.match(t) and is_upper_case(NR_LINE.match(t)["rest"]) for t in texts[:labels[0]]):
        return None
    intro = join_lines(texts[:labels[0]], evidence) if labels[0] else ""
    answers, rest = questions.read_intro(intro, parse_dutch_date)
    # The title is the page's, else the document's own above the intro (convention: a title as the
    # document or its page states it; the intro states none).
    head = LetterHead(title=page.title or answers.title, date=answers.answers_date,
                      date_source="letter" if answers.answers_date else None,
                      document_type=questions.ANSWERS_TYPE, sender=answers.sender,
                      questioners=answers.questioners or None, questions_date=answers.questions_date)
    head.removed.extend(texts[:labels[0]])
    body: list[Paragraph] = [Paragraph(lines=[rest])] if rest else []
    label_set = set(labels)
    current: int | None = None
    seen: set[int] = set()
    for i in range(labels[0], len(lines)):
        line = lines[i]
        if i in label_set:
            after = questions.label_rest(texts[i])
            label = texts[i][:texts[i].index(after)].rstrip(" :.") if after else texts[i]
            body.append(Paragraph(lines=[label]))
            if after:
                body.append(Paragraph(lines=[after]))
            current = line.paragraph if after else None
            continue
        if line.paragraph != current:
            refs = [] if line.paragraph in seen else list(paragraphs[line.paragraph].footnote_refs)
            body.append(Paragraph(lines=[], footnote_refs=refs))
            current = line.paragraph
            seen.add(line.paragraph)
        body[-1].lines.append(line.text)
    return head, [p for p in body if p.lines]


def _apply_page_notes(body: list[Paragraph], head: LetterHead, page: webpage.PageFacts) -> None:
    """Footnotes read from the page: take their markers out of the body, in sequence.

    The cleaning already took the markers it could (glued to lower case or punctuation); the others
    (after capitals, `EMSA1`) are taken here, because now the footnote texts are known: a marker
    must be the next number of a footnote the page prints.
    """
    if not page.footnotes:
        return
    head.footnotes = dict(page.footnotes)
    taken = {n for p in body for n in p.footnote_refs}
    remaining = [n for n in sorted(page.footnotes) if n not in taken]
    if not remaining:
        return
    expected = remaining[0]
    for paragraph in body:
        for index, line in enumerate(paragraph.lines):
            new, refs, expected = webpage.remove_markers(line, remaining, expected)
            if refs:
                paragraph.lines[index] = new
                paragraph.footnote_refs.extend(refs)
