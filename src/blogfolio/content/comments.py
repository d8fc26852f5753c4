"""Reader comments: one file per comment in `content/posts/<post>/comments/*.md`.

Stage: content (parse and model). Comments are untrusted: bodies go through
`sanitize.render_comment`, author addresses through `sanitize.safe_url`, and the
commenter's email is read only so that it can be left out: it never enters a
`Comment`, so no template, feed or index can publish it.
"""

from __future__ import annotations

import difflib
import functools
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from blogfolio.config import SiteConfig
from blogfolio.content.discover import is_ignored
from blogfolio.content.frontmatter import decode_source, read_source, split_front_matter
from blogfolio.content.pages import make_slug, parse_date
from blogfolio.content.sanitize import render_comment, safe_url
from blogfolio.errors import ContentError, Diagnostic
from blogfolio.model import Comment, CommentThread, Excluded, ParsedDoc, SourceFile

COMMENTS_FOLDER = "comments"
"""Folder inside a post bundle that holds its comments."""
COMMENT_KEYS = ("author", "date", "url", "reply_to", "approved", "email")
"""Front matter a comment understands; other keys are allowed but ignored."""
MODES = {True: "open", False: "off", "open": "open", "closed": "closed", "off": "off"}
"""Values of a post's `comments:` key: off hides everything, closed hides only the form."""


@dataclass(frozen=True, slots=True)
class CommentSource:
    """A comment file as read, before threading; `email` stays in here."""

    id: str
    """Slug of the file name; unique within the post."""
    stem: str
    """File name without `.md`, as `reply_to` may write it."""
    doc: ParsedDoc
    """Front matter and body, with key lines for messages."""
    author: str
    email: str
    url: str
    date: datetime
    reply_to: str | None
    approved: bool
    html: str
    """Sanitized body."""

    @property
    def span_path(self) -> Path:
        """The file, relative to the site root."""
        return self.doc.span_path


@functools.lru_cache(maxsize=65536)
def comments_folder(source: SourceFile) -> Path:
    """Where a post's comments live: `<bundle>/comments/`, or `<name>/comments/` beside
    a single-file post `<name>.md`."""
    if source.is_bundle:
        return source.path.parent / COMMENTS_FOLDER
    return source.path.with_suffix("") / COMMENTS_FOLDER


def comment_files(folder: Path) -> list[Path]:
    """Comment files in a folder, sorted by name."""
    if not os.path.isdir(folder):
        return []
    return sorted(
        p for p in folder.iterdir() if p.suffix == ".md" and p.is_file() and not is_ignored(p.name)
    )


def read_comment(path: Path, config: SiteConfig, data: bytes | None = None) -> CommentSource:
    """Read and validate one comment file (or `data`, its bytes already read); raise
    ContentError naming the file and key."""
    span_path = path.relative_to(config.root) if path.is_relative_to(config.root) else path
    source = SourceFile(path, span_path.as_posix(), COMMENTS_FOLDER)
    text = read_source(source, span_path) if data is None else decode_source(data, span_path)
    doc = split_front_matter(source, text, span_path)
    meta = doc.meta
    _check_keys(doc)
    stem = path.stem
    comment_id = make_slug(stem)
    if not comment_id:
        raise ContentError(
            "cannot make a comment id from this file's name",
            doc.span(),
            hint="rename the file to letters, digits and hyphens, e.g. 2025-02-12-jordan.md",
        )
    author = _text(doc, "author", required=True)
    raw_url = _text(doc, "url")
    reply = _text(doc, "reply_to")
    approved = meta.get("approved", True)
    if not isinstance(approved, bool):
        raise ContentError(
            f"front matter 'approved': expected true or false, got {approved!r}",
            doc.span("approved"),
            hint="approved: false keeps a comment off the site until you approve it",
        )
    return CommentSource(
        id=comment_id,
        stem=stem,
        doc=doc,
        author=author,
        email=_text(doc, "email"),
        url=safe_url(raw_url),
        date=parse_date(doc, "date", meta.get("date"), ZoneInfo(config.timezone)),
        reply_to=reply.removesuffix(".md") if reply else None,
        approved=approved,
        html=render_comment(doc.body),
    )


def _check_keys(doc: ParsedDoc) -> None:
    """A misspelt known key (`aproved: false`) must not silently publish a comment."""
    for key in doc.meta:
        if key in COMMENT_KEYS:
            continue
        close = difflib.get_close_matches(key, COMMENT_KEYS, n=1, cutoff=0.75)
        if close:
            raise ContentError(
                f"unknown front matter key '{key}' in a comment",
                doc.span(key),
                hint=f"did you mean '{close[0]}'?",
            )


def _text(doc: ParsedDoc, key: str, required: bool = False) -> str:
    value = doc.meta.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ContentError(
                f"front matter '{key}' is required in a comment",
                doc.span(key if key in doc.meta else None),
                hint=f"add '{key}: …' between the --- lines at the top of the file",
            )
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ContentError(
            f"front matter '{key}': expected text, got {type(value).__name__}",
            doc.span(key),
        )
    return str(value).strip()


def comments_mode(doc: ParsedDoc, config: SiteConfig) -> str:
    """The post's comment mode ("open", "closed", "off") from the site and `comments:`."""
    raw: Any = doc.meta.get("comments", True)
    mode = MODES.get(raw) if isinstance(raw, bool | str) else None
    if mode is None:
        raise ContentError(
            f"front matter 'comments': expected true, false or closed, got {raw!r}",
            doc.span("comments"),
            hint="comments: false hides comments and form; closed keeps them, hides the form",
        )
    return mode if config.comments.enabled else "off"


@dataclass(frozen=True, slots=True)
class ThreadResult:
    """A post's published thread, the comments left out, and errors."""

    thread: CommentThread | None
    excluded: tuple[Excluded, ...]
    errors: tuple[Diagnostic, ...]


def assemble_thread(comments: Sequence[CommentSource], mode: str) -> ThreadResult:
    """Thread a post's comments by `reply_to`, oldest first, dropping unapproved threads."""
    if mode == "off":
        return ThreadResult(None, (), ())
    by_key: dict[str, CommentSource] = {}
    errors: list[Diagnostic] = []
    for comment in comments:
        other = by_key.get(comment.id)
        if other is not None:
            errors.append(_duplicate(comment, other))
            continue
        by_key[comment.id] = comment
    parents: dict[str, CommentSource | None] = {}
    for comment in by_key.values():
        parents[comment.id] = None
        if comment.reply_to is None:
            continue
        parent = by_key.get(comment.reply_to) or by_key.get(make_slug(comment.reply_to))
        if parent is None or parent is comment:
            errors.append(_bad_reply(comment, parent is comment, by_key))
            continue
        parents[comment.id] = parent
    errors += _cycles(by_key.values(), parents)
    if errors:
        return ThreadResult(None, (), tuple(errors))
    hidden, published = _visibility(by_key.values(), parents)
    children: dict[str | None, list[CommentSource]] = {}
    for comment in published:
        parent = parents[comment.id]
        children.setdefault(parent.id if parent else None, []).append(comment)
    for items in children.values():
        items.sort(key=lambda c: (c.date, c.id))
    top = tuple(_tree(c, children) for c in children.get(None, []))
    return ThreadResult(CommentThread(top, len(published), mode == "open"), tuple(hidden), ())


def _visibility(
    comments: Iterable[CommentSource], parents: Mapping[str, CommentSource | None]
) -> tuple[list[Excluded], list[CommentSource]]:
    hidden: list[Excluded] = []
    published: list[CommentSource] = []
    for comment in comments:
        if not comment.approved:
            hidden.append(
                Excluded(
                    comment.span_path,
                    "approved: false (awaiting moderation; see 'blogfolio comments')",
                )
            )
            continue
        ancestor = parents[comment.id]
        while ancestor is not None and ancestor.approved:
            ancestor = parents[ancestor.id]
        if ancestor is not None:
            hidden.append(
                Excluded(
                    comment.span_path,
                    f"reply to unapproved comment '{ancestor.stem}' (hidden with its thread)",
                )
            )
            continue
        published.append(comment)
    return hidden, published


def _tree(comment: CommentSource, children: Mapping[str | None, list[CommentSource]]) -> Comment:
    return Comment(
        id=comment.id,
        span_path=comment.span_path,
        author=comment.author,
        url=comment.url,
        date=comment.date,
        html=comment.html,
        replies=tuple(_tree(c, children) for c in children.get(comment.id, [])),
    )


def _duplicate(comment: CommentSource, other: CommentSource) -> Diagnostic:
    return ContentError(
        f"comment id '{comment.id}' is also used by {other.span_path.name}",
        comment.doc.span(),
        hint="file names in a comments folder must differ in more than case and punctuation",
    ).to_diagnostic()


def _bad_reply(
    comment: CommentSource, is_self: bool, by_key: Mapping[str, CommentSource]
) -> Diagnostic:
    target = comment.reply_to or ""
    if is_self:
        message = f"comment replies to itself (reply_to: {target})"
        hint = "remove reply_to, or name the comment this one answers"
    else:
        message = f"reply_to: no comment '{target}' in {comment.span_path.parent.as_posix()}/"
        close = difflib.get_close_matches(target, [c.stem for c in by_key.values()], n=1)
        hint = (
            f"did you mean '{close[0]}'?"
            if close
            else "reply_to names another comment's file, without .md"
        )
    return ContentError(message, comment.doc.span("reply_to"), hint=hint).to_diagnostic()


def _cycles(
    comments: Iterable[CommentSource], parents: Mapping[str, CommentSource | None]
) -> list[Diagnostic]:
    errors: list[Diagnostic] = []
    for comment in comments:
        seen = {comment.id}
        parent = parents.get(comment.id)
        while parent is not None and parent.id not in seen:
            seen.add(parent.id)
            parent = parents.get(parent.id)
        if parent is not None and parent.id == comment.id and comment.id == min(seen):
            names = ", ".join(sorted(seen))
            errors.append(
                ContentError(
                    f"comments reply to each other in a loop ({names})",
                    comment.doc.span("reply_to"),
                    hint="a reply must answer an earlier comment; fix one reply_to",
                ).to_diagnostic()
            )
    return errors
