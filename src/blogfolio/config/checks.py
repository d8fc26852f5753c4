"""Checks on single config values that need more than their type: permalinks, styles.

Stage: config. Imports the standard library, pygments (style names) and
`config.schema`. A value these accept must not fail later in the build, so a
permalink is checked the way it will be filled in, and a style by looking it up.
"""

from __future__ import annotations

import difflib
import string

from pygments.styles import get_all_styles, get_style_by_name
from pygments.util import ClassNotFound

from blogfolio.config.publish import ErrorSink
from blogfolio.config.schema import PERMALINK_FIELDS

_SAMPLE = {"year": "2025", "month": "01", "day": "31", "slug": "a-post", "collection": "posts"}


def check_permalink(pattern: str, key: tuple[str, ...], error: ErrorSink) -> None:
    """A pattern must fill in cleanly and give a site path that stays inside the site."""
    allowed = ", ".join("{" + f + "}" for f in PERMALINK_FIELDS)
    if not (pattern.startswith("/") and pattern.endswith("/")):
        error(key, "must start and end with '/'", 'e.g. "/{slug}/"')
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        error(
            key,
            f"braces do not pair up in {pattern!r} ({exc})",
            f"placeholders are a name in braces: {allowed}",
        )
        return
    names = [name for _, name, _, _ in parts if name is not None]
    unknown = False
    for _, name, spec, conversion in parts:
        if name is not None and (name not in PERMALINK_FIELDS or spec or conversion):
            extra = (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            error(key, f"unknown placeholder {{{name}{extra}}}", allowed)
            unknown = True
    if "slug" not in names:
        error(key, "must contain {slug}", "so every item gets a URL")
    if unknown:
        return
    segments = pattern.format_map(_SAMPLE).split("/")
    if any(s in (".", "..") for s in segments) or "\\" in pattern:
        error(
            key,
            f"{pattern!r} has a '.' or '..' segment or a backslash: a permalink is a path "
            "from the site's root and must stay inside the output folder",
            'write the path from the site\'s root, e.g. "/notes/{slug}/"',
        )
    elif "" in segments[1:-1]:
        error(
            key,
            f"{pattern!r} has an empty segment ('//'), which browsers read as another host",
            'e.g. "/posts/{slug}/"',
        )


def check_style(name: str, key: tuple[str, ...], error: ErrorSink) -> None:
    """A highlighting style must be one Pygments knows, or the stylesheet cannot be made."""
    try:
        get_style_by_name(name)
    except ClassNotFound:
        styles = sorted(get_all_styles())
        close = difflib.get_close_matches(name, styles, n=3)
        guess = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
        error(
            key,
            f"unknown Pygments style {name!r}",
            f"{guess}styles include xcode, default, friendly, lightbulb and monokai "
            f"({len(styles)} in all; see https://pygments.org/styles/)",
        )
