"""The search index: what Pagefind is given, what it makes, and what the build does with it.

Searching the index needs a browser (Pagefind runs in WebAssembly): the real query typed
and the result clicked are in browser/test_search.py. These tests read the index files
back, unpacked, to see which pages and words went in.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from blogfolio.build import Builder, BuildOptions, build
from blogfolio.cache.store import MemoryStore
from blogfolio.errors import BuildError
from blogfolio.model import BuildResult
from blogfolio.pipeline import search as search_stage
from blogfolio.search import Indexer, find_indexer, run_indexer
from conftest import FIXED_NOW, REPO, SiteFactory, post, run_cli
from tools import require

NAME = "Quillon Marchetti-Vance"
"""A contact who has not agreed to be named: the build must never publish this."""
CONTACT = f"""\
---
name: {NAME}
role: Data engineer
date: 2025-03-02
channel: video
kind: coffee-chat
---

Talked about pipelines.
"""
SITE: dict[str, str | bytes] = {
    "content/posts/hello.md": post("Hello there", "2025-02-01", "A post about zeppelins."),
    "content/posts/unfinished.md": post(
        "Unfinished", "2025-02-03", "Thoughts about a kumquat.", draft="true"
    ),
    "content/about.md": "---\ntitle: About\n---\n\nI like marmalade.\n",
    "content/networking/quillon.md": CONTACT,
}


@pytest.fixture(autouse=True)
def indexer() -> Indexer:
    """The Pagefind binary; without it these tests skip (fail under CI)."""
    found = find_indexer()
    require(found is not None, "the Pagefind binary is missing: pip install 'pagefind[bin]'")
    assert found is not None
    return found


def fragments(files: dict[str, bytes]) -> dict[str, dict[str, Any]]:
    """Each indexed page's record (url, title, text), unpacked from the index's fragments."""
    found: dict[str, dict[str, Any]] = {}
    for path, data in files.items():
        if path.startswith("pagefind/fragment/"):
            record = json.loads(gzip.decompress(data).removeprefix(b"pagefind_dcd"))
            found[record["url"]] = record
    return found


def output(result: BuildResult) -> dict[str, bytes]:
    return {f.path: f.data or b"" for f in result.files}


def test_only_posts_and_pages_are_indexed_and_drafts_never(make_site: SiteFactory) -> None:
    files = output(build(make_site(SITE), BuildOptions(now=FIXED_NOW)))
    entry = json.loads(files["pagefind/pagefind-entry.json"])
    assert entry["languages"]["en"]["page_count"] == 2
    records = fragments(files)
    assert sorted(records) == ["/about/", "/posts/2025/hello/"]
    assert "zeppelins" in records["/posts/2025/hello/"]["content"]
    assert records["/posts/2025/hello/"]["meta"]["title"] == "Hello there"
    assert not any("kumquat" in r["content"] for r in records.values())
    # Lists, tags, archives, the networking log and the 404 page are not searchable.
    assert "search/index.html" in files and "networking/index.html" in files
    # The bundle keeps what the search page loads and drops the UIs nothing loads.
    assert {"pagefind/pagefind-ui.js", "pagefind/pagefind-ui.css", "pagefind/pagefind.js"} <= set(
        files
    )
    assert not [p for p in files if "component-ui" in p or "modular-ui" in p]


def test_drafts_built_with_drafts_on_are_indexed(make_site: SiteFactory) -> None:
    """The draft's word was left out above because drafts were not built, not by chance."""
    files = output(build(make_site(SITE), BuildOptions(now=FIXED_NOW, drafts=True)))
    assert any("kumquat" in r["content"] for r in fragments(files).values())


def test_post_navigation_toc_and_reply_form_are_not_indexed(make_site: SiteFactory) -> None:
    site = dict(SITE)
    site["content/posts/older.md"] = post("Older neighbour", "2025-01-01", "Nothing.")
    files = output(build(make_site(site), BuildOptions(now=FIXED_NOW)))
    text = fragments(files)["/posts/2025/hello/"]["content"]
    assert "zeppelins" in text
    assert "Older neighbour" not in text  # the "Older" link under the post
    assert "Leave a reply" not in text


def test_a_warm_build_does_not_run_pagefind_again(
    make_site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def counted(found: Indexer, pages: Sequence[tuple[str, bytes]]) -> Any:
        calls.append(len(pages))
        return run_indexer(found, pages)

    monkeypatch.setattr(search_stage, "run_indexer", counted)
    root = make_site(SITE)
    first = output(build(root, BuildOptions(now=FIXED_NOW)))
    second = output(build(root, BuildOptions(now=FIXED_NOW)))
    assert calls == [2]
    assert second == first  # the index read from the cache is the index that was made
    (root / "content/posts/hello.md").write_text(post("Hello there", "2025-02-01", "Airships."))
    third = output(build(root, BuildOptions(now=FIXED_NOW)))
    assert calls == [2, 2]
    assert "Airships" in fragments(third)["/posts/2025/hello/"]["content"]


class _Garbage(MemoryStore):
    """A store whose search entries were damaged or written by someone else."""

    def get(self, stage: str, key: bytes) -> Any | None:
        if stage == "search":
            return (("../../etc/passwd", b"x"),)
        return super().get(stage, key)


def test_a_damaged_cache_entry_is_ignored(make_site: SiteFactory) -> None:
    result = Builder(make_site(SITE), BuildOptions(now=FIXED_NOW), _Garbage()).build()
    files = output(result)
    assert "pagefind/pagefind-entry.json" in files
    assert not [p for p in files if "passwd" in p]


def test_search_off_means_no_index_no_page_no_box(make_site: SiteFactory) -> None:
    config = 'title = "T"\nbase_url = "https://example.org/"\n[search]\nenabled = false\n'
    files = output(build(make_site(SITE, config), BuildOptions(now=FIXED_NOW)))
    assert not [p for p in files if p.startswith("pagefind/") or p.startswith("search/")]
    assert b"search-box" not in files["index.html"]
    assert b'role="search"' not in files["404.html"]


def test_the_header_box_and_404_form_send_the_query_to_the_search_page(
    make_site: SiteFactory,
) -> None:
    files = output(build(make_site(SITE), BuildOptions(now=FIXED_NOW)))
    post_page = files["posts/2025/hello/index.html"].decode()
    assert 'action="../../../search/" method="get"' in post_page
    assert '<label class="visually-hidden" for="search-box-q">Search this site</label>' in post_page
    assert 'name="q"' in post_page
    not_found = files["404.html"].decode()
    assert 'action="/search/" method="get"' in not_found  # 404 links from the root
    assert '<label for="search-form-q">' in not_found
    # Search's own script and the index's styles load on the search page only.
    assert "search.js" in files["search/index.html"].decode()
    assert not [p for p, d in files.items() if p.endswith(".html") and b"pagefind-ui" in d]
    assert not [p for p, d in files.items() if p != "search/index.html" and b"search.js" in d]


def test_the_live_preview_skips_indexing_but_keeps_the_page(make_site: SiteFactory) -> None:
    options = BuildOptions(now=FIXED_NOW, search_index=False)
    files = output(Builder(make_site(SITE), options).build())
    assert "search/index.html" in files
    assert not [p for p in files if p.startswith("pagefind/")]
    assert b'id="search-unavailable"' in files["search/index.html"]


@pytest.fixture
def leaky_indexer(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Pagefind sees the contact's name in the searchable text of every page, while the
    pages themselves (what the rest of the privacy check reads) do not hold it."""

    def leaking(found: Indexer, pages: Sequence[tuple[str, bytes]]) -> Any:
        marker = b"data-pagefind-body>"
        planted = marker + f"<p>Coffee with {NAME}.</p>".encode()
        return run_indexer(found, [(p, d.replace(marker, planted, 1)) for p, d in pages])

    monkeypatch.setattr(search_stage, "run_indexer", leaking)
    yield


def test_a_name_that_reaches_only_the_index_fails_the_build(
    make_site: SiteFactory, tmp_path: Path, leaky_indexer: None
) -> None:
    root = make_site(SITE)
    out = tmp_path / "out"
    result = run_cli("build", "--source", str(root), "--out", str(out))
    assert result.exit_code == 1
    assert (
        "content/networking/quillon.md:2: error: privacy check: the full name of someone "
        "who has not agreed to be named ('consent: true') declared here appears in the "
        "output: pagefind/fragment/" in result.stderr
    )
    assert "Marchetti" not in result.stderr
    assert ".html" not in result.stderr.split("appears in the output:")[1].split("\n")[0]
    assert not out.exists()


def test_the_example_site_builds_with_its_index(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run_cli("build", "--source", str(REPO), "--out", str(out), "--quiet")
    assert result.exit_code == 0, result.stderr
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    records = fragments(files)
    assert "/posts/2025/qa-with-a-clinical-data-analyst/" in records
    assert "/projects/readmission-risk-model/" in records
    assert "/about/" in records
    assert not [u for u in records if u.startswith(("/tags/", "/archives/", "/networking/"))]
    assert not any("polishing" in r["content"] for r in records.values())  # only in a draft


def test_a_missing_pagefind_is_an_error_saying_what_to_do(
    make_site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_stage, "find_indexer", lambda: None)
    with pytest.raises(BuildError) as info:
        build(make_site(SITE), BuildOptions(now=FIXED_NOW))
    [problem] = info.value.diagnostics
    assert str(problem.span) == "blogfolio.toml"
    assert "Pagefind indexer is not installed" in problem.message
    assert problem.hint is not None and "pip install 'pagefind[bin]'" in problem.hint
    assert "enabled = false" in problem.hint


def test_a_failing_pagefind_is_an_error_not_a_traceback(
    make_site: SiteFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'Error: the index is on fire' >&2\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setattr(search_stage, "find_indexer", lambda: Indexer(broken, "pagefind 0"))
    root = make_site(SITE)
    result = run_cli("build", "--source", str(root), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert (
        "blogfolio.toml: error: search: Pagefind failed with exit code 3: "
        "Error: the index is on fire" in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_a_static_pagefind_folder_clashes_with_the_index(make_site: SiteFactory) -> None:
    site = dict(SITE)
    site["static/pagefind/notes.txt"] = "mine"
    with pytest.raises(BuildError) as info:
        build(make_site(site), BuildOptions(now=FIXED_NOW))
    [problem] = info.value.diagnostics
    assert "already has pagefind/notes.txt" in problem.message


def test_a_site_page_at_search_clashes_with_the_search_page(make_site: SiteFactory) -> None:
    site = dict(SITE)
    site["content/search.md"] = "---\ntitle: Search me\n---\n\nHi.\n"
    with pytest.raises(BuildError) as info:
        build(make_site(site), BuildOptions(now=FIXED_NOW))
    assert any("the search page" in d.message for d in info.value.diagnostics)
