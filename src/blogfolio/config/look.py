"""Checks on the tables that shape how the site looks: `[theme]`, `[author]`, `[home]`.

Stage: config. Imports the standard library and `config.schema`. `theme = "name"`
and `author = "Name"` stay valid as short forms of their tables, so older sites
keep building.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from blogfolio.config.publish import ErrorSink
from blogfolio.config.schema import HOME_SECTIONS, SiteConfig

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
_SHORT = {"theme": "name", "author": "name"}


def expand_short_forms(raw: dict[str, Any], error: ErrorSink) -> None:
    """`theme = "x"` becomes `{"name": "x"}`; a value that is neither text nor a table
    is reported here, with both spellings in the hint."""
    for key, inner in _SHORT.items():
        if key not in raw:
            continue
        value = raw[key]
        if isinstance(value, str):
            raw[key] = {inner: value}
        elif not isinstance(value, dict):
            error(
                (key,),
                "expected a string or a table",
                f'write {key} = "…" or a [{key}] table with {inner} = "…"',
            )
            del raw[key]


def check_look(config: SiteConfig, error: ErrorSink) -> None:
    """Accent colour, profile links, photo path and home sections."""
    accent = config.theme.accent
    if accent and not _HEX.match(accent):
        error(("theme", "accent"), f"not a colour: {accent!r}", 'write it as accent = "#1f55b8"')
    photo = config.author.photo
    if photo and not (photo.startswith("/") or urlsplit(photo).scheme == "https"):
        error(
            ("author", "photo"),
            f"expected a site path or an https address, got {photo!r}",
            'put the photo in static/images/ and write photo = "/images/me.jpg"',
        )
    for network, address in config.author.links.items():
        check_link(network, address, error)
    seen: set[str] = set()
    for i, name in enumerate(config.home.sections):
        key = ("home", "sections", str(i))
        if name not in HOME_SECTIONS:
            error(key, f"unknown section {name!r}", f"sections are {', '.join(HOME_SECTIONS)}")
        elif name in seen:
            error(key, f"section {name!r} is listed twice", "list each section once")
        seen.add(name)
    if config.home.reflections < 0:
        error(("home", "reflections"), "must be 0 or more")


def check_link(network: str, address: str, error: ErrorSink) -> None:
    """An email link holds an address; every other link a full http(s) address."""
    key = ("author", "links", network)
    if network == "email":
        if not _EMAIL.match(address.removeprefix("mailto:")):
            error(key, f"not an email address: {address!r}", 'e.g. email = "me@example.org"')
        return
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        error(
            key,
            f"expected a full http(s) address, got {address!r}",
            f'e.g. {network} = "https://…"',
        )
