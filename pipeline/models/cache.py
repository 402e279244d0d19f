"""A persistent translation cache in SQLite, shared by concurrent runs.

Entries are keyed by (namespace, source): the namespace is a hash of everything that changes a
translation — model id, revision and checkpoint fingerprint, backend, compute type, device and
decoding settings — so a change of any of them never returns a stale translation. The database runs
in WAL mode with a busy timeout, so several processes can read and write it at once; writes are short
transactions. Beyond `max_entries` the least recently used entries are evicted.

A cache can never poison a run (it only ever saves model time):
  * on open, `PRAGMA quick_check` verifies the file; a damaged one (overwritten pages, not a
    database, a folder at its path) is moved aside as `<name>.damaged-<UTC time>` (with its -wal
    and -shm files) with a warning naming it, and a new, empty cache is made in its place;
  * when no cache can be opened there (a read-only folder, a full disk), or a read or write fails
    during the run, the run goes on without the cache and says so once (a warning); lookups then
    find nothing and writes are dropped, so no letter ever fails because of the cache.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import time
from collections.abc import Iterable
from datetime import datetime, timezone
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


def _is_contention(exc: sqlite3.Error) -> bool:
    """Another process holds the database: wait or retry, never a sign of damage."""
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class DamagedCacheError(sqlite3.DatabaseError):
    """The cache file failed its integrity check."""


# SQLite's words for a file whose content is wrong (SQLITE_NOTADB, SQLITE_CORRUPT). Other errors
# (read-only file, no permission, disk I/O) say nothing about the content: such a cache is bypassed,
# never moved aside, since it may be someone else's healthy cache.
_DAMAGE_WORDS = ("not a database", "malformed", "corrupt")


def is_damage(exc: BaseException) -> bool:
    return isinstance(exc, DamagedCacheError) or (
        isinstance(exc, sqlite3.DatabaseError) and any(word in str(exc).lower() for word in _DAMAGE_WORDS))


def namespace(**parts: Any) -> str:
    """Stable short hash of the settings that determine a translation."""
    blob = json.dumps(parts, sort_keys=True, default=str).encode()
    return hashlib.sha256(blob).hexdigest()[:24]


class TranslationCache:
    """get_many / put_many over one SQLite file; open one per process (connections are not shared)."""

    def __init__(self, path: str | Path, max_entries: int = 500_000) -> None:
        self.path = Path(path)
        self.max_entries = max_entries
        self.disabled: str | None = None  # why the run goes on without the cache, once it does
        self.moved_aside: Path | None = None
        self._db: sqlite3.Connection | None = None
        try:
            self._open()
        except (sqlite3.Error, OSError) as exc:
            if isinstance(exc, sqlite3.Error) and _is_contention(exc):
                self._disable(f"the cache stayed locked by another process for {_BUSY_TIMEOUT_S:g} s ({exc})")
            elif is_damage(exc):
                self._rebuild(exc)
            else:
                self._disable(f"the cache at {self.path} cannot be opened ({exc})")

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.is_dir():  # sqlite3 would report only "unable to open database file"
            raise DamagedCacheError("a folder stands where the cache file should be")
        # isolation_level=None: no implicit transactions; we open short explicit ones.
        self._db = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_S, isolation_level=None,
                                   check_same_thread=False)
        try:
            self._db.execute(f"PRAGMA busy_timeout = {int(_BUSY_TIMEOUT_S * 1000)}")
            self._db.execute("PRAGMA synchronous = NORMAL")  # durable at checkpoints; fine for a cache
            self._setup()
            # quick_check: the page structure of the whole file (O(size), well under a second for the
            # default 500,000 entries); integrity_check would also compare indexes, far slower.
            verdict = self._db.execute("PRAGMA quick_check").fetchone()[0]
            if verdict != "ok":
                raise DamagedCacheError(f"integrity check failed: {verdict}")
        except BaseException:
            self._db.close()
            self._db = None
            raise

    def _rebuild(self, damage: BaseException) -> None:
        """Move the damaged cache aside (never delete it: it may be evidence) and start an empty one."""
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        n = 1
        while aside.exists() or aside.is_symlink():  # two damaged caches within one second
            n += 1
            aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}-{n}")
        try:
            if self.path.exists() or self.path.is_symlink():
                self.path.rename(aside)
                for suffix in ("-wal", "-shm"):  # SQLite's journal files belong to the damaged file
                    journal = self.path.with_name(self.path.name + suffix)
                    if journal.exists():
                        journal.rename(aside.with_name(aside.name + suffix))
                self.moved_aside = aside
                log.warning("translation cache %s is damaged (%s): moved aside to %s; starting an empty cache",
                            self.path, damage, aside)
            self._open()
        except (sqlite3.Error, OSError) as exc:
            self._disable(f"the cache at {self.path} cannot be used ({damage}) nor rebuilt ({exc})")

    def _disable(self, why: str) -> None:
        """Go on without the cache from now on, and say so once."""
        if self.disabled is None:
            log.warning("translating without the translation cache: %s", why)
        self.disabled = why
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error as exc:  # a broken connection is being dropped; nothing left to save
                log.debug("closing the cache failed: %s", exc)
            self._db = None

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
        if self._db is not None:
            self._db.close()
            self._db = None

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
            try:
                self._db.execute("ROLLBACK")
            except sqlite3.Error as exc:  # the original error says more; SQLite rolls back on close anyway
                log.debug("rollback failed: %s", exc)
            raise
        self._db.execute("COMMIT")
        return result

    def get_many(self, ns: str, sources: Iterable[str]) -> dict[str, str]:
        """Cached translations of `sources` (those present), marking them recently used; nothing
        when the cache is unusable (the model translates them instead)."""
        if self._db is None:
            return {}
        try:
            return self._get_many(ns, sources)
        except sqlite3.Error as exc:
            self._disable(f"reading {self.path} failed: {exc}")
            return {}

    def put_many(self, ns: str, pairs: dict[str, str]) -> None:
        """Store translations, then evict the least recently used beyond `max_entries`; dropped
        when the cache is unusable."""
        if self._db is None:
            return
        try:
            self._put_many(ns, pairs)
        except sqlite3.Error as exc:
            self._disable(f"writing {self.path} failed: {exc}")

    def _get_many(self, ns: str, sources: Iterable[str]) -> dict[str, str]:
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

    def _put_many(self, ns: str, pairs: dict[str, str]) -> None:
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
        if self._db is None:
            return 0
        return self._db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
