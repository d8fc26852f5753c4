"""The Jinja2 environment: theme chain, helpers and filters.

Stage: render. Site `templates/` override the theme, which overrides its parent
(`parent = "…"` in theme.toml, or `[theme] parent` for the named theme);
`{% extends "theme:base.html" %}` reaches past a site override to the theme's own
template, and `{% extends "default:base.html" %}` to the template of one theme of
the chain (a child theme extends its parent this way). Themes ship as package data.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path

from blogfolio.cache.keys import digest
from blogfolio.cache.store import Store
from blogfolio.config import SiteConfig
from blogfolio.render.reads import RecordingEnvironment
from blogfolio.render.social import social_image_picker
from blogfolio.render.views import PostView, SiteView, YearView
from blogfolio.urls import absolute_url, relative_url

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class TemplateEncodingError(jinja2.TemplateSyntaxError):
    """A template file that is not UTF-8 text; `lineno` is the line of the first bad byte."""


class _TemplateFolder(jinja2.FileSystemLoader):
    """A template folder whose files must be UTF-8; a bad byte is an error with a line."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """The template's text, or TemplateEncodingError naming the file and line."""
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError:
            path = next(
                (
                    p
                    for f in self.searchpath
                    if (p := Path(f, *split_template_path(template))).is_file()
                ),
                None,
            )
            if path is None:
                raise
            data = path.read_bytes()
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as exc:
                line = data.count(b"\n", 0, exc.start) + 1
                message = f"not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be decoded)"
                raise TemplateEncodingError(message, line, template, str(path)) from None
            raise


def template_dirs(config: SiteConfig, chain: list[Path]) -> list[Path]:
    """Where templates are looked up, in order."""
    return [config.root / "templates", *(t / "templates" for t in chain)]


def make_env(
    config: SiteConfig,
    chain: list[Path],
    assets: dict[str, Path],
    generated: dict[str, bytes] | None = None,
    fingerprint: bool = True,
    compiled: CompiledTemplates | None = None,
    preview: bool = False,
) -> RecordingEnvironment:
    """Create the environment every page renders through.

    `preview` (true in `serve` only) lets templates show notes meant for the author."""
    folders = [_TemplateFolder(t / "templates") for t in chain]
    theme_loader = jinja2.ChoiceLoader(folders)
    prefixes: dict[str, jinja2.BaseLoader] = {
        t.name: jinja2.ChoiceLoader(folders[i:]) for i, t in reversed(list(enumerate(chain)))
    }
    prefixes["theme"] = theme_loader
    loader = jinja2.ChoiceLoader(
        [
            jinja2.PrefixLoader(prefixes, delimiter=":"),
            _TemplateFolder(config.root / "templates"),
            theme_loader,
        ]
    )
    env = RecordingEnvironment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        bytecode_cache=compiled,
    )
    env.watched = {SiteView: "site", PostView: "post", YearView: "year"}
    env.globals.update(
        url=_url,
        absolute_url=lambda path: absolute_url(config.base_url, path),
        asset=_make_asset(assets, generated or {}, fingerprint),
        social_image=social_image_picker(config),
        preview=preview,
    )
    env.filters.update(date=format_date, isodate=iso_date)
    return env


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates, kept in memory between the builds of one process (`serve`)
    and in the store between `build` runs.

    Jinja files each entry under the template's name and checks it against a
    checksum of the template's current source, so an edited template is compiled
    again. Compiling the theme's templates took a fifth of a build after a one-word
    edit. The code goes into the store like every other entry: signed with the
    user's own key, so a cache folder from elsewhere is never loaded, and keyed by
    the versions and the source, so another Python or Jinja compiles afresh.
    """

    STAGE = "template code"

    def __init__(self, store: Store | None = None, versions: bytes = b"") -> None:
        self._code: dict[str, bytes] = {}
        self._store = store
        self._versions = versions
        self._owner = os.getpid()
        """Forked render workers compile too; only this process writes to the store."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Fill the bucket from memory or the store, if there is an entry."""
        data = self._code.get(bucket.key)
        if data is None and self._store is not None:
            stored = self._store.get(self.STAGE, self._key(bucket))
            if isinstance(stored, bytes):
                data = self._code[bucket.key] = stored
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep the bucket's compiled code."""
        data = self._code[bucket.key] = bucket.bytecode_to_string()
        if self._store is not None and os.getpid() == self._owner:
            self._store.put(self.STAGE, self._key(bucket), data)

    def _key(self, bucket: jinja2.bccache.Bucket) -> bytes:
        return digest(self._versions, sys.version, bucket.key, bucket.checksum)


def page_url(context: Any, path: str) -> str:
    """URL of a site path as seen from the page being rendered."""
    here = context.get("page")
    if context.get("_root_links") or here is None:
        return str(context["_base_path"]) + path.lstrip("/") if path.startswith("/") else path
    return relative_url(str(here.url), path)


@jinja2.pass_context
def _url(context: Any, path: str) -> str:
    return page_url(context, path)


def _make_asset(
    assets: dict[str, Path], generated: dict[str, bytes], fingerprint: bool
) -> Callable[..., str]:
    hashes: dict[str, str] = {}

    @jinja2.pass_context
    def asset(context: Any, path: str) -> str:
        key = path.lstrip("/")
        if not fingerprint:
            if key not in assets and key not in generated:
                raise jinja2.TemplateRuntimeError(f"asset '{key}' is not in any static folder")
            return page_url(context, "/" + key)
        if key not in hashes:
            source = assets.get(key)
            data = generated.get(key)
            if data is None and source is None:
                raise jinja2.TemplateRuntimeError(f"asset '{key}' is not in any static folder")
            data = data if data is not None else source.read_bytes()  # type: ignore[union-attr]
            hashes[key] = hashlib.sha256(data).hexdigest()[:10]
        return f"{page_url(context, '/' + key)}?v={hashes[key]}"

    return asset


def format_date(value: date | datetime | None, fmt: str = "%B %-d, %Y") -> str:
    """Format a date in English whatever the machine's locale."""
    if value is None:
        return ""
    out = fmt.replace("%B", MONTHS[value.month - 1]).replace("%b", MONTHS[value.month - 1][:3])
    out = out.replace("%A", DAYS[value.weekday()]).replace("%a", DAYS[value.weekday()][:3])
    out = out.replace("%-d", str(value.day)).replace("%-m", str(value.month))
    return value.strftime(out)


def iso_date(value: date | datetime | None) -> str:
    """ISO 8601, for `<time datetime>` and feeds."""
    return value.isoformat() if value is not None else ""
