"""Crashes and restarts (issue #6): a killed batch, run again, finishes with exactly one complete note
per letter and does not redo finished letters; current notes are skipped, --force redoes them."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.conftest import PROJECT_ROOT, SAMPLES

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore:Recommended. pip install sacremoses")]

_spec = importlib.util.spec_from_file_location("make_bad_inputs", PROJECT_ROOT / "scripts" / "make_bad_inputs.py")
bad_inputs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bad_inputs)


def _args(inputs: Path, out: Path, overrides: list[str], *extra: str) -> list[str]:
    # No translation cache: every letter costs real model time, as in a first run.
    return ["-q", "translate", str(inputs), "--out", str(out), "--set", "cache.enabled=false",
            *[a for o in overrides for a in ("--set", o)], *extra]


def _state(out: Path) -> dict[str, tuple[int, int, str]]:
    """stem → (json mtime, md mtime, provenance.created) of every complete note."""
    state = {}
    for note in out.glob("*.json"):
        if note.name == "errors.json":
            continue
        created = json.loads(note.read_text(encoding="utf-8"))["provenance"]["created"]
        state[note.stem] = (note.stat().st_mtime_ns, note.with_suffix(".md").stat().st_mtime_ns, created)
    return state


def _assert_complete(out: Path, stems: set[str]) -> None:
    names = {p.name for p in out.iterdir()}
    pages = {"index.md", "index.html", "commitments.md", "commitments.html", "dossiers.html"}
    assert names - {"dates.ics"} == {f"{s}.{ext}" for s in stems for ext in ("json", "md", "html", "docx")} | pages, \
        names  # no temp files
    for stem in stems:
        note = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
        assert note["summary_en"] and note["provenance"]["run_key"]
        assert (out / f"{stem}.md").read_text(encoding="utf-8").startswith("# ")


def test_killed_batch_resumes_without_redoing_finished_letters(tmp_path, tiny_overrides, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    letters = [SAMPLES / "004_verslag_formele_raad.txt", SAMPLES / "002_sample_letter.html",
               SAMPLES / "001_sample_letter.pdf"]
    for copy in range(3):
        for letter in letters:
            shutil.copy(letter, inputs / f"{copy}_{letter.name}")
    stems = {p.stem for p in inputs.iterdir()}
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", *_args(inputs, out, tiny_overrides)],
                            cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while len(list(out.glob("*.json"))) < 2:  # kill it once two letters are done
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "the batch never got going"
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
        proc.stderr.close()
    finished = _state(out)
    assert 2 <= len(finished) < len(stems), "the kill should land mid-batch"
    # A letter caught while it was being written may leave a temporary file (never a partial note),
    # or an .md without its .json (the JSON is written last): neither counts as done.
    stray = [p for p in out.iterdir() if p.name.startswith(".")]
    time.sleep(0.01)  # mtime resolution

    assert main(_args(inputs, out, tiny_overrides)) == 0
    err = capsys.readouterr().err
    assert f"{len(stems) - len(finished)} note(s) written" in err
    assert f"{len(finished)} skipped, already up to date (--force to redo)" in err
    _assert_complete(out, stems)
    after = _state(out)
    assert {stem: after[stem] for stem in finished} == finished  # finished letters were not recomputed
    assert not any(p.exists() for p in stray)


def test_rerun_skips_current_notes_and_redoes_what_changed(tmp_path, tiny_overrides, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("een.txt", "twee.txt", "drie.txt"):
        (inputs / name).write_text(bad_inputs.GOOD_LETTER, encoding="utf-8")
    out = tmp_path / "out"
    assert main(_args(inputs, out, tiny_overrides)) == 0
    first = _state(out)
    capsys.readouterr()

    # same command: nothing to do; settings that cannot change a note (threads) do not count
    assert main(_args(inputs, out, tiny_overrides, "--set", "threads=1")) == 0
    err = capsys.readouterr().err
    assert "0 note(s) written" in err and "; 3 skipped, already up to date (--force to redo)" in err
    assert _state(out) == first

    # a changed input, a missing .md and a dead run's temp file: only those letters are redone
    (inputs / "een.txt").write_text(bad_inputs.GOOD_LETTER.replace("zomer", "winter"), encoding="utf-8")
    (out / "twee.md").unlink()
    stale = out / ".twee.json.999999999.0123abcd.tmp"
    stale.write_text("{", encoding="utf-8")
    assert main(_args(inputs, out, tiny_overrides)) == 0
    err = capsys.readouterr().err
    assert "2 note(s) written" in err and "1 skipped" in err and not stale.exists()
    second = _state(out)
    assert second["een"] != first["een"] and second["twee"] != first["twee"] and second["drie"] == first["drie"]

    # a setting that changes the notes redoes them, once
    assert main(_args(inputs, out, tiny_overrides, "--set", "translate.num_beams=1")) == 0
    assert "3 note(s) written" in capsys.readouterr().err
    assert main(_args(inputs, out, tiny_overrides, "--set", "translate.num_beams=1")) == 0
    assert "3 skipped" in capsys.readouterr().err

    # files the config points at are configuration too: a changed taxonomy redoes the notes
    taxonomy = tmp_path / "taxonomy.yaml"
    shutil.copy(PROJECT_ROOT / "configs" / "taxonomy.yaml", taxonomy)
    with_taxonomy = ["--set", "translate.num_beams=1", "--set", f"classify.taxonomy={taxonomy}"]
    assert main(_args(inputs, out, tiny_overrides, *with_taxonomy)) == 0
    assert "3 note(s) written" in capsys.readouterr().err
    with taxonomy.open("a", encoding="utf-8") as handle:
        handle.write("\n# any change to the file changes its hash\n")
    assert main(_args(inputs, out, tiny_overrides, *with_taxonomy)) == 0
    assert "3 note(s) written" in capsys.readouterr().err

    # --force redoes every letter whatever
    assert main(_args(inputs, out, tiny_overrides, *with_taxonomy, "--force")) == 0
    err = capsys.readouterr().err
    assert "3 note(s) written" in err and "skipped" not in err
    _assert_complete(out, {"een", "twee", "drie"})
