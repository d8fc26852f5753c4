"""Signing cache entries, so the disk cache only ever unpickles bytes we wrote.

Stage: cache. Imports only the standard library and blogfolio.errors. A cache
folder can arrive from anywhere (a classmate's commit, a copied zip), and a pickle
can run code when loaded. Every entry therefore carries an HMAC-SHA256 made with
a secret that lives in the user's own cache directory, never in the site, and
covering the format tag, the blogfolio version, the stage and the key: bytes
that fail the check are never handed to `pickle`.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import stat
import sys
from pathlib import Path

from blogfolio.errors import BlogfolioError

KEY_FILE_ENV = "BLOGFOLIO_CACHE_KEY_FILE"
"""Environment variable naming the secret key file (tests point it at a temporary file)."""

FORMAT = b"blogfolio-cache/1"
"""Bumped whenever the entry layout changes; part of every signature."""

SECRET_BYTES = 32
MAC_BYTES = hashlib.sha256().digest_size


class CacheUnavailable(BlogfolioError):  # noqa: N818 (a state, not a failure of the build)
    """The disk cache cannot be used; the build goes on without it."""


def secret_path() -> Path:
    """Where the signing key lives: $BLOGFOLIO_CACHE_KEY_FILE, else the user's cache dir."""
    override = os.environ.get(KEY_FILE_ENV)
    if override:
        return Path(override).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or ""
    if not os.path.isabs(base):
        base = str(Path.home() / ".cache")
    return Path(base) / "blogfolio" / "key"


def load_secret(path: Path | None = None) -> bytes:
    """The user's signing key, created (0600, atomically) on first use."""
    path = path or secret_path()
    try:
        return _read_secret(path)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise _unusable(path, exc.strerror or str(exc)) from exc
    try:
        _create_secret(path)
        return _read_secret(path)
    except OSError as exc:
        raise _unusable(path, exc.strerror or str(exc)) from exc


def _read_secret(path: Path) -> bytes:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _unusable(path, "not a regular file")
        if sys.platform != "win32" and (
            info.st_uid != os.geteuid() or info.st_mode & (stat.S_IRWXG | stat.S_IRWXO)
        ):
            raise _unusable(path, "readable or owned by another user", f"chmod 600 {path}")
        data = os.read(fd, SECRET_BYTES + 1)
    finally:
        os.close(fd)
    if len(data) != SECRET_BYTES:
        raise _unusable(path, "not a key blogfolio wrote", f"delete {path}; a new one is made")
    return data


def _create_secret(path: Path) -> None:
    """Write a fresh key beside `path` and link it into place; the first writer wins."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, secrets.token_bytes(SECRET_BYTES))
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(temp, path)
    except FileExistsError:
        pass  # another build made the key first: use theirs
    except OSError:
        with contextlib.suppress(FileExistsError):
            _replace_if_absent(temp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _replace_if_absent(temp: Path, path: Path) -> None:
    """For file systems without hard links: rename, unless a key appeared meanwhile."""
    if path.exists():
        raise FileExistsError(path)
    os.replace(temp, path)


def _unusable(path: Path, why: str, hint: str | None = None) -> CacheUnavailable:
    return CacheUnavailable(
        f"cache key {path}: {why}; building without the cache",
        hint=hint or f"check that {path.parent} is yours and writable, or build with --no-cache",
    )


class Sealer:
    """Signs and checks entry bytes with one secret and one version tag."""

    def __init__(self, secret: bytes, tag: str) -> None:
        self._base = hmac.new(secret, FORMAT + b"\0" + tag.encode() + b"\0", hashlib.sha256)
        self.owner = self._mac(b"", b"", b"owner")
        """A signature of nothing: stored once per database to recognise our own files."""

    def seal(self, stage: str, key: bytes, payload: bytes) -> bytes:
        """`payload` prefixed with its signature, bound to `stage` and `key`."""
        return self._mac(stage.encode(), key, payload) + payload

    def unseal(self, stage: str, key: bytes, blob: bytes) -> memoryview | None:
        """The payload of a blob this sealer made for (stage, key), else None."""
        if len(blob) < MAC_BYTES:
            return None
        view = memoryview(blob)
        payload = view[MAC_BYTES:]
        if not hmac.compare_digest(self._mac(stage.encode(), key, payload), view[:MAC_BYTES]):
            return None
        return payload

    def _mac(self, stage: bytes, key: bytes, payload: bytes | memoryview) -> bytes:
        mac = self._base.copy()
        mac.update(len(stage).to_bytes(4, "big") + stage + len(key).to_bytes(4, "big") + key)
        mac.update(payload)
        return mac.digest()
