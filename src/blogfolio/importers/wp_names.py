"""Names and addresses taken from an export, made safe to use as paths.

Stage: importers. Everything in a WordPress export is somebody else's text: a
`wp:comment_id` of `x/../../notes` or a `wp:post_name` of `%2e%2e%2f` must not
choose where a file lands. Each name becomes one path segment made of letters,
digits, marks and single hyphens (the site's own slugs), short enough for any
file system and never a name Windows reserves. Old permalinks become aliases
only when they are plain paths inside the site.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote, urlsplit

from blogfolio.slugs import slugify

SEGMENT_BYTES = 96
"""Longest segment, in UTF-8 bytes (file systems allow 255; a suffix still fits)."""
_WINDOWS_RESERVED = re.compile(r"(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\..*)?", re.I)
_BAD_IN_SEGMENT = re.compile(r'[<>:"|?*\\/\x00-\x1f\x7f-\x9f]')
_ALIAS_FILE_TYPES = (".html", ".htm")
"""A permalink that names a file must name a page; `/js/site.js` would replace an asset."""


def decode_fully(text: str, rounds: int = 4) -> str:
    """Percent-decode until nothing changes, so `%252e%252e` cannot hide a `..`."""
    for _ in range(rounds):
        decoded = unquote(text)
        if decoded == text:
            break
        text = decoded
    return text


def safe_segment(text: str) -> str:
    """One path segment from untrusted text (a slug, shortened, never reserved), or ""."""
    slug = shorten(slugify(decode_fully(text)))
    if _WINDOWS_RESERVED.fullmatch(slug):
        slug += "-1"
    return slug if is_safe_segment(slug) else ""


def shorten(slug: str, limit: int = SEGMENT_BYTES) -> str:
    """Cut a slug to `limit` UTF-8 bytes at a character boundary, without a dangling hyphen."""
    if len(slug.encode("utf-8")) <= limit:
        return slug
    cut = slug.encode("utf-8")[:limit].decode("utf-8", errors="ignore")
    return cut.rstrip("-")


def is_safe_segment(segment: str) -> bool:
    """True for a name that stays one file or folder on Linux, macOS and Windows."""
    return (
        bool(segment)
        and not segment.startswith(".")
        and not segment.endswith((".", " "))
        and segment == segment.strip()
        and not _BAD_IN_SEGMENT.search(segment)
        and len(segment.encode("utf-8")) <= 2 * SEGMENT_BYTES
    )


def safe_alias(link: str, base_path: str) -> tuple[str | None, str]:
    """The site path of an old permalink, or None and the reason it cannot be an alias.

    The path must be a plain path inside the site: no scheme of its own, no
    `//host`, no `.` or `..` segments (decoded or not), no separators, control
    or reserved characters inside a segment, and a file only if it is a page.
    """
    parts = urlsplit(link.strip())
    if parts.scheme.lower() not in ("http", "https", ""):
        return None, f"it is not a web address ({parts.scheme}:)"
    path = parts.path
    if parts.query or parts.fragment:
        return None, "a static site cannot redirect an address with a ?query"
    if not path.startswith("/") or path.startswith("//"):
        return None, "it is not a path on the old site"
    if base_path != "/" and path.startswith(base_path):
        path = "/" + path[len(base_path) :]
    if path == "/":
        return None, ""
    segments = path[1:].split("/")
    if segments[-1] == "":
        segments.pop()
    for raw in segments:
        segment = decode_fully(raw)
        if not is_safe_segment(segment) or _WINDOWS_RESERVED.fullmatch(segment):
            return None, f"it has an unusable part {quote(segment, safe='')!r}"
    last = decode_fully(segments[-1])
    if not path.endswith("/") and "." in last and not last.lower().endswith(_ALIAS_FILE_TYPES):
        return None, "it names a file that is not a page"
    return "/" + "/".join(segments) + ("/" if path.endswith("/") else ""), ""


def one_line(text: str) -> str:
    """Untrusted text for a front-matter value: one line, no control characters."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def printable(text: str, limit: int = 120) -> str:
    """Untrusted text for a warning: control characters shown as escapes, long text cut."""
    shown = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text
    )
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
