"""Find the images a Markdown body shows, with the line each is written on.

Stage: content. The body is parsed with the page parser (content/markdown.py),
so what is found is exactly what renders: `![alt](src)` images, reference
images, and `<img>` tags in raw HTML; code blocks and inline code are not images.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from blogfolio.config import MarkdownConfig
from blogfolio.content.markdown import make_markdown

_IMG = re.compile(r"<img\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.I)
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


@dataclass(frozen=True, slots=True)
class ImageRef:
    """One image in a body."""

    src: str
    """The address as written (percent-encoded by the parser for Markdown images)."""
    alt: str | None
    """The alt text; None when an `<img>` tag has no alt attribute at all."""
    line: int
    """1-based line in the source file."""
    markdown: bool
    """Written as `![…](…)` rather than as an HTML tag."""


@lru_cache(maxsize=1)
def _parser() -> Any:
    return make_markdown(MarkdownConfig(highlight=False, anchors=False))


def may_show_images(body: str) -> bool:
    """False when a body certainly shows no image: it has neither `![` nor `<img`."""
    return "![" in body or "<img" in body.lower()


def find_image_refs(body: str, first_line: int) -> tuple[ImageRef, ...]:
    """Every image of a body, in order; `first_line` is the body's line in its file."""
    if not may_show_images(body):
        return ()
    found: list[ImageRef] = []
    line = first_line
    for token in _parser().parse(body):
        if token.map is not None:
            line = first_line + token.map[0]
        if token.type == "html_block":
            found += _html_images(token.content, line)
        for child in token.children or ():
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "image":
                found.append(ImageRef(str(child.attrGet("src") or ""), child.content, line, True))
            elif child.type == "html_inline":
                found += _html_images(child.content, line)
    return tuple(found)


def _html_images(text: str, line: int) -> list[ImageRef]:
    found: list[ImageRef] = []
    for match in _IMG.finditer(text):
        attrs: dict[str, str | None] = {}
        for attr in _ATTR.finditer(match.group()[4:].rstrip(">").rstrip("/")):
            raw = next((g for g in attr.groups()[1:] if g is not None), None)
            attrs[attr.group(1).lower()] = None if raw is None else html.unescape(raw)
        src = attrs.get("src")
        if src:
            here = line + text.count("\n", 0, match.start())
            alt = (attrs["alt"] or "") if "alt" in attrs else None  # a bare `alt` is alt=""
            found.append(ImageRef(src, alt, here, False))
    return found
