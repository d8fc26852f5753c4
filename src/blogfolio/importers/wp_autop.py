"""WordPress's automatic paragraphs (`wpautop`), as the classic editor's posts rely on.

Stage: importers. The classic editor stores paragraphs as blank lines, not
`<p>`, and WordPress adds the tags when it shows a post. Its rules, which this
module follows (written afresh, not translated):

- only a blank line ends a paragraph; block-level tags (tables and their
  parts, lists, headings, blockquote, pre, div, figure, …) always stand on
  their own, so text next to a `<table>` is its own paragraph;
- a single newline left inside a paragraph, a list item or a table cell is a
  `<br>`, but never one next to a block tag: rows, cells and list items that
  are one a line stay rows, cells and list items;
- nothing inside `<pre>` (or script, style, svg, math) changes, and a newline
  inside a tag is only space;
- two `<br>` in a row are a paragraph break.

Posts written in the block editor already carry their `<p>` tags; WordPress
does not run `wpautop` on them, and neither does the importer (see
`needs_autop`).
"""

from __future__ import annotations

import re

_BLOCK_NAMES = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    "|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section"
    "|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary"
    "|iframe|video|audio|object|embed"
)
"""Elements that never sit inside a paragraph (WordPress's list, plus embedded players,
which the importer turns into paragraphs of their own anyway)."""
_BLOCK_TAG = rf"</?(?:{_BLOCK_NAMES})(?![\w-])[^>]*>"
_OPENING = re.compile(rf"<(?:{_BLOCK_NAMES})(?![\w-])[^>]*>", re.I)
_CLOSING = re.compile(rf"</(?:{_BLOCK_NAMES})(?![\w-])[^>]*>|<hr(?![\w-])[^>]*>", re.I)
_VERBATIM = re.compile(
    r"<(pre|script|style|svg|math|textarea|template|noscript)(?![\w-])[^>]*>.*?</\1\s*>",
    re.S | re.I,
)
"""Elements whose inside is never paragraphed: code, and what the sanitizer drops whole."""
_KEPT = re.compile(r'<pre data-kept="(\d+)"></pre>')
_TAG = re.compile(r"<!--.*?-->|<[A-Za-z/!][^<>]*>", re.S)
_DOUBLE_BR = re.compile(r"<br\s*/?>\s*<br\s*/?>", re.I)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_EMPTY = re.compile(r"<p>\s*</p>")
_TEXT_THEN_CLOSE = re.compile(r"<p>([^<]+)</(div|address|form)>", re.I)
_ONLY_BLOCK = re.compile(rf"<p>\s*({_BLOCK_TAG})\s*</p>", re.I)
_LIST_ITEM = re.compile(r"<p>(<li.+?)</p>", re.I | re.S)
_QUOTE_OPEN = re.compile(r"<p><blockquote([^>]*)>", re.I)
_QUOTE_CLOSE = re.compile(r"</blockquote></p>", re.I)
_BLOCK_AFTER_P = re.compile(rf"<p>\s*({_BLOCK_TAG})", re.I)
_BLOCK_BEFORE_END = re.compile(rf"({_BLOCK_TAG})\s*</p>", re.I)
_NEWLINE = re.compile(r"(?<!<br>)[ \t]*\n")
_BR_AFTER_BLOCK = re.compile(rf"({_BLOCK_TAG})\s*<br>", re.I)
_BR_BEFORE_BLOCK = re.compile(r"<br>(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)(?![\w-])[^>]*>)")
_BR = re.compile(r"<br\s*/?>", re.I)


def needs_autop(source: str) -> bool:
    """False for block-editor posts (they hold `<!-- wp:… -->` delimiters and their own `<p>`)."""
    return "<!-- wp:" not in source


def autop(text: str) -> str:
    """Paragraphs and line breaks for classic-editor HTML, as WordPress shows it."""
    if not text.strip():
        return ""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f'<pre data-kept="{len(kept) - 1}"></pre>'

    text = _VERBATIM.sub(keep, text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _DOUBLE_BR.sub("\n\n", text)
    text = _TAG.sub(lambda m: m.group(0).replace("\n", " "), text)
    text = _OPENING.sub(lambda m: "\n\n" + m.group(0), text)
    text = _CLOSING.sub(lambda m: m.group(0) + "\n\n", text)
    chunks = [c.strip("\n") for c in _PARAGRAPH_BREAK.split(text) if c.strip()]
    html = "".join(f"<p>{chunk}</p>\n" for chunk in chunks)
    html = _tidy(html)
    html = _BR.sub("<br>", html)
    html = _NEWLINE.sub("<br>\n", html)
    html = _BR_AFTER_BLOCK.sub(r"\1", html)
    html = _BR_BEFORE_BLOCK.sub(r"\1", html)
    html = html.removesuffix("\n")
    return _KEPT.sub(lambda m: kept[int(m.group(1))], html)


def _tidy(html: str) -> str:
    """Take the `<p>` away again wherever it wraps or touches a block tag."""
    html = _EMPTY.sub("", html)
    html = _TEXT_THEN_CLOSE.sub(r"<p>\1</p></\2>", html)
    html = _ONLY_BLOCK.sub(r"\1", html)
    html = _LIST_ITEM.sub(r"\1", html)
    html = _QUOTE_OPEN.sub(r"<blockquote\1><p>", html)
    html = _QUOTE_CLOSE.sub("</p></blockquote>", html)
    html = _BLOCK_AFTER_P.sub(r"\1", html)
    return _BLOCK_BEFORE_END.sub(r"\1", html)
