"""What templates see of comments: `page.comments` on a post, part of the theme contract.

Stage: render. Avatars are made here, locally: the commenter's initials on a
colour picked from their name, as inline SVG. No request ever leaves the page
to an avatar service, so readers are not tracked and builds work offline.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from markupsafe import Markup, escape

from blogfolio.config import SiteConfig
from blogfolio.model import Comment, CommentThread

AVATAR_COLOURS = (
    "#1f55b8", "#7238b0", "#1b7238", "#a3366f", "#8a4b00", "#0f6b70", "#b0241c", "#4a5663",
)  # fmt: skip
"""Backgrounds for the white initials; each has at least 4.5:1 contrast with white."""
COMMENT_FEED = "comments.xml"
"""File name of a post's comments feed, beside its index.html."""


@dataclass(frozen=True, slots=True)
class CommentView:
    """One comment: `.author`, `.url` (may be ""), `.date`, `.content` (safe HTML),
    `.avatar` (inline SVG), `.anchor` ("comment-<id>"), `.depth` (0 for top level),
    `.replies`, and `.reply_to` / `.reply_to_author` naming the parent, if any."""

    id: str
    anchor: str
    author: str
    url: str
    date: datetime
    content: Markup
    avatar: Markup
    depth: int
    replies: tuple[CommentView, ...]
    reply_to: str = ""
    reply_to_author: str = ""


@dataclass(frozen=True, slots=True)
class CommentsView:
    """`page.comments` on a post (None when comments are off).

    `.count`, `.threads` (top-level comments, oldest first, each with `.replies`),
    `.all` (every comment in page order, for a "reply to" list), `.open` (show the
    reply form), `.form_action` (where the form posts, or ""), `.mailto` (the
    fallback link, subject = post title; "" without a `[comments] email`, so no
    link without a recipient is ever shown), `.feed` (site path of the Atom feed).
    """

    count: int
    threads: tuple[CommentView, ...]
    all: tuple[CommentView, ...]
    open: bool
    form_action: str
    mailto: str
    feed: str


def comments_view(thread: CommentThread, title: str, url: str, config: SiteConfig) -> CommentsView:
    """The view of a post's thread."""
    threads = tuple(_view(c, 0, None) for c in thread.comments)
    flat: list[CommentView] = []
    pending = list(reversed(threads))
    while pending:
        item = pending.pop()
        flat.append(item)
        pending.extend(reversed(item.replies))
    address = quote(config.comments.email, safe="@")
    return CommentsView(
        count=thread.count,
        threads=threads,
        all=tuple(flat),
        open=thread.open,
        form_action=config.comments.form_action,
        mailto=f"mailto:{address}?subject={quote(title, safe='')}" if address else "",
        feed=comment_feed_path(url),
    )


def comment_feed_path(post_url: str) -> str:
    """Site path of a post's comments feed."""
    return post_url + COMMENT_FEED if post_url.endswith("/") else post_url + "." + COMMENT_FEED


def _view(comment: Comment, depth: int, parent: Comment | None) -> CommentView:
    return CommentView(
        id=comment.id,
        anchor=f"comment-{comment.id}",
        author=comment.author,
        url=comment.url,
        date=comment.date,
        content=Markup(comment.html),
        avatar=avatar_svg(comment.author),
        depth=depth,
        replies=tuple(_view(r, depth + 1, comment) for r in comment.replies),
        reply_to=parent.id if parent else "",
        reply_to_author=parent.author if parent else "",
    )


def initials(name: str) -> str:
    """Up to two initials: first letters of the first and last words ("?" for none)."""
    words = [w for w in name.replace("-", " ").split() if w[0].isalnum()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


def avatar_colour(name: str) -> str:
    """A colour that is always the same for the same name."""
    digest = hashlib.sha256(" ".join(name.casefold().split()).encode()).digest()
    return AVATAR_COLOURS[digest[0] % len(AVATAR_COLOURS)]


def avatar_svg(name: str) -> Markup:
    """Inline SVG avatar; decorative (the name is printed beside it), so hidden from AT."""
    return Markup(
        '<svg class="avatar" width="40" height="40" viewBox="0 0 40 40" aria-hidden="true">'
        '<circle cx="20" cy="20" r="20" fill="{colour}"/>'
        '<text x="20" y="20" dy="0.35em" text-anchor="middle" fill="#fff" font-size="15" '
        'font-weight="600" font-family="system-ui, sans-serif">{letters}</text></svg>'
    ).format(colour=avatar_colour(name), letters=escape(initials(name)))
