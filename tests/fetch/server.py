"""A local stand-in for the two open-data services, on 127.0.0.1 (a random port), started by the tests.

It speaks each protocol as documented, for a seeded, generated set of record-shaped documents:
  * OData v4 (gegevensmagazijn.tweedekamer.nl/OData/v4/2.0): `Document?$filter=…` answered in pages
    of `page_size` with `@odata.nextLink` and `@odata.count`, entities with the documented attributes
    (https://opendata.tweedekamer.nl/documentatie/document: Id, Soort, DocumentNummer, Titel,
    Onderwerp, Datum, Volgnummer, Vergaderjaar, ContentType, ContentLength, GewijzigdOp,
    ApiGewijzigdOp, Verwijderd) and the expanded Kamerstukdossier (Nummer, Toevoeging) and
    DocumentActor (ActorNaam, Functie, Relatie); `Document(<Id>)/resource` serves the file;
  * SRU 2.0 (repository.overheid.nl/sru): searchRetrieve with startRecord / maximumRecords, records in
    the `gzd` schema shaped like the live ones (owmskern / owmsmantel / tpmeta, enrichedData with
    preferredUrl and itemUrl per manifestation; example identifier kst-21501-20-2003);
  * publication XML (`/pub/<id>.xml`, `/repo/<id>.xml`) and PDFs (`/repo/<id>.pdf`).

Only the filter clauses the fetcher sends are understood (dates, dossier, Soort prefixes). Faults
are switched on per path: `server.fault(path_part, kind, times, **options)`."""

from __future__ import annotations

import json
import random
import re
import threading
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit
from xml.sax.saxutils import escape

ODATA = "/OData/v4/2.0"
MINISTRIES = ["Financiën", "Buitenlandse Zaken", "Volksgezondheid, Welzijn en Sport", "Justitie en Veiligheid"]
DOSSIERS = [("21501", "20"), ("21501", "02"), ("36200", "VI"), ("29023", None), ("32317", None)]
SOORTEN = ["Brief regering"] * 6 + ["Verslag van een schriftelijk overleg", "Antwoord schriftelijke vragen"]


# The shape of the live service's refusal (HTTP 200, no records): OASIS searchRetrieve diagnostics.
SRU_DIAGNOSTIC = (b'<?xml version="1.0" encoding="UTF-8"?><searchRetrieveResponse '
                  b'xmlns="http://docs.oasis-open.org/ns/search-ws/sruResponse" '
                  b'xmlns:d="http://docs.oasis-open.org/ns/search-ws/diagnostic"><version>2.0</version>'
                  b"<diagnostics><d:diagnostic><d:uri>info:srw/diagnostic/1/10</d:uri>"
                  b"<d:message>Query syntax error</d:message></d:diagnostic></diagnostics></searchRetrieveResponse>")


@dataclass
class Doc:
    id: str
    nummer: str
    soort: str
    onderwerp: str
    datum: date
    dossier: tuple[str, str | None]
    volgnummer: int
    functie: str
    changed: str
    has_xml: bool

    @property
    def publication(self) -> str:
        number, addition = self.dossier
        return f"kst-{number}{'-' + addition if addition else ''}-{self.volgnummer}"

    def pdf(self) -> bytes:
        return (b"%PDF-1.4\n% " + self.nummer.encode() + b"\n" + self.onderwerp.encode("utf-8") + b"\n"
                + b"x" * 2000 + b"\n%%EOF\n")

    def xml(self) -> bytes:
        return (f'<?xml version="1.0" encoding="UTF-8"?><officiele-publicatie><kamerstuk><dossier>'
                f"<dossiernummer><dossiernummer>{self.dossier[0]}</dossiernummer></dossiernummer></dossier>"
                f"<stuk><stuknummer><ondernummer>{self.volgnummer}</ondernummer></stuknummer>"
                f"<brief><al>{escape(self.onderwerp)}</al></brief></stuk></kamerstuk>"
                f"</officiele-publicatie>").encode("utf-8")


def generate(n: int, seed: int, first: date, days: int) -> list[Doc]:
    """`n` documents dated over `days` days from `first`, the same for the same seed."""
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        day = first + timedelta(days=rng.randrange(days))
        functie = f"{rng.choice(['minister', 'staatssecretaris'])} van {rng.choice(MINISTRIES)}"
        docs.append(Doc(id=str(uuid.UUID(int=rng.getrandbits(128), version=4)), nummer=f"{day.year}D{10000 + i}",
                        soort=rng.choice(SOORTEN), onderwerp=f"Geannoteerde agenda nr. {i} — ‘test’ & co",
                        datum=day, dossier=rng.choice(DOSSIERS), volgnummer=1000 + i, functie=functie,
                        changed=f"{day.isoformat()}T10:00:00+02:00", has_xml=i % 2 == 0))
    return sorted(docs, key=lambda d: (d.datum, d.id))


@dataclass
class Fault:
    path: str
    kind: str
    times: int
    options: dict = field(default_factory=dict)


class OpenDataServer:
    def __init__(self, docs: list[Doc], page_size: int = 50) -> None:
        self.docs = docs
        self.page_size = page_size
        self.faults: list[Fault] = []
        self.log: list[str] = []
        self.lock = threading.Lock()
        handler = type("Handler", (Handler,), {"server_state": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> OpenDataServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def fault(self, path: str, kind: str, times: int = 1, **options: object) -> None:
        with self.lock:
            self.faults.append(Fault(path, kind, times, dict(options)))

    def take_fault(self, path: str) -> Fault | None:
        with self.lock:
            self.log.append(path)
            for fault in self.faults:
                if fault.times > 0 and fault.path in path:
                    fault.times -= 1
                    return fault
        return None

    def downloads(self) -> list[str]:
        with self.lock:
            return [p for p in self.log if p.endswith(("/resource", ".xml", ".pdf"))]

    def by_id(self) -> dict[str, Doc]:
        return {d.id: d for d in self.docs}

    def by_publication(self) -> dict[str, Doc]:
        return {d.publication: d for d in self.docs}

    # -- the protocols ---------------------------------------------------------------------------

    def dated(self, low: re.Match | None, high: re.Match | None, high_inclusive: int) -> list[Doc]:
        """The documents from `low` on, before `high` (or up to and including it)."""
        docs = self.docs
        if low:
            docs = [d for d in docs if d.datum >= date.fromisoformat(low[1])]
        if high:
            end = date.fromisoformat(high[1]) + timedelta(days=high_inclusive)
            docs = [d for d in docs if d.datum < end]
        return docs

    def odata_select(self, filter_text: str) -> list[Doc]:
        docs = self.dated(re.search(r"Datum ge (\d{4}-\d\d-\d\d)", filter_text),
                          re.search(r"Datum lt (\d{4}-\d\d-\d\d)", filter_text), 0)
        prefixes = re.findall(r"startswith\(Soort,'((?:[^']|'')*)'\)", filter_text)
        if prefixes:
            docs = [d for d in docs if d.soort.startswith(tuple(p.replace("''", "'") for p in prefixes))]
        number = re.search(r"d/Nummer eq (\d+)", filter_text)
        if number:
            addition = re.search(r"d/Toevoeging eq '([^']*)'", filter_text)
            docs = [d for d in docs if d.dossier[0] == number[1] and (not addition or d.dossier[1] == addition[1])]
        return docs

    def odata_entity(self, doc: Doc) -> dict:
        number, addition = doc.dossier
        return {"Id": doc.id, "Soort": doc.soort, "DocumentNummer": doc.nummer, "Titel": f"Dossier {number}",
                "Onderwerp": doc.onderwerp, "Datum": f"{doc.datum.isoformat()}T00:00:00+02:00",
                "Volgnummer": doc.volgnummer, "Vergaderjaar": "2023-2024", "Kamer": 2, "Citeertitel": None,
                "ContentType": "application/pdf", "ContentLength": len(doc.pdf()), "GewijzigdOp": doc.changed,
                "ApiGewijzigdOp": doc.changed, "Verwijderd": False, "HuidigeDocumentVersie_Id": str(uuid.uuid5(
                    uuid.NAMESPACE_URL, doc.id)),
                "Kamerstukdossier": [{"Id": str(uuid.uuid5(uuid.NAMESPACE_URL, number)), "Nummer": int(number),
                                      "Toevoeging": addition, "Titel": f"Dossier {number}", "Verwijderd": False}],
                "DocumentActor": [{"ActorNaam": "A. Bewindspersoon", "Functie": doc.functie,
                                   "Relatie": "Eerste ondertekenaar", "Verwijderd": False}]}

    def sru_select(self, query: str) -> list[Doc]:
        docs = self.dated(re.search(r"dt\.date>=(\d{4}-\d\d-\d\d)", query),
                          re.search(r"dt\.date<=(\d{4}-\d\d-\d\d)", query), 1)
        dossier = re.search(r"w\.dossiernummer==(\S+)", query)
        if dossier:
            docs = [d for d in docs if "-".join(p for p in d.dossier if p) == dossier[1].strip('"')]
        return docs

    def sru_record(self, doc: Doc) -> str:
        pid, repo = doc.publication, f"{self.base}/repo/{doc.publication}"
        number, addition = doc.dossier
        dossier = number + (f"-{addition}" if addition else "")
        subrubriek = {"Brief regering": "Brief", "Antwoord schriftelijke vragen": "Antwoord"}.get(doc.soort, "Verslag")
        items = (f'<gzd:itemUrl manifestation="xml">{repo}.xml</gzd:itemUrl>' if doc.has_xml else "") + \
            f'<gzd:itemUrl manifestation="pdf">{repo}.pdf</gzd:itemUrl>'
        return ("<sru:record><sru:recordSchema>http://standaarden.overheid.nl/sru/</sru:recordSchema><sru:recordData>"
                "<gzd:gzd><gzd:originalData><overheidwetgeving:meta><overheidwetgeving:owmskern>"
                f"<dcterms:identifier>{pid}</dcterms:identifier><dcterms:title>{escape(doc.onderwerp)}</dcterms:title>"
                "<dcterms:type>Kamerstuk</dcterms:type><dcterms:creator>Tweede Kamer der Staten-Generaal</dcterms:creator>"
                f"<dcterms:modified>{doc.datum.isoformat()}</dcterms:modified></overheidwetgeving:owmskern>"
                f"<overheidwetgeving:owmsmantel><dcterms:date>{doc.datum.isoformat()}</dcterms:date>"
                "</overheidwetgeving:owmsmantel><overheidwetgeving:tpmeta><c:product-area>officielepublicaties"
                f"</c:product-area><overheidwetgeving:ondernummer>{doc.volgnummer}</overheidwetgeving:ondernummer>"
                "<overheidwetgeving:publicatienaam>Kamerstuk</overheidwetgeving:publicatienaam>"
                f"<overheidwetgeving:dossiernummer>{dossier}</overheidwetgeving:dossiernummer>"
                f"<overheidwetgeving:subrubriek>{subrubriek}</overheidwetgeving:subrubriek>"
                "</overheidwetgeving:tpmeta></overheidwetgeving:meta></gzd:originalData><gzd:enrichedData>"
                f"<gzd:preferredUrl>https://zoek.officielebekendmakingen.nl/{pid}.html</gzd:preferredUrl>{items}"
                "</gzd:enrichedData></gzd:gzd></sru:recordData></sru:record>")

    def sru_page(self, docs: list[Doc], start: int, count: int) -> bytes:
        page = docs[start - 1:start - 1 + count]
        following = start + len(page)
        return ('<?xml version="1.0" encoding="UTF-8"?><sru:searchRetrieveResponse '
                'xmlns:sru="http://docs.oasis-open.org/ns/search-ws/sruResponse" '
                'xmlns:gzd="http://standaarden.overheid.nl/sru" xmlns:dcterms="http://purl.org/dc/terms/" '
                'xmlns:overheidwetgeving="http://standaarden.overheid.nl/wetgeving/" '
                'xmlns:c="http://standaarden.overheid.nl/collectie/"><sru:version>2.0</sru:version>'
                f"<sru:numberOfRecords>{len(docs)}</sru:numberOfRecords><sru:records>"
                + "".join(self.sru_record(d) for d in page) + "</sru:records>"
                + (f"<sru:nextRecordPosition>{following}</sru:nextRecordPosition>" if following <= len(docs) else "")
                + "</sru:searchRetrieveResponse>").encode("utf-8")


class Handler(BaseHTTPRequestHandler):
    server_state: OpenDataServer
    protocol_version = "HTTP/1.1"
    # Headers and body in one send, no Nagle delay: a keep-alive client otherwise waits ~40 ms a request.
    wbufsize = 1 << 16
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        return

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        state = self.server_state
        parts = urlsplit(self.path)
        fault = state.take_fault(parts.path)
        if fault and fault.kind in ("429", "500", "503"):
            headers = {"Retry-After": str(fault.options["retry_after"])} if "retry_after" in fault.options else {}
            return self.send(int(fault.kind), b"busy", "text/plain", headers)
        if fault and fault.kind == "redirect":
            return self.send(302, b"", "text/plain", {"Location": fault.options["to"].format(base=state.base,
                                                                                         path=self.path)})
        if fault and fault.kind == "diagnostic":  # SRU's answer to a query it cannot parse: 200 and a diagnostic
            return self.send(200, SRU_DIAGNOSTIC, "application/xml")
        found = self.route(parts.path, parse_qs(parts.query))
        if found is None:
            return self.send(404, b"not found", "text/plain")
        body, content_type = found
        if fault and fault.kind == "malformed":
            body = body[: len(body) // 2]
        if fault and fault.kind == "wrong_type":
            content_type = "text/html; charset=utf-8"
        if fault and fault.kind == "oversize":
            body = body + b"0" * fault.options["extra"]
        if fault and fault.kind == "unsized":  # no Content-Length: the body ends when the connection does
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body + b"0" * fault.options["extra"])
            self.close_connection = True
            return
        if fault and fault.kind == "drop":  # half the promised body, then the connection breaks
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.send(200, body, content_type)

    def route(self, path: str, params: dict[str, list[str]]) -> tuple[bytes, str] | None:
        state = self.server_state
        if path == f"{ODATA}/Document":
            filter_text = params.get("$filter", [""])[0]
            docs = state.odata_select(filter_text)
            skip = int(params.get("$skip", ["0"])[0])
            page = docs[skip: skip + state.page_size]
            data: dict = {"@odata.context": f"{state.base}{ODATA}/$metadata#Document",
                          "value": [state.odata_entity(d) for d in page]}
            if params.get("$count") == ["true"] and skip == 0:
                data["@odata.count"] = len(docs)
            if skip + state.page_size < len(docs):
                query = "&".join(f"{k}={quote(v[0], safe=',()/')}" for k, v in params.items() if k != "$skip")
                data["@odata.nextLink"] = f"{state.base}{ODATA}/Document?{query}&$skip={skip + state.page_size}"
            return json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; odata.metadata=minimal"
        match = re.fullmatch(rf"{re.escape(ODATA)}/Document\(([0-9a-f-]+)\)/resource", path)
        if match:
            doc = state.by_id().get(match[1])
            return (doc.pdf(), "application/pdf") if doc else None
        match = re.fullmatch(r"/(pub|repo)/(kst-[\w-]+)\.(xml|pdf)", path)
        if match:
            doc = state.by_publication().get(match[2])
            if doc is None or (match[3] == "xml" and not doc.has_xml):
                return None
            return (doc.xml(), "application/xml") if match[3] == "xml" else (doc.pdf(), "application/pdf")
        if path == "/sru":
            docs = state.sru_select(params.get("query", [""])[0])
            start = int(params.get("startRecord", ["1"])[0])
            count = int(params.get("maximumRecords", ["10"])[0])
            return state.sru_page(docs, start, count), "application/xml; charset=utf-8"
        return None

    def send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)
