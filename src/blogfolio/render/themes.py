"""Find the theme a site names and the parents it inherits from.

Stage: render. Kept apart from the Jinja2 environment so that a build the cache
answers whole (see `pipeline/memo.py`) can list the theme folders without
importing Jinja2.
"""

from __future__ import annotations

import difflib
import tomllib
from importlib import resources
from pathlib import Path

from blogfolio.config import CONFIG_FILE, SiteConfig
from blogfolio.config.load import find_key_line
from blogfolio.errors import ConfigError, SourceSpan


def bundled_themes_dir() -> Path:
    """Themes inside the installed package, or beside `src/` in a checkout."""
    packaged = Path(str(resources.files("blogfolio"))) / "themes"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "themes"


def theme_chain(config: SiteConfig) -> list[Path]:
    """Folders of the theme and its parents, child first."""
    chain: list[Path] = []
    name: str | None = config.theme.name
    named_in = _config_line(config, "theme")
    while name:
        folder = _find_theme(config, name, named_in)
        if folder in chain:
            raise ConfigError(f"theme '{name}' is its own ancestor", SourceSpan(folder))
        chain.append(folder)
        name, named_in = _theme_parent(config, folder)
        if name is None and len(chain) == 1 and config.theme.parent:
            name, named_in = config.theme.parent, _config_line(config, "theme", "parent")
    return chain


def _find_theme(config: SiteConfig, name: str, named_in: SourceSpan) -> Path:
    bases = (config.root / "themes", bundled_themes_dir())
    one_folder = name not in (".", "..") and not any(c in name for c in "/\\:")
    for base in bases:
        if one_folder and (base / name).is_dir():
            return base / name
    found = sorted({t.name for b in bases if b.is_dir() for t in b.iterdir() if t.is_dir()})
    close = difflib.get_close_matches(name, found, n=1)
    guess = f"did you mean '{close[0]}'? " if close else ""
    hint_text = f'{guess}put the theme in themes/{name}/, or use the bundled theme = "default"'
    raise ConfigError(
        f"theme '{name}' not found (available: {', '.join(found) or 'none'})",
        named_in,
        hint=hint_text if one_folder else "a theme is named by its folder under themes/",
    )


def _config_line(config: SiteConfig, *key: str) -> SourceSpan:
    path = config.root / CONFIG_FILE
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    return SourceSpan(Path(CONFIG_FILE), find_key_line(lines, key))


def _theme_parent(config: SiteConfig, folder: Path) -> tuple[str | None, SourceSpan]:
    """The `parent = "…"` of a theme's theme.toml, and where it is written."""
    manifest = folder / "theme.toml"
    shown = _shown(manifest, config.root)
    if not manifest.is_file():
        return None, SourceSpan(shown)
    data = manifest.read_bytes()
    try:
        text = data.decode("utf-8")
        parent = tomllib.loads(text).get("parent")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ConfigError("theme.toml is not UTF-8 text", SourceSpan(shown, line)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid theme.toml: {exc}", SourceSpan(shown)) from None
    span = SourceSpan(shown, find_key_line(text.splitlines(), ("parent",)))
    return (str(parent) if parent else None), span


def _shown(path: Path, root: Path) -> Path:
    """A path relative to the site when it lies inside it, as messages show files."""
    try:
        return path.resolve().relative_to(root.resolve())
    except ValueError:
        return path
