"""Make text from strangers safe to publish: comment bodies and commenters' addresses.

Stage: content. The only module that imports nh3. Two independent layers:
the Markdown parser never emits raw HTML, images or unsafe links, and nh3 then
removes anything outside a short allow-list, whatever the first layer missed.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import nh3

from blogfolio.content.markdown import render_untrusted

ALLOWED_TAGS = frozenset(
    {"p", "br", "a", "em", "strong", "del", "s", "code", "pre", "blockquote"}
    | {"ul", "ol", "li", "hr"}
)
"""Everything a comment may contain after sanitizing."""
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"
"""`rel` of every link a commenter wrote: no search-engine credit, no window.opener."""
_UNSAFE_CHARS = re.compile(r"[\x00-\x20\x7f-\x9f\"'<>`\\]")


def safe_url(value: str) -> str:
    """`value` if it is a plain absolute http(s) address, else "" (javascript:, data:, …)."""
    url = value.strip()
    if not url or _UNSAFE_CHARS.search(url):
        return ""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    return url


def allow_link(href: str) -> bool:
    """Links a comment may keep: absolute http(s) addresses and mailto:."""
    if _UNSAFE_CHARS.search(href):
        return False
    parts = urlsplit(href)
    scheme = parts.scheme.lower()
    if scheme == "mailto":
        return bool(parts.path)
    return scheme in ("http", "https") and bool(parts.netloc)


def sanitize_html(html: str) -> str:
    """Keep only allow-listed tags and attributes; every link gets `rel="nofollow ugc noopener"`."""
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(LINK_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return cleaned.strip()


def render_comment(text: str) -> str:
    """A comment body as safe HTML: Markdown with raw HTML disabled, then sanitized."""
    return sanitize_html(render_untrusted(text, allow_link))
