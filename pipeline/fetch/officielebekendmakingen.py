"""officielebekendmakingen: the KOOP repository's SRU 2.0 service (https://repository.overheid.nl/sru,
OASIS searchRetrieve 2.0, CQL queries, record schema `gzd`).

The query names the collection (c.product-area==officielepublicaties), the publications
(w.publicatienaam), the date range (dt.date) and a dossier (w.dossiernummer); pages follow
startRecord / maximumRecords (and nextRecordPosition when the service gives it). Each record's
enrichedData lists the manifestations (`gzd:itemUrl manifestation="xml" | "pdf" | …`): the XML is
taken, else the PDF. Not verified against the live service here: the dt.date range operators and
the type names in fetch.officielebekendmakingen.types (both in the config)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from pipeline.config import OfficieleBekendmakingenConfig
from pipeline.errors import FetchError
from pipeline.fetch.http import PoliteClient
from pipeline.fetch.query import Query
from pipeline.fetch.sidecar import Candidate, Record, pdf_candidate, xml_candidate
from pipeline.stages.ingest.metadata import kamerstuk_citation

SOURCE = "officielebekendmakingen"
MAX_PAGE_BYTES = 64 * 1024 * 1024
PAGE_URL = "https://zoek.officielebekendmakingen.nl/{id}.html"  # the documented public address


def cql_term(value: str) -> str:
    """A CQL search term: quoted when it holds anything but letters, digits, '-' and '.'."""
    if value and all(c.isalnum() or c in "-." for c in value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def cql_query(query: Query, cfg: OfficieleBekendmakingenConfig) -> str:
    publications = " OR ".join(f"w.publicatienaam=={cql_term(p)}" for p in cfg.publications)
    clauses = ["c.product-area==officielepublicaties", f"({publications})", f"dt.date>={query.since.isoformat()}"]
    if query.until is not None:
        clauses.append(f"dt.date<={query.until.isoformat()}")
    if query.dossier is not None:
        clauses.append(f"w.dossiernummer=={cql_term(query.dossier)}")
    return " AND ".join(clauses)


def page_url(api_url: str, query: Query, cfg: OfficieleBekendmakingenConfig, start: int) -> str:
    return api_url + "?" + urlencode({"operation": "searchRetrieve", "version": "2.0", "recordSchema": "gzd",
                                      "query": cql_query(query, cfg), "startRecord": start,
                                      "maximumRecords": cfg.records_per_page})


def parse_xml(body: bytes) -> Any:
    from lxml import etree  # heavy: only when a page is read

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    return etree.fromstring(body, parser)


def list_records(client: PoliteClient, api_url: str, query: Query,
                 cfg: OfficieleBekendmakingenConfig) -> Iterator[Record | FetchError | int]:
    """First the total (numberOfRecords), then a Record or FetchError per record; a page that
    cannot be read ends the listing with a FetchError."""
    from lxml import etree

    start, page = 1, 1
    while True:
        url, what = page_url(api_url, query, cfg, start), f"listing page {page}"
        try:
            root = parse_xml(client.get_page(url, what, "application/xml", MAX_PAGE_BYTES))
        except FetchError as exc:
            yield exc
            return
        except etree.XMLSyntaxError as exc:
            yield FetchError(f"{what}: malformed XML ({exc})", path=url)
            return
        diagnostic = root.findtext(".//{*}diagnostic/{*}message")
        if diagnostic:
            yield FetchError(f"{what}: the service refused the query: {diagnostic}", path=url)
            return
        total_text = root.findtext("{*}numberOfRecords")
        if total_text is None or not total_text.strip().isdigit():
            yield FetchError(f"{what}: malformed SRU response (no numberOfRecords)", path=url)
            return
        total = int(total_text)
        if page == 1:
            yield total
        records = root.findall("{*}records/{*}record")
        for element in records:
            try:
                yield record_from_element(element)
            except FetchError as exc:
                yield exc
        following = (root.findtext("{*}nextRecordPosition") or "").strip()
        start = int(following) if following.isdigit() else start + len(records)
        if not records or start > total:
            return
        page += 1


def first_text(element: Any, name: str) -> str | None:
    for found in element.iterfind(f".//{{*}}{name}"):
        value = (found.text or "").strip()
        if value:
            return value
    return None


def all_texts(element: Any, name: str) -> list[str]:
    return [(found.text or "").strip() for found in element.iterfind(f".//{{*}}{name}") if (found.text or "").strip()]


def record_from_element(element: Any) -> Record:
    identifier = first_text(element, "identifier")
    if not identifier:
        raise FetchError("a record without dcterms:identifier in the listing")
    manifestations = {found.get("manifestation"): (found.text or "").strip()
                      for found in element.iterfind(".//{*}itemUrl") if (found.text or "").strip()}
    candidates: list[Candidate] = []
    if manifestations.get("xml"):
        candidates.append(xml_candidate(manifestations["xml"]))
    if manifestations.get("pdf"):
        candidates.append(pdf_candidate(manifestations["pdf"]))
    if not candidates:
        raise FetchError(f"{identifier}: the record lists neither an XML nor a PDF manifestation")
    dossiers = all_texts(element, "dossiernummer")
    creators = all_texts(element, "creator")
    return Record(
        id=identifier, name=identifier, url=first_text(element, "preferredUrl") or PAGE_URL.format(id=identifier),
        title=first_text(element, "documenttitel") or first_text(element, "title"),
        date=first_text(element, "date") or first_text(element, "issued"),
        document_type=first_text(element, "subrubriek") or first_text(element, "type"),
        # OWMS names a ministry as creator when it is the author; a Kamerstuk's creator is the Kamer.
        ministry=next((c for c in creators if c.lower().startswith("ministerie")), None),
        dossier=dossiers[0] if dossiers else None,
        kamerstuk=kamerstuk_citation(dossiers[:1], first_text(element, "ondernummer")),
        source=SOURCE, change=first_text(element, "modified") or first_text(element, "available") or "",
        candidates=tuple(candidates))
