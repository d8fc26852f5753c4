"""Write the site: into a fresh folder beside the output, then swap it in.

Stage: output. A failed build never touches the last good output folder, and a
file whose bytes did not change keeps its inode and mtime (it is hard-linked
from the previous build), so publishing tools can skip it.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from blogfolio.errors import OutputError, SourceSpan
from blogfolio.files import links_outside
from blogfolio.model import RenderedFile

PROTECTED = ("content", "data", "static", "templates", "themes", "blogfolio.toml")


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What writing changed."""

    written: int
    """Files whose bytes are new or changed."""
    unchanged: int
    """Files kept as they were."""
    removed: int
    """Files of the previous build that no longer exist."""


def collect_static(folders: Sequence[Path]) -> dict[str, Path]:
    """Map output paths to files from static folders; later folders override earlier ones."""
    found: dict[str, Path] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        inside = folder.resolve()
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if name.startswith(".") or links_outside(path, inside):
                    continue
                found[path.relative_to(folder).as_posix()] = path
    return found


def check_output_dir(out_dir: Path, root: Path) -> None:
    """Refuse an output folder that would swallow the site's own sources."""
    out_dir, root = out_dir.resolve(), root.resolve()
    guarded = [root, *(root / name for name in PROTECTED)]
    for path in guarded:
        if out_dir == path or out_dir in path.parents:
            raise OutputError(
                f"output folder {out_dir} would replace {path}",
                SourceSpan(Path("blogfolio.toml")),
                hint='choose a folder of its own, such as output_dir = "site"',
            )


def safe_target(base: Path, rel: str) -> Path:
    """Join an output path to a folder, refusing anything that escapes it."""
    parts = PurePosixPath(rel).parts
    if not parts or rel.startswith("/") or any(p in ("..", "") for p in parts):
        raise OutputError(f"refusing to write outside the output folder: {rel!r}")
    return base.joinpath(*parts)


def write_site(files: Iterable[RenderedFile], out_dir: Path) -> WriteReport:
    """Write all files into a new folder and swap it into place atomically."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    written = unchanged = 0
    seen: set[str] = set()
    try:
        for item in files:
            if item.path in seen:
                raise OutputError(f"two outputs want the same file: {item.path}")
            seen.add(item.path)
            target = safe_target(tmp, item.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            previous = out_dir / item.path
            if _same(item, previous):
                _keep(previous, target)
                unchanged += 1
            else:
                _write(item, target)
                written += 1
        removed = _count_removed(out_dir, seen)
        _swap(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return WriteReport(written, unchanged, removed)


def _same(item: RenderedFile, previous: Path) -> bool:
    if not previous.is_file() or previous.is_symlink():
        return False
    if item.data is not None:
        return previous.stat().st_size == len(item.data) and previous.read_bytes() == item.data
    assert item.source is not None
    return filecmp.cmp(item.source, previous, shallow=False)


def _keep(previous: Path, target: Path) -> None:
    try:
        os.link(previous, target)
    except OSError:
        shutil.copy2(previous, target)


def _write(item: RenderedFile, target: Path) -> None:
    if item.data is not None:
        target.write_bytes(item.data)
    else:
        assert item.source is not None
        shutil.copyfile(item.source, target)


def _count_removed(out_dir: Path, kept: set[str]) -> int:
    if not out_dir.is_dir():
        return 0
    count = 0
    for dirpath, _dirs, filenames in os.walk(out_dir):
        for name in filenames:
            rel = (Path(dirpath) / name).relative_to(out_dir).as_posix()
            count += rel not in kept
    return count


def _swap(new: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        new.rename(out_dir)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    old.rmdir()
    out_dir.rename(old)
    new.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)
