"""Rebuilds in one process make views, routes and digests only for what changed.

Between the rebuilds of `serve`, an unchanged post keeps its page, views, routes and
their digests as the very objects of the last build (`Recall`, keyed by identity);
`builder.recall.made` counts, per table, what had to be made again in the last build.
Each test also checks the output against a clean build without any store.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from pathlib import Path
from typing import Any

import pytest

from blogfolio.build import Builder, BuildOptions
from blogfolio.cache.recall import SWEEP, Recall
from blogfolio.cache.store import MemoryStore, NullStore
from blogfolio.errors import BuildError
from blogfolio.model import BuildResult
from blogfolio.pipeline import found as found_module
from conftest import FIXED_NOW, SiteFactory, post

OPTIONS = BuildOptions(now=FIXED_NOW, fingerprint_assets=False, jobs=1)
POSTS = 9


def contents(result: BuildResult) -> dict[str, bytes]:
    return {f.path: f.data if f.data is not None else b"" for f in result.files}


@pytest.fixture
def blog(make_site: SiteFactory) -> Path:
    files = {
        f"content/posts/post-{i}.md": post(
            f"Post {i}", f"2025-01-{i:02d}", body=f"Opening of post {i}.\n\nMore words in {i}.",
            tags=f"[t{i % 3}]",
        )
        for i in range(1, POSTS + 1)
    }  # fmt: skip
    files["content/about.md"] = "---\ntitle: About\n---\n\nAbout me.\n"
    config = 'title = "Blog"\nbase_url = "https://example.org/"\n'
    config += "[collections.posts]\npaginate = 2\n"
    return make_site(files, config)


def rebuild(root: Path, builder: Builder, path: Path | None, old: str, new: str) -> BuildResult:
    """Edit one file (when given) and rebuild with the watcher's list of changed paths."""
    if path is not None:
        path.write_text(path.read_text().replace(old, new))
    result = builder.build(changed={path} if path is not None else set())
    fresh = Builder(root, OPTIONS, NullStore()).build()
    assert contents(result) == contents(fresh), "the rebuild differs from a clean build"
    return result


def test_a_rebuild_with_nothing_changed_makes_no_page_view_or_list_route(blog: Path) -> None:
    builder = Builder(blog, OPTIONS, MemoryStore())
    first = builder.build()
    assert first.stats["routes_rendered"] > 20
    result = rebuild(blog, builder, None, "", "")
    made = builder.recall.made
    tables = ("page", "card", "full", "content route", "list route", "list routes",
              "card digest", "year", "archive route", "year route", "terms route")  # fmt: skip
    for table in tables:
        assert made.get(table, 0) == 0, (table, made)
    assert made.get("own digest", 0) == 0
    assert result.stats["routes_rendered"] == 0


def test_a_body_edit_makes_one_card_and_keeps_everything_that_shows_it(blog: Path) -> None:
    builder = Builder(blog, OPTIONS, MemoryStore())
    builder.build()
    post_5 = blog / "content/posts/post-5.md"
    result = rebuild(blog, builder, post_5, "More words in 5.", "Other words in 5.")
    made = builder.recall.made
    assert made["page"] == 1
    assert made["card"] == 1  # the edited post's card; the other posts' cards are kept
    # The new card shows what the last one showed, so the last card object is kept: the
    # neighbours that link to it, the posts sharing its tag (t2: posts 2 and 8) that list
    # it as related, and every list page stay as they were. Only its own view is new.
    assert made["full"] == 1
    assert made["content route"] == 1
    assert made.get("own digest", 0) == 1
    for table in ("list routes", "list route", "card digest", "year", "archive route",
                  "terms route"):
        assert made.get(table, 0) == 0, (table, made)
    assert result.stats["bodies_rendered"] == 1
    assert result.stats["routes_rendered"] == 1  # cards show no body: only its own page


def test_a_card_equal_to_the_last_but_shown_differently_is_made_again(
    make_site: SiteFactory,
) -> None:
    """`rating: 1` and `rating: 1.0` are equal in Python, but a theme that prints the
    rating on its cards prints "1" and "1.0": the old card must not be kept."""
    files = {f"content/posts/post-{i}.md": post(f"Post {i}", f"2025-01-0{i}", rating="1")
             for i in range(1, 4)}  # fmt: skip
    files["templates/partials/post-meta.html"] = "<p>rated {{ post.extra.rating }}</p>"
    root = make_site(files, 'title = "Blog"\nbase_url = "https://example.org/"\n')
    builder = Builder(root, OPTIONS, MemoryStore())
    assert b"rated 1<" in contents(builder.build())["index.html"]
    post_2 = root / "content/posts/post-2.md"
    result = rebuild(root, builder, post_2, "rating: 1", "rating: 1.0")
    assert builder.recall.made["card"] == 1
    assert b"rated 1.0<" in contents(result)["index.html"]


def test_a_title_edit_remakes_the_lists_that_show_the_card(blog: Path) -> None:
    builder = Builder(blog, OPTIONS, MemoryStore())
    builder.build()
    post_5 = blog / "content/posts/post-5.md"
    result = rebuild(blog, builder, post_5, "title: Post 5", "title: Post five")
    made = builder.recall.made
    assert made["card"] == 1
    # the home page and the tag page holding post 5; every other list page is kept
    assert made["list route"] == 2
    assert made["year"] == made["archive route"] == made["year route"] == 1  # 2025's
    assert made.get("terms route", 0) == 0  # the same tags with the same counts
    assert result.stats["bodies_rendered"] == 0  # a new front matter, the same body text


def test_a_new_post_changes_the_term_counts_every_card_shows(blog: Path) -> None:
    builder = Builder(blog, OPTIONS, MemoryStore())
    builder.build()
    extra = blog / "content/posts/post-10.md"
    extra.write_text(post("Post 10", "2025-01-10", body="A late one.", tags="[t1]"))
    result = builder.build(changed={extra})
    assert contents(result) == contents(Builder(blog, OPTIONS, NullStore()).build())
    assert builder.recall.made["card"] == POSTS + 2  # every card (tag counts), the about page


def test_a_store_that_remembers_nothing_recalls_nothing(blog: Path) -> None:
    builder = Builder(blog, OPTIONS, NullStore())
    builder.build()
    builder.build(changed=set())
    assert len(builder.recall) == 0
    assert builder.recall.made["card"] == POSTS + 1


def test_a_new_configuration_forgets_everything() -> None:
    recall = Recall()
    thing = object()
    recall.begin(b"one")
    recall.put("table", (thing,), "made from thing")
    assert recall.get("table", (thing,)) == "made from thing"
    recall.end_build()
    recall.begin(b"two")
    assert recall.get("table", (thing,)) is None


def test_entries_unused_for_two_builds_are_dropped_and_release_their_objects() -> None:
    recall = Recall()
    recall.begin(b"base")
    recall.put("table", (object(),), "old")
    for _ in range(SWEEP):
        recall.end_build()
        recall.begin(b"base")
    assert len(recall) == 0


def test_a_file_edited_in_place_is_the_only_one_hashed_though_its_folder_is_named(
    blog: Path,
) -> None:
    builder = Builder(blog, OPTIONS, MemoryStore())
    builder.build()
    post_4 = blog / "content/posts/post-4.md"
    post_4.write_text(post_4.read_text().replace("More words in 4.", "Fewer words in 4."))
    result = builder.build(changed={post_4, post_4.parent})  # as watchers report a save
    assert builder.files.hashed == 1
    assert builder.recall.made.get("parse key", 0) == 1  # the other sources: the same objects
    assert contents(result) == contents(Builder(blog, OPTIONS, NullStore()).build())


def test_a_file_changed_without_its_own_event_is_hashed_again_by_its_stamp(blog: Path) -> None:
    builder = Builder(blog, OPTIONS, MemoryStore())
    builder.build()
    post_6 = blog / "content/posts/post-6.md"
    post_6.write_text(post_6.read_text().replace("title: Post 6", "title: Quietly renamed"))
    result = builder.build(changed={post_6.parent})  # only the folder was reported
    assert "Quietly renamed" in contents(result)["posts/2025/post-6/index.html"].decode()
    assert contents(result) == contents(Builder(blog, OPTIONS, NullStore()).build())


def test_a_file_added_with_only_its_folder_reported_is_found(blog: Path) -> None:
    builder = Builder(blog, OPTIONS, MemoryStore())
    builder.build()
    folder = blog / "content/posts"
    (folder / "post-0.md").write_text(post("Newcomer", "2025-02-01", body="Hello."))
    result = builder.build(changed={folder})
    assert "posts/2025/post-0/index.html" in contents(result)
    assert contents(result) == contents(Builder(blog, OPTIONS, NullStore()).build())


def test_a_file_added_deep_in_a_nested_folder_with_only_that_folder_reported_is_found(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deep = blog / "content/posts/2025/spring"
    deep.mkdir(parents=True)
    (deep / "first-deep.md").write_text(post("Deep one", "2025-03-01", body="Down here."))
    builder = Builder(blog, OPTIONS, MemoryStore())
    builder.build()
    (deep / "second-deep.md").write_text(post("Deep two", "2025-03-02", body="Also here."))
    result = builder.build(changed={deep})
    assert "Deep two" in contents(result)["index.html"].decode()
    walks: list[object] = []
    monkeypatch.setattr(found_module, "discover", lambda config: walks.append(config) or [])
    edited = deep / "second-deep.md"
    edited.write_text(edited.read_text().replace("Also here.", "Also down here."))
    result = builder.build(changed={edited, deep})  # its folder's listing is known: no walk
    assert walks == []
    assert "Also down here." in contents(result)["posts/2025/second-deep/index.html"].decode()
    monkeypatch.undo()
    (deep / "first-deep.md").unlink()
    result = builder.build(changed={deep})
    assert "Deep one" not in contents(result)["index.html"].decode()
    assert contents(result) == contents(Builder(blog, OPTIONS, NullStore()).build())


def test_a_sweep_keeps_what_the_last_two_builds_used() -> None:
    recall = Recall()
    kept, dropped = object(), object()
    recall.begin(b"base")
    recall.put("table", (kept,), "kept")
    recall.put("table", (dropped,), "dropped")
    for _ in range(SWEEP):
        recall.end_build()
        recall.begin(b"base")
        assert recall.get("table", (kept,)) == "kept"
    assert len(recall) == 1


Naming = Callable[[tuple[Any, ...], Any], str]
"""Names a recall lookup by its (objects, extra), for `asked_on_a_second_edit`."""


def asked_on_a_second_edit(
    blog: Path, monkeypatch: pytest.MonkeyPatch, names: Mapping[str, Naming]
) -> tuple[BuildResult, dict[str, set[str]]]:
    """Build, edit post 5's body, then edit it again noting every recall lookup in the
    tables of `names`, each named by its function of (objects, extra)."""
    builder = Builder(blog, OPTIONS, MemoryStore())
    builder.build()
    post_5 = blog / "content/posts/post-5.md"
    rebuild(blog, builder, post_5, "More words in 5.", "Other words in 5.")
    asked: dict[str, set[str]] = {table: set() for table in names}
    get = builder.recall.get

    def counted(table: str, objects: tuple[object, ...], extra: Hashable = ()) -> object:
        if table in names:
            asked[table].add(names[table](objects, extra))
        return get(table, objects, extra)

    monkeypatch.setattr(builder.recall, "get", counted)
    return rebuild(blog, builder, post_5, "Other words in 5.", "Third words in 5."), asked


def test_routes_in_the_last_builds_order_are_taken_without_a_lookup(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names: dict[str, Naming] = {"route reused": lambda objects, _extra: objects[0].url}
    result, asked = asked_on_a_second_edit(blog, monkeypatch, names)
    assert result.stats["routes_rendered"] == 1  # post 5's own page
    # Only post 5's route is new and looked up; the other post pages, every list page and
    # the pages made of new views every build (skills, 404, search) are taken by place.
    assert asked["route reused"] == {"/posts/2025/post-5/"}


def test_a_skill_added_to_a_post_reaches_the_skills_page_kept_by_place(blog: Path) -> None:
    builder = Builder(blog, OPTIONS, MemoryStore())
    builder.build()
    rebuild(blog, builder, None, "", "")  # walked from now on
    post_5 = blog / "content/posts/post-5.md"
    result = rebuild(blog, builder, post_5, "tags: [t2]", "tags: [t2]\nskills: [Listening]")
    skills = contents(result)["skills/index.html"].decode()
    assert "Listening" in skills and "Post 5" in skills
    result = rebuild(blog, builder, post_5, "More words in 5.", "Other words in 5.")
    assert contents(result)["skills/index.html"].decode() == skills


def test_cards_and_post_routes_in_the_last_builds_order_are_taken_without_a_lookup(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names: dict[str, Naming] = {
        "parse key": lambda objects, _extra: objects[0].rel,
        "body key": lambda objects, _extra: objects[0].source.rel,
        "card by url": lambda _objects, extra: extra[0],  # (URL, surroundings)
        "post route": lambda objects, _extra: objects[0].url,
    }
    _result, asked = asked_on_a_second_edit(blog, monkeypatch, names)
    assert asked["parse key"] == {"posts/post-5.md"}  # the only file that changed
    assert asked["body key"] == {"posts/post-5.md"}  # the only source parsed again
    assert asked["card by url"] == {"/posts/2025/post-5/"}  # the only new page object
    # Post 5's route, its neighbours' and those of the posts showing it as related (its
    # tag t2 is also on posts 2 and 8) are looked up; the others are taken by place.
    shown = {f"/posts/2025/post-{i}/" for i in (2, 4, 5, 6, 8)}
    assert asked["post route"] == shown


def test_tags_swapped_between_posts_choose_related_posts_again(blog: Path) -> None:
    builder = Builder(blog, OPTIONS, MemoryStore())
    builder.build()
    before = rebuild(blog, builder, None, "", "")  # walked from now on

    def related_to_5(result: BuildResult) -> str:
        return contents(result)["posts/2025/post-5/index.html"].decode().split("related-list")[1]

    assert ">Post 8</a>" in related_to_5(before) and ">Post 7</a>" not in related_to_5(before)
    # Every tag keeps its count, so every card and list stays as it was; only the
    # related posts change (post 5 is tagged t2, as 8 was and 7 is now).
    post_7, post_8 = blog / "content/posts/post-7.md", blog / "content/posts/post-8.md"
    post_7.write_text(post_7.read_text().replace("tags: [t1]", "tags: [t2]"))
    post_8.write_text(post_8.read_text().replace("tags: [t2]", "tags: [t1]"))
    after = builder.build(changed={post_7, post_8})
    assert contents(after) == contents(Builder(blog, OPTIONS, NullStore()).build())
    assert ">Post 7</a>" in related_to_5(after) and ">Post 8</a>" not in related_to_5(after)


def test_a_contact_edit_reaches_the_cards_taken_by_place(blog: Path) -> None:
    """A card shows the public names and roles of the contacts its post cites: a new
    role changes what every citing card shows, though the post itself is unchanged."""
    contact = blog / "content/networking/mentor.md"
    contact.parent.mkdir(parents=True)
    contact.write_text(
        "---\nname: Sam Rivera\ndate: 2025-01-02\nrole: Data analyst\norganization: Clinic\n"
        "public: true\nconsent: true\n---\n\nWe talked about dashboards.\n"
    )
    post_5 = blog / "content/posts/post-5.md"
    post_5.write_text(post_5.read_text().replace("tags:", "contacts: [mentor]\ntags:"))
    builder = Builder(blog, OPTIONS, MemoryStore())
    builder.build()
    rebuild(blog, builder, None, "", "")  # walked from now on
    result = rebuild(blog, builder, contact, "Data analyst", "Lead analyst")
    assert "Lead analyst" in contents(result)["posts/2025/post-5/index.html"].decode()


def test_cards_taken_by_their_place_are_found_after_sweeps_when_the_order_shifts(
    blog: Path,
) -> None:
    builder = Builder(blog, OPTIONS, MemoryStore())
    builder.build()
    post_5 = blog / "content/posts/post-5.md"
    words = ["More", "Other"]
    for i in range(3 * SWEEP):  # sweeps while every other card is taken by place
        rebuild(
            blog, builder, post_5, f"{words[i % 2]} words in 5.", f"{words[1 - i % 2]} words in 5."
        )
    control = Builder(blog, OPTIONS, MemoryStore())
    control.build()
    post_3 = blog / "content/posts/post-3.md"
    result = rebuild(blog, builder, post_3, "2025-01-03", "2025-01-20")  # to the top
    made = builder.recall.made
    expected = control.build(changed={post_3})
    assert made["card"] == control.recall.made["card"] == 1  # post 3's: its date changed
    assert made["full"] == control.recall.made["full"]
    # Every place shifted, yet no body renders again: the walks pinned what they took.
    assert result.stats["bodies_rendered"] == expected.stats["bodies_rendered"] == 0


def routes_for_a_new_post(blog: Path, builder: Builder) -> tuple[float, float]:
    """Routes `builder` renders when a post is added, and what a builder that has built
    the site once renders for the same addition."""
    extra = blog / "content/posts/post-10.md"
    text = post("Post 10", "2025-01-10", body="A late one.", tags="[t1]")
    extra.write_text(text)
    rendered = builder.build(changed={extra}).stats["routes_rendered"]
    extra.unlink()
    control = Builder(blog, OPTIONS, MemoryStore())
    control.build()
    extra.write_text(text)
    return rendered, control.build(changed={extra}).stats["routes_rendered"]


def test_routes_taken_by_their_place_keep_their_stored_pages_through_sweeps(blog: Path) -> None:
    builder = Builder(blog, OPTIONS, MemoryStore())
    builder.build()
    post_5 = blog / "content/posts/post-5.md"
    words = ["More", "Other"]
    for i in range(3 * SWEEP):  # several sweeps of both the store and the recall table
        rebuild(
            blog, builder, post_5, f"{words[i % 2]} words in 5.", f"{words[1 - i % 2]} words in 5."
        )
    # A new post shifts every place, so each route is looked up again: the pages kept
    # alive by their places are still stored, and only what the new post changed renders.
    after_sweeps, expected = routes_for_a_new_post(blog, builder)
    assert after_sweeps == expected
    assert expected < 20  # the sweeps would have dropped every page: all would render


def test_failed_builds_do_not_sweep_what_the_next_whole_build_reuses(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from blogfolio.errors import Diagnostic
    from blogfolio.pipeline import outputs
    from blogfolio.pipeline.outcome import Outcome

    builder = Builder(blog, OPTIONS, MemoryStore())
    builder.build()
    builder.build(changed=set())  # every route reused, so walked from now on
    real = outputs.render_site

    def broken(*args: object, **kwargs: object) -> object:
        """The theme failing to load: the stage stops before any page is looked at."""
        return Outcome(outputs.Output((), 0), (Diagnostic("theme.toml: broken"),))

    monkeypatch.setattr(outputs, "render_site", broken)
    for _ in range(3 * SWEEP):  # a student saving again and again while it is broken
        with pytest.raises(BuildError):
            builder.build(changed=set())
    monkeypatch.setattr(outputs, "render_site", real)
    assert builder.build(changed=set()).stats["routes_rendered"] == 0
    after_failures, expected = routes_for_a_new_post(blog, builder)
    assert after_failures == expected < 20
