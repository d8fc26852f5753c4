"""Turn WordPress post HTML into clean Markdown that is safe to render with raw HTML on.

Stage: importers. WordPress-specific steps come first, then the HTML is cut
down to an allow-list (importers/wp_sanitize.py) and markdownify does the
HTML → Markdown conversion:

1. Gutenberg block delimiters (`<!-- wp:paragraph -->`, `<!-- /wp:… -->`) are
   removed. Their grammar is fixed (WordPress escapes `--` and `>` inside the
   JSON attributes), so a pattern over the comment delimiters is exact.
   `<!--more-->` and `<!--nextpage-->` go too (importers/wp_markers.py).
2. Shortcodes: `[caption]` becomes a `<figure>`, `[gallery]` the gallery's
   images, `[embed]`, `[video]` and `[audio]` the site's own shortcodes; any
   other shortcode stays visible as text and is reported (importers/wp_shortcodes.py).
3. `wpautop` for classic-editor posts (importers/wp_autop.py), then image
   alignment (importers/wp_align.py).
4. Embedded players become shortcodes, other frames are dropped (importers/wp_embeds.py).

Text stays text: a `<` or `&` in the HTML's text (written there as `&lt;`,
`&amp;`) is escaped again in the Markdown, so `&lt;script&gt;` can never come
back as a tag when the Markdown is rendered, and a `{{` in it is written
`{&#123;`, so a post's text can never become a shortcode.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from markdownify import MarkdownConverter, chomp  # type: ignore[attr-defined]

from blogfolio.importers.wp_align import FIGURE_CLASSES, mark_alignment
from blogfolio.importers.wp_autop import autop, needs_autop
from blogfolio.importers.wp_embeds import Embeds, embed_bare_urls, replace_embeds
from blogfolio.importers.wp_markers import read_markers
from blogfolio.importers.wp_sanitize import clean_imported, defang_markdown
from blogfolio.importers.wp_shortcodes import Attachment, replace_shortcodes

__all__ = ["Attachment", "Converted", "autop", "destination", "to_markdown"]

_BLOCK_COMMENT = re.compile(r"<!--\s+/?wp:.*?-->\n?", re.S)
_IMAGE_URL = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?)(?:[?#].*)?$", re.I)
_BLANK_RUNS = re.compile(r"\n{3,}")
_LANGUAGE = re.compile(r"(?:language|lang|brush)[-:]\s*([\w+#-]+)")
_MARKUP_START = re.compile(r"<")
"""Every `<` in text: the next text node could make it a tag, comment or autolink."""
_ENTITY_START = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
"""An `&` that Markdown would read as the start of a character reference."""
_LINE_MARKER = re.compile(r"^(\s*)([-+*>#]|\d{1,9}(?=[.)]))")
"""What starts a list item, heading or quote when a text begins a line (after a `<br>`,
in a list item); escaping it anywhere else changes nothing, so every text start is escaped."""
_URL_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f<>()\"'`\\\[\]{}]")
_PLAIN_URL = re.compile(r"https?://[^\x00-\x20\x7f-\x9f<>()\"'`\\\[\]*_]+")


@dataclass(slots=True)
class Converted:
    """Markdown, with what the conversion noticed."""

    markdown: str
    images: list[str] = field(default_factory=list)
    """Image URLs in the text, in order, without repeats."""
    shortcodes: list[str] = field(default_factory=list)
    """Shortcodes kept as text because there is no equivalent."""
    embeds: Embeds = field(default_factory=Embeds)
    """Players and media made shortcodes, frames dropped."""
    teaser: str | None = None
    """The HTML before `<!--more-->`, when the post had one."""


def to_markdown(
    source: str,
    post_id: str = "",
    attachments: Mapping[str, Attachment] | None = None,
    page_url: str = "",
) -> Converted:
    """Convert a post's `content:encoded` (or a comment) to Markdown.

    `page_url`, the post's address on the old site, makes relative image addresses
    absolute, as a browser read them there: the new site does not hold those files.
    """
    found = Converted("")
    text = source.replace("\r\n", "\n").replace("\r", "\n")
    classic = needs_autop(text)
    marked = read_markers(_BLOCK_COMMENT.sub("", text))
    found.teaser = marked.teaser
    text = replace_shortcodes(
        marked.html, post_id, attachments or {}, found.embeds, found.shortcodes
    )
    text = embed_bare_urls(text, found.embeds)
    text = mark_alignment(autop(text) if classic else text)
    text = clean_imported(replace_embeds(text, found.embeds))
    text = _absolute_images(text, page_url)
    converter = _Converter(found.images)
    markdown = converter.convert(text)
    lines = [line.rstrip() for line in markdown.split("\n")]
    lines = ["" if not line.strip("\xa0 \t") else line for line in lines]
    markdown = defang_markdown(_BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip())
    found.markdown = found.embeds.restore(markdown) + "\n"
    return found


_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")', re.IGNORECASE)


def _absolute_images(html: str, page_url: str) -> str:
    """Relative image addresses made absolute against the post's old address (sanitized
    HTML quotes every attribute with double quotes)."""
    if urlsplit(page_url).scheme not in ("http", "https"):
        return html

    def absolute(match: re.Match[str]) -> str:
        src = str(match.group(2))
        if not src or urlsplit(src).scheme or src.startswith("//"):
            return match.group(0)
        return f"{match.group(1)}{urljoin(page_url, src)}{match.group(3)}"

    return _IMG_SRC.sub(absolute, html)


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

    def escape(self, text: str, parent_tags: set[str]) -> str:
        """markdownify's escapes, plus `<` and `&` where Markdown would read markup."""
        text = _ENTITY_START.sub("&amp;", text)
        escaped = str(super().escape(_MARKUP_START.sub("&lt;", text), parent_tags))  # type: ignore[misc]
        return no_shortcodes(_LINE_MARKER.sub(_escape_marker, escaped))

    def _note(self, url: str) -> None:
        if url and url not in self.images:
            self.images.append(url)

    def convert_img(self, el: Any, text: str, parent_tags: set[str]) -> str:
        src = str(el.attrs.get("src", "") or "")
        self._note(src)
        alt = " ".join(str(el.attrs.get("alt", "") or "").split())
        alt = alt.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
        alt = no_shortcodes(_ENTITY_START.sub("&amp;", _MARKUP_START.sub("&lt;", alt)))
        return f"![{alt}]({destination(src)}{_title_part(el)})"

    def convert_a(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if "_noformat" in parent_tags:
            return text
        href = str(el.attrs.get("href", "") or "")
        if _IMAGE_URL.search(href):
            self._note(href)
        prefix, suffix, text = chomp(text)
        if not text or not href:
            return text
        title = _title_part(el)
        if not title and text.replace(r"\_", "_") == href and _PLAIN_URL.fullmatch(href):
            return f"{prefix}<{href}>{suffix}"
        return f"{prefix}[{text}]({destination(href)}{title}){suffix}"

    def convert_code(self, el: Any, text: str, parent_tags: set[str]) -> str:
        """A code span stays on one line, so no table row or list item can cut it open."""
        if "_noformat" not in parent_tags:
            text = " ".join(text.split("\n"))
        return str(super().convert_code(el, text, parent_tags))  # type: ignore[misc]

    def convert_pre(self, el: Any, text: str, parent_tags: set[str]) -> str:
        """A fence longer than any backtick run inside, so the code cannot close it early."""
        if not text:
            return ""
        longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
        fence = "`" * max(3, longest + 1)
        language = _code_language(el)
        return f"\n\n{fence}{language}\n{text.strip(chr(10))}\n{fence}\n\n"

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
                image = f"[{image}]({destination(href)})"
            parts.append(image)
        body = "\n\n".join(parts)
        css = " ".join(el.get("class") or [])
        opening = f'<figure class="{css}">' if css in FIGURE_CLASSES else "<figure>"
        block = f"\n\n{opening}\n\n{body}\n\n"
        if caption is not None and caption.get_text(strip=True):
            inner = no_shortcodes(" ".join(clean_imported(caption.decode_contents()).split()))
            block += f"<figcaption>{inner}</figcaption>\n"
        return block + "</figure>\n\n"

    def convert_sub(self, el: Any, text: str, parent_tags: set[str]) -> str:
        """The inline semantics Markdown lacks stay HTML; only abbr keeps an attribute."""
        if "_noformat" in parent_tags or not text.strip():
            return text
        title = str(el.get("title") or "") if el.name == "abbr" else ""
        attr = f' title="{html.escape(" ".join(title.split()))}"' if title else ""
        return f"<{el.name}{attr}>{text}</{el.name}>"

    convert_sup = convert_abbr = convert_kbd = convert_cite = convert_q = convert_sub
    convert_ins = convert_del = convert_var = convert_small = convert_mark = convert_sub


def _escape_marker(match: re.Match[str]) -> str:
    space, marker = match.groups()
    return f"{space}{marker}\\" if marker[0].isdigit() else f"{space}\\{marker}"


def no_shortcodes(text: str) -> str:
    """Text where `{{` (the start of a shortcode or template tag) is written `{&#123;`."""
    return text.replace("{{", "{&#123;")


def destination(url: str) -> str:
    """A URL as a Markdown link destination: anything that could end or escape it encoded."""
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode()), url)


def _title_part(el: Any) -> str:
    title = " ".join(str(el.attrs.get("title", "") or "").split())
    if not title:
        return ""
    title = html.escape(title, quote=True).replace("\\", "\\\\")
    return f' "{title}"'


def _code_language(el: Any) -> str:
    for node in (el, el.find("code")):
        if node is None:
            continue
        classes = " ".join(node.get("class", []) or [])
        match = _LANGUAGE.search(classes + " " + (node.get("lang") or ""))
        if match:
            return match.group(1).lower()
    return ""
