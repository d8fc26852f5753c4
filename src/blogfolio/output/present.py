"""What an existing output folder holds, read once without following links.

Stage: output. The writer compares each new file with the one already there and
moves only changed files in; this listing tells which paths are real files of the
last build, and which entries (links, sockets, stray folders) must go.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

Stamp = tuple[int, int, int, int]
"""Inode, size, modification and change time (ns) of a file: while all four hold, its bytes
are the ones last written (a write changes the change time, which no tool can set)."""


def file_stamp(info: os.stat_result) -> Stamp:
    """The stamp of a regular file from its `stat`."""
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


@dataclass(slots=True)
class Present:
    """The regular files, folders and odd entries under an output folder."""

    files: dict[str, int] = field(default_factory=dict)
    """Path relative to the folder → size, for regular files reached without a link."""
    stamps: dict[str, Stamp] = field(default_factory=dict)
    """Path → inode, size, modification and change time (ns) of those files."""
    folders: list[str] = field(default_factory=list)
    """Real folders below the top, deepest last."""
    odd: list[str] = field(default_factory=list)
    """Links and other entries that are neither files nor folders: never kept."""


def list_present(out_dir: Path, skip_prefix: str) -> Present:
    """Walk `out_dir` without following links, leaving out folders named `skip_prefix*`."""
    found = Present()
    pending = [""]
    while pending:
        rel_dir = pending.pop()
        try:
            entries = list(os.scandir(out_dir / rel_dir if rel_dir else out_dir))
        except OSError:
            continue
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            mode = info.st_mode
            if stat.S_ISDIR(mode):
                if not rel_dir and entry.name.startswith(skip_prefix):
                    continue
                found.folders.append(rel)
                pending.append(rel)
            elif stat.S_ISREG(mode):
                found.files[rel] = info.st_size
                found.stamps[rel] = file_stamp(info)
            else:
                found.odd.append(rel)
    found.folders.sort(key=lambda rel: rel.count("/"))
    return found


def needed_folders(paths: set[str]) -> set[str]:
    """Every folder that must exist to hold `paths`."""
    needed: set[str] = set()
    for rel in paths:
        head, _, _ = rel.rpartition("/")
        while head and head not in needed:
            needed.add(head)
            head, _, _ = head.rpartition("/")
    return needed
