"""Write the build file by file into a staging folder, then swap it in (or throw it away).

Stage: output. Files arrive one at a time as they are rendered, so memory does not
grow with the size of the site. A failed or aborted build never touches the last
good output folder, and a file whose bytes did not change keeps its inode and
mtime (it is hard-linked from the previous build), so publishing tools skip it.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from blogfolio.errors import OutputError
from blogfolio.model import RenderedFile
from blogfolio.output.failure import write_failure
from blogfolio.output.guard import safe_target
from blogfolio.output.lock import FolderLock
from blogfolio.output.swap import PartialSyncError, make_staging, recover_output, swap_in

_BINARY = getattr(os, "O_BINARY", 0)


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What writing changed."""

    written: int
    """Files whose bytes are new or changed."""
    unchanged: int
    """Files kept as they were."""
    removed: int
    """Files of the previous build that no longer exist."""


def recover(out_dir: Path) -> tuple[str, ...]:
    """Clean up after an interrupted build, unless a build is writing beside it right now.

    Called before a build starts, so even a build that then fails leaves a `site/`.
    """
    out_dir = out_dir.resolve()
    if not out_dir.parent.is_dir():
        return ()
    try:
        lock = FolderLock(out_dir.parent)
    except OSError as exc:
        raise write_failure(exc, out_dir) from exc
    try:
        return recover_output(out_dir) if lock.try_exclusive() else ()
    except OSError as exc:
        raise write_failure(exc, out_dir) from exc
    finally:
        lock.release()


class SiteWriter:
    """Takes output files one at a time; `commit` swaps them in, `abort` discards them.

    Use it as a context manager: leaving the block without `commit` aborts.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir.resolve()
        self._seen: set[str] = set()
        self._folders: set[Path] = set()
        """Staging folders already made (one mkdir each, not one a file)."""
        self._fresh: set[str] = set()
        self._unchanged = 0
        self._lock: FolderLock | None = None
        self._staging: Path | None = None
        try:
            self.out_dir.parent.mkdir(parents=True, exist_ok=True)
            self._lock = FolderLock(self.out_dir.parent)
            alone = self._lock.try_exclusive()
            self.recovered = recover_output(self.out_dir) if alone else ()
            """What was cleaned up after an interrupted build, for the user."""
            self._lock.share()  # other builds may write now, but not recover
            self._staging = make_staging(self.out_dir)
        except OSError as exc:
            self.abort()
            raise write_failure(exc, self.out_dir) from exc

    def __enter__(self) -> SiteWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.abort()

    def add(self, item: RenderedFile) -> None:
        """Write one file into the staging folder (or link it, when unchanged)."""
        staging = self._open_staging()
        try:
            if item.path in self._seen:
                raise OutputError(f"two outputs want the same file: {item.path}")
            target = safe_target(staging, item.path)
            self._seen.add(item.path)
            if target.parent not in self._folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(target.parent)
            previous = self.out_dir / item.path
            if _same(item, previous):
                _keep(previous, target)
                self._unchanged += 1
            else:
                _write(item, target)
                self._fresh.add(item.path)
        except OSError as exc:
            self.abort()
            raise write_failure(exc, self.out_dir) from exc
        except BaseException:
            self.abort()
            raise

    def commit(self) -> WriteReport:
        """Put the staged files in place of the output folder, atomically when it can."""
        staging = self._open_staging()
        self._staging = None  # swap_in owns it now, and removes it on failure
        try:
            removed = _count_removed(self.out_dir, self._seen)
            swap_in(staging, self.out_dir, self._seen, self._fresh)
        except PartialSyncError as exc:
            raise write_failure(exc.cause, self.out_dir, partial=True) from exc
        except OSError as exc:
            raise write_failure(exc, self.out_dir) from exc
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            self.abort()
        return WriteReport(len(self._fresh), self._unchanged, removed)

    def abort(self) -> None:
        """Throw the staged files away; the output folder stays as it was. Safe to repeat."""
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def _open_staging(self) -> Path:
        if self._staging is None:
            raise OutputError("this site writer was already committed or aborted")
        return self._staging


def write_site(files: Iterable[RenderedFile], out_dir: Path) -> WriteReport:
    """Write all files into a new folder and swap it into place atomically."""
    with SiteWriter(out_dir) as writer:
        for item in files:
            writer.add(item)
        return writer.commit()


def _same(item: RenderedFile, previous: Path) -> bool:
    try:
        info = os.lstat(previous)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode):
        return False  # a folder, or a link (never followed)
    if item.data is not None:
        return info.st_size == len(item.data) and previous.read_bytes() == item.data
    assert item.source is not None
    return filecmp.cmp(item.source, previous, shallow=False)


def _keep(previous: Path, target: Path) -> None:
    try:
        os.link(previous, target)
    except OSError:
        shutil.copy2(previous, target)


def _write(item: RenderedFile, target: Path) -> None:
    if item.data is None:
        assert item.source is not None
        shutil.copyfile(item.source, target)
        return
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o666)
    try:
        view = memoryview(item.data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _count_removed(out_dir: Path, kept: set[str]) -> int:
    if not out_dir.is_dir():
        return 0
    count = 0
    for dirpath, _dirs, filenames in os.walk(out_dir):
        for name in filenames:
            rel = (Path(dirpath) / name).relative_to(out_dir).as_posix()
            count += rel not in kept
    return count
