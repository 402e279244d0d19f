"""Letter metadata from the text: title, date, document type, sender, Kamerstuk.

Works on cleaned paragraphs (lists of physical lines). The letter's furniture (house header,
dossier line, `Nr. 7 BRIEF VAN ...`, salutation, `Den Haag, <date>`, closing and signature,
`Bijlage(n)` lines, and the ministry letter head: return address, addressee block, `Datum`,
`Betreft`, `Ons kenmerk` fields) is moved into the metadata and out of the body. The page
furniture the cleaning removed comes along on the first paragraph (`Paragraph.furniture`).

This module is also the one home of what both readers know about Dutch letters: dates, the
furniture patterns, document types, sender casing and the Kamerstuk citation. The HTML/XML reader
(`markup.py`) imports them from here, so a rule is fixed once for every input format.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from pipeline.ingest.clean import Paragraph, ends_sentence, join_lines

logger = logging.getLogger(__name__)

# --------------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------------


def normalise_space(text: str) -> str:
    """Collapse whitespace; drop soft hyphens, zero-width spaces and BOMs (invisible, but they split words)."""
    text = text.replace("\u00ad", "").replace("\u200b", "").replace("\ufeff", "")
    return re.sub(r"\s+", " ", text).strip()


def is_upper_case(text: str) -> bool:
    """Whether every letter is a capital (and there is one): how Kamerstuk title lines are set."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

DUTCH_MONTHS = {"januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
                "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12}
# Abbreviations as letter heads and markup dagtekeningen write them ("1 mrt. 2023").
DUTCH_MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
                             "sept": 9, "sep": 9, "okt": 10, "nov": 11, "dec": 12}
_MONTH_NUMBER = {**DUTCH_MONTHS, **DUTCH_MONTH_ABBREVIATIONS}

# Longest first, so that "juni" is not read as "jun" + "i"; an abbreviation may carry a full stop.
_MONTHS_RE = "|".join(sorted(_MONTH_NUMBER, key=len, reverse=True))
_DATE_TEXT = rf"\d{{1,2}}\s+(?:{_MONTHS_RE})\.?\s+\d{{4}}"  # "31 januari 2024", "1 mrt. 2023"
_DATE = re.compile(rf"\b(\d{{1,2}})\s+({_MONTHS_RE})\.?\s+(\d{{4}})\b", re.IGNORECASE)
_DATE_LIST = re.compile(  # "13, 14 en 15 december 2023"
    rf"\b\d{{1,2}}(?:\s*(?:,|en|t/m|tot en met|-|–)\s*\d{{1,2}})+\s+(?:{_MONTHS_RE})\.?\s+\d{{4}}\b",
    re.IGNORECASE)


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
        return date(year, _MONTH_NUMBER[month.lower()], day).isoformat()
    except ValueError:
        return None


# --------------------------------------------------------------------------------------------
# Letter furniture, recognised by its text
#
# One pattern per kind of line where both readers can use the same one. Where a pattern has a
# `_BLOCK` twin, the plain one is for the text/PDF reader, which sees physical lines: a wrapped
# sentence can start or end like furniture there ("aan de leden van de Tweede Kamer ...",
# "De minister heeft, zoals toegezegd,", "Raad Algemene Zaken, 5 maart 2024."). The `_BLOCK`
# twin is for the HTML/XML reader, which sees whole paragraphs, and accepts every line the plain
# one does and more (dossier lines: `dossier_line(text, block=True)` tries both).
# --------------------------------------------------------------------------------------------

# Roles that sign letters to parliament ("De Minister van Buitenlandse Zaken,").
SIGNER_ROLES = ("Minister-President", "Vice-Minister-President", "Minister", "Ministers", "Staatssecretaris",
                "Staatssecretarissen", "Voorzitter", "Griffier")

# Dossier number: "21 501-20", "36 200 VI" (a begroting's chapter belongs to the dossier); in
# markup also older four-digit ones and lower-case suffixes.
_DOSSIER = r"\d{2}\s?\d{3}(?:-[A-Z0-9]+)?(?:\s[IVXLC]{1,4}\b)?"
_DOSSIER_BLOCK = r"\d{1,2}\s?\d{3}(?:-[A-Za-z0-9]+)?(?:\s[IVXLC]{1,4}\b)?"

HOUSE_HEADER = re.compile(r"^(?:Tweede|Eerste)\s+Kamer\s+der\s+Staten-Generaal(?:\s+\d{1,3})?$", re.IGNORECASE)
SESSION_YEAR = re.compile(r"^Vergaderjaar\s+\d{4}(?:\s*[–-]\s*\d{4}|\S*)$", re.IGNORECASE)
RUNNING_KAMERSTUK = re.compile(  # "Tweede Kamer, vergaderjaar 2023–2024, 21 501-20, nr. 2003 3"
    rf"^(?:\d{{1,3}}\s+)?(?:Tweede|Eerste) Kamer,\s*vergaderjaar\s+\d{{4}}\s*[–-]\s*\d{{4}},"
    rf"\s*(?P<dossier>{_DOSSIER}),\s*nr\.\s*(?P<nr>\d+)(?:\s+\d{{1,3}})?$", re.IGNORECASE)
NR_LINE = re.compile(r"^Nr\.?\s*(?P<nr>\d+)\s+(?P<rest>\S.*)$", re.IGNORECASE)  # "Nr. 2100 BRIEF VAN ..."
DOSSIER_LINE = re.compile(  # "21 501-20 Europese Raad", "Kamerstuk 21 501-20, nr. 2003"
    rf"^(?:Kamerstuk(?:ken)?\s+)?(?P<dossier>{_DOSSIER})(?:,?\s*nr\.\s*(?P<nr>\d+))?"
    r"(?:\s+(?P<title>[A-Z\u00c0-\u00de].*))?$")
DOSSIER_LINE_BLOCK = re.compile(  # several dossiers and any title: "21 501-02 en 21 501-20 Raad ..."
    rf"^(?P<dossier>{_DOSSIER_BLOCK}(?:\s*(?:,|en)\s*{_DOSSIER_BLOCK})*)\s+(?P<title>\S.*)$")
SUBJECT = re.compile(r"^Betreft:?\s+(?P<subject>\S.*)$")  # ministry letter head: the subject is the title
HEAD_FIELD = re.compile(
    r"^(?:Ons kenmerk|Uw kenmerk|Kenmerk|Uw brief|Contactpersoon|Onze referentie|Uw referentie)\b.*$", re.IGNORECASE)
# The ministry letter head (Rijkshuisstijl): "> Retouradres Postbus 16375 2500 BJ Den Haag", the
# addressee block ("De Voorzitter van de Tweede Kamer" / "der Staten-Generaal" / "Postbus 20018" /
# "2500 EA  DEN HAAG") and label/value fields whose value may stand on the next line ("Datum" /
# "5 april 2024"). Only in the letter head: a body line may start like any of them.
RETURN_ADDRESS = re.compile(r"^>?\s*Retouradres\b.*$", re.IGNORECASE)
ADDRESSEE = re.compile(r"^(?:Aan\s+)?de\s+voorzitter\s+van\s+de\s+(?:Tweede|Eerste)\s+Kamer"
                       r"(?:\s+der(?:\s+Staten-Generaal)?)?\.?$", re.IGNORECASE)
ADDRESSEE_CONTINUATION = re.compile(r"^(?:der\s+)?Staten-Generaal\.?$", re.IGNORECASE)
POSTAL = re.compile(r"^(?:Postbus\s+\d+|[1-9]\d{3}\s?[A-Z]{2}\s+\S.*)$")  # "Postbus 20018", "2500 EA  DEN HAAG"
STREET = re.compile(r"^[A-Z\u00c0-\u00de][\w'’.-]*(?:\s+[\w'’.-]+){0,3}\s+\d{1,4}[a-z]?$")  # "Rijnstraat 50"
HEAD_LABEL = re.compile(  # a field label whose value stands on the next line
    r"^(?P<label>Datum|Betreft|Ons kenmerk|Uw kenmerk|Kenmerk|Onze referentie|Uw referentie|Uw brief(?: van)?"
    r"|Bijlagen?|Bijlage\(n\)|Contactpersoon)\s*:?$", re.IGNORECASE)
# A reference field as the running sidebar of later pages repeats it: the label and a value with a digit.
REFERENCE_FIELD = re.compile(
    r"^(?:Ons kenmerk|Uw kenmerk|Kenmerk|Onze referentie|Uw referentie|Referentie)\s*:?\s+(?=\S*\d)\S+(?:\s+\S+){0,2}$",
    re.IGNORECASE)
_SALUTATION = (r"Aan de Voorzitter van de (?:Tweede|Eerste) Kamer(?: der Staten-Generaal| der)?\.?"
               r"|Geachte\s+(?:voorzitter|heer|mevrouw|leden)\b[^.]{0,60},?")
SALUTATION = re.compile(rf"^(?:{_SALUTATION})$", re.IGNORECASE)
SALUTATION_BLOCK = re.compile(  # also any addressee line: "Aan de leden van de vaste commissie ... Kamer"
    rf"^(?:(?:{_SALUTATION})$|Aan\s+(?:de|het)\s+(?:voorzitter|leden|president)\b.*\b(?:kamer|staten-generaal)\b)",
    re.IGNORECASE)
_PLACE_THE_HAGUE = r"(?:Den Haag|['’‘]s-Gravenhage|Datum:?)\s*,?"
PLACE_DATE = re.compile(  # "Den Haag, 31 januari 2024", "Datum 12 maart 2024"
    rf"^{_PLACE_THE_HAGUE}\s*(?P<date>{_DATE_TEXT})\.?$", re.IGNORECASE)
PLACE_DATE_BLOCK = re.compile(  # also any place: "Brussel, 5 maart 2024", "Den Haag, de 5 maart 2024"
    rf"^(?:{_PLACE_THE_HAGUE}|[^\d,]{{2,40}},)\s*(?:de\s+)?(?P<date>{_DATE_TEXT})\.?$", re.IGNORECASE)
CLOSING = re.compile(r"^(?:Hoogachtend|Met\s+(?:vriendelijke|hoogachtende)\s+groet(?:en)?"
                     r"|Met\s+de\s+meeste\s+hoogachting)\s*,?$", re.IGNORECASE)
ATTACHMENTS = re.compile(
    # "Bijlage(n): 1", "Bijlagen.", "Bijlage 1 Tijdlijn": at most six words after the cue ...
    r"^(?:Bijlage(?:n|\(n\))?\b[:.]?\s*(?:\S+(?:\s+\S+){0,5})?$"
    # ... or an annex title ("Bijlage 2: Overzicht van ...") of at most 12 words and without a full
    # stop: a longer line, or one ending in a full stop, reads as a sentence about the annex.
    r"|(?!.*\.$)(?=\S+(?:\s+\S+){0,11}\s*$)Bijlagen?(?:\s+\d+|\s+[IVX]+)?\s*[:.\-–]?(?:\s|$))",
    re.IGNORECASE)
# A word of an office's name: a particle or a capitalised word ("Onderwijs, Cultuur en Wetenschap").
_OFFICE_WORD = r"(?:van|voor|en|de|het|der|den|op|'t|[A-Z\u00c0-\u00de][\w'’-]*)"
SIGNER = re.compile(  # "De Minister van Buitenlandse Zaken,", "de minister van Onderwijs, Cultuur en Wetenschap,"
    rf"^(?i:de|het)\s+(?P<role>(?i:{'|'.join(SIGNER_ROLES)})(?:,?\s+{_OFFICE_WORD}){{0,12}}),$")
SIGNER_BLOCK = re.compile(  # any wording and case, comma optional: "DE MINISTER VAN ... EN KLIMAAT"
    rf"^(?:De|Het)\s+(?:{'|'.join(SIGNER_ROLES)})\b[^.;:]{{0,160}},?$", re.IGNORECASE)
# The line under a signer line ("M.L. de Boer"): after a role line any short capitalised line is a name.
SIGNATORY_NAME = re.compile(r"^[A-Z\u00c0-\u00de][\w'’.\- ]{1,60}$")
# A name line on its own ("mr. H.G.J. Bruins Slot"): it needs initials, or it would match any short sentence.
INITIALLED_NAME = re.compile(
    r"^((mr|dr|drs|ir|prof|ing|ds)\.\s*)*([A-Z][a-z]{0,2}\.\s*){1,6}([a-z']+\s+){0,3}"
    r"[A-Z][\w'’\-]+([\s\-][A-Z][\w'’\-]+)*$")


def dossier_line(text: str, *, block: bool = False) -> re.Match[str] | None:
    """The match of a dossier line (groups dossier and title; nr too unless it is the list form), or None.

    A dossier number needs company: a title, a `nr.`, or "Kamerstuk" before it ("21 501-20" alone
    does not count). With block, DOSSIER_LINE_BLOCK's lines count too.
    """
    m = DOSSIER_LINE.match(text)
    if m and (m.group("nr") or m.group("title") or text.lower().startswith("kamerstuk")):
        return m
    return DOSSIER_LINE_BLOCK.match(text) if block else None


# Lines that are furniture wherever they stand alone; the other patterns only in the letter head.
_ANYWHERE = (HOUSE_HEADER, RUNNING_KAMERSTUK, SALUTATION, PLACE_DATE)


# --------------------------------------------------------------------------------------------
# Document type, sender and Kamerstuk citation
# --------------------------------------------------------------------------------------------

# Cue words → document type (lower-case Dutch), most specific first; matched at the start of the
# `Nr.` line text ("BRIEF VAN DE MINISTER ...") or of the title ("VERSLAG VAN ...").
DOCUMENT_TYPE_CUES: tuple[tuple[str, str], ...] = (
    ("geannoteerde agenda", "geannoteerde agenda"),
    ("nota naar aanleiding van het verslag", "nota naar aanleiding van het verslag"),
    ("nota van wijziging", "nota van wijziging"),
    ("memorie van toelichting", "memorie van toelichting"),
    ("voorstel van wet", "voorstel van wet"),
    ("lijst van vragen en antwoorden", "lijst van vragen en antwoorden"),
    ("antwoorden op kamervragen", "antwoord op kamervragen"),
    ("antwoord op vragen", "antwoord op kamervragen"),
    ("geleidende brief", "geleidende brief"),
    ("koninklijke boodschap", "koninklijke boodschap"),
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

# Offices that send letters; a heading "... VAN DE <office>" names its sender, "... VAN DE EUROPESE
# RAAD" names a meeting.
SENDER_OFFICES = ("minister", "ministers", "minister-president", "staatssecretaris", "staatssecretarissen",
                  "vaste commissie", "algemene commissie", "commissie", "voorzitter", "presidium")
# Words that stay lower case inside an office's name ("Minister van Buitenlandse Zaken").
_PARTICLES = {"van", "voor", "en", "de", "der", "den", "het", "op", "in", "te", "tot", "met", "aan",
              "bij", "over", "om", "uit", "tegen", "'t"}


def document_type_from(*texts: str | None) -> str | None:
    """Document type from the cue a text starts with (`Nr.` line text first, then the title).

    Only the start counts: a title such as "Uitvoering motie X" is a letter about a motion,
    not a motion.
    """
    for text in texts:
        if not text:
            continue
        normalised = normalise_space(text).lower()
        for cue, kind in DOCUMENT_TYPE_CUES:
            if re.match(rf"{re.escape(cue)}\b", normalised):
                return kind
    return None


def recase(text: str) -> str:
    """'MINISTER VAN BUITENLANDSE ZAKEN' → 'Minister van Buitenlandse Zaken' (upper-case heads)."""
    if not is_upper_case(text):
        return text
    words = []
    for i, word in enumerate(text.lower().split()):
        if i and word in _PARTICLES:
            words.append(word)
        else:
            words.append("-".join(part[:1].upper() + part[1:] for part in word.split("-")))
    return " ".join(words)


def office_case(text: str) -> str:
    """An office as a sender: 'DE MINISTER VAN ECONOMISCHE ZAKEN,' → 'Minister van Economische Zaken'.

    Upper-case text is recased; mixed case is kept, with a capital first letter.
    """
    text = normalise_space(text).rstrip(",").strip()
    text = re.sub(r"^de\s+", "", text, flags=re.IGNORECASE)
    return recase(text) if is_upper_case(text) else text[:1].upper() + text[1:]


def sender_from_heading(heading: str | None, *, offices_only: bool = False) -> str | None:
    """'BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN' → 'Minister van Buitenlandse Zaken'.

    With offices_only, a heading naming no office in SENDER_OFFICES gives None (the HTML/XML reader
    then takes the signature instead; the text reader keeps "MOTIE VAN HET LID X" → "Lid X").
    """
    if not heading:
        return None
    m = re.search(r"\bvan\s+(?:de|het)\s+(.+)$", normalise_space(heading), re.IGNORECASE)
    if m is None or (offices_only and not m.group(1).lower().startswith(SENDER_OFFICES)):
        return None
    return office_case(m.group(1))


def format_dossier(number: str) -> str:
    """'21501-02' → '21 501-02': Kamerstuk citations group the dossier number in thousands."""
    number = normalise_space(number)
    match = re.match(r"^(\d[\d ]*\d|\d)(.*)$", number)
    if not match:
        return number
    digits = match[1].replace(" ", "")
    grouped = f"{int(digits):,}".replace(",", " ") if len(digits) >= 4 else digits
    return grouped + match[2]


def kamerstuk_citation(dossiers: Iterable[str], nr: str | None) -> str | None:
    """'21 501-20, nr. 2003' (several dossiers joined by commas), or whichever part is known."""
    cited = ", ".join(dict.fromkeys(format_dossier(d) for d in dossiers if d))
    if cited and nr:
        return f"{cited}, nr. {nr}"
    return cited or (f"nr. {nr}" if nr else None)


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
    removed: list[str] = field(default_factory=list)  # furniture lines taken out of the body


def _mostly_upper(lines: list[str]) -> bool:
    """Whether at least 60% of the letters are capitals (titles in the letter head often are)."""
    letters = [c for c in "".join(lines) if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.6 * len(letters)


_MINISTRY_HEAD = (RETURN_ADDRESS, ADDRESSEE, POSTAL, HEAD_LABEL)


def _is_head_furniture(text: str) -> bool:
    """Whether a line is letter-head furniture (so a title block stops before it)."""
    return any(p.match(text) for p in (*_ANYWHERE, NR_LINE, SESSION_YEAR, SUBJECT, HEAD_FIELD, *_MINISTRY_HEAD))


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
                                after_page_break=paragraph.after_page_break or carried,
                                list_item=paragraph.list_item and grouped[i][0] == paragraph.lines[0]))
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
    furniture_seen = salutation_seen = in_address = False
    pos = 0
    while pos < len(lines):
        text = lines[pos].text.strip()
        value = _label_value(lines, pos)
        if value is not None:  # "Datum" / "5 april 2024": read label and value as one line
            head.removed.append(text)
            pos += 1
            text = value
        address_line = _is_address_line(text, in_address)
        in_address = address_line and not POSTAL.match(text) and not RETURN_ADDRESS.match(text)
        m_run = RUNNING_KAMERSTUK.match(text)
        m_nr = NR_LINE.match(text)
        m_dossier = None if m_nr else dossier_line(text)
        m_date = PLACE_DATE.match(text)
        first_of_paragraph = pos == 0 or lines[pos - 1].paragraph != lines[pos].paragraph
        m_subject = SUBJECT.match(text)
        if HOUSE_HEADER.match(text) or SESSION_YEAR.match(text) or HEAD_FIELD.match(text) or address_line:
            pass
        elif ATTACHMENTS.match(text) and len(text.split()) <= 3:  # "Bijlage(n) 2" among the head fields
            pass
        elif m_subject:
            subject = [m_subject.group("subject")]
            while pos + 1 < len(lines) and _continues_subject(lines[pos], lines[pos + 1], len(subject)):
                head.removed.append(text)
                pos += 1
                text = lines[pos].text.strip()
                subject.append(text)
            head.title = head.title or normalise_space(join_lines(subject, evidence))
        elif m_run:
            dossier = dossier or normalise_space(m_run.group("dossier"))
            nr = nr or m_run.group("nr")
        elif m_nr:
            nr, nr_rest = m_nr.group("nr"), m_nr.group("rest")
        elif m_dossier:
            dossier = normalise_space(m_dossier.group("dossier"))
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
        head.title = normalise_space(dossier_title)
    head.kamerstuk = kamerstuk_citation([dossier] if dossier else [], nr)

    rest = _take_signature(lines[pos:], head)
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
    if head.date is None:
        head.date = last_dutch_date(head.title or "") or last_dutch_date(nr_rest or "")
        head.date_source = "title" if head.date else None
    logger.debug("letter head: %s", head)
    return head, _regroup(paragraphs, rest)


def _label_value(lines: list[_Line], pos: int) -> str | None:
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


def _continues_subject(line: _Line, following: _Line, n_lines: int, max_lines: int = 3) -> bool:
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


_NAME_PARTICLES = {"van", "der", "den", "de", "ter", "ten", "te", "het", "'t", "la", "le", "du", "da", "von"}


def _is_name(text: str) -> bool:
    """A person's name on a line of its own: initialled ("M.C. van der Linden"), or a few words that
    are all capitalised or name particles ("Eelco Heinen"), unlike a wrapped sentence."""
    words = text.split()
    return bool(INITIALLED_NAME.match(text)) or (
        0 < len(words) <= 5 and all(w[:1].isupper() or w in _NAME_PARTICLES for w in words)
        and SIGNATORY_NAME.match(text) is not None)


def _signer_role(lines: list[_Line], i: int) -> str | None:
    """The office of the signer line lines[i] (as `office_case` writes it), or None.

    A signer line starts its paragraph or follows a closing formula or an earlier signature line,
    and ends in a comma. It is an office in any case, commas allowed (`SIGNER`: "de minister van
    Onderwijs, Cultuur en Wetenschap,"), or any wording the markup reader accepts (`SIGNER_BLOCK`)
    when an initialled name ("E.M. Verhoeven") follows it.
    """
    text = lines[i].text.strip()
    if not text.endswith(",") or len(text.split()) > 16:
        return None
    if i > 0 and lines[i - 1].paragraph == lines[i].paragraph:
        before = lines[i - 1].text.strip()
        if not (CLOSING.match(before) or _is_name(before) or SIGNER.match(before)):
            return None
    m = SIGNER.match(text)
    if m:
        return office_case(m.group("role"))
    following = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
    if SIGNER_BLOCK.match(text) and INITIALLED_NAME.match(following):
        return office_case(text)
    return None


def _take_signature(lines: list[_Line], head: LetterHead, window: int = 12) -> list[_Line]:
    """Remove closing formulas and signatures among the last lines; record the signers as sender.

    A signature is a signer line (`_signer_role`: `De Minister van Buitenlandse Zaken,`)
    optionally followed by a short name line, directly or after a blank line; the offices become
    the sender ("office; office"), the names the signatory.
    """
    start = max(0, len(lines) - window)
    kept = lines[:start]
    signers: list[str] = []
    names: list[str] = []
    i = start
    while i < len(lines):
        text = lines[i].text.strip()
        role = _signer_role(lines, i)
        if role:
            following = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
            own_line = i + 2 >= len(lines) or lines[i + 2].paragraph != lines[i + 1].paragraph
            named = bool(following) and len(following.split()) <= 6 and _signer_role(lines, i + 1) is None and (
                INITIALLED_NAME.match(following) is not None
                or (SIGNATORY_NAME.match(following) is not None
                    and (lines[i + 1].paragraph == lines[i].paragraph or own_line)))
            signers.append(role)
            if named:
                names.append(normalise_space(following))
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
        head.signatory = "; ".join(names) or None
    return kept


def _read_page_furniture(furniture: list[str], head: LetterHead) -> None:
    """Take what the page furniture the cleaning removed says: a running Kamerstuk header names
    the dossier (and nr.) when the letter head did not."""
    for text in furniture:
        m_run = RUNNING_KAMERSTUK.match(text)
        if m_run and (head.kamerstuk is None or head.kamerstuk.startswith("nr.")):
            head.kamerstuk = kamerstuk_citation([m_run.group("dossier")], m_run.group("nr"))
    head.removed.extend(furniture)


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
            head.kamerstuk = kamerstuk_citation([m_run.group("dossier")], m_run.group("nr"))
        attachment = ATTACHMENTS.match(text) is not None and sizes[line.paragraph] == 1
        if attachment or any(p.match(text) for p in _ANYWHERE):
            head.removed.append(text)
            continue
        kept.append(line)
    return kept
