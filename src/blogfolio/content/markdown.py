"""Render Markdown bodies: CommonMark plus the extensions students expect.

Stage: content (parse). The only module that imports markdown_it. Links between
content files (`[see](../other.md)`) are resolved here, against a map of every
published source, and a missing target is an error at the link's line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin
from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from blogfolio.config import MarkdownConfig
from blogfolio.content.links import LinkTargets as LinkTargets
from blogfolio.content.links import link_key as link_key
from blogfolio.content.links import resolve_links, resolve_ref
from blogfolio.content.links import resolve_md_link as resolve_md_link
from blogfolio.content.shortcodes.expand import Here, SiteShortcodes, expand, plain, restore_code
from blogfolio.content.shortcodes.syntax import mask_shortcodes
from blogfolio.errors import Diagnostic, Severity, SourceSpan
from blogfolio.model import BodyResult, ParsedDoc, TocEntry
from blogfolio.slugs import slugify

RESERVED_IDS = frozenset({"main", "top", "content", "comments", "footnotes"})
"""Ids the theme uses itself; a heading that slugs to one gets a prefix."""


def heading_slug(text: str) -> str:
    """Unicode-aware heading id, so headings in any script get a readable anchor."""
    slug = slugify(text) or "section"
    return f"section-{slug}" if slug in RESERVED_IDS else slug


def make_markdown(config: MarkdownConfig) -> MarkdownIt:
    """Build the Markdown parser used for every page body."""
    md = MarkdownIt("commonmark", {"typographer": False, "xhtmlOut": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(tasklists_plugin, label=True).use(deflist_plugin).use(admon_plugin)
    md.use(
        anchors_plugin,
        min_level=2,
        max_level=4,
        slug_func=heading_slug,
        permalink=config.anchors,
        permalinkSymbol="#",
    )
    md.add_render_rule("footnote_block_open", _footnote_block_open)
    md.add_render_rule("table_open", _table_open)
    md.add_render_rule("table_close", _table_close)
    if config.highlight:
        md.options["highlight"] = _highlight
    return md


def _footnote_block_open(*_args: Any) -> str:
    """Footnotes get a (visually hidden) heading so the section is labelled for everyone."""
    return (
        '<hr class="footnotes-sep">\n<section class="footnotes">\n'
        '<h2 class="visually-hidden">Footnotes</h2>\n<ol class="footnotes-list">\n'
    )


def _table_open(*_args: Any) -> str:
    """A table sits in its own scrolling box, so a wide one never widens the page."""
    return '<div class="table-scroll">\n<table>\n'


def _table_close(*_args: Any) -> str:
    return "</table>\n</div>\n"


@lru_cache(maxsize=256)
def _lexer(lang: str) -> Any:
    try:
        return get_lexer_by_name(lang)
    except ClassNotFound:
        return None


_FORMATTER = HtmlFormatter(nowrap=True)


def _highlight(code: str, lang: str, _attrs: str) -> str:
    lexer = _lexer(lang.lower()) if lang else None
    if lexer is None:
        return ""
    body = pygments_highlight(code, lexer, _FORMATTER)
    css_class = html.escape(f"language-{lang}", quote=True)
    return f'<pre class="highlight"><code class="{css_class}">{body}</code></pre>\n'


def highlight_css(light: str, dark: str) -> str:
    """Stylesheet for highlighted code, both schemes in one rule set: each colour is
    `light-dark(light style's, dark style's)`, so the page's `color-scheme` (the system
    setting or the theme switch) picks one. Other properties (bold, italic) follow the
    light style. Rules sharing a declaration are grouped (`.highlight :is(.c,.cm)`)."""
    light_rules, dark_rules = _style_defs(light), _style_defs(dark)
    bodies: dict[str, list[str]] = {}
    for token in dict.fromkeys([*light_rules, *dark_rules]):
        body = _both(light_rules.get(token, {}), dark_rules.get(token, {}))
        if body:
            bodies.setdefault(body, []).append(token)
    out = []
    for body, tokens in bodies.items():
        own = [t for t in tokens if t]
        if len(own) < len(tokens):
            out.append(f".highlight{{{body}}}")
        if own:
            shown = own[0] if len(own) == 1 else ":is(" + ",".join(own) + ")"
            out.append(f".highlight {shown}{{{body}}}")
    return "\n".join(out) + "\n"


def _both(light: dict[str, str], dark: dict[str, str]) -> str:
    """One declaration block for a token from its light and dark declarations."""
    parts = []
    for prop, missing in (("color", "currentcolor"), ("background-color", "transparent")):
        if prop in light or prop in dark:
            pair = f"{light.get(prop, missing)},{dark.get(prop, missing)}"
            parts.append(f"{prop}:light-dark({pair})")
    parts += [f"{k}:{v}" for k, v in light.items() if k not in ("color", "background-color")]
    return ";".join(parts)


def _style_defs(style: str) -> dict[str, dict[str, str]]:
    """A Pygments style's `.highlight` rules: token class ("" for the block) → declarations."""
    rules = HtmlFormatter(style=style).get_style_defs(".highlight")  # type: ignore[no-untyped-call]
    found: dict[str, dict[str, str]] = {}
    # Pygments adds bare `pre`/`td.linenos` rules; the theme styles those elements itself.
    for line in rules.splitlines():
        if not line.startswith(".highlight"):
            continue
        selector, _, rest = line.partition("{")
        token = selector.strip().removeprefix(".highlight").strip()
        for declaration in rest.split("}", 1)[0].split(";"):
            prop, _, value = declaration.partition(":")
            if value.strip():
                name = "background-color" if prop.strip() == "background" else prop.strip()
                found.setdefault(token, {})[name] = value.strip()
    return found


def render_body(
    md: MarkdownIt,
    doc: ParsedDoc,
    page_url: str,
    links: LinkTargets,
    record: dict[str, str] | None = None,
    site: SiteShortcodes | None = None,
) -> BodyResult:
    """Render a body to HTML with resolved links, summary, table of contents and word count.

    `record`, when given, receives every `.md` link target the body used and what it
    resolved to, so an incremental build knows when a rename elsewhere invalidates it.
    Shortcodes run (outside code); `site` holds the site's own shortcode templates.
    """
    env: dict[str, Any] = {}
    masked = mask_shortcodes(doc.body, doc.body_first_line)
    tokens = md.parse(masked.text, env)
    restore_code(tokens, masked)
    _drop_html_comments(tokens)
    words = 0
    toc: list[TocEntry] = []
    warnings: list[Diagnostic] = []
    summary = ""
    line = doc.body_first_line
    for i, token in enumerate(tokens):
        if token.map is not None:
            line = doc.body_first_line + token.map[0]
        if token.type != "inline" or token.children is None:
            continue
        words += _count_words(token.children)
        resolve_links(token.children, doc, page_url, links, line, record)
        _warn_liquid(token.children, doc, line, warnings)
        previous = tokens[i - 1]
        if previous.type == "heading_open" and previous.attrGet("id"):
            level = int(previous.tag[1])
            title = plain(_plain_text(token.children), masked)
            toc.append(TocEntry(level, str(previous.attrGet("id")), title))
        elif previous.type == "paragraph_open" and not summary and previous.level == 0:
            summary = md.renderer.renderInline(  # type: ignore[attr-defined]
                [c for c in token.children if c.type not in _NOT_IN_SUMMARY], md.options, env
            )
    here = Here(
        md, doc.span_path, page_url,
        resolve_ref=lambda target, at: resolve_ref(target, doc, page_url, links, at, record),
        fix_links=lambda kids, at: resolve_links(kids, doc, page_url, links, at, record),
        site=site, warnings=warnings,
    )  # fmt: skip
    html = expand(md.renderer.render(tokens, md.options, env), masked, here)
    return BodyResult(html, plain(summary, masked).strip(), tuple(toc), words, tuple(warnings))


_LIQUID = re.compile(r"\{%-?\s*(\w+)?.*?(?:%\}|$)")


def _warn_liquid(
    children: Sequence[Token], doc: ParsedDoc, line: int, warnings: list[Diagnostic]
) -> None:
    """Jekyll's `{% tag %}` outside code is printed as text: say so, with the line."""
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "text" and "{%" in child.content:
            match = _LIQUID.search(child.content)
            tag = f" '{match.group(1)}'" if match and match.group(1) else ""
            warnings.append(
                Diagnostic(
                    f"Liquid tag{tag} ({{% … %}}) is not run here and shows as text",
                    SourceSpan(doc.span_path, line),
                    hint="replace it with Markdown or a shortcode such as {{< highlight >}}; "
                    "in code it is left alone",
                    severity=Severity.WARNING,
                )
            )


_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
"""A comment in raw HTML; one left open runs to the end, as it does in a browser."""


def _drop_html_comments(tokens: Sequence[Token]) -> None:
    """Authors leave notes to themselves in `<!-- -->`; a reader of the page source or a
    feed must not find them, so they never reach the output."""
    for token in tokens:
        if token.type == "html_block" and "<!--" in token.content:
            token.content = _HTML_COMMENT.sub("", token.content)
        elif token.type == "inline" and token.children and "<!--" in token.content:
            for child in token.children:
                if child.type == "html_inline":
                    child.content = _HTML_COMMENT.sub("", child.content)


_NOT_IN_SUMMARY = frozenset({"footnote_ref", "link_open", "link_close", "image", "html_inline"})
"""Summaries are shown on other pages, where the body's relative links would break."""


def _count_words(children: Sequence[Token]) -> int:
    return sum(len(c.content.split()) for c in children if c.type in ("text", "code_inline"))


def _plain_text(children: Sequence[Token]) -> str:
    parts: list[str] = []
    skipping = False
    for child in children:
        if child.type == "link_open" and child.attrGet("class") == "header-anchor":
            skipping = True
        elif child.type == "link_close" and skipping:
            skipping = False
        elif not skipping and child.type in ("text", "code_inline"):
            parts.append(child.content)
    return "".join(parts).strip()


@lru_cache(maxsize=1)
def _untrusted_markdown() -> MarkdownIt:
    """Parser for text written by strangers (comments).

    No raw HTML (it is shown as text), no images (they would load from anywhere),
    no headings (they would break the page's outline).
    """
    md = MarkdownIt("commonmark", {"html": False, "typographer": False, "xhtmlOut": False})
    md.enable("strikethrough")
    md.disable(["image", "heading", "lheading", "html_block", "html_inline"])
    return md


def render_untrusted(text: str, allow_link: Callable[[str], bool]) -> str:
    """Render Markdown from strangers; links whose href `allow_link` rejects become plain text.

    The output still needs sanitizing (see content/sanitize.py): this is the first of two layers.
    """
    md = _untrusted_markdown()
    tokens = md.parse(text)
    for token in tokens:
        if token.children:
            token.children = _without_rejected_links(token.children, allow_link)
    return str(md.renderer.render(tokens, md.options, {}))


def _without_rejected_links(
    children: list[Token], allow_link: Callable[[str], bool]
) -> list[Token]:
    kept: list[Token] = []
    dropping = False
    for child in children:
        if child.type == "link_open" and not allow_link(str(child.attrGet("href") or "")):
            dropping = True
            continue
        if child.type == "link_close" and dropping:
            dropping = False
            continue
        kept.append(child)
    return kept


@dataclass(frozen=True, slots=True)
class RawHtml:
    """A piece of raw HTML as the body parser sees it (for checking imported Markdown)."""

    content: str
    lines: tuple[int, int] | None
    """0-based [first, end) source lines of its block, when the parser knows them."""
    block: bool


def find_raw_html(text: str) -> list[RawHtml]:
    """Every raw HTML block and inline tag the page parser would pass through unescaped."""
    tokens = make_markdown(MarkdownConfig(highlight=False, anchors=False)).parse(text)
    found: list[RawHtml] = []
    for token in tokens:
        lines = (token.map[0], token.map[1]) if token.map else None
        if token.type == "html_block":
            found.append(RawHtml(token.content, lines, block=True))
        for child in token.children or ():
            if child.type == "html_inline":
                found.append(RawHtml(child.content, lines, block=False))
    return found
