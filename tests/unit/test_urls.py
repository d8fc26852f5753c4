"""Site paths and the relative URLs between them."""

from __future__ import annotations

import posixpath

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from blogfolio.urls import _relpath, absolute_url, is_external, output_file, relative_url


@pytest.mark.parametrize(
    ("from_path", "to_path", "expected"),
    [
        ("/", "/", "./"),
        ("/", "/posts/2025/x/", "posts/2025/x/"),
        ("/posts/2025/x/", "/", "../../../"),
        ("/posts/2025/x/", "/posts/2025/x/", "./"),
        ("/posts/2025/x/", "/posts/2025/y/", "../y/"),
        ("/posts/2025/x/", "/posts/2024/y/", "../../2024/y/"),
        ("/posts/2025/x/", "/tags/career/", "../../../tags/career/"),
        ("/posts/2025/x/", "/css/style.css", "../../../css/style.css"),
        ("/page/2/", "/page/3/", "../3/"),
        ("/page/2/", "/", "../../"),
        ("/404.html", "/", "./"),
        ("/404.html", "/about/", "about/"),
        ("/a/b.html", "/a/c.html", "c.html"),
        ("/a/b.html", "/feed.json", "../feed.json"),
        ("/posts/2025/x/", "/posts/2025/x/#top", "./#top"),
        ("/posts/2025/x/", "#top", "#top"),
        ("/posts/2025/x/", "/about/#team", "../../../about/#team"),
        ("/posts/2025/日本語/", "/posts/2025/café/", "../café/"),
        ("/x/", "https://example.org/a", "https://example.org/a"),
        ("/x/", "mailto:a@b.c", "mailto:a@b.c"),
    ],
)
def test_relative_url(from_path: str, to_path: str, expected: str) -> None:
    assert relative_url(from_path, to_path) == expected


@pytest.mark.parametrize(
    ("href", "external"),
    [
        ("https://a.b/", True),
        ("http://a.b", True),
        ("mailto:x@y.z", True),
        ("//cdn.example.org/x.js", True),
        ("/posts/", False),
        ("../b/", False),
        ("b.md", False),
        ("#frag", False),
    ],
)
def test_is_external(href: str, external: bool) -> None:
    assert is_external(href) is external


@pytest.mark.parametrize(
    ("site_path", "file"),
    [
        ("/", "index.html"),
        ("/posts/2025/x/", "posts/2025/x/index.html"),
        ("/404.html", "404.html"),
        ("/css/style.css", "css/style.css"),
        ("", "index.html"),
    ],
)
def test_output_file(site_path: str, file: str) -> None:
    assert output_file(site_path) == file


@pytest.mark.parametrize(
    ("base", "path", "url"),
    [
        ("https://x.org/", "/", "https://x.org/"),
        ("https://x.org/", "/posts/a/", "https://x.org/posts/a/"),
        ("https://x.org/blog/", "/posts/a/", "https://x.org/blog/posts/a/"),
        ("https://x.org/blog", "/atom.xml", "https://x.org/blog/atom.xml"),
        ("https://x.org/blog/", "/", "https://x.org/blog/"),
        ("https://x.org/blog/", "https://other.org/x", "https://other.org/x"),
    ],
)
def test_absolute_url(base: str, path: str, url: str) -> None:
    assert absolute_url(base, path) == url


_segments = st.lists(st.sampled_from(["a", "b", "posts", "2025", "x.html", ".", "..", "", "é"]),
                     max_size=5)  # fmt: skip


@settings(max_examples=300, deadline=None, database=None)
@given(path=_segments, start=_segments, rooted=st.booleans())
def test_relpath_agrees_with_posixpath(path: list[str], start: list[str], rooted: bool) -> None:
    """The fast relative path is the standard library's for every pair it handles."""
    there = ("/" if rooted else "") + "/".join(path)
    here = "/" + "/".join(start)
    assume(there)  # never asked: an empty target is the root
    assert _relpath(there, here) == posixpath.relpath(there, here)
