"""WordPress fidelity: what a real export holds comes through the import and the build intact.

The fixture (tests/fixtures/wordpress-fidelity.xml) is written like a WordPress.com
export: https namespaces, classic-editor posts whose blocks are separated by single
newlines, inline semantics, a sticky post, `<!--more-->` and `<!--nextpage-->`, players
and media, aligned images, and a page with comments. Each test imports it with the
CLI and checks the Markdown, the built HTML, or both.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from blogfolio.build import BuildOptions, build
from blogfolio.content.frontmatter import load_yaml
from blogfolio.importers.wp_autop import autop
from blogfolio.importers.wp_html import to_markdown
from blogfolio.model import BuildResult
from conftest import FIXED_NOW, REPO, run_cli

EXPORT = REPO / "tests" / "fixtures" / "wordpress-fidelity.xml"
LAB = "posts/2015/lab-schedule/index.html"
EMBEDS = "content/posts/videos-links-pictures/index.md"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fidelity") / "site"
    result = run_cli("import", "wordpress", str(EXPORT), "--into", str(root))
    assert result.exit_code == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def built(site: Path) -> BuildResult:
    return build(site, BuildOptions(now=FIXED_NOW))


def html_of(result: BuildResult, path: str) -> str:
    item = next(f for f in result.files if f.path == path)
    assert item.data is not None
    return item.data.decode()


def prose(page: str) -> str:
    """The post's body: its `prose` div, with the divs shortcodes nest inside it."""
    start = page.index('<div class="prose">')
    depth = 0
    for tag in re.finditer(r"<div\b|</div>", page[start:]):
        depth += 1 if tag.group() == "<div" else -1
        if depth == 0:
            return page[start : start + tag.start()]
    raise AssertionError("the prose div is not closed")


def front_matter(path: Path) -> tuple[dict[str, Any], str]:
    _, block, body = path.read_text(encoding="utf-8").split("---\n", 2)
    meta = load_yaml(block)
    assert isinstance(meta, dict)
    return meta, body


def test_tables_and_lists_separated_by_single_newlines_stay_intact(built: BuildResult) -> None:
    body = prose(html_of(built, LAB))
    assert '<p>My lab rotation this term:</p>\n<div class="table-scroll">\n<table>' in body
    cells = re.findall(r"<t[hd]>(.*?)</t[hd]>", body)
    assert cells == ["Week", "Lab", "#1", "Titration  with indicators", "+2", "- Spectroscopy"]
    assert "<p>What to bring:</p>\n<ul>\n<li>goggles</li>\n<li>+ a notebook</li>\n</ul>" in body
    assert "<ol>\n<li>sign in</li>\n<li>set up the bench</li>\n</ol>" in body
    assert "<p>Two lines<br>\nin one paragraph.</p>" in body  # a single newline inside text
    assert "<blockquote>\n<p>Goggles on<br>\nbefore the burner.</p>\n</blockquote>" in body
    assert "<pre><code>keep\n   this\n\nspacing\n</code></pre>" in body
    assert "<h1" not in body and body.count("<h3") == 1  # no heading made of a cell's "#1"
    assert "\\" not in body and "|" not in body and "<br>\n<" not in body


def test_inline_semantics_and_html_titles(site: Path, built: BuildResult) -> None:
    page = html_of(built, LAB)
    for needle in (
        "E=mc<sup>2</sup>", "H<sub>2</sub>O", '<abbr title="Cascading Style Sheets">CSS</abbr>',
        "<kbd>Tab</kbd>", "<cite>The Lab Book</cite>", "<q>measure twice</q>", "<ins>added</ins>",
        "<del>dropped</del>", "<s>struck</s>", "<var>n</var>", "<small>small print</small>",
        "<mark>key point</mark>",
    ):  # fmt: skip
        assert needle in prose(page), needle
    meta, _ = front_matter(site / "content/posts/lab-schedule/index.md")
    assert meta["title"] == "Lab schedule & notes"  # tags gone, entity decoded
    assert "<h1>Lab schedule &amp; notes</h1>" in page and "&lt;em&gt;" not in page
    assert "<title>Lab schedule &amp; notes" in page


def test_sticky_post_is_pinned_first_on_the_home_page(site: Path, built: BuildResult) -> None:
    meta, _ = front_matter(site / "content/posts/start-here/index.md")
    assert meta["pinned"] is True
    others = [site / f"content/posts/{s}/index.md" for s in ("lab-schedule", "career-fair-recap")]
    assert all("pinned" not in front_matter(p)[0] for p in others)
    home = html_of(built, "index.html")
    posts = home[home.index('id="home-posts"') :]  # the home page's post list
    order = re.findall(r'<h[23] class="card-title"><a href="posts/\d{4}/([\w-]+)/"', posts)
    assert order == ["start-here", "career-fair-recap", "videos-links-pictures", "lab-schedule"]
    archive = html_of(built, "archives/index.html")  # other lists keep the date order
    assert archive.index("career-fair-recap") < archive.index("start-here")
    feed = html_of(built, "atom.xml")
    assert feed.index("career-fair-recap") < feed.index("start-here")
    newest = html_of(built, "posts/2016/career-fair-recap/index.html")
    assert 'rel="prev"' in newest or "Older" in newest  # neighbours still by date


def test_more_becomes_the_summary_and_pages_are_joined(site: Path, built: BuildResult) -> None:
    meta, body = front_matter(site / "content/posts/career-fair-recap/index.md")
    assert meta["summary"] == "The fair was busy, and I learned a lot."
    assert "<!--" not in body
    assert body.count("\n---\n") == 2  # a rule where each of the three pages ended
    page = prose(html_of(built, "posts/2016/career-fair-recap/index.html"))
    first, second, third = page.split("<hr>")
    assert "hospital laboratories" in first and "start-ups" in second and "water company" in third
    home = html_of(built, "index.html")
    assert "The fair was busy, and I learned a lot." in home
    assert "hospital laboratories" not in home  # the text after the marker is not the summary


def test_players_and_media_become_shortcodes(site: Path) -> None:
    _, body = front_matter(site / EMBEDS)
    shortcodes = re.findall(r"^\{\{< .* >\}\}$", body, re.M)
    assert shortcodes == [
        "{{< youtube abcDEF12345 >}}",
        "{{< vimeo 123456 >}}",
        '{{< video src="https://cdn.example.org/clips/demo.mp4" >}}',
        '{{< video src="https://cdn.example.org/clips/intro.webm" >}}',
        '{{< audio src="https://cdn.example.org/audio/interview.mp3" >}}',
    ]
    assert "\n<https://twitter.com/labfriend/status/1234567890>\n" in body  # a tweet: a link
    assert "\n<https://www.slideshare.net/labfriend/my-poster>\n" in body  # other oEmbed: a link
    assert "```\nhttps://www.youtube.com/watch?v=keepAsCode1\n```" in body  # code stays code
    # The post's own text can never turn into a shortcode or template tag.
    assert "{{< youtube notmine" not in body and "{{% raw" not in body
    assert "{&#123;&lt; youtube notmine >}}" in body
    report = (site / "wordpress-import.md").read_text(encoding="utf-8")
    assert f"https://cdn.example.org/clips/demo.mp4 (in `{EMBEDS}`)" in report


def test_no_wordpress_markup_is_left_in_any_page(built: BuildResult) -> None:
    pages = [f for f in built.files if f.path.endswith(".html") and f.data is not None]
    assert len(pages) > 10
    for file in pages:
        assert file.data is not None
        text = file.data.decode()
        for leftover in ("<!--", "[embed", "[video", "[audio", "[caption", "<iframe"):
            assert leftover not in text, (file.path, leftover)
    videos = html_of(built, "posts/2015/videos-links-pictures/index.html")
    assert videos.count('class="video-embed"') >= 2  # players rendered by the shortcodes
    assert '<video class="media"' in videos and '<audio class="media"' in videos


def test_aligned_images_become_figures_with_a_class(site: Path, built: BuildResult) -> None:
    _, body = front_matter(site / EMBEDS)
    booth = "![Our booth](https://cdn.example.org/img/booth.jpg)"
    assert f'<figure class="align-right">\n\n{booth}\n\n<figcaption>' in body
    page = prose(html_of(built, "posts/2015/videos-links-pictures/index.html"))
    assert re.search(
        r'<figure class="align-right">\s*<p><img src="https://cdn.example.org/img/booth.jpg" '
        r'alt="Our booth"></p>\s*<figcaption>Our booth at the fair</figcaption>',
        page,
    )
    assert re.search(
        r'<figure class="align-left">\s*<p><a href="https://cdn.example.org/img/badge.jpg">'
        r'<img src="https://cdn.example.org/img/badge-300.jpg" alt="My badge"></a></p>',
        page,
    )
    assert '<figure class="align-center">' in page
    assert "<p>Text beside the badge.</p>" in page
    css = (REPO / "themes/default/static/css/style.css").read_text(encoding="utf-8")
    for name in ("align-left", "align-right", "align-center"):
        assert f".prose figure.{name}" in css


def test_page_comments_are_imported_and_shown(site: Path, built: BuildResult) -> None:
    meta, _ = front_matter(site / "content/contact-me.md")
    assert meta["comments"] is True
    reply, _ = front_matter(site / "content/contact-me/comments/comment-702.md")
    assert reply["reply_to"] == "comment-701"
    page = html_of(built, "contact-me/index.html")
    section = re.search(r'<section id="comments".*?</section>', page, re.S)
    assert section is not None
    thread = section.group(0)
    assert "2 comments on “Contact me”" in thread
    assert "Is the lab report due on Friday?" in thread and "Yes, by noon." in thread
    assert thread.index("comment-701") < thread.index('<ol class="comment-replies">')
    assert any(f.path == "contact-me/comments.xml" for f in built.files)
    everything = "".join((f.data or b"").decode("utf-8", "replace") for f in built.files)
    assert "hidden.example" not in everything  # commenters' and the author's emails
    colophon = html_of(built, "colophon/index.html")  # no comments: no thread, no form
    assert 'id="comments"' not in colophon
    assert not any(f.path == "colophon/comments.xml" for f in built.files)


def test_pages_without_a_comments_key_get_no_thread(tmp_path: Path) -> None:
    """A hand-written page with comment files beside it shows them only when asked to."""
    content = tmp_path / "content"
    (content / "about/comments").mkdir(parents=True)
    (tmp_path / "blogfolio.toml").write_text('title = "T"\n', encoding="utf-8")
    (content / "about.md").write_text("---\ntitle: About\n---\n\nHello.\n", encoding="utf-8")
    (content / "about/comments/c1.md").write_text(
        "---\nauthor: Ana\ndate: 2024-01-01\n---\n\nNice page.\n", encoding="utf-8"
    )
    page = html_of(build(tmp_path, BuildOptions(now=FIXED_NOW)), "about/index.html")
    assert 'id="comments"' not in page and "Nice page." not in page
    (content / "about.md").write_text(
        "---\ntitle: About\ncomments: closed\n---\n\nHello.\n", encoding="utf-8"
    )
    page = html_of(build(tmp_path, BuildOptions(now=FIXED_NOW)), "about/index.html")
    assert 'id="comments"' in page and "Nice page." in page


WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="{excerpt}" xmlns:content="{content}"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{wp}">
<channel><title>Old blog</title><link>http://old.example.com</link>
<wp:wxr_version>{version}</wp:wxr_version>
<item><title>First steps</title><link>http://old.example.com/?p=4</link>
<dc:creator>kim</dc:creator>
<content:encoded><![CDATA[Hello from an older WordPress.]]></content:encoded>
<excerpt:encoded><![CDATA[The very first post.]]></excerpt:encoded>
<wp:post_id>4</wp:post_id><wp:post_date>2008-03-01 10:00:00</wp:post_date>
<wp:post_name>first-steps</wp:post_name><wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type>
<category><![CDATA[Diary]]></category>
<category domain="category" nicename="diary"><![CDATA[Diary]]></category>
<category domain="tag"><![CDATA[hello]]></category>
<category domain="tag" nicename="hello"><![CDATA[hello]]></category>
</item></channel></rss>
"""


@pytest.mark.parametrize(
    ("version", "scheme", "content"),
    [
        ("1.0", "http", "http://purl.org/rss/1.0/modules/content/"),
        ("1.1", "http", "http://purl.org/rss/1.0/modules/content/"),
        ("1.1", "https", "https://purl.org/rss/1.0/modules/content/"),
        ("1.2", "https", "http://purl.org/rss/1.0/modules/content/"),
        ("1.2", "http", "http://purl.org/rss/1.0/modules/content"),
    ],
)
def test_every_wxr_version_and_scheme_imports(
    tmp_path: Path, version: str, scheme: str, content: str
) -> None:
    wp = f"{scheme}://wordpress.org/export/{version}/"
    export = tmp_path / "export.xml"
    export.write_text(
        WXR.format(wp=wp, excerpt=wp + "excerpt/", content=content, version=version), "utf-8"
    )
    result = run_cli("import", "wordpress", str(export), "--into", str(tmp_path / "site"))
    assert result.exit_code == 0, result.stderr
    meta, body = front_matter(tmp_path / "site/content/posts/first-steps/index.md")
    assert body.strip() == "Hello from an older WordPress."
    assert meta["summary"] == "The very first post."
    assert meta["tags"] == ["hello"] and meta["categories"] == ["Diary"]  # listed twice in 1.0


def test_autop_follows_wordpress() -> None:
    assert autop("Intro\n<table>\n<tr>\n<td>a\nb</td>\n</tr>\n</table>\nAfter") == (
        "<p>Intro</p>\n<table>\n<tr>\n<td>a<br>\nb</td>\n</tr>\n</table>\n<p>After</p>"
    )
    assert autop("<ul>\n<li>one</li>\n<li>two</li>\n</ul>") == (
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"
    )
    assert autop("a<br />\n<br>b") == "<p>a</p>\n<p>b</p>"  # two breaks are a paragraph break
    assert autop('see <a\nhref="x">it</a>') == '<p>see <a href="x">it</a></p>'
    assert autop("<pre>x\n\ny</pre>\ntext") == "<pre>x\n\ny</pre>\n<p>text</p>"
    assert autop("<blockquote>q\nr</blockquote>") == "<blockquote><p>q<br>\nr</p></blockquote>"
    assert autop("<script>a\n\nb</script>") == "<script>a\n\nb</script>"
    assert autop("  \n") == ""


def test_block_editor_posts_are_not_paragraphed_again() -> None:
    source = "<!-- wp:paragraph -->\n<p>One\nline</p>\n<!-- /wp:paragraph -->\n"
    assert to_markdown(source).markdown == "One\nline\n"  # a soft break: WordPress adds no <br>


def test_text_that_looks_like_markdown_stays_text() -> None:
    converted = to_markdown("A line\n- not a list\n# not a heading\n1. not a number\n> no quote")
    assert converted.markdown == (
        "A line\\\n\\- not a list\\\n\\# not a heading\\\n1\\. not a number\\\n\\> no quote\n"
    )


def test_media_addresses_cannot_break_out_of_a_shortcode() -> None:
    converted = to_markdown(
        '[video src="https://x.example/a.mp4&quot; onload=&quot;alert(1)"]\n\n'
        '[video src="https://x.example/b.mp4&quot;"]\n\n'
        '[audio src="javascript:alert(1)"]\n\n'
        '[video mp4="https://x.example/{{< rawhtml >}}.mp4"]\n\n'
        '<video src="https://x.example/c.mp4 >}}{{< evil"></video>\n\n'
        '[video src="https://x.example/d.mp4?size=1&amp;start=2"]\n\n'
        '[caption align="alignright onclick=alert(1)"]<img src="https://x.example/e.jpg" '
        'alt="E"> Caption[/caption]\n\n'
        '<figure class="alignleft&quot; onclick=&quot;alert(1)"><img src="https://x.example/f.jpg" '
        'alt="F"></figure>'
    )
    shortcodes = re.findall(r"\{\{<.*", converted.markdown)
    assert shortcodes == ['{{< video src="https://x.example/d.mp4?size=1&start=2" >}}']
    assert converted.shortcodes == ["[video]", "[audio]"]  # kept as text, and reported
    figures = re.findall(r"<figure[^>]*>", converted.markdown)
    assert figures == ['<figure class="align-right">', "<figure>"]
    assert "onclick=alert" not in converted.markdown  # the figure kept only its alignment


def test_relative_image_addresses_point_at_the_old_site() -> None:
    """The new site holds no file for `src="x"`: the image stays where readers saw it."""
    converted = to_markdown(
        '<p><img src="photos/booth.jpg" alt="Booth"></p>'
        '<figure><img src="/wp-content/uploads/a.png" alt="A"><figcaption>Cap</figcaption></figure>'
        '<p><img src="https://cdn.example.org/b.png" alt="B"></p>',
        page_url="https://old.example/blog/2019/fair/",
    )
    assert "https://old.example/blog/2019/fair/photos/booth.jpg" in converted.markdown
    assert "https://old.example/wp-content/uploads/a.png" in converted.markdown
    assert "https://cdn.example.org/b.png" in converted.markdown
