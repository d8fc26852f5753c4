"""The benchmark's one-post edits and its Hugo and Pelican sites change what they claim to.

A benchmark figure for "one post's body edited" is worthless if the edit touched the
title, a code block or the word count, so these check the edits on generated posts
and on hand-written hostile ones. No timing is measured or asserted.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _sibling(name: str) -> Any:
    """Import a benchmark script as a module (benchmarks/ is not a package)."""
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module(name)


edits = _sibling("edits")
generate = _sibling("generate")
others = _sibling("others")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small generated benchmark site."""
    out = tmp_path_factory.mktemp("bench") / "site"
    generate.write_files(generate.site_files(40), out)
    return out


def _changed_lines(before: str, after: str) -> list[tuple[int, str, str]]:
    old, new = before.split("\n"), after.split("\n")
    assert len(old) == len(new)
    return [(i, a, b) for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]


def test_body_edit_changes_one_prose_word_deep_in_the_body(site: Path) -> None:
    post = edits.pick_post(site)
    text = post.read_text(encoding="utf-8")
    edited = edits.edit_body(text, 7)
    head, body = edits.split_front_matter(text)
    assert edited.startswith(head)
    [(line, old, new)] = _changed_lines(text, edited)
    assert line - head.count("\n") >= body.count("\n") * 2 // 3
    assert "revised7" in new and len(new.split()) == len(old.split())
    assert not new.startswith(("#", "|", "-", ">", "```", "[^"))


def test_repeated_edits_differ_from_each_other(site: Path) -> None:
    text = edits.pick_post(site).read_text(encoding="utf-8")
    for edit in (edits.edit_body, edits.edit_title, edits.edit_summary):
        assert len({edit(text, i) for i in range(3)} | {text}) == 4


def test_title_edit_touches_only_the_title_and_does_not_pile_up(site: Path) -> None:
    text = edits.pick_post(site).read_text(encoding="utf-8")
    once = edits.edit_title(text, 1)
    [(_line, old, new)] = _changed_lines(text, once)
    assert old.startswith("title: ") and new.endswith(' (revision 1)"')
    twice = edits.edit_title(once, 2)
    assert "(revision 1)" not in twice and twice.count("(revision 2)") == 1


def test_summary_edit_changes_the_first_paragraph(site: Path) -> None:
    text = edits.pick_post(site).read_text(encoding="utf-8")
    _head, body = edits.split_front_matter(text)
    first_paragraph = body.lstrip("\n").split("\n\n")[0].split("\n")
    [(_line, old, new)] = _changed_lines(text, edits.edit_summary(text, 3))
    assert old in first_paragraph and "revised3" in new


def test_edits_never_touch_fenced_code() -> None:
    code = "\n".join(["```python", "Total = compute(items)", "```"] * 20)
    text = '---\ntitle: "T"\n---\n\nThe opening sentence is here.\n\n' + code + "\n"
    with pytest.raises(ValueError, match="no prose line deep enough"):
        edits.edit_body(text, 0)


def test_edits_leave_links_code_and_emphasis_alone() -> None:
    deep = "Later, see [the *other* post](older-notes.md) `code` **bold** then words."
    text = '---\ntitle: "T"\n---\n\n' + deep + "\n\n" + deep + "\n"
    for edit in (edits.edit_body, edits.edit_summary):
        [(_line, old, new)] = _changed_lines(text, edit(text, 5))
        assert new == old.replace(" then ", " revised5 ")


def test_summary_edit_refuses_a_post_with_a_summary_field() -> None:
    text = '---\ntitle: "T"\nsummary: "Given."\n---\n\nThe opening sentence is here.\n'
    with pytest.raises(ValueError, match="summary"):
        edits.edit_summary(text, 0)


def test_hugo_site_has_the_same_posts_without_hugo_reserved_fields(
    site: Path, tmp_path: Path
) -> None:
    posts = others.read_posts(site)
    others.write_hugo_site(site, posts, tmp_path / "hugo")
    written = sorted((tmp_path / "hugo" / "content" / "posts").rglob("*.md"))
    assert len(written) == len(posts) == 40
    for post in posts:
        text = (tmp_path / "hugo" / "content" / "posts" / post.rel).read_text(encoding="utf-8")
        end = text.index("\n---\n", 4)
        meta = yaml.safe_load(text[4:end])
        assert "kind" not in meta
        assert meta["title"] == post.meta["title"] and meta["tags"] == post.meta["tags"]
        assert isinstance(meta["date"], str)  # ISO text, which Hugo reads
        assert text[end + 5 :] == post.body
    assert (tmp_path / "hugo" / "layouts" / "baseof.html").is_file()


def test_pelican_site_drops_date_prefixes_and_keeps_bodies(site: Path, tmp_path: Path) -> None:
    posts = others.read_posts(site)
    others.write_pelican_site(site, posts, tmp_path / "pelican")
    names = {p.stem for p in (tmp_path / "pelican" / "content" / "posts").glob("*.md")}
    assert len(names) == len(posts)
    assert not any(others.DATE_PREFIX.match(name) for name in names)
    sample = next(p for p in posts if not p.rel.endswith("/index.md"))
    slug = others.DATE_PREFIX.sub("", Path(sample.rel).stem)
    text = (tmp_path / "pelican" / "content" / "posts" / f"{slug}.md").read_text(encoding="utf-8")
    assert text.startswith(f"Title: {sample.meta['title']}\n")
    assert text.endswith(sample.body)
