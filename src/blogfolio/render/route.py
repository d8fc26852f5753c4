"""One HTML page to render: its URL, template and context.

Stage: render. Its own module, so the modules that plan routes can share it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from blogfolio.urls import output_file


@dataclass(frozen=True, slots=True)
class Route:
    """One HTML page to render."""

    url: str
    """Site path."""
    template: str
    """Template name."""
    context: Mapping[str, Any]
    """Variables besides `site` and the helpers."""
    source: Path | None = None
    """Content file behind the page, for error messages."""
    source_line: int | None = None
    """Line in `source` that chose the template (its `template:` key)."""
    root_links: bool = False
    """Write links from the site root (404 pages are served at any depth)."""
    owner: str = field(default="", compare=False)
    """Who asked for this URL, named in collision errors."""
    url_line: int | None = field(default=None, compare=False)
    """Line in `source` that chose the URL: its `slug:` key, else 1 (the file name did)."""

    @property
    def output_path(self) -> str:
        """File under the output folder."""
        return output_file(self.url)
