"""Turn WordPress post HTML into clean Markdown.

Stage: importers. Three WordPress-specific steps come first, then markdownify
does the HTML → Markdown conversion itself:

1. Gutenberg block delimiters (`<!-- wp:paragraph -->`, `<!-- /wp:… -->`) are
   removed. Their grammar is fixed (WordPress escapes `--` and `>` inside the
   JSON attributes), so a pattern over the comment delimiters is exact.
2. Shortcodes: `[caption]` becomes a `<figure>`, `[gallery]` becomes the
   gallery's images; any other shortcode stays visible as text and is reported.
3. `wpautop`: the classic editor stores paragraphs as blank lines, not `<p>`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from markdownify import MarkdownConverter

_BLOCK_COMMENT = re.compile(r"<!--\s+/?wp:.*?-->\n?", re.S)
_SHORTCODE = re.compile(
    r"\[(\[?)([A-Za-z][\w-]*)(?![\w-])((?:[^\]\"']|\"[^\"]*\"|'[^']*')*?)(/?)\]"
    r"(?:(.*?)\[/\2\])?(\]?)",
    re.S,
)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))""")
_BLOCK_START = re.compile(
    r"^\s*<(?:p|div|h[1-6]|ul|ol|li|dl|blockquote|pre|table|figure|hr|iframe|form|address"
    r"|section|article|aside|header|footer|nav|video|audio|object|embed|!--)[\s>/]",
    re.I,
)
_PRE = re.compile(r"<pre[\s>].*?</pre>", re.S | re.I)
_IMAGE_URL = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?)(?:[?#].*)?$", re.I)
_BLANK_RUNS = re.compile(r"\n{3,}")
_LANGUAGE = re.compile(r"(?:language|lang|brush)[-:]\s*([\w+#-]+)")
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


@dataclass(slots=True)
class Converted:
    """Markdown, with what the conversion noticed."""

    markdown: str
    images: list[str] = field(default_factory=list)
    """Image URLs in the text, in order, without repeats."""
    shortcodes: list[str] = field(default_factory=list)
    """Shortcodes kept as text because there is no equivalent."""


def to_markdown(
    source: str, post_id: str = "", attachments: Mapping[str, Attachment] | None = None
) -> Converted:
    """Convert a post's `content:encoded` (or a comment) to Markdown."""
    found = Converted("")
    text = _BLOCK_COMMENT.sub("", source.replace("\r\n", "\n"))
    text = _SHORTCODE.sub(lambda m: _shortcode(m, post_id, attachments or {}, found), text)
    text = autop(text)
    converter = _Converter(found.images)
    markdown = converter.convert(text)
    lines = [line.rstrip() for line in markdown.split("\n")]
    lines = ["" if not line.strip("\xa0 \t") else line for line in lines]
    found.markdown = _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip() + "\n"
    return found


def autop(text: str) -> str:
    """WordPress's `wpautop`, simplified: blank lines make paragraphs, newlines `<br>`."""
    kept: list[str] = []

    def protect(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\0{len(kept) - 1}\0"

    text = _PRE.sub(protect, text)
    chunks = [c.strip("\n") for c in re.split(r"\n\s*\n", text) if c.strip()]
    out: list[str] = []
    for chunk in chunks:
        if _BLOCK_START.match(chunk) or chunk.startswith("\0"):
            out.append(chunk)
        else:
            out.append("<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    joined = "\n\n".join(out)
    return re.sub(r"\0(\d+)\0", lambda m: kept[int(m.group(1))], joined)


def _shortcode(
    match: re.Match[str], post_id: str, attachments: Mapping[str, Attachment], found: Converted
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
    if lowered == "embed" and inner is not None and inner.strip().startswith("http"):
        url = html.escape(inner.strip())
        return f'<p><a href="{url}">{url}</a></p>'
    if f"[{name}]" not in found.shortcodes:
        found.shortcodes.append(f"[{name}]")
    return html.escape(whole, quote=False)


def _attributes(raw: str) -> dict[str, str]:
    return {
        m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
        for m in _ATTR.finditer(raw)
    }


def _caption(inner: str, attrs: Mapping[str, str]) -> str:
    caption = attrs.get("caption", "")
    media = inner
    if not caption:
        # The caption is the text after the (possibly linked) image.
        split = re.match(r"\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)", inner, re.S)
        if split:
            media, caption = split.group(1), split.group(2).strip()
    return f"<figure>{media}<figcaption>{caption}</figcaption></figure>"


def _gallery(attrs: Mapping[str, str], post_id: str, attachments: Mapping[str, Attachment]) -> str:
    ids = [i.strip() for i in attrs.get("ids", attrs.get("include", "")).split(",") if i.strip()]
    if not ids:
        ids = [k for k, a in attachments.items() if a.parent == post_id]
    images = [attachments[i] for i in ids if i in attachments]
    tags = "".join(
        f'<img src="{html.escape(a.url)}" alt="{html.escape(a.alt or a.title)}">' for a in images
    )
    return f'<figure class="gallery">{tags}</figure>' if tags else ""


class _Converter(MarkdownConverter):
    """markdownify, with WordPress's figures, embeds and image bookkeeping."""

    def __init__(self, images: list[str]) -> None:
        super().__init__(
            heading_style="ATX",
            bullets="-",
            newline_style="backslash",
            escape_misc=False,
            code_language_callback=_code_language,
            keep_inline_images_in=["a", "figure", "td", "th"],
        )
        self.images = images

    def _note(self, url: str) -> None:
        if url and url not in self.images:
            self.images.append(url)

    def convert_img(self, el: Any, text: str, parent_tags: set[str]) -> str:
        src = str(el.attrs.get("src", "") or "")
        self._note(src)
        alt = " ".join(str(el.attrs.get("alt", "") or "").split())
        alt = alt.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
        title = str(el.attrs.get("title", "") or "").replace('"', '\\"')
        title_part = f' "{title}"' if title else ""
        if re.search(r"[\s()<>]", src):
            src = "<" + src.replace("<", "%3C").replace(">", "%3E") + ">"
        return f"![{alt}]({src}{title_part})"

    def convert_a(self, el: Any, text: str, parent_tags: set[str]) -> str:
        href = el.attrs.get("href", "") or ""
        if _IMAGE_URL.search(href):
            self._note(href)
        return str(super().convert_a(el, text, parent_tags))  # type: ignore[misc]

    def convert_figure(self, el: Any, text: str, parent_tags: set[str]) -> str:
        caption = el.find("figcaption")
        images = el.find_all("img")
        if not images:
            return text
        parts = []
        for img in images:
            link = img.find_parent("a")
            image = self.convert_img(img, "", set())
            if link is not None and link.get("href"):
                href = link["href"]
                if _IMAGE_URL.search(href):
                    self._note(href)
                image = f"[{image}]({href})"
            parts.append(image)
        body = "\n\n".join(parts)
        block = f"\n\n<figure>\n\n{body}\n\n"
        if caption is not None and caption.get_text(strip=True):
            inner = caption.decode_contents().strip()
            block += f"<figcaption>{inner}</figcaption>\n"
        return block + "</figure>\n\n"

    def _raw(self, el: Any, text: str, parent_tags: set[str]) -> str:
        for attr in ("src", "poster"):
            if el.get(attr) and _IMAGE_URL.search(el[attr]):
                self._note(el[attr])
        return f"\n\n{el}\n\n"

    convert_iframe = _raw
    convert_video = _raw
    convert_audio = _raw


def _code_language(el: Any) -> str:
    for node in (el, el.find("code")):
        if node is None:
            continue
        classes = " ".join(node.get("class", []) or [])
        match = _LANGUAGE.search(classes + " " + (node.get("lang") or ""))
        if match:
            return match.group(1).lower()
    return ""
