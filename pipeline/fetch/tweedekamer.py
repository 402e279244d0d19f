"""The Tweede Kamer's gegevensmagazijn: OData v4 over the entity `Document`
(https://opendata.tweedekamer.nl/documentatie/odata-api, …/documentatie/document).

One query lists the range: `$filter` on Datum, Verwijderd, Soort and Kamerstukdossier (the filter
shapes the `tkapi` client builds), `$expand` of the dossiers and actors, `$count`; the service pages
by itself and each page names the next in `@odata.nextLink`. A document's file is
`Document(<Id>)/resource`; a Kamerstuk (dossier + Volgnummer) also has its publication XML on
officielebekendmakingen, which is richer and tried first.

Own client rather than `tkapi`: tkapi requests each page itself (no hook for our rate limit, retries,
Retry-After, timeouts or redirect policy) and has no download size limit."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from urllib.parse import quote
from zoneinfo import ZoneInfo

from pipeline.config import TweedeKamerConfig
from pipeline.errors import FetchError
from pipeline.fetch.http import PoliteClient
from pipeline.fetch.query import Query, dossier_parts
from pipeline.fetch.sidecar import Candidate, Record, ministry_from_title, pdf_candidate, xml_candidate
from pipeline.stages.ingest.metadata import kamerstuk_citation

SOURCE = "tweedekamer"
# The Kamer's dates are Amsterdam dates: a day's bounds are its midnights there (CET/CEST).
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MAX_PAGE_BYTES = 64 * 1024 * 1024


def odata_string(value: str) -> str:
    """An OData string literal: single-quoted, a quote doubled (OData ABNF, SQUOTE-in-string)."""
    return "'" + value.replace("'", "''") + "'"


def day_start(day: date) -> str:
    return datetime.combine(day, time(), AMSTERDAM).isoformat()


def document_filter(query: Query, cfg: TweedeKamerConfig) -> str:
    clauses = ["Verwijderd eq false", f"Datum ge {day_start(query.since)}"]
    if query.until is not None:
        clauses.append(f"Datum lt {day_start(query.until + timedelta(days=1))}")
    if query.kind is not None:
        soorts = " or ".join(f"startswith(Soort,{odata_string(p)})" for p in cfg.types[query.kind])
        clauses.append(f"({soorts})")
    if query.dossier is not None:
        number, addition = dossier_parts(query.dossier)
        inner = f"d/Nummer eq {number}" + (f" and d/Toevoeging eq {odata_string(addition)}" if addition else "")
        clauses.append(f"Kamerstukdossier/any(d:{inner})")
    return " and ".join(clauses)


def first_page_url(api_url: str, query: Query, cfg: TweedeKamerConfig) -> str:
    params = {"$filter": document_filter(query, cfg), "$expand": "Kamerstukdossier,DocumentActor",
              "$orderby": "Datum,Id", "$count": "true"}
    return api_url.rstrip("/") + "/Document?" + "&".join(f"{k}={quote(v, safe=',()/')}" for k, v in params.items())


def list_records(client: PoliteClient, api_url: str, query: Query,
                 cfg: TweedeKamerConfig) -> Iterator[Record | FetchError | int]:
    """The range's documents, page after page: first the total (`@odata.count`, when given), then a
    Record per document, or a FetchError for a document or page that cannot be read (a page's
    error ends the listing)."""
    url, page = first_page_url(api_url, query, cfg), 1
    while url:
        what = f"listing page {page}"
        try:
            data = json.loads(client.get_page(url, what, "application/json", MAX_PAGE_BYTES))
        except FetchError as exc:
            yield exc
            return
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            yield FetchError(f"{what}: malformed JSON ({exc})", path=url)
            return
        if not isinstance(data, dict) or not isinstance(data.get("value"), list):
            yield FetchError(f"{what}: malformed OData response (no 'value' list)", path=url)
            return
        if page == 1 and isinstance(data.get("@odata.count"), int):
            yield data["@odata.count"]
        for entry in data["value"]:
            try:
                yield record_from_entry(entry, api_url, cfg)
            except FetchError as exc:
                yield exc
        next_link = data.get("@odata.nextLink")
        url = next_link if isinstance(next_link, str) and next_link else ""
        page += 1


def text(entry: dict, key: str) -> str | None:
    value = entry.get(key)
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value).strip() or None


def record_from_entry(entry: object, api_url: str, cfg: TweedeKamerConfig) -> Record:
    if not isinstance(entry, dict) or not text(entry, "Id"):
        raise FetchError(f"a Document without an Id in the listing: {str(entry)[:120]}")
    doc_id = text(entry, "Id") or ""
    dossiers = [d for d in entry.get("Kamerstukdossier") or [] if isinstance(d, dict) and text(d, "Nummer")]
    dossier = None
    if dossiers:
        addition = text(dossiers[0], "Toevoeging")
        # A Toevoeging in brackets ("(R2044)") is a note, not part of the Kamerstuk number.
        dossier = text(dossiers[0], "Nummer") + (f"-{addition}" if addition and "(" not in addition else "")
    volgnummer = text(entry, "Volgnummer")
    publication = f"kst-{dossier}-{volgnummer}" if dossier and volgnummer else None
    resource = f"{api_url.rstrip('/')}/Document({doc_id})/resource"
    candidates: list[Candidate] = []
    if publication and cfg.publication_xml_url:
        candidates.append(xml_candidate(cfg.publication_xml_url.format(id=publication)))
    candidates.append(pdf_candidate(resource))
    datum = text(entry, "Datum")
    return Record(
        id=doc_id, name=text(entry, "DocumentNummer") or doc_id,
        url=cfg.publication_page_url.format(id=publication) if publication else resource,
        title=text(entry, "Onderwerp") or text(entry, "Titel"), date=datum[:10] if datum else None,
        document_type=text(entry, "Soort"), ministry=ministry_from_title(signer_title(entry)),
        dossier=dossier, kamerstuk=kamerstuk_citation([dossier] if dossier else [], volgnummer),
        source=SOURCE, change=text(entry, "GewijzigdOp") or text(entry, "ApiGewijzigdOp") or "",
        candidates=tuple(candidates))


def signer_title(entry: dict) -> str | None:
    """The title (Functie) of the bewindspersoon among the DocumentActors, the signer first."""
    actors = [a for a in entry.get("DocumentActor") or [] if isinstance(a, dict) and text(a, "Functie")]
    actors.sort(key=lambda a: "ondertekenaar" not in (text(a, "Relatie") or "").lower())
    for actor in actors:
        title = text(actor, "Functie") or ""
        if title.lower().startswith(("minister", "staatssecretaris")):
            return title
    return None
