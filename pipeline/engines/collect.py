"""Find the letters of a batch: expand folders, and account for every entry that is not taken.

Collect never raises for one entry. Each entry of an input folder is either a letter, or *skipped*
(not a letter by design: a hidden file, an unsupported type, a sub-folder, a FIFO or other special
file), or *refused* (it looks like a letter but cannot be read safely: a symlink loop, a link to a
missing file or out of the folder, an entry that cannot be read, a name that is not valid UTF-8).
Both kinds become named records in OUT/errors.json; the console counts them by reason. Skipped
entries do not make a batch fail (exit code 0), refused ones do (exit code 1), like any failed letter.

What `kamerbrief fetch` leaves beside the letters is neither: a letter's official record
(`<stem>.source.json`, read by ingest with its letter) and the fetch's state file are passed over
without a record, wherever they are found (a folder, or a shell glob on the command line).

Paths named on the command line are taken as given (any suffix: ingest says when it is unsupported);
one that does not exist stops the run before any work (exit code 2).
"""

from __future__ import annotations

import errno
import logging
import os
import stat
from collections import Counter
from pathlib import Path

from pipeline.errors import InputError
from pipeline.fetch.state import STATE_NAME
from pipeline.stages.ingest import SUPPORTED_SUFFIXES
from pipeline.stages.ingest.official import is_sidecar
from pipeline.names import is_undecodable, name_text, printable

log = logging.getLogger(__name__)

STAGE = "collect"
_SUPPORTED = ", ".join(SUPPORTED_SUFFIXES)
_RENAME_UTF8 = ("rename the file using UTF-8 characters only (e.g. `convmv -f latin1 -t utf-8 --notest FILE`, "
                "for names from an old Windows or zip archive)")


def _kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return kind
    return "a special file"


def _skip(path: Path, reason: str, fix: str) -> dict:
    log.info("%s: skipped, %s", printable(path), reason)  # counted by reason at the end of the run
    return {"error": "Skipped", "outcome": "skipped", "reason": reason, "path": name_text(path), "stage": STAGE,
            "message": f"skipped: {reason}", "fix": fix}


def _refuse(path: Path, message: str, fix: str) -> dict:
    err = InputError(message, path=name_text(path), stage=STAGE, fix=fix)
    log.error("%s", err.printable())
    return err.as_dict()


def _resolve_link(path: Path, root: Path) -> tuple[Path | None, dict | None]:
    """The target of a symlink inside an input folder, or the refusal record."""
    fix = "copy the letter into the input folder instead of linking to it"
    try:
        target = path.resolve(strict=True)
    except RuntimeError:  # Python < 3.13 reports a loop this way
        return None, _refuse(path, "symlink loop: the link leads back to itself, never to a file", fix)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, _refuse(path, "symlink loop: the link leads back to itself, never to a file", fix)
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return None, _refuse(path, f"symlink to a missing file ({name_text(os.readlink(path))})", fix)
        return None, _refuse(path, f"cannot follow the symlink: {exc.strerror}", fix)
    if root not in target.parents:
        return None, _refuse(path, f"symlink points outside the input folder (to {name_text(target)}); not followed",
                             fix)
    return target, None


def fetch_companion(name: str) -> bool:
    """Whether a file is one `kamerbrief fetch` keeps beside the letters: an official record or its state."""
    return is_sidecar(name) or name == STATE_NAME


def _entry(path: Path, root: Path) -> tuple[str, dict | None]:
    """('letter', None), ('skipped', record), ('refused', record) or ('companion', None) for one entry
    of a folder."""
    if fetch_companion(path.name):
        return "companion", None
    if path.name.startswith("."):  # the POSIX convention for hidden files (and editors' temp files)
        return "skipped", _skip(path, "hidden file", "rename it without the leading dot if it is a letter")
    try:
        mode = path.lstat().st_mode
    except OSError as exc:
        return "refused", _refuse(path, f"cannot read the folder entry: {exc.strerror}",
                                  "check the file's permissions")
    if stat.S_ISDIR(mode):
        return "skipped", _skip(path, "a folder (folders inside an input folder are not searched)",
                                "name the folder on the command line to include its letters")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return "skipped", _skip(path, f"unsupported type {printable(suffix) or '(no suffix)'}",
                                f"convert it to one of {_SUPPORTED} if it is a letter")
    if stat.S_ISLNK(mode):
        target, refusal = _resolve_link(path, root)
        if refusal is not None:
            return "refused", refusal
        try:
            mode = target.stat().st_mode
        except OSError as exc:
            return "refused", _refuse(path, f"cannot read the symlink's target: {exc.strerror}",
                                      "check the file's permissions")
    if not stat.S_ISREG(mode):  # reading a FIFO or device would block or never end
        return "skipped", _skip(path, "not a regular file", f"it is {_kind(mode)}; only regular files are read")
    return _readable(path)


def _readable(path: Path) -> tuple[str, dict | None]:
    if is_undecodable(path.name):
        return "refused", _refuse(path, "file name is not valid UTF-8 (undecodable bytes shown as \\xNN)",
                                  _RENAME_UTF8)
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        return "refused", _refuse(path, f"cannot read the file: {exc.strerror}", "check the file's permissions")
    return "letter", None


def _label(records: dict[str, dict], path: Path) -> str:
    label = printable(path.name)
    return label if label not in records else printable(str(path))


def _given(path: Path, files: list[Path], refused: dict[str, dict], skipped: dict[str, dict]) -> None:
    """A file named on the command line: taken as given, if it is a readable regular file."""
    try:
        mode = path.stat().st_mode
    except RuntimeError:
        raise InputError("input path is a symlink loop", path=name_text(path), stage=STAGE,
                         fix="point the link at a letter, or pass the letter itself") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError("input path is a symlink loop", path=name_text(path), stage=STAGE,
                             fix="point the link at a letter, or pass the letter itself") from None
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            raise InputError("input path does not exist", path=name_text(path), stage=STAGE,
                             fix=f"pass existing files or folders of {_SUPPORTED} letters") from None
        raise InputError(f"cannot read the input path: {exc.strerror}", path=name_text(path), stage=STAGE,
                         fix="check its permissions") from None
    if stat.S_ISDIR(mode):
        _folder(path, files, refused, skipped)
        return
    if fetch_companion(path.name):
        return
    if not stat.S_ISREG(mode):
        refused[_label(refused, path)] = _refuse(path, f"not a regular file (it is {_kind(mode)})",
                                                 "pass the letter's file itself")
        return
    outcome, record = _readable(path)
    if outcome == "letter":
        files.append(path)
    else:
        refused[_label(refused, path)] = record


def _folder(path: Path, files: list[Path], refused: dict[str, dict], skipped: dict[str, dict]) -> None:
    try:
        names = sorted(os.listdir(path))
    except OSError as exc:
        raise InputError(f"cannot list the folder: {exc.strerror}", path=name_text(path), stage=STAGE,
                         fix="check the folder's permissions") from None
    root = path.resolve()
    for name in names:
        entry = path / name
        outcome, record = _entry(entry, root)
        if outcome == "letter":
            files.append(entry)
        elif outcome == "refused":
            refused[_label(refused, entry)] = record
        elif outcome == "skipped":
            skipped[_label(skipped, entry)] = record


def collect_inputs(paths: list[Path], refused: dict[str, dict] | None = None,
                   skipped: dict[str, dict] | None = None) -> list[Path]:
    """The letters under `paths` (folders expanded, sorted by name). Entries not taken are recorded
    by their printable name: in `refused` (errors.json failures) or `skipped` (not letters)."""
    refused = {} if refused is None else refused
    skipped = {} if skipped is None else skipped
    files: list[Path] = []
    for path in paths:
        _given(path, files, refused, skipped)
    if not files and not refused:
        counts = f" ({len(skipped)} entries skipped: {skip_summary(skipped)})" if skipped else ""
        raise InputError(f"no letters found (supported: {_SUPPORTED}){counts}",
                         path=", ".join(name_text(p) for p in paths), stage=STAGE,
                         fix="point IN= at a folder that holds Kamerbrieven")
    return files


def skip_summary(skipped: dict[str, dict]) -> str:
    """'2 hidden file, 1 unsupported type .docx': skipped entries counted by reason."""
    counts = Counter(record.get("reason") or record.get("message", "") for record in skipped.values())
    return ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
