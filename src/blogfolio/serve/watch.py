"""Watch the site's sources and hand the dev loop debounced batches of changed paths.

Stage: serve. The only module that imports watchdog. Output folders, `.git`
and editor temp files are ignored, so the server never rebuilds because of its
own output or a half-written save. The site root is watched on its own (not
recursively, so `site/`, `.git`, `.venv` and `node_modules` cost nothing) and
each source folder recursively; a source folder created or re-created while
serving (`new site` makes no `templates/`) is watched from then on, and what
it already holds counts as changed.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

WATCHED = ("content", "data", "static", "templates", "themes", "blogfolio.toml")
FINISHED = ("closed", "moved", "deleted")
"""Events after which a file is complete: closed after writing, renamed into place, gone."""
_TEMP_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".tmp", ".part", ".crdownload")


def is_editor_noise(path: str) -> bool:
    """Backup, swap and lock files that editors write beside the real one."""
    name = os.path.basename(path)
    return (
        name.startswith((".#", "#", ".~"))
        or name.endswith(_TEMP_SUFFIXES)
        or name in ("4913", ".DS_Store")
        or "/.git/" in path.replace(os.sep, "/")
    )


class ChangeCollector(FileSystemEventHandler):
    """Collects changed paths; `wait_batch` returns them once events stop for `delay`.

    A file closed after writing, or renamed into place (how editors save atomically),
    is complete: once every file written to is, `settle` is quiet enough, so a save is
    rebuilt sooner than a file still being written. Deleted files count as complete;
    polling sees no closes, so it always waits `delay`.
    """

    def __init__(
        self, root: Path, ignored: Iterable[Path], delay: float = 0.03, settle: float = 0.005
    ) -> None:
        self.root = root.resolve()
        self.ignored = [p.resolve() for p in ignored]
        self.delay = delay
        self.settle = settle
        self._paths: set[Path] = set()
        self._last = 0.0
        self._unfinished: set[Path] = set()
        """Files written to since the batch began and not yet closed or moved into place."""
        self._cond = threading.Condition()
        self.folders: SourceFolders | None = None
        """Set by `start_observer`: told when a folder appears or goes."""

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        if event.is_directory and self.folders is not None:
            self.folders.notice(event)
        if event.is_directory and event.event_type == "modified":
            return  # its files have events of their own; naming the folder re-checks all of it
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            path = os.fsdecode(raw) if raw else ""
            if path and self._relevant(Path(path)):
                with self._cond:
                    self._paths.add(Path(path))
                    self._last = time.monotonic()
                    if event.event_type in FINISHED or event.is_directory:
                        self._unfinished.discard(Path(path))  # folders are never half written
                    else:
                        self._unfinished.add(Path(path))
                    self._cond.notify_all()

    def _relevant(self, path: Path) -> bool:
        if is_editor_noise(str(path)):
            return False
        resolved = path.resolve() if path.exists() else path
        if any(resolved == p or p in resolved.parents for p in self.ignored):
            return False
        try:
            rel = resolved.relative_to(self.root)
        except ValueError:
            return True  # a theme folder outside the site
        return bool(rel.parts) and rel.parts[0] in WATCHED

    def add(self, path: Path) -> None:
        """Record a change by hand (tests, and editors that bypass events)."""
        with self._cond:
            self._paths.add(path)
            self._last = time.monotonic()
            self._unfinished.add(path)
            self._cond.notify_all()

    def wait_batch(self, stop: threading.Event, timeout: float = 0.5) -> set[Path]:
        """Wait for changes, then until they have been quiet for `delay`; return them."""
        with self._cond:
            if not self._paths:
                self._cond.wait(timeout)
            while self._paths and not stop.is_set():
                quiet = time.monotonic() - self._last
                wanted = self.delay if self._unfinished else self.settle
                if quiet >= wanted:
                    batch, self._paths, self._unfinished = self._paths, set(), set()
                    return batch
                self._cond.wait(wanted - quiet)
            return set()


class SourceFolders:
    """The folders to watch recursively, scheduled whenever they exist."""

    def __init__(
        self, observer: BaseObserver, collector: ChangeCollector, folders: Iterable[Path]
    ) -> None:
        self.observer = observer
        self.collector = collector
        self.wanted = list(dict.fromkeys(Path(os.path.abspath(f)) for f in folders))
        self._watches: dict[Path, ObservedWatch] = {}
        self._lock = threading.RLock()

    def notice(self, event: FileSystemEvent) -> None:
        """Re-check the folders when a directory event touches one or a parent of one.

        A folder deleted or moved away loses its watch even if a new one with the
        same name is already there (`git checkout`): the old watch follows the
        old folder, so the new one is watched afresh.
        """
        source = Path(os.fsdecode(event.src_path))
        paths = {source}
        if getattr(event, "dest_path", ""):
            paths.add(Path(os.fsdecode(event.dest_path)))
        touched = [f for f in self.wanted if any(p == f or p in f.parents for p in paths)]
        if not touched:
            return
        if event.event_type in ("deleted", "moved"):
            self._forget([f for f in touched if f == source or source in f.parents])
        self.refresh(report=True)

    def refresh(self, report: bool = False) -> None:
        """Watch each folder that now exists; forget the watch of each that is gone.

        With `report`, every file in a newly watched folder is recorded as
        changed: it may have been written before the watch began.
        """
        appeared: list[Path] = []
        with self._lock:
            for folder in self.wanted:
                watch = self._watches.get(folder)
                if watch is not None and not folder.is_dir():
                    del self._watches[folder]
                    self._unschedule(watch)
                elif watch is None and folder.is_dir():
                    self._watches[folder] = self.observer.schedule(
                        self.collector, str(folder), recursive=True
                    )
                    appeared.append(folder)
        if report:
            for folder in appeared:
                self.collector.add(folder)
                for path in _files_under(folder):
                    self.collector.add(path)

    def _forget(self, folders: list[Path]) -> None:
        with self._lock:
            for folder in folders:
                watch = self._watches.pop(folder, None)
                if watch is not None:
                    self._unschedule(watch)

    def watched(self) -> list[Path]:
        """Folders watched right now (for tests and messages)."""
        with self._lock:
            return sorted(self._watches)

    def _unschedule(self, watch: ObservedWatch) -> None:
        with contextlib.suppress(KeyError, OSError):  # its emitter stopped with the folder
            self.observer.unschedule(watch)


def _files_under(folder: Path) -> list[Path]:
    found: list[Path] = []
    for dirpath, _dirnames, filenames in os.walk(folder):
        found += [Path(dirpath) / name for name in filenames]
    return found


WatchHandle = BaseObserver
"""What `start_observer` returns; pass it to `stop_observer`."""


def stop_observer(observer: WatchHandle) -> None:
    """Stop the watcher thread and wait briefly for it."""
    observer.stop()
    observer.join(2)


def start_observer(
    collector: ChangeCollector, folders: Iterable[Path], poll: bool = False
) -> BaseObserver:
    """Start watchdog (native events, or polling for WSL, Docker volumes and network drives)."""
    observer: BaseObserver = PollingObserver(timeout=0.5) if poll else Observer()
    observer.schedule(collector, str(collector.root), recursive=False)
    sources = SourceFolders(observer, collector, folders)
    sources.refresh()
    collector.folders = sources
    observer.daemon = True
    observer.start()
    sources.refresh(report=True)  # folders made while the watch was starting
    return observer


def needs_polling(root: Path) -> str | None:
    """A reason to suggest --poll when the site sits where file events don't arrive."""
    resolved = str(root.resolve())
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    best = ("", "")
    for line in mounts:
        fields = line.split()
        if len(fields) >= 3 and resolved.startswith(fields[1]) and len(fields[1]) > len(best[0]):
            best = (fields[1], fields[2])
    if best[1] in (
        "9p",
        "drvfs",
        "nfs",
        "nfs4",
        "cifs",
        "smbfs",
        "fuse.sshfs",
        "virtiofs",
        "vboxsf",
    ):
        return f"{resolved} is on a {best[1]} file system, where change events may not arrive"
    return None
