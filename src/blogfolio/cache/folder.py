"""The site's `.blogfolio-cache/` folder: opening it for a build, sizing it, deleting it.

Stage: cache. Imports only the standard library and blogfolio.errors. The
folder is ours alone: a symlink in its place (which a repository can carry) is
neither written through nor deleted through, and the signing key never lives
inside the site, so committing the folder can leak nothing and forge nothing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from blogfolio.cache.database import DB_NAME
from blogfolio.cache.disk import DiskStore, Warn
from blogfolio.cache.seal import CacheUnavailable, load_secret, secret_path
from blogfolio.cache.store import NullStore, Store
from blogfolio.errors import BlogfolioError, Diagnostic, Severity, SourceSpan

CACHE_DIR = ".blogfolio-cache"


@dataclass(frozen=True, slots=True)
class CacheInfo:
    """What `blogfolio clean` reports about a site's cache folder."""

    path: Path
    """The cache folder (which may not exist)."""
    exists: bool
    """Whether there is a folder to delete."""
    entries: int | None
    """Stored results, or None when the database could not be read."""
    size: int
    """Bytes of all files in the folder."""


def open_store(
    site_root: Path,
    *,
    enabled: bool,
    warn: Warn | None = None,
    tag: str | None = None,
    clock: Callable[[], float] = time.time,
    compressed: Collection[str] = (),
) -> Store:
    """The disk store for a site, or a NullStore when disabled or unusable (with one warning).
    Large entries of the `compressed` stages are stored compressed."""
    if not enabled:
        return NullStore()
    try:
        folder = usable_folder(site_root)
        key_file = secret_path()
        if _inside(key_file, site_root):
            raise CacheUnavailable(
                f"the cache key {key_file} lies inside the site; building without the cache",
                hint="point BLOGFOLIO_CACHE_KEY_FILE outside the site folder",
            )
        secret = load_secret(key_file)
        return DiskStore(
            folder, secret=secret, tag=tag, warn=warn, clock=clock, compressed=compressed
        )
    except (CacheUnavailable, OSError, sqlite3.Error) as exc:
        if warn is not None:
            warn(_as_warning(exc))
        return NullStore()


def usable_folder(site_root: Path) -> Path:
    """`<site>/.blogfolio-cache`, refusing a symlink or a file in its place."""
    folder = site_root / CACHE_DIR
    if folder.is_symlink():
        raise CacheUnavailable(
            f"{CACHE_DIR} is a symbolic link to {os.readlink(folder)}; not using it",
            span=SourceSpan(Path(CACHE_DIR)),
            hint=f"delete the link {folder}; blogfolio makes a real folder in its place",
        )
    if folder.exists() and not folder.is_dir():
        raise CacheUnavailable(
            f"{CACHE_DIR} is a file, not the cache folder; not using it",
            span=SourceSpan(Path(CACHE_DIR)),
            hint=f"move {folder} away if it matters, else delete it",
        )
    return folder


def cache_info(site_root: Path) -> CacheInfo:
    """How many entries and bytes a site's cache holds; raises for a folder that is not ours."""
    folder = usable_folder(site_root)
    if not folder.is_dir():
        return CacheInfo(folder, False, 0, 0)
    size = 0
    for parent, _dirs, files in os.walk(folder):
        for name in files:
            with contextlib.suppress(OSError):
                size += os.lstat(os.path.join(parent, name)).st_size
    return CacheInfo(folder, True, _count_entries(folder / DB_NAME), size)


def remove_cache(site_root: Path) -> CacheInfo:
    """Delete the site's cache folder and nothing else; return what it held."""
    info = cache_info(site_root)
    if info.exists:
        try:
            shutil.rmtree(info.path)
        except OSError as exc:
            raise BlogfolioError(
                f"cannot delete {info.path}: {exc.strerror or exc}",
                span=SourceSpan(Path(CACHE_DIR)),
                hint="a build or serve may be using it; stop it and try again",
            ) from exc
    return info


def _count_entries(db: Path) -> int | None:
    """Rows in the database, read-only and without trusting anything in it."""
    if not db.is_file() or db.is_symlink():
        return 0 if not db.exists() else None
    # With no write-ahead log beside it, `immutable` reads without creating one.
    mode = "mode=ro" if os.path.exists(f"{db}-wal") else "mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?{mode}", uri=True, timeout=1.0)
    except sqlite3.Error:
        return None
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        (count,) = conn.execute("SELECT COUNT(*) FROM entries WHERE stage != ''").fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return int(count)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):
        return False
    return True


def _as_warning(exc: Exception) -> Diagnostic:
    if isinstance(exc, BlogfolioError):
        diag = exc.to_diagnostic()
        return Diagnostic(diag.message, diag.span, diag.hint, Severity.WARNING)
    where = getattr(exc, "filename", None) or CACHE_DIR
    why = getattr(exc, "strerror", None) or exc
    return Diagnostic(
        f"cannot use the cache ({why}); building without it",
        SourceSpan(Path(where)),
        "check that the site folder is writable, or build with --no-cache",
        Severity.WARNING,
    )
