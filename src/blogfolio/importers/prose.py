"""The prose of a Markdown body, apart from its code, and its raw HTML made harmless.

Stage: importers. Conversions of Liquid, kramdown and shortcodes must never
touch what a post shows as code: fenced blocks and inline code spans keep
every character. Raw HTML written in an old post is somebody else's markup
once imported (posts render raw HTML), so each piece is cut down to the same
allow-list as imported WordPress HTML; players become links, and every change
is reported with its line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from blogfolio.content.markdown import find_raw_html
from blogfolio.importers.wp_embeds import Embeds, replace_embeds
from blogfolio.importers.wp_sanitize import ALLOWED_TAGS, clean_imported

_OPEN_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
CODE_SPAN = r"(?P<ticks>`+)(?:[^`]|(?!(?P=ticks))`+)*?(?P=ticks)(?!`)"
"""An inline code span (as a named-group pattern to put first in an alternation)."""
_TAG = re.compile(r"^<(/?)([A-Za-z][A-Za-z0-9-]*)")
_VOID = frozenset({"br", "hr", "img"})


@dataclass(frozen=True, slots=True)
class Note:
    """Something a conversion changed or left out, at a 1-based line of the body."""

    line: int
    text: str


def split_code(text: str) -> list[tuple[bool, str]]:
    """The body as (is_code, text) pieces in order; fenced code blocks are code."""
    pieces: list[tuple[bool, str]] = []
    lines = text.split("\n")
    prose: list[str] = []
    i = 0
    while i < len(lines):
        match = _OPEN_FENCE.match(lines[i])
        if match is None or (match.group(1)[0] == "`" and "`" in match.group(2)):
            prose.append(lines[i])
            i += 1
            continue
        fence = match.group(1)
        close = re.compile(r"^ {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}\s*$")
        end = next((j for j in range(i + 1, len(lines)) if close.match(lines[j])), len(lines) - 1)
        pieces.append((False, "\n".join(prose)))
        pieces.append((True, "\n".join(lines[i : end + 1])))
        prose = []
        i = end + 1
    pieces.append((False, "\n".join(prose)))
    return pieces


def map_prose(text: str, convert: Callable[[str, int], str]) -> str:
    """Apply `convert(piece, first_line)` to every piece that is not code; rejoin."""
    out: list[str] = []
    line = 0
    for is_code, piece in split_code(text):
        out.append(piece if is_code else convert(piece, line))
        line += piece.count("\n") + 1
    return "\n".join(out)


def line_at(piece: str, offset: int, first_line: int) -> int:
    """0-based body line of `offset` in a piece that starts at `first_line`."""
    return first_line + piece.count("\n", 0, offset)


def clean_raw_html(markdown: str) -> tuple[str, list[Note], Embeds]:
    """Markdown whose raw HTML keeps only the allow-list; a note for each piece changed."""
    notes: list[Note] = []
    embeds = Embeds()
    lines = markdown.split("\n")
    blocks = [raw for raw in find_raw_html(markdown) if raw.lines and not _comment(raw.content)]
    for raw in reversed(blocks):  # from the end, so earlier line numbers stay right
        assert raw.lines is not None
        first, end = raw.lines
        region = "\n".join(lines[first:end])
        if raw.block:
            cleaned = clean_imported(replace_embeds(region, embeds)).strip("\n")
        else:
            cleaned = region.replace(raw.content, clean_inline(raw.content), 1)
        if cleaned != region.strip("\n"):
            notes.append(Note(first + 1, f"raw HTML cut down to what is allowed: {_gist(region)}"))
            lines[first:end] = cleaned.split("\n")
    return "\n".join(lines), sorted(notes, key=lambda n: n.line), embeds


def clean_inline(piece: str) -> str:
    """One inline tag: allowed ones keep their allowed attributes; others become text."""
    if piece.startswith("<!--"):
        return piece  # the build removes comments
    match = _TAG.match(piece)
    if match is None or match.group(2).lower() not in ALLOWED_TAGS:
        return piece.replace("<", "&lt;")
    name = match.group(2).lower()
    if match.group(1):
        return f"</{name}>"
    if name in _VOID:
        return clean_imported(piece)
    cleaned = clean_imported(piece + f"</{name}>")
    return cleaned.removesuffix(f"</{name}>") if cleaned.endswith(f"</{name}>") else f"<{name}>"


def _comment(html: str) -> bool:
    """Only an HTML comment (`<!--more-->`): the build removes those itself."""
    text = html.strip()
    return text.startswith("<!--") and text.endswith("-->") and text.count("-->") == 1


def _gist(region: str) -> str:
    text = " ".join(region.split())
    return text if len(text) <= 60 else text[:59] + "…"
