"""Incremental rebuilds: each kind of change rewrites exactly the outputs it should.

`changed` compares the bytes of two consecutive builds by one Builder (one store);
`routes_rendered` says how many pages went through Jinja again (the rest were reused).
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path

import pytest

from blogfolio.build import Builder, BuildOptions
from blogfolio.cache.store import MemoryStore, NullStore
from blogfolio.errors import BuildError, format_diagnostic
from blogfolio.model import BuildResult
from conftest import FIXED_NOW, SiteFactory, post

OPTIONS = BuildOptions(now=FIXED_NOW, fingerprint_assets=False, search_index=False)  # as serve


def contents(result: BuildResult) -> dict[str, bytes]:
    """Every output file's bytes (copied files read from their source)."""
    out: dict[str, bytes] = {}
    for item in result.files:
        out[item.path] = item.data if item.data is not None else item.source.read_bytes()  # type: ignore[union-attr]
    return out


def diff(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


def touch_later(path: Path) -> None:
    """Move the mtime forward so the change is visible however coarse the clock is."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000_000))


def replace_in(path: Path, old: str, new: str) -> None:
    """Edit a source file the way a student's editor saves it."""
    text = path.read_text()
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new))
    touch_later(path)


@pytest.fixture
def blog(make_site: SiteFactory) -> Path:
    files = {
        f"content/posts/post-{i}.md": post(
            f"Post {i}", f"2025-0{i}-01", body=f"Opening of post {i}.\n\nMore words in post {i}.",
            tags=f"[t{i % 2}]", categories="[General]",
        )
        for i in range(1, 8)
    }  # fmt: skip
    files["content/about.md"] = "---\ntitle: About\nmenu: 5\n---\n\nAbout me.\n"
    files["static/css/extra.css"] = "p { color: black }\n"
    files["data/info.yaml"] = "motto: keep going\n"
    config = 'title = "Blog"\nbase_url = "https://example.org/"\n'
    config += "[collections.posts]\npaginate = 3\n"
    return make_site(files, config)


def step(root: Path, change: Callable[[Path], None]) -> tuple[set[str], int, set[str]]:
    """Build, apply a change, rebuild incrementally; return changed outputs, renders, and
    the files a fresh full build says changed."""
    builder = Builder(root, OPTIONS)
    before = contents(builder.build())
    change(root)
    result = builder.build()
    after = contents(result)
    full = contents(Builder(root, OPTIONS, NullStore()).build())
    assert after == full, "incremental output differs from a full build"
    return diff(before, after), int(result.stats["routes_rendered"]), set(after)


def test_editing_a_post_body_rewrites_that_page_and_the_feeds(blog: Path) -> None:
    def change(root: Path) -> None:
        replace_in(root / "content/posts/post-2.md", "More words in post 2.", "Changed ending.")

    changed, rendered, _ = step(blog, change)
    assert changed == {"posts/2025/post-2/index.html", "atom.xml", "rss.xml", "feed.json"}
    assert rendered == 1  # no list, neighbour or term page shows the body


def test_a_css_change_rewrites_only_the_stylesheet(blog: Path) -> None:
    def change(root: Path) -> None:
        path = root / "static/css/extra.css"
        path.write_text("p { color: navy }\n")
        touch_later(path)

    changed, rendered, _ = step(blog, change)
    assert changed == {"css/extra.css"}
    assert rendered == 0


def test_a_post_template_change_rerenders_only_posts(blog: Path) -> None:
    def change(root: Path) -> None:
        (root / "templates").mkdir()
        (root / "templates/post.html").write_text(
            '{% extends "theme:post.html" %}{% block main %}<p>override</p>{{ super() }}'
            "{% endblock %}"
        )

    changed, rendered, _ = step(blog, change)
    assert changed == {f"posts/2025/post-{i}/index.html" for i in range(1, 8)}
    assert rendered == 7


def test_a_partial_change_rerenders_every_page_that_includes_it(blog: Path) -> None:
    def change(root: Path) -> None:
        (root / "templates/partials").mkdir(parents=True)
        theme_footer = Path(__file__).parents[2] / "themes/default/templates/partials/footer.html"
        text = theme_footer.read_text().replace("</footer>", "<p>extra line</p></footer>")
        (root / "templates/partials/footer.html").write_text(text)

    changed, rendered, every = step(blog, change)
    html = {p for p in every if p.endswith(".html")}
    assert changed == html
    assert rendered == len(html)


def test_a_new_post_touches_lists_neighbours_and_its_terms(blog: Path) -> None:
    def change(root: Path) -> None:
        (root / "content/posts/post-9.md").write_text(post("Post 9", "2025-09-01", tags="[t1]"))

    changed, _rendered, _ = step(blog, change)
    assert "posts/2025/post-9/index.html" in changed
    assert "posts/2025/post-7/index.html" in changed  # its older neighbour links to it
    assert "posts/2025/post-1/index.html" in changed  # shares t1: it is a related post now
    assert "posts/2025/post-2/index.html" not in changed  # t0 only
    assert {"index.html", "tags/t1/index.html", "sitemap.xml", "atom.xml"} <= changed


def test_deleting_a_post_removes_its_page(blog: Path) -> None:
    changed, _rendered, every = step(blog, lambda root: (root / "content/posts/post-3.md").unlink())
    assert "posts/2025/post-3/index.html" in changed
    assert "posts/2025/post-3/index.html" not in every


def test_renaming_a_post_moves_its_page(blog: Path) -> None:
    def change(root: Path) -> None:
        (root / "content/posts/post-3.md").rename(root / "content/posts/renamed.md")

    changed, _rendered, every = step(blog, change)
    assert {"posts/2025/post-3/index.html", "posts/2025/renamed/index.html"} <= changed
    assert "posts/2025/renamed/index.html" in every
    assert "posts/2025/post-3/index.html" not in every


def test_a_config_change_rebuilds_everything(blog: Path) -> None:
    def change(root: Path) -> None:
        replace_in(root / "blogfolio.toml", 'title = "Blog"', 'title = "New name"')

    changed, rendered, every = step(blog, change)
    html = {p for p in every if p.endswith(".html")}
    assert html <= changed
    assert rendered == len(html)


def test_a_data_change_reaches_templates(blog: Path) -> None:
    def change(root: Path) -> None:
        (root / "templates").mkdir(exist_ok=True)
        (root / "templates/page.html").write_text("<p>{{ site.data.info.motto }}</p>")

    step(blog, change)

    def edit(root: Path) -> None:
        (root / "data/info.yaml").write_text("motto: rest well\n")

    changed, _rendered, _ = step(blog, edit)
    assert "about/index.html" in changed


def test_an_edit_that_changes_nothing_rewrites_nothing(blog: Path) -> None:
    changed, rendered, _ = step(blog, lambda root: touch_later(root / "content/posts/post-4.md"))
    assert changed == set()
    assert rendered == 0


def test_a_title_edit_rerenders_exactly_the_pages_that_show_the_card(blog: Path) -> None:
    def change(root: Path) -> None:
        replace_in(root / "content/posts/post-4.md", "title: Post 4", "title: Renamed four")

    changed, rendered, _ = step(blog, change)
    html = {p for p in changed if p.endswith(".html")}
    # its page, both neighbours, the home page showing it, its tag and category, the archives
    assert {
        "posts/2025/post-4/index.html", "posts/2025/post-3/index.html",
        "posts/2025/post-5/index.html", "tags/t0/index.html", "archives/index.html",
    } <= html  # fmt: skip
    assert "posts/2025/post-1/index.html" not in html
    assert rendered == len(html)  # nothing re-rendered only to come out the same


def test_a_title_edit_leaves_the_other_years_archive_pages_alone(make_site: SiteFactory) -> None:
    """Every archive page lists the years (from `site.years`, which holds every post), but
    only the all-years page and the post's own year list its title."""
    files = {
        f"content/posts/p{year}.md": post(f"Written in {year}", f"{year}-03-01")
        for year in (2022, 2023, 2024)
    }
    root = make_site(files, 'title = "Years"\nbase_url = "https://example.org/"\n')

    def change(root: Path) -> None:
        replace_in(root / "content/posts/p2023.md", "Written in 2023", "Retitled in 2023")

    changed, rendered, _ = step(root, change)
    archives = {p for p in changed if p.startswith("archives/")}
    assert archives == {"archives/index.html", "archives/2023/index.html"}
    assert rendered == len({p for p in changed if p.endswith(".html")})


def test_a_page_listing_a_years_posts_from_site_years_follows_their_titles(
    make_site: SiteFactory,
) -> None:
    """A theme may read a year's posts out of `site.years` anywhere, by attribute or by
    item: then that page depends on their titles too."""
    files = {
        f"content/posts/p{year}.md": post(f"Written in {year}", f"{year}-03-01")
        for year in (2022, 2023)
    }
    files["content/about.md"] = "---\ntitle: About\n---\n\nAbout me.\n"
    files["templates/page.html"] = (  # a page whose context holds no post but its own
        "{% for y in site.years %}<h2>{{ y.year }}</h2>"
        "{% for p in y['posts'] %}<p>{{ p.title }}</p>{% endfor %}{% endfor %}"
    )
    root = make_site(files, 'title = "Years"\nbase_url = "https://example.org/"\n')

    def change(root: Path) -> None:
        replace_in(root / "content/posts/p2023.md", "Written in 2023", "Retitled in 2023")

    changed, _rendered, _ = step(root, change)  # step compares with a full build
    assert "about/index.html" in changed


def test_a_body_edit_renders_far_fewer_pages_than_a_title_edit(blog: Path) -> None:
    def body(root: Path) -> None:
        replace_in(root / "content/posts/post-4.md", "More words in post 4.", "Other words, more.")

    def title(root: Path) -> None:
        replace_in(root / "content/posts/post-4.md", "title: Post 4", "title: Four, renamed")

    _changed, body_renders, _ = step(blog, body)
    _changed, title_renders, _ = step(blog, title)
    assert body_renders == 1
    assert title_renders > 5


def test_a_rebuild_from_a_stored_cache_renders_nothing(blog: Path) -> None:
    store = MemoryStore()
    first = Builder(blog, OPTIONS, store).build()
    second = Builder(blog, OPTIONS, pickle.loads(pickle.dumps(store))).build()
    assert second.stats["routes_rendered"] == 0 and second.stats["bodies_rendered"] == 0
    assert contents(second) == contents(first)


@pytest.mark.parametrize("cached", [False, True])
def test_output_is_the_same_for_any_number_of_jobs(make_site: SiteFactory, cached: bool) -> None:
    """Enough pages and bodies for both to go to worker processes with --jobs 2."""
    files = {
        f"content/posts/p{i:03}.md": post(
            f"Post {i}", f"2024-{i % 12 + 1:02}-{i % 27 + 1:02}",
            body=f"Words {i}.\n\n```python\nx = {i}\n```\n\nSee [next](p{(i + 1) % 230:03}.md).",
            tags=f"[t{i % 9}, shared]",
        )
        for i in range(230)
    }  # fmt: skip
    root = make_site(files)
    outputs = []
    for jobs in (1, 2):
        store = MemoryStore() if cached else NullStore()
        options = BuildOptions(now=FIXED_NOW, jobs=jobs)
        outputs.append(contents(Builder(root, options, store).build()))
        if cached:  # and again, from what the other process count stored
            warm = Builder(root, BuildOptions(now=FIXED_NOW, jobs=3 - jobs), store).build()
            outputs.append(contents(warm))
    assert all(out == outputs[0] for out in outputs[1:])


def test_a_new_blogfolio_version_reuses_nothing(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = MemoryStore()
    first = Builder(blog, OPTIONS, store).build()
    monkeypatch.setattr("blogfolio.build.__version__", "999.0")
    again = Builder(blog, OPTIONS, store).build()
    assert again.stats["bodies_rendered"] == first.stats["bodies_rendered"] > 0
    assert again.stats["routes_rendered"] == first.stats["routes_rendered"] > 0
    assert contents(again) == contents(first)


def test_a_stored_body_is_rendered_again_when_a_post_it_links_to_moves(
    make_site: SiteFactory,
) -> None:
    root = make_site({
        "content/posts/a.md": post("A", "2025-01-01", body="See [b](b.md)."),
        "content/posts/b.md": post("B", "2025-01-02"),
    })  # fmt: skip
    builder = Builder(root, OPTIONS)
    first = contents(builder.build())
    assert b'href="../b/"' in first["posts/2025/a/index.html"]
    (root / "content/posts/b.md").write_text(post("B", "2025-01-02", slug="bee"))
    result = builder.build(changed={root / "content/posts/b.md"})
    assert result.stats["bodies_rendered"] == 2  # b itself, and a, whose link now goes elsewhere
    assert b'href="../bee/"' in contents(result)["posts/2025/a/index.html"]
    (root / "content/posts/b.md").unlink()
    with pytest.raises(BuildError) as info:
        builder.build(changed={root / "content/posts/b.md"})
    assert "content/posts/a.md:6" in format_diagnostic(info.value.diagnostics[0])
