"""Related posts under each post: chosen by shared tags and skills, kept fresh by warm builds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from blogfolio.build import Builder, BuildOptions, build
from blogfolio.cache.store import MemoryStore
from conftest import FIXED_NOW, SiteFactory, post


def posts() -> dict[str, str | bytes]:
    return {
        "content/posts/target.md": post(
            "Target", "2025-01-10", tags="[sql, python, interviews]", skills="[Teamwork]"
        ),
        # three shared (two tags and a skill, the skill written another way)
        "content/posts/close.md": post(
            "Close",
            "2024-02-01",
            "Some text.\n\nDeeper down.",
            tags="[SQL, Python]",
            skills="[teamwork]",
        ),
        # two shared each: the newer one comes first
        "content/posts/pair-old.md": post("Pair old", "2024-03-01", tags="[sql, interviews]"),
        "content/posts/pair-new.md": post("Pair new", "2025-03-01", tags="[python, interviews]"),
        # one shared: the fourth best, so never shown with a limit of three
        "content/posts/single.md": post("Single", "2025-06-01", tags="[sql]"),
        "content/posts/stranger.md": post("Stranger", "2025-04-01", tags="[knitting]"),
    }


def related_titles(html: str) -> list[str]:
    match = re.search(r'<section class="related".*?</section>', html, re.S)
    if match is None:
        return []
    return re.findall(r'<li><a href="[^"]+">([^<]+)</a>', match.group(0))


def page(files: dict[str, bytes], path: str) -> str:
    return files[path].decode()


def built(root: Path, cache: bool = False) -> dict[str, bytes]:
    result = build(root, BuildOptions(now=FIXED_NOW, cache=cache))
    return {f.path: f.data or b"" for f in result.files}


def test_related_posts_rank_by_shared_tags_and_skills_then_date(make_site: SiteFactory) -> None:
    files = built(make_site(posts()))
    target = page(files, "posts/2025/target/index.html")
    assert related_titles(target) == ["Close", "Pair new", "Pair old"]
    assert related_titles(page(files, "posts/2025/stranger/index.html")) == []
    assert 'class="related"' not in page(files, "posts/2025/stranger/index.html")
    # a post never lists itself, and the relation goes both ways
    assert "Target" in related_titles(page(files, "posts/2024/close/index.html"))


def test_related_posts_are_the_same_build_after_build(make_site: SiteFactory) -> None:
    root = make_site(posts())
    assert built(root) == built(root)


@pytest.mark.parametrize("store", ["disk", "memory"])
def test_a_related_posts_title_edit_rerenders_the_pages_showing_it(
    make_site: SiteFactory, store: str
) -> None:
    root = make_site(posts())
    builder = Builder(root, BuildOptions(now=FIXED_NOW), MemoryStore())

    def warm() -> tuple[dict[str, bytes], float]:
        options = BuildOptions(now=FIXED_NOW)
        result = builder.build() if store == "memory" else build(root, options)
        return {f.path: f.data or b"" for f in result.files}, result.stats["routes_rendered"]

    warm()
    _, rendered = warm()
    assert rendered == 0
    source = root / "content/posts/pair-old.md"
    source.write_text(source.read_text().replace("Pair old", "Pair renamed"))
    files, rendered = warm()
    assert related_titles(page(files, "posts/2025/target/index.html"))[2] == "Pair renamed"
    assert files == built(root)
    # the post itself, lists and neighbours re-render; a post that does not show it does not
    assert 0 < rendered < len([p for p in files if p.endswith(".html")])
    _, again = warm()
    assert again == 0


def test_a_body_edit_of_a_related_post_rerenders_no_other_post(make_site: SiteFactory) -> None:
    """Related posts show titles and dates, so the words of one change only its own page."""
    root = make_site(posts())
    builder = Builder(root, BuildOptions(now=FIXED_NOW), MemoryStore())
    builder.build()
    source = root / "content/posts/close.md"
    source.write_text(source.read_text().replace("Deeper down.", "Further down."))
    result = builder.build()
    assert result.stats["routes_rendered"] == 1
