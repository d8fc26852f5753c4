"""render_body: extensions, headings and contents, highlighting, `.md` links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from blogfolio.config import MarkdownConfig
from blogfolio.content.markdown import (
    LinkTargets,
    heading_slug,
    highlight_css,
    make_markdown,
    render_body,
)
from blogfolio.errors import ContentError
from blogfolio.model import BodyResult, ParsedDoc, SourceFile, TocEntry

MD = make_markdown(MarkdownConfig())
TARGETS = LinkTargets(
    urls={
        "posts/b.md": "/posts/2025/b/",
        "posts/trip/index.md": "/posts/2024/trip/",
        "about.md": "/about/",
        "projects/robot.md": "/projects/robot/",
        "posts/café.md": "/posts/2025/café/",
    },
    excluded={"posts/wip.md": "draft: true (build with --drafts to include it)"},
)
PAGE_URL = "/posts/2025/a/"


def doc(body: str, rel: str = "posts/a.md", first_line: int = 5) -> ParsedDoc:
    source = SourceFile(Path("/site/content") / rel, rel, rel.split("/")[0])
    return ParsedDoc(source, Path("content") / rel, {}, body, first_line, {})


def render(body: str, md: MarkdownIt = MD, **kwargs: object) -> BodyResult:
    return render_body(md, doc(body, **kwargs), PAGE_URL, TARGETS)  # type: ignore[arg-type]


def test_table() -> None:
    html = render("| a | b |\n|---|--:|\n| 1 | 2 |\n").html
    assert "<table>" in html
    assert "<th>a</th>" in html
    assert '<td style="text-align:right">2</td>' in html


def test_strikethrough() -> None:
    assert render("~~gone~~ here").html == "<p><s>gone</s> here</p>\n"


def test_footnotes() -> None:
    html = render("Claim[^1].\n\n[^1]: Source.\n").html
    assert '<sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup>' in html
    assert '<section class="footnotes">' in html
    assert '<li id="fn1" class="footnote-item"><p>Source.' in html


def test_task_lists() -> None:
    html = render("- [ ] todo\n- [x] done\n").html
    assert '<ul class="contains-task-list">' in html
    assert html.count('type="checkbox"') == 2
    assert html.count('checked="checked"') == 1
    assert "<label>" in html


def test_definition_lists() -> None:
    html = render("Term\n: The definition.\n").html
    assert html == "<dl>\n<dt>Term</dt>\n<dd>The definition.</dd>\n</dl>\n"


def test_admonitions() -> None:
    html = render('!!! note "Heads up"\n    Inside the box.\n\n!!! warning\n    Careful.\n').html
    assert '<div class="admonition note">\n<p class="admonition-title">Heads up</p>' in html
    assert "<p>Inside the box.</p>" in html
    assert '<div class="admonition warning">' in html


def test_heading_ids_anchor_links_and_toc() -> None:
    result = render(
        "# Title is h1\n\n## First *part*\n\ntext\n\n### Détails & more\n\n## 日本語の見出し\n\n"
        "## First part\n\n##### Too deep\n"
    )
    assert '<h2 id="first-part">First <em>part</em> <a class="header-anchor" ' in result.html
    assert 'href="#first-part">#</a></h2>' in result.html
    assert '<h3 id="détails-more">' in result.html
    assert '<h2 id="日本語の見出し">' in result.html
    assert "<h1>Title is h1</h1>" in result.html
    assert result.toc == (
        TocEntry(2, "first-part", "First part"),
        TocEntry(3, "détails-more", "Détails & more"),
        TocEntry(2, "日本語の見出し", "日本語の見出し"),
        TocEntry(2, "first-part-1", "First part"),
    )
    ids = re.findall(r'<h\d id="([^"]+)"', result.html)
    assert len(ids) == len(set(ids))


def test_anchor_links_can_be_turned_off() -> None:
    md = make_markdown(MarkdownConfig(anchors=False))
    html = render("## Plain\n", md=md).html
    assert html == '<h2 id="plain">Plain</h2>\n'


def test_heading_slug() -> None:
    assert heading_slug("Hello, World!") == "hello-world"
    assert heading_slug("Ça va?") == "ça-va"
    assert heading_slug("!!!") == "section"


def test_heading_slug_keeps_letters_of_every_script() -> None:
    assert heading_slug("हिन्दी भाषा") == "हिन्दी-भाषा"


def test_pygments_highlighting_uses_css_classes() -> None:
    html = render("```python\ndef f(x):\n    return x < 1\n```\n").html
    assert html.startswith('<pre class="highlight"><code class="language-python">')
    assert '<span class="k">def</span>' in html
    assert '<span class="o">&lt;</span>' in html
    assert "style=" not in html


def test_unknown_language_falls_back_to_escaped_plain_code() -> None:
    html = render("```nosuchlang\na < b && c\n```\n").html
    assert html == '<pre><code class="language-nosuchlang">a &lt; b &amp;&amp; c\n</code></pre>\n'


def test_no_language_and_highlighting_off() -> None:
    assert render("```\n<x>\n```\n").html == "<pre><code>&lt;x&gt;\n</code></pre>\n"
    md = make_markdown(MarkdownConfig(highlight=False))
    html = render("```python\nx = 1\n```\n", md=md).html
    assert html == '<pre><code class="language-python">x = 1\n</code></pre>\n'


def test_highlight_css_has_light_and_dark_rules() -> None:
    """One rule a token: its light style's colour and its dark style's, in light-dark(),
    so the system setting and the theme switch (both set color-scheme) choose."""
    css = highlight_css("friendly", "monokai")
    keyword = re.search(r"\.highlight (?::is\([^)]*\.k[,)][^{]*|\.k)\{([^}]*)\}", css)
    assert keyword is not None
    assert keyword.group(1) == "color:light-dark(#007020,#66D9EF);font-weight:bold"
    block = re.search(r"^\.highlight\{([^}]*)\}$", css, re.M)
    assert block is not None and "background-color:light-dark(#f0f0f0,#272822)" in block.group(1)
    assert css.count(".highlight .k{") + css.count(",.k,") + css.count("(.k,") == 1
    assert "/*" not in css and "prefers-color-scheme" not in css


def test_summary_is_the_first_top_level_paragraph_without_links() -> None:
    result = render(
        "## Heading\n\n> quoted paragraph\n\nFirst [linked](b.md) *words*[^1] <b>x</b>.\n\n"
        "Second.\n\n[^1]: Note.\n"
    )
    assert result.summary_html == "First linked <em>words</em> x."


def test_word_count() -> None:
    body = "One two `three` four.\n\n## Five six\n\n```\nnot counted\n```\n"
    assert render(body).word_count == 6


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("b.md", "../b/"),
        ("./b.md", "../b/"),
        ("b.md#part-two", "../b/#part-two"),
        ("../about.md", "../../../about/"),
        ("../about.md#team", "../../../about/#team"),
        ("../projects/robot.md", "../../../projects/robot/"),
        ("trip/index.md", "../../2024/trip/"),
        ("caf%C3%A9.md", "../café/"),
        ("café.md", "../café/"),
    ],
)
def test_md_links_resolve_to_page_urls(href: str, expected: str) -> None:
    html = render(f"[link]({href})").html
    assert html == f'<p><a href="{expected}">link</a></p>\n'


@pytest.mark.parametrize(
    "href",
    [
        "https://example.org/readme.md",
        "#section",
        "../other/",
        "mailto:a@b.c",
        "image.png",
    ],
)
def test_other_links_are_left_alone(href: str) -> None:
    assert render(f"[link]({href})").html == f'<p><a href="{href}">link</a></p>\n'


def test_site_root_links_become_relative_to_the_page() -> None:
    """`/static/notes.md` means the site root, which may sit under a base path."""
    html = render("[link](/static/notes.md) ![logo](/img/logo.png)").html
    assert 'href="../../../static/notes.md"' in html
    assert 'src="../../../img/logo.png"' in html


def test_links_from_a_top_level_page() -> None:
    body = doc("[post](posts/b.md) [robot](projects/robot.md#x)", rel="about.md")
    html = render_body(MD, body, "/about/", TARGETS).html
    assert (
        html
        == '<p><a href="../posts/2025/b/">post</a> <a href="../projects/robot/#x">robot</a></p>\n'
    )


def link_error(body: str, first_line: int = 5) -> ContentError:
    with pytest.raises(ContentError) as info:
        render(body, first_line=first_line)
    return info.value


def test_missing_link_target_names_the_line() -> None:
    error = link_error("Intro.\n\n- item\n- see [x](../nope.md#frag)\n", first_line=7)
    assert error.span is not None
    assert (error.span.path.as_posix(), error.span.line) == ("content/posts/a.md", 10)
    assert error.message == (
        "link to '../nope.md#frag' points at content/nope.md, which does not exist"
    )


def test_link_in_a_table_names_its_line() -> None:
    error = link_error("| a |\n|---|\n| ok |\n| [x](gone.md) |\n", first_line=5)
    assert error.span is not None and error.span.line == 8


def test_link_to_an_excluded_page_gives_the_reason() -> None:
    error = link_error("[soon](wip.md)")
    assert error.span is not None and error.span.line == 5
    assert error.message == (
        "link to 'wip.md' points at a page that is not published: "
        "draft: true (build with --drafts to include it)"
    )


def test_link_on_the_second_line_of_a_paragraph() -> None:
    error = link_error("First line of a paragraph\nsecond line [x](nope.md).\n", first_line=6)
    assert error.span is not None and error.span.line == 7
