"""pipeline.engines.spool: the batch pages' entries kept on disk until the pages are written: read back
equal and in the batch's order, only small keys in memory, gone at close, in memory when TMPDIR fails."""

from __future__ import annotations

import weakref
from pathlib import Path

import pytest

from pipeline.engines import spool as spool_module
from pipeline.engines.spool import EntrySpool
from pipeline.render.batch_view import Letters, agenda, letter_entry
from tests.batch_letters import batch, letter


def _entries():
    return [letter_entry(stem, doc) for stem, doc in batch()]


def test_entries_come_back_equal_in_the_batch_order_and_a_later_entry_replaces_an_earlier():
    entries = _entries()
    paths = [Path(f"{e.stem}.txt") for e in entries]
    spool = EntrySpool()
    for path, entry in zip(reversed(paths), reversed(entries)):
        spool.add(path, entry)
    spool.add(paths[0], entries[0])  # the same letter again (a note rewritten): one entry
    letters = spool.letters([Path("never-added.txt"), *paths])
    assert list(letters) == entries
    assert [list(a) for a in (agenda(letters).dated, agenda(letters).undated)] == \
        [list(a) for a in (agenda(Letters.of(entries)).dated, agenda(Letters.of(entries)).undated)]
    spool.close()
    with pytest.raises(OSError):
        list(letters)


def test_the_spool_keeps_no_entry_in_memory():
    body = "Oekraïne sancties " * 500  # the search text reaches SEARCH_TEXT_LIMIT
    spool, alive = EntrySpool(), []
    for i in range(20):
        entry = letter_entry(f"l{i:03d}", letter(f"Brief {i}", f"Letter {i}", "2024-01-01", body=body))
        spool.add(Path(f"{i}.txt"), entry)
        alive.append(weakref.ref(entry))
        del entry  # as the batch does: the entry is dropped once spooled
    assert all(ref() is None for ref in alive)
    read = list(spool.letters([Path(f"{i}.txt") for i in range(20)]))
    assert [e.stem for e in read] == [f"l{i:03d}" for i in range(20)] and "Oekraïne" in read[-1].search
    spool.close()


def test_when_the_spool_cannot_be_written_the_entries_stay_in_memory(monkeypatch, caplog):
    def no_space(**kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(spool_module.tempfile, "TemporaryFile", no_space)
    entries = _entries()
    spool = EntrySpool()
    for entry in entries:
        spool.add(Path(entry.stem), entry)
    assert list(spool.letters([Path(e.stem) for e in entries])) == entries
    assert "keeping them in memory" in caplog.text
    spool.close()
