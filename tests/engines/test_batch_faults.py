"""Faults around a batch (issue #12): collect never dies, names stay inert, the cache never poisons a
run, pre-flight before model work, signals and full disks leave a true report, one writer per OUT.

Batches run the tiny random-weight models (tests/conftest.py); the signal and lock tests run the
CLI as a real subprocess, as a scheduler or a second user would.
"""

from __future__ import annotations

import errno
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.engines import report as batch_report
from pipeline.engines.local import collect_inputs
from pipeline.models.cache import TranslationCache
from pipeline.cli import main
from pipeline.errors import InputError, OutputError
from pipeline.render.escape import md_text
from pipeline.names import name_text, printable
from pipeline.engines.outdir import LOCK_NAME, OutputLock, check_out_dir
from tests.conftest import PROJECT_ROOT, SAMPLES

pytestmark = pytest.mark.filterwarnings("ignore:Recommended. pip install sacremoses")

_spec = importlib.util.spec_from_file_location("make_bad_inputs", PROJECT_ROOT / "scripts" / "make_bad_inputs.py")
bad_inputs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bad_inputs)

LETTER = bad_inputs.GOOD_LETTER
CONTROL = "\n\x1b\x07"  # newline (forges lines), ESC (drives the terminal), BEL


def _set(overrides: list[str], *extra: str) -> list[str]:
    return [a for o in [*overrides, *extra] for a in ("--set", o)]


def _translate(inputs: Path | list[Path], out: Path, overrides: list[str], *extra: str) -> int:
    paths = [str(p) for p in (inputs if isinstance(inputs, list) else [inputs])]
    return main(["-q", "translate", *paths, "--out", str(out), *_set(overrides, "cache.enabled=false"), *extra])


def _no_control(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text and "Traceback" not in text, text


# --- collect never dies ------------------------------------------------------------------------

def _hostile_folder(folder: Path) -> dict[str, str]:
    """Every kind of folder entry that is not a plain letter → the reason collect must give."""
    folder.mkdir()
    (folder / "brief.txt").write_text(LETTER, encoding="utf-8")
    (folder / "a.txt").symlink_to("b.txt")  # a loop of two links
    (folder / "b.txt").symlink_to("a.txt")
    (folder / "zelf.txt").symlink_to("zelf.txt")  # a link to itself
    (folder / "weg.txt").symlink_to("bestaat-niet.txt")  # a broken link
    os.mkfifo(folder / "pijp.txt")  # reading it would block forever
    (folder / "map.txt").mkdir()  # a folder with a letter's name
    (folder / ".verborgen.txt").write_text(LETTER, encoding="utf-8")
    (folder / "brief.docx").write_bytes(b"PK\x03\x04")
    (folder / "LEESMIJ").write_text("geen brief", encoding="utf-8")
    undecodable = os.fsdecode(b"brief-\xff.txt")  # a Latin-1 name from an old archive
    (folder / undecodable).write_text(LETTER, encoding="utf-8")
    return {"a.txt": "symlink loop", "b.txt": "symlink loop", "zelf.txt": "symlink loop",
            "weg.txt": "symlink to a missing file", "pijp.txt": "not a regular file",
            "map.txt": "a folder", ".verborgen.txt": "hidden file", "brief.docx": "unsupported type .docx",
            "LEESMIJ": "unsupported type (no suffix)", "brief-\\xff.txt": "file name is not valid UTF-8"}


def test_collect_names_every_entry_it_does_not_take(tmp_path):
    expected = _hostile_folder(tmp_path / "in")
    refused, skipped = {}, {}
    files = collect_inputs([tmp_path / "in"], refused, skipped)
    assert files == [tmp_path / "in" / "brief.txt"]
    assert set(refused) | set(skipped) == set(expected) and not set(refused) & set(skipped)
    for name, reason in expected.items():
        record = refused.get(name) or skipped[name]
        assert reason in record["message"] and record["stage"] == "collect" and record["fix"], record
        json.dumps(record, ensure_ascii=False).encode("utf-8")  # always writable as UTF-8
    # by design not letters: skipped; looks like a letter but cannot be read safely: refused
    assert set(skipped) == {"pijp.txt", "map.txt", ".verborgen.txt", "brief.docx", "LEESMIJ"}
    assert all(r["outcome"] == "skipped" for r in skipped.values())
    assert refused["brief-\\xff.txt"]["path"].endswith("brief-\\xff.txt")  # the real bytes, recoverable


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_is_refused_by_name(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "geheim.txt").write_text(LETTER, encoding="utf-8")
    (folder / "geheim.txt").chmod(0)
    (folder / "open.txt").write_text(LETTER, encoding="utf-8")
    refused: dict[str, dict] = {}
    assert collect_inputs([folder], refused) == [folder / "open.txt"]
    assert "cannot read the file" in refused["geheim.txt"]["message"]


def test_special_files_named_on_the_command_line_are_refused_without_reading(tmp_path):
    fifo = tmp_path / "pijp.txt"
    os.mkfifo(fifo)  # opening it for reading would block until a writer comes: never
    letter = tmp_path / "brief.txt"
    letter.write_text(LETTER, encoding="utf-8")
    refused: dict[str, dict] = {}
    assert collect_inputs([fifo, Path("/dev/null"), letter], refused) == [letter]
    assert "not a regular file (it is a FIFO)" in refused["pijp.txt"]["message"]
    assert "character device" in refused["null"]["message"]


def test_symlink_loop_named_on_the_command_line_stops_the_run(tmp_path, capsys):
    loop = tmp_path / "lus.txt"
    loop.symlink_to("lus.txt")
    with pytest.raises(InputError, match="symlink loop"):
        collect_inputs([loop])
    assert main(["translate", str(loop), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "symlink loop" in err and "Traceback" not in err


@pytest.mark.slow
def test_hostile_folder_batch_reports_every_entry(tmp_path, tiny_overrides, capsys):
    expected = _hostile_folder(tmp_path / "in")
    failing = tmp_path / "in" / f"kapot{CONTROL}# Kop.txt"  # fails at ingest, with control characters
    failing.write_bytes(b"")
    out = tmp_path / "out"
    assert _translate(tmp_path / "in", out, tiny_overrides) == 1  # refused entries are failures
    err = capsys.readouterr().err
    _no_control(err)
    errors = json.loads((out / "errors.json").read_text(encoding="utf-8"))
    shown = printable(failing.name)
    assert set(errors) == set(expected) | {shown}
    assert errors[shown]["path"] == str(failing) and errors[shown]["stage"] == "ingest"  # the real name
    assert "5 entries skipped as not letters" in err and "unsupported type .docx" in err
    assert "1 hidden file" in err and "1 not a regular file" in err
    assert "1 note(s) written" in err and (out / "brief.md").is_file()
    index = (out / "index.md").read_text(encoding="utf-8")
    _no_control(index)
    assert "\n# Kop" not in index and md_text(shown) in index  # the name is one inert line, no forged heading


@pytest.mark.slow
def test_good_letter_under_a_name_with_control_characters(tmp_path, tiny_overrides, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    # No title line: the index falls back to the file name.
    (folder / f"nota{CONTROL}[x](javascript:alert(1)).txt").write_text(
        "Geachte voorzitter,\n\nHet kabinet stuurt u deze nota over de begroting van 2025.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert _translate(folder, out, tiny_overrides) == 0
    _no_control(capsys.readouterr().err)
    index = (out / "index.md").read_text(encoding="utf-8")
    _no_control(index)
    rows = [line for line in index.splitlines() if line.startswith("| ") and "](" in line]
    assert len(rows) == 1  # one letter, one table row


@pytest.mark.slow
def test_only_skipped_entries_exit_0_and_are_still_listed(tmp_path, tiny_overrides, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "brief.txt").write_text(LETTER, encoding="utf-8")
    (folder / ".~lock.brief.txt#").write_text("", encoding="utf-8")  # an editor's lock file
    (folder / "bijlage.docx").write_bytes(b"PK\x03\x04")
    out = tmp_path / "out"
    assert _translate(folder, out, tiny_overrides) == 0
    err = capsys.readouterr().err
    assert "2 entries skipped as not letters: 1 hidden file, 1 unsupported type .docx" in err
    errors = json.loads((out / "errors.json").read_text(encoding="utf-8"))
    assert {r["outcome"] for r in errors.values()} == {"skipped"} and len(errors) == 2


def test_names_are_printable_and_recoverable():
    raw = os.fsdecode(b"a\xffb\n\x1b[2J\x07") + "\u202e.txt"  # ends with a right-to-left override
    shown = printable(raw)
    assert shown == "a\\xffb\\x0a\\x1b[2J\\x07\\u202e.txt" and shown.isprintable()
    assert name_text(raw).encode("utf-8")  # valid UTF-8 for errors.json
    assert printable("brief-ëïü-中文.txt") == "brief-ëïü-中文.txt"  # printable names stay as they are


# --- the cache can never poison a run -----------------------------------------------------------

def _damage(kind: str, cache: Path) -> None:
    if kind == "overwritten":
        data = bytearray(cache.read_bytes())
        data[4096:4096 + 8192] = os.urandom(8192)
        cache.write_bytes(bytes(data))
    elif kind == "not-a-database":
        cache.write_bytes(b"dit is geen database\n" * 500)
    else:
        cache.unlink()
        cache.mkdir()


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["overwritten", "not-a-database", "folder"])
def test_damaged_cache_is_moved_aside_and_rebuilt(kind, tmp_path, tiny_overrides, caplog):
    cache = tmp_path / "cache.sqlite"
    with TranslationCache(cache) as fresh:
        fresh.put_many("ns", {f"zin {i}": f"sentence {i} " * 20 for i in range(2000)})
    _damage(kind, cache)
    letter = tmp_path / "brief.txt"
    letter.write_text(LETTER, encoding="utf-8")
    args = _set(tiny_overrides, f"cache.path={cache}")
    assert main(["-q", "translate", str(letter), "--out", str(tmp_path / "out"), *args]) == 0
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("cache.sqlite.damaged-")]
    assert len(aside) == 1 and str(aside[0]) in caplog.text and "damaged" in caplog.text
    with TranslationCache(cache) as rebuilt:  # a working cache again, filled by this run
        assert rebuilt.disabled is None and len(rebuilt) > 0
    assert json.loads((tmp_path / "out" / "brief.json").read_text(encoding="utf-8"))["summary_en"]


@pytest.mark.slow
def test_cache_that_cannot_be_rebuilt_is_bypassed_with_one_warning(tmp_path, tiny_overrides, caplog):
    blocker = tmp_path / "geen-map"
    blocker.write_text("a file where the cache's folder should be", encoding="utf-8")
    letter = tmp_path / "brief.txt"
    letter.write_text(LETTER, encoding="utf-8")
    args = _set(tiny_overrides, f"cache.path={blocker / 'cache.sqlite'}")
    assert main(["-q", "translate", str(letter), "--out", str(tmp_path / "out"), *args]) == 0
    assert caplog.text.count("translating without the translation cache") == 1


def test_cache_error_during_a_run_never_fails_a_lookup(tmp_path, caplog):
    cache = TranslationCache(tmp_path / "c.sqlite")
    cache.put_many("ns", {"een": "one"})
    cache._db.close()  # the connection breaks under the run (a disk error, a file yanked away)
    assert cache.get_many("ns", ["een"]) == {}
    cache.put_many("ns", {"twee": "two"})  # dropped, no error
    assert cache.disabled and caplog.text.count("translating without the translation cache") == 1
    cache.close()


# --- pre-flight: OUT and config, before any model work -----------------------------------------

def test_out_that_is_a_file_or_unwritable_exits_2_before_model_work(tmp_path, tiny_overrides, capsys):
    letter = tmp_path / "brief.txt"
    letter.write_text(LETTER, encoding="utf-8")
    a_file = tmp_path / "uitvoer"
    a_file.write_text("", encoding="utf-8")
    for out, message in ((a_file, "--out names an existing file, not a folder"),
                         (a_file / "sub", "cannot create the output folder"),
                         (Path("/proc/kamerbrief-out"), "cannot create the output folder")):
        started = time.perf_counter()
        assert _translate(letter, out, tiny_overrides) == 2
        err = capsys.readouterr().err
        assert message in err and err.count("error:") == 1 and "Traceback" not in err, err
        assert time.perf_counter() - started < 5  # no model was loaded
    with pytest.raises(OutputError, match="cannot write|cannot create"):
        check_out_dir(Path("/proc/self/kamerbrief-out"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in read-only folders")
def test_read_only_out_exits_2(tmp_path, tiny_overrides, capsys):
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    letter = tmp_path / "brief.txt"
    letter.write_text(LETTER, encoding="utf-8")
    assert _translate(letter, out, tiny_overrides) == 2
    assert "output folder" in capsys.readouterr().err


def test_negative_beam_count_fails_validation_naming_key_and_source(tmp_path, capsys):
    assert main(["translate", str(SAMPLES), "--out", str(tmp_path / "o"), "--set", "translate.num_beams=-3"]) == 2
    err = capsys.readouterr().err
    assert "key 'translate.num_beams' (in --set): Input should be greater than or equal to 1, got -3" in err
    assert len(err) < 1000 and not (tmp_path / "o").exists()


@pytest.mark.slow
def test_dry_run_prints_the_plan_without_loading_models(tmp_path, tiny_overrides):
    _hostile_folder(tmp_path / "in")
    out = tmp_path / "out"
    code = ("import sys; from pipeline.cli import main\n"
            f"rc = main(sys.argv[1:])\n"
            "heavy = [m for m in ('torch', 'ctranslate2', 'transformers') if m in sys.modules]\n"
            "print('RC', rc, 'HEAVY', heavy)\n")
    proc = subprocess.run([sys.executable, "-c", code, "translate", str(tmp_path / "in"), "--out", str(out),
                           "--dry-run", *_set(tiny_overrides)], capture_output=True, text=True, cwd=PROJECT_ROOT,
                          timeout=120)
    assert "RC 0 HEAVY []" in proc.stdout, proc.stderr
    assert "1 letter(s) to do" in proc.stdout and "brief.txt -> brief.* (to do)" in proc.stdout
    assert "skipped: brief.docx: unsupported type .docx" in proc.stdout
    assert "refused: a.txt: symlink loop" in proc.stdout and "model translate:" in proc.stdout
    assert not out.exists()  # nothing written


# --- every way a run ends leaves a true report --------------------------------------------------

def _letters(folder: Path, n: int) -> set[str]:
    folder.mkdir()
    for i in range(n):
        shutil.copy(SAMPLES / "004_verslag_formele_raad.txt", folder / f"brief{i}.txt")
    return {f"brief{i}" for i in range(n)}


def _start(inputs: Path, out: Path, overrides: list[str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "-q", "translate", str(inputs), "--out", str(out),
                             *_set(overrides, "cache.enabled=false")], cwd=PROJECT_ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _wait_for_notes(proc: subprocess.Popen, out: Path, n: int) -> None:
    deadline = time.monotonic() + 120
    while len([p for p in out.glob("*.json") if p.name != "errors.json"]) < n:
        assert proc.poll() is None, proc.stderr.read()
        assert time.monotonic() < deadline, "the batch never got going"
        time.sleep(0.02)


def _wait_for_lock(proc: subprocess.Popen, out: Path) -> None:
    deadline = time.monotonic() + 120
    while not (out / LOCK_NAME).exists():
        assert proc.poll() is None, proc.stderr.read()
        assert time.monotonic() < deadline, "the batch never got going"
        time.sleep(0.01)


@pytest.mark.slow
@pytest.mark.parametrize("signum, code, when", [(signal.SIGTERM, 143, "mid-batch"), (signal.SIGINT, 130, "mid-batch"),
                                                (signal.SIGTERM, 143, "while loading models")],
                         ids=["TERM", "INT", "TERM-early"])
def test_signal_writes_the_report_and_restart_finishes(signum, code, when, tmp_path, tiny_overrides, capsys):
    stems = _letters(tmp_path / "in", 8)
    out = tmp_path / "out"
    proc = _start(tmp_path / "in", out, tiny_overrides)
    try:
        if when == "mid-batch":
            _wait_for_notes(proc, out, 2)
        else:  # OUT is locked right after planning, before the models load
            _wait_for_lock(proc, out)
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == code, err
    _no_control(err)
    assert f"interrupted by {signal.Signals(signum).name}; run the same command again" in err
    done = {p.stem for p in out.glob("*.json") if p.name != "errors.json"}
    errors = json.loads((out / "errors.json").read_text(encoding="utf-8"))
    assert {Path(name).stem for name in errors} == stems - done  # every letter not finished is named
    assert {r["outcome"] for r in errors.values()} == {"interrupted"}
    index = (out / "index.md").read_text(encoding="utf-8")
    assert all(f"({stem}.md)" in index for stem in done)
    assert not (out / LOCK_NAME).exists()

    before = {stem: (out / f"{stem}.json").stat().st_mtime_ns for stem in done}
    assert _translate(tmp_path / "in", out, tiny_overrides) == 0  # the same command finishes the batch
    assert f"{len(stems) - len(done)} note(s) written" in capsys.readouterr().err
    assert {stem: (out / f"{stem}.json").stat().st_mtime_ns for stem in done} == before
    assert not (out / "errors.json").exists()


@pytest.mark.slow
def test_killed_at_random_points_three_times_then_finished(tmp_path, tiny_overrides, capsys):
    """SIGKILL leaves no report (nothing can run); what must hold is that every finished note stays,
    no stale lock or temporary file blocks the next run, and the same command finishes the batch."""
    import random

    stems = _letters(tmp_path / "in", 6)
    out = tmp_path / "out"
    rng = random.Random(12)
    finished: dict[str, int] = {}
    for _ in range(3):
        proc = _start(tmp_path / "in", out, tiny_overrides)
        try:
            time.sleep(rng.uniform(1.0, 7.0))  # during start-up, model loading or a letter
            proc.kill()
        finally:
            proc.wait()
            proc.stderr.close()
        for note in out.glob("brief*.json") if out.exists() else []:
            finished.setdefault(note.stem, note.stat().st_mtime_ns)
    assert _translate(tmp_path / "in", out, tiny_overrides) == 0
    err = capsys.readouterr().err
    assert f"{len(stems) - len(finished)} note(s) written" in err
    assert {stem: (out / f"{stem}.json").stat().st_mtime_ns for stem in finished} == finished  # kept
    assert {p.stem for p in out.glob("brief*.json")} == stems
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no lock, no temporary file


@pytest.mark.slow
def test_full_disk_when_writing_the_report_is_one_message(tmp_path, tiny_overrides, capsys, monkeypatch):
    letter = tmp_path / "brief.txt"
    letter.write_text(LETTER, encoding="utf-8")
    real = batch_report.atomic_write

    def full(path: Path, text: str) -> None:
        if path.name.startswith("index"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real(path, text)

    monkeypatch.setattr(batch_report, "atomic_write", full)
    assert _translate(letter, tmp_path / "out", tiny_overrides) == 1
    err = capsys.readouterr().err
    assert "error: could not write index.md, index.html in" in err and "No space left on device" in err and "Traceback" not in err
    assert (tmp_path / "out" / "brief.md").is_file()


@pytest.mark.slow
def test_really_full_disk_ends_with_one_message_per_problem(tmp_path, tiny_overrides, capsys):
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(disk)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        with (disk / "vol").open("wb", buffering=0) as filler:  # fill the disk to the last block
            with pytest.raises(OSError) as full:
                while True:
                    filler.write(b"\0" * 4096)
            assert full.value.errno == errno.ENOSPC
        _letters(tmp_path / "in", 2)
        assert _translate(tmp_path / "in", disk / "out", tiny_overrides) == 1
        err = capsys.readouterr().err
        assert "No space left on device" in err and "Traceback" not in err
        # the first letter fails for want of space; the batch stops there instead of computing notes
        # that cannot be written, and names the letter it did not reach
        assert "failed: brief0.txt" in err and "1 letter(s) not processed" in err
        assert "not processed: the disk of" in err and "is full: 1 letter(s)" in err
        assert "error: could not write index.md, commitments.md, index.html, commitments.html, dossiers.html" in err
        assert not [p for p in (disk / "out").iterdir() if p.name.endswith(".tmp")]
    finally:
        subprocess.run(["umount", str(disk)], check=False)


@pytest.mark.slow
def test_a_crash_in_one_letter_is_that_letters_failure(tmp_path, tiny_overrides, capsys, monkeypatch):
    import pipeline.stages as stages

    folder = tmp_path / "in"
    _letters(folder, 2)
    real = stages.segment_document

    def crashing(doc, cfg):
        if doc.source == "brief0.txt":
            raise ZeroDivisionError("a bug in segment")
        return real(doc, cfg)

    monkeypatch.setattr(stages, "segment_document", crashing)
    assert _translate(folder, tmp_path / "out", tiny_overrides) == 1
    err = capsys.readouterr().err
    assert "failed: brief0.txt [stage segment, ZeroDivisionError] a bug in segment" in err
    assert "Traceback" not in err and (tmp_path / "out" / "brief1.md").is_file()
    record = json.loads((tmp_path / "out" / "errors.json").read_text(encoding="utf-8"))["brief0.txt"]
    assert record["outcome"] == "failed" and "this is a bug" in record["fix"]


# --- one writer per OUT ---------------------------------------------------------------------------

@pytest.mark.slow
def test_second_run_on_the_same_out_exits_2_naming_the_holder(tmp_path, tiny_overrides, capsys):
    stems = _letters(tmp_path / "in", 4)
    out = tmp_path / "out"
    proc = _start(tmp_path / "in", out, tiny_overrides)
    try:
        _wait_for_notes(proc, out, 1)
        assert _translate(tmp_path / "in", out, tiny_overrides) == 2
        err = capsys.readouterr().err
        assert f"another run is writing to this output folder (pid {proc.pid} on host {socket.gethostname()}" in err
        assert proc.wait(timeout=120) == 0, proc.stderr.read()
    finally:
        proc.kill()
        proc.stderr.close()
    notes = {p.stem: json.loads(p.read_text(encoding="utf-8"))["provenance"]["created"] for p in out.glob("*.json")}
    assert set(notes) == stems and not (out / LOCK_NAME).exists()  # each letter once, by the first run


@pytest.mark.slow
def test_lock_of_a_dead_run_is_taken_over(tmp_path, tiny_overrides, caplog):
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (out / LOCK_NAME).write_text(json.dumps({"pid": int(dead.stdout), "host": socket.gethostname(),
                                             "started": "2026-01-01T00:00:00+00:00"}), encoding="utf-8")
    letter = tmp_path / "brief.txt"
    letter.write_text(LETTER, encoding="utf-8")
    assert _translate(letter, out, tiny_overrides) == 0
    assert "taking over the lock" in caplog.text and not (out / LOCK_NAME).exists()


def test_lock_is_exclusive_within_one_process_too(tmp_path):
    with OutputLock(tmp_path, "first"):
        with pytest.raises(OutputError, match=f"pid {os.getpid()} on host"):
            OutputLock(tmp_path, "second").acquire()
    with OutputLock(tmp_path, "third"):  # released: free again
        assert json.loads((tmp_path / LOCK_NAME).read_text(encoding="utf-8"))["command"] == "third"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files")
def test_read_only_cache_is_bypassed_not_moved_aside(tmp_path, caplog):
    path = tmp_path / "c.sqlite"
    with TranslationCache(path) as cache:
        cache.put_many("ns", {"een": "one"})
    path.chmod(0o444)
    with TranslationCache(path) as cache:
        cache.put_many("ns", {"twee": "two"})
    assert path.exists() and not [p for p in tmp_path.iterdir() if "damaged" in p.name]


def test_only_damage_moves_a_cache_aside():
    import sqlite3

    from pipeline.models.cache import is_damage

    assert is_damage(sqlite3.DatabaseError("file is not a database"))
    assert is_damage(sqlite3.DatabaseError("database disk image is malformed"))
    for healthy in ("attempt to write a readonly database", "unable to open database file", "disk I/O error"):
        assert not is_damage(sqlite3.OperationalError(healthy)), healthy


def test_a_signal_that_breaks_a_model_load_stops_the_batch(tmp_path, tiny_overrides, capsys, monkeypatch):
    # A signal that lands inside a native import (CTranslate2's) surfaces as "ImportError: initialization
    # failed"; the run must still stop as interrupted (exit 143, every letter named), not fail with exit 1.
    import pipeline.engines.local as local

    def load_interrupted(*args, **kwargs):
        try:
            os.kill(os.getpid(), signal.SIGTERM)
        except BaseException:  # what the extension's init turns the handler's exception into
            raise ImportError("initialization failed") from None

    monkeypatch.setattr(local, "build_stages", load_interrupted)
    stems = _letters(tmp_path / "in", 2)
    assert _translate(tmp_path / "in", tmp_path / "out", tiny_overrides) == 143
    assert "interrupted by SIGTERM; run the same command again" in capsys.readouterr().err
    errors = json.loads((tmp_path / "out" / "errors.json").read_text(encoding="utf-8"))
    assert {Path(name).stem for name in errors} == stems
