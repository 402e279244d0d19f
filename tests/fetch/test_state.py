"""Resumability: a run killed at any point loses nothing finished, and the next run downloads
nothing finished; temp files a kill leaves are removed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.fetch import fetch, make_client
from pipeline.fetch.query import Query
from pipeline.fetch.state import STATE_NAME, FetchState
from tests.fetch.conftest import FIRST_DAY, config_for

ROOT = Path(__file__).resolve().parents[2]
TEN = Query(since=FIRST_DAY, limit=10)


def run(server, clock, folder, query=TEN):
    cfg = config_for(server)
    api = f"{server.base}/OData/v4/2.0/"
    return fetch(query, folder, cfg, source="tweedekamer", api_url=api,
                 client=make_client(cfg, api, clock.sleep, clock.monotonic))


def finished(folder: Path) -> set[str]:
    """Stems with a file and a sidecar whose sha256 matches it."""
    import hashlib
    done = set()
    for sidecar in folder.glob("*.source.json"):
        stem = sidecar.name.removesuffix(".source.json")
        sha = json.loads(sidecar.read_text(encoding="utf-8"))["sha256"]
        files = [p for p in folder.glob(f"{stem}.*") if p.suffix in (".xml", ".pdf")]
        assert len(files) == 1 and hashlib.sha256(files[0].read_bytes()).hexdigest() == sha
        done.add(stem)
    return done


def downloaded_stems(server) -> set[str]:
    by_path = {}
    for doc in server.docs:
        by_path[f"/pub/{doc.publication}.xml"] = doc.nummer
        by_path[f"/Document({doc.id})/resource"] = doc.nummer
    return {by_path[p] for p in server.downloads() if p in by_path}


@pytest.mark.parametrize("calls_before_kill", [1, 4])
def test_a_kill_between_sidecar_and_state_loses_nothing_and_redownloads_nothing(
        server, clock, tmp_path, monkeypatch, calls_before_kill):
    real_record, calls = FetchState.record, []

    def killed(self, *args):
        calls.append(args)
        if len(calls) == calls_before_kill:
            raise KeyboardInterrupt  # the file and the sidecar are written, the state is not
        real_record(self, *args)

    monkeypatch.setattr(FetchState, "record", killed)
    with pytest.raises(KeyboardInterrupt):
        run(server, clock, tmp_path)
    monkeypatch.setattr(FetchState, "record", real_record)
    done = finished(tmp_path)
    assert len(done) == calls_before_kill

    server.log.clear()
    summary = run(server, clock, tmp_path)
    assert set(summary.skipped) == done and not downloaded_stems(server) & done
    assert len(finished(tmp_path)) == 10 and summary.failed == []


def test_a_kill_mid_download_leaves_no_temp_file_and_nothing_half_named(server, clock, tmp_path, monkeypatch):
    import pipeline.fetch.http as http
    real_stream, calls = http.stream_to, []

    def killed(response, temp, *args):
        calls.append(temp)
        if len(calls) == 3:
            temp.write_bytes(b"%PDF-half")
            raise KeyboardInterrupt
        return real_stream(response, temp, *args)

    monkeypatch.setattr(http, "stream_to", killed)
    with pytest.raises(KeyboardInterrupt):
        run(server, clock, tmp_path)
    monkeypatch.setattr(http, "stream_to", real_stream)
    assert len(finished(tmp_path)) == 2 and not list(tmp_path.glob(".*.part"))
    assert len([p for p in tmp_path.iterdir() if p.suffix in (".xml", ".pdf")]) == 2


def test_temp_files_left_by_a_hard_kill_are_removed(server, clock, tmp_path):
    (tmp_path / ".2024D10001.pdf.part").write_bytes(b"%PDF-half")
    run(server, clock, tmp_path, Query(since=FIRST_DAY, limit=2))
    assert not list(tmp_path.glob(".*.part"))


def test_an_unreadable_state_file_is_rebuilt_from_the_sidecars(server, clock, tmp_path):
    run(server, clock, tmp_path)
    (tmp_path / STATE_NAME).write_text("{not json", encoding="utf-8")
    server.log.clear()
    summary = run(server, clock, tmp_path)
    assert len(summary.skipped) == 10 and server.downloads() == []


@pytest.mark.slow  # a CLI subprocess, killed with SIGKILL mid-run
def test_the_cli_killed_mid_run_resumes_without_downloading_finished_documents(server, clock, tmp_path):
    folder = tmp_path / "inbox"
    sets = [f"--set=fetch.tweedekamer.api_url={server.base}/OData/v4/2.0/",
            f"--set=fetch.tweedekamer.publication_xml_url={server.base}/pub/{{id}}.xml",
            "--set=fetch.requests_per_second=20"]
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "-q", "fetch", "--since", FIRST_DAY.isoformat(),
                             "--limit", "60", "--to", str(folder), *sets], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(folder.glob("*.source.json"))) < 5:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done = finished(folder)
    assert 5 <= len(done) < 60
    server.log.clear()
    summary = run(server, clock, folder, Query(since=FIRST_DAY, limit=60))
    assert not downloaded_stems(server) & done and summary.failed == []
    assert len(finished(folder)) == 60 and not list(folder.glob(".*.part"))
