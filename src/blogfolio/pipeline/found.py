"""The content files of a site, found again only when the watcher says they may differ.

Stage: pipeline. Walking `content/` costs as much as a warm rebuild at thousands of
posts, so between `serve` rebuilds the list is kept while every changed path is a
known source that still exists, or a folder whose listing did not change.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path

from blogfolio.config import SiteConfig
from blogfolio.content.discover import discover
from blogfolio.model import SourceFile
from blogfolio.pipeline.stray_comments import every_comment_file


class FoundSources:
    """The sources, the comment files and the listings of the folders between them."""

    def __init__(self) -> None:
        self.sources: list[SourceFile] = []
        self.comment_files: list[Path] = []
        """Every comment file under content/, shown or not (their emails stay private)."""
        self._folders: dict[Path, list[str] | None] = {}
        """What the folders holding the sources listed when they were last found."""

    def refresh(self, config: SiteConfig, changed: Collection[Path] | None) -> list[SourceFile]:
        """The content files; the last list when the watcher saw only known sources change."""
        content = config.root / "content"
        if changed is None or not self.sources or not self._only_sources(content, changed):
            known = {s: s for s in self.sources}  # the same objects, so their results are too
            self.sources = [known.get(s, s) for s in discover(config)]
            self.comment_files = every_comment_file(content)
            self._folders = _listings(content, self.sources)
        return self.sources

    def _only_sources(self, content: Path, changed: Collection[Path]) -> bool:
        """True when no changed path can add, remove or move a source."""
        known = {s.path for s in self.sources}
        for path in changed:
            if not (path == content or content in path.parents):
                continue
            if path in known and path.is_file():
                continue
            listed = self._folders.get(path)  # a folder watchers name with each file in it
            if listed is None or _listing(path) != listed:
                return False
        return True


def _listings(content: Path, sources: list[SourceFile]) -> dict[Path, list[str] | None]:
    """The listing of `content/` and of every folder between it and a source (walked up
    as strings: `Path.parents` cost seconds at ten thousand posts)."""
    top = str(content)
    below = top + os.sep
    folders = {top}
    for source in sources:
        folder = os.path.dirname(source.path)
        while folder not in folders and folder.startswith(below):
            folders.add(folder)
            folder = os.path.dirname(folder)
    return {Path(folder): _listing(folder) for folder in folders}


def _listing(folder: Path | str) -> list[str] | None:
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return None
