"""Fetching from the (local) Tweede Kamer OData service: the 300-letter range in pages, re-runs,
sidecars, filters, and the listing's faults."""

from __future__ import annotations

import json
import socket
from datetime import date

import pytest

from pipeline.config import load_config
from pipeline.document import OfficialRecord
from pipeline.errors import ApiUnreachableError
from pipeline.fetch import fetch, make_client
from pipeline.fetch.query import Query
from pipeline.fetch.sidecar import SIDECAR_FIELDS
from pipeline.fetch.tweedekamer import document_filter, odata_string
from tests.fetch.conftest import FIRST_DAY, config_for

JUNE = Query(since=FIRST_DAY, until=date(2024, 6, 30))


def run(server, clock, folder, query=JUNE, *extra):
    cfg = config_for(server, *extra)
    client = make_client(cfg, f"{server.base}/OData/v4/2.0/", clock.sleep, clock.monotonic)
    return fetch(query, folder, cfg, source="tweedekamer", api_url=f"{server.base}/OData/v4/2.0/", client=client)


def listing_pages(server):
    return [p for p in server.log if p.endswith("/Document")]


@pytest.mark.slow  # 320 downloads, each file, sidecar and state fsynced (~30 s on a shared machine)
def test_a_300_letter_range_is_fetched_in_pages_then_a_rerun_fetches_nothing(server, clock, tmp_path):
    summary = run(server, clock, tmp_path)
    expected = len(server.docs)
    assert expected >= 300
    check_fetched_in_pages_and_rerun(server, clock, tmp_path, summary, expected, JUNE)


def test_two_pages_are_fetched_then_a_rerun_fetches_nothing(server, clock, tmp_path):
    query = Query(since=FIRST_DAY, until=date(2024, 6, 6))
    summary = run(server, clock, tmp_path, query)
    expected = len([d for d in server.docs if d.datum <= date(2024, 6, 6)])
    assert server.page_size < expected <= 2 * server.page_size
    check_fetched_in_pages_and_rerun(server, clock, tmp_path, summary, expected, query)


def check_fetched_in_pages_and_rerun(server, clock, tmp_path, summary, expected, query):
    assert (len(summary.fetched), summary.failed) == (expected, [])
    assert len(listing_pages(server)) == -(-expected // server.page_size)  # every page, once
    sidecars = sorted(tmp_path.glob("*.source.json"))
    assert len(sidecars) == expected
    letters = [p for p in tmp_path.iterdir() if p.suffix in (".xml", ".pdf")]
    assert len(letters) == expected and not list(tmp_path.glob(".*.part"))
    # The richest format: publication XML where the Kamerstuk has one, else the OData resource's PDF.
    by_nummer = {d.nummer: d for d in server.docs}
    for letter in letters:
        assert letter.suffix == (".xml" if by_nummer[letter.stem].has_xml else ".pdf")

    server.log.clear()
    again = run(server, clock, tmp_path, query)
    assert (len(again.fetched), len(again.skipped), again.failed) == (0, expected, [])
    assert server.downloads() == []


def test_sidecars_hold_exactly_the_official_record_fields(server, clock, tmp_path):
    run(server, clock, tmp_path, Query(since=FIRST_DAY, limit=5))
    for path in tmp_path.glob("*.source.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert tuple(sorted(data)) == tuple(sorted(SIDECAR_FIELDS))
        record = OfficialRecord.model_validate(data)
        doc = next(d for d in server.docs if d.id == record.id)
        assert record.source == "tweedekamer" and record.date == doc.datum.isoformat()
        assert record.document_type == doc.soort and record.title == doc.onderwerp
        assert record.kamerstuk.endswith(f"nr. {doc.volgnummer}")
        assert record.url.endswith(f"{doc.publication}.html")
        assert record.ministry.startswith("Ministerie van ")
        stem = path.name.removesuffix(".source.json")
        letter = next(p for p in tmp_path.glob(f"{stem}.*") if p.suffix in (".xml", ".pdf"))
        import hashlib
        assert hashlib.sha256(letter.read_bytes()).hexdigest() == record.sha256


def test_filters_select_by_date_dossier_type_and_ministry(server, clock, tmp_path):
    query = Query(since=date(2024, 6, 10), until=date(2024, 6, 20), dossier="21 501-20", kind="brief",
                  ministry="financiën")
    summary = run(server, clock, tmp_path, query)
    want = [d for d in server.docs if date(2024, 6, 10) <= d.datum <= date(2024, 6, 20)
            and d.dossier == ("21501", "20") and d.soort == "Brief regering" and d.functie.endswith("Financiën")]
    assert want and sorted(summary.fetched) == sorted(d.nummer for d in want)


def test_the_filter_quotes_strings_and_bounds_days_in_amsterdam_time():
    cfg = load_config().fetch.tweedekamer
    text = document_filter(Query(since=date(2024, 1, 10), until=date(2024, 6, 30), dossier="36200-VI",
                                 kind="brief"), cfg)
    assert "Datum ge 2024-01-10T00:00:00+01:00" in text  # winter time
    assert "Datum lt 2024-07-01T00:00:00+02:00" in text  # summer time
    assert "Kamerstukdossier/any(d:d/Nummer eq 36200 and d/Toevoeging eq 'VI')" in text
    assert odata_string("Minister's brief") == "'Minister''s brief'"


def test_limit_stops_after_n_documents(server, clock, tmp_path):
    summary = run(server, clock, tmp_path, Query(since=FIRST_DAY, limit=7))
    assert len(summary.fetched) == 7 and len(listing_pages(server)) == 1


def test_a_changed_document_is_fetched_again(server, clock, tmp_path):
    run(server, clock, tmp_path, Query(since=FIRST_DAY, limit=3))
    first = server.docs[0]
    first.changed = "2024-07-01T09:00:00+02:00"
    first.onderwerp = "Herziene versie"
    again = run(server, clock, tmp_path, Query(since=FIRST_DAY, limit=3))
    assert again.fetched == [first.nummer] and len(again.skipped) == 2


def test_a_malformed_listing_page_is_a_named_failure_and_earlier_pages_are_kept(server, clock, tmp_path):
    server.fault("/Document", "malformed", times=1)  # the first page
    summary = run(server, clock, tmp_path)
    assert summary.fetched == [] and len(summary.failed) == 1
    name, reason = summary.failed[0]
    assert name == "listing" and "listing page 1: malformed JSON" in reason


def test_a_listing_page_with_the_wrong_content_type_is_a_named_failure(server, clock, tmp_path):
    server.fault("/Document", "wrong_type", times=1)
    summary = run(server, clock, tmp_path)
    assert "wrong content type text/html" in summary.failed[0][1]


def test_throttled_pages_are_retried_after_the_servers_retry_after(server, clock, tmp_path):
    server.fault("/Document", "429", times=2, retry_after=7)
    summary = run(server, clock, tmp_path, Query(since=FIRST_DAY, limit=3))
    assert len(summary.fetched) == 3 and summary.failed == []
    assert clock.sleeps[:2] == [7.0, 7.0]  # never sooner than asked (backoff 1 s, 2 s is less)


def free_port() -> int:
    with socket.socket() as probe:  # a port nothing listens on once closed
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_api_raises_before_anything_is_written(tmp_path, clock):
    cfg = load_config(None, ["fetch.retries=2"]).fetch
    api = f"http://127.0.0.1:{free_port()}/OData/v4/2.0/"
    with pytest.raises(ApiUnreachableError, match="cannot reach 127.0.0.1") as caught:
        fetch(JUNE, tmp_path / "inbox", cfg, api_url=api, client=make_client(cfg, api, clock.sleep, clock.monotonic))
    assert "--api-url" in caught.value.fix and not (tmp_path / "inbox").exists()
    assert [s for s in clock.sleeps if s >= 0.01] == [1.0, 2.0]  # tried again, backing off, before giving up


@pytest.mark.slow  # imports every command (~2 s)
def test_an_unreachable_api_is_one_message_naming_the_host_and_api_url_exit_2(tmp_path, capsys):
    from pipeline.cli import main

    port = free_port()
    folder = tmp_path / "inbox"
    code = main(["-q", "fetch", "--since", "2024-06-01", "--to", str(folder), "--api-url",
                 f"http://127.0.0.1:{port}/OData/v4/2.0/", "--set", "fetch.retries=0"])
    err = capsys.readouterr().err
    assert code == 2 and "cannot reach 127.0.0.1" in err and "--api-url" in err
    assert err.count("error:") == 1 and not folder.exists()


@pytest.mark.slow  # imports every command (~2 s)
def test_the_cli_prints_the_summary_and_exits_1_when_a_document_failed(server, tmp_path, capsys):
    from pipeline.cli import main

    server.fault(f"/Document({server.docs[1].id})/resource", "wrong_type", times=1)
    server.fault(f"/pub/{server.docs[1].publication}.xml", "wrong_type", times=1)
    code = main(["-q", "fetch", "--since", "2024-06-01", "--limit", "3", "--to", str(tmp_path),
                 "--set", f"fetch.tweedekamer.api_url={server.base}/OData/v4/2.0/",
                 "--set", f"fetch.tweedekamer.publication_xml_url={server.base}/pub/{{id}}.xml"])
    out = capsys.readouterr().out
    assert code == 1 and "3 listed, 2 fetched, 0 skipped (unchanged), 1 failed" in out
    assert f"failed: {server.docs[1].nummer}: " in out and "wrong content type" in out
