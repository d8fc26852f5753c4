"""Shortcodes in page bodies, built the way a student builds a site."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from blogfolio.build import Builder, BuildOptions, build
from blogfolio.cache.store import MemoryStore
from blogfolio.errors import BuildError, format_diagnostic
from blogfolio.model import BuildResult
from conftest import FIXED_NOW, SiteFactory, run_cli
from photos import jpeg_photo

POST = "posts/2024/talk/index.html"


class Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def built(root: Path) -> BuildResult:
    return build(root, BuildOptions(now=FIXED_NOW, cache=False))


def page(result: BuildResult, path: str = POST) -> str:
    return next(f for f in result.files if f.path == path).data.decode()


def prose(html: str) -> str:
    return html.split('<div class="prose">', 1)[1].split('<footer class="post-footer">', 1)[0]


def talk(body: str) -> dict[str, str]:
    return {
        "content/posts/talk.md": f"---\ntitle: My talk\ndate: 2024-03-03\n---\n\n{body}\n",
        "content/posts/notes/index.md": "---\ntitle: Notes\ndate: 2024-03-01\n---\n\nNotes.\n",
    }


def test_built_ins_render_and_leave_no_shortcode_text(make_site: SiteFactory) -> None:
    body = (
        'Read [my notes]({{< ref "notes/index.md" >}}) or {{< relref "notes" >}}.\n\n'
        '{{< figure src="/images/stage.jpg" alt="Me on stage" caption="Career fair" '
        'link="https://example.org/fair" class="wide right" width="640" >}}\n\n'
        "{{< gallery >}}\n![First](/images/a.jpg)\n![Second](/images/b.jpg)\n{{< /gallery >}}\n\n"
        '{{< video src="/media/pitch.mp4" poster="/media/pitch.jpg" >}}\n\n'
        '{{< audio src="https://cdn.example.org/interview.mp3" title="Interview" >}}\n\n'
        "{{% highlight python %}}\nprint('hi')\n{{% /highlight %}}\n"
    )
    photos: dict[str, str | bytes] = {f"static/images/{n}.jpg": jpeg_photo(200, 150) for n in "ab"}
    html = prose(page(built(make_site({**talk(body), **photos}))))
    assert "{{" not in html and "}}" not in html
    found = tags(html)
    links = [a["href"] for t, a in found if t == "a"]
    assert links[:2] == ["../notes/", "https://example.org/fair"]
    assert html.count("../notes/") == 2  # relref printed as a relative URL
    figure = next(a for t, a in found if t == "figure")
    assert figure["class"] == "wide right"
    image = next(a for t, a in found if t == "img")
    assert image == {"src": "../../../images/stage.jpg", "alt": "Me on stage", "width": "640",
                     "loading": "lazy"}  # fmt: skip
    assert "<figcaption>Career fair</figcaption>" in html
    assert [a["src"] for t, a in found if t == "img"][1:] == [
        "../../../images/a.jpg", "../../../images/b.jpg"
    ]  # fmt: skip
    assert html.count('class="gallery-item"') == 2
    video = next(a for t, a in found if t == "video")
    assert video["src"] == "../../../media/pitch.mp4" and "controls" in video
    assert video["poster"] == "../../../media/pitch.jpg"
    audio = next(a for t, a in found if t == "audio")
    assert audio["src"] == "https://cdn.example.org/interview.mp3" and "controls" in audio


def test_highlight_gives_the_same_block_as_a_fence(make_site: SiteFactory) -> None:
    code = "def greet(name):\n    return f'hi {name}'"
    body = (
        f'{{{{< highlight python "linenos=table" >}}}}\n{code}\n{{{{< /highlight >}}}}\n\n'
        f"---\n\n```python\n{code}\n```\n"
    )
    html = prose(page(built(make_site(talk(body)))))
    first, second = html.split("<hr>")
    assert first.strip() == second.rsplit("</div>", 1)[0].strip()
    assert 'class="language-python"' in first


def test_video_placeholders_contact_no_video_site(make_site: SiteFactory) -> None:
    body = (
        '{{< youtube dQw4w9WgXcQ title="How I prepared" >}}\n\n'
        "{{< vimeo 76979871 >}}\n\n{{< youtube id=abc_DEF-123 >}}\n"
    )
    html = page(built(make_site(talk(body))))
    assert "<iframe" not in html
    for tag, attrs in tags(html):
        for name in ("src", "srcset", "poster", "data"):
            value = attrs.get(name) or ""
            assert "youtube" not in value and "vimeo" not in value, (tag, attrs)
        if tag == "link":
            assert "youtube" not in (attrs.get("href") or "")
    links = [a["href"] for t, a in tags(prose(html)) if t == "a"]
    assert links == [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://vimeo.com/76979871",
        "https://www.youtube.com/watch?v=abc_DEF-123",
    ]
    assert "Play video: How I prepared" in html


def test_the_theme_script_swaps_in_the_player_only_on_click(make_site: SiteFactory) -> None:
    result = built(make_site(talk("{{< youtube dQw4w9WgXcQ >}}")))
    script = next(f for f in result.files if f.path == "js/site.js").data.decode()
    assert "video-embed-link" in script and '"click"' in script
    assert "data-player" in script


def test_shortcodes_in_code_stay_literal(make_site: SiteFactory) -> None:
    body = (
        "Inline `{{< youtube dQw4w9WgXcQ >}}` code.\n\n"
        '```\n{{< figure src="javascript:alert(1)" >}}\n{{< mystery >}}\n```\n\n'
        '    {{< ref "nowhere.md" >}}\n    {% raw %}\n\n'
        "Shown, not run: {{</* youtube dQw4w9WgXcQ */>}}\n"
    )
    result = built(make_site(talk(body)))
    html = prose(page(result))
    assert "<code>{{&lt; youtube dQw4w9WgXcQ &gt;}}</code>" in html
    assert "{{&lt; figure src=&quot;javascript:alert(1)&quot; &gt;}}\n{{&lt; mystery &gt;}}" in html
    assert "{{&lt; ref &quot;nowhere.md&quot; &gt;}}\n{% raw %}" in html
    assert "Shown, not run: {{&lt; youtube dQw4w9WgXcQ &gt;}}" in html
    assert "video-embed" not in html
    assert result.warnings == ()


def test_unknown_shortcodes_and_liquid_are_warnings_with_lines(make_site: SiteFactory) -> None:
    body = (
        "Intro.\n\n{{< tweet 12345 >}}\n\nThe site is at {{ site.url }}.\n\n"
        "{% include card.html %}\n"
    )
    root = make_site(talk(body))
    result = built(root)
    messages = [format_diagnostic(w) for w in result.warnings]
    assert any(m.startswith("content/posts/talk.md:8: warning: unknown shortcode 'tweet'")
               for m in messages), messages  # fmt: skip
    assert any(m.startswith("content/posts/talk.md:12: warning: Liquid tag 'include'")
               for m in messages), messages  # fmt: skip
    assert "{{&lt; tweet 12345 &gt;}}" in prose(page(result))
    cli = run_cli("build", "-s", str(root))
    assert cli.exit_code == 0
    assert "content/posts/talk.md:8: warning: unknown shortcode 'tweet'" in cli.output


@pytest.mark.parametrize(
    ("shortcode", "message"),
    [
        ('{{< ref "posts/missing.md" >}}', "ref to 'posts/missing.md' names no page"),
        ('{{< figure src="javascript:alert(1)" >}}', "javascript: URL, which is not allowed"),
        ('{{< figure src="/a.png" link=" JaVa\tScRiPt:alert(1)" >}}', "URL, which is not allowed"),
        ('{{< video src="vbscript:msgbox" >}}', "vbscript: URL"),
        ('{{< youtube "x\\" onload=\\"alert(1)" >}}', "is not a youtube video id"),
        ("{{< figure >}}", "shortcode 'figure' needs src="),
    ],
)
def test_bad_shortcodes_are_errors_with_file_and_line(
    make_site: SiteFactory, shortcode: str, message: str
) -> None:
    root = make_site(talk(f"First paragraph.\n\nSecond, with {shortcode} in it.\n"))
    with pytest.raises(BuildError) as info:
        built(root)
    shown = [format_diagnostic(d) for d in info.value.diagnostics]
    assert any(s.startswith("content/posts/talk.md:8: error: ") and message in s for s in shown), (
        shown
    )


def test_arguments_cannot_break_out_of_attributes(make_site: SiteFactory) -> None:
    body = (
        '{{< figure src="/a.png" alt="x\\" onerror=\\"alert(1)" '
        'caption="<script>alert(2)</script>" '
        "class='a\" onclick=\"b' >}}\n\n"
        '{{< youtube dQw4w9WgXcQ title="\\"><img src=https://x.example/x onerror=alert(3)>" >}}'
        "\n\n"
        '{{< audio src="/a.mp3" title="<b>hi</b>" >}}\n'
    )
    html = prose(page(built(make_site(talk(body)))))
    found = tags(html)
    assert all(not name.startswith("on") for _t, attrs in found for name in attrs)
    assert [t for t, _a in found].count("img") == 1
    assert "<script>" not in html and "<b>" not in html
    assert next(a for t, a in found if t == "img")["alt"] == 'x" onerror="alert(1)'


def test_ref_to_an_unpublished_page_is_an_error(make_site: SiteFactory) -> None:
    files = talk('See {{< ref "drafty.md" >}}.')
    files["content/posts/drafty.md"] = "---\ntitle: D\ndate: 2024-01-01\ndraft: true\n---\n\nD\n"
    result = run_cli("check", "-s", str(make_site(files)))
    assert result.exit_code == 1
    assert (
        "content/posts/talk.md:6: error: ref to 'drafty.md' points at a page that is not published"
        in result.output
    )


def site_template_files(body: str) -> dict[str, str]:
    files = talk(body)
    files["templates/shortcodes/callout.html"] = (
        '<aside class="callout callout-{{ get("kind", "note") }}">'
        "<strong>{{ get(0, 'Note') }}</strong> {{ inner_html }}</aside>\n"
    )
    return files


def test_a_site_shortcode_template_gets_args_params_and_inner(make_site: SiteFactory) -> None:
    body = (
        '{{< callout "Tip:" kind="tip" >}}Ask *one* question.{{< /callout >}}\n\n'
        '{{% callout "<i>Careful</i>" kind="x\\" onclick=\\"y" %}}\n'
        "**Bold** words\n{{% /callout %}}\n"
    )
    html = prose(page(built(make_site(site_template_files(body)))))
    assert (
        '<aside class="callout callout-tip"><strong>Tip:</strong> <p>Ask <em>one</em> question.</p>'
        in html
    )
    assert "<strong>&lt;i&gt;Careful&lt;/i&gt;</strong>" in html
    assert "<p><strong>Bold</strong> words</p>" in html
    assert 'callout-x&#34; onclick=&#34;y"' in html


def test_a_broken_site_template_names_its_line_and_the_page(make_site: SiteFactory) -> None:
    files = talk("Text.\n\n{{< oops >}}\n")
    files["templates/shortcodes/oops.html"] = "<p>\n{{ params.missing }}\n</p>\n"
    with pytest.raises(BuildError) as info:
        built(make_site(files))
    shown = format_diagnostic(info.value.diagnostics[0])
    assert shown.startswith("templates/shortcodes/oops.html:2: error: shortcode template:")
    assert "while rendering content/posts/talk.md:8" in shown


def edit_template(root: Path, text: str) -> Path:
    path = root / "templates/shortcodes/callout.html"
    path.write_text(text, encoding="utf-8")
    return path


def test_editing_a_shortcode_template_rerenders_in_serve(make_site: SiteFactory) -> None:
    root = make_site(site_template_files('{{< callout "Tip" >}}x{{< /callout >}}'))
    builder = Builder(root, BuildOptions(now=FIXED_NOW, jobs=1), MemoryStore())
    assert 'class="callout callout-note"' in page(builder.build())
    again = builder.build()
    assert again.stats["bodies_rendered"] == 0
    path = edit_template(root, '<div class="changed">{{ get(0) }}</div>\n')
    edited = builder.build(changed={path})
    assert '<div class="changed">Tip</div>' in page(edited)
    assert edited.stats["bodies_rendered"] >= 1
    added = root / "templates/shortcodes/extra.html"
    added.write_text("<b>extra</b>\n", encoding="utf-8")
    (root / "content/posts/talk.md").write_text(
        "---\ntitle: My talk\ndate: 2024-03-03\n---\n\n{{< extra >}}\n", encoding="utf-8"
    )
    assert "<b>extra</b>" in page(builder.build(changed={added, root / "content/posts/talk.md"}))


def test_editing_a_shortcode_template_rerenders_with_the_disk_cache(
    make_site: SiteFactory,
) -> None:
    root = make_site(site_template_files('{{< callout "Tip" >}}x{{< /callout >}}'))
    options = BuildOptions(now=FIXED_NOW, jobs=1)
    assert "callout-note" in page(build(root, options))
    assert build(root, options).stats["bodies_rendered"] == 0  # the cache is used
    edit_template(root, '<div class="changed">{{ get(0) }}</div>\n')
    warm = build(root, options)
    assert '<div class="changed">Tip</div>' in page(warm)


def test_shortcodes_in_comments_are_never_run(make_site: SiteFactory) -> None:
    files = site_template_files("The post.")
    files["content/posts/talk/comments/a.md"] = (
        "---\nauthor: Stranger\ndate: 2024-03-04\n---\n\n"
        'Watch {{< youtube dQw4w9WgXcQ >}} and {{< callout "Tip" >}}x{{< /callout >}} '
        '{{< figure src="javascript:alert(1)" >}}\n'
    )
    html = page(built(make_site(files)))
    assert "video-embed" not in html and 'class="callout' not in html
    assert "<figure" not in html
    assert "{{&lt; youtube dQw4w9WgXcQ &gt;}}" in html
    shown = html.replace("&#34;", '"').replace("&quot;", '"')
    assert '{{&lt; callout "Tip" &gt;}}' in shown
