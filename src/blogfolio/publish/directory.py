"""`dir:PATH`: copy the site into a folder (a web server's docroot, a mounted share).

Stage: publish. Same skip-unchanged rule as the build: a file whose bytes are
already there is left alone (its mtime too); others are replaced atomically.
Files the site no longer has are removed only with --delete.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from blogfolio.errors import PublishError, SourceSpan
from blogfolio.output import PROTECTED, safe_target
from blogfolio.publish.base import (
    Event,
    PublishOptions,
    Step,
    Summary,
    Target,
    compare,
    describe,
    local_files,
)


def destination(target: Target) -> Path:
    """The folder a `dir:` URL names, relative paths taken from the site folder."""
    path = Path(os.path.expanduser(target.url.removeprefix("dir:").strip()))
    return (target.root / path).resolve()


def preflight(target: Target, base_url: str, span: SourceSpan) -> None:
    """Refuse a folder that holds, or lies inside, the site's sources or its build."""
    dest = destination(target)
    root = target.root.resolve()
    guarded = [root / name for name in PROTECTED] + [target.site_dir.resolve()]
    if dest == root or dest in root.parents or dest.is_file():
        problem = "is a file" if dest.is_file() else "contains the site's sources"
        raise PublishError(f"cannot publish into {dest}: it {problem}", target.span, hint=_HINT)
    for path in guarded:
        if dest == path or path in dest.parents or dest in path.parents:
            raise PublishError(
                f"cannot publish into {dest}: it overlaps {path}", target.span, hint=_HINT
            )


_HINT = 'use a folder of its own outside the site, such as url = "dir:../www"'


def publish(site_dir: Path, target: Target, options: PublishOptions) -> Iterator[Event]:
    """Copy new and changed files into the folder; remove stale ones with --delete."""
    dest = destination(target)
    local = local_files(site_dir)
    remote = local_files(dest) if dest.is_dir() else {}
    changes = compare(local, remote, lambda rel: _same(local[rel], remote[rel]))
    size = sum(local[rel].stat().st_size for rel in changes.to_send)
    deleted = len(changes.removed) if options.delete else 0
    stale = len(changes.removed) - deleted
    summary = Summary(
        f"{dest}/", len(changes.to_send), len(changes.unchanged), deleted, stale, size,
        options.dry_run,
    )  # fmt: skip
    if options.dry_run:
        yield from describe(changes, options.delete)
        yield summary
        return
    total = len(changes.to_send) + deleted
    for done, rel in enumerate(changes.to_send, start=1):
        _copy(local[rel], safe_target(dest, rel))
        yield Step(f"copied {rel}", done, total)
    if options.delete:
        for done, rel in enumerate(changes.removed, start=len(changes.to_send) + 1):
            path = safe_target(dest, rel)
            path.unlink(missing_ok=True)
            _prune_empty(path.parent, dest)
            yield Step(f"deleted {rel}", done, total)
    yield summary


def _same(local: Path, remote: Path) -> bool:
    if remote.is_symlink() or local.stat().st_size != remote.stat().st_size:
        return False
    return filecmp.cmp(local, remote, shallow=False)


def _copy(source: Path, target: Path) -> None:
    """Replace `target` in one rename, so a reader never sees half a file."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=".blogfolio-", dir=target.parent)
    except OSError as exc:
        raise _unwritable(target, exc) from None
    os.close(handle)
    tmp = Path(name)
    try:
        shutil.copy2(source, tmp)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _unwritable(target, exc) from None


def _unwritable(target: Path, exc: OSError) -> PublishError:
    return PublishError(
        f"cannot write {target}: {exc.strerror or exc}",
        hint="check that the folder exists and that you may write to it",
    )


def _prune_empty(folder: Path, top: Path) -> None:
    while folder != top and top in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
