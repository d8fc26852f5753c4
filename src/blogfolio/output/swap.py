"""Swap a finished staging folder into place, and recover when a swap was cut short.

A build fills `.site.new-*` beside `site/`, renames it `.site.ready-*` once every
file is in, then moves `site/` to `.site.old-*`, the ready folder to `site/`, and
deletes the old one. A build killed at any of those steps leaves some of these
folders behind; `recover_output` puts a `site/` back (the ready build when one is
complete, else the old one) and removes the rest.

When `site/` cannot be renamed (it is a mount point, EBUSY), the new files are
synced into it instead: first copied into a hidden folder inside it, so a full
disk fails before anything visible changed, then moved into place one by one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Collection
from pathlib import Path

from blogfolio.output.in_place import rename_into

STAGES = ("new", "ready", "old", "pages")
"""Leftover kinds beside the output, in the order a build makes them (`pages` is the
scratch folder of output/spill.py)."""
SYNC_PREFIX = ".blogfolio-sync-"
"""Folder inside the output that holds files on their way in during an in-place sync."""
CANNOT_RENAME = frozenset({errno.EBUSY, errno.EXDEV})
"""Errors renaming the output folder that mean "sync into it instead"."""


class PartialSyncError(Exception):
    """Moving files into an output folder that could not be swapped failed midway."""

    def __init__(self, cause: OSError) -> None:
        super().__init__(str(cause))
        self.cause = cause


def stage_prefix(out_dir: Path, stage: str) -> str:
    """The name prefix of a staging folder, such as `.site.new-`."""
    return f".{out_dir.name}.{stage}-"


def make_staging(out_dir: Path) -> Path:
    """A fresh, empty folder beside the output to write the next build into."""
    return Path(tempfile.mkdtemp(prefix=stage_prefix(out_dir, "new"), dir=out_dir.parent))


def leftovers(out_dir: Path) -> dict[str, list[Path]]:
    """Staging folders of earlier builds beside the output, newest first, by stage."""
    found: dict[str, list[Path]] = {stage: [] for stage in STAGES}
    try:
        names = os.listdir(out_dir.parent)
    except OSError:
        return found
    for name in names:
        for stage in STAGES:
            if name.startswith(stage_prefix(out_dir, stage)):
                found[stage].append(out_dir.parent / name)
    for paths in found.values():
        paths.sort(key=_changed_at, reverse=True)
    return found


def recover_output(out_dir: Path) -> tuple[str, ...]:
    """Undo what an interrupted build left; say what was done. Call it holding the lock."""
    found = leftovers(out_dir)
    notes: list[str] = []
    restored: Path | None = None
    if not os.path.lexists(out_dir):
        candidates = found["ready"] or found["old"]
        if candidates:
            restored = candidates[0]
            os.rename(restored, out_dir)
            how = "finished" if restored in found["ready"] else "undid"
            notes.append(f"{how} the folder swap of an interrupted build: {out_dir.name}/ is back")
    stale = [p for stage in STAGES for p in found[stage] if p != restored]
    if os.path.isdir(out_dir):
        stale += [out_dir / n for n in os.listdir(out_dir) if n.startswith(SYNC_PREFIX)]
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)
    if stale:
        notes.append(f"removed {len(stale)} folder(s) left by interrupted builds")
    return tuple(notes)


def swap_in(staging: Path, out_dir: Path, wanted: Collection[str], fresh: Collection[str]) -> None:
    """Put a complete staging folder where the output is; the staging folder is gone after.

    `wanted` lists every output file, `fresh` those whose bytes are new (for the sync).
    On failure the old output is as it was and the staging folder is removed.
    """
    suffix = staging.name[len(stage_prefix(out_dir, "new")) :]
    ready = out_dir.parent / (stage_prefix(out_dir, "ready") + suffix)
    os.rename(staging, ready)
    try:
        if not os.path.lexists(out_dir):
            os.rename(ready, out_dir)
            return
        old = out_dir.parent / (stage_prefix(out_dir, "old") + suffix)
        try:
            os.rename(out_dir, old)
        except OSError as exc:
            if exc.errno not in CANNOT_RENAME:
                raise
            sync_in_place(ready, out_dir, wanted, fresh)
            return
        try:
            os.rename(ready, out_dir)
        except BaseException:
            os.rename(old, out_dir)
            raise
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(ready, ignore_errors=True)


def sync_in_place(
    tree: Path, out_dir: Path, wanted: Collection[str], fresh: Collection[str]
) -> None:
    """Make `out_dir` hold the files of `tree` without replacing the folder itself.

    Files not in `fresh` are already in `out_dir` with the same bytes and are left
    alone, so they keep their modification times.
    """
    inbox = Path(tempfile.mkdtemp(prefix=SYNC_PREFIX, dir=out_dir))
    try:
        moves: list[tuple[str, Path]] = []
        for number, rel in enumerate(sorted(fresh)):
            staged = inbox / str(number)
            shutil.copyfile(tree / rel, staged)
            moves.append((rel, staged))
        # Every new byte is now on the output's file system; only renames remain.
        try:
            rename_into(out_dir, moves)
            _remove_stale(out_dir, set(wanted), inbox)
        except OSError as exc:
            raise PartialSyncError(exc) from exc
    finally:
        shutil.rmtree(inbox, ignore_errors=True)


def _remove_stale(out_dir: Path, wanted: set[str], skip: Path) -> None:
    for dirpath, dirnames, filenames in os.walk(out_dir, topdown=False):
        folder = Path(dirpath)
        if folder == skip or skip in folder.parents:
            continue
        for name in filenames:
            path = folder / name
            if path.relative_to(out_dir).as_posix() not in wanted:
                path.unlink()
        for name in dirnames:
            path = folder / name
            if path != skip:
                with contextlib.suppress(OSError):
                    path.rmdir()  # only empty ones go


def _changed_at(path: Path) -> float:
    try:
        return path.stat().st_ctime
    except OSError:
        return 0.0
