"""Moderation without a server: list pending comments, approve or reject them.

Stage: content. Approving rewrites only the `approved:` line of the comment's
front matter (the rest of the file is left byte for byte); rejecting deletes
the file. A comment is named `<post folder>/<file name without .md>`, or just
by its file name when that is unique across the site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from blogfolio.config import SiteConfig
from blogfolio.content.comments import (
    CommentSource,
    comment_files,
    comments_folder,
    read_comment,
)
from blogfolio.content.discover import discover
from blogfolio.content.frontmatter import read_source, split_front_matter
from blogfolio.content.pages import make_slug
from blogfolio.errors import BlogfolioError, ContentError, Diagnostic, SourceSpan
from blogfolio.model import SourceFile

_APPROVED_LINE = re.compile(r"^(approved\s*[:=]\s*)(\S.*?)\s*$")


@dataclass(frozen=True, slots=True)
class ModeratedComment:
    """A comment as the moderation commands show it."""

    ident: str
    """`<post folder>/<file stem>`: what `approve` and `reject` accept."""
    path: Path
    """The comment file."""
    post_title: str
    """Title of the post it belongs to."""
    author: str
    date: datetime
    approved: bool
    excerpt: str
    """The start of the body, on one line."""
    reply_to: str | None


def site_comments(config: SiteConfig) -> tuple[list[ModeratedComment], list[Diagnostic]]:
    """Every comment of every post bundle (drafts too), oldest first, and unreadable ones."""
    found: list[ModeratedComment] = []
    problems: list[Diagnostic] = []
    for source in discover(config):
        folder = comments_folder(source)
        if source.collection != "posts":
            continue
        files = comment_files(folder)
        if not files:
            continue
        title = _post_title(source, config)
        for path in files:
            try:
                comment = read_comment(path, config)
            except BlogfolioError as exc:
                problems.append(exc.to_diagnostic())
                continue
            found.append(_moderated(comment, path, folder.parent.name, title))
    found.sort(key=lambda c: (c.date, c.ident))
    return found, problems


def _moderated(comment: CommentSource, path: Path, post: str, title: str) -> ModeratedComment:
    words = " ".join(comment.doc.body.split())
    excerpt = words if len(words) <= 70 else words[:69].rstrip() + "…"
    return ModeratedComment(
        ident=f"{post}/{path.stem}",
        path=path,
        post_title=title,
        author=comment.author,
        date=comment.date,
        approved=comment.approved,
        excerpt=excerpt,
        reply_to=comment.reply_to,
    )


def _post_title(source: SourceFile, config: SiteConfig) -> str:
    span_path = source.path.relative_to(config.root)
    try:
        doc = split_front_matter(source, read_source(source, span_path), span_path)
    except BlogfolioError:
        return source.path.parent.name
    return str(doc.meta.get("title") or source.path.parent.name)


def find_comment(comments: list[ModeratedComment], ident: str) -> ModeratedComment:
    """The comment `ident` names: `post/stem`, `stem`, or a path to the file."""
    wanted = ident.strip().removesuffix(".md")
    parts = PurePosixPath(wanted.replace("\\", "/")).parts
    if "comments" in parts:  # a path such as content/posts/x/comments/y.md
        i = len(parts) - 1 - parts[::-1].index("comments")
        wanted = "/".join(parts[i - 1 : i] + parts[i + 1 :])
    matches = [c for c in comments if c.ident == wanted]
    if not matches and "/" not in wanted:
        matches = [c for c in comments if c.ident.rsplit("/", 1)[1] == wanted]
    if len(matches) == 1:
        return matches[0]
    if matches:
        names = ", ".join(c.ident for c in matches)
        raise ContentError(
            f"'{ident}' names {len(matches)} comments: {names}",
            hint="give the post folder too, e.g. blogfolio comments approve " + matches[0].ident,
        )
    raise ContentError(
        f"no comment '{ident}'",
        hint="'blogfolio comments --all' lists every comment with its id",
    )


def approve(comment: ModeratedComment) -> bool:
    """Mark a comment approved; False when it already was. Only its `approved` line changes."""
    if comment.approved:
        return False
    text = comment.path.read_text(encoding="utf-8")
    lines = text.split("\n")
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() == lines[0].rstrip()), 0)
    for i in range(1, closing):
        match = _APPROVED_LINE.match(lines[i])
        if match:
            lines[i] = match.group(1) + "true"
            comment.path.write_text("\n".join(lines), encoding="utf-8")
            return True
    raise ContentError(
        "cannot find the 'approved:' line to change",
        SourceSpan(comment.path),
        hint="edit the file by hand: approved: true",
    )


def replies_to(
    comments: list[ModeratedComment], target: ModeratedComment
) -> list[ModeratedComment]:
    """Comments that answer `target`, directly or further down its thread."""
    post = target.ident.rsplit("/", 1)[0]
    same_post = [c for c in comments if c.ident.rsplit("/", 1)[0] == post]
    found: list[ModeratedComment] = []
    parents = {target.path.stem, make_slug(target.path.stem)}
    changed = True
    while changed:
        changed = False
        for comment in same_post:
            if comment.reply_to in parents and comment not in found:
                found.append(comment)
                parents |= {comment.path.stem, make_slug(comment.path.stem)}
                changed = True
    return found


def reject(comment: ModeratedComment, replies: list[ModeratedComment]) -> list[Path]:
    """Delete a comment and the given replies to it; return the files removed."""
    removed: list[Path] = []
    for item in [comment, *replies]:
        item.path.unlink()
        removed.append(item.path)
    return removed
