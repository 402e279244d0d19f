"""A persistent translation cache in SQLite, shared by concurrent runs.

Entries are keyed by (namespace, source): the namespace is a hash of everything that changes a
translation — model id, revision and checkpoint fingerprint, backend, compute type, device and
decoding settings — so a change of any of them never returns a stale translation. The database runs
in WAL mode with a busy timeout, so several processes can read and write it at once; writes are short
transactions. Beyond `max_entries` the least recently used entries are evicted.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    namespace TEXT NOT NULL,
    source    TEXT NOT NULL,
    target    TEXT NOT NULL,
    last_used INTEGER NOT NULL,
    PRIMARY KEY (namespace, source)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS translations_last_used ON translations (last_used);
"""
_BUSY_TIMEOUT_S = 60.0
_CHUNK = 500  # SQLite's bound-parameter limit is 999 in old builds


def namespace(**parts: Any) -> str:
    """Stable short hash of the settings that determine a translation."""
    blob = json.dumps(parts, sort_keys=True, default=str).encode()
    return hashlib.sha256(blob).hexdigest()[:24]


class TranslationCache:
    """get_many / put_many over one SQLite file; open one per process (connections are not shared)."""

    def __init__(self, path: str | Path, max_entries: int = 500_000) -> None:
        self.path = Path(path)
        self.max_entries = max_entries
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: no implicit transactions; we open short explicit ones.
        self._db = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_S, isolation_level=None,
                                   check_same_thread=False)
        self._db.execute(f"PRAGMA busy_timeout = {int(_BUSY_TIMEOUT_S * 1000)}")
        self._db.execute("PRAGMA synchronous = NORMAL")  # durable at checkpoints; fine for a cache
        self._setup()

    def _setup(self) -> None:
        """WAL mode and the schema. Switching the journal mode of a file that another process is
        creating at the same moment can fail with 'locked' without waiting: retry until the timeout."""
        deadline = time.monotonic() + _BUSY_TIMEOUT_S
        delay = 0.01
        while True:
            try:
                if self._db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    # readers never block the writer, nor it them; the setting is stored in the file
                    self._db.execute("PRAGMA journal_mode = WAL")
                self._write(lambda db: [db.execute(stmt) for stmt in _SCHEMA.split(";") if stmt.strip()])
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> TranslationCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _write(self, work: Any) -> Any:
        """Run `work(db)` in one IMMEDIATE transaction (takes the write lock up front: no deadlock)."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            result = work(self._db)
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
        return result

    def get_many(self, ns: str, sources: Iterable[str]) -> dict[str, str]:
        """Cached translations of `sources` (those present), marking them recently used."""
        sources = list(dict.fromkeys(sources))
        found: dict[str, str] = {}
        for start in range(0, len(sources), _CHUNK):
            chunk = sources[start:start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(f"SELECT source, target FROM translations WHERE namespace = ? "
                                    f"AND source IN ({marks})", [ns, *chunk]).fetchall()
            found.update(rows)
        if found:
            now = time.time_ns()
            hits = list(found)

            def touch(db: sqlite3.Connection) -> None:
                for start in range(0, len(hits), _CHUNK):
                    chunk = hits[start:start + _CHUNK]
                    db.execute(f"UPDATE translations SET last_used = ? WHERE namespace = ? AND source "
                               f"IN ({','.join('?' * len(chunk))})", [now, ns, *chunk])

            self._write(touch)
        return found

    def put_many(self, ns: str, pairs: dict[str, str]) -> None:
        """Store translations, then evict the least recently used beyond `max_entries`."""
        if not pairs:
            return
        now = time.time_ns()

        def insert(db: sqlite3.Connection) -> None:
            db.executemany("INSERT OR REPLACE INTO translations (namespace, source, target, last_used) "
                           "VALUES (?, ?, ?, ?)", [(ns, s, t, now) for s, t in pairs.items()])
            excess = db.execute("SELECT COUNT(*) FROM translations").fetchone()[0] - self.max_entries
            if excess > 0:
                db.execute("DELETE FROM translations WHERE (namespace, source) IN (SELECT namespace, "
                           "source FROM translations ORDER BY last_used LIMIT ?)", (excess,))
                log.info("translation cache: evicted %d least recently used entries", excess)

        self._write(insert)

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
