"""Letter metadata from the text: title, date, document type, sender, Kamerstuk.

Works on cleaned paragraphs (lists of physical lines). The letter's furniture (house header,
dossier line, `Nr. 7 BRIEF VAN ...`, salutation, `Den Haag, <date>`, closing and signature,
`Bijlage(n)` lines) is moved into the metadata and out of the body. The helpers for dates and
document types are public so that other readers (HTML/XML) can share them.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date

from pipeline.ingest.clean import Paragraph, join_lines

logger = logging.getLogger(__name__)

DUTCH_MONTHS = {"januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
                "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12}

# Cue words → document type (lower-case Dutch), most specific first; matched at the start of the
# `Nr.` line text ("BRIEF VAN DE MINISTER ...") or of the title ("VERSLAG VAN ...").
DOCUMENT_TYPE_CUES: tuple[tuple[str, str], ...] = (
    ("geannoteerde agenda", "geannoteerde agenda"),
    ("nota naar aanleiding van het verslag", "nota naar aanleiding van het verslag"),
    ("memorie van toelichting", "memorie van toelichting"),
    ("lijst van vragen en antwoorden", "lijst van vragen en antwoorden"),
    ("antwoorden op kamervragen", "antwoord op kamervragen"),
    ("antwoord op vragen", "antwoord op kamervragen"),
    ("voortgangsrapportage", "voortgangsrapportage"),
    ("jaarverslag", "jaarverslag"),
    ("verslag", "verslag"),
    ("kabinetsappreciatie", "kabinetsappreciatie"),
    ("kabinetsreactie", "kabinetsreactie"),
    ("bnc-fiche", "bnc-fiche"),
    ("fiche", "bnc-fiche"),
    ("motie", "motie"),
    ("amendement", "amendement"),
    ("wetsvoorstel", "wetsvoorstel"),
    ("brief van", "brief"),
    ("kamerbrief", "brief"),
)

# Roles that sign letters to parliament ("De Minister van Buitenlandse Zaken,").
SIGNER_ROLES = ("Minister-President", "Minister", "Staatssecretaris", "Vice-Minister-President",
                "Voorzitter", "Griffier")

_MONTHS_RE = "|".join(DUTCH_MONTHS)
_DATE = re.compile(rf"\b(\d{{1,2}})\s+({_MONTHS_RE})\s+(\d{{4}})\b", re.IGNORECASE)
_DATE_LIST = re.compile(  # "13, 14 en 15 december 2023"
    rf"\b\d{{1,2}}(?:\s*(?:,|en|t/m|tot en met|-|–)\s*\d{{1,2}})+\s+(?:{_MONTHS_RE})\s+\d{{4}}\b", re.IGNORECASE)
_DOSSIER = r"\d{2}\s?\d{3}(?:-[A-Z0-9]+)?(?:\s[IVXLC]{1,4}\b)?"

HOUSE_HEADER = re.compile(r"^(?:Tweede|Eerste) Kamer der Staten-Generaal(?:\s+\d{1,3})?$", re.IGNORECASE)
SESSION_YEAR = re.compile(r"^Vergaderjaar\s+\d{4}\s*[–-]\s*\d{4}$", re.IGNORECASE)
RUNNING_KAMERSTUK = re.compile(  # "Tweede Kamer, vergaderjaar 2023–2024, 21 501-20, nr. 2003 3"
    rf"^(?:\d{{1,3}}\s+)?(?:Tweede|Eerste) Kamer,\s*vergaderjaar\s+\d{{4}}\s*[–-]\s*\d{{4}},"
    rf"\s*(?P<dossier>{_DOSSIER}),\s*nr\.\s*(?P<nr>\d+)(?:\s+\d{{1,3}})?$", re.IGNORECASE)
NR_LINE = re.compile(r"^Nr\.\s*(?P<nr>\d+)\s+(?P<rest>[A-Z].*)$")
DOSSIER_LINE = re.compile(  # "21 501-20 Europese Raad", "Kamerstuk 21 501-20, nr. 2003"
    rf"^(?:Kamerstuk(?:ken)?\s+)?(?P<dossier>{_DOSSIER})(?:,?\s*nr\.\s*(?P<nr>\d+))?"
    r"(?:\s+(?P<title>[A-Z\u00c0-\u00de].*))?$")
SUBJECT = re.compile(r"^Betreft:?\s+(?P<subject>\S.*)$")  # ministry letter head: the subject is the title
HEAD_FIELD = re.compile(r"^(?:Ons kenmerk|Uw kenmerk|Kenmerk|Uw brief|Contactpersoon|Onze referentie)\b.*$",
                        re.IGNORECASE)
SALUTATION = re.compile(r"^(?:Aan de Voorzitter van de (?:Tweede|Eerste) Kamer(?: der Staten-Generaal| der)?\.?"
                        r"|Geachte\s+(?:voorzitter|heer|mevrouw|leden)\b[^.]{0,60},?)$", re.IGNORECASE)
PLACE_DATE = re.compile(  # "Den Haag, 31 januari 2024"
    rf"^(?:Den Haag|['’‘]s-Gravenhage|Datum:?)\s*,?\s*(?P<date>\d{{1,2}}\s+(?:{_MONTHS_RE})\s+\d{{4}})\.?$",
    re.IGNORECASE)
CLOSING = re.compile(r"^(?:Hoogachtend|Met vriendelijke groet(?:en)?|Met de meeste hoogachting),?$", re.IGNORECASE)
ATTACHMENTS = re.compile(r"^Bijlage(?:n|\(n\))?\b[:.]?\s*(?:\S+(?:\s+\S+){0,5})?$", re.IGNORECASE)
SIGNER = re.compile(rf"^(?:De|Het)\s+(?P<role>(?:{'|'.join(SIGNER_ROLES)})"
                    r"(?:\s+(?:van|voor|en|de|het|der|[A-Z\u00c0-\u00de][\w'’-]*)){0,10}),$")
_NAME = re.compile(r"^[A-Z\u00c0-\u00de][\w'’.\- ]{1,60}$")  # "M.L. de Boer"

# Lines that are furniture wherever they stand alone; the other patterns only in the letter head.
_ANYWHERE = (HOUSE_HEADER, RUNNING_KAMERSTUK, SALUTATION, PLACE_DATE)
_SMALL_WORDS = {"van", "de", "der", "den", "het", "voor", "en", "op", "in", "te", "aan", "bij", "met"}


def parse_dutch_date(text: str) -> str | None:
    """The first `<day> <Dutch month> <year>` in text as ISO date, or None."""
    dates = find_dutch_dates(text)
    return dates[0] if dates else None


def find_dutch_dates(text: str) -> list[str]:
    """All `<day> <Dutch month> <year>` dates in text, as ISO strings, in order of appearance.

    In a list of days ("13, 14 en 15 december 2023") every day counts, so the last is the 15th.
    """
    found: list[tuple[int, str]] = []
    for m in _DATE_LIST.finditer(text):
        month_year = _DATE.search(text, m.start())
        if month_year is None:
            continue
        for day in re.findall(r"\d{1,2}", text[m.start():month_year.start()]):
            iso = _iso(int(day), month_year.group(2), int(month_year.group(3)))
            if iso:
                found.append((m.start(), iso))
    for m in _DATE.finditer(text):
        iso = _iso(int(m.group(1)), m.group(2), int(m.group(3)))
        if iso:
            found.append((m.start(), iso))
    ordered: list[str] = []
    for _, iso in sorted(found, key=lambda x: x[0]):
        if iso not in ordered:
            ordered.append(iso)
    return ordered


def last_dutch_date(text: str) -> str | None:
    """The latest-written date in text (a title naming a meeting's days gives its last day)."""
    dates = find_dutch_dates(text)
    return dates[-1] if dates else None


def _iso(day: int, month: str, year: int) -> str | None:
    """ISO date, or None for an impossible one (31 februari) or an implausible year."""
    if not 1800 <= year <= 2200:
        return None
    try:
        return date(year, DUTCH_MONTHS[month.lower()], day).isoformat()
    except ValueError:
        return None


def document_type_from(*texts: str | None) -> str | None:
    """Document type from the cue a text starts with (`Nr.` line text first, then the title).

    Only the start counts: a title such as "Uitvoering motie X" is a letter about a motion,
    not a motion.
    """
    for text in texts:
        if not text:
            continue
        normalised = " ".join(text.split()).lower()
        for cue, kind in DOCUMENT_TYPE_CUES:
            if re.match(rf"{re.escape(cue)}\b", normalised):
                return kind
    return None


def recase(text: str) -> str:
    """'MINISTER VAN BUITENLANDSE ZAKEN' → 'Minister van Buitenlandse Zaken' (upper-case heads)."""
    if text != text.upper():
        return text
    words = []
    for i, word in enumerate(text.lower().split()):
        if i and word in _SMALL_WORDS:
            words.append(word)
        else:
            words.append("-".join(part[:1].upper() + part[1:] for part in word.split("-")))
    return " ".join(words)


def sender_from_heading(rest: str) -> str | None:
    """'BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN' → 'Minister van Buitenlandse Zaken'."""
    m = re.search(r"\bVAN\s+(?:DE|HET)\s+(.+)$", rest, re.IGNORECASE)
    return recase(" ".join(m.group(1).split())) if m else None


@dataclass
class LetterHead:
    """Metadata read from the letter's furniture; None where the letter does not say."""

    title: str | None = None
    date: str | None = None
    date_source: str | None = None
    document_type: str | None = None
    sender: str | None = None
    kamerstuk: str | None = None
    removed: list[str] = field(default_factory=list)  # furniture lines taken out of the body


def _mostly_upper(lines: list[str]) -> bool:
    """Whether at least 60% of the letters are capitals (titles in the letter head often are)."""
    letters = [c for c in "".join(lines) if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.6 * len(letters)


def _kamerstuk(dossier: str | None, nr: str | None) -> str | None:
    """'21 501-20, nr. 2003', or whichever part is known."""
    if dossier and nr:
        return f"{dossier}, nr. {nr}"
    return dossier or (f"nr. {nr}" if nr else None)


def _is_head_furniture(text: str) -> bool:
    """Whether a line is letter-head furniture (so a title block stops before it)."""
    return any(p.match(text) for p in (*_ANYWHERE, NR_LINE, SESSION_YEAR, SUBJECT, HEAD_FIELD))


@dataclass
class _Line:
    paragraph: int  # index of the paragraph the line belongs to
    text: str


def _flatten(paragraphs: list[Paragraph]) -> list[_Line]:
    """All lines in order, each remembering its paragraph."""
    return [_Line(i, line) for i, p in enumerate(paragraphs) for line in p.lines]


def _regroup(paragraphs: list[Paragraph], lines: list[_Line]) -> list[Paragraph]:
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
        result.append(Paragraph(lines=grouped[i], footnote_refs=list(paragraph.footnote_refs),
                                after_page_break=paragraph.after_page_break or carried))
        carried = False
    return result


def extract_letter_head(paragraphs: list[Paragraph],
                        evidence: frozenset[str] = frozenset()) -> tuple[LetterHead, list[Paragraph]]:
    """Take title and letter furniture out of the paragraphs; return metadata and body paragraphs.

    The title is the first paragraph's lines (before the first blank line) when the letter opens
    with it. After furniture (dossier line, `Nr.` line) only a mostly upper-case paragraph before
    the salutation is a title; otherwise the dossier line's title is used ("21 501-20 Europese
    Raad" → "Europese Raad"). The letter head ends at the first line that is neither.
    """
    head = LetterHead()
    lines = _flatten(paragraphs)
    dossier = nr = dossier_title = nr_rest = None
    furniture_seen = salutation_seen = False
    pos = 0
    while pos < len(lines):
        text = lines[pos].text.strip()
        m_run = RUNNING_KAMERSTUK.match(text)
        m_nr = NR_LINE.match(text)
        m_dossier = None if m_nr else DOSSIER_LINE.match(text)
        m_date = PLACE_DATE.match(text)
        first_of_paragraph = pos == 0 or lines[pos - 1].paragraph != lines[pos].paragraph
        m_subject = SUBJECT.match(text)
        if HOUSE_HEADER.match(text) or SESSION_YEAR.match(text) or HEAD_FIELD.match(text):
            pass
        elif m_subject:
            subject = " ".join(m_subject.group("subject").split())
            head.title = head.title or subject
        elif m_run:
            dossier = dossier or " ".join(m_run.group("dossier").split())
            nr = nr or m_run.group("nr")
        elif m_nr:
            nr, nr_rest = m_nr.group("nr"), m_nr.group("rest")
        elif m_dossier and (m_dossier.group("nr") or m_dossier.group("title")
                            or text.lower().startswith("kamerstuk")):
            dossier = " ".join(m_dossier.group("dossier").split())
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
        elif m_date:
            head.date = head.date or parse_dutch_date(m_date.group("date"))
            head.date_source = "letter" if head.date else None
        elif (head.title is None and not salutation_seen and first_of_paragraph
              and (not furniture_seen or _mostly_upper([text]))):
            same = [line.text for line in lines[pos:] if line.paragraph == lines[pos].paragraph]
            title_lines = _title_lines(same)
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
    if head.title is None and dossier_title:
        head.title = " ".join(dossier_title.split())
    head.kamerstuk = _kamerstuk(dossier, nr)

    rest = _take_signature(lines[pos:], head)
    rest = _drop_standalone_furniture(rest, head)
    if nr_rest:
        head.sender = head.sender or sender_from_heading(nr_rest)
    head.document_type = document_type_from(nr_rest, head.title)
    if head.date is None:
        head.date = last_dutch_date(head.title or "") or last_dutch_date(nr_rest or "")
        head.date_source = "title" if head.date else None
    logger.debug("letter head: %s", head)
    return head, _regroup(paragraphs, rest)


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


def _take_signature(lines: list[_Line], head: LetterHead, window: int = 12) -> list[_Line]:
    """Remove closing formulas and signatures among the last lines; record the signers as sender.

    A signature is a role line with a trailing comma (`De Minister van Buitenlandse Zaken,`)
    optionally followed by a short name line; several signatures give "role, name; role, name".
    """
    start = max(0, len(lines) - window)
    kept = lines[:start]
    signers: list[str] = []
    i = start
    while i < len(lines):
        text = lines[i].text.strip()
        m = SIGNER.match(text)
        if m and len(text.split()) <= 14:
            role = " ".join(m.group("role").split())
            following = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
            named = bool(following) and _NAME.match(following) is not None and len(following.split()) <= 6 \
                and not SIGNER.match(following)
            signers.append(f"{role}, {following}" if named else role)
            head.removed.extend([text, following] if named else [text])
            i += 2 if named else 1
            continue
        if CLOSING.match(text):
            head.removed.append(text)
            i += 1
            continue
        kept.append(lines[i])
        i += 1
    if signers:
        head.sender = "; ".join(signers)
    return kept


def _drop_standalone_furniture(lines: list[_Line], head: LetterHead) -> list[_Line]:
    """Drop furniture that may stand anywhere: date line, salutation, house header, Bijlage(n)."""
    sizes: dict[int, int] = {}
    for line in lines:
        sizes[line.paragraph] = sizes.get(line.paragraph, 0) + 1
    kept = []
    for line in lines:
        text = line.text.strip()
        m_date = PLACE_DATE.match(text)
        m_run = RUNNING_KAMERSTUK.match(text)
        if m_date and head.date is None:
            head.date = parse_dutch_date(m_date.group("date"))
            head.date_source = "letter" if head.date else None
        if m_run and (head.kamerstuk is None or head.kamerstuk.startswith("nr.")):  # adds the dossier
            head.kamerstuk = _kamerstuk(" ".join(m_run.group("dossier").split()), m_run.group("nr"))
        attachment = ATTACHMENTS.match(text) is not None and sizes[line.paragraph] == 1
        if attachment or any(p.match(text) for p in _ANYWHERE):
            head.removed.append(text)
            continue
        kept.append(line)
    return kept
