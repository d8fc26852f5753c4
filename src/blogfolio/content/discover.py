"""Find content files under `content/`, in a stable order.

Stage: content (discover). Imports the standard library, `config` and `model`.
"""

from __future__ import annotations

import os
from pathlib import Path

from blogfolio.config import SiteConfig
from blogfolio.model import SourceFile

NETWORKING = "networking"
"""The networking log: its files are contacts (content/networking.py), never plain pages."""
BUNDLE_SKIP = frozenset({"comments"})
"""Folders inside a bundle that are content of their own, not assets."""


def is_ignored(name: str) -> bool:
    """Hidden files, editor backups and swap files are never content."""
    return (
        name.startswith((".", "_", "#"))
        or name.endswith(("~", ".swp", ".swx", ".tmp"))
        or name in ("__pycache__", "Thumbs.db")
    )


def discover(config: SiteConfig) -> list[SourceFile]:
    """List every Markdown source under `content/`, sorted by path."""
    content = config.root / "content"
    if not content.is_dir():
        return []
    found: list[SourceFile] = []
    for entry in sorted(content.iterdir()):
        if is_ignored(entry.name):
            continue
        if entry.is_file() and entry.suffix == ".md":
            found.append(SourceFile(entry, entry.name, "pages"))
        elif entry.is_dir():
            found.extend(_walk_collection(entry, content, entry.name))
    return found


def _walk_collection(folder: Path, content: Path, collection: str) -> list[SourceFile]:
    found: list[SourceFile] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        # A `comments/` folder holds a post's comments (content/comments.py), never posts.
        dirnames[:] = sorted(d for d in dirnames if not is_ignored(d) and d not in BUNDLE_SKIP)
        here = Path(dirpath)
        if "index.md" in filenames and here != folder:
            dirnames[:] = []
            assets = _bundle_assets(here)
            index = here / "index.md"
            rel = index.relative_to(content).as_posix()
            found.append(SourceFile(index, rel, collection, assets))
            continue
        for name in sorted(filenames):
            if name.endswith(".md") and not is_ignored(name):
                path = here / name
                found.append(SourceFile(path, path.relative_to(content).as_posix(), collection))
    return found


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder)
    except (ValueError, OSError):
        return False
    return True


def _bundle_assets(bundle: Path) -> tuple[str, ...]:
    assets: list[str] = []
    inside = bundle.resolve()
    for dirpath, dirnames, filenames in os.walk(bundle):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d for d in dirnames if not is_ignored(d) and not (here == bundle and d in BUNDLE_SKIP)
        )
        for name in sorted(filenames):
            path = here / name
            if is_ignored(name) or name.endswith(".md") or not _inside(path, inside):
                continue  # a symlink out of the bundle is never published
            assets.append(path.relative_to(bundle).as_posix())
    return tuple(assets)
