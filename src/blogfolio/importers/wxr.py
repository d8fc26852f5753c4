"""Read a WordPress eXtended RSS (WXR) export into plain values.

Stage: importers. Parsed with the standard library's ElementTree. That is safe
for this input without defusedxml: ElementTree never fetches external
entities or DTDs, the bundled expat (2.4.1 and later) caps entity expansion
("billion laughs"), and a WordPress export never has a DOCTYPE, so one in the
prolog is refused outright before parsing. Namespaces are matched by meaning,
not version, so exports from WXR 1.0 to 1.2, over http or https, all read the same.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from blogfolio.errors import ContentError, SourceSpan

_NAMESPACES = {
    "purl.org/rss/1.0/modules/content": "content",
    "purl.org/dc/elements/1.1": "dc",
    "wellformedweb.org/CommentAPI": "wfw",
}
"""Namespaces by address without scheme or trailing slash (exports use http and https)."""
_WP_EXPORT = re.compile(r"(?:www\.)?wordpress\.org/export/[\d.]+(/excerpt)?", re.I)
"""`wp:` and `excerpt:` of every WXR version: 1.0, 1.1, 1.2, over http or https."""
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.I)
_ROOT = re.compile(rb"<rss[\s>]")


@dataclass(frozen=True, slots=True)
class WxrComment:
    """One `<wp:comment>`."""

    id: str
    author: str
    email: str
    url: str
    date: str
    """Local time as WordPress wrote it, "YYYY-MM-DD HH:MM:SS"."""
    date_gmt: str
    content: str
    approved: str
    """"1" approved, "0" pending, "spam" or "trash"."""
    type: str
    """"" or "comment" for comments; "pingback", "trackback", …"""
    parent: str
    """Id of the comment this one answers, "0" for none."""


@dataclass(frozen=True, slots=True)
class WxrTerm:
    """A category or tag on an item."""

    domain: str
    """"category" or "post_tag" (other taxonomies are kept but unused)."""
    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class WxrItem:
    """One `<item>`: a post, page, attachment, menu item…"""

    id: str
    type: str
    title: str
    link: str
    creator: str
    date: str
    date_gmt: str
    slug: str
    """Decoded `wp:post_name` (WordPress stores non-ASCII slugs percent-encoded)."""
    status: str
    parent: str
    password: str
    content: str
    excerpt: str
    attachment_url: str = ""
    sticky: bool = False
    """`wp:is_sticky` is 1: the post was pinned to the top of the blog's front page."""
    comment_status: str = ""
    """"open" or "closed" (replies allowed or not), "" when the export does not say."""
    terms: tuple[WxrTerm, ...] = ()
    comments: tuple[WxrComment, ...] = ()
    meta: Mapping[str, str] = field(default_factory=dict)
    """`wp:postmeta` values by key, e.g. `_wp_attachment_image_alt`, `_thumbnail_id`."""


@dataclass(frozen=True, slots=True)
class WxrExport:
    """The whole export."""

    title: str
    link: str
    description: str
    language: str
    base_url: str
    """`wp:base_blog_url` (where the blog lived), else the channel link."""
    authors: Mapping[str, str]
    """Login → display name."""
    items: tuple[WxrItem, ...]


def read_wxr(path: Path) -> WxrExport:
    """Parse an export file; ContentError naming the file and line when it is not one."""
    data = path.read_bytes()
    root_at = _ROOT.search(data)
    if _DOCTYPE.search(data, 0, root_at.start() if root_at else len(data)):
        raise ContentError(
            "this XML file declares a DOCTYPE or entities; a WordPress export never does",
            SourceSpan(path, 1),
            hint="export again from WordPress: Tools → Export → All content",
        )
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line, col = exc.position
        raise ContentError(
            f"not well-formed XML: {exc}",
            SourceSpan(path, line, col + 1),
            hint="the export may be cut short; download it again from Tools → Export",
        ) from None
    channel = root.find("channel")
    if root.tag != "rss" or channel is None or not _is_wxr(channel):
        raise ContentError(
            "not a WordPress export (expected <rss> with <channel> and wp: elements)",
            SourceSpan(path, 1),
            hint="in WordPress: Tools → Export → All content gives the right file",
        )
    fields = _Fields(channel)
    authors = {}
    for author in _all(channel, "wp:author"):
        a = _Fields(author)
        login = a.text("wp:author_login")
        authors[login] = a.text("wp:author_display_name") or login
    return WxrExport(
        title=fields.text("title"),
        link=fields.text("link"),
        description=fields.text("description"),
        language=fields.text("language"),
        base_url=fields.text("wp:base_blog_url") or fields.text("link"),
        authors=authors,
        items=tuple(_item(el) for el in _all(channel, "item")),
    )


def _item(el: ET.Element) -> WxrItem:
    f = _Fields(el)
    terms: dict[tuple[str, str], WxrTerm] = {}
    for c in el:
        if c.tag != "category" or not c.get("domain"):
            continue
        # WXR 1.0 says "tag" for tags, and lists each term twice (with and without nicename).
        domain = "post_tag" if c.get("domain") == "tag" else c.get("domain", "")
        term = WxrTerm(domain, unquote(c.get("nicename", "")), (c.text or "").strip())
        if (domain, term.name) not in terms or term.slug:
            terms[domain, term.name] = term
    meta = {}
    for entry in _all(el, "wp:postmeta"):
        m = _Fields(entry)
        meta[m.text("wp:meta_key")] = m.text("wp:meta_value")
    return WxrItem(
        id=f.text("wp:post_id"),
        type=f.text("wp:post_type") or "post",
        title=f.text("title"),
        link=f.text("link"),
        creator=f.text("dc:creator"),
        date=f.text("wp:post_date"),
        date_gmt=f.text("wp:post_date_gmt"),
        slug=unquote(f.text("wp:post_name")),
        status=f.text("wp:status") or "publish",
        parent=f.text("wp:post_parent") or "0",
        password=f.text("wp:post_password"),
        content=f.raw("content:encoded"),
        excerpt=f.raw("excerpt:encoded"),
        attachment_url=f.text("wp:attachment_url"),
        sticky=f.text("wp:is_sticky") == "1",
        comment_status=f.text("wp:comment_status"),
        terms=tuple(terms.values()),
        comments=tuple(_comment(c) for c in _all(el, "wp:comment")),
        meta=meta,
    )


def _comment(el: ET.Element) -> WxrComment:
    f = _Fields(el)
    return WxrComment(
        id=f.text("wp:comment_id"),
        author=f.text("wp:comment_author"),
        email=f.text("wp:comment_author_email"),
        url=f.text("wp:comment_author_url"),
        date=f.text("wp:comment_date"),
        date_gmt=f.text("wp:comment_date_gmt"),
        content=f.raw("wp:comment_content"),
        approved=f.text("wp:comment_approved") or "1",
        type=f.text("wp:comment_type"),
        parent=f.text("wp:comment_parent") or "0",
    )


def key(tag: str) -> str:
    """`{uri}local` → "prefix:local" with our own prefixes, whatever the export used."""
    if not tag.startswith("{"):
        return tag
    uri, local = tag[1:].split("}", 1)
    bare = re.sub(r"^https?://", "", uri.strip(), flags=re.I).rstrip("/")
    export = _WP_EXPORT.fullmatch(bare)
    if export:
        return f"excerpt:{local}" if export.group(1) else f"wp:{local}"
    prefix = _NAMESPACES.get(bare)
    return f"{prefix}:{local}" if prefix else local


def _all(el: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in el if key(c.tag) == name]


def _is_wxr(channel: ET.Element) -> bool:
    return any(key(c.tag).startswith("wp:") for c in channel) or any(
        key(g.tag).startswith("wp:") for c in channel if c.tag == "item" for g in c
    )


class _Fields:
    """First child of each name, as text."""

    def __init__(self, el: ET.Element) -> None:
        self.children: dict[str, ET.Element] = {}
        for child in el:
            self.children.setdefault(key(child.tag), child)

    def raw(self, name: str) -> str:
        child = self.children.get(name)
        return child.text or "" if child is not None else ""

    def text(self, name: str) -> str:
        return self.raw(name).strip()
