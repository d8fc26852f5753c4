"""Remember a whole build: when no input changed and `site/` is as the last build left it,
there is nothing to compute and nothing to write.

Stage: pipeline. Every stage already finds its result in the store, but asking
each of them (thousands of pages) still costs most of a second; this entry
answers for all of them at once. Its key is the digest of every file under the
folders a build can read (the config, content, data, static, templates and every
theme in the chain), the versions, config and options (`base`), the output
folder and the day. It is used only while the clock has not reached the next
scheduled post, and only when every output file still has the inode, size and
change times it had right after the last write, so a hand-edited or deleted
file in `site/` makes a real build happen.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from blogfolio.cache.keys import bytes_digest, digest
from blogfolio.cache.store import Store
from blogfolio.config import CONFIG_FILE, SiteConfig
from blogfolio.errors import BlogfolioError
from blogfolio.model import BuildSummary, RenderedFile
from blogfolio.output.present import Stamp
from blogfolio.output.swap import SYNC_PREFIX
from blogfolio.output.writer import Written
from blogfolio.pipeline.options import BuildOptions
from blogfolio.pipeline.reads import FileIndex
from blogfolio.pipeline.today import build_date
from blogfolio.render.themes import theme_chain

STAGE = "whole build"
INPUT_FOLDERS = ("content", "data", "static", "templates", "themes")
"""Folders of the site a build reads; with blogfolio.toml and the theme chain, all of them."""

WRITTEN = "written files"
"""Stage of the stamps and digests of what the last build wrote to an output folder."""
UNREADABLE = bytes_digest(b"\0unreadable")
"""What an input file that cannot be read adds to the inputs digest."""


@dataclass(frozen=True, slots=True)
class Remembered:
    """The last build of these inputs: its report, when it ran, and what it left in `site/`."""

    summary: BuildSummary
    built_at: datetime
    outputs: Mapping[str, Stamp]


def input_roots(config: SiteConfig, themes: Iterable[Path]) -> list[Path]:
    """Every file or folder whose content can change a build's output."""
    roots = [config.root / CONFIG_FILE, *(config.root / name for name in INPUT_FOLDERS)]
    roots += [t for t in themes if not any(t == r or r in t.parents for r in roots)]
    return roots


def inputs_digest(roots: Iterable[Path], files: FileIndex) -> bytes:
    """Digest of the names and bytes of every file under `roots` (links followed, as the
    build follows them). Each digest is remembered in `files`, so the build that follows
    reads no source a second time and keys its stages by the bytes hashed here (static
    files are still read again, for their bytes)."""
    parts: list[bytes | str] = []
    for root in roots:
        parts.append(str(root))
        for path in _files(root):
            found, data = files.read(path)
            parts += (path.relative_to(root).as_posix(), found if data is not None else UNREADABLE)
    return digest(*parts)


def memo_key(
    config: SiteConfig,
    base: bytes,
    options: BuildOptions,
    files: FileIndex,
    now: datetime,
    out_dir: Path,
) -> bytes | None:
    """The key of the whole build of these inputs with these choices (drafts, future posts),
    written to this folder on this day; None when the theme chain cannot be found (the
    build that follows says why)."""
    try:
        roots = input_roots(config, theme_chain(config))
    except BlogfolioError:
        return None
    day = build_date(now.astimezone(ZoneInfo(config.timezone)))
    choices = repr((options.drafts, options.future))
    inputs = inputs_digest(roots, files)
    return digest(base, STAGE, choices, inputs, str(out_dir), day.isoformat())


def recall_build(store: Store, key: bytes, now: datetime, out_dir: Path) -> BuildSummary | None:
    """The last build's summary when it still stands, else None."""
    found = store.get(STAGE, key)
    if not isinstance(found, Remembered) or now < found.built_at:
        return None
    upcoming = found.summary.next_change
    if upcoming is not None and now >= upcoming:
        return None
    if output_stamps(out_dir) != found.outputs:
        return None
    return found.summary


def remember_build(
    store: Store, key: bytes, now: datetime, summary: BuildSummary, stamps: Mapping[str, Stamp]
) -> None:
    """Keep this build's summary and what it left in the output folder (`stamps`: every
    file's stamp after the write, from the writer or `output_stamps`) for the next build."""
    store.put(STAGE, key, Remembered(summary, now, dict(stamps)))


def remember_written(
    store: Store, out_dir: Path, stamps: Mapping[str, Stamp], files: Iterable[RenderedFile]
) -> None:
    """Keep the stamp and digest of every file whose digest this build knew, so the next
    build's writer knows those files unchanged without reading them (whatever else
    changed: the entry is keyed by the output folder alone, and says only which bytes
    lie where)."""
    written = {
        f.path: (stamps[f.path], f.digest)
        for f in files
        if f.digest is not None and f.path in stamps
    }
    store.put(WRITTEN, digest(WRITTEN, str(out_dir)), written)


def recall_written(store: Store, out_dir: Path) -> Mapping[str, Written]:
    """What `remember_written` kept for this output folder, or nothing."""
    found = store.get(WRITTEN, digest(WRITTEN, str(out_dir)))
    return found if isinstance(found, dict) else {}


def output_stamps(out_dir: Path) -> dict[str, Stamp]:
    """Every entry under `out_dir`, links and odd entries included (they never match),
    except the folder a build moves its files in from."""
    found: dict[str, Stamp] = {}
    pending = [""]
    while pending:
        rel_dir = pending.pop()
        try:
            entries = list(os.scandir(out_dir / rel_dir))
        except OSError:
            continue
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if stat.S_ISDIR(info.st_mode):
                if rel_dir or not entry.name.startswith(SYNC_PREFIX):
                    pending.append(rel)
                continue
            kind = 0 if stat.S_ISREG(info.st_mode) else -1
            found[rel] = (info.st_ino, info.st_size + kind, info.st_mtime_ns, info.st_ctime_ns)
    return found


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        try:
            info = os.stat(dirpath)
        except OSError:
            continue
        if (info.st_dev, info.st_ino) in seen:
            dirnames.clear()  # a link back up the tree: walked once is enough
            continue
        seen.add((info.st_dev, info.st_ino))
        dirnames.sort()
        folder = Path(dirpath)
        found += (folder / name for name in sorted(filenames))
    return found
