"""WordPress shortcodes in a post, replaced before its HTML is converted.

Stage: importers. `[caption]` becomes a `<figure>` (its `align` the figure's
class), `[gallery]` the gallery's images, `[code]` a code block, `[embed]`,
`[video]` and `[audio]` the site's own shortcodes (importers/wp_embeds.py).
Any other shortcode stays visible, as text, and is named in the report;
`[[name]]` is WordPress's way to write a literal `[name]`, and bracketed text
that is no shortcode (`[citation needed]`) is left alone.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

from blogfolio.importers.wp_align import align_class
from blogfolio.importers.wp_embeds import Embeds, embed_url, media_shortcode

_SHORTCODE = re.compile(
    r"\[(\[?)([A-Za-z][\w-]*)(?![\w-])((?:[^\]\"']|\"[^\"]*\"|'[^']*')*?)(/?)\]"
    r"(?:(.*?)\[/\2\])?(\]?)",
    re.S,
)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))""")
KNOWN_SHORTCODES = frozenset(
    {
        "embed", "audio", "video", "playlist", "youtube", "vimeo", "soundcloud", "twitter",
        "tweet", "instagram", "googlemaps", "slideshare", "wpvideo", "contact-form",
        "contact-form-7", "code", "sourcecode", "source", "latex", "archives", "gravityform",
        "ninja_form", "wpforms", "recipe", "spotify", "dailymotion", "scribd", "polldaddy",
        "crowdsignal", "portfolio", "pdf-embedder", "wp_caption", "caption", "gallery",
    }
)  # fmt: skip
"""Shortcodes recognised even without attributes or a closing tag."""


@dataclass(frozen=True, slots=True)
class Attachment:
    """An uploaded file in the export, for [gallery] and featured images."""

    url: str
    title: str
    alt: str
    parent: str
    """Id of the post it was uploaded to."""


def replace_shortcodes(
    text: str, post_id: str, attachments: Mapping[str, Attachment], embeds: Embeds, kept: list[str]
) -> str:
    """Every shortcode in `text` replaced (see the module's docstring); the names of those
    kept as text are added to `kept`."""
    return _SHORTCODE.sub(lambda m: _shortcode(m, post_id, attachments, embeds, kept), text)


def _shortcode(
    match: re.Match[str],
    post_id: str,
    attachments: Mapping[str, Attachment],
    embeds: Embeds,
    kept: list[str],
) -> str:
    escaped_open, name, raw_attrs, _self_closing, inner, escaped_close = match.groups()
    whole = match.group(0)
    if escaped_open and escaped_close:
        return whole[1:-1]  # [[gallery]] is WordPress for a literal [gallery]
    looks_like_one = (
        name.lower() in KNOWN_SHORTCODES or inner is not None or "=" in (raw_attrs or "")
    )
    if not looks_like_one:
        return whole  # [citation needed], [1] and friends are just text
    attrs = _attributes(raw_attrs or "")
    lowered = name.lower()
    if lowered in ("caption", "wp_caption") and inner is not None:
        return _caption(inner, attrs)
    if lowered == "gallery":
        return _gallery(attrs, post_id, attachments)
    if lowered in ("code", "sourcecode", "source") and inner is not None:
        language = attrs.get("lang") or attrs.get("language") or ""
        css = f' class="language-{html.escape(language)}"' if language else ""
        code = html.escape(html.unescape(inner.strip("\n")), quote=False)
        return f"<pre><code{css}>{code}</code></pre>"
    if lowered == "embed" and inner is not None:
        made = embed_url(html.unescape(inner.strip()), embeds)
        if made:
            return made
    if lowered in ("video", "audio"):
        made = media_shortcode(lowered, attrs, embeds)
        if made:
            return made
    if f"[{name}]" not in kept:
        kept.append(f"[{name}]")
    return html.escape(whole, quote=False)


def _attributes(raw: str) -> dict[str, str]:
    return {
        m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
        for m in _ATTR.finditer(raw)
    }


def _caption(inner: str, attrs: Mapping[str, str]) -> str:
    """`[caption]` as a `<figure>`, with its alignment as the figure's class."""
    caption = attrs.get("caption", "")
    media = inner
    if not caption:
        # The caption is the text after the (possibly linked) image.
        split = re.match(r"\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)", inner, re.S)
        if split:
            media, caption = split.group(1), split.group(2).strip()
    css = align_class(attrs.get("align", ""))
    opening = f'<figure class="{css}">' if css else "<figure>"
    return f"{opening}{media}<figcaption>{caption}</figcaption></figure>"


def _gallery(attrs: Mapping[str, str], post_id: str, attachments: Mapping[str, Attachment]) -> str:
    ids = [i.strip() for i in attrs.get("ids", attrs.get("include", "")).split(",") if i.strip()]
    if not ids:
        ids = [k for k, a in attachments.items() if a.parent == post_id]
    images = [attachments[i] for i in ids if i in attachments]
    tags = "".join(
        f'<img src="{html.escape(a.url)}" alt="{html.escape(a.alt or a.title)}">' for a in images
    )
    return f'<figure class="gallery">{tags}</figure>' if tags else ""
