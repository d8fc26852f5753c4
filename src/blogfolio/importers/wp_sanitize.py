"""The allow-list imported HTML is cut down to, before and after it becomes Markdown.

Stage: importers. A WordPress export is somebody else's HTML, and posts are
rendered with raw HTML on (they are the student's own writing once imported),
so whatever HTML the Markdown keeps must already be harmless. nh3 runs twice:
on the post's HTML before conversion (so markdownify only ever sees allowed
elements, attributes and URL schemes), and on each piece of raw HTML the
conversion writes back into the Markdown (figure captions). Last, the
Markdown is parsed as the build will parse it, and any raw HTML in it that is
not one of the pieces the conversion writes itself is escaped into text.
"""

from __future__ import annotations

import re

import nh3

from blogfolio.content.markdown import RawHtml, find_raw_html
from blogfolio.importers.wp_align import FIGURE_CLASSES

INLINE_SEMANTICS = frozenset(
    {"sub", "sup", "abbr", "kbd", "cite", "q", "ins", "del", "var", "small", "mark"}
)
"""Inline elements Markdown has no syntax for; kept as HTML in the Markdown."""
ALLOWED_TAGS = INLINE_SEMANTICS | frozenset(
    {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code"}
    | {"ul", "ol", "li", "dl", "dt", "dd", "a", "img", "em", "strong", "b", "i", "s", "samp"}
    | {"figure", "figcaption"}
    | {"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"}
    | {"div", "span", "section", "article", "aside", "header", "footer"}
)
"""Everything imported HTML may keep (layout containers lose every attribute)."""
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "figure": {"class"},
    "pre": {"class", "lang"},
    "code": {"class", "lang"},
}
"""No event handlers and no `style`: nothing outside this list survives (a figure's class
only when it is an alignment, importers/wp_align.py)."""
URL_SCHEMES = frozenset({"http", "https", "mailto"})
"""Absolute URLs in href and src; relative ones are kept (links within the old site)."""
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "template", "noscript", "iframe", "object", "textarea", "select"}
    | {"svg", "math", "title", "frameset", "noembed", "noframes", "xmp", "plaintext"}
)
"""Elements whose text is code or fallback, not prose: removed with everything inside."""
_INLINE_TAG = re.compile(
    r'</?(?:{})>|<abbr title="[^"<>]*">'.format("|".join(sorted(INLINE_SEMANTICS)))
)
_BLOCK_LINES = frozenset(
    {"<figure>", "</figure>", *(f'<figure class="{name}">' for name in FIGURE_CLASSES)}
)
_MAX_PASSES = 200
_NUMBER = re.compile(r"\d{1,5}")
_CODE_CLASS = re.compile(r"[\w:+#. -]{1,80}")


def clean_imported(html: str) -> str:
    """HTML reduced to the allow-list: tags, attributes, URL schemes; no comments."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_filter_attribute,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    if name in ("width", "height", "colspan", "rowspan", "start"):
        return value if _NUMBER.fullmatch(value.strip()) else None
    if tag == "figure":
        return value if value in FIGURE_CLASSES else None
    if name in ("class", "lang"):
        return value if _CODE_CLASS.fullmatch(value) else None
    return value


def defang_markdown(markdown: str) -> str:
    """Escape every raw HTML piece the build would pass through, unless it is allow-listed.

    Independent of how the Markdown was made: whatever markdownify (or a
    crafted export) got past the other layers is turned into visible text.
    """
    for _ in range(_MAX_PASSES):
        bad = next((raw for raw in find_raw_html(markdown) if not _allowed(raw)), None)
        if bad is None:
            return markdown
        markdown = _escape_piece(markdown, bad)
    return markdown.replace("<", "&lt;")  # never reached by real posts; still safe


def _allowed(raw: RawHtml) -> bool:
    if not raw.block:
        return bool(_INLINE_TAG.fullmatch(raw.content))
    lines = [line.strip() for line in raw.content.splitlines() if line.strip()]
    return all(line in _BLOCK_LINES or clean_imported(line) == line for line in lines)


def _escape_piece(markdown: str, raw: RawHtml) -> str:
    lines = markdown.split("\n")
    first, end = raw.lines if raw.lines else (0, len(lines))
    region = "\n".join(lines[first:end])
    if raw.block:
        region = region.replace("<", "&lt;")
    elif raw.content in region:
        region = region.replace(raw.content, raw.content.replace("<", "&lt;"), 1)
    else:
        region = region.replace("<", "&lt;")
    return "\n".join([*lines[:first], region, *lines[end:]])
