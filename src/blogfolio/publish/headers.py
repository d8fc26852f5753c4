"""HTTP headers for uploaded files: Content-Type and a Cache-Control policy.

Stage: publish. Pure functions over paths and bytes. Fingerprinted assets (the
ones pages link as `style.css?v=1a2b3c4d5e`) get a year and `immutable`, since
a new version gets a new URL; HTML, feeds and other files that keep their URL
get a short lifetime so an update shows within minutes.
"""

from __future__ import annotations

import mimetypes
import posixpath
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

LONG = "public, max-age=31536000, immutable"
"""Fingerprinted assets: a year, never revalidated."""
SHORT = "public, max-age=300, must-revalidate"
"""HTML, feeds, sitemap: five minutes."""
MEDIUM = "public, max-age=86400"
"""Images and other files that keep their URL: a day."""

_SHORT_TYPES = (".html", ".htm", ".xml", ".json", ".txt", ".webmanifest")
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".pdf": "application/pdf",
    ".webmanifest": "application/manifest+json",
    ".wasm": "application/wasm",
}
_NAMED = {
    "atom.xml": "application/atom+xml",
    "rss.xml": "application/rss+xml",
    "feed.json": "application/feed+json",
}
_FINGERPRINTED_REF = re.compile(r"""(?:href|src)\s*=\s*["']([^"'#?]+)\?v=[0-9a-f]{6,}["'#]""")


def content_type(rel: str) -> str:
    """The Content-Type to serve a site file with."""
    name = posixpath.basename(rel)
    if name in _NAMED:
        return _NAMED[name]
    ext = posixpath.splitext(name)[1].lower()
    return _TYPES.get(ext) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def cache_control(rel: str, fingerprinted: set[str]) -> str:
    """The Cache-Control policy for a site file."""
    if rel in fingerprinted:
        return LONG
    if rel.lower().endswith(_SHORT_TYPES):
        return SHORT
    return MEDIUM


def find_fingerprinted(files: Mapping[str, Path]) -> set[str]:
    """Site files that some page links with a `?v=hash` fingerprint."""
    found: set[str] = set()
    for rel, path in files.items():
        if not rel.endswith(".html"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        folder = posixpath.dirname(rel)
        for ref in _FINGERPRINTED_REF.findall(text):
            target = _resolve(folder, ref, files)
            if target is not None:
                found.add(target)
    return found


def _resolve(folder: str, ref: str, files: Mapping[str, Path]) -> str | None:
    """The site file a link points at; absolute links are matched by their tail."""
    parts = urlsplit(ref)
    path = unquote(parts.path)
    if parts.scheme or parts.netloc or path.startswith("/"):
        segments = path.strip("/").split("/")
        for start in range(len(segments)):
            candidate = "/".join(segments[start:])
            if candidate in files:
                return candidate
        return None
    candidate = posixpath.normpath(posixpath.join(folder, path))
    return candidate if candidate in files else None
