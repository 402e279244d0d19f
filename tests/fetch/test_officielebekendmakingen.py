"""Fetching from the (local) SRU service: startRecord paging, manifestations, filters, faults."""

from __future__ import annotations

import json
from datetime import date

from pipeline.config import load_config
from pipeline.fetch import fetch, make_client
from pipeline.fetch.officielebekendmakingen import cql_query, cql_term
from pipeline.fetch.query import Query
from tests.fetch.conftest import FIRST_DAY, config_for

WEEK = Query(since=FIRST_DAY, until=date(2024, 6, 7))


def run(server, clock, folder, query=WEEK, *extra):
    cfg = config_for(server, "fetch.officielebekendmakingen.records_per_page=25", *extra)
    api = f"{server.base}/sru"
    return fetch(query, folder, cfg, source="officielebekendmakingen", api_url=api,
                 client=make_client(cfg, api, clock.sleep, clock.monotonic))


def test_records_are_fetched_page_by_page_then_a_rerun_fetches_nothing(server, clock, tmp_path):
    expected = [d for d in server.docs if d.datum <= date(2024, 6, 7)]
    summary = run(server, clock, tmp_path)
    assert (len(summary.fetched), summary.failed) == (len(expected), [])
    pages = [p for p in server.log if p == "/sru"]
    assert len(pages) == -(-len(expected) // 25) >= 2
    for doc in expected:  # XML where the record lists it, else the PDF
        assert (tmp_path / f"{doc.publication}{'.xml' if doc.has_xml else '.pdf'}").is_file()
        side = json.loads((tmp_path / f"{doc.publication}.source.json").read_text(encoding="utf-8"))
        assert side["source"] == "officielebekendmakingen" and side["id"] == doc.publication
        assert side["url"] == f"https://zoek.officielebekendmakingen.nl/{doc.publication}.html"
        assert side["kamerstuk"].endswith(f"nr. {doc.volgnummer}") and side["date"] == doc.datum.isoformat()
    server.log.clear()
    again = run(server, clock, tmp_path)
    assert again.fetched == [] and len(again.skipped) == len(expected) and server.downloads() == []


def test_type_and_dossier_filters(server, clock, tmp_path):
    summary = run(server, clock, tmp_path, Query(since=FIRST_DAY, until=date(2024, 6, 30), dossier="21501-20",
                                                 kind="brief"))
    want = {d.publication for d in server.docs if d.dossier == ("21501", "20") and d.soort == "Brief regering"}
    assert want and set(summary.fetched) == want


def test_a_malformed_page_is_a_named_failure(server, clock, tmp_path):
    server.fault("/sru", "malformed", times=1)
    summary = run(server, clock, tmp_path)
    assert summary.failed[0][0] == "listing" and "malformed XML" in summary.failed[0][1]


def test_a_refused_query_is_a_named_failure(server, clock, tmp_path):
    server.fault("/sru", "diagnostic", times=1)
    summary = run(server, clock, tmp_path)
    assert summary.failed == [("listing", "listing page 1: the service refused the query: Query syntax error")]


def test_a_listing_page_dropped_mid_answer_is_fetched_again(server, clock, tmp_path):
    server.fault("/sru", "drop", times=1)
    summary = run(server, clock, tmp_path, Query(since=FIRST_DAY, limit=3))
    assert len(summary.fetched) == 3 and summary.failed == []


def test_the_cql_query_names_collection_publications_dates_and_dossier():
    cfg = load_config().fetch.officielebekendmakingen
    text = cql_query(Query(since=FIRST_DAY, until=date(2024, 6, 30), dossier="21501-20"), cfg)
    assert text.startswith("c.product-area==officielepublicaties AND (w.publicatienaam==Kamerstuk OR ")
    assert 'w.publicatienaam=="Kamervragen (Aanhangsel)"' in text
    assert "dt.date>=2024-06-01 AND dt.date<=2024-06-30 AND w.dossiernummer==21501-20" in text
    assert cql_term('a "b"') == '"a \\"b\\""'
