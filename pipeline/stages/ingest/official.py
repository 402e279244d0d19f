"""The official record beside a letter: `<stem>.source.json`, written by `kamerbrief fetch`.

The sidecar holds what the open data says about the letter (pipeline.document.OfficialRecord without
`mismatches`). Ingest reads it after the letter (`apply_official_record`):

  * a sidecar that cannot be used (not JSON, not an object, a field missing or of the wrong type, a
    key the format does not have, a date that is no date, a URL that is no web address) is a warning
    naming the file and what is wrong, never a failure: the letter is read as if it had none;
  * the letter's own metadata wins where the letter has a value; where it has none the record fills
    it (title, date, document type, Kamerstuk; the sender from the ministry). Metadata.url is the
    record's address. A date the letter only took from its title (the date of the meeting a report
    is about, `date_source: title`) is not the letter's date: the record's date replaces it;
  * where the letter's own text disagrees with the record on the date, the Kamerstuk or the ministry,
    the field is named in `OfficialRecord.mismatches` and the note warns, naming both values — a
    check of ingest on every fetched letter; the batch counts them (BatchResult) and `check_summary`
    words them for the batch summary;
  * a letter whose sha256 differs from the one recorded at fetch time changed since it was fetched:
    a warning says so (the record is still used: it describes the publication).

Values are compared by meaning: dates as dates; Kamerstuk numbers by dossier and ondernummer
(spaces, `nr.`, the publication identifier `kst-<dossier>-<nr>`); the ministry by the name after
`van` in the ministry (`Ministerie van Financiën`) and in the sender's office (`Minister van
Financiën`, `Staatssecretaris van Financiën`). A minister *voor* a portfolio has no ministry of
his own (Grondwet art. 44: a minister without portfolio is hosted by one), so such a sender is not
compared.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path

from pydantic import ValidationError

from pipeline.document import Document, OfficialRecord
from pipeline.names import printable
from pipeline.render.links import dossier_id, web_url

logger = logging.getLogger(__name__)

SIDECAR_SUFFIX = ".source.json"
# A sidecar holds a dozen short fields; anything much larger is not one (and is not read whole).
MAX_SIDECAR_BYTES = 1 << 20
CHECKED_FIELDS = ("date", "kamerstuk", "ministry")
_LABELS = {"date": "date", "kamerstuk": "Kamerstuk", "ministry": "sender"}  # the letter's side of each check
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def sidecar_path(letter: Path) -> Path:
    """Where a letter's official record lies: `<stem>.source.json` beside `<stem>.<ext>`."""
    return letter.with_name(letter.stem + SIDECAR_SUFFIX)


def is_sidecar(name: str) -> bool:
    return name.lower().endswith(SIDECAR_SUFFIX)


def read_official_record(letter: Path) -> tuple[OfficialRecord | None, str | None]:
    """The letter's validated official record and None, or None and why the sidecar cannot be used
    (None, None: the letter has no sidecar)."""
    path = sidecar_path(letter)
    if not path.exists() and not path.is_symlink():
        return None, None
    name = printable(path.name)
    fix = "fetch the letter again (`kamerbrief fetch`), or delete the sidecar"
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_SIDECAR_BYTES + 1)
    except OSError as exc:
        return None, f"official record {name} cannot be read ({exc.strerror or exc}); check its permissions"
    if len(data) > MAX_SIDECAR_BYTES:
        return None, f"official record {name} is larger than {MAX_SIDECAR_BYTES // 1024} KB: not a fetch sidecar; {fix}"
    try:
        fields = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        return None, f"official record {name} is not valid JSON ({printable(str(exc))[:120]}); {fix}"
    problem = _problem(fields)
    if problem is not None:
        return None, f"official record {name} is not usable: {problem}; {fix}"
    return OfficialRecord.model_validate(fields), None


def _problem(fields: object) -> str | None:
    """What makes parsed sidecar JSON not an official record, or None."""
    if not isinstance(fields, dict):
        return f"it holds a JSON {type(fields).__name__}, not an object"
    allowed = set(OfficialRecord.model_fields) - {"mismatches"}
    unknown = sorted(set(fields) - allowed)
    if unknown:
        return f"unknown field(s) {', '.join(printable(str(k))[:40] for k in unknown[:5])}"
    try:
        record = OfficialRecord.model_validate(fields)
    except ValidationError as exc:
        errors = [f"field {printable('.'.join(str(p) for p in e['loc']))}: {e['msg'].lower()}" for e in exc.errors()]
        return "; ".join(errors[:3]) + (f" (and {len(errors) - 3} more)" if len(errors) > 3 else "")
    if not record.id.strip():
        return "field id is empty"
    if not web_url(record.url):
        return f"field url is not a web address ({printable(record.url)[:80]})"
    if record.date is not None and as_date(record.date) is None:
        return f"field date is not an ISO date ({printable(record.date)[:40]})"
    if as_datetime(record.fetched_at) is None:
        return f"field fetched_at is not an ISO date and time ({printable(record.fetched_at)[:40]})"
    if not _SHA256.match(record.sha256):
        return "field sha256 is not 64 hexadecimal digits"
    return None


def as_date(text: str | None) -> date | None:
    """An ISO date, or the date of an ISO date-time (`2024-02-09T00:00:00+01:00`); None if neither."""
    if not text:
        return None
    moment = as_datetime(text)
    if moment is not None:
        return moment.date()
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def as_datetime(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def apply_official_record(doc: Document, letter: Path) -> Document:
    """Read the letter's sidecar (if any) into `doc.official`, fill the metadata the letter did not
    yield, and warn where the letter's text disagrees with the record (module docstring)."""
    record, problem = read_official_record(letter)
    if problem is not None:
        _warn(doc, problem)
    if record is None:
        return doc
    name = printable(sidecar_path(letter).name)
    if doc.provenance.input_sha256 and doc.provenance.input_sha256 != record.sha256:
        _warn(doc, f"the letter changed since it was fetched: its sha256 is {doc.provenance.input_sha256[:12]}…, "
                   f"the official record {name} has {record.sha256[:12]}…; fetch it again if it should be "
                   "the published letter")
    meta = doc.metadata
    mismatches = []
    if meta.date is not None and meta.date_source != "title" and as_date(record.date) is not None:
        if as_date(meta.date) != as_date(record.date):
            mismatches.append(("date", meta.date, record.date))
    elif record.date is not None:
        meta.date, meta.date_source = as_date(record.date).isoformat(), None
    if meta.kamerstuk and record.kamerstuk:
        if not same_kamerstuk(meta.kamerstuk, record.kamerstuk):
            mismatches.append(("kamerstuk", meta.kamerstuk, record.kamerstuk))
    elif record.kamerstuk:
        meta.kamerstuk = record.kamerstuk
    if meta.sender and record.ministry:
        if same_ministry(meta.sender, record.ministry) is False:
            mismatches.append(("ministry", meta.sender, record.ministry))
    elif record.ministry:
        meta.sender = record.ministry
    meta.title = meta.title or record.title
    meta.document_type = meta.document_type or record.document_type
    meta.url = record.url
    for field, own, official in mismatches:
        _warn(doc, f"the letter's {_LABELS[field]} is {printable(own)}, its official record ({name}) says "
                   f"{printable(official)}; the note keeps the letter's — check which is right")
    record.mismatches = [field for field, _, _ in mismatches]
    doc.official = record
    return doc


def _warn(doc: Document, message: str) -> None:
    logger.warning("%s: %s", printable(doc.source), message)
    doc.warnings.append(message)


# ---------------------------------------------------------------------------------------- Kamerstuk

# The ondernummer at a citation's end: "…, nr. 2003" (Tweede Kamer) or "…, C" (Eerste Kamer letter).
_CITED_NUMBER = re.compile(r"(?:^|,\s*|\s+)(?:nrs?\.?|nummer)\s*(?P<nr>\d+[a-z]?)\s*$|,\s*(?P<letter>[a-z]{1,3})\s*$",
                           re.IGNORECASE)
# A publication identifier (officielebekendmakingen.nl): kst-<dossier>[-<toevoeging>…]-<nr>.
_IDENTIFIER = re.compile(r"^kst-(?P<dossier>\d+(?:-[0-9a-z]+)*?)-(?P<nr>\d+[a-z]?|[a-z]{1,3})$", re.IGNORECASE)


def kamerstuk_key(text: str) -> tuple[frozenset[str], str | None] | None:
    """The dossiers and ondernummer a Kamerstuk citation names, normalised for comparison:
    '21 501-20, nr. 2003' and 'kst-21501-20-2003' -> ({'21501-20'}, '2003'); None if it names neither."""
    text = unicodedata.normalize("NFKC", text).strip().rstrip(".")
    text = re.sub(r"^kamerstuk(?:ken)?\s+", "", text, flags=re.IGNORECASE)
    ident = _IDENTIFIER.match(text)
    if ident:
        return frozenset({ident["dossier"].upper()}), ident["nr"].upper()
    cited = _CITED_NUMBER.search(text)
    nr = (cited["nr"] or cited["letter"]).upper() if cited else None
    head = text[:cited.start()] if cited else text
    dossiers = {dossier_id(part) for part in re.split(r"\s*,\s*|\s+en\s+", head)} - {None}
    return (frozenset(d.upper() for d in dossiers), nr) if dossiers or nr else None


def same_kamerstuk(own: str, official: str) -> bool:
    """Whether two citations name the same Kamerstuk: the ondernummer equal (when both give one) and
    a dossier in common (a letter may cite several). Text neither can read is compared as text."""
    a, b = kamerstuk_key(own), kamerstuk_key(official)
    if a is None or b is None:
        return re.sub(r"\W", "", own).lower() == re.sub(r"\W", "", official).lower()
    if a[1] is not None and b[1] is not None and a[1] != b[1]:
        return False
    return bool(a[0] & b[0]) or not (a[0] and b[0])  # one names no dossier ("nr. 7"): the number decides


# ---------------------------------------------------------------------------------------- ministry

_OFFICE = r"(?:minister-president|minister|ministerie|staatssecretaris)"
# Offices in one sender are joined by a comma or "en" before the next office; a ministry's own name
# may hold both ("Onderwijs, Cultuur en Wetenschap"), so only a following office word splits.
_NEXT_OFFICE = re.compile(rf"\s*(?:,|\ben\b)\s*(?=(?:de\s+)?{_OFFICE}\b)")
_OF_MINISTRY = re.compile(rf"^(?:de\s+)?{_OFFICE}\s+van\s+(?P<name>.+)$")


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"\s+", " ", text).strip(" ,.")


def _ministry_name(office: str, bare: bool = False) -> str | None:
    """'minister van financien' -> 'financien' (with `bare`, a ministry's name alone is itself); None
    for an office 'voor' a portfolio (no ministry of its own), an office without a ministry
    ('minister-president'), or any other sender (a committee). A state secretary's portfolio after a
    dash ('Staatssecretaris van Financiën – Fiscaliteit en Belastingdienst') is not the ministry's."""
    m = _OF_MINISTRY.match(office)
    if m is None and (not bare or re.match(rf"^(?:de\s+)?{_OFFICE}\b", office)):
        return None
    return re.split(r"\s+[-–—]\s+", m["name"] if m else office)[0].strip(" ,.") or None


def same_ministry(sender: str, ministry: str) -> bool | None:
    """Whether the sending office belongs to the ministry; None when that cannot be told (the sender
    names no office 'van' a ministry, or the record's ministry is an abbreviation)."""
    official = _ministry_name(_plain(ministry), bare=True)
    if official is None or re.fullmatch(r"[a-z&]{1,6}", official) and ministry.strip().isupper():
        return None
    names = {n for n in (_ministry_name(o) for o in _NEXT_OFFICE.split(_plain(sender))) if n}
    return official in names if names else None


# ---------------------------------------------------------------------------------------- batch summary

def check_summary(checked: int, mismatches: Mapping[str, int]) -> str | None:
    """The batch summary's line: how many letters were checked against their official record and the
    mismatches by field ('3 letter(s) checked against official metadata: mismatches date 1'); None
    when no letter had a record. The counts are the batch's (pipeline.engines.report.BatchResult)."""
    if not checked:
        return None
    found = ", ".join(f"{field} {mismatches[field]}" for field in CHECKED_FIELDS if mismatches.get(field))
    return (f"{checked} letter(s) checked against official metadata: "
            + (f"mismatches {found} (see the notes' warnings)" if found else "no mismatches"))
