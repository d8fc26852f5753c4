"""A post's WordPress comments as comment files: one file each, threads kept.

Stage: importers. Everything a commenter typed is untrusted, including the
comment's id: it only ever becomes part of a file name through
`safe_segment`, so `<wp:comment_id>x/../../notes</wp:comment_id>` names a
file inside the post's `comments/` folder like any other. Names, addresses
and links are reduced to one line of text before they reach the front
matter (which the YAML dumper quotes), so no value can add a key of its own.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from blogfolio.content.frontmatter import format_front_matter
from blogfolio.importers.wp_dates import wp_date
from blogfolio.importers.wp_html import to_markdown
from blogfolio.importers.wp_names import one_line, safe_segment
from blogfolio.importers.wxr import WxrComment, WxrItem

_SKIPPED = {"spam": "spam comments", "trash": "trashed comments"}
_EMAIL = re.compile(r"[^\s@<>\"'`\\]+@[^\s@<>\"'`\\]+\.[^\s@<>\"'`\\]+")
_WEB = re.compile(r"https?://[^\s<>\"'`\\]+", re.I)


@dataclass(frozen=True, slots=True)
class CommentFile:
    """One comment, ready to write."""

    rel: str
    text: str
    comment: WxrComment
    pending: bool


@dataclass(slots=True)
class CommentPlan:
    """The files for a post's comments and what was left out."""

    files: list[CommentFile] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)


def plan_comments(item: WxrItem, folder: str, fallback_date: str) -> CommentPlan:
    """Comment files for `item` under `folder/comments/`; spam, trash and pings skipped."""
    plan = CommentPlan()
    kept: list[WxrComment] = []
    for comment in item.comments:
        kind = comment.type or "comment"
        if kind != "comment":
            plan.skipped[f"{kind}s"] += 1
        elif comment.approved in _SKIPPED:
            plan.skipped[_SKIPPED[comment.approved]] += 1
        else:
            kept.append(comment)
    names = _file_names(kept)
    for comment in kept:
        name = names[id(comment)]
        rel = f"{folder}/comments/{name}.md"
        meta = _meta(comment, fallback_date)
        if comment.parent != "0":
            parent = next((c for c in kept if c.id == comment.parent), None)
            if parent is not None and parent is not comment:
                meta["reply_to"] = names[id(parent)]
            else:
                plan.warnings.append(
                    f"{rel} answered a comment that was not imported (spam, trash or a "
                    "pingback); it is now a top-level comment"
                )
        pending = comment.approved != "1"
        if pending:
            meta["approved"] = False
        body = to_markdown(comment.content).markdown
        plan.files.append(CommentFile(rel, format_front_matter(meta, body), comment, pending))
    return plan


def _file_names(comments: list[WxrComment]) -> dict[int, str]:
    """`comment-<id>` for each comment, made safe and unique (ids are only text in the export)."""
    names: dict[int, str] = {}
    taken: set[str] = set()
    for n, comment in enumerate(comments, start=1):
        base = f"comment-{safe_segment(comment.id) or n}"
        name, k = base, 2
        while name.casefold() in taken:
            name, k = f"{base}-{k}", k + 1
        taken.add(name.casefold())
        names[id(comment)] = name
    return names


def _meta(comment: WxrComment, fallback_date: str) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "author": one_line(unescape(comment.author)) or "Anonymous",
        "date": wp_date(comment.date, comment.date_gmt) or fallback_date,
    }
    url = one_line(comment.url)
    if _WEB.fullmatch(url) and url not in ("http://", "https://"):
        meta["url"] = url
    email = one_line(comment.email)
    if _EMAIL.fullmatch(email):
        meta["email"] = email
    return meta
