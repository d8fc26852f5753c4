"""Comments are untrusted: a corpus of known XSS vectors in bodies, names and URLs runs no script.

Checked twice: by reading the HTML (no event handlers, no script URLs, no
unexpected elements) and by loading the page in headless Chromium, where no
dialog may open and no console error or page error may fire.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from blogfolio.build import BuildOptions, build
from browsing import serve_folder
from conftest import FIXED_NOW, MINIMAL_CONFIG, run_cli

BODIES = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=JaVaScRiPt:alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="&#x6A;avascript:alert(1)">click</a>',
    '<a href="#" onclick="alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](<javascript:alert(1)>)",
    "[click](java&#x09;script:alert(1))",
    "[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[click](javascript&colon;alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](data:text/html,<script>alert(1)</script>)",
    '[click](https://example.org/" onmouseover="alert(1))',
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](https://tracker.example/pixel.gif)",
    "<javascript:alert(1)>",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<style>@import 'javascript:alert(1)';</style>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<base href="javascript:alert(1)//">',
    "<!--<img src=x onerror=alert(1)>-->",
    '"><script>alert(1)</script>',
    "<scr<script>ipt>alert(1)</script>",
    "'';!--\"<XSS>=&{()}",
    "`<script>alert(1)</script>` and\n\n    <script>alert(1)</script>",
    "{{ 7 * 7 }} {% if true %}jinja{% endif %}",
]
AUTHORS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</title><script>alert(1)</script>",
    "<svg/onload=alert(1)>",
    "Robert'); alert(1);//",
]
URLS = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    'https://example.org/" onmouseover="alert(1)',
    'https://example.org/"><script>alert(1)</script>',
    "//evil.example/x",
]
POST_HTML = "posts/2025/hello/index.html"
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "srcdoc"}
FORBIDDEN = {"script", "iframe", "object", "embed", "style", "base", "img", "math", "details"}


def _quoted(value: str) -> str:
    return json.dumps(value)  # a YAML double-quoted scalar that keeps tabs and quotes


def corpus_files() -> dict[str, str]:
    files = {"content/posts/hello/index.md": "---\ntitle: Hello\ndate: 2025-01-10\n---\n\nBody.\n"}
    n = 0
    for body in BODIES:
        n += 1
        files[f"content/posts/hello/comments/{n:03d}.md"] = (
            f"---\nauthor: Body {n}\ndate: 2025-01-11\n---\n\n{body}\n"
        )
    for author in AUTHORS:
        n += 1
        files[f"content/posts/hello/comments/{n:03d}.md"] = (
            f"---\nauthor: {_quoted(author)}\ndate: 2025-01-11\n---\n\nHello.\n"
        )
    for url in URLS:
        n += 1
        files[f"content/posts/hello/comments/{n:03d}.md"] = (
            f"---\nauthor: Url {n}\ndate: 2025-01-11\nurl: {_quoted(url)}\n---\n\nHello.\n"
        )
    return files


CONFIG = MINIMAL_CONFIG + '[comments]\nform_action = "https://forms.example.net/submit"\n'


class _Audit(HTMLParser):
    """Everything in HTML that could run script; in comments, also unexpected elements."""

    def __init__(self, comments: bool) -> None:
        super().__init__()
        self.comments = comments
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES and value is not None:
                squeezed = "".join(ch for ch in value if ch > " ").lower()
                if squeezed.startswith(SCRIPT_SCHEMES):
                    self.problems.append(f"<{tag} {name}={value!r}>")
        if not self.comments:
            return
        if tag in FORBIDDEN or (tag == "svg" and ("class", "avatar") not in attrs):
            self.problems.append(f"<{tag}> element in comments")
        if tag == "form" and ("class", "reply-form") not in attrs:
            self.problems.append("a <form> other than the reply form")
        if tag == "meta":
            self.problems.append("<meta> in comments")


def audit(html: str, comments: bool) -> list[str]:
    checker = _Audit(comments)
    checker.feed(html)
    checker.close()
    return checker.problems


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("xss") / "src"
    for rel, text in {"blogfolio.toml": CONFIG, **corpus_files()}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_corpus_builds_and_every_comment_is_published(corpus_site: Path) -> None:
    result = build(corpus_site, BuildOptions(now=FIXED_NOW))
    (post,) = result.site.posts
    assert post.comments is not None
    assert post.comments.count == len(BODIES) + len(AUTHORS) + len(URLS)
    assert all(c.url == "" for c in post.comments.comments)  # every hostile URL dropped


def test_no_vector_survives_in_the_html(corpus_site: Path) -> None:
    result = build(corpus_site, BuildOptions(now=FIXED_NOW))
    page = next(f for f in result.files if f.path == POST_HTML)
    assert page.data is not None
    html = page.data.decode()
    assert audit(html, comments=False) == []
    section = re.search(r'<section id="comments".*?</section>', html, re.S)
    assert section is not None
    assert audit(section.group(0), comments=True) == []
    scripts = html.count("<script")
    assert scripts == 3  # the theme's JSON-LD, theme.js and site.js, nothing else
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # raw HTML is shown as text
    assert "{{ 7 * 7 }}" in html  # and never treated as a template


def test_no_vector_survives_in_the_comments_feed(corpus_site: Path) -> None:
    result = build(corpus_site, BuildOptions(now=FIXED_NOW))
    feed = next(f for f in result.files if f.path.endswith("comments.xml"))
    assert feed.data is not None
    root = ET.fromstring(feed.data)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    for content in root.iterfind("a:entry/a:content", ns):
        assert audit(content.text or "", comments=True) == []
        assert "<script" not in (content.text or "")
    for uri in root.iterfind("a:entry/a:author/a:uri", ns):
        assert (uri.text or "").startswith(("http://", "https://"))


@pytest.fixture(scope="module")
def served_corpus(corpus_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("xss-out")
    result = run_cli("build", "--source", str(corpus_site), "--out", str(out), "--quiet")
    assert result.exit_code == 0, result.stderr
    server, url = serve_folder(out)
    yield url
    server.shutdown()


@pytest.mark.browser
def test_no_script_runs_in_a_real_browser(browser: Any, served_corpus: str) -> None:
    context = browser.new_context()
    # The theme has no favicon; Chromium's request for one is not the page's doing.
    context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page = context.new_page()
    events: list[str] = []
    page.on("dialog", lambda dialog: (events.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda exc: events.append(f"pageerror: {exc}"))
    page.on(
        "console", lambda msg: events.append(f"console: {msg.text}") if msg.type == "error" else 0
    )
    response = page.goto(served_corpus + POST_HTML)
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")
    # Give hover and focus handlers on anything a commenter wrote their chance to fire.
    for link in page.locator("#comments :is(.comment-content, .comment-author) a").all():
        link.hover()
        link.focus()
    page.keyboard.press("Tab")
    page.wait_for_timeout(200)
    bad = page.evaluate(
        """() => [...document.querySelectorAll('#comments *')]
            .flatMap(el => [...el.attributes].map(a => [el.tagName, a.name, a.value]))
            .filter(([tag, name, value]) => name.startsWith('on') ||
                /^\\s*(javascript|vbscript|data):/i.test(value))"""
    )
    count = page.locator("#comments li.comment").count()
    context.close()
    assert events == []
    assert bad == []
    assert count == len(BODIES) + len(AUTHORS) + len(URLS)
