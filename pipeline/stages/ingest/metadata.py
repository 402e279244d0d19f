"""What every reader knows about Dutch letters: dates, furniture patterns, document types, senders.

The one home of the rules both readers share: dates, the patterns of letter furniture (house
header, dossier line, `Nr. 7 BRIEF VAN ...`, salutation, `Den Haag, <date>`, closing and
signature, `Bijlage(n)` lines, the ministry letter head), document types, sender casing and the
Kamerstuk citation. The text reader (`sources.py` → `letterhead.py`) and the HTML/XML reader
(`markup.py`) import them from here, so a rule is fixed once for every input format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from pipeline.text.months import DUTCH_MONTH_ABBREVIATIONS, DUTCH_MONTH_NUMBERS


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

# Month names written out or abbreviated, as letter heads and markup dagtekeningen write them
# ("1 mrt. 2023").
_MONTH_NUMBER = {**DUTCH_MONTH_NUMBERS, **DUTCH_MONTH_ABBREVIATIONS}

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
DOSSIER_NUMBER = r"\d{2}\s?\d{3}(?:-[A-Z0-9]+)?(?:\s[IVXLC]{1,4}\b)?"
_DOSSIER_BLOCK = r"\d{1,2}\s?\d{3}(?:-[A-Za-z0-9]+)?(?:\s[IVXLC]{1,4}\b)?"

HOUSE_HEADER = re.compile(r"^(?:Tweede|Eerste)\s+Kamer\s+der\s+Staten-Generaal(?:\s+\d{1,3})?$", re.IGNORECASE)
SESSION_YEAR = re.compile(r"^Vergaderjaar\s+\d{4}(?:\s*[–-]\s*\d{4}|\S*)$", re.IGNORECASE)
RUNNING_KAMERSTUK = re.compile(  # "Tweede Kamer, vergaderjaar 2023–2024, 21 501-20, nr. 2003 3"
    rf"^(?:\d{{1,3}}\s+)?(?:Tweede|Eerste) Kamer,\s*vergaderjaar\s+\d{{4}}\s*[–-]\s*\d{{4}},"
    rf"\s*(?P<dossier>{DOSSIER_NUMBER}),\s*nr\.\s*(?P<nr>\d+)(?:\s+\d{{1,3}})?$", re.IGNORECASE)
NR_LINE = re.compile(r"^Nr\.?\s*(?P<nr>\d+)\s+(?P<rest>\S.*)$", re.IGNORECASE)  # "Nr. 2100 BRIEF VAN ..."
# The Eerste Kamer numbers the stukken of a dossier with letters: "C MEMORIE VAN ANTWOORD",
# "B VOORLOPIG VERSLAG VAN DE VASTE COMMISSIE …" (the type in capitals, as on a `Nr.` line).
EK_STUK_LINE = re.compile(r"^(?P<nr>[A-Z]{1,2})\s+(?P<rest>[A-Z\u00c0-\u00de]{2,}(?:\s+\S+){1,30})$")


def stuk_line(text: str) -> re.Match[str] | None:
    """The `Nr.` line of a Kamerstuk (groups nr and rest), or the Eerste Kamer's letter form."""
    m = EK_STUK_LINE.match(text)
    return NR_LINE.match(text) or (m if m and is_upper_case(m["rest"]) else None)
DOSSIER_LINE = re.compile(  # "21 501-20 Europese Raad", "Kamerstuk 21 501-20, nr. 2003"
    rf"^(?:Kamerstuk(?:ken)?\s+)?(?P<dossier>{DOSSIER_NUMBER})(?:,?\s*nr\.\s*(?P<nr>\d+))?"
    r"(?:\s+(?P<title>[A-Z\u00c0-\u00de].*))?$")
DOSSIER_LINE_BLOCK = re.compile(  # several dossiers and any title: "21 501-02 en 21 501-20 Raad ..."
    rf"^(?P<dossier>{_DOSSIER_BLOCK}(?:\s*(?:,|en)\s*{_DOSSIER_BLOCK})*)\s+(?P<title>\S.*)$")
SUBJECT = re.compile(r"^Betreft:?\s+(?P<subject>\S.*)$")  # ministry letter head: the subject is the title
HEAD_FIELD = re.compile(
    r"^(?:Ons kenmerk|Uw kenmerk|Kenmerk|Uw brief|Contactpersoon|Onze referentie|Uw referentie"
    r"|Blad\s+\d+\s*/\s*\d+)\b.*$",
    re.IGNORECASE)
# A horizontal rule ("---", "___") that a page copy or a text export draws between letter-head parts.
RULE_LINE = re.compile(r"^[-_*=—–]{3,}$")
# The sending ministry's name at the top of its letter head ("Ministerie van Buitenlandse Zaken"):
# who sends, not what the letter is about.
MINISTRY_NAME = re.compile(r"^Ministerie\s+(?:van|voor)\s+[A-Z][^.;:]{2,80}$")
# Letter-head columns joined on one line by a copy: "Datum 21 september 2002 Auteur …" keeps its date;
# "Aan de Voorzitter van de Tweede Kamer … Binnenhof 4 Den Haag …" is the address block.
DATE_FIELD_JOINED = re.compile(r"^Datum:?\s+(?P<date>\d{1,2}\s+[a-z]+\.?\s+\d{4})\b.*$", re.IGNORECASE)
ADDRESS_JOINED = re.compile(r"^Aan\s+de\s+Voorzitter\s+van\s+de\s+(?:Tweede|Eerste)\s+Kamer\b.*$", re.IGNORECASE)
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
               r"|(?:Zeer\s+)?Geachte\s+(?:voorzitter|heer|mevrouw|leden)\b[^.]{0,60},?")
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
# "Vastgesteld 25 mei 2023" (a committee's report), "Ontvangen 26 april 2019" (a memorie van
# antwoord): the date such a document carries instead of a place/date line.
ADOPTED_DATE = re.compile(rf"^(?:Vastgesteld|Ontvangen)\s+(?P<date>{_DATE_TEXT})\.?$", re.IGNORECASE)
# The addressee and the place/date on one line, as a browser copy of a Kamerstuk page joins them:
# "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal Den Haag, 10 november 2023".
ADDRESSEE_AND_DATE = re.compile(
    r"^Aan de Voorzitter van de (?:Tweede|Eerste) Kamer(?: der Staten-Generaal)?\.?\s+"
    rf"(?:Den Haag|['’‘]s-Gravenhage)\s*,?\s*(?P<date>{_DATE_TEXT})\.?$", re.IGNORECASE)
# A signature on one line, office and name separated by a comma, as a page copy prints it:
# "De Minister van Buitenlandse Zaken, A.G. Koenders", "De Staatssecretaris van Financiën, M.L.A. van Rij".
# The name needs initials (a capitalised word after a comma could end any clause).
_INITIALLED = (r"(?:(?:mr|dr|drs|ir|prof|ing|ds)\.\s*)*(?:[A-Z][a-z]{0,2}\.\s*){1,6}(?:[a-z']+\s+){0,3}"
               r"[A-Z][\w'’\-]+(?:[\s\-][A-Z][\w'’\-]+)*")
SIGNATURE_LINE = re.compile(
    rf"^(?i:de|het)\s+(?P<office>(?i:{'|'.join(SIGNER_ROLES)})(?:,?\s+{_OFFICE_WORD}){{0,12}}),\s+"
    rf"(?P<name>{_INITIALLED})$")
# Offices whose signature makes them the letter's sender (a committee's chair or clerk signs a
# report, but the report is the committee's).
_SENDING_ROLES = ("minister", "ministers", "minister-president", "vice-minister-president", "staatssecretaris",
                  "staatssecretarissen")


# A signer's office alone, without comma or name ("De Minister van Buitenlandse Zaken"): as a
# paragraph of its own it is a signature (an office is no section heading).
SIGNER_ALONE = re.compile(
    rf"^(?i:de|het)\s+(?P<office>(?i:{'|'.join(SIGNER_ROLES)})(?:,?\s+{_OFFICE_WORD}){{1,12}})$")


# A committee's report is signed by its chair and clerk, by surname: "De voorzitter van de commissie,
# Tielen", "De adjunct-griffier van de commissie, Kruithof" (not senders: the report is the committee's).
COMMITTEE_SIGNATURE = re.compile(
    r"^De\s+(?P<office>(?:adjunct-|waarnemend\s+)?(?:voorzitter|griffier)\s+van\s+de\s+(?:vaste\s+|algemene\s+)?"
    r"commissie(?:\s+voor\s+[^,]{3,80})?),\s+(?P<name>[A-Z][\w'’-]+(?:\s+[\w'’-]+){0,3})$", re.IGNORECASE)


def one_line_signature(text: str, alone: bool = False) -> tuple[str, str | None] | None:
    """(office as sender, name) of a one-line signature ("De Minister van X, A.B. Name"), or None.
    With `alone` (the line is a paragraph of its own) an office without a name counts too."""
    text = normalise_space(text)
    m = SIGNATURE_LINE.match(text) or COMMITTEE_SIGNATURE.match(text)
    if m is not None:
        return office_case(m["office"]), normalise_space(m["name"])
    m = SIGNER_ALONE.match(text) if alone else None
    return (office_case(m["office"]), None) if m else None


def is_sending_office(office: str) -> bool:
    return office.split()[0].lower() in _SENDING_ROLES


# The line under a signer line ("M.L. de Boer"): after a role line any short capitalised line is a name.
SIGNATORY_NAME = re.compile(r"^[A-Z\u00c0-\u00de][\w'’.\- ]{1,60}$")
# A name line on its own ("mr. H.G.J. Bruins Slot"): it needs initials, or it would match any short sentence.
INITIALLED_NAME = re.compile(
    r"^((mr|dr|drs|ir|prof|ing|ds)\.\s*)*([A-Z][a-z]{0,2}\.\s*){1,6}([a-z']+\s+){0,3}"
    r"[A-Z][\w'’\-]+([\s\-][A-Z][\w'’\-]+)*$")


def closing_line(line: str) -> bool:
    """A line of an official letter's close: its formula, the signer's office, the signer's name."""
    return bool(CLOSING.match(line) or SIGNER.match(line) or INITIALLED_NAME.match(line))


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
ANYWHERE_FURNITURE = (HOUSE_HEADER, RUNNING_KAMERSTUK, SALUTATION, PLACE_DATE)


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
    ("verslag van een schriftelijk overleg", "verslag van een schriftelijk overleg"),
    ("memorie van antwoord", "memorie van antwoord"),
    ("nader voorlopig verslag", "nader voorlopig verslag"),
    ("voorlopig verslag", "voorlopig verslag"),
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
    # A budget chapter or fund letter follows after a space ("34300-VII" → "34 300 VII", as printed:
    # "36 200 VI"); a numbered sub-dossier keeps its hyphen ("21 501-20").
    return grouped + re.sub(r"^-(?=[A-Z]+$)", " ", match[2])


def kamerstuk_citation(dossiers: Iterable[str], nr: str | None) -> str | None:
    """'21 501-20, nr. 2003' (several dossiers joined by commas), or whichever part is known."""
    cited = ", ".join(dict.fromkeys(format_dossier(d) for d in dossiers if d))
    if cited and nr and nr.isalpha():  # an Eerste Kamer stuk: "35 010, C"
        return f"{cited}, {nr}"
    if cited and nr:
        return f"{cited}, nr. {nr}"
    return cited or (f"nr. {nr}" if nr else None)
