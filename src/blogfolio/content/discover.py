"""Find content files under `content/`, in a stable order.

Stage: content (discover). Imports the standard library, `config` and `model`.
A source that is a symbolic link to somewhere outside the site folder is refused
with an error, like linked static files and bundle assets: a link must not
publish a file the student never put in their site.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from blogfolio.config import SiteConfig
from blogfolio.errors import BuildError, ContentError, Diagnostic, SourceSpan
from blogfolio.files import links_outside
from blogfolio.model import SourceFile

NETWORKING = "networking"
"""The networking log: its files are contacts (content/networking.py), never plain pages."""
BUNDLE_SKIP = frozenset({"comments"})
"""Folders inside a bundle that are content of their own, not assets."""
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
"""File endings of Markdown sources (Jekyll writes `.markdown`); all are read alike."""


def is_markdown(name: str) -> bool:
    """A file name that ends like a Markdown source."""
    return name.lower().endswith(MARKDOWN_SUFFIXES)


def is_comments_folder(dirpath: str, collection_root: str) -> bool:
    """Whether a folder holds a post's comments rather than content.

    Comments live in `<post>/comments/` beside `<post>.md`, or inside a bundle
    `<post>/index.md`. A `comments` folder that is itself a bundle, or that sits right
    inside a collection with no post of that name, holds pages. One deeper whose post
    is gone still holds comments: they stay unpublished, and their emails private.
    """
    folder = os.path.normpath(dirpath)
    if os.path.basename(folder) not in BUNDLE_SKIP:
        return False
    if os.path.isfile(os.path.join(folder, "index.md")):
        return False  # a bundle whose slug is `comments`
    owner = os.path.dirname(folder)
    if os.path.isfile(os.path.join(owner, "index.md")):
        return True
    if any(os.path.isfile(owner + suffix) for suffix in MARKDOWN_SUFFIXES):
        return True
    return owner != os.path.normpath(collection_root)


def is_ignored(name: str) -> bool:
    """Hidden files, editor backups and swap files are never content."""
    return (
        name.startswith((".", "_", "#"))
        or name.endswith(("~", ".swp", ".swx", ".tmp"))
        or name in ("__pycache__", "Thumbs.db")
    )


def discover(config: SiteConfig) -> list[SourceFile]:
    """List every Markdown source under `content/`, sorted by path; raise on refused links."""
    found, problems = find_sources(config)
    if problems:
        raise BuildError(problems)
    return found


def find_sources(config: SiteConfig) -> tuple[list[SourceFile], list[Diagnostic]]:
    """Every Markdown source under `content/`, sorted by path, and the links refused."""
    content = str(config.root / "content")
    if not os.path.isdir(content):
        return [], []
    walk = _Walk(config.root)
    for name in sorted(os.listdir(content)):
        if is_ignored(name):
            continue
        full = os.path.join(content, name)
        if not walk.allowed(full):
            continue
        if is_markdown(name) and os.path.isfile(full):
            walk.found.append(_source(full, name, "pages", ()))
        elif os.path.isdir(full):
            walk.collection(full, len(content) + 1, name)
    return walk.found, sorted(walk.problems, key=lambda d: str(d.span))


class _Walk:
    """What one discovery found, and the symlinks it refused."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.inside = root.resolve()
        self.found: list[SourceFile] = []
        self.problems: list[Diagnostic] = []

    def allowed(self, path: str) -> bool:
        if not links_outside(path, self.inside):
            return True
        what = "folder" if os.path.isdir(path) else "file"
        self.problems.append(
            ContentError(
                f"this {what} is a link to {os.path.realpath(path)}, outside the site folder; "
                "it is not published",
                SourceSpan(Path(path).relative_to(self.root)),
                hint=f"copy the {what} into the site instead of linking to it",
            ).to_diagnostic()
        )
        return False

    def collection(self, folder: str, cut: int, collection: str) -> None:
        for dirpath, dirnames, filenames in os.walk(folder):
            if "index.md" in filenames and dirpath != folder:
                dirnames[:] = []  # a bundle: its folders hold assets (linked ones are skipped)
                index = os.path.join(dirpath, "index.md")
                if self.allowed(index):
                    rel = index[cut:].replace(os.sep, "/")
                    self.found.append(_source(index, rel, collection, _bundle_assets(dirpath)))
                continue
            # A post's `comments/` folder holds its comments (content/comments.py), never posts.
            dirnames[:] = sorted(
                d for d in dirnames
                if not is_ignored(d) and not is_comments_folder(os.path.join(dirpath, d), folder)
                and self.allowed(os.path.join(dirpath, d))
            )  # fmt: skip
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                if is_markdown(name) and not is_ignored(name) and self.allowed(path):
                    rel = path[cut:].replace(os.sep, "/")
                    self.found.append(_source(path, rel, collection, ()))


@functools.lru_cache(maxsize=65536)
def _source(path: str, rel: str, collection: str, assets: tuple[str, ...]) -> SourceFile:
    # Rebuilds in `serve` list the same files again and again; reuse their values.
    return SourceFile(Path(path), rel, collection, assets)


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
            if is_ignored(name) or is_markdown(name):
                continue
            if links_outside(path, inside):
                continue  # a symlink out of the bundle is never published
            assets.append(path[cut:].replace(os.sep, "/"))
    return tuple(assets)
