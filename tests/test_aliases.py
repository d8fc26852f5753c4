"""`aliases:` in front matter: old addresses that redirect to a page, and their collisions."""

from __future__ import annotations

import pytest

from blogfolio.build import BuildOptions, build
from blogfolio.errors import BuildError, format_diagnostic
from blogfolio.render.routes import normalise_alias
from conftest import FIXED_NOW, SiteFactory, post


def files(result: object) -> dict[str, str]:
    return {f.path: (f.data or b"").decode() for f in result.files}  # type: ignore[attr-defined]


def test_aliases_write_redirect_pages(make_site: SiteFactory) -> None:
    root = make_site(
        {
            "content/posts/hello.md": post(
                "Hello <World>", aliases="[/2014/03/05/hello/, /old.html, /posts/2025/hello/]"
            ),
            "content/about.md": "---\ntitle: About\naliases: [/about-me]\n---\n\nHi.\n",
        }
    )
    out = files(build(root, BuildOptions(now=FIXED_NOW)))
    page = out["2014/03/05/hello/index.html"]
    assert '<meta http-equiv="refresh" content="0; url=../../../../posts/2025/hello/">' in page
    assert '<link rel="canonical" href="https://example.org/posts/2025/hello/">' in page
    assert "<title>Moved: Hello &lt;World&gt;</title>" in page
    assert '<meta http-equiv="refresh" content="0; url=posts/2025/hello/">' in out["old.html"]
    assert 'content="0; url=../about/"' in out["about-me/index.html"]
    assert "2014/03/05" not in out["sitemap.xml"]


@pytest.mark.parametrize(
    ("aliases", "message"),
    [
        ("[/archives/]", "alias /archives/ is already taken by the archives page"),
        ("[/posts/2025/other/]", "alias /posts/2025/other/ is already taken by content/posts/"),
        ("[/?p=12]", "a static site cannot redirect an address with a ?query"),
        ("[old/path/]", "must start with '/'"),
        ("[/a/../b/]", "must not contain '.', '..'"),
        ("[/]", "cannot be the home page"),
    ],
)
def test_bad_or_taken_aliases_are_errors(
    make_site: SiteFactory, aliases: str, message: str
) -> None:
    root = make_site(
        {
            "content/posts/hello.md": post("Hello", aliases=aliases),
            "content/posts/other.md": post("Other"),
        }
    )
    with pytest.raises(BuildError) as info:
        build(root, BuildOptions(now=FIXED_NOW))
    (text,) = [format_diagnostic(d) for d in info.value.diagnostics]
    assert text.startswith("content/posts/hello.md: error: alias")
    assert message in text


def test_two_pages_cannot_share_an_alias(make_site: SiteFactory) -> None:
    root = make_site(
        {
            "content/posts/a.md": post("A", "2025-01-11", aliases="[/old/]"),
            "content/posts/b.md": post("B", "2025-01-10", aliases="[/old/]"),
        }
    )
    with pytest.raises(BuildError) as info:
        build(root, BuildOptions(now=FIXED_NOW))
    (text,) = [format_diagnostic(d) for d in info.value.diagnostics]
    assert text == (
        "content/posts/b.md: error: alias /old/ is already taken by an alias of "
        "content/posts/a.md\n  hint: an alias is an old site path such as "
        "/2014/03/05/my-post/, used by no other page"
    )


def test_alias_normalisation() -> None:
    assert normalise_alias("/2014/03/caf%C3%A9") == ("/2014/03/café/", None)
    assert normalise_alias("https://old.example/a/b/") == ("/a/b/", None)
    assert normalise_alias("/feed.xml") == ("/feed.xml", None)
