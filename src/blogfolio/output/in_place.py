"""Move a few changed files into a live output folder, or build a full tree to swap in.

Stage: output. When most of the site is unchanged, making a new tree of hard links
(one folder per page) and deleting the old one costs more than the build itself,
so changed files are renamed into `site/` one by one instead: each file is
replaced atomically, and the files were all written beside them first, so a full
disk fails before anything visible changed. When many files change, a complete
new tree is made and swapped in, so readers never see half of a redesign.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path

from blogfolio.output.present import Present, needed_folders


def in_place_limit(total: int) -> int:
    """How many changed or removed files still go in one by one rather than by a swap."""
    return max(100, total // 10)


def move_in(out_dir: Path, fresh: Mapping[str, Path], present: Present, wanted: set[str]) -> int:
    """Rename each staged file onto its path in `out_dir`, then drop what is not wanted.

    Returns how many files of the last build were removed.
    """
    rename_into(out_dir, sorted(fresh.items()))
    removed = 0
    for rel in present.files:
        if rel not in wanted:
            _unlink_if_there(out_dir / rel)
            removed += 1
    for rel in present.odd:
        if rel not in fresh:
            _unlink_if_there(out_dir / rel)
    needed = needed_folders(wanted)
    for rel in reversed(present.folders):  # deepest first
        if rel not in needed:
            with contextlib.suppress(OSError):
                (out_dir / rel).rmdir()  # only empty ones go
    return removed


def rename_into(out_dir: Path, moves: Iterable[tuple[str, Path]]) -> None:
    """Rename each waiting file onto its path in `out_dir`, clearing what stands in the way."""
    for rel, staged in moves:
        target = out_dir / rel
        clear_way(out_dir, rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged, target)


def fill_staging(staging: Path, out_dir: Path, wanted: set[str], fresh: Mapping[str, Path]) -> None:
    """A complete tree in `staging`: fresh files moved in, the others linked from `out_dir`."""
    made: set[Path] = set()
    for rel in sorted(wanted):
        target = staging / rel
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        staged = fresh.get(rel)
        if staged is not None:
            try:
                os.rename(staged, target)
            except OSError:
                shutil.copyfile(staged, target)  # another file system
            continue
        previous = out_dir / rel
        try:
            os.link(previous, target, follow_symlinks=False)
        except OSError:
            shutil.copy2(previous, target, follow_symlinks=False)


def _unlink_if_there(path: Path) -> None:
    """Remove a stale file or link, unless a new folder already took its place."""
    try:
        if stat.S_ISDIR(os.lstat(path).st_mode):
            return
        path.unlink()
    except (FileNotFoundError, NotADirectoryError):
        pass  # its folder was replaced by a file, or it is gone already


def clear_way(out_dir: Path, rel: str) -> None:
    """Remove what stands where the new file or its folders go: files, links, a folder."""
    parts = rel.split("/")
    for depth in range(1, len(parts)):
        path = out_dir.joinpath(*parts[:depth])
        if path.is_symlink() or (os.path.lexists(path) and not path.is_dir()):
            path.unlink()
    target = out_dir / rel
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
