"""The Jinja2 environment: theme chain, helpers and filters.

Stage: render. Site `templates/` override the theme, which overrides its parent
(`parent = "…"` in theme.toml); `{% extends "theme:base.html" %}` reaches past a
site override to the theme's own template. Themes ship as package data.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Callable
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from blogfolio.config import SiteConfig
from blogfolio.errors import ConfigError, SourceSpan
from blogfolio.render.reads import RecordingEnvironment
from blogfolio.render.views import PostView, SiteView
from blogfolio.urls import absolute_url, relative_url

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def bundled_themes_dir() -> Path:
    """Themes inside the installed package, or beside `src/` in a checkout."""
    packaged = Path(str(resources.files("blogfolio"))) / "themes"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "themes"


def theme_chain(config: SiteConfig) -> list[Path]:
    """Folders of the theme and its parents, child first."""
    chain: list[Path] = []
    name: str | None = config.theme
    while name:
        folder = _find_theme(config, name)
        if folder in chain:
            raise ConfigError(f"theme '{name}' is its own ancestor", SourceSpan(folder))
        chain.append(folder)
        name = _theme_parent(folder)
    return chain


def _find_theme(config: SiteConfig, name: str) -> Path:
    for base in (config.root / "themes", bundled_themes_dir()):
        if (base / name).is_dir():
            return base / name
    raise ConfigError(
        f"theme '{name}' not found",
        SourceSpan(Path("blogfolio.toml")),
        hint=f'put it in themes/{name}/ or use the bundled theme = "default"',
    )


def _theme_parent(folder: Path) -> str | None:
    manifest = folder / "theme.toml"
    if not manifest.is_file():
        return None
    try:
        parent = tomllib.loads(manifest.read_text(encoding="utf-8")).get("parent")
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid theme.toml: {exc}", SourceSpan(manifest)) from None
    return str(parent) if parent else None


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
) -> RecordingEnvironment:
    """Create the environment every page renders through."""
    theme_loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(t / "templates") for t in chain])
    loader = jinja2.ChoiceLoader(
        [
            jinja2.PrefixLoader({"theme": theme_loader}, delimiter=":"),
            jinja2.FileSystemLoader(config.root / "templates"),
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
    env.watched = {SiteView: "site", PostView: "post"}
    env.globals.update(
        url=_url,
        absolute_url=lambda path: absolute_url(config.base_url, path),
        asset=_make_asset(assets, generated or {}, fingerprint),
    )
    env.filters.update(date=format_date, isodate=iso_date)
    return env


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory between the builds of one process (`serve`).

    Jinja files each entry under the template's name and checks it against a
    checksum of the template's current source, so an edited template is compiled
    again. Compiled code is never written to the on-disk store.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Fill the bucket from memory, if there is an entry."""
        data = self._code.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep the bucket's compiled code."""
        self._code[bucket.key] = bucket.bytecode_to_string()


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
