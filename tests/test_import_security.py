"""A hostile WordPress export: its names stay inside the site folder and its HTML runs no script.

The export (fixtures/wordpress-hostile.xml) was written for these tests. Its
comment ids, slugs and links try to climb out of the target folder; each of
its "Vector NN" posts carries one script vector; its titles, excerpts, author
names and comments try front-matter injection. The imported site is built
with `blogfolio build` and every page and feed is parsed (element names,
attribute names, URL schemes), then opened in Chromium with dialog and
console listeners.
"""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from blogfolio.content.frontmatter import load_yaml
from blogfolio.importers.wp_html import to_markdown
from blogfolio.importers.wp_names import is_safe_segment, safe_alias, safe_segment
from browsing import serve_folder
from conftest import REPO, run_cli

HOSTILE = REPO / "tests" / "fixtures" / "wordpress-hostile.xml"
EXPORT = REPO / "tests" / "fixtures" / "wordpress-export.xml"
VECTORS = len(re.findall(r"<title>Vector \d\d</title>", HOSTILE.read_text(encoding="utf-8")))
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "srcdoc", "xlink:href"}
FORBIDDEN_IN_CONTENT = {
    "script", "style", "iframe", "frame", "object", "embed", "form", "input", "button",
    "textarea", "select", "meta", "base", "link", "svg", "math", "details", "video", "audio",
    "source", "marquee", "noscript", "body", "html", "head", "template", "portal",
}  # fmt: skip
USER_TEXT = "---\ntitle: My notes\n---\n\nThe student's own notes. Never overwritten.\n"


def snapshot(root: Path, skip: Path) -> dict[str, str]:
    """Every file under `root` (but not under `skip`) with a hash of its bytes."""
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_relative_to(skip)
    }


@pytest.fixture(scope="module")
def hostile_import(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The hostile export imported into `outer/site`, beside files that must not change."""
    outer = tmp_path_factory.mktemp("hostile")
    (outer / "escaped.md").write_text(USER_TEXT, encoding="utf-8")
    site = outer / "site"
    (site / "content").mkdir(parents=True)
    for rel in ("notes.md", "content/notes.md"):
        (site / rel).write_text(USER_TEXT, encoding="utf-8")
    (outer / "before.json").write_text(json.dumps(snapshot(outer, site)), encoding="utf-8")
    result = run_cli("import", "wordpress", str(HOSTILE), "--into", str(site))
    assert result.exit_code == 0, result.stderr
    return outer, site, result.stdout + result.stderr


def test_traversal_names_write_nothing_outside_the_site(
    hostile_import: tuple[Path, Path, str],
) -> None:
    outer, site, _ = hostile_import
    before = json.loads((outer / "before.json").read_text(encoding="utf-8"))
    after = snapshot(outer, site)
    after.pop("before.json")
    before.pop("before.json", None)
    assert after == before  # nothing beside the site was created, changed or removed
    for rel in ("notes.md", "content/notes.md"):
        assert (site / rel).read_text(encoding="utf-8") == USER_TEXT
    written = [p.relative_to(site) for p in site.rglob("*") if p.is_file()]
    own = {".blogfolio-import.json", "blogfolio.toml", "wordpress-import.md", "notes.md"}
    for rel in written:
        if str(rel) in own or str(rel) == "content/notes.md":
            continue
        assert rel.parts[0] == "content", rel
        assert all(is_safe_segment(part) for part in rel.parts), rel
        assert all(len(part.encode()) <= 120 for part in rel.parts), rel
    comments = sorted(p.name for p in (site / "content/posts/evil/comments").iterdir())
    assert len(comments) == 23  # one file for each comment, hostile ids included
    assert "comment-7.md" in comments and "comment-7-2.md" in comments  # "7" and "7/" both kept
    assert "comment-con-1.md" in comments  # a name Windows reserves gets a suffix


def test_existing_file_under_a_hostile_page_name_is_kept(
    hostile_import: tuple[Path, Path, str],
) -> None:
    _, site, output = hostile_import
    assert "kept content/notes.md" in output  # "../../../../notes" is the page notes.md
    again = run_cli("import", "wordpress", str(HOSTILE), "--into", str(site))
    assert again.exit_code == 0, again.stderr
    assert (site / "content/notes.md").read_text(encoding="utf-8") == USER_TEXT


def test_slugs_and_links_stay_inside_the_site(hostile_import: tuple[Path, Path, str]) -> None:
    _, site, output = hostile_import
    aliases = []
    for index in (site / "content").rglob("*.md"):
        meta, _ = front_matter(index)
        aliases += meta.get("aliases", [])
    assert aliases, "the harmless links still become redirects"
    for alias in aliases:
        assert alias.startswith("/") and not alias.startswith("//"), alias
        assert ":" not in alias and "\\" not in alias and "%2f" not in alias.lower(), alias
        assert not any(part in (".", "..") for part in alias.split("/")), alias
    assert "/ok/2020/fine/" in aliases
    assert "/js/site.js" not in aliases  # would replace the theme's script
    assert "cannot be a redirect: it is not a web address (javascript:)" in output
    pages = sorted(p.name for p in (site / "content").glob("*.md"))
    assert pages == ["evil-page.md", "index-page.md", "notes.md"]


def test_symlink_in_the_site_folder_is_refused_naming_the_item(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    site = tmp_path / "site"
    (site / "content/posts").mkdir(parents=True)
    link = site / "content/posts/networking-before-the-interview"
    link.symlink_to(outside, target_is_directory=True)
    result = run_cli("import", "wordpress", str(EXPORT), "--into", str(site))
    assert result.exit_code == 1
    assert "wordpress-export.xml:" in result.stderr
    assert "post “Networking Before the Interview” (wp:post_id 10): refused to write" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr
    assert list(outside.iterdir()) == []
    assert (site / "content/posts/café-con-leche/index.md").is_file()  # the rest was imported


def test_comment_front_matter_cannot_be_injected(hostile_import: tuple[Path, Path, str]) -> None:
    _, site, _ = hostile_import
    folder = site / "content/posts/evil/comments"
    allowed = {"author", "date", "url", "email", "reply_to", "approved"}
    for path in folder.iterdir():
        meta, _ = front_matter(path)
        assert set(meta) <= allowed, path.name
        assert isinstance(meta["author"], str) and "\n" not in meta["author"]
    pending, _ = front_matter(folder / "comment-200.md")
    assert pending["approved"] is False and pending["author"].startswith("Eve approved: true")
    assert pending["email"] == "eve@example.org"
    dashes, _ = front_matter(folder / "comment-202.md")
    assert dashes["approved"] is False and "title" not in dashes
    tagged, _ = front_matter(folder / "comment-201.md")
    assert tagged["author"] == '!!python/object/apply:os.system ["echo pwned"]'
    scripted, _ = front_matter(folder / "comment-203.md")
    assert "url" not in scripted and "email" not in scripted  # javascript: and a newline
    reply, _ = front_matter(folder / "comment-etc-passwd.md")
    assert reply.get("reply_to") == "comment-x-notes"  # threads follow the safe names
    title, _ = front_matter(site / "content/posts/hostile-title/index.md")
    assert "\n" not in title["summary"] and set(title) >= {"title", "author", "tags"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("x/../../../../notes", "x-notes"),
        ("../../evil", "evil"),
        ("%2e%2e%2f%2e%2e%2fevil", "evil"),
        ("%252e%252e%252fevil", "evil"),
        ("/etc/passwd", "etc-passwd"),
        ("..\\..\\win", "win"),
        ("C:\\temp", "c-temp"),
        ("a\x00b\x1fc\x7f", "a-b-c"),
        (".htaccess", "htaccess"),
        ("..", ""),
        ("CON", "con-1"),
        ("com1.txt", "com1-txt"),
        ("nul", "nul-1"),
        ("\uff43\uff4f\uff4e", "con-1"),  # fullwidth letters fold to the reserved name
        ("日本語", "日本語"),
        ("é" * 200, "é" * 48),
    ],
)
def test_safe_segment(raw: str, expected: str) -> None:
    assert safe_segment(raw) == expected
    assert expected == "" or is_safe_segment(safe_segment(raw))


@pytest.mark.parametrize(
    ("link", "alias"),
    [
        ("https://old.example/blog/2014/03/05/post/", "/2014/03/05/post/"),
        ("https://old.example/blog/2014/04/caf%c3%a9/", "/2014/04/caf%c3%a9/"),
        ("https://old.example/blog/page.html", "/page.html"),
        ("https://old.example/blog/../x/", None),
        ("https://old.example/blog/%2e%2e/x/", None),
        ("https://old.example/blog/%252e%252e/x/", None),
        ("https://old.example/blog//evil.example/x", None),
        ("https://old.example/blog/a%2fb/", None),
        ("https://old.example/blog/a%5cb/", None),
        ("https://old.example/blog/a%00b/", None),
        ("https://old.example/blog/js/site.js", None),
        ("https://old.example/blog/.git/config", None),
        ("javascript:alert(1)", None),
        ("data:text/html,x", None),
        ("https://old.example/blog/?p=1", None),
        ("https://old.example/blog/con/", None),
    ],
)
def test_safe_alias(link: str, alias: str | None) -> None:
    assert safe_alias(link, "/blog/")[0] == alias


def front_matter(path: Path) -> tuple[dict[str, Any], str]:
    _, block, body = path.read_text(encoding="utf-8").split("---\n", 2)
    meta = load_yaml(block)
    assert isinstance(meta, dict)
    return meta, body


# -- the built site ------------------------------------------------------------------------


class _Audit(HTMLParser):
    """What in HTML could run script; inside the post body, also what has no place there."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.depth = 0
        """>0 while inside <div class="prose">, the imported body."""
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            squeezed = "".join(ch for ch in (value or "") if ch > " ").lower()
            if name in URL_ATTRIBUTES and squeezed.startswith(SCRIPT_SCHEMES):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script" and not (
            ("type", "application/ld+json") in attrs or any(n == "src" for n, _ in attrs)
        ):
            self.problems.append("an inline <script> that is not the theme's JSON-LD")
        player = tag in ("video", "audio") and ("class", "media") in attrs  # the shortcode's
        if self.depth and tag in FORBIDDEN_IN_CONTENT and not player:
            self.problems.append(f"<{tag}> in the post body")
        names = {name for name, _ in attrs}
        themed = player or tag in ("pre", "code", "span", "div", "a", "h2", "h3", "h4", "sup", "li")
        if self.depth and (names & {"style", "srcdoc"} or (names & {"class", "id"} and not themed)):
            self.problems.append(f"<{tag}> with {attrs} in the post body")
        if tag == "div" and ("class", "prose") in attrs:
            self.depth = 1
        elif self.depth and tag == "div":
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "div":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)


def audit(html: str) -> tuple[list[str], str]:
    checker = _Audit()
    checker.feed(html)
    checker.close()
    return checker.problems, "".join(checker.text)


def audit_fragment(html: str) -> list[str]:
    """Feed content: all of it is imported body."""
    problems, _ = audit(f'<div class="prose">{html}</div>')
    return problems


@pytest.fixture(scope="module")
def built_site(hostile_import: tuple[Path, Path, str]) -> Path:
    outer, site, _ = hostile_import
    with (site / "blogfolio.toml").open("a", encoding="utf-8") as config:
        config.write("\n[feeds]\nlimit = 500\n")
    out = outer / "out"
    result = run_cli("build", "--source", str(site), "--out", str(out), "--quiet")
    assert result.exit_code == 0, result.stderr
    return out


def vector_pages(out: Path) -> list[Path]:
    pages = sorted(out.glob("posts/*/vector-*/index.html"))
    assert len(pages) == VECTORS >= 40
    return pages


def test_no_vector_survives_in_any_page(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > VECTORS
    for page in pages:
        problems, _ = audit(page.read_text(encoding="utf-8"))
        assert problems == [], page.relative_to(built_site)
    for page in vector_pages(built_site):
        _, text = audit(page.read_text(encoding="utf-8"))
        number = page.parent.name.removeprefix("vector-")
        assert f"Vector {number} starts." in text and f"Vector {number} ends." in text


def test_escaped_markup_stays_text(built_site: Path) -> None:
    def body_text(n: int) -> str:
        (page,) = built_site.glob(f"posts/*/vector-{n:02d}/index.html")
        return audit(page.read_text(encoding="utf-8"))[1]

    assert "<script>alert(1)</script>" in body_text(12)
    assert "<img src=x onerror=alert(1)>" in body_text(13)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body_text(33)
    assert "<img src=x onerror=alert(1)>" in body_text(34)  # inside the code block
    assert "<img src=x onerror=alert(1)>" in body_text(38)  # split across two elements
    assert "Hidden page?" in body_text(11) and "Overlay" in body_text(29)


def test_no_vector_survives_in_the_feeds(built_site: Path) -> None:
    atom = ET.parse(built_site / "atom.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = atom.findall("a:entry", ns)
    assert len(entries) >= VECTORS
    for entry in entries:
        for part in ("a:content", "a:summary", "a:title"):
            for node in entry.findall(part, ns):
                if node.get("type") == "html":
                    assert audit_fragment(node.text or "") == [], entry.findtext("a:title", "", ns)
    rss = ET.parse(built_site / "rss.xml").getroot()
    items = rss.findall("channel/item")
    assert len(items) >= VECTORS
    for item in items:
        assert audit_fragment(item.findtext("description") or "") == [], item.findtext("title")
    feed = json.loads((built_site / "feed.json").read_text(encoding="utf-8"))
    assert len(feed["items"]) >= VECTORS
    for entry in feed["items"]:
        assert audit_fragment(entry.get("content_html", "")) == [], entry["title"]
        assert "<" not in entry.get("summary", "") or "alert" not in entry.get("content_html", "")


def test_legitimate_content_survives(
    built_site: Path, hostile_import: tuple[Path, Path, str]
) -> None:
    (page,) = built_site.glob("posts/*/legit/index.html")
    html = page.read_text(encoding="utf-8")
    prose = html[html.index('<div class="prose">') : html.index('<footer class="post-footer">')]
    for needle in (
        "<h2", ">Heading two", "<h3", "<ul>\n<li>first item</li>", "<ol>\n<li>step one</li>",
        '<a href="https://example.org/page">link</a>', "<strong>bold</strong>", "<em>italic</em>",
        "<code>inline_code()</code>", "Tom &amp; Jerry say 1 &lt; 2.",
        'src="https://img.example/photo.jpg" alt="A photo"', "<th>Name</th>", "<td>Engineer</td>",
        "H<sub>2</sub>O", "mc<sup>2</sup>", '<abbr title="HyperText Markup Language">HTML</abbr>',
        "<kbd>Ctrl</kbd>", "<cite>A Book</cite>", "<q>a quote</q>", "<ins>added</ins>",
        "<del>removed</del>", "<var>x</var>", "<small>fine print</small>", "<mark>marked</mark>",
        "<figure>", "<figcaption>Figure <em>caption</em></figcaption>", "<blockquote>",
    ):  # fmt: skip
        assert needle in prose, needle
    assert "language-python" in prose and "&lt;ok&gt;" in prose
    assert "<iframe" not in prose and "forms.example.net" not in prose
    _, site, _ = hostile_import
    markdown = (site / "content/posts/legit/index.md").read_text(encoding="utf-8")
    players = re.findall(r"^\{\{< .* >\}\}$", markdown, re.M)
    assert players == [  # every player, each a shortcode of its own, made from its id alone
        "{{< youtube dQw4w9WgXcQ >}}", "{{< youtube M7lc1UVf-VE >}}", "{{< vimeo 76979871 >}}",
        "{{< vimeo 22439234 >}}", "{{< youtube aqz-KE-bpKQ >}}",
        '{{< video src="https://media.example/clip.mp4" >}}',
    ]  # fmt: skip
    report = (site / "wordpress-import.md").read_text(encoding="utf-8")
    assert "- <iframe> from forms.example.net (in `content/posts/legit/index.md`)" in report
    assert "- <iframe> with inline content (srcdoc) (in `content/posts/vector-02" in report
    assert "https://media.example/clip.mp4 (in `content/posts/legit/index.md`)" in report


def test_player_markup_becomes_a_shortcode_of_its_own() -> None:
    converted = to_markdown(
        '<p>Watch <iframe src="//www.youtube.com/embed/dQw4w9WgXcQ" title="A talk"></iframe>'
        " now.</p>\n\n"
        '<object data="https://www.youtube.com/v/dQw4w9WgXcQ"></object>\n\n'
        '<embed src="https://evil.example/x.swf">'
    )
    assert converted.markdown == (
        "Watch\n\n{{< youtube dQw4w9WgXcQ >}}\n\nnow.\n\n{{< youtube dQw4w9WgXcQ >}}\n"
    )
    assert converted.embeds.dropped == ["<embed> from evil.example"]


@pytest.fixture(scope="module")
def served_site(built_site: Path) -> Iterator[str]:
    server, url = serve_folder(built_site)
    yield url
    server.shutdown()


@pytest.mark.browser
def test_no_script_runs_in_a_real_browser(browser: Any, served_site: str, built_site: Path) -> None:
    context = browser.new_context()
    context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    page = context.new_page()
    events: list[str] = []
    page.on("dialog", lambda dialog: (events.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda exc: events.append(f"pageerror: {exc}"))
    page.on(
        "console",
        lambda msg: (
            events.append(f"console: {msg.text}")
            if msg.type == "error" and not msg.text.startswith("Failed to load resource")
            else 0
        ),  # an image whose address leads nowhere is not a script running
    )
    pages = [*vector_pages(built_site), *built_site.glob("posts/*/hostile-title/index.html")]
    for name in ("evil", "legit"):
        pages += built_site.glob(f"posts/*/{name}/index.html")
    hidden: list[str] = []
    for path in pages:
        rel = path.relative_to(built_site).as_posix()
        response = page.goto(served_site + rel)
        assert response is not None and response.status == 200, rel
        page.wait_for_load_state("load")
        # Give hover, focus and toggle handlers on imported elements their chance to fire.
        page.evaluate(
            """() => document.querySelectorAll('.prose *').forEach(el => {
                for (const kind of ['mouseover', 'mouseenter', 'focus', 'toggle', 'error'])
                    el.dispatchEvent(new Event(kind, {bubbles: true}));
            })"""
        )
        page.keyboard.press("Tab")
        if not page.locator("main").is_visible():
            hidden.append(rel)
        bad = page.evaluate(
            """() => [...document.querySelectorAll('.prose *')]
                .flatMap(el => [...el.attributes].map(a => [el.tagName, a.name, a.value]))
                .filter(([tag, name, value]) => name.startsWith('on') || name === 'style' ||
                    /^\\s*(javascript|vbscript|data):/i.test(value))"""
        )
        assert bad == [], rel
    page.wait_for_timeout(200)
    context.close()
    assert events == []
    assert hidden == []  # no imported <style> or overlay hid the page
