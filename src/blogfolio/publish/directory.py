"""`dir:PATH`: copy the site into a folder (a web server's docroot, a mounted share).

Stage: publish. Same skip-unchanged rule as the build: a file whose bytes are
already there is left alone (its mtime too); others are replaced atomically.
Files the site no longer has are removed only with --delete, and a `.git`
folder in the destination is never touched.
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
    """Refuse a folder that holds, or lies inside, the site's sources, its build, its
    repository metadata or one of its hidden folders (`.github`, `.venv`, caches)."""
    dest = destination(target)
    problem = _refusal(dest, target.root.resolve(), target.site_dir.resolve())
    if problem:
        raise PublishError(f"cannot publish into {dest}: it {problem}", target.span, hint=_HINT)


def _refusal(dest: Path, root: Path, site_dir: Path) -> str | None:
    """Why `dest` must not receive the site (and maybe lose files to --delete), or None."""
    if dest.is_file():
        return "is a file"
    if dest == root or dest in root.parents:
        return "contains the site's sources"
    if any(part.casefold() == ".git" for part in dest.parts):
        return "is inside a git repository's metadata (.git)"
    for git_dir in _git_dirs(root):
        if dest == git_dir or git_dir in dest.parents or dest in git_dir.parents:
            return f"overlaps the site's git repository metadata ({git_dir})"
    if root in dest.parents:
        top = dest.relative_to(root).parts[0]
        if top.startswith("."):
            return f"is inside the site's hidden folder {top}/ (tool settings, caches or CI)"
    for path in [root / name for name in PROTECTED] + [site_dir]:
        if dest == path or path in dest.parents or dest in path.parents:
            return f"overlaps {path}"
    return None


def _git_dirs(root: Path) -> list[Path]:
    """The metadata folder of the repository holding the site (a worktree's too)."""
    for folder in (root, *root.parents):
        marker = folder / ".git"
        if marker.is_dir():
            return [marker.resolve()]
        if marker.is_file():
            try:
                text = marker.read_text(encoding="utf-8", errors="replace")
            except OSError:
                return [marker]
            pointer = text.strip().removeprefix("gitdir:").strip()
            return [marker, (folder / pointer).resolve()] if pointer else [marker]
    return []


_HINT = 'use a folder of its own outside the site, such as url = "dir:../www"'


def publish(site_dir: Path, target: Target, options: PublishOptions) -> Iterator[Event]:
    """Copy new and changed files into the folder; remove stale ones with --delete."""
    dest = destination(target)
    local = local_files(site_dir)
    remote = {rel: path for rel, path in _present(dest).items() if not _kept(rel)}
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


def _present(dest: Path) -> dict[str, Path]:
    return local_files(dest) if dest.is_dir() else {}


def _kept(rel: str) -> bool:
    """A destination that is a git checkout (a user.github.io clone) keeps its `.git`."""
    return rel.split("/", 1)[0].casefold() == ".git"


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
