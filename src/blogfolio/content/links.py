"""Links between content files: `.md` links and `ref` shortcodes resolved to page URLs.

Stage: content (parse). A missing or unpublished target is an error at the line
that names it; every target a body used is recorded, so an incremental build
knows when a rename elsewhere invalidates the body.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from markdown_it.token import Token

from blogfolio.content.discover import MARKDOWN_SUFFIXES, is_markdown
from blogfolio.errors import ContentError, SourceSpan
from blogfolio.model import ParsedDoc
from blogfolio.urls import is_external, relative_url


@dataclass(frozen=True, slots=True)
class LinkTargets:
    """What `.md` links may point at: published sources and the reasons others were left out."""

    urls: Mapping[str, str]
    """Source path relative to `content/` → site path."""
    excluded: Mapping[str, str]
    """Source path relative to `content/` → why it is not published."""
    failed: frozenset[str] = frozenset()
    """Sources that exist but failed to parse: their own error is the one reported."""


def resolve_links(
    children: Sequence[Token],
    doc: ParsedDoc,
    page_url: str,
    links: LinkTargets,
    line: int,
    record: dict[str, str] | None,
) -> None:
    """Make site paths relative to the page and `.md` links the URLs of their pages."""
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
            continue
        if child.type == "image":
            src = str(child.attrGet("src") or "")
            if src.startswith("/") and not src.startswith("//"):
                child.attrSet("src", relative_url(page_url, src))
            continue
        if child.type != "link_open":
            continue
        href = str(child.attrGet("href") or "")
        if href.startswith("/") and not href.startswith("//"):
            child.attrSet("href", relative_url(page_url, href))
            continue
        if record is not None:
            key = link_key(href, doc)
            if key is not None:
                record[key] = links.urls.get(key) or "!" + links.excluded.get(key, "missing")
        target = resolve_md_link(href, doc, page_url, links, line)
        if target is not None:
            child.attrSet("href", target)


def link_key(href: str, doc: ParsedDoc) -> str | None:
    """The content-relative source path a `.md` link names, or None for other links."""
    if not href or is_external(href) or href.startswith(("/", "#")):
        return None
    path = unquote(urlsplit(href).path)
    if not is_markdown(path):
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(doc.source.rel), path))


def resolve_md_link(
    href: str, doc: ParsedDoc, page_url: str, links: LinkTargets, line: int
) -> str | None:
    """Map a relative `.md` link to the target page's URL; None for other links."""
    key = link_key(href, doc)
    if key is None:
        return None
    parts = urlsplit(href)
    url = links.urls.get(key)
    if url is None and key in links.failed:
        return None  # the target's own error fails the build; a second one would mislead
    if url is None:
        span = SourceSpan(doc.span_path, line)
        if key in links.excluded:
            raise ContentError(
                f"link to '{href}' points at a page that is not published: {links.excluded[key]}",
                span,
                hint="publish that page, or remove the link until it is",
            )
        raise ContentError(
            f"link to '{href}' points at content/{key}, which does not exist",
            span,
            hint="links between posts are relative to this file, e.g. [see](../other-post.md)",
        )
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return relative_url(page_url, url) + fragment


def resolve_ref(
    target: str,
    doc: ParsedDoc,
    page_url: str,
    links: LinkTargets,
    line: int,
    record: dict[str, str] | None,
) -> str:
    """The URL (relative to the page) of the page a `ref` shortcode names.

    A target is a content path ("posts/my-post.md", "/posts/my-post"), relative to
    this file first and then to `content/`, or a page's file name ("my-post").
    """
    path, _sep, fragment = target.partition("#")
    anchor = f"#{fragment}" if fragment else ""
    span = SourceSpan(doc.span_path, line)
    here = posixpath.dirname(doc.source.rel)
    bases = [path.lstrip("/")] if path.startswith("/") else [posixpath.join(here, path), path]
    for base in bases:
        for key in _ref_variants(posixpath.normpath(base) if base else ""):
            if key in links.urls:
                if record is not None:
                    record[key] = links.urls[key]
                return relative_url(page_url, links.urls[key]) + anchor
            if key in links.failed:
                return anchor or "#"  # that file's own error fails the build already
            if key in links.excluded:
                if record is not None:
                    record[key] = "!" + links.excluded[key]
                raise ContentError(
                    f"ref to '{target}' points at a page that is not published: "
                    f"{links.excluded[key]}",
                    span,
                    hint="publish that page, or remove the link until it is",
                )
    named = _pages_named(posixpath.basename(path.rstrip("/")), links)
    if len(named) == 1:
        if record is not None:
            record[named[0]] = links.urls[named[0]]
        return relative_url(page_url, links.urls[named[0]]) + anchor
    if record is not None:
        record[f"ref:{target}"] = "!unresolved"  # never holds: the error is looked at again
    if named:
        raise ContentError(
            f"ref to '{target}' could mean several pages: {', '.join(sorted(named))}",
            span,
            hint="write the path from content/, e.g. posts/my-post.md",
        )
    raise ContentError(
        f"ref to '{target}' names no page in content/",
        span,
        hint='write the path from content/, e.g. {{< ref "posts/my-post.md" >}}',
    )


def _ref_variants(base: str) -> list[str]:
    if not base or base == ".":
        return []
    if is_markdown(base):
        return [base]
    stem = base.rstrip("/")
    return [stem + suffix for suffix in MARKDOWN_SUFFIXES] + [f"{stem}/index.md"]


def _pages_named(name: str, links: LinkTargets) -> list[str]:
    """Published sources whose file (or bundle folder) is called `name`."""
    stem = name
    for suffix in MARKDOWN_SUFFIXES:
        stem = stem.removesuffix(suffix)
    if not stem:
        return []
    found = []
    for rel in links.urls:
        file = posixpath.basename(rel)
        own = posixpath.basename(posixpath.dirname(rel)) if file == "index.md" else file
        for suffix in MARKDOWN_SUFFIXES:
            own = own.removesuffix(suffix)
        if own == stem:
            found.append(rel)
    return found
