"""Attach comment threads to posts, each thread keyed by its comment files' names and bytes.

Stage: pipeline. Comment files are inputs of their post's page: the thread
becomes part of the `Page`, so a changed comment changes that page and nothing
else. Commenters' emails never reach a page; they are returned so the privacy
check can look for them.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from blogfolio.content.comments import (
    CommentSource,
    assemble_thread,
    comments_folder,
    comments_mode,
    read_comment,
)
from blogfolio.content.discover import is_ignored
from blogfolio.errors import BlogfolioError, Diagnostic
from blogfolio.model import CommentThread, Excluded, Page, PageMeta, PrivateValue
from blogfolio.pipeline.context import Stages
from blogfolio.pipeline.outcome import Outcome


@dataclass(frozen=True, slots=True)
class Thread:
    """One post's thread as stored: the thread, hidden comments, problems, commenters' emails."""

    thread: CommentThread | None
    hidden: tuple[Excluded, ...] = ()
    errors: tuple[Diagnostic, ...] = ()
    emails: tuple[PrivateValue, ...] = ()
    read: bool = True
    """False when the post's comment settings were broken and no comment file was read."""


@dataclass(frozen=True, slots=True)
class Threaded:
    """Pages with their threads, the comments left out, and the emails to keep private."""

    pages: tuple[Page, ...]
    hidden: tuple[Excluded, ...]
    emails: tuple[PrivateValue, ...]
    folders: frozenset[Path] = frozenset()
    """Comment folders whose files were read (the others' emails are found by stray_emails)."""


def attach_threads(
    stages: Stages, metas: Sequence[PageMeta], pages: Sequence[Page]
) -> Outcome[Threaded]:
    """Every post with its thread, and every page whose front matter sets `comments:`;
    other pages as they are."""
    by_rel = {m.doc.source.rel: m for m in metas}
    out: list[Page] = []
    hidden: list[Excluded] = []
    emails: list[PrivateValue] = []
    errors: list[Diagnostic] = []
    folders: set[Path] = set()
    for page in pages:
        meta = by_rel.get(page.rel)
        if meta is None or not has_thread(meta):
            out.append(page)
            continue
        known = stages.recall.get("lone post", (meta, page))
        if known is None or stages.files.listing(known[0]):
            known = _threaded(stages, meta, page)
            if not stages.files.listing(known[0]):  # no comment folder: nothing more to read
                stages.recall.put("lone post", (meta, page), known)
        folder, thread, made = known
        hidden += thread.hidden
        emails += thread.emails
        errors += thread.errors
        if thread.read:
            folders.add(folder)
        out.append(made)
    threaded = Threaded(tuple(out), tuple(hidden), tuple(emails), frozenset(folders))
    return Outcome(threaded, tuple(errors))


def has_thread(meta: PageMeta) -> bool:
    """Posts have comment threads; a standalone page only when its `comments:` asks (so
    an about page gets no comment form unless its author wants one)."""
    collection = meta.doc.source.collection
    return collection == "posts" or (collection == "pages" and "comments" in meta.doc.meta)


def _threaded(stages: Stages, meta: PageMeta, page: Page) -> tuple[Path, Thread, Page]:
    """The post's comment folder, its thread, and the page with the thread attached."""
    thread = _thread(stages, meta)
    made = stages.recall.get("threaded", (page, thread.thread))
    if made is None:
        made = dataclasses.replace(page, comments=thread.thread)
        stages.recall.put("threaded", (page, thread.thread), made)
    return comments_folder(meta.doc.source), thread, made


def _thread(stages: Stages, meta: PageMeta) -> Thread:
    try:
        mode = comments_mode(meta.doc, stages.config)
    except BlogfolioError as exc:
        return Thread(None, errors=(exc.to_diagnostic(),), read=False)
    folder = comments_folder(meta.doc.source)
    names = [
        n for n in stages.files.listing(folder)
        if n.endswith(".md") and not is_ignored(n) and os.path.isfile(folder / n)
    ]  # fmt: skip
    if not names:  # most posts: nothing to read, and one empty thread per mode will do
        empty = stages.recall.get("no comments", (), mode)
        if empty is None:
            empty = Thread(assemble_thread([], mode).thread)
            stages.recall.put("no comments", (), empty, mode)
        return empty
    parts: list[bytes | str] = [mode, str(folder)]
    for name in names:
        parts += [name, stages.files.digest(folder / name)[0]]
    key = stages.key("thread", *parts)
    stored = stages.get("thread", key)
    if isinstance(stored, Thread):
        return stored
    sources: list[CommentSource] = []
    errors: list[Diagnostic] = []
    parts = [mode, str(folder)]
    for name in names:
        found, data = stages.files.read(folder / name)
        parts += [name, found]
        if data is None:
            continue  # removed since it was listed; the watcher will say so
        try:
            sources.append(read_comment(folder / name, stages.config, data))
        except BlogfolioError as exc:
            errors.append(exc.to_diagnostic())
    result = assemble_thread(sources, mode)
    emails = tuple(
        PrivateValue(s.email, "email", s.doc.span("email"), "email") for s in sources if s.email
    )
    thread = Thread(result.thread, result.excluded, (*errors, *result.errors), emails)
    stages.put("thread", stages.key("thread", *parts), thread)
    return thread
