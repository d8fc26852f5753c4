"""Reading files for a build: their bytes, their digests and folder listings.

Stage: pipeline. A digest names a file's content in every key. Between the
rebuilds of `serve`, the watcher's list of changed paths says which files to
read and hash again; every other digest (and listing) is the one taken last
time. A changed folder (watchers report a file's folder with the file) only
makes its files' stamps be compared, and those whose stamp moved are hashed
again. Without that list, as in `build`, every file is read and hashed.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path

from blogfolio.cache.keys import bytes_digest


class FileIndex:
    """Digests and listings of the files one site's builds read."""

    def __init__(self) -> None:
        self._digests: dict[Path, bytes] = {}
        self._kept: dict[Path, bytes] = {}
        self._listings: dict[Path, tuple[str, ...]] = {}
        self.hashed = 0
        """Files read and hashed since the build began (for tests)."""
        self._stamps: dict[Path, tuple[int, int, int, int]] = {}
        """Each hashed file's inode, size and change times, taken before it was read: a
        file inside a changed folder is hashed again only when these differ."""

    def begin(self, changed: Collection[Path] | None) -> None:
        """Start a build: forget what `changed` touched (everything, when it is None)."""
        self.hashed = 0
        if changed is None:
            self._digests.clear()
            self._kept.clear()
            self._listings.clear()
            self._stamps.clear()
            return
        touched = set(changed)
        folders = {str(p) + os.sep for p in touched if not os.path.isfile(p)}
        for table in (self._digests, self._kept):
            for path in [p for p in table if p in touched or _under(p, folders)]:
                if path in touched or self._stamps.get(path) != _stamp(path):
                    del table[path]
        parents = {p.parent for p in touched}
        for folder in list(self._listings):
            if folder in touched or folder in parents or _under(folder, folders):
                del self._listings[folder]

    def digest(self, path: Path) -> tuple[bytes, bytes | None]:
        """The file's digest, and its bytes when they had to be read (None if unreadable
        gives the digest of nothing)."""
        known = self._digests.get(path)
        if known is not None:
            return known, None
        return self.read(path)

    def read(self, path: Path) -> tuple[bytes, bytes | None]:
        """Read the file now; its digest is remembered for the next build."""
        try:
            with open(path, "rb") as handle:
                stamp = _stamp_of(os.fstat(handle.fileno()))
                data = handle.read()
        except OSError:
            self._digests.pop(path, None)
            self._stamps.pop(path, None)
            return b"", None
        found = bytes_digest(data)
        self.hashed += 1
        self._digests[path] = found
        self._stamps[path] = stamp
        return found, data

    def contents(self, path: Path) -> bytes | None:
        """The file's bytes, kept between rebuilds while unchanged (static files)."""
        kept = self._kept.get(path)
        if kept is not None:
            return kept
        _found, data = self.read(path)
        if data is not None:
            self._kept[path] = data
        return data

    def listing(self, folder: Path) -> tuple[str, ...]:
        """Names in a folder, sorted; () when it is not a folder."""
        known = self._listings.get(folder)
        if known is None:
            try:
                known = tuple(sorted(os.listdir(folder))) if os.path.isdir(folder) else ()
            except OSError:
                known = ()
            self._listings[folder] = known
        return known


def _stamp_of(info: os.stat_result) -> tuple[int, int, int, int]:
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _stamp(path: Path) -> tuple[int, int, int, int] | None:
    """The file's stamp now; None when it is gone. The change time cannot be set back by
    hand, so a file written since it was hashed always shows a new stamp."""
    try:
        return _stamp_of(os.stat(path))
    except OSError:
        return None


def _under(path: Path, folders: set[str]) -> bool:
    if not folders:
        return False
    text = str(path)
    return any(text.startswith(f) for f in folders)
