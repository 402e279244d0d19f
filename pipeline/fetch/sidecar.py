"""What a source says about one document (`Record`) and
the `<stem>.source.json` sidecar: exactly the fields of pipeline.document.OfficialRecord but
`mismatches` (which the pipeline fills when it compares the letter with this record)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from pipeline.document import OfficialRecord
from pipeline.errors import FetchError
from pipeline.render.files import atomic_write
from pipeline.stages.ingest.official import SIDECAR_SUFFIX

SIDECAR_FIELDS = tuple(name for name in OfficialRecord.model_fields if name != "mismatches")

# Dutch bewindspersonen are titled after their ministry ("minister van Financiën", "staatssecretaris
# van Financiën"): the title names the sending ministry as its letter head does ("Ministerie van …").
# A minister "voor" a policy area has no ministry of that name: such a title is kept as it is.
BEWINDSPERSOON = re.compile(r"^\s*(?:minister|staatssecretaris)\s+van\s+(?P<name>\S.*?)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Candidate:
    """One way to get the document, richest first: its URL, the Accept header, the content types
    taken, and the file suffix."""

    url: str
    accept: str
    types: tuple[str, ...]
    suffix: str


XML_TYPES = ("application/xml", "text/xml")
PDF_TYPES = ("application/pdf",)


def xml_candidate(url: str) -> Candidate:
    return Candidate(url, "application/xml", XML_TYPES, ".xml")


def pdf_candidate(url: str) -> Candidate:
    return Candidate(url, "application/pdf", PDF_TYPES, ".pdf")


@dataclass(frozen=True)
class Record:
    """One document as a source lists it."""

    id: str  # the source's own identifier (OData Id GUID; SRU dcterms:identifier)
    name: str  # the identifier the file stem is made from (DocumentNummer; the SRU identifier)
    url: str  # the official page
    title: str | None
    date: str | None  # ISO 8601 date
    document_type: str | None
    ministry: str | None
    dossier: str | None  # "21501-20"
    kamerstuk: str | None  # "21 501-20, nr. 2003"
    source: str
    change: str  # the source's change marker (GewijzigdOp; dcterms:modified): a new one re-fetches
    candidates: tuple[Candidate, ...]

    @property
    def key(self) -> str:
        return f"{self.source}:{self.id}"


def ministry_from_title(title: str | None) -> str | None:
    """'minister van Financiën' → 'Ministerie van Financiën'; other titles as they are."""
    if not title or not title.strip():
        return None
    match = BEWINDSPERSOON.match(title)
    return f"Ministerie van {match['name']}" if match else title.strip()


def sidecar_path(folder: Path, stem: str) -> Path:
    return folder / f"{stem}{SIDECAR_SUFFIX}"


def write_sidecar(folder: Path, stem: str, record: Record, sha256: str) -> Path:
    data = {"id": record.id, "url": record.url, "title": record.title, "date": record.date,
            "document_type": record.document_type, "ministry": record.ministry, "dossier": record.dossier,
            "kamerstuk": record.kamerstuk, "source": record.source,
            "fetched_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(), "sha256": sha256}
    OfficialRecord.model_validate(data)  # what the pipeline will read back
    path = sidecar_path(folder, stem)
    atomic_write(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return path


def read_sidecar(path: Path) -> dict[str, object] | None:
    """A sidecar written by an earlier run, or None when missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None


def check_payload(path: Path, suffix: str, what: str, url: str) -> None:
    """The downloaded file is what its content type says: a PDF starts with %PDF-; publication XML
    parses (no entities resolved, no network)."""
    if suffix == ".pdf":
        with open(path, "rb") as handle:
            if not handle.read(1024).lstrip().startswith(b"%PDF-"):
                raise FetchError(f"{what}: served as PDF but is not one (no %PDF- header)", path=url)
        return
    from lxml import etree  # heavy: only when a document is checked

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        etree.parse(str(path), parser)
    except etree.XMLSyntaxError as exc:
        raise FetchError(f"{what}: malformed XML ({exc})", path=url) from None
