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


@dataclass(slots=True)
class Present:
    """The regular files, folders and odd entries under an output folder."""

    files: dict[str, int] = field(default_factory=dict)
    """Path relative to the folder → size, for regular files reached without a link."""
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
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError:
                continue
            if stat.S_ISDIR(mode):
                if not rel_dir and entry.name.startswith(skip_prefix):
                    continue
                found.folders.append(rel)
                pending.append(rel)
            elif stat.S_ISREG(mode):
                found.files[rel] = entry.stat(follow_symlinks=False).st_size
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
