"""Facts about files on disk that several stages check: change stamps and symlinks.

Imports nothing from blogfolio. The source cache, the comment reader and the dev
server all decide "did this file change?" the same way, and discovery and static
copying refuse the same symlinks; one definition keeps them in agreement.
"""

from __future__ import annotations

import os
from pathlib import Path

Stamp = tuple[int, int]
"""Modification time (ns) and size; (-1, -1) for a file that is gone."""


def file_stamp(path: str | Path) -> Stamp:
    """The stamp of a file, cheap enough to take for every source on every rebuild."""
    try:
        info = os.stat(path)
    except OSError:
        return (-1, -1)
    return (info.st_mtime_ns, info.st_size)


def links_outside(path: str | Path, folder: str | Path) -> bool:
    """True for a symlink whose target lies outside `folder` (given resolved).

    os.walk does not descend into linked folders, so only the file itself can be a
    link; plain files skip the costly resolve.
    """
    if not os.path.islink(path):
        return False
    try:
        Path(path).resolve().relative_to(folder)
    except (ValueError, OSError):
        return True
    return False
