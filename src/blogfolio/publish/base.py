"""What every publisher shares: targets, progress events, change lists and retries.

Stage: publish, above build. A publisher is a function
`publish(site_dir, target, options) -> Iterator[Event]` chosen by the target
URL's scheme; it yields `Step` progress lines and ends with one `Summary`.
Publishers are imported only when used, so boto3 stays an optional extra.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from blogfolio.config.schema import PublishTarget
from blogfolio.errors import PublishError, SourceSpan

T = TypeVar("T")

BACKOFF_SECONDS = 1.0
"""First pause before a retry; it doubles with each further attempt."""

_MODULES = {
    "gh-pages": "blogfolio.publish.ghpages",
    "dir": "blogfolio.publish.directory",
    "rsync": "blogfolio.publish.rsync",
    "s3": "blogfolio.publish.s3",
}


@dataclass(frozen=True, slots=True)
class Target:
    """A resolved publishing target: where, which publisher, with which settings."""

    name: str
    """Name in `[publish.targets]`, or the URL when given on the command line."""
    url: str
    """The target URL (`gh-pages`, `dir:…`, `s3://…`…)."""
    kind: str
    """Which publisher handles it (see `config.publish.KINDS`)."""
    settings: PublishTarget
    """Options from the target's table (defaults for a bare URL)."""
    root: Path
    """The site folder, against which `dir:` paths and the git repository are found."""
    site_dir: Path
    """The build output folder that is published."""
    span: SourceSpan | None
    """Where the target is configured, for error messages (None for a URL typed in)."""


@dataclass(frozen=True, slots=True)
class PublishOptions:
    """Command-line choices for one publish."""

    dry_run: bool = False
    """List what would be added, changed and removed; change nothing."""
    delete: bool = False
    """Remove files from the target that the site no longer has."""


@dataclass(frozen=True, slots=True)
class Step:
    """One progress line; `done`/`total` let a progress bar follow along."""

    line: str
    """What is happening, in a few words."""
    done: int | None = None
    """Items finished so far, when counting."""
    total: int | None = None
    """Items in all, when known."""

    def __str__(self) -> str:
        return self.line


@dataclass(frozen=True, slots=True)
class Summary:
    """What a publish changed (or, in a dry run, would change)."""

    where: str
    """The target, as the user knows it."""
    uploaded: int = 0
    """Files sent because they were new or changed."""
    unchanged: int = 0
    """Files skipped because the target already had the same bytes."""
    deleted: int = 0
    """Files removed from the target."""
    stale: int = 0
    """Files on the target that the site no longer has, kept because --delete was not given."""
    bytes: int = 0
    """Bytes of the files sent."""
    dry_run: bool = False
    """Nothing was changed; the numbers say what would be."""

    def __str__(self) -> str:
        would = "would be " if self.dry_run else ""
        head = "Dry run for" if self.dry_run else "Published to"
        parts = [
            f"{self.uploaded} {would}uploaded ({format_bytes(self.bytes)})",
            f"{self.unchanged} unchanged",
            f"{self.deleted} {would}deleted",
        ]
        text = f"{head} {self.where}: " + ", ".join(parts)
        if self.stale:
            text += f"; {self.stale} old file(s) kept on the target (--delete removes them)"
        return text + "."


Event = Step | Summary


class Publisher(Protocol):
    """Sends a built site to one kind of target, yielding progress as it goes."""

    def __call__(self, site_dir: Path, target: Target, options: PublishOptions) -> Iterator[Event]:
        """Publish the files in `site_dir` to `target`."""
        ...


class NetworkError(PublishError):
    """A network step failed in a way that may pass: worth retrying after a pause."""


@dataclass(frozen=True, slots=True)
class Backend:
    """One kind of target: a quick check that runs before the build, and the publisher."""

    preflight: Callable[[Target, str, SourceSpan], None]
    """Refuse early (missing tool or remote, wrong base_url) given the target, the
    base_url it will be built with, and where that base_url is set."""
    publish: Publisher
    """Send the built site."""


def backend_for(kind: str) -> Backend:
    """The backend for a kind of target, imported on first use."""
    module = importlib.import_module(_MODULES[kind])
    return Backend(module.preflight, module.publish)


def run_tool(
    args: list[str],
    *,
    cwd: Path | None = None,
    timeout: float | None = None,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run git or rsync and capture its output; a stall past `timeout` is `NetworkError`."""
    if shutil.which(args[0]) is None:
        raise PublishError(
            f"{args[0]} is not installed",
            hint=f"install it (apt install {args[0]}, brew install {args[0]}) and try again",
        )
    try:
        return subprocess.run(
            args,
            cwd=cwd,
            env={**os.environ, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise NetworkError(f"{args[0]} got no answer within {timeout:g} s") from None


@dataclass(frozen=True, slots=True)
class Changes:
    """How the site differs from what the target holds."""

    added: tuple[str, ...]
    """Files the target does not have."""
    changed: tuple[str, ...]
    """Files the target has with other bytes."""
    unchanged: tuple[str, ...]
    """Files the target already has as they are."""
    removed: tuple[str, ...]
    """Files only the target has."""

    @property
    def to_send(self) -> tuple[str, ...]:
        """Added and changed files, sorted."""
        return tuple(sorted((*self.added, *self.changed)))


def compare(local: Iterable[str], remote: Iterable[str], same: Callable[[str], bool]) -> Changes:
    """Sort files into added, changed, unchanged and removed; `same(rel)` compares one."""
    local_set, remote_set = set(local), set(remote)
    added, changed, unchanged = [], [], []
    for rel in sorted(local_set):
        if rel not in remote_set:
            added.append(rel)
        elif same(rel):
            unchanged.append(rel)
        else:
            changed.append(rel)
    removed = sorted(remote_set - local_set)
    return Changes(tuple(added), tuple(changed), tuple(unchanged), tuple(removed))


def describe(changes: Changes, delete: bool) -> Iterator[Step]:
    """The dry-run listing: one line per file that would be added, changed or removed."""
    for rel in changes.added:
        yield Step(f"add     {rel}")
    for rel in changes.changed:
        yield Step(f"change  {rel}")
    for rel in changes.removed:
        yield Step(f"remove  {rel}" if delete else f"keep    {rel} (not in the site; --delete)")


def local_files(site_dir: Path) -> dict[str, Path]:
    """Every file of a built site by its `/`-separated path relative to the folder."""
    found: dict[str, Path] = {}
    for dirpath, dirnames, filenames in os.walk(site_dir):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            found[path.relative_to(site_dir).as_posix()] = path
    return found


def file_md5(path: Path) -> str:
    """Hex MD5 of a file: what S3 reports as the ETag of a single-part upload."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, lambda: hashlib.md5(usedforsecurity=False)).hexdigest()


def format_bytes(count: int) -> str:
    """A byte count for people: 0 B, 812 B, 14.2 kB, 3.1 MB."""
    size = float(count)
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{int(size)} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    raise AssertionError("unreachable")


def retrying(
    action: Callable[[], T], what: str, settings: PublishTarget
) -> Generator[Step, None, T]:
    """Run `action`, retrying after `NetworkError` with doubling pauses; yields the waits."""

    def once() -> Generator[Step, None, T]:
        return action()
        yield  # pragma: no cover - makes `once` a generator

    return (yield from retrying_steps(once, what, settings))


def retrying_steps(
    action: Callable[[], Generator[Step, None, T]], what: str, settings: PublishTarget
) -> Generator[Step, None, T]:
    """Like `retrying`, for an action that yields progress of its own."""
    attempt = 0
    while True:
        try:
            return (yield from action())
        except NetworkError as exc:
            if attempt >= settings.retries:
                if attempt:
                    exc.message += f" (gave up after {attempt + 1} attempts)"
                raise
            delay = BACKOFF_SECONDS * 2**attempt
            attempt += 1
            yield Step(
                f"{what} failed: {exc.message}; retry {attempt} of {settings.retries} "
                f"in {delay:g} s"
            )
            time.sleep(delay)
