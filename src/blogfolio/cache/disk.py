"""The store that outlives a build: signed pickles in one SQLite file.

Stage: cache. Imports only the standard library, blogfolio.errors and the
package version. SQLite in WAL mode lets two builds share one cache: readers
never wait, one writer at a time commits, and a writer that cannot get the lock
soon drops its batch (the next build writes it again). Whatever goes wrong in
here, a build sees only misses: a damaged file is replaced, a row that fails its
signature is skipped, and nothing unsigned is ever unpickled.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from blogfolio import __version__
from blogfolio.cache.seal import CacheUnavailable, Sealer, load_secret
from blogfolio.errors import Diagnostic, Severity, SourceSpan

DB_NAME = "cache.sqlite"
APPLICATION_ID = 0x62666331  # "bfc1": marks a file as a blogfolio cache
SCHEMA_VERSION = 1
DAY = 86_400
TOUCH_AFTER = 2 * DAY
"""A hit refreshes its entry's last_used only when that is older than this."""
FLUSH_BYTES = 32 << 20
"""Pending writes past this size are committed early, so memory stays bounded."""

_SCHEMA = {
    ("table", "entries"): "CREATE TABLE entries (id INTEGER PRIMARY KEY, stage TEXT NOT NULL, "
    "key BLOB NOT NULL, size INTEGER NOT NULL, last_used INTEGER NOT NULL)",
    ("table", "blobs"): "CREATE TABLE blobs (id INTEGER PRIMARY KEY, value BLOB NOT NULL)",
    ("index", "entries_age"): "CREATE INDEX entries_age ON entries (last_used, size)",
}  # fmt: skip
"""Use is kept apart from values, so refreshing last_used never rewrites a value's pages."""
_GET = (
    "SELECT e.stage, e.key, e.last_used, b.value FROM entries e JOIN blobs b ON b.id = e.id "
    "WHERE e.id = ?"
)
_PUT_ENTRY = (
    "INSERT OR REPLACE INTO entries (id, stage, key, size, last_used) VALUES (?, ?, ?, ?, ?)"
)
_PUT_BLOB = "INSERT OR REPLACE INTO blobs (id, value) VALUES (?, ?)"
_TOUCH = "UPDATE entries SET last_used = ? WHERE id = ?"
_STALE = "stage != '' AND (last_used < ? OR last_used > ?)"
_PRAGMAS = (
    "trusted_schema = OFF",  # a schema from elsewhere can call no functions
    "cell_size_check = ON",  # damaged pages are found, not followed
    "synchronous = NORMAL",  # in WAL mode: safe against corruption, may lose the last commit
    f"journal_size_limit = {64 << 20}",  # a big batch does not leave a big log behind
    f"cache_size = -{16 << 10}",  # KiB: room for the row index, so refreshes do not spill
)
_OWNER = ("", b"")
"""The (stage, key) of the row holding `Sealer.owner`: who wrote this database."""


def row_id(stage: str, key: bytes) -> int:
    """A 64-bit row id for (stage, key): one B-tree step to find a row, not an index search.

    Two pairs sharing an id only cost a miss: rows keep their stage and key, and
    each signature covers both.
    """
    name = stage.encode()
    digest = hashlib.blake2b(len(name).to_bytes(4, "big") + name + key, digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)


Warn = Callable[[Diagnostic], None]


def default_tag() -> str:
    """What old entries must not outlive: this blogfolio and this Python."""
    return f"blogfolio {__version__}; python {sys.version_info[0]}.{sys.version_info[1]}"


class DiskStore:
    """Stage results as signed pickles in `<folder>/cache.sqlite`."""

    def __init__(
        self,
        folder: Path,
        *,
        secret: bytes | None = None,
        tag: str | None = None,
        warn: Warn | None = None,
        clock: Callable[[], float] = time.time,
        max_age_days: int = 30,
        max_bytes: int = 512 << 20,
        busy_seconds: float = 2.0,
        open_seconds: float = 10.0,
    ) -> None:
        self.path = folder / DB_NAME
        self._sealer = Sealer(secret if secret is not None else load_secret(), tag or default_tag())
        self._warn = warn or (lambda diag: None)
        self._warned: set[str] = set()
        self._clock = clock
        self._now = int(clock())
        self._max_age = max_age_days * DAY
        self._max_bytes = max_bytes
        self._busy = busy_seconds
        self._open_wait = open_seconds
        self._lock = threading.Lock()
        self._pending: dict[tuple[str, bytes], bytes] = {}
        self._pending_bytes = 0
        self._touched: set[int] = set()
        self._broken = False
        self._doomed = False
        self.stats = {"hits": 0, "misses": 0, "rejected": 0, "puts": 0, "dropped": 0, "skipped": 0}
        """Counters for benchmarks and tests: rejected rows failed their signature or load,
        dropped values could not be pickled, skipped writes lost the lock to another build."""
        folder.mkdir(parents=True, exist_ok=True)
        self._conn = self._open()

    # -- reading and writing -------------------------------------------------

    def get(self, stage: str, key: bytes) -> Any | None:
        """The value stored for (stage, key), or None for a missing or untrusted row."""
        with self._lock:
            blob: object = self._pending.get((stage, key))
            used = self._now
            if blob is None and not self._broken:
                try:
                    row = self._conn.execute(_GET, (row_id(stage, key),)).fetchone()
                except sqlite3.DatabaseError as exc:
                    self._failed(exc)
                    row = None
                if row is not None and row[0] == stage and row[1] == key:
                    used, blob = row[2], row[3]
            if blob is None:
                self.stats["misses"] += 1
                return None
            value = self._load(stage, key, blob)
            if value is None:
                self.stats["rejected"] += 1
                return None
            self.stats["hits"] += 1
            if not isinstance(used, int) or self._now - used > TOUCH_AFTER:
                self._touched.add(row_id(stage, key))
            return value

    def _load(self, stage: str, key: bytes, blob: object) -> Any | None:
        if not isinstance(blob, bytes):
            return None
        payload = self._sealer.unseal(stage, key, blob)
        if payload is None:
            return None
        try:
            return pickle.loads(payload)
        except Exception:  # signed by us, but from code that has since changed shape
            return None

    def put(self, stage: str, key: bytes, value: Any) -> None:
        """Remember `value` (pickled now); it is written at the end of the build."""
        try:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # an unpicklable value is simply not remembered
            self.stats["dropped"] += 1
            return
        blob = self._sealer.seal(stage, key, payload)
        with self._lock:
            old = self._pending.get((stage, key))
            self._pending[(stage, key)] = blob
            self._pending_bytes += len(blob) - (len(old) if old else 0)
            self.stats["puts"] += 1
            if self._pending_bytes > FLUSH_BYTES:
                self._commit(prune=False)

    def end_build(self) -> None:
        """Write this build's entries in one transaction and prune old ones."""
        with self._lock:
            self._commit(prune=True)
            self._now = int(self._clock())

    def close(self) -> None:
        """Write what is pending (without pruning) and close the database."""
        with self._lock:
            self._commit(prune=False)
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            if self._doomed:
                _remove_database(self.path)
            self._broken = True

    # -- transactions ------------------------------------------------------------

    def _commit(self, *, prune: bool) -> None:
        pending, touched = self._pending, self._touched
        self._pending, self._touched, self._pending_bytes = {}, set(), 0
        if self._broken or not (pending or touched or prune):
            return
        now = self._now
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorname not in ("SQLITE_BUSY", "SQLITE_LOCKED"):
                self._failed(exc)
            self.stats["skipped"] += len(pending)
            return  # another build is writing: skip this batch, it is only a cache
        except sqlite3.DatabaseError as exc:
            self._failed(exc)
            return
        try:
            rows = [(row_id(s, k), s, k, b) for (s, k), b in pending.items()]
            self._conn.executemany(_PUT_ENTRY, ((i, s, k, len(b), now) for i, s, k, b in rows))
            self._conn.executemany(_PUT_BLOB, ((i, b) for i, _s, _k, b in rows))
            self._conn.executemany(_TOUCH, ((now, i) for i in sorted(touched)))
            freed = self._prune(now) if prune else 0
            self._conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("ROLLBACK")
            self._failed(exc)
            return
        if freed:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("PRAGMA incremental_vacuum").fetchall()

    def _prune(self, now: int) -> int:
        """Delete rows unused for max_age or dated ahead, then the oldest past max_bytes."""
        window = (now - self._max_age, now + DAY)
        stale = f"SELECT id FROM entries WHERE {_STALE}"
        self._conn.execute(f"DELETE FROM blobs WHERE id IN ({stale})", window)
        pruned = self._conn.execute(f"DELETE FROM entries WHERE {_STALE}", window).rowcount
        (total,) = self._conn.execute("SELECT COALESCE(SUM(size), 0) FROM entries").fetchone()
        if total <= self._max_bytes:
            return pruned
        excess = total - self._max_bytes * 9 // 10  # trim with headroom, not on every build
        victims: list[tuple[int]] = []
        rows = self._conn.execute(
            "SELECT id, size FROM entries WHERE stage != '' ORDER BY last_used, id"
        )
        for ident, size in rows:
            if excess <= 0:
                break
            victims.append((ident,))
            excess -= size
        rows.close()
        self._conn.executemany("DELETE FROM entries WHERE id = ?", victims)
        self._conn.executemany("DELETE FROM blobs WHERE id = ?", victims)
        return pruned + len(victims)

    # -- opening, checking, recovering --------------------------------------------

    def _open(self) -> sqlite3.Connection:
        """Connect, replacing a file that is not our cache; CacheUnavailable if it cannot."""
        if self.path.is_symlink():
            raise CacheUnavailable(
                f"{self.path} is a symbolic link; building without the cache",
                hint="delete the cache folder with 'blogfolio clean'",
            )
        try:
            return self._connect()
        except sqlite3.DatabaseError as exc:
            if exc.sqlite_errorname not in ("SQLITE_NOTADB", "SQLITE_CORRUPT", "SQLITE_SCHEMA"):
                raise self._unavailable(exc) from exc
        self._once("damaged", "the cache was damaged or not made by blogfolio; starting a new one")
        _remove_database(self.path)
        try:
            return self._connect()
        except sqlite3.DatabaseError as exc:
            raise self._unavailable(exc) from exc

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path, timeout=self._open_wait, isolation_level=None, check_same_thread=False
        )  # opening waits out another build's brief locks (creating, checkpointing on close)
        try:
            for pragma in _PRAGMAS:
                conn.execute(f"PRAGMA {pragma}")
            (app,) = conn.execute("PRAGMA application_id").fetchone()
            if app == 0 and not conn.execute("SELECT 1 FROM sqlite_master").fetchone():
                _create_schema(conn)
            elif not _is_ours(conn, app):
                raise _not_ours()
            conn.execute("PRAGMA journal_mode = WAL")
            self._claim(conn)
            conn.execute(f"PRAGMA busy_timeout = {int(self._busy * 1000)}")
        except BaseException:
            conn.close()
            raise
        return conn

    def _claim(self, conn: sqlite3.Connection) -> None:
        """Empty a database whose owner row another key or version signed."""
        owner = row_id(*_OWNER)
        row = conn.execute(_GET, (owner,)).fetchone()
        if row is not None and row[3] == self._sealer.owner:
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorname in ("SQLITE_BUSY", "SQLITE_LOCKED"):
                return  # another build is claiming it; the signatures still guard each row
            raise
        conn.execute("DELETE FROM entries")
        conn.execute("DELETE FROM blobs")
        conn.execute(_PUT_ENTRY, (owner, *_OWNER, 0, self._now))
        conn.execute(_PUT_BLOB, (owner, self._sealer.owner))
        conn.execute("COMMIT")

    def _failed(self, exc: sqlite3.DatabaseError) -> None:
        """Stop using a database that failed mid-build; a damaged one is deleted on close."""
        name = exc.sqlite_errorname
        if name in ("SQLITE_BUSY", "SQLITE_LOCKED"):
            return
        self._broken = True
        if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
            self._doomed = True
            self._once("damaged", "the cache is damaged; this build goes on without it")
        else:
            self._once("failed", f"the cache stopped working ({exc}); building without it")

    def _once(self, kind: str, message: str) -> None:
        if kind in self._warned:
            return
        self._warned.add(kind)
        hint = "'blogfolio clean' deletes the cache; the next build makes a new one"
        span = SourceSpan(Path(self.path.parent.name) / DB_NAME)
        self._warn(Diagnostic(message, span, hint, Severity.WARNING))

    def _unavailable(self, exc: sqlite3.DatabaseError) -> CacheUnavailable:
        return CacheUnavailable(
            f"cannot use the cache {self.path}: {exc}; building without it",
            hint="another build may hold it; 'blogfolio clean' deletes it",
        )


def _create_schema(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA page_size = 16384")  # values are kilobytes: fewer, larger pages
    conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
    conn.execute("PRAGMA journal_mode = WAL")  # from the first write, so readers never wait
    conn.execute("BEGIN IMMEDIATE")
    if conn.execute("SELECT 1 FROM sqlite_master").fetchone():  # another build was quicker
        conn.execute("ROLLBACK")
        if not _is_ours(conn, conn.execute("PRAGMA application_id").fetchone()[0]):
            raise _not_ours()
        return
    for sql in _SCHEMA.values():
        conn.execute(sql)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.execute("COMMIT")


def _is_ours(conn: sqlite3.Connection, app: int) -> bool:
    """Our id, our version, and exactly our tables: no triggers or views from elsewhere."""
    if app != APPLICATION_ID or conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
        return False
    found = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL")
    return {(kind, name): sql for kind, name, sql in found} == _SCHEMA


def _not_ours() -> sqlite3.DatabaseError:
    exc = sqlite3.DatabaseError("not a blogfolio cache")
    exc.sqlite_errorname = "SQLITE_NOTADB"
    return exc


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")
