"""The letter-head rules: a letter's furniture → metadata, the rest → body paragraphs.

Works on cleaned paragraphs (lists of physical lines). The letter's furniture (house header,
dossier line, `Nr. 7 BRIEF VAN ...`, salutation, `Den Haag, <date>`, closing and signature,
`Bijlage(n)` lines, and the ministry letter head: return address, addressee block, `Datum`,
`Betreft`, `Ons kenmerk` fields) is moved into the metadata and out of the body. The page
furniture the cleaning removed comes along on the first paragraph (`Paragraph.furniture`). The
patterns are metadata.py's; `sources.py` calls `read_letter` once the page around a letter is gone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.stages.ingest import webpage
from pipeline.stages.ingest.clean import Line, Paragraph
from pipeline.stages.ingest.hyphenation import join_lines
from pipeline.stages.ingest.textshape import ends_sentence
from pipeline.stages.ingest.metadata import (
    ADDRESS_JOINED, ADDRESSEE, ADDRESSEE_AND_DATE, ADDRESSEE_CONTINUATION, ADOPTED_DATE, ANYWHERE_FURNITURE,
    ATTACHMENTS, CLOSING, DATE_FIELD_JOINED, HEAD_FIELD, HEAD_LABEL, HOUSE_HEADER, MINISTRY_NAME, NR_LINE,
    PLACE_DATE, POSTAL, RETURN_ADDRESS, RULE_LINE, RUNNING_KAMERSTUK, SALUTATION, SESSION_YEAR, STREET, SUBJECT,
    document_type_from, dossier_line, kamerstuk_citation, last_dutch_date, normalise_space, parse_dutch_date,
    sender_from_heading, stuk_line)
from pipeline.stages.ingest.signature import take_one_line_signatures, take_signature


@dataclass
class LetterHead:
    """Metadata read from the letter's furniture; None where the letter does not say."""

    title: str | None = None
    date: str | None = None
    date_source: str | None = None
    document_type: str | None = None
    sender: str | None = None  # the office(s), e.g. "Minister van Buitenlandse Zaken"
    signatory: str | None = None  # the person(s) who signed, when the signature names them
    kamerstuk: str | None = None
    attached_titles: list[str] = field(default_factory=list)  # titles of documents a covering letter covers
    questioners: list[str] | None = None  # answers to written questions: who asked
    questions_date: str | None = None  # ... and when the questions were sent in
    footnotes: dict[int, str] = field(default_factory=dict)  # read from the page (`Noot` blocks)
    removed: list[str] = field(default_factory=list)  # furniture lines taken out of the body


def _mostly_upper(lines: list[str]) -> bool:
    """Whether at least 60% of the letters are capitals (titles in the letter head often are)."""
    letters = [c for c in "".join(lines) if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.6 * len(letters)


_MINISTRY_HEAD = (RETURN_ADDRESS, ADDRESSEE, POSTAL, HEAD_LABEL)


def _is_head_furniture(text: str) -> bool:
    """Whether a line is letter-head furniture (so a title block stops before it)."""
    return any(p.match(text)
               for p in (*ANYWHERE_FURNITURE, NR_LINE, SESSION_YEAR, SUBJECT, HEAD_FIELD, *_MINISTRY_HEAD))


def regroup(paragraphs: list[Paragraph], lines: list[Line]) -> list[Paragraph]:
    """Paragraphs again from the surviving lines, with their refs and page-break flags.

    A paragraph removed whole at a page top (a running header) hands its page-break flag to the
    next paragraph, so that a paragraph split by the page can still be rebuilt.
    """
    grouped: dict[int, list[str]] = {}
    for line in lines:
        grouped.setdefault(line.paragraph, []).append(line.text)
    result = []
    carried = False
    for i, paragraph in enumerate(paragraphs):
        if i not in grouped:
            carried = carried or paragraph.after_page_break
            continue
        whole_top = not carried and grouped[i][0] == paragraph.lines[0]  # the line the page evidence is about
        result.append(Paragraph(lines=grouped[i], footnote_refs=list(paragraph.footnote_refs),
                                after_page_break=paragraph.after_page_break or carried,
                                list_item=paragraph.list_item and grouped[i][0] == paragraph.lines[0],
                                page_evidence=paragraph.page_evidence if whole_top else None))
        carried = False
    return result


def read_letter(paragraphs: list[Paragraph], lines: list[Line], page: webpage.PageFacts,
                 evidence: frozenset[str]) -> tuple[LetterHead, list[Paragraph]]:
    """The letter-head rules.

    The title is the first paragraph's lines (before the first blank line) when the letter opens
    with it. After furniture (dossier line, `Nr.` line) only a mostly upper-case paragraph before
    the salutation is a title; otherwise the dossier line's title is used ("21 501-20 Europese
    Raad" → "Europese Raad"). The letter head ends at the first line that is neither. The page's
    own title (tweedekamer.nl) comes before a title line or the dossier title; a `Betreft`
    subject before the page's title.
    """
    head = LetterHead()
    subject_title = False
    dossier = nr = dossier_title = nr_rest = None
    furniture_seen = salutation_seen = in_address = False
    pos = 0
    while pos < len(lines):
        text = lines[pos].text.strip()
        value = _label_value(lines, pos)
        if value is not None:  # "Datum" / "5 april 2024": read label and value as one line
            head.removed.append(text)
            pos += 1
            text = value
        text, wrapped = _unwrap_head_line(lines, pos, text)
        head.removed.extend(line.text for line in lines[pos:pos + wrapped])
        pos += wrapped
        address_line = _is_address_line(text, in_address)
        in_address = address_line and not POSTAL.match(text) and not RETURN_ADDRESS.match(text)
        m_run = RUNNING_KAMERSTUK.match(text)
        m_nr = stuk_line(text) if furniture_seen or NR_LINE.match(text) else None
        m_dossier = None if m_nr else dossier_line(text)
        m_date = PLACE_DATE.match(text) or ADDRESSEE_AND_DATE.match(text) or ADOPTED_DATE.match(text)
        first_of_paragraph = pos == 0 or lines[pos - 1].paragraph != lines[pos].paragraph
        m_subject = SUBJECT.match(text)
        if m_date is None and DATE_FIELD_JOINED.match(text):
            m_date = DATE_FIELD_JOINED.match(text)
        if (HOUSE_HEADER.match(text) or SESSION_YEAR.match(text) or HEAD_FIELD.match(text) or address_line
                or (not salutation_seen and MINISTRY_NAME.match(text)) or RULE_LINE.match(text)):
            pass
        elif (not salutation_seen and ADDRESS_JOINED.match(text) and not ADDRESSEE_AND_DATE.match(text)
              and not SALUTATION.match(text)):
            in_address = True
        elif ATTACHMENTS.match(text) and len(text.split()) <= 3:  # "Bijlage(n) 2" among the head fields
            pass
        elif not salutation_seen and furniture_seen and re.match(r"^Bijlage(?:n|\(n\))\s", text):
            pass  # the attachments field with the next column's text joined on its line
        elif m_subject:
            subject = [m_subject.group("subject")]
            while pos + 1 < len(lines) and _continues_subject(lines[pos], lines[pos + 1], len(subject)):
                head.removed.append(text)
                pos += 1
                text = lines[pos].text.strip()
                subject.append(text)
            subject_title = subject_title or head.title is None
            head.title = head.title or normalise_space(join_lines(subject, evidence))
        elif m_run:
            dossier = dossier or normalise_space(m_run.group("dossier"))
            nr = nr or m_run.group("nr")
        elif m_nr:
            nr, nr_rest = m_nr.group("nr"), m_nr.group("rest")
        elif m_dossier:
            # With two dossiers the `nr.` belongs to the first (the Kamerstuk citation convention).
            dossier = dossier or normalise_space(m_dossier.group("dossier"))
            nr = nr or m_dossier.group("nr")
            dossier_title = dossier_title or m_dossier.group("title")
        elif SALUTATION.match(text):
            salutation_seen = True
            following = lines[pos + 1].text.strip() if pos + 1 < len(lines) else ""
            wrapped = text.startswith("Aan") and not text.rstrip(".").endswith("Generaal")
            if wrapped and re.fullmatch(r"(?:der\s+)?Staten-Generaal\.?", following):
                head.removed.append(text)  # salutation wrapped onto a second line
                pos += 1
                text = following
            # "Aan de Voorzitter ..." is an addressee too: a street and postcode may follow
            in_address = text.lower().startswith("aan") or bool(ADDRESSEE_CONTINUATION.match(text))
        elif m_date:
            head.date = head.date or parse_dutch_date(m_date.group("date"))
            head.date_source = "letter" if head.date else None
        elif (head.title is None and not salutation_seen and first_of_paragraph
              and (not furniture_seen or _mostly_upper([text]))):
            same = [line.text for line in lines[pos:] if line.paragraph == lines[pos].paragraph]
            title_lines = _title_lines(same) or _leading_capitals(same)
            # A title in capitals does not end in a conjunction, preposition or article (`… TOP EN`):
            # where the text rules set its next capitals line apart (a head line short of a
            # justified column), that line goes on with it.
            while (title_lines and len(title_lines) < 4 and _mostly_upper(title_lines)
                   and _UNFINISHED_TITLE.search(title_lines[-1].strip()) and pos + len(title_lines) < len(lines)):
                nxt = lines[pos + len(title_lines)].text.strip()
                if not nxt or _is_head_furniture(nxt) or not _mostly_upper([nxt]) or len(nxt.split()) > 12:
                    break
                title_lines = [*title_lines, nxt]
            if title_lines is None or pos + len(title_lines) >= len(lines):
                break  # body text, or nothing would be left for the body
            head.title = join_lines(title_lines, evidence)
            head.removed.extend(title_lines)
            pos += len(title_lines)
            furniture_seen = True
            continue
        else:
            break
        furniture_seen = True
        head.removed.append(text)
        pos += 1
    if page.title and not subject_title:
        head.title = normalise_space(page.title)
    if head.title is None and dossier_title:
        head.title = normalise_space(dossier_title)
    if dossier is None and page.dossier:  # the page's metadata table
        dossier, nr = page.dossier, nr or page.nr
    head.kamerstuk = kamerstuk_citation([dossier] if dossier else [], nr)

    rest = take_one_line_signatures(lines[pos:], head)
    rest = take_signature(rest, head)
    _read_page_furniture([line for p in paragraphs for line in p.furniture], head)
    rest = _drop_standalone_furniture(rest, head)
    if nr_rest:
        head.sender = head.sender or sender_from_heading(nr_rest)
    # The title says what the document is ("Geannoteerde agenda …", "Verslag …"); the Nr. line
    # often only says it was sent as a letter.
    head.document_type = document_type_from(head.title, nr_rest)
    if head.document_type is None and nr_rest is None and any(
            SALUTATION.match(t) or CLOSING.match(t) for t in head.removed):
        head.document_type = "brief"  # a letter (salutation or closing formula) that names no other type
    if head.date is None and page.date:  # the page's metadata dates the document
        head.date, head.date_source = page.date, "letter"
    if head.date is None:
        head.date = last_dutch_date(head.title or "") or last_dutch_date(nr_rest or "")
        head.date_source = "title" if head.date else None
    return head, regroup(paragraphs, rest)


# Dutch function words that cannot end a title: a line of a title ending in one was wrapped.
_TITLE_GLUE = r"(?:en|of|van|voor|over|inzake|met|op|in|aan|bij|tot|te|ter|ten|de|het|der|den|een)"
_UNFINISHED_TITLE = re.compile(rf"\b{_TITLE_GLUE}$", re.IGNORECASE)
_GOES_ON_TITLE = re.compile(rf"^{_TITLE_GLUE}\b", re.IGNORECASE)
_STUK_NUMBER_ALONE = re.compile(r"^Nr\.?\s*\d+$", re.IGNORECASE)


def _unwrap_head_line(lines: list[Line], pos: int, text: str) -> tuple[str, int]:
    """A head line that a narrow column wrapped onto the next lines of its paragraph, joined; and
    how many lines after `pos` it took.

    `Den Haag,` / `31 januari 2024` (also after the addressee, `… Staten-Generaal Den` / `Haag, 9
    februari 2024`) and `Nr. 7` / `BRIEF VAN …` are head lines only together; a stuk title in
    capitals goes on over the following lines of its paragraph that are in capitals too
    (`BRIEF VAN DE STAATSSECRETARIS VAN` / `FINANCIËN`); a return address goes on over the rest of its
    paragraph."""
    def following(k: int) -> str | None:
        i = pos + k
        same = i < len(lines) and lines[i].paragraph == lines[pos].paragraph
        return lines[i].text.strip() if same else None

    taken = 0
    nxt = following(1)
    dated = (PLACE_DATE, ADDRESSEE_AND_DATE)
    if nxt and (any(p.match(f"{text} {nxt}") for p in dated) and not any(p.match(text) for p in dated)
                or _STUK_NUMBER_ALONE.match(text) and NR_LINE.match(f"{text} {nxt}") and _mostly_upper([nxt])):
        text, taken = f"{text} {nxt}", 1
    # The return address is one line above the addressee (it shows in the envelope's window): what a
    # narrow column wrapped of it (`> Retouradres Postbus 20201 2500 EE Den` / `Haag`) is its rest.
    while RETURN_ADDRESS.match(text) and taken < 2:
        nxt = following(taken + 1)
        if not nxt or _is_head_furniture(nxt):
            break
        text, taken = f"{text} {nxt}", taken + 1
    m_nr = NR_LINE.match(text)
    while m_nr and _mostly_upper([m_nr.group("rest")]) and taken < 3:
        nxt = following(taken + 1)
        if nxt is None and pos + taken + 1 < len(lines) and (
                _UNFINISHED_TITLE.search(text) or _GOES_ON_TITLE.match(lines[pos + taken + 1].text.strip())):
            # A title neither ends nor a line of it starts in a conjunction, preposition or article
            # (`… ECONOMISCHE ZAKEN EN` | `KLIMAAT`, `… ZAKEN` | `EN KLIMAAT`): the next line goes on
            # with it even where the text rules set that line apart.
            nxt = lines[pos + taken + 1].text.strip()
        if not nxt or _is_head_furniture(nxt) or not _mostly_upper([nxt]) or len(nxt.split()) > 12:
            break
        text, taken = f"{text} {nxt}", taken + 1
    return text, taken


def _label_value(lines: list[Line], pos: int) -> str | None:
    """"<label> <value>" when lines[pos] is a head field label alone ("Datum", "Onze referentie")
    and its value stands on the next line: in the same paragraph, or as a short paragraph of its own."""
    m_label = HEAD_LABEL.match(lines[pos].text.strip())
    if m_label is None or pos + 1 >= len(lines):
        return None
    value = lines[pos + 1].text.strip()
    same_paragraph = lines[pos + 1].paragraph == lines[pos].paragraph
    alone = pos + 2 >= len(lines) or lines[pos + 2].paragraph != lines[pos + 1].paragraph
    if not value or _is_head_furniture(value) or not (same_paragraph or (alone and len(value.split()) <= 8)):
        return None
    return f"{m_label.group('label')} {value}"


def _is_address_line(text: str, in_address: bool) -> bool:
    """Whether a head line belongs to the return address or the addressee block.

    The addressee ("De Voorzitter van de Tweede Kamer"), its continuation ("der Staten-Generaal")
    and a street line ("Binnenhof 4") directly under it, a Postbus or postcode line, the return
    address. Never a date or field line ("Datum 5 april 2024" ends in a number like a street), nor
    the "Aan de Voorzitter ..." salutation of a Kamerstuk letter.
    """
    if any(p.match(text) for p in (PLACE_DATE, SUBJECT, HEAD_FIELD, HEAD_LABEL, SALUTATION)):
        return False
    if ADDRESSEE.match(text) or RETURN_ADDRESS.match(text) or POSTAL.match(text):
        return True
    return in_address and bool(ADDRESSEE_CONTINUATION.match(text) or STREET.match(text))


def _continues_subject(line: Line, following: Line, n_lines: int, max_lines: int = 3) -> bool:
    """Whether `following` wraps the subject ("Betreft ...") on `line`: the same paragraph, no head
    field, short (a subject column is narrow) and not a sentence."""
    text = following.text.strip()
    return (following.paragraph == line.paragraph and n_lines < max_lines and bool(text)
            and not _is_head_furniture(text) and len(text.split()) <= 8 and not ends_sentence(text))


def _title_lines(lines: list[str]) -> list[str] | None:
    """The title lines at the start of a paragraph, or None when they read like body text.

    A title stops at the first furniture line, is short (at most 4 lines and 50 words) and does
    not end like a sentence or a clause (. , : ;).
    """
    title: list[str] = []
    for line in lines:
        if _is_head_furniture(line.strip()):
            break
        title.append(line)
    if not title or len(title) > 4 or len(" ".join(title).split()) > 50 or title[-1].rstrip()[-1:] in ".,:;":
        return None
    return title


def _leading_capitals(lines: list[str]) -> list[str] | None:
    """A title in capitals at the top of a paragraph that goes on as body text, no blank line
    between (`VERSLAG VAN DE … RAAD VAN` / `13, 14 EN 15 DECEMBER 2023` / `Op donderdag …`): the
    capitals lines (at most 4), when mixed-case text follows them. Titles in the letter head are
    set in capitals; body text is not."""
    caps: list[str] = []
    for line in lines:
        if not _mostly_upper([line]) or _is_head_furniture(line.strip()):
            break
        caps.append(line)
    if not caps or len(caps) > 4 or len(caps) == len(lines) or len(" ".join(caps).split()) < 3:
        return None
    return caps


def _read_page_furniture(furniture: list[str], head: LetterHead) -> None:
    """Take what the page furniture the cleaning removed says: a running Kamerstuk header names
    the dossier (and nr.) when the letter head did not."""
    for text in furniture:
        m_run = RUNNING_KAMERSTUK.match(text)
        if m_run and (head.kamerstuk is None or head.kamerstuk.startswith("nr.")):
            head.kamerstuk = kamerstuk_citation([m_run.group("dossier")], m_run.group("nr"))
    head.removed.extend(furniture)


def _drop_standalone_furniture(lines: list[Line], head: LetterHead) -> list[Line]:
    """Drop furniture that may stand anywhere: date line, salutation, house header, Bijlage(n)."""
    sizes: dict[int, int] = {}
    for line in lines:
        sizes[line.paragraph] = sizes.get(line.paragraph, 0) + 1
    kept = []
    for line in lines:
        text = line.text.strip()
        m_date = PLACE_DATE.match(text) or ADDRESSEE_AND_DATE.match(text)
        m_run = RUNNING_KAMERSTUK.match(text)
        if m_date and head.date is None:
            head.date = parse_dutch_date(m_date.group("date"))
            head.date_source = "letter" if head.date else None
        if m_run and (head.kamerstuk is None or head.kamerstuk.startswith("nr.")):  # adds the dossier
            head.kamerstuk = kamerstuk_citation([m_run.group("dossier")], m_run.group("nr"))
        attachment = ATTACHMENTS.match(text) is not None and sizes[line.paragraph] == 1
        if attachment or m_date or any(p.match(text) for p in ANYWHERE_FURNITURE):
            head.removed.append(text)
            continue
        kept.append(line)
    return kept
