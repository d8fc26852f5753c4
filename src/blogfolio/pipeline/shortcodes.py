"""The shortcode templates of a site and its theme, and a digest of them for body keys.

Stage: pipeline. A body that uses a site shortcode is made from that template, so
the templates' names and bytes join every body's key: editing one re-renders the
bodies again (in `build` and between the rebuilds of `serve`).
"""

from __future__ import annotations

from pathlib import Path

from blogfolio.cache.keys import digest
from blogfolio.errors import BlogfolioError
from blogfolio.pipeline.context import Stages
from blogfolio.render.env import template_dirs
from blogfolio.render.shortcode_templates import ShortcodeTemplates
from blogfolio.render.themes import theme_chain

FOLDER = "shortcodes"


def site_shortcodes(stages: Stages) -> tuple[ShortcodeTemplates | None, bytes]:
    """The templates (None when there are none) and the digest of every one found."""
    config = stages.config
    try:
        dirs = template_dirs(config, theme_chain(config))
    except BlogfolioError:
        dirs = [config.root / "templates"]  # the theme error is reported by the render stage
    sources: dict[str, tuple[str, str]] = {}
    parts: list[bytes | str] = []
    for folder in dirs:
        where = folder / FOLDER
        for file in stages.files.listing(where):
            path = where / file
            name = file.removesuffix(".html")
            if not file.endswith(".html") or name in sources or not path.is_file():
                continue
            data = stages.files.contents(path)
            if data is None:
                continue
            parts += [name, str(path), stages.files.digest(path)[0]]
            sources[name] = (_shown(path, config.root), data.decode("utf-8", "replace"))
    if not sources:
        return None, b""
    return ShortcodeTemplates(sources), digest(*parts)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
