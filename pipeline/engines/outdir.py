"""The output folder of a batch: checked before any model work, and written by one run at a time.

  * `check_out_dir` is the pre-flight: OUT must be a folder this process can write in, or one it
    can create; otherwise the run stops with one OutputError (exit code 2) before a model loads.
  * `OutputLock` makes one run the only writer of OUT: `OUT/.kamerbrief.lock` holds an exclusive
    `flock` for the life of the run and records who holds it (pid, host, start time). A second run
    on the same OUT stops with an OutputError naming the holder, so no letter is computed twice.
    The kernel drops the lock when its process dies, however it dies, so a lock left by a killed
    run is taken over by the next run; where the file system has no `flock`, the recorded pid is
    checked instead (a dead pid on this host is taken over).
  * `signals_stop_the_batch` turns SIGINT and SIGTERM into RunInterrupted inside the batch, so the
    batch can write its report (errors.json, index) before it exits 130 / 143.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import logging
import os
import re
import signal
import socket
import threading
import uuid
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from pipeline.errors import OutputError, RunInterrupted
from pipeline.names import name_text

log = logging.getLogger(__name__)

LOCK_NAME = ".kamerbrief.lock"
_STAGE = "output"


def _writable_ancestor(path: Path) -> Path | None:
    """The nearest existing folder above `path` (where a missing OUT would be created)."""
    for parent in [path, *path.parents]:
        if parent.exists():
            return parent
    return None


def check_out_dir(out_dir: Path, create: bool = True) -> None:
    """OUT is (or, with `create`, is made) a folder this process can write in; else OutputError.
    Without `create` (a dry run) nothing is made: the folder, or the one it would be made in, is
    checked for write permission instead."""
    shown = name_text(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError("--out names an existing file, not a folder", path=shown, stage=_STAGE,
                          fix="give --out a folder (it is created when missing)")
    if not create:
        base = _writable_ancestor(out_dir)
        if base is None or not base.is_dir():
            raise OutputError(f"cannot create the output folder: {name_text(base)} is not a folder",
                              path=shown, stage=_STAGE, fix="give --out a folder in a writable place")
        if not os.access(base, os.W_OK | os.X_OK):
            raise OutputError(f"the output folder cannot be written ({name_text(base)} is not writable)",
                              path=shown, stage=_STAGE, fix="give --out a folder you can write in")
        return
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder: {exc.strerror}", path=shown, stage=_STAGE,
                          fix="give --out a folder in a writable place (and check the free space)") from None
    # Permission bits do not tell (root, ACLs, a read-only mount): try it. The probe is named like
    # atomic_write's temporary files, so one left by a run killed right here is removed by the next.
    probe = out_dir / f".kamerbrief-probe.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        probe.unlink()
    except OSError as exc:
        raise OutputError(f"cannot write in the output folder: {exc.strerror}", path=shown, stage=_STAGE,
                          fix="give --out a folder you can write in (and check the free space)") from None


def _holder_text(record: dict) -> str:
    if not record:
        return "a run that did not say who it is"
    return (f"pid {record.get('pid')} on host {record.get('host')}, started {record.get('started')}"
            + (f": {record['command']}" if record.get("command") else ""))


def _read_record(handle: int) -> dict:
    try:
        os.lseek(handle, 0, os.SEEK_SET)
        raw = os.read(handle, 64 * 1024)
        record = json.loads(raw.decode("utf-8")) if raw.strip() else {}
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def _alive_here(record: dict) -> bool:
    """Whether the recorded holder is a live process on this host (unknown hosts count as alive)."""
    if record.get("host") != socket.gethostname():
        return bool(record)
    try:
        os.kill(int(record.get("pid", 0)), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, ValueError):
        return True
    return True


class OutputLock:
    """The exclusive right to write in OUT, held until `release` (or the process's death)."""

    def __init__(self, out_dir: Path, command: str = "") -> None:
        self.path = out_dir / LOCK_NAME
        self.command = command
        self._handle: int | None = None

    def acquire(self) -> None:
        for _ in range(20):  # another run may release (unlink) the file between our open and flock
            handle = self._open()
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    record = _read_record(handle)
                    os.close(handle)
                    raise OutputError(f"another run is writing to this output folder ({_holder_text(record)})",
                                      path=name_text(self.path.parent), stage=_STAGE,
                                      fix="wait until it has finished, or give this run another --out") from None
                self._without_flock(handle)  # ENOLCK, EOPNOTSUPP: a file system without flock
                return
            if not self._still_linked(handle):
                os.close(handle)
                continue
            previous = _read_record(handle)
            if previous:
                log.warning("taking over the lock of OUT from a run that ended without releasing it (%s)",
                            _holder_text(previous))
            self._claim(handle)
            return
        raise OutputError("could not take the output folder's lock (it kept changing)",
                          path=name_text(self.path.parent), stage=_STAGE, fix="try again")

    def _open(self) -> int:
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputError(f"cannot create the lock file {LOCK_NAME} in the output folder: {exc.strerror}",
                              path=name_text(self.path.parent), stage=_STAGE,
                              fix="give --out a folder you can write in") from None

    def _still_linked(self, handle: int) -> bool:
        try:
            return os.stat(self.path).st_ino == os.fstat(handle).st_ino
        except FileNotFoundError:
            return False

    def _without_flock(self, handle: int) -> None:
        record = _read_record(handle)
        if record and record.get("pid") != os.getpid() and _alive_here(record):
            os.close(handle)
            raise OutputError(f"another run is writing to this output folder ({_holder_text(record)})",
                              path=name_text(self.path.parent), stage=_STAGE,
                              fix=f"wait until it has finished; if it is gone, delete {LOCK_NAME} in the folder")
        self._claim(handle)

    def _claim(self, handle: int) -> None:
        record = {"pid": os.getpid(), "host": socket.gethostname(),
                  "started": datetime.now(timezone.utc).isoformat(timespec="seconds"), "command": self.command}
        try:
            os.ftruncate(handle, 0)
            os.pwrite(handle, (json.dumps(record) + "\n").encode("utf-8"), 0)
        except OSError as exc:  # a full disk: the flock still holds; only the holder's name is missing
            log.warning("could not record this run in %s: %s", self.path, exc.strerror)
        self._handle = handle

    def release(self) -> None:
        if self._handle is None:
            return
        try:  # unlink while still holding the lock: a waiting run then finds the file gone and retries
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not remove %s: %s", self.path, exc.strerror)
        os.close(self._handle)
        self._handle = None

    def __enter__(self) -> OutputLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


# atomic_write's temporary files: .<name>.<pid>.<8 hex>.tmp
_TEMP_FILE = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def remove_stale_temp_files(out_dir: Path) -> int:
    """Delete temporary files left in OUT by runs that were killed (their process is gone)."""
    removed = 0
    for path in out_dir.iterdir():
        match = _TEMP_FILE.match(path.name)
        if match and not _alive(int(match[1])):
            path.unlink(missing_ok=True)
            removed += 1
    if removed:
        log.info("removed %d temporary file(s) left by an interrupted run", removed)
    return removed


class _StopSignals:
    """SIGINT/SIGTERM → RunInterrupted; while `deferred`, a signal is only remembered (the report
    is being written), and raised when the deferral ends."""

    def __init__(self) -> None:
        self.deferred = False
        self.pending: int | None = None
        self.received: int | None = None  # the first signal of the run, whatever became of it

    def handle(self, signum: int, frame: object) -> None:
        self.received = self.received or signum
        if self.deferred:
            self.pending = self.pending or signum
            return
        raise RunInterrupted(signum)

    def stop_if_pending(self) -> None:
        """Raise RunInterrupted for a signal that came while signals were held off."""
        if self.pending is not None:
            raise RunInterrupted(self.pending)

    def stop_if_signalled(self) -> None:
        """Raise RunInterrupted if a signal came at all. For an error that a signal may have caused:
        RunInterrupted raised inside native code (a C extension being imported, as when a model's
        engine loads) comes out as that code's own error ("ImportError: initialization failed")."""
        if self.received is not None:
            raise RunInterrupted(self.received)

    @contextlib.contextmanager
    def defer(self, then_stop: bool = False) -> Iterator[None]:
        """Hold signals off for the block (a note or the report is being written whole); with
        `then_stop`, a signal that came meanwhile stops the batch right after it."""
        self.deferred = True
        try:
            yield
        finally:
            self.deferred = False
        if then_stop:
            self.stop_if_pending()


@contextlib.contextmanager
def signals_stop_the_batch() -> Iterator[_StopSignals]:
    """Within the block, SIGINT and SIGTERM raise RunInterrupted in the main thread (Python runs
    signal handlers only there; elsewhere the block changes nothing)."""
    stop = _StopSignals()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    previous = {signum: signal.signal(signum, stop.handle) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
