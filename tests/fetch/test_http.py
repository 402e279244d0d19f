"""The polite client against the local server's faults: every fault ends as a successful retry or
a named failure; Retry-After in both forms; the rate limit; redirects."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

from pipeline.fetch import fetch, make_client
from pipeline.fetch.http import retry_after_seconds
from pipeline.fetch.query import Query
from tests.fetch.conftest import FIRST_DAY, config_for

ONE = Query(since=FIRST_DAY, limit=1)


def run(server, clock, folder, *extra, query=ONE):
    cfg = config_for(server, *extra)
    api = f"{server.base}/OData/v4/2.0/"
    return fetch(query, folder, cfg, source="tweedekamer", api_url=api,
                 client=make_client(cfg, api, clock.sleep, clock.monotonic))


def backoffs(clock):
    """The waits between tries (the rate limit's own waits are tiny at the tests' rate)."""
    return [s for s in clock.sleeps if s >= 0.01]


def first(server):
    return server.docs[0]


def download_path(server):
    doc = first(server)
    return f"/pub/{doc.publication}.xml" if doc.has_xml else f"/Document({doc.id})/resource"


def test_retry_after_reads_seconds_and_http_dates():
    now = datetime(2024, 6, 1, 12, 0, tzinfo=timezone.utc)
    assert retry_after_seconds("120", now) == 120.0
    assert retry_after_seconds(format_datetime(now + timedelta(seconds=30), usegmt=True), now) == 30.0
    assert retry_after_seconds(format_datetime(now - timedelta(seconds=30), usegmt=True), now) == 0.0
    assert retry_after_seconds("soon", now) is None and retry_after_seconds(None, now) is None


def test_a_throttled_download_waits_as_told_by_an_http_date(server, clock, tmp_path):
    when = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=40), usegmt=True)
    server.fault(download_path(server), "429", times=1, retry_after=when)
    summary = run(server, clock, tmp_path)
    assert summary.fetched and summary.failed == []
    assert 35 <= backoffs(clock)[0] <= 41


def test_a_retry_after_over_the_cap_is_a_named_failure(server, clock, tmp_path):
    server.fault(download_path(server), "429", times=1, retry_after=3600)
    summary = run(server, clock, tmp_path)
    assert "asks to wait 3600 s" in summary.failed[0][1] and "max_retry_after_s" in summary.failed[0][1]


def test_server_errors_back_off_exponentially_then_succeed(server, clock, tmp_path):
    server.fault(download_path(server), "500", times=3)
    summary = run(server, clock, tmp_path)
    assert summary.fetched and backoffs(clock) == [1.0, 2.0, 4.0]


def test_server_errors_beyond_the_retries_are_a_named_failure(server, clock, tmp_path):
    server.fault(download_path(server), "503", times=10)
    summary = run(server, clock, tmp_path)
    assert summary.fetched == [] and "HTTP 503 after 4 tries" in summary.failed[0][1]
    assert not list(tmp_path.glob("*.part")) and not list(tmp_path.glob("*.source.json"))


def test_a_dropped_connection_mid_download_is_retried(server, clock, tmp_path):
    server.fault(download_path(server), "drop", times=1)
    summary = run(server, clock, tmp_path)
    assert summary.fetched and summary.failed == []
    assert not list(tmp_path.glob(".*.part"))


def test_a_connection_dropping_every_time_is_a_named_failure(server, clock, tmp_path):
    server.fault(download_path(server), "drop", times=10)
    summary = run(server, clock, tmp_path)
    assert "download broke off after 4 tries" in summary.failed[0][1]
    assert not list(tmp_path.glob(".*.part"))


def test_a_wrong_content_type_is_a_named_failure(server, clock, tmp_path):
    server.fault(download_path(server), "wrong_type", times=1)
    summary = run(server, clock, tmp_path)
    assert "wrong content type text/html" in summary.failed[0][1]


def test_an_oversized_file_is_refused_by_its_length_or_while_streaming(server, clock, tmp_path):
    server.fault(download_path(server), "oversize", times=1, extra=3_000_000)
    summary = run(server, clock, tmp_path, "fetch.max_download_mb=1")
    assert "over fetch.max_download_mb" in summary.failed[0][1]
    server.fault(download_path(server), "unsized", times=1, extra=3_000_000)
    summary = run(server, clock, tmp_path / "b", "fetch.max_download_mb=1")
    assert "more than fetch.max_download_mb" in summary.failed[0][1]
    assert not list(tmp_path.rglob(".*.part"))


def test_malformed_publication_xml_is_a_named_failure(server, clock, tmp_path):
    doc = next(d for d in server.docs if d.has_xml)
    server.fault(f"/pub/{doc.publication}.xml", "malformed", times=1)
    summary = run(server, clock, tmp_path, query=Query(since=doc.datum, until=doc.datum, limit=50))
    assert any(name == doc.nummer and "malformed XML" in reason for name, reason in summary.failed)


def test_a_redirect_to_another_host_is_refused(server, clock, tmp_path):
    server.fault(download_path(server), "redirect", times=1, to="http://127.0.0.2:{path}")
    summary = run(server, clock, tmp_path)
    assert "refused the address on another host (127.0.0.2)" in summary.failed[0][1]


def test_a_redirect_on_the_same_host_is_followed(server, clock, tmp_path):
    server.fault(download_path(server), "redirect", times=1, to="{base}{path}")
    summary = run(server, clock, tmp_path)
    assert summary.fetched and summary.failed == []


def test_requests_keep_to_the_rate_limit(server, clock, tmp_path):
    run(server, clock, tmp_path, "fetch.requests_per_second=2", query=Query(since=FIRST_DAY, limit=3))
    # Each request after the first waits for its half second (the injected clock never moves by itself).
    assert clock.sleeps and all(abs(s - 0.5) < 1e-9 for s in clock.sleeps)
    assert len(clock.sleeps) == len(server.log) - 1
