"""The batch pages' spool: each letter's LetterEntry kept on disk from when its note is written until
the batch report is written (pipeline.engines.report), so a batch's memory does not grow with its
letters. In memory stay only the keys the pages sort by (stem, dates, dossier, an agenda item's uid)
and where each record lies in the file.

The file is an unnamed temporary file (tempfile.TemporaryFile, in TMPDIR): it has no name to clean up,
it is gone when closed or when the process ends however it ends, and no other process can open it. So
the records read back are the ones this process pickled, and pickle (exact, no schema to keep in step
with the view model) is safe to use.
"""

from __future__ import annotations

import errno
import logging
import os
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pipeline.render.batch_view import AgendaItem, LetterEntry, Letters

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SpooledLetter:
    """A letter's key: what the batch pages order letters by, and where its entry lies in the spool."""

    stem: str
    date: str | None
    dossier: str | None
    created: str | None
    at: int
    size: int


@dataclass(frozen=True, slots=True)
class SpooledItem:
    """An agenda item's key: what commitments and dates.ics order items by, and where the item lies."""

    uid: str
    iso_date: str | None
    letter_date: str | None
    stem: str
    at: int
    size: int


class EntrySpool:
    """Append-only: `add` a letter's entry when its note is done; `letters` for the pages; `close`."""

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None
        self._end = 0
        self._failed = False
        self._letters: dict[Path, tuple[Any, list[Any]]] = {}  # input → its key, its agenda items' keys

    def add(self, path: Path, entry: LetterEntry) -> None:
        """Spool `entry` (replacing an earlier one for `path`). When the spool cannot be written (TMPDIR
        full or not writable) the entry stays in memory: the pages are still complete."""
        at = self._put(entry)
        key: Any = entry if at is None else SpooledLetter(entry.stem, entry.date, entry.dossier, entry.created, *at)
        items: list[Any] = []
        for item in entry.agenda:
            at = self._put(item)
            items.append(item if at is None else SpooledItem(item.uid, item.iso_date, item.letter_date, item.stem, *at))
        self._letters[path] = (key, items)

    def letters(self, order: list[Path]) -> Letters:
        """The spooled letters in `order` (inputs never added are left out), for the batch pages."""
        chosen = [self._letters[p] for p in order if p in self._letters]
        return Letters([key for key, _ in chosen], self._load, [item for _, items in chosen for item in items])

    def close(self) -> None:
        """Drop the spool (its file has no name: closing it frees the disk)."""
        if self._file is not None:
            self._file.close()
            self._file = None
        self._letters.clear()

    def _put(self, record: LetterEntry | AgendaItem) -> tuple[int, int] | None:
        if self._failed:
            return None
        data = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            if self._file is None:
                self._file = tempfile.TemporaryFile(prefix="kamerbrief-batch-")
            if os.pwrite(self._file.fileno(), data, self._end) != len(data):
                raise OSError(errno.ENOSPC, "short write")
        except OSError as exc:
            log.warning("cannot spool the batch pages' entries (%s): keeping them in memory", exc.strerror or exc)
            self._failed = True
            return None
        at, self._end = self._end, self._end + len(data)
        return at, len(data)

    def _load(self, key: Any) -> Any:
        if not isinstance(key, (SpooledLetter, SpooledItem)):
            return key  # kept in memory: the spool could not be written
        if self._file is None:
            raise OSError("the batch pages' spool is closed")
        return pickle.loads(os.pread(self._file.fileno(), key.size, key.at))
