"""The `make models` benchmark (`make bench-models`): its measurement and report, on tiny checkpoints.

The real run serves full-size random checkpoints (~1.5 GB); here the same code serves the session's
tiny models and the report's shape and the facts it states are checked: both runs succeed, the first
fetches files and the second only asks for metadata, every model folder has its checkpoint and its
CTranslate2 conversion on disk."""

from __future__ import annotations

import pytest

from benchmarks.bench_models import RUNS, bench, count_requests, render_report, request_kind, tree_bytes
from pipeline.testing.hub_server import Request


def test_requests_are_counted_by_kind():
    log = [Request("hub", "GET", "/api/models/a/b/revision/main", "", 200),
           Request("hub", "HEAD", "/a/b/resolve/c0ffee/config.json", "", 200),
           Request("hub", "GET", "/a/b/resolve/c0ffee/config.json", "", 200),
           Request("cdn", "GET", "/lfs/abc", "", 200)]
    assert [request_kind(r) for r in log] == ["metadata", "metadata", "file", "file"]
    assert count_requests(log) == {"metadata": 2, "file": 2, "total": 4}


def test_tree_bytes_is_the_apparent_size_and_can_leave_a_folder_out(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a").write_bytes(b"x" * 10)
    (tmp_path / "sub" / "b").write_bytes(b"y" * 5)
    assert tree_bytes(tmp_path) == 15
    assert tree_bytes(tmp_path, skip="sub") == 10


@pytest.mark.slow
def test_bench_runs_models_twice_against_the_local_hub(tiny_models, tmp_path):
    result = bench({"translate": tiny_models["translate"], "summarize": tiny_models["summarize"]},
                   tmp_path / "work", interval=0.05)
    first, second = (result["runs"][name] for name in RUNS)
    assert first["exit_code"] == 0 == second["exit_code"], first["stderr_tail"] + second["stderr_tail"]
    assert first["requests"]["file"] > 0 and second["requests"]["file"] == 0
    assert second["requests"]["metadata"] < first["requests"]["metadata"]
    for run in (first, second):
        assert run["seconds"] > 0 and run["peak_rss_tree_mb"] > 0 and run["peak_rss_hwm_mb"] > 0
    assert set(result["disk"]) == {"Helsinki-NLP--opus-mt-nl-en", "sshleifer--distilbart-cnn-12-6"}
    for sizes in result["disk"].values():
        assert sizes["checkpoint_mb"] > 0 and sizes["ctranslate2_mb"] > 0
        assert sizes["total_mb"] == pytest.approx(sizes["checkpoint_mb"] + sizes["ctranslate2_mb"], abs=0.11)
    report = {**result, "commit": "abc1234", "machine": "test machine", "checkpoints": "tiny",
              "load_average": {"start": 0.0, "end": 0.0}}
    text = render_report(report)
    assert "| first | 0 |" in text and "| second | 0 |" in text
    assert "sshleifer--distilbart-cnn-12-6" in text
