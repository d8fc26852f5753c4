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
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from blogfolio.config import SiteConfig
from blogfolio.content.comments import (
    COMMENTS_FOLDER,
    CommentSource,
    assemble_thread,
    comment_files,
    comments_folder,
    comments_mode,
    read_comment,
)
from blogfolio.content.discover import is_ignored
from blogfolio.content.frontmatter import read_source, split_front_matter
from blogfolio.errors import BlogfolioError, Diagnostic
from blogfolio.files import Stamp, file_stamp
from blogfolio.model import CommentThread, Excluded, Page, PageMeta, PrivateValue, SourceFile


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
        self._unchanged = False
        self._every: list[Path] | None = None
        self._emails: dict[Path, tuple[Stamp, PrivateValue | None]] = {}

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
            self._every, self._emails = None, {}
        self._unchanged = unchanged
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
        """Commenters' emails, for the privacy check: from the comments of the last `attach`
        and from every other comment file under content/ (drafts' comments, and those whose
        post was deleted), since a post may quote them all the same."""
        found = [
            PrivateValue(read.email, "email", read.doc.span("email"), "email")
            for _stamp, read in self._files.values()
            if isinstance(read, CommentSource) and read.email
        ]
        if self._config is None:
            return found
        if not self._unchanged or self._every is None:
            self._every = every_comment_file(self._config.root / "content")
        emails: dict[Path, tuple[Stamp, PrivateValue | None]] = {}
        for path in self._every:
            if path in self._files:
                continue
            stamp = file_stamp(path)
            cached = self._emails.get(path)
            if cached is None or cached[0] != stamp:
                cached = (stamp, commenter_email(path, self._config))
            emails[path] = cached
            if cached[1] is not None:
                found.append(cached[1])
        self._emails = emails
        return found

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


def every_comment_file(content: Path) -> list[Path]:
    """Comment files anywhere under `content/`, whether or not their post is published:
    a draft's comments and those left behind by a deleted post are found too."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(content):
        dirnames[:] = sorted(d for d in dirnames if not is_ignored(d))
        if os.path.basename(dirpath) == COMMENTS_FOLDER:
            found += (
                Path(dirpath, n) for n in filenames if n.endswith(".md") and not is_ignored(n)
            )
    return sorted(found)


def commenter_email(path: Path, config: SiteConfig) -> PrivateValue | None:
    """The `email:` of a comment file, from its front matter alone (the rest may be broken,
    and is not published anyway when the post is not)."""
    span_path = path.relative_to(config.root) if path.is_relative_to(config.root) else path
    source = SourceFile(path, span_path.as_posix(), COMMENTS_FOLDER)
    try:
        doc = split_front_matter(source, read_source(source, span_path), span_path)
    except BlogfolioError:
        return None
    email = doc.meta.get("email")
    if not isinstance(email, str) or not email.strip():
        return None
    return PrivateValue(email.strip(), "email", doc.span("email"), "email")


@functools.lru_cache(maxsize=8)
def _empty_thread(mode: str) -> CommentThread | None:
    """The thread of a post without comment files (one shared value per mode)."""
    return assemble_thread([], mode).thread
