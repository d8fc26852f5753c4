"""What a command asks of a build: drafts, the output folder, the clock, the cache.

Stage: pipeline. One frozen value that `build`, `serve`, `check` and `publish` fill
in; the stages read only the fields that change their output, and those are in the
keys (`Builder.base`, the whole-build memo).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from blogfolio.cache.folder import open_store as open_cache
from blogfolio.cache.store import Store
from blogfolio.config import load_config
from blogfolio.errors import Diagnostic
from blogfolio.pipeline.page_walk import HTML


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """Command-line choices that change what is built."""

    drafts: bool = False
    """Include drafts."""
    future: bool = False
    """Include posts dated in the future."""
    base_url: str | None = None
    """Override `base_url` from the config."""
    out_dir: Path | None = None
    """Override the output folder."""
    now: datetime | None = None
    """Pretend the build runs at this moment (tests, reproducible builds)."""
    overrides: dict[str, Any] = field(default_factory=dict)
    """Extra config values, as if written in blogfolio.toml."""
    fingerprint_assets: bool = True
    """Add `?v=hash` to asset URLs; `serve` turns it off so CSS edits need no page reload."""
    jobs: int = 0
    """Worker processes for Markdown and pages; 0 means one per core."""
    cache: bool = True
    """Keep stage results in the site's `.blogfolio-cache/` between builds (`--no-cache`)."""
    preview: bool = False
    """`serve`: templates may show notes for the author (`preview`), never in a real build."""
    search_index: bool = True
    """Make the Pagefind search index (when [search] is on); `serve` skips it."""


def output_dir(root: Path, options: BuildOptions) -> Path:
    """Where the build is written: `--out`, else the config's `output_dir`."""
    if options.out_dir is not None:
        return options.out_dir.resolve()
    config = load_config(root.resolve())
    return (config.root / config.output_dir).resolve()


RARELY_READ = (HTML,)
"""Stages the disk cache compresses (a test checks that page HTML is stored compressed):
a page's HTML is read only when it changed or its file in site/ did, and at 10,000
posts it would not fit the cache's size bound raw."""


def open_store(root: Path, options: BuildOptions, warn: Callable[[Diagnostic], None]) -> Store:
    """The store `build` uses: the site's persistent cache, or none with `--no-cache`."""
    return open_cache(root, enabled=options.cache, warn=warn, compressed=RARELY_READ)
