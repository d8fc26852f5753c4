"""Attach comment threads to posts, rereading only comment files that changed.

Stage: content. Comment files are inputs of their post's page: the thread
becomes part of the `Page`, so any change to a comment changes the page's view
and route, and an incremental build can never reuse stale output. Commenters'
emails never reach a page; the privacy check is told to look for them. While neither
the page nor its comments changed, the same `Page` object is returned, which
keeps the later caches (views, rendered pages) warm.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from blogfolio.config import SiteConfig
from blogfolio.content.comments import (
    CommentSource,
    assemble_thread,
    comment_files,
    comments_folder,
    comments_mode,
    read_comment,
)
from blogfolio.errors import BlogfolioError, Diagnostic
from blogfolio.files import Stamp, file_stamp
from blogfolio.model import CommentThread, Excluded, Page, PageMeta, PrivateValue


@dataclass(slots=True)
class _Attached:
    base: Page
    thread: CommentThread | None
    page: Page
    meta: PageMeta | None = None
    files: tuple[Path, ...] = ()
    hidden: tuple[Excluded, ...] = ()
    problems: tuple[Diagnostic, ...] = ()


class CommentReader:
    """Reads comment files for a build, with a cache keyed on each file's stamp."""

    def __init__(self) -> None:
        self._config: SiteConfig | None = None
        self._files: dict[Path, tuple[Stamp, CommentSource | Diagnostic]] = {}
        self._attached: dict[str, _Attached] = {}

    def attach(
        self,
        metas: Sequence[PageMeta],
        pages: Sequence[Page],
        config: SiteConfig,
        errors: list[Diagnostic],
        excluded: list[Excluded],
        unchanged: bool = False,
    ) -> list[Page]:
        """Posts with their threads; problems go to `errors`, hidden comments to `excluded`.

        `unchanged` promises that no comment file was added, edited or removed since the
        last call (the watcher knows), so posts whose metadata is the same keep their thread
        without their comment folders being looked at again.
        """
        if config is not self._config:
            self._config, self._files, self._attached = config, {}, {}
        by_rel = {m.doc.source.rel: m for m in metas}
        seen: set[Path] = set()
        attached: dict[str, _Attached] = {}
        out: list[Page] = []
        for page in pages:
            meta = by_rel.get(page.rel)
            if meta is None or page.collection != "posts":
                out.append(page)
                continue
            previous = self._attached.get(page.rel)
            if unchanged and previous is not None and previous.meta is meta:
                if previous.base is not page:
                    previous = _Attached(
                        page, previous.thread, dataclasses.replace(page, comments=previous.thread),
                        meta, previous.files, previous.hidden, previous.problems,
                    )  # fmt: skip
            else:
                own_seen: set[Path] = set()
                own_errors: list[Diagnostic] = []
                own_hidden: list[Excluded] = []
                thread = self._thread(meta, config, own_errors, own_hidden, own_seen)
                if previous is None or previous.base is not page or previous.thread != thread:
                    previous = _Attached(page, thread, dataclasses.replace(page, comments=thread))
                previous.meta = meta
                previous.files = tuple(sorted(own_seen))
                previous.hidden, previous.problems = tuple(own_hidden), tuple(own_errors)
            seen.update(previous.files)
            excluded.extend(previous.hidden)
            errors.extend(previous.problems)
            attached[page.rel] = previous
            out.append(previous.page)
        self._attached = attached
        self._files = {p: v for p, v in self._files.items() if p in seen}
        return out

    def private_values(self) -> list[PrivateValue]:
        """Commenters' emails from the last `attach`, for the privacy check."""
        return [
            PrivateValue(found.email, "email", found.doc.span("email"), "email")
            for _stamp, found in self._files.values()
            if isinstance(found, CommentSource) and found.email
        ]

    def _thread(
        self,
        meta: PageMeta,
        config: SiteConfig,
        errors: list[Diagnostic],
        excluded: list[Excluded],
        seen: set[Path],
    ) -> CommentThread | None:
        try:
            mode = comments_mode(meta.doc, config)
        except BlogfolioError as exc:
            errors.append(exc.to_diagnostic())
            return None
        folder = comments_folder(meta.doc.source)
        files = comment_files(folder)
        if not files:
            return _empty_thread(mode)  # most posts: nothing to read or thread
        sources: list[CommentSource] = []
        for path in files:
            seen.add(path)
            result = self._read(path, config)
            if isinstance(result, Diagnostic):
                errors.append(result)
            else:
                sources.append(result)
        result_thread = assemble_thread(sources, mode)
        errors.extend(result_thread.errors)
        excluded.extend(result_thread.excluded)
        return result_thread.thread

    def _read(self, path: Path, config: SiteConfig) -> CommentSource | Diagnostic:
        stamp = file_stamp(path)
        cached = self._files.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        try:
            result: CommentSource | Diagnostic = read_comment(path, config)
        except BlogfolioError as exc:
            result = exc.to_diagnostic()
        self._files[path] = (stamp, result)
        return result


@functools.lru_cache(maxsize=8)
def _empty_thread(mode: str) -> CommentThread | None:
    """The thread of a post without comment files (one shared value per mode)."""
    return assemble_thread([], mode).thread
