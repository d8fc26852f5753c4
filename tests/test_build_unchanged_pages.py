"""A build that writes `site/` after an edit leaves unchanged pages where they are without
loading their HTML from the cache, and still writes the right bytes whenever the output
folder or the cache is not what the last build left.

Each case compares the rebuilt `site/` with a fresh `--no-cache` build of the same sources.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from blogfolio.build import BuildOptions, build, build_site
from blogfolio.cache.disk import DiskStore
from blogfolio.cache.folder import CACHE_DIR
from blogfolio.pipeline import images as image_stage
from conftest import FIXED_NOW, MINIMAL_CONFIG, SiteFactory, post

OPTIONS = BuildOptions(now=FIXED_NOW, jobs=1)


def _site(make_site: SiteFactory) -> Path:
    files = {
        f"content/posts/p{i}.md": post(
            f"Post {i}", f"2025-0{i}-01", f"Opening of post {i}.\n\nDeep down in post {i}.",
            tags="[notes]",
        )
        for i in range(1, 7)
    }
    # Search is off: after an edit, Pagefind indexes every searchable page again, which
    # needs their bytes (the index is remade whole).
    return make_site(files, MINIMAL_CONFIG + "\n[search]\nenabled = false\n")


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _fresh(root: Path, tmp_path: Path) -> dict[str, bytes]:
    out = tmp_path / "fresh"
    build_site(root, BuildOptions(now=FIXED_NOW, jobs=1, cache=False, out_dir=out))
    return _tree(out)


def _edit(root: Path, number: int) -> None:
    path = root / f"content/posts/p{number}.md"
    text = path.read_text("utf-8")
    path.write_text(text.replace(f"Deep down in post {number}.", "Rewritten deep down."), "utf-8")


def _page(root: Path, number: int) -> Path:
    return root / "site" / "posts" / "2025" / f"p{number}" / "index.html"


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Keys of stored page HTML the build loads."""
    found: list[bytes] = []
    real = DiskStore.get

    def counting(self: DiskStore, stage: str, key: bytes) -> Any:
        if stage == "page html":
            found.append(key)
        return real(self, stage, key)

    monkeypatch.setattr(DiskStore, "get", counting)
    return found


def test_an_edit_loads_no_unchanged_page(
    make_site: SiteFactory, tmp_path: Path, loads: list[bytes]
) -> None:
    root = _site(make_site)
    build_site(root, OPTIONS)
    _edit(root, 3)
    loads.clear()
    _summary, report, _out = build_site(root, OPTIONS)
    assert loads == []
    assert report.written >= 1 and report.unchanged > 10
    assert _tree(root / "site") == _fresh(root, tmp_path)


def test_a_page_changed_by_hand_is_written_again(
    make_site: SiteFactory, tmp_path: Path, loads: list[bytes]
) -> None:
    """Same size, same modification time: only the change time tells, and it is enough."""
    root = _site(make_site)
    build_site(root, OPTIONS)
    page = _page(root, 2)
    before = page.stat()
    data = page.read_bytes()
    page.write_bytes(data.replace(b"Post 2", b"Post X"))
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    _edit(root, 3)
    loads.clear()
    build_site(root, OPTIONS)
    assert len(loads) == 1  # that page's stored HTML, to compare and write
    assert page.read_bytes() == data
    assert _tree(root / "site") == _fresh(root, tmp_path)


def test_stored_html_gone_from_the_cache_is_rendered_again(
    make_site: SiteFactory, tmp_path: Path
) -> None:
    """A cache may forget anything: a page needed for writing is then rendered again."""
    root = _site(make_site)
    build_site(root, OPTIONS)
    with sqlite3.connect(root / CACHE_DIR / "cache.sqlite") as conn:
        assert conn.execute("DELETE FROM entries WHERE stage = 'page html'").rowcount > 0
    _page(root, 2).unlink()
    (root / "site" / "index.html").write_text("not the home page", "utf-8")
    _edit(root, 3)
    build_site(root, OPTIONS)
    assert _tree(root / "site") == _fresh(root, tmp_path)


def _page_rows(root: Path) -> dict[int, bytes]:
    with sqlite3.connect(root / CACHE_DIR / "cache.sqlite") as conn:
        rows = conn.execute(
            "SELECT id, value FROM blobs JOIN entries USING (id) WHERE stage = 'page'"
        ).fetchall()
    return {row_id: bytes(blob) for row_id, blob in rows}


def test_route_entries_left_from_an_older_build_give_the_right_pages(
    make_site: SiteFactory, tmp_path: Path
) -> None:
    """Put back every route's entry of two builds ago (their signatures still hold): each
    is checked against what its page reads now, so an out-of-date one is only a miss."""
    root = _site(make_site)
    build_site(root, OPTIONS)
    old = _page_rows(root)
    title = root / "content/posts/p2.md"
    title.write_text(title.read_text("utf-8").replace("Post 2", "Second thoughts"), "utf-8")
    build_site(root, OPTIONS)
    assert _page_rows(root) != old
    with sqlite3.connect(root / CACHE_DIR / "cache.sqlite") as conn:
        conn.executemany(
            "UPDATE blobs SET value = ? WHERE id = ?", [(v, k) for k, v in old.items()]
        )
    _edit(root, 3)
    build_site(root, OPTIONS)
    assert "Second thoughts" in (root / "site" / "index.html").read_text("utf-8")
    assert _tree(root / "site") == _fresh(root, tmp_path)


def test_the_cache_keeps_page_html_compressed(make_site: SiteFactory) -> None:
    root = _site(make_site)
    build_site(root, OPTIONS)
    with sqlite3.connect(root / CACHE_DIR / "cache.sqlite") as conn:
        (stored,) = conn.execute(
            "SELECT sum(length(value)) FROM blobs JOIN entries USING (id)"
            " WHERE stage = 'page html'"
        ).fetchone()
    pages = [data for path, data in _tree(root / "site").items() if path.endswith(".html")]
    written = sum(len(data) for data in pages)
    assert 0 < stored < written / 2


def test_a_build_cut_short_never_lends_its_html_to_an_older_state(
    make_site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+C after the pages were stored: what the cut-short build stored is saved.
    Undoing the edit must give the original page, from `build` (no output folder, which
    trusts stored HTML by its size) as from `build_site`."""
    root = _site(make_site)
    build_site(root, OPTIONS)
    path = root / "content/posts/p2.md"
    original = path.read_text("utf-8")
    path.write_text(original.replace("title: Post 2", "title: Post X"), "utf-8")  # same size
    def interrupted(*_args: Any) -> None:
        raise KeyboardInterrupt  # the stage after the pages

    monkeypatch.setattr(image_stage, "publish_images", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_site(root, OPTIONS)
    monkeypatch.undo()
    path.write_text(original, "utf-8")
    pages = {f.path: f.generated() for f in build(root, OPTIONS).files}
    assert b"Post 2" in pages["posts/2025/p2/index.html"]
    assert b"Post X" not in pages["posts/2025/p2/index.html"]
    build_site(root, OPTIONS)
    assert b"Post X" not in _page(root, 2).read_bytes()
