"""The cache's SQLite file: its schema, and opening it only when it is ours.

Stage: cache. Imports only the standard library. A database in the cache folder
may come from anywhere, so `connect_cache` accepts only a file with our
application id, our schema version and exactly our tables (no triggers or views
someone added), and empties one that another key or blogfolio version signed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from pathlib import Path

DB_NAME = "cache.sqlite"
APPLICATION_ID = 0x62666331  # "bfc1": marks a file as a blogfolio cache
SCHEMA_VERSION = 1
SCHEMA = {
    ("table", "entries"): "CREATE TABLE entries (id INTEGER PRIMARY KEY, stage TEXT NOT NULL, "
    "key BLOB NOT NULL, size INTEGER NOT NULL, last_used INTEGER NOT NULL)",
    ("table", "blobs"): "CREATE TABLE blobs (id INTEGER PRIMARY KEY, value BLOB NOT NULL)",
    ("index", "entries_age"): "CREATE INDEX entries_age ON entries (last_used, size)",
}  # fmt: skip
"""Use is kept apart from values, so refreshing last_used never rewrites a value's pages."""
GET = (
    "SELECT e.stage, e.key, e.last_used, b.value FROM entries e JOIN blobs b ON b.id = e.id "
    "WHERE e.id = ?"
)
PUT_ENTRY = (
    "INSERT OR REPLACE INTO entries (id, stage, key, size, last_used) VALUES (?, ?, ?, ?, ?)"
)
PUT_BLOB = "INSERT OR REPLACE INTO blobs (id, value) VALUES (?, ?)"
TOUCH = "UPDATE entries SET last_used = ? WHERE id = ?"
STALE = "stage != '' AND (last_used < ? OR last_used > ?)"
PRAGMAS = (
    "trusted_schema = OFF",  # a schema from elsewhere can call no functions
    "cell_size_check = ON",  # damaged pages are found, not followed
    "synchronous = NORMAL",  # in WAL mode: safe against corruption, may lose the last commit
    f"journal_size_limit = {64 << 20}",  # a big batch does not leave a big log behind
    f"cache_size = -{16 << 10}",  # KiB: room for the row index, so refreshes do not spill
)
OWNER = ("", b"")
"""The (stage, key) of the row holding `Sealer.owner`: who wrote this database."""


def row_id(stage: str, key: bytes) -> int:
    """A 64-bit row id for (stage, key): one B-tree step to find a row, not an index search.

    Two pairs sharing an id only cost a miss: rows keep their stage and key, and
    each signature covers both.
    """
    name = stage.encode()
    digest = hashlib.blake2b(len(name).to_bytes(4, "big") + name + key, digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)


BUSY = ("SQLITE_BUSY", "SQLITE_LOCKED")
"""Error names meaning another connection holds the lock for now."""
DAMAGED = ("SQLITE_NOTADB", "SQLITE_CORRUPT", "SQLITE_SCHEMA")
"""Error names meaning the file is not (or no longer) a database we can use."""


def connect_cache(
    path: Path, *, owner: bytes, now: int, open_seconds: float, busy_seconds: float
) -> sqlite3.Connection:
    """Open (or create) the cache at `path`; sqlite3.DatabaseError if it is not ours."""
    conn = sqlite3.connect(
        path, timeout=open_seconds, isolation_level=None, check_same_thread=False
    )  # opening waits out another build's brief locks (creating, checkpointing on close)
    try:
        for pragma in PRAGMAS:
            conn.execute(f"PRAGMA {pragma}")
        (app,) = conn.execute("PRAGMA application_id").fetchone()
        if app == 0 and not conn.execute("SELECT 1 FROM sqlite_master").fetchone():
            _create_schema(conn)
        elif not _is_ours(conn, app):
            raise _not_ours()
        conn.execute("PRAGMA journal_mode = WAL")
        _claim(conn, owner, now)
        conn.execute(f"PRAGMA busy_timeout = {int(busy_seconds * 1000)}")
    except BaseException:
        conn.close()
        raise
    return conn


def _claim(conn: sqlite3.Connection, owner: bytes, now: int) -> None:
    """Empty a database whose owner row another key or version signed."""
    ident = row_id(*OWNER)
    row = conn.execute(GET, (ident,)).fetchone()
    if row is not None and row[3] == owner:
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if exc.sqlite_errorname in BUSY:
            return  # another build is claiming it; the signatures still guard each row
        raise
    conn.execute("DELETE FROM entries")
    conn.execute("DELETE FROM blobs")
    conn.execute(PUT_ENTRY, (ident, *OWNER, 0, now))
    conn.execute(PUT_BLOB, (ident, owner))
    conn.execute("COMMIT")


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
    for sql in SCHEMA.values():
        conn.execute(sql)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.execute("COMMIT")


def _is_ours(conn: sqlite3.Connection, app: int) -> bool:
    """Our id, our version, and exactly our tables: no triggers or views from elsewhere."""
    if app != APPLICATION_ID or conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
        return False
    found = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL")
    return {(kind, name): sql for kind, name, sql in found} == SCHEMA


def _not_ours() -> sqlite3.DatabaseError:
    exc = sqlite3.DatabaseError("not a blogfolio cache")
    exc.sqlite_errorname = "SQLITE_NOTADB"
    return exc


def remove_database(path: Path) -> None:
    """Delete the database and the files SQLite keeps beside it."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")
