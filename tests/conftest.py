"""Shared fixtures: build real sites in temporary folders, the way a user would."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Iterator, Mapping
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


@pytest.fixture(scope="session", autouse=True)
def cache_key_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep the build cache's signing key out of the user's own cache folder during tests.

    Set in the environment, so CLI subprocesses (serve, build) use the same key.
    """
    key = tmp_path_factory.mktemp("cache-key") / "key"
    previous = os.environ.get("BLOGFOLIO_CACHE_KEY_FILE")
    os.environ["BLOGFOLIO_CACHE_KEY_FILE"] = str(key)
    yield key
    if previous is None:
        os.environ.pop("BLOGFOLIO_CACHE_KEY_FILE", None)
    else:
        os.environ["BLOGFOLIO_CACHE_KEY_FILE"] = previous


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


from browsing import browser, serve_folder  # noqa: E402, F401 - the session-wide browser


@pytest.fixture(scope="session")
def example_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The repository's example site, built once and served the way a host would: under
    /folio/, its base_url's path, so that root-relative links (the 404 page's) resolve."""
    served = tmp_path_factory.mktemp("example")
    result = run_cli("build", "--source", str(REPO), "--out", str(served / "folio"), "--quiet")
    assert result.exit_code == 0, result.stderr
    server, url = serve_folder(served)
    yield url + "folio/"
    server.shutdown()
