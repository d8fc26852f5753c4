"""Commenters' emails from comment files no published post shows, for the privacy check.

Stage: pipeline. A draft's comments, and those left behind when a post was
deleted, are not rendered, but a page may still quote them; their emails are
protected like every other commenter's. Each file's email is remembered by the
file's bytes.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from pathlib import Path

from blogfolio.config import SiteConfig
from blogfolio.content.comments import COMMENTS_FOLDER
from blogfolio.content.discover import is_comments_folder, is_ignored
from blogfolio.content.frontmatter import decode_source, split_front_matter
from blogfolio.errors import BlogfolioError
from blogfolio.model import PrivateValue, SourceFile
from blogfolio.pipeline.context import Stages

_NONE = ("none",)
"""Stored for a file without a usable email, so it is not parsed again."""


def every_comment_file(content: Path) -> list[Path]:
    """Comment files anywhere under `content/`, whether or not their post is published."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(content):
        dirnames[:] = sorted(d for d in dirnames if not is_ignored(d))
        inside = Path(dirpath).relative_to(content).parts
        if inside and is_comments_folder(dirpath, os.path.join(content, inside[0])):
            found += (
                Path(dirpath, n) for n in filenames if n.endswith(".md") and not is_ignored(n)
            )
    return sorted(found)


def stray_emails(
    stages: Stages, files: Sequence[Path], shown: Collection[Path]
) -> tuple[PrivateValue, ...]:
    """The emails of comment files outside the folders in `shown` (published threads)."""
    found: list[PrivateValue] = []
    for path in files:
        if path.parent in shown:
            continue
        digest, data = stages.files.digest(path)
        key = stages.key("stray-email", str(path), digest)
        stored = stages.get("stray-email", key)
        if stored is None:
            if data is None:
                digest, data = stages.files.read(path)
            value = commenter_email(path, stages.config, data) if data is not None else None
            stored = _NONE if value is None else value
            stages.put("stray-email", stages.key("stray-email", str(path), digest), stored)
        if isinstance(stored, PrivateValue):
            found.append(stored)
    return tuple(found)


def commenter_email(path: Path, config: SiteConfig, data: bytes) -> PrivateValue | None:
    """The `email:` of a comment file, from its front matter alone (the rest may be broken,
    and is not published anyway)."""
    span_path = path.relative_to(config.root) if path.is_relative_to(config.root) else path
    source = SourceFile(path, span_path.as_posix(), COMMENTS_FOLDER)
    try:
        doc = split_front_matter(source, decode_source(data, span_path), span_path)
    except BlogfolioError:
        return None
    email = doc.meta.get("email")
    if not isinstance(email, str) or not email.strip():
        return None
    return PrivateValue(email.strip(), "email", doc.span("email"), "email")
