"""`blogfolio build` collects cycles rarely while it runs, and puts the old setting back."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

import blogfolio.cli
from blogfolio.cli import BATCH_GC_THRESHOLD
from conftest import SiteFactory, post, run_cli


def watch_threshold(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The young-generation threshold each build ran under."""
    seen: list[int] = []
    real = blogfolio.cli.build_site

    def recording(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.get_threshold()[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(blogfolio.cli, "build_site", recording)
    return seen


def test_a_build_runs_with_rare_collections_and_restores_the_setting(
    make_site: SiteFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    site = make_site({"content/posts/hello.md": post("Hello")})
    before = gc.get_threshold()
    seen = watch_threshold(monkeypatch)
    result = run_cli("build", "--source", str(site), "--out", str(tmp_path / "out"), "-q")
    assert result.exit_code == 0, result.stderr
    assert seen == [BATCH_GC_THRESHOLD]
    assert gc.get_threshold() == before
    assert (tmp_path / "out" / "index.html").is_file()


def test_a_failed_build_restores_the_setting_too(
    make_site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site({"content/posts/broken.md": "---\ntitle: [unclosed\n---\nText.\n"})
    before = gc.get_threshold()
    seen = watch_threshold(monkeypatch)
    result = run_cli("build", "--source", str(site), "-q")
    assert result.exit_code != 0
    assert "broken.md" in result.stderr
    assert seen == [BATCH_GC_THRESHOLD]
    assert gc.get_threshold() == before
