"""Shared fixtures: build real sites in temporary folders, the way a user would."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner, Result

from blogfolio.cli import main

REPO = Path(__file__).resolve().parents[1]
FIXED_NOW = datetime(2026, 6, 15, 12, 0, tzinfo=ZoneInfo("UTC"))
"""Tests pin "now" so that future-dated posts stay in the future."""

MINIMAL_CONFIG = 'title = "Test Site"\nbase_url = "https://example.org/"\n'


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite tests/golden from current output"
    )


SiteFactory = Callable[..., Path]


@pytest.fixture
def make_site(tmp_path: Path) -> SiteFactory:
    """Write a site from a mapping of relative path → text (dedented); return its root."""

    def factory(files: Mapping[str, str | bytes], config: str = MINIMAL_CONFIG) -> Path:
        root = tmp_path / "site-src"
        root.mkdir(exist_ok=True)
        (root / "blogfolio.toml").write_text(config, encoding="utf-8")
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return root

    return factory


def run_cli(*args: str) -> Result:
    """Run the blogfolio CLI in-process, capturing stdout and stderr separately."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def post(title: str, date: str = "2025-01-10", body: str = "Some text.", **meta: str) -> str:
    """Markdown for a simple post with YAML front matter."""
    extra = "".join(f"{k}: {v}\n" for k, v in meta.items())
    return f"---\ntitle: {title}\ndate: {date}\n{extra}---\n\n{body}\n"


from browsing import browser  # noqa: E402, F401 - the session-wide browser fixture
