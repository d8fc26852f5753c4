"""Load `blogfolio.toml` into a `SiteConfig`, reporting every problem at once.

Stage: config. Imports the standard library, `errors` and `config.schema`.
Unknown keys are rejected with a "did you mean" so typos never pass silently.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import tomllib
import types
import typing
import zoneinfo
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from blogfolio.config.checks import check_permalink, check_style
from blogfolio.config.images import check_images
from blogfolio.config.look import check_look, expand_short_forms
from blogfolio.config.publish import check_publish, pop_credentials
from blogfolio.config.schema import SiteConfig
from blogfolio.errors import BuildError, ConfigError, Diagnostic, SourceSpan

CONFIG_FILE = "blogfolio.toml"
_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")
_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_SKIPPED_FIELDS = {"root"}


def load_config(root: Path, overrides: dict[str, Any] | None = None) -> SiteConfig:
    """Read and validate `root/blogfolio.toml`; raise `BuildError` listing every error."""
    path = root / CONFIG_FILE
    span = SourceSpan(Path(CONFIG_FILE))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            f"no {CONFIG_FILE} in {root}",
            span,
            hint="run blogfolio in a site folder, or create one with 'blogfolio new site DIR'",
        ) from None
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"file is not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be decoded)",
            SourceSpan(span.path, data.count(b"\n", 0, exc.start) + 1),
            hint="re-save the file as UTF-8 in your editor",
        ) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_POS.search(str(exc))
        line = int(match.group(1)) if match else None
        col = int(match.group(2)) if match else None
        message = _TOML_POS.sub("", str(exc)).strip()
        raise ConfigError(
            f"invalid TOML: {message}",
            SourceSpan(span.path, line, col),
            hint='strings need quotes: title = "My site"',
        ) from None
    except RecursionError:
        raise ConfigError(
            TOO_DEEP, SourceSpan(span.path, nesting_line(text)), hint=TOO_DEEP_HINT
        ) from None
    raw.update(overrides or {})
    _fill_collection_defaults(raw)
    checker = _Checker(text, span.path)
    pop_credentials(raw, checker.error)
    expand_short_forms(raw, checker.error)
    values = checker.table(SiteConfig, raw, ())
    if checker.errors:
        raise BuildError(checker.errors)
    config = SiteConfig(**values, root=root)
    _check_semantics(config, checker)
    if checker.errors:
        raise BuildError(checker.errors)
    return config


class _Checker:
    """Walks raw TOML data against the schema dataclasses, collecting errors."""

    def __init__(self, text: str, path: Path) -> None:
        self.lines = text.splitlines()
        self.path = path
        self.errors: list[Diagnostic] = []

    def error(self, key: tuple[str, ...], message: str, hint: str | None = None) -> None:
        dotted = ".".join(key)
        span = SourceSpan(self.path, find_key_line(self.lines, key))
        self.errors.append(ConfigError(f"'{dotted}': {message}", span, hint).to_diagnostic())

    def table(self, cls: type[Any], raw: Any, key: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(raw, dict):
            self.error(key, f"expected a table, got {_kind(raw)}")
            return {}
        hints = typing.get_type_hints(cls)
        fields = {f.name: f for f in dataclasses.fields(cls) if f.name not in _SKIPPED_FIELDS}
        values: dict[str, Any] = {}
        for name, value in raw.items():
            if name not in fields:
                close = difflib.get_close_matches(name, list(fields), n=1)
                hint = f"did you mean '{close[0]}'?" if close else None
                known = ", ".join(sorted(fields))
                self.error((*key, name), f"unknown key (known keys: {known})", hint)
                continue
            values[name] = self.value(hints[name], value, (*key, name))
        for name, fld in fields.items():
            no_default = fld.default is dataclasses.MISSING
            if no_default and fld.default_factory is dataclasses.MISSING and name not in raw:
                self.error((*key, name), "is required", f'add {name} = "…" to {CONFIG_FILE}')
        return values

    def value(self, hint: Any, raw: Any, key: tuple[str, ...]) -> Any:
        origin = typing.get_origin(hint)
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            return hint(**self.table(hint, raw, key))
        if origin is list:
            if not isinstance(raw, list):
                self.error(key, f"expected a list, got {_kind(raw)}")
                return []
            (item,) = typing.get_args(hint)
            return [self.value(item, v, (*key, str(i))) for i, v in enumerate(raw)]
        if origin is dict:
            if not isinstance(raw, dict):
                self.error(key, f"expected a table, got {_kind(raw)}")
                return {}
            _, item = typing.get_args(hint)
            return {k: self.value(item, v, (*key, k)) for k, v in raw.items()}
        if origin in (types.UnionType, typing.Union):
            return raw
        expected = {str: "a string", int: "a whole number", bool: "true or false"}
        examples = {str: '"some text"', int: "10", bool: "true"}
        ok = isinstance(raw, hint) and not (hint is int and isinstance(raw, bool))
        if not ok:
            leaf = next((k for k in reversed(key) if not k.isdigit()), "key")
            hint_text = f"write it as {leaf} = {examples.get(hint, '…')}"
            self.error(
                key, f"expected {expected.get(hint, hint.__name__)}, got {_kind(raw)}", hint_text
            )
        return raw


def _fill_collection_defaults(raw: dict[str, Any]) -> None:
    """A `[collections.posts]` table overrides only the keys it sets."""
    collections = raw.get("collections")
    if not isinstance(collections, dict):
        return
    defaults = SiteConfig(title="").collections
    for name, table in collections.items():
        base = defaults.get(name)
        if base is not None and isinstance(table, dict):
            collections[name] = {"permalink": base.permalink, "paginate": base.paginate, **table}


def _check_semantics(config: SiteConfig, checker: _Checker) -> None:
    """Checks that need whole values: URLs, time zones, permalink patterns."""
    parts = urlsplit(config.base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        checker.error(
            ("base_url",),
            f"expected a full http(s) address, got {config.base_url!r}",
            'for example base_url = "https://maya.github.io/folio/"',
        )
    try:
        zoneinfo.ZoneInfo(config.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        checker.error(
            ("timezone",),
            f"unknown time zone {config.timezone!r}",
            'use an IANA name such as "America/Chicago" or "Europe/Berlin"',
        )
    if not _LANG.match(config.language):
        checker.error(("language",), f"not a language tag: {config.language!r}", 'e.g. "en"')
    for name, coll in config.collections.items():
        key = ("collections", name)
        check_permalink(coll.permalink, (*key, "permalink"), checker.error)
        if coll.paginate < 1:
            checker.error((*key, "paginate"), "must be 1 or more")
    if config.feeds.limit < 1:
        checker.error(("feeds", "limit"), "must be 1 or more")
    check_style(config.markdown.light_style, ("markdown", "light_style"), checker.error)
    check_style(config.markdown.dark_style, ("markdown", "dark_style"), checker.error)
    check_publish(config.publish, checker.error)
    check_images(config.images, checker.error)
    check_look(config, checker.error)
    for i, item in enumerate(config.menu):
        if not (item.url.startswith("/") or urlsplit(item.url).scheme in ("http", "https")):
            checker.error(("menu", str(i), "url"), "must be a site path or an http(s) address")


TOO_DEEP = "values are nested too deeply to read"
TOO_DEEP_HINT = "a list or table inside hundreds of others is almost certainly a mistake"


def nesting_line(text: str) -> int | None:
    """1-based line where brackets and braces nest deepest (strings skipped, roughly)."""
    depth, deepest, line, found = 0, 0, 1, None
    quote = ""
    escaped = False
    for char in text:
        if char == "\n":
            line += 1
        if quote:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = ""
            continue
        if char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest, found = depth, line
        elif char in "]}":
            depth -= 1
    return found


def find_key_line(lines: list[str], key: tuple[str, ...]) -> int | None:
    """Best-effort 1-based line of a dotted key, scanning `[table]` headers and `key =`."""
    names = [k for k in key if not k.isdigit()]
    if not names:
        return None
    *tables, leaf = names
    section: list[str] = []
    best: int | None = None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        header = re.match(r"^\[\[?\s*([^\]]+?)\s*\]\]?", stripped)
        if header:
            section = [p.strip().strip('"') for p in header.group(1).split(".")]
            if section == names:
                best = best or number
            continue
        match = re.match(r"^([A-Za-z0-9_\-\".]+)\s*=", stripped)
        if match:
            full = section + [p.strip('"') for p in match.group(1).split(".")]
            if full == [*tables, leaf]:
                return number
            if full[: len(names)] == names:
                best = best or number
    return best


def _kind(value: object) -> str:
    kinds = {str: "a string", bool: "a boolean", int: "a number", float: "a number"}
    kinds.update({list: "a list", dict: "a table"})
    return kinds.get(type(value), type(value).__name__)
