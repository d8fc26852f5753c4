"""The shortcodes every site has: figure, youtube, vimeo, video and audio.

Stage: content. Arguments are text from the page (or from an imported site) and
are escaped wherever they reach the HTML; a URL that would run script is refused.
Video players are not embedded: a link to the video stands in for the player, and
the theme's script swaps the player in when the reader clicks, so the video site
hears nothing from a reader who never presses play.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from urllib.parse import quote

from blogfolio.content.shortcodes.syntax import Call
from blogfolio.errors import ContentError, SourceSpan
from blogfolio.urls import relative_url

_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_SAFE_SCHEMES = frozenset({"http", "https"})
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{6,20}")
_VIMEO_ID = re.compile(r"[0-9]{3,12}")
_SIZES = ("width", "height")

Builtin = Callable[[Call, SourceSpan, str], str]
"""A built-in shortcode: the call, where it is written, the page's URL → HTML."""


def attr(value: str) -> str:
    """Text made safe inside a double-quoted attribute."""
    return escape(value, quote=True)


def safe_url(value: str, key: str, where: SourceSpan, page_url: str, mailto: bool = False) -> str:
    """A URL from an argument: site paths made relative to the page; scripts refused."""
    url = value.strip()
    scheme = _SCHEME.match(_INVISIBLE.sub("", url))
    allowed = _SAFE_SCHEMES | {"mailto"} if mailto else _SAFE_SCHEMES
    if scheme is not None and scheme.group(1).lower() not in allowed:
        raise ContentError(
            f"shortcode argument {key}={value!r} is a {scheme.group(1)}: URL, which is not allowed",
            where,
            hint="use an http(s) address or a path such as /images/photo.jpg",
        )
    if url.startswith("/") and not url.startswith("//"):
        return relative_url(page_url, url)
    return url


def _need(call: Call, key: str, where: SourceSpan, example: str) -> str:
    value = call.param(key) or (call.args[0] if call.args else "")
    if not value:
        raise ContentError(
            f"shortcode '{call.name}' needs {key}=\"…\"",
            where,
            hint=f"write it as {example}",
        )
    return value


def _sizes(call: Call) -> str:
    return "".join(f' {k}="{attr(v)}"' for k in _SIZES if (v := call.param(k)) and v.isdigit())


def figure(call: Call, where: SourceSpan, page_url: str) -> str:
    """`{{< figure src="…" alt="…" caption="…" class="…" link="…" >}}`: an image with a caption."""
    src = safe_url(_need(call, "src", where, '{{< figure src="/images/a.jpg" alt="…" >}}'),
                   "src", where, page_url)  # fmt: skip
    caption, title = call.param("caption"), call.param("title")
    alt = call.param("alt") or caption or title
    img = f'<img src="{attr(src)}" alt="{attr(alt)}"{_sizes(call)} loading="lazy">'
    link = call.param("link")
    if link:
        img = f'<a href="{attr(safe_url(link, "link", where, page_url, mailto=True))}">{img}</a>'
    classes = " ".join(c for c in call.param("class").split() if c)
    opened = f'<figure class="{attr(classes)}">' if classes else "<figure>"
    parts = [f"<strong>{escape(title)}</strong>"] if title else []
    parts += [escape(caption)] if caption else []
    text = f"<figcaption>{' '.join(parts)}</figcaption>" if parts else ""
    return f"{opened}{img}{text}</figure>\n"


def youtube(call: Call, where: SourceSpan, _page_url: str) -> str:
    """`{{< youtube ID >}}`: a link to the video; a click (with the theme's script) plays it."""
    video = _need(call, "id", where, "{{< youtube dQw4w9WgXcQ >}}")
    if not _YOUTUBE_ID.fullmatch(video):
        raise _bad_id(call, video, where, "the part after v= in the video's address")
    watch = f"https://www.youtube.com/watch?v={quote(video)}"
    player = f"https://www.youtube-nocookie.com/embed/{quote(video)}?autoplay=1"
    return _placeholder(call, watch, player, "YouTube")


def vimeo(call: Call, where: SourceSpan, _page_url: str) -> str:
    """`{{< vimeo ID >}}`: like youtube, for a Vimeo video."""
    video = _need(call, "id", where, "{{< vimeo 146022717 >}}")
    if not _VIMEO_ID.fullmatch(video):
        raise _bad_id(call, video, where, "the number at the end of the video's address")
    watch = f"https://vimeo.com/{video}"
    player = f"https://player.vimeo.com/video/{video}?autoplay=1&dnt=1"
    return _placeholder(call, watch, player, "Vimeo")


def _bad_id(call: Call, video: str, where: SourceSpan, what: str) -> ContentError:
    message = f"shortcode '{call.name}': {video!r} is not a {call.name} video id"
    return ContentError(message, where, hint=f"use {what}")


def _placeholder(call: Call, watch: str, player: str, site: str) -> str:
    title = call.param("title")
    label = f"Play video: {title}" if title else "Play video"
    return (
        f'<div class="video-embed" data-player="{attr(player)}" '
        f'data-title="{attr(title or f"{site} video")}">'
        f'<a class="video-embed-link" href="{attr(watch)}">'
        f'<span class="video-embed-label">{escape(label)}</span> '
        f'<span class="video-embed-site">(on {site})</span></a></div>\n'
    )


def video(call: Call, where: SourceSpan, page_url: str) -> str:
    """`{{< video src="…" >}}`: an HTML5 video with controls and a download link."""
    return _media(call, where, page_url, "video")


def audio(call: Call, where: SourceSpan, page_url: str) -> str:
    """`{{< audio src="…" >}}`: an HTML5 audio player with controls and a download link."""
    return _media(call, where, page_url, "audio")


def _media(call: Call, where: SourceSpan, page_url: str, kind: str) -> str:
    example = f'{{{{< {kind} src="/media/clip.{"mp4" if kind == "video" else "mp3"}" >}}}}'
    src = safe_url(_need(call, "src", where, example), "src", where, page_url)
    extra = _sizes(call) if kind == "video" else ""
    poster = call.param("poster")
    if poster and kind == "video":
        extra += f' poster="{attr(safe_url(poster, "poster", where, page_url))}"'
    for flag in ("loop", "muted"):
        if call.param(flag) in ("true", flag):
            extra += f" {flag}"
    title = call.param("title") or call.param("caption")
    label = f' aria-label="{attr(title)}"' if title else ""
    return (
        f'<{kind} class="media" controls preload="metadata" src="{attr(src)}"{extra}{label}>'
        f'<a href="{attr(src)}">Download the {kind}{": " + escape(title) if title else ""}</a>'
        f"</{kind}>\n"
    )


BUILTINS: dict[str, Builtin] = {
    "figure": figure,
    "youtube": youtube,
    "vimeo": vimeo,
    "video": video,
    "audio": audio,
}
"""Built-ins that need only their arguments; ref, relref, gallery and highlight need the
Markdown parser or the link targets and are expanded in expand.py."""
