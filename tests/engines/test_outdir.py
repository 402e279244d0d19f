"""pipeline.engines.outdir: OUT is checked before any work, written by one run at a time, cleaned of
what killed runs left, and SIGINT/SIGTERM stop a batch so that it can still write its report."""

from __future__ import annotations

import json
import os
import signal

import pytest

from pipeline.errors import OutputError, RunInterrupted
from pipeline.engines.outdir import (LOCK_NAME, OutputLock, check_out_dir, remove_stale_temp_files,
                                     signals_stop_the_batch)


def _dead_pid() -> int:
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return pid


def test_missing_out_is_created_and_probed_without_leaving_anything(tmp_path):
    out = tmp_path / "a" / "b"
    check_out_dir(out)
    assert out.is_dir() and list(out.iterdir()) == []


def test_a_dry_run_creates_nothing(tmp_path):
    check_out_dir(tmp_path / "new", create=False)
    assert not (tmp_path / "new").exists()


def test_out_that_is_a_file_is_refused(tmp_path):
    file = tmp_path / "notes.md"
    file.write_text("x")
    for create in (True, False):
        with pytest.raises(OutputError, match="existing file, not a folder") as caught:
            check_out_dir(file, create=create)
        assert caught.value.fix


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_out_that_cannot_be_written_is_refused(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    with pytest.raises(OutputError):
        check_out_dir(locked / "out")


def test_one_writer_at_a_time_and_the_second_is_told_who_holds_it(tmp_path):
    with OutputLock(tmp_path, command="translate in --out x"):
        record = json.loads((tmp_path / LOCK_NAME).read_text())
        assert record["pid"] == os.getpid() and record["command"] == "translate in --out x"
        with pytest.raises(OutputError, match=f"pid {os.getpid()}") as caught:
            OutputLock(tmp_path).acquire()
        assert "another --out" in caught.value.fix
    assert not (tmp_path / LOCK_NAME).exists()
    with OutputLock(tmp_path):  # released: the next run takes it
        pass


def test_a_lock_file_left_by_a_dead_run_is_taken_over(tmp_path):
    (tmp_path / LOCK_NAME).write_text(json.dumps({"pid": _dead_pid(), "host": "elsewhere"}))
    lock = OutputLock(tmp_path)
    lock.acquire()
    assert json.loads((tmp_path / LOCK_NAME).read_text())["pid"] == os.getpid()
    lock.release()
    lock.release()  # twice is harmless


def test_only_temporary_files_of_dead_processes_are_removed(tmp_path):
    dead = tmp_path / f".note.md.{_dead_pid()}.0123abcd.tmp"
    mine = tmp_path / f".note.md.{os.getpid()}.0123abcd.tmp"
    note = tmp_path / "note.md"
    for path in (dead, mine, note):
        path.write_text("x")
    assert remove_stale_temp_files(tmp_path) == 1
    assert not dead.exists() and mine.exists() and note.exists()


def test_a_signal_inside_the_batch_is_run_interrupted_and_handlers_are_restored():
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(RunInterrupted) as caught, signals_stop_the_batch():
        os.kill(os.getpid(), signal.SIGTERM)
    assert caught.value.signum == signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) is before


def test_a_signal_while_deferred_is_held_until_the_block_ends():
    with signals_stop_the_batch() as stop:
        with stop.defer():
            os.kill(os.getpid(), signal.SIGINT)
            written = True  # the report's write is not cut short
        assert written and stop.pending == signal.SIGINT
        with pytest.raises(RunInterrupted):
            stop.stop_if_pending()
        with pytest.raises(RunInterrupted), stop.defer(then_stop=True):
            pass


def test_an_error_a_signal_caused_inside_native_code_is_the_stop():
    # RunInterrupted raised inside a C extension's initialisation comes out as that extension's error.
    with signals_stop_the_batch() as stop:
        stop.stop_if_signalled()  # no signal yet: nothing happens
        try:
            try:
                os.kill(os.getpid(), signal.SIGTERM)
            except RunInterrupted:
                raise ImportError("initialization failed") from None
        except ImportError:
            with pytest.raises(RunInterrupted) as caught:
                stop.stop_if_signalled()
    assert caught.value.signum == signal.SIGTERM
