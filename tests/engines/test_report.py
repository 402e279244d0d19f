"""pipeline.engines.report: the batch's outcome and the files it leaves in OUT (batch pages, dates.ics,
errors.json), complete after an interruption, and never raising."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from pipeline.document import Document, Metadata, OfficialRecord, Provenance
from pipeline.errors import RunInterrupted
from pipeline.engines.report import BATCH_FILES, BatchCollector


def _plan(files: list[Path], **extra) -> SimpleNamespace:
    """The parts of a batch plan the collector reads."""
    return SimpleNamespace(files=files, todo=list(files), stems={p: p.stem for p in files},
                           labels={p: p.name for p in files}, current={}, failed={}, ignored={}, **extra)


def _doc(title: str) -> Document:
    return Document(source=f"{title}.txt", metadata=Metadata(title=title, date="2024-01-31"),
                    provenance=Provenance(pipeline_version="t"))


def test_index_lists_the_notes_and_the_failures_and_errors_json_the_failures(tmp_path):
    a, b, c = (Path(f"in/{n}.txt") for n in "abc")
    collector = BatchCollector(_plan([a, b, c]), tmp_path, ["md"])
    collector.written(c, _doc("Gamma"), [tmp_path / "c.md"])
    collector.written(a, _doc("Alfa"), [tmp_path / "a.md"])
    collector.failed(b, {"error": "InputError", "path": "in/b.txt", "stage": "ingest", "message": "empty",
                         "fix": "pass text"})
    result = collector.close(time.perf_counter())
    index = (tmp_path / "index.md").read_text()
    assert "[Alfa](a.md)" in index and "[Gamma](c.md)" in index and "b.txt: empty" in index
    errors = json.loads((tmp_path / "errors.json").read_text())
    assert errors == {"b.txt": {"outcome": "failed", "error": "InputError", "path": "in/b.txt", "stage": "ingest",
                                "message": "empty", "fix": "pass text"}}
    assert set(result.written) == {"a.txt", "c.txt"} and result.seconds >= 0 and not result.report_errors
    assert not (tmp_path / "index.html").exists()  # only for the html format


def test_a_clean_run_removes_an_old_errors_json_and_writes_the_html_index(tmp_path):
    (tmp_path / "errors.json").write_text("{}")
    a = Path("a.txt")
    collector = BatchCollector(_plan([a]), tmp_path, ["md", "html"])
    collector.written(a, _doc("Alfa"), [])
    collector.close(time.perf_counter())
    assert not (tmp_path / "errors.json").exists() and (tmp_path / "index.html").is_file()


def test_an_interruption_records_the_current_letter_and_every_letter_not_reached(tmp_path):
    files = [Path(f"{n}.txt") for n in "abc"]
    collector = BatchCollector(_plan(files), tmp_path, ["md"])
    collector.written(files[0], _doc("Alfa"), [])
    collector.interrupted(RunInterrupted(signal.SIGINT), files[1], "translate")
    result = collector.close(time.perf_counter())
    assert result.interrupted == signal.SIGINT
    assert result.failed["b.txt"]["outcome"] == "interrupted" and result.failed["b.txt"]["stage"] == "translate"
    assert result.failed["c.txt"]["outcome"] == "interrupted" and "SIGINT" in result.failed["c.txt"]["message"]
    assert "a.txt" not in result.failed


def test_a_report_file_that_cannot_be_written_is_named_not_raised(tmp_path):
    (tmp_path / "file").write_text("x")
    out = tmp_path / "file" / "out"  # a folder that cannot exist: every write fails
    a = Path("a.txt")
    collector = BatchCollector(_plan([a]), out, ["md"])
    collector.failed(a, {"error": "InputError", "path": "a.txt", "stage": "ingest", "message": "m", "fix": "f"})
    result = collector.close(time.perf_counter())
    assert set(result.report_errors) == {"index.md", "commitments.md", "errors.json"}


def test_text_from_a_letter_reaches_the_index_inert(tmp_path):
    a = Path("a.txt")
    collector = BatchCollector(_plan([a]), tmp_path, ["md"])
    collector.written(a, _doc("Title\x1b[2J with ESC\x07"), [])
    collector.close(time.perf_counter())
    index = (tmp_path / "index.md").read_text()
    assert "\x1b" not in index and "\x07" not in index


def test_the_batch_pages_and_calendar_are_written_and_a_stale_calendar_removed(tmp_path):
    from tests.batch_letters import batch

    letters = batch()
    files = [Path(f"{stem}.txt") for stem, _ in letters]
    collector = BatchCollector(_plan(files), tmp_path, ["md", "html"])
    for path, (_, doc) in zip(files, letters):
        collector.written(path, doc, [])
    result = collector.close(time.perf_counter())
    assert not result.report_errors
    names = {p.name for p in tmp_path.iterdir()}
    assert names == set(BATCH_FILES) - {"errors.json"}
    # the next run's letters name no date: the old calendar would mislead, so it goes
    collector = BatchCollector(_plan(files[:1]), tmp_path, ["md"])
    collector.written(files[0], _doc("Alfa"), [])
    collector.close(time.perf_counter())
    assert not (tmp_path / "dates.ics").exists() and (tmp_path / "commitments.md").is_file()


def test_every_batch_file_is_named_when_the_disk_is_gone(tmp_path):
    (tmp_path / "file").write_text("x")
    a = Path("a.txt")
    collector = BatchCollector(_plan([a]), tmp_path / "file" / "out", ["md", "html"])
    collector.written(a, _doc("Alfa"), [])
    result = collector.close(time.perf_counter())
    assert set(result.report_errors) == {"index.md", "commitments.md", "index.html", "commitments.html",
                                         "dossiers.html"}


def test_the_entries_spool_is_gone_after_close_even_when_a_page_fails(tmp_path, monkeypatch):
    import tempfile

    from pipeline.engines import report, spool

    opened, make = [], tempfile.TemporaryFile

    def temporary_file(**kwargs):
        opened.append(make(**kwargs))
        return opened[-1]

    def broken_page(*args, **kwargs):
        raise RuntimeError("a bug in a page")

    monkeypatch.setattr(spool.tempfile, "TemporaryFile", temporary_file)
    monkeypatch.setattr(report, "commitments_md", broken_page)
    a = Path("a.txt")
    collector = BatchCollector(_plan([a]), tmp_path, ["md"])
    collector.written(a, _doc("Alfa"), [])
    with pytest.raises(RuntimeError):
        collector.close(time.perf_counter())
    assert len(opened) == 1 and opened[0].closed
    assert "[Alfa](a.md)" in (tmp_path / "index.md").read_text()  # written before the failing page
    assert [p.name for p in tmp_path.iterdir()] == ["index.md"]  # the spool has no name in OUT


def test_the_batch_counts_letters_checked_against_their_official_record_and_mismatches_by_field(tmp_path):
    def record(*mismatches: str) -> OfficialRecord:
        return OfficialRecord(id="x", url="https://example.org/x", source="tweedekamer",
                              fetched_at="2024-06-01T00:00:00+00:00", sha256="0" * 64, mismatches=list(mismatches))

    files = [Path(f"in/{n}.txt") for n in "abcd"]
    collector = BatchCollector(_plan(files), tmp_path, ["md"])
    for path, official in zip(files, (record(), None, record("date", "ministry"), record("date", "ministry"))):
        collector.written(path, _doc(path.stem).model_copy(update={"official": official}), [])
    result = collector.close(time.perf_counter())
    assert result.official_checked == 3 and result.official_mismatches == {"date": 2, "ministry": 2}
