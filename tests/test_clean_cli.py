"""`blogfolio clean`: sizes the cache, deletes it and nothing else, refuses a link."""

from __future__ import annotations

from pathlib import Path

import pytest

from blogfolio.cache.folder import CACHE_DIR, open_store
from blogfolio.cache.seal import KEY_FILE_ENV
from conftest import run_cli


@pytest.fixture(autouse=True)
def user_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    key = tmp_path / "user-cache" / "key"
    monkeypatch.setenv(KEY_FILE_ENV, str(key))
    return key


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "folio"
    (root / "content").mkdir(parents=True)
    (root / "content" / "about.md").write_text("---\ntitle: About\n---\nHi.\n")
    store = open_store(root, enabled=True)
    for i in range(3):
        store.put("body", bytes([i]), f"<p>{i}</p>" * 100)
    store.end_build()
    store.close()
    return root


def test_dry_run_prints_entries_and_size_and_deletes_nothing(site: Path) -> None:
    before = sorted(p.name for p in (site / CACHE_DIR).iterdir())
    result = run_cli("clean", "--dry-run", "--source", str(site))
    assert result.exit_code == 0
    assert "3 entries" in result.stdout
    assert " kB" in result.stdout
    assert "'blogfolio clean' deletes it" in result.stdout
    assert sorted(p.name for p in (site / CACHE_DIR).iterdir()) == before


def test_clean_deletes_the_cache_folder_and_nothing_else(site: Path) -> None:
    result = run_cli("clean", "--source", str(site))
    assert result.exit_code == 0
    assert "Deleted" in result.stdout and "3 entries" in result.stdout
    assert not (site / CACHE_DIR).exists()
    assert (site / "content" / "about.md").read_text() == "---\ntitle: About\n---\nHi.\n"
    again = run_cli("clean", "--source", str(site))
    assert again.exit_code == 0
    assert "nothing to delete" in again.stdout


def test_clean_refuses_a_cache_folder_that_links_elsewhere(tmp_path: Path) -> None:
    site = tmp_path / "cloned"
    site.mkdir()
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.md").write_text("years of work")
    (site / CACHE_DIR).symlink_to(precious)
    for args in (("clean",), ("clean", "--dry-run")):
        result = run_cli(*args, "--source", str(site))
        assert result.exit_code == 1
        assert f"{CACHE_DIR}: error:" in result.stderr
        assert "symbolic link" in result.stderr
    assert (precious / "thesis.md").read_text() == "years of work"
    assert (site / CACHE_DIR).is_symlink()


def test_clean_refuses_a_file_in_place_of_the_cache_folder(tmp_path: Path) -> None:
    (tmp_path / CACHE_DIR).write_text("notes")
    result = run_cli("clean", "--source", str(tmp_path))
    assert result.exit_code == 1
    assert "is a file" in result.stderr
    assert (tmp_path / CACHE_DIR).read_text() == "notes"


def test_a_new_site_ignores_the_cache_in_git(tmp_path: Path) -> None:
    assert run_cli("new", "site", str(tmp_path / "mine")).exit_code == 0
    ignored = (tmp_path / "mine" / ".gitignore").read_text().splitlines()
    assert ".blogfolio-cache/" in ignored
