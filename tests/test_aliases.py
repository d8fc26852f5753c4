"""`aliases:` in front matter: old addresses that redirect to a page, and their collisions."""

from __future__ import annotations

from pathlib import Path

import pytest

from blogfolio.build import BuildOptions, build
from blogfolio.errors import BuildError, format_diagnostic
from blogfolio.render.minify import minify_asset
from blogfolio.render.routes import normalise_alias
from conftest import FIXED_NOW, REPO, SiteFactory, post, run_cli


def files(result: object) -> dict[str, str]:
    found = result.files  # type: ignore[attr-defined]
    return {f.path: (f.data or b"").decode(errors="replace") for f in found}  # the index is binary


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
    assert text.startswith("content/posts/hello.md:4: error: alias")
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
        "content/posts/b.md:4: error: alias /old/ is already taken by an alias of "
        "content/posts/a.md:4\n  hint: an alias is an old site path such as "
        "/2014/03/05/my-post/, used by no other page or file"
    )


def test_alias_normalisation() -> None:
    assert normalise_alias("/2014/03/caf%C3%A9") == ("/2014/03/café/", None)
    assert normalise_alias("https://old.example/a/b/") == ("/a/b/", None)
    assert normalise_alias("/feed.xml") == ("/feed.xml", None)


def errors_of(root: Path) -> list[str]:
    with pytest.raises(BuildError) as info:
        build(root, BuildOptions(now=FIXED_NOW))
    return [format_diagnostic(d) for d in info.value.diagnostics]


ALIAS_HINT = (
    "  hint: an alias is an old site path such as /2014/03/05/my-post/, "
    "used by no other page or file"
)


@pytest.mark.parametrize(
    ("alias", "taken_by"),
    [
        ("/atom.xml", "the Atom feed atom.xml"),
        ("/rss.xml", "the RSS feed rss.xml"),
        ("/feed.json", "the JSON feed feed.json"),
        ("/sitemap.xml", "the sitemap sitemap.xml"),
        ("/robots.txt", "the generated file robots.txt"),
        ("/css/highlight.css", "the generated file css/highlight.css"),
        ("/css/style.css", "the theme's static/css/style.css"),
        ("/JS/Site.js", "the theme's static/js/site.js"),
        ("/posts/2025/other/comments.xml", "the comment feed posts/2025/other/comments.xml"),
        ("/posts/2025/trip/photo.jpg", "content/posts/trip/photo.jpg"),
        ("/files/cv.pdf", "static/files/cv.pdf"),
        ("/posts/2025/other/index.html", "content/posts/other.md:1"),
    ],
)
def test_an_alias_never_overwrites_another_output(
    make_site: SiteFactory, alias: str, taken_by: str
) -> None:
    root = make_site(
        {
            "content/posts/hello.md": post("Hello", aliases=f"[{alias}]"),
            "content/posts/other.md": post("Other"),
            "content/posts/trip/index.md": post("Trip", body="![A photo](photo.jpg)"),
            "content/posts/trip/photo.jpg": b"jpeg bytes",
            "static/files/cv.pdf": b"%PDF",
        }
    )
    assert errors_of(root) == [
        f"content/posts/hello.md:4: error: alias {alias} is already taken by {taken_by}\n"
        + ALIAS_HINT
    ]


def test_the_alias_line_is_the_aliases_key_in_a_block_list(make_site: SiteFactory) -> None:
    text = "---\ntitle: Hello\ndate: 2025-01-10\ntags: [a]\naliases:\n  - /old/\n  - /atom.xml\n"
    text += "---\nHi\n"
    root = make_site({"content/posts/hello.md": text})
    (error,) = errors_of(root)
    assert error.startswith("content/posts/hello.md:5: error: alias /atom.xml is already taken")


def test_a_static_file_may_not_replace_a_generated_one(make_site: SiteFactory) -> None:
    root = make_site(
        {
            "content/posts/hello.md": post("Hello"),
            "static/atom.xml": "<feed>hand-made</feed>",
            "static/about/index.html": "<p>hand-made</p>",
            "content/about.md": "---\ntitle: About\n---\n\nHi.\n",
        }
    )
    assert errors_of(root) == [
        "static/about/index.html: error: static/about/index.html and content/about.md:1 "
        "both want the file about/index.html\n"
        "  hint: rename or move one of them: one path holds one file",
        "static/atom.xml: error: static/atom.xml and the Atom feed atom.xml both want "
        "the file atom.xml\n  hint: blogfolio writes atom.xml itself; rename or remove this file",
    ]


def test_a_bundle_file_may_not_replace_its_page(make_site: SiteFactory) -> None:
    root = make_site(
        {
            "content/posts/trip/index.md": post("Trip"),
            "content/posts/trip/index.html": "<p>an old export</p>",
        }
    )
    (error,) = errors_of(root)
    assert error.startswith(
        "content/posts/trip/index.html: error: content/posts/trip/index.html and "
        "content/posts/trip/index.md:1 both want the file posts/2025/trip/index.html"
    )


def test_site_static_still_overrides_the_theme(make_site: SiteFactory) -> None:
    root = make_site(
        {"content/posts/hello.md": post("Hello"), "static/css/style.css": "body { color: red }"}
    )
    files = {f.path: f for f in build(root, BuildOptions(now=FIXED_NOW)).files}
    assert files["css/style.css"].source == root / "static/css/style.css"


def test_a_single_alias_and_an_alias_of_the_page_itself(make_site: SiteFactory) -> None:
    root = make_site(
        {
            "content/posts/one.md": post("One", "2025-01-11", aliases="/old-one/"),
            "content/posts/two.md": post("Two", aliases="[/posts/2025/two/index.html, /Old-One/]"),
        }
    )
    assert errors_of(root) == [
        "content/posts/two.md:4: error: alias /Old-One/ is already taken by an alias of "
        "content/posts/one.md:4\n" + ALIAS_HINT
    ]
    (root / "content/posts/two.md").write_text(
        post("Two", aliases="[/posts/2025/two/index.html]"), "utf-8"
    )
    out = {f.path for f in build(root, BuildOptions(now=FIXED_NOW)).files}
    assert "old-one/index.html" in out  # one alias written without brackets
    assert "posts/2025/two/index.html" in out  # an alias of its own address is no redirect


WXR = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old blog</title><link>https://old.example</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://old.example</wp:base_site_url>
<wp:base_blog_url>https://old.example</wp:base_blog_url>
<item><title>Script in disguise</title><link>https://old.example/js/site.js</link>
<dc:creator>maya</dc:creator><content:encoded><![CDATA[<p>Hello.</p>]]></content:encoded>
<wp:post_id>7</wp:post_id><wp:post_date>2014-03-05 08:00:00</wp:post_date>
<wp:post_date_gmt>2014-03-05 14:00:00</wp:post_date_gmt>
<wp:post_name>script-in-disguise</wp:post_name><wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type></item>
</channel></rss>
"""


def test_an_imported_link_cannot_replace_the_theme_script(tmp_path: Path) -> None:
    export = tmp_path / "export.xml"
    export.write_text(WXR, "utf-8")
    site = tmp_path / "imported"
    imported = run_cli("import", "wordpress", str(export), "--into", str(site))
    assert imported.exit_code == 0
    assert "/js/site.js" in imported.output  # the refused alias is named in a warning
    post = (site / "content/posts/script-in-disguise/index.md").read_text("utf-8")
    assert "site.js" not in post
    assert run_cli("build", "--source", str(site)).exit_code == 0
    theme_script = REPO / "themes/default/static/js/site.js"
    published = minify_asset("js/site.js", theme_script.read_bytes())  # the theme's, minified
    assert (site / "site/js/site.js").read_bytes() == published
