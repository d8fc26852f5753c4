"""Embedded players in imported posts become shortcodes; everything else embedded is dropped.

Stage: importers. A frame is someone else's page running inside ours, and
`srcdoc`, `javascript:` sources and `onload` handlers make it ours to run, so
no frame is ever kept. A YouTube or Vimeo player (an `<iframe>`, `<embed>`,
`<object>` or `<video>`, a `[embed]URL[/embed]`, or a bare player URL on a line
of its own, which WordPress turns into a player) becomes the site's own
`{{< youtube ID >}}` or `{{< vimeo ID >}}`, built from the video's id alone.
Self-hosted `<video>`, `<audio>`, `[video]` and `[audio]` become
`{{< video src="…" >}}` and `{{< audio src="…" >}}` when their address is
plain; any other URL alone on a line (a tweet, a slideshow: WordPress's other
oEmbed providers) becomes a link. Any other frame, plugin or media element is
removed and named in the import report.

Shortcodes are not HTML, so the conversion carries each one as a placeholder
paragraph (`Embeds.hold`) and puts it back into the finished Markdown
(`Embeds.restore`); the placeholder's random part keeps a post from forging one.
"""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Mapping
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
_SHORTCODE_SAFE = re.compile(r"^(?:https?://|/(?!/))[^\s\"'<>`\\\x00-\x1f\x7f{}]+$", re.I)
"""A media address that can sit inside `src="…"` of a shortcode as it is."""
_WEB_LINK = re.compile(r"^https?://[^\s\"'<>`\\\x00-\x1f\x7f]+$", re.I)
_PRE = re.compile(r"<pre(?![\w-])[^>]*>.*?</pre\s*>", re.S | re.I)
MEDIA_KEYS = {
    "video": ("src", "mp4", "m4v", "webm", "ogv", "mov", "wmv", "flv"),
    "audio": ("src", "mp3", "m4a", "ogg", "oga", "wav", "wma", "flac"),
}
"""Where WordPress's `[video]` and `[audio]` shortcodes take their file, in order."""


@dataclass(slots=True)
class Embeds:
    """What the embed pass changed, for the import report."""

    media: list[str] = field(default_factory=list)
    """Self-hosted video and audio files, now shortcodes (still on the old site)."""
    dropped: list[str] = field(default_factory=list)
    """Frames, plugins and players that were removed, described for the report."""
    codes: list[str] = field(default_factory=list)
    """Shortcodes held back from the HTML, by placeholder number."""
    nonce: str = field(default_factory=lambda: "bfembed" + secrets.token_hex(8))

    def hold(self, code: str) -> str:
        """A paragraph standing in for `code` until the Markdown is finished."""
        self.codes.append(code)
        return f"<p>{self.nonce}{len(self.codes) - 1}z</p>"

    def restore(self, markdown: str) -> str:
        """Put the held shortcodes back, each on a line of its own."""
        pattern = re.compile(rf"[ \t]*{self.nonce}(\d+)z[ \t]*")
        return pattern.sub(lambda m: self.codes[int(m.group(1))], markdown)

    def media_file(self, src: str) -> None:
        """Note a file that stays on the old site, for the report."""
        if src not in self.media:
            self.media.append(src)


def video_url(url: str) -> str | None:
    """The canonical watch address of a YouTube or Vimeo URL (player or page), else None."""
    found = video_id(url)
    if found is None:
        return None
    site, video = found
    if site == "youtube":
        return f"https://www.youtube.com/watch?v={video}"
    return f"https://vimeo.com/{video}"


def player_shortcode(url: str) -> str | None:
    """`{{< youtube ID >}}` or `{{< vimeo ID >}}` for a player or video page URL, else None."""
    found = video_id(url)
    return f"{{{{< {found[0]} {found[1]} >}}}}" if found else None


def video_id(url: str) -> tuple[str, str] | None:
    """("youtube" or "vimeo", the video's id) for a player or video page URL, else None."""
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
            return "youtube", video
        return None
    if host in _VIMEO_HOSTS and (match := _VIMEO_PATH.search(parts.path)):
        return "vimeo", match.group(1)
    return None


def link_paragraph(url: str, text: str = "") -> str:
    """`<p><a href=url>text</a></p>`, escaped (the sanitizer still checks it afterwards)."""
    shown = html.escape(" ".join(text.split()) or url, quote=False)
    return f'<p><a href="{html.escape(url)}">{shown}</a></p>'


def embed_url(url: str, found: Embeds) -> str | None:
    """What WordPress's auto-embed of `url` becomes: a player shortcode, else a link paragraph;
    None when the address is not a plain web address."""
    code = player_shortcode(url)
    if code:
        return found.hold(code)
    return link_paragraph(url) if _WEB_LINK.match(url) else None


def embed_bare_urls(text: str, found: Embeds) -> str:
    """A URL alone on its line (WordPress's auto-embed) becomes a player or a link; never
    inside `<pre>`."""

    def replace(match: re.Match[str]) -> str:
        made = embed_url(match.group(1), found)
        return f"\n\n{made}\n\n" if made else match.group(0)

    parts = _PRE.split(text)
    kept = _PRE.findall(text)
    out = [_BARE_URL_LINE.sub(replace, parts[0])]
    for pre, after in zip(kept, parts[1:], strict=True):
        out += [pre, _BARE_URL_LINE.sub(replace, after)]
    return "".join(out)


def media_shortcode(kind: str, attrs: Mapping[str, str], found: Embeds) -> str | None:
    """WordPress's `[video]` or `[audio]` as a held shortcode, or None when its file is not
    a plain address (the caller keeps it as text)."""
    for key in MEDIA_KEYS[kind]:
        src = html.unescape(attrs.get(key, "")).strip()  # the post's HTML writes & as &amp;
        if not src:
            continue
        player = player_shortcode(src)
        if player:
            return found.hold(player)
        if _SHORTCODE_SAFE.match(src):
            found.media_file(src)
            return found.hold(f'{{{{< {kind} src="{src}" >}}}}')
    return None


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
        code = player_shortcode(src)
        if code:
            return found.hold(code)
    if element.name in ("video", "audio"):
        for src in sources:
            if _SHORTCODE_SAFE.match(src):
                found.media_file(src)
                return found.hold(f'{{{{< {element.name} src="{src}" >}}}}')
            if _SAFE_SRC.match(src):
                found.media_file(src)
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
