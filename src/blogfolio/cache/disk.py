"""The store that outlives a build: signed (and, when large, compressed) pickles in one
SQLite file.

Stage: cache. Imports only the standard library, blogfolio.errors and the
package version. SQLite in WAL mode lets two builds share one cache: readers
never wait, one writer at a time commits, and a writer that cannot get the lock
soon drops its batch (the next build writes it again). Whatever goes wrong in
here, a build sees only misses: a damaged file is replaced, a row that fails its
signature is skipped, and nothing unsigned is ever unpickled.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import threading
import time
import zlib
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from blogfolio import __version__
from blogfolio.cache import pickling
from blogfolio.cache.database import (
    BUSY,
    DAMAGED,
    DB_NAME,
    GET,
    PUT_BLOB,
    PUT_ENTRY,
    STALE,
    TOUCH,
    connect_cache,
    remove_database,
    row_id,
)
from blogfolio.cache.seal import CacheUnavailable, Sealer, load_secret
from blogfolio.errors import Diagnostic, Severity, SourceSpan

DAY = 86_400
TOUCH_AFTER = 2 * DAY
"""A hit refreshes its entry's last_used only when that is older than this."""
FLUSH_BYTES = 32 << 20
"""Pending writes past this size are committed early, so memory stays bounded."""

COMPRESS_AFTER = 2048
"""Pickles of the stages named for compression longer than this are stored compressed
when that makes them smaller: a 10,000-post site's pages are 430 MB of HTML, which did
not fit the size bound."""

Warn = Callable[[Diagnostic], None]


def _packed(payload: bytes, compress: bool) -> bytes:
    """A pickle as stored: `p` and the pickle, or `z` and it compressed (zlib's fastest
    level: about ten times smaller for HTML, at a small part of the time to render it)."""
    if compress and len(payload) > COMPRESS_AFTER:
        packed = zlib.compress(payload, 1)
        if len(packed) < len(payload):
            return b"z" + packed
    return b"p" + payload


def _unpacked(stored: bytes | memoryview) -> bytes | memoryview:
    """The pickle of a stored payload; ValueError for a format this code did not write."""
    kind, body = stored[:1], stored[1:]
    if kind == b"z":
        return zlib.decompress(body)
    if kind == b"p":
        return body
    raise ValueError("not a payload this version stores")


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
        compressed: Collection[str] = (),
    ) -> None:
        self.path = folder / DB_NAME
        self._pid = os.getpid()
        self._compressed = frozenset(compressed)
        """Stages whose large entries are compressed: those read rarely (a build reads
        every parse and body entry, where decompressing would cost a third of a read)."""
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
        """The value stored for (stage, key), or None for a missing or untrusted row, or
        in a process forked from the one that opened the store (SQLite connections and
        locks must not cross a fork: a worker gets misses, and its puts are dropped)."""
        if os.getpid() != self._pid:
            return None
        with self._lock:
            blob: object = self._pending.get((stage, key))
            used = self._now
            if blob is None and not self._broken:
                try:
                    row = self._conn.execute(GET, (row_id(stage, key),)).fetchone()
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
            return pickling.loads(_unpacked(payload))
        except Exception:  # signed by us, but from code that has since changed shape
            return None

    def put(self, stage: str, key: bytes, value: Any) -> None:
        """Remember `value` (pickled now); it is written at the end of the build."""
        if os.getpid() != self._pid:
            return
        try:
            payload = pickling.dumps(value)
        except Exception:  # an unpicklable value is simply not remembered
            self.stats["dropped"] += 1
            return
        blob = self._sealer.seal(stage, key, _packed(payload, stage in self._compressed))
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
                remove_database(self.path)
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
            if exc.sqlite_errorname not in BUSY:
                self._failed(exc)
            self.stats["skipped"] += len(pending)
            return  # another build is writing: skip this batch, it is only a cache
        except sqlite3.DatabaseError as exc:
            self._failed(exc)
            return
        try:
            rows = sorted((row_id(s, k), s, k, b) for (s, k), b in pending.items())  # B-tree order
            self._conn.executemany(PUT_ENTRY, ((i, s, k, len(b), now) for i, s, k, b in rows))
            self._conn.executemany(PUT_BLOB, ((i, b) for i, _s, _k, b in rows))
            self._conn.executemany(TOUCH, ((now, i) for i in sorted(touched)))
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
        stale = f"SELECT id FROM entries WHERE {STALE}"
        self._conn.execute(f"DELETE FROM blobs WHERE id IN ({stale})", window)
        pruned = self._conn.execute(f"DELETE FROM entries WHERE {STALE}", window).rowcount
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
            if exc.sqlite_errorname not in DAMAGED:
                raise self._unavailable(exc) from exc
        self._once("damaged", "the cache was damaged or not made by blogfolio; starting a new one")
        remove_database(self.path)
        try:
            return self._connect()
        except sqlite3.DatabaseError as exc:
            raise self._unavailable(exc) from exc

    def _connect(self) -> sqlite3.Connection:
        return connect_cache(
            self.path, owner=self._sealer.owner, now=self._now,
            open_seconds=self._open_wait, busy_seconds=self._busy,
        )  # fmt: skip

    def _failed(self, exc: sqlite3.DatabaseError) -> None:
        """Stop using a database that failed mid-build; a damaged one is deleted on close."""
        name = exc.sqlite_errorname
        if name in BUSY:
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
