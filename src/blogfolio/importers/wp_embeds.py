"""Embedded players in imported posts become plain links; everything else embedded is dropped.

Stage: importers. A frame is someone else's page running inside ours, and
`srcdoc`, `javascript:` sources and `onload` handlers make it ours to run. The
site has no embed shortcodes yet, so a YouTube or Vimeo player (an `<iframe>`,
`<embed>`, `<object>` or `<video>`, a `[embed]URL[/embed]`, or a bare player
URL on a line of its own, which WordPress turns into a player) becomes a link
to the video's canonical address in a paragraph of its own. Self-hosted
`<video>` and `<audio>` become links to their file; any other frame, plugin or
media element is removed and named in the import report.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

_YOUTUBE_HOSTS = frozenset(
    {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com",
     "www.youtube-nocookie.com", "youtu.be"}
)  # fmt: skip
_VIMEO_HOSTS = frozenset({"vimeo.com", "www.vimeo.com", "player.vimeo.com"})
_YOUTUBE_PATH = re.compile(r"/(?:embed|v|shorts|live)/([\w-]{6,20})/?$")
_VIMEO_PATH = re.compile(r"/(?:video/)?(\d{1,12})/?$")
_VIDEO_ID = re.compile(r"[\w-]{6,20}")
_BARE_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"']+)[ \t]*$", re.M)
_EMBEDDED = ("iframe", "embed", "object", "video", "audio", "frame", "frameset", "portal")
_EMBED_START = re.compile(r"<(?:{})\b".format("|".join(_EMBEDDED)), re.I)
_SAFE_SRC = re.compile(r"^(?:https?://|/(?!/)|\.{0,2}/)[^\s\"'<>`\\\x00-\x1f]*$", re.I)


@dataclass(slots=True)
class Embeds:
    """What the embed pass changed, for the import report."""

    media: list[str] = field(default_factory=list)
    """Self-hosted video and audio files, now links (still on the old site)."""
    dropped: list[str] = field(default_factory=list)
    """Frames, plugins and players that were removed, described for the report."""


def video_url(url: str) -> str | None:
    """The canonical watch address of a YouTube or Vimeo URL (player or page), else None."""
    full = "https:" + url if url.startswith("//") else url
    parts = urlsplit(full.strip())
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() not in ("http", "https"):
        return None
    if host in _YOUTUBE_HOSTS:
        video = None
        if host == "youtu.be":
            video = parts.path.strip("/")
        elif parts.path.rstrip("/") == "/watch":
            video = (parse_qs(parts.query).get("v") or [""])[0]
        elif match := _YOUTUBE_PATH.search(parts.path):
            video = match.group(1)
        if video and _VIDEO_ID.fullmatch(video):
            return f"https://www.youtube.com/watch?v={video}"
        return None
    if host in _VIMEO_HOSTS and (match := _VIMEO_PATH.search(parts.path)):
        return f"https://vimeo.com/{match.group(1)}"
    return None


def link_paragraph(url: str, text: str = "") -> str:
    """`<p><a href=url>text</a></p>`, escaped (the sanitizer still checks it afterwards)."""
    shown = html.escape(" ".join(text.split()) or url, quote=False)
    return f'<p><a href="{html.escape(url)}">{shown}</a></p>'


def link_bare_video_urls(text: str) -> str:
    """A player URL alone on its line (WordPress's auto-embed) becomes a link paragraph."""

    def replace(match: re.Match[str]) -> str:
        canonical = video_url(match.group(1))
        return f"\n\n{link_paragraph(canonical)}\n\n" if canonical else match.group(0)

    return _BARE_URL_LINE.sub(replace, text)


def replace_embeds(source: str, found: Embeds) -> str:
    """Turn players into links, drop other embedded elements; record both in `found`."""
    if not _EMBED_START.search(source):
        return source
    soup = BeautifulSoup(source, "html.parser")
    for element in soup.find_all(list(_EMBEDDED)):
        if not isinstance(element, Tag) or element.decomposed:
            continue
        replacement = _replacement(element, found)
        if replacement:
            element.replace_with(BeautifulSoup(replacement, "html.parser"))
        else:
            element.decompose()
    return str(soup)


def _replacement(element: Tag, found: Embeds) -> str:
    sources = _sources(element)
    title = str(element.get("title") or "")
    for src in sources:
        canonical = video_url(src)
        if canonical:
            return link_paragraph(canonical, title)
    if element.name in ("video", "audio"):
        for src in sources:
            if _SAFE_SRC.match(src):
                if src not in found.media:
                    found.media.append(src)
                return link_paragraph(src, title)
    found.dropped.append(_describe(element, sources))
    return ""


def _sources(element: Tag) -> list[str]:
    urls = [str(element.get(name) or "") for name in ("src", "data")]
    for child in element.find_all(["source", "param", "embed"]):
        if isinstance(child, Tag):
            if child.name == "param" and str(child.get("name") or "").lower() != "movie":
                continue
            urls.append(str(child.get("src") or child.get("value") or ""))
    return [u.strip() for u in urls if u.strip()]


def _describe(element: Tag, sources: list[str]) -> str:
    """`<iframe>` from maps.example.com, or the reason there is no address to show."""
    if element.get("srcdoc") is not None:
        return f"<{element.name}> with inline content (srcdoc)"
    for src in sources:
        parts = urlsplit(urljoin("https://old.site/", src))
        if parts.scheme in ("http", "https") and parts.hostname and _SAFE_SRC.match(src):
            host = parts.hostname if parts.hostname != "old.site" else "the old site"
            return f"<{element.name}> from {host}"
        return f"<{element.name}> with a {parts.scheme or 'strange'}: address"
    return f"<{element.name}> without an address"
