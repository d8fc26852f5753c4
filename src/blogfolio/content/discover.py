"""Find content files under `content/`, in a stable order.

Stage: content (discover). Imports the standard library, `config` and `model`.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from blogfolio.config import SiteConfig
from blogfolio.files import links_outside
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
    content = str(config.root / "content")
    if not os.path.isdir(content):
        return []
    found: list[SourceFile] = []
    for name in sorted(os.listdir(content)):
        if is_ignored(name):
            continue
        full = os.path.join(content, name)
        if name.endswith(".md") and os.path.isfile(full):
            found.append(_source(full, name, "pages", ()))
        elif os.path.isdir(full):
            found.extend(_walk_collection(full, len(content) + 1, name))
    return found


@functools.lru_cache(maxsize=65536)
def _source(path: str, rel: str, collection: str, assets: tuple[str, ...]) -> SourceFile:
    # Rebuilds in `serve` list the same files again and again; reuse their values.
    return SourceFile(Path(path), rel, collection, assets)


def _walk_collection(folder: str, cut: int, collection: str) -> list[SourceFile]:
    found: list[SourceFile] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        # A `comments/` folder holds a post's comments (content/comments.py), never posts.
        dirnames[:] = sorted(d for d in dirnames if not is_ignored(d) and d not in BUNDLE_SKIP)
        if "index.md" in filenames and dirpath != folder:
            dirnames[:] = []
            index = os.path.join(dirpath, "index.md")
            rel = index[cut:].replace(os.sep, "/")
            found.append(_source(index, rel, collection, _bundle_assets(dirpath)))
            continue
        for name in sorted(filenames):
            if name.endswith(".md") and not is_ignored(name):
                path = os.path.join(dirpath, name)
                found.append(_source(path, path[cut:].replace(os.sep, "/"), collection, ()))
    return found


def _bundle_assets(bundle: str) -> tuple[str, ...]:
    assets: list[str] = []
    inside = str(Path(bundle).resolve())
    cut = len(bundle) + 1
    for dirpath, dirnames, filenames in os.walk(bundle):
        dirnames[:] = sorted(
            d for d in dirnames
            if not is_ignored(d) and not (dirpath == bundle and d in BUNDLE_SKIP)
        )  # fmt: skip
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            if is_ignored(name) or name.endswith(".md"):
                continue
            if links_outside(path, inside):
                continue  # a symlink out of the bundle is never published
            assets.append(path[cut:].replace(os.sep, "/"))
    return tuple(assets)
