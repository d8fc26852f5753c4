"""Write the build file by file, then put it in place (or throw it away).

Stage: output. Files arrive one at a time as they are rendered, so memory does not
grow with the size of the site. A failed or aborted build never touches the last
good output folder, and a file whose bytes did not change keeps its inode and
mtime (it is never rewritten), so publishing tools skip it.
"""

from __future__ import annotations

import errno
import filecmp
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import TracebackType

from blogfolio.errors import OutputError
from blogfolio.model import RenderedFile
from blogfolio.output.failure import write_failure
from blogfolio.output.guard import safe_target
from blogfolio.output.in_place import fill_staging, in_place_limit, move_in
from blogfolio.output.lock import FolderLock
from blogfolio.output.present import Present, Stamp, file_stamp, list_present
from blogfolio.output.swap import (
    SYNC_PREFIX,
    PartialSyncError,
    make_staging,
    recover_output,
    swap_in,
)

_BINARY = getattr(os, "O_BINARY", 0)

Written = tuple[Stamp, bytes]
"""A file's stamp right after a build wrote it, and the digest of the bytes written."""


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What writing changed."""

    written: int
    """Files whose bytes are new or changed."""
    unchanged: int
    """Files kept as they were."""
    removed: int
    """Files of the previous build that no longer exist."""
    stamps: Mapping[str, Stamp] | None = field(default=None, compare=False, repr=False)
    """Every file's stamp in the folder just written, when the writer knows them without
    walking it again (few files moved in; a swap links every file, which changes them)."""


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
    """Takes output files one at a time; `commit` puts them in place, `abort` discards them.

    Use it as a context manager: leaving the block without `commit` aborts. Without
    an output folder yet, files go straight into a staging tree that is renamed into
    place. With one, each file is compared with the one there: unchanged files are
    not touched, changed ones wait in a hidden folder inside it until `commit`.
    """

    def __init__(self, out_dir: Path, known: Mapping[str, Written] | None = None) -> None:
        self.out_dir = out_dir.resolve()
        self._known = known or {}
        """What the last build wrote where: a file still stamped so holds those bytes."""
        self._seen: set[str] = set()
        self._folders: set[Path] = set()
        """Staging folders already made (one mkdir each, not one a file)."""
        self._fresh: dict[str, Path] = {}
        """Path of each new or changed file → where its bytes wait."""
        self._inodes: dict[str, int] = {}
        """Inode of each waiting file: a rename keeps it, so after moving the file in it
        tells this build's file from one another build put there since."""
        self._unchanged = 0
        self._lock: FolderLock | None = None
        self._staging: Path | None = None
        self._inbox: Path | None = None
        self._present: Present | None = None
        self._open = True
        try:
            self.out_dir.parent.mkdir(parents=True, exist_ok=True)
            self._lock = FolderLock(self.out_dir.parent)
            alone = self._lock.try_exclusive()
            self.recovered = recover_output(self.out_dir) if alone else ()
            """What was cleaned up after an interrupted build, for the user."""
            self._lock.share()  # other builds may write now, but not recover
            if _is_folder(self.out_dir):
                self._present = list_present(self.out_dir, SYNC_PREFIX)
            else:
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
        """Write one file where it waits for `commit`, unless the output already has it."""
        self._check_open()
        try:
            if item.path in self._seen:
                raise OutputError(f"two outputs want the same file: {item.path}")
            target = safe_target(self.out_dir, item.path)
            self._seen.add(item.path)
            if self._present is None:
                self._stage(item)
            elif _untouched(item, self._present, self._known.get(item.path)):
                self._unchanged += 1  # not even loaded: the last build wrote these bytes
            else:
                item = _loaded(item)
                if _same(item, target, self._present.files.get(item.path)):
                    self._unchanged += 1
                else:
                    staged = self._open_inbox() / str(len(self._fresh))
                    _write(item, staged)
                    self._fresh[item.path] = staged
                    self._inodes[item.path] = os.lstat(staged).st_ino
        except OSError as exc:
            self.abort()
            raise write_failure(exc, self.out_dir) from exc
        except BaseException:
            self.abort()
            raise

    def commit(self) -> WriteReport:
        """Put the files in place: renamed one by one when few changed, else swapped."""
        self._check_open()
        try:
            if self._present is None:
                staging, self._staging = self._staging, None  # swap_in removes it on failure
                assert staging is not None
                swap_in(staging, self.out_dir, self._seen, self._fresh)
                return WriteReport(len(self._fresh), self._unchanged, 0)
            present = self._present
            removed = len(present.files.keys() - self._seen)
            changes = len(self._fresh) + removed + len(present.odd)
            if changes <= in_place_limit(len(self._seen)):
                try:
                    move_in(self.out_dir, self._fresh, present, self._seen)
                except OSError as exc:
                    raise PartialSyncError(exc) from exc
                stamps = self._stamps_after_move(present)
                return WriteReport(len(self._fresh), self._unchanged, removed, stamps)
            else:
                self._staging = make_staging(self.out_dir)
                fill_staging(self._staging, self.out_dir, self._seen, self._fresh)
                staging, self._staging = self._staging, None
                swap_in(staging, self.out_dir, self._seen, self._fresh)
            return WriteReport(len(self._fresh), self._unchanged, removed)
        except PartialSyncError as exc:
            raise write_failure(exc.cause, self.out_dir, partial=True) from exc
        except OSError as exc:
            raise write_failure(exc, self.out_dir) from exc
        finally:
            self.abort()

    def abort(self) -> None:
        """Throw the waiting files away; the output folder stays as it was. Safe to repeat."""
        self._open = False
        for folder in (self._staging, self._inbox):
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
        self._staging = self._inbox = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def _stamps_after_move(self, present: Present) -> dict[str, Stamp]:
        """Stamps of the files moved in, read now, and of the others, as listed before:
        moving files in touched nothing else. A moved-in file whose inode is not the one
        written (another build replaced it meanwhile) gets no stamp, so the next build
        compares its bytes."""
        kept = (rel for rel in self._seen if rel not in self._fresh)
        stamps = {rel: present.stamps[rel] for rel in kept if rel in present.stamps}
        for rel in self._fresh:
            try:
                info = os.lstat(self.out_dir / rel)
            except OSError:
                continue
            if info.st_ino == self._inodes.get(rel) and stat.S_ISREG(info.st_mode):
                stamps[rel] = file_stamp(info)
        return stamps

    def _stage(self, item: RenderedFile) -> None:
        """Write into the staging tree that becomes the first output folder."""
        assert self._staging is not None
        target = safe_target(self._staging, item.path)
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        _write(item, target)
        self._fresh[item.path] = target

    def _open_inbox(self) -> Path:
        if self._inbox is None:
            self._inbox = Path(tempfile.mkdtemp(prefix=SYNC_PREFIX, dir=self.out_dir))
        return self._inbox

    def _check_open(self) -> None:
        if not self._open:
            raise OutputError("this site writer was already committed or aborted")


def write_site(
    files: Iterable[RenderedFile], out_dir: Path, known: Mapping[str, Written] | None = None
) -> WriteReport:
    """Write all files into a new folder and swap it into place atomically."""
    with SiteWriter(out_dir, known) as writer:
        for item in files:
            writer.add(item)
        return writer.commit()


def _untouched(item: RenderedFile, present: Present, known: Written | None) -> bool:
    """True when the last build wrote these bytes there and the file is untouched since."""
    if item.digest is None or not isinstance(known, tuple) or len(known) != 2:
        return False  # nothing known, or an entry of some other shape: compare the bytes
    stamp, digest = known
    return digest == item.digest and present.stamps.get(item.path) == stamp


def _loaded(item: RenderedFile) -> RenderedFile:
    """`item` with bytes kept elsewhere fetched, once for comparing and writing."""
    if item.data is None and item.load is not None:
        return replace(item, data=item.load(), load=None)
    return item


def _same(item: RenderedFile, previous: Path, size: int | None) -> bool:
    """True when the output already holds these bytes, as a real file (never via a link)."""
    if size is None:
        return False
    if item.data is not None:
        return size == len(item.data) and previous.read_bytes() == item.data
    assert item.source is not None
    return filecmp.cmp(item.source, previous, shallow=False)


def _is_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _write(item: RenderedFile, target: Path) -> None:
    item = _loaded(item)
    if item.scratch and item.source is not None:
        try:
            os.replace(item.source, target)  # the scratch folder is beside the output
            return
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
    if item.data is None:
        assert item.source is not None
        shutil.copyfile(item.source, target)
        return
    write_new(target, item.data)


def write_new(target: Path, data: bytes) -> None:
    """Write a file that must not exist yet (never through a link someone left there)."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)
