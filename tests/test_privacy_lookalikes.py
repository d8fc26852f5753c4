"""The privacy check against spellings a reader would still recognise.

Each case writes a private value the way a student or a careless theme might (in
a post, a template, a static file, a slug or an alias) and checks two things: that
the spelling really reaches the output when nothing checks it, and that
`blogfolio build` then fails, naming the entry and the output file but never the
value. The negative cases are ordinary text that must not be flagged.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from blogfolio.build import BuildOptions, build
from blogfolio.pipeline import privacy_scan
from blogfolio.pipeline.outcome import Outcome
from conftest import FIXED_NOW, MINIMAL_CONFIG, SiteFactory, post, run_cli

ENTRY = """\
---
name: Quillon Zébadiah
date: 2025-01-15
role: Archivist
public: true
private:
  email: q.zebadiah@lantern-works.example
  phone: 555-010-2233
  notes: Is quietly interviewing at the Harrowgate clinic this spring.
---

We talked about archives.
"""
BASE: dict[str, str | bytes] = {"content/networking/qz.md": ENTRY}
NAME = ("content/networking/qz.md:2", "the full name of someone who has not agreed to be named")
EMAIL = ("content/networking/qz.md:6", "the private value 'private.email'")
PHONE = ("content/networking/qz.md:6", "the private value 'private.phone'")
NOTES = ("content/networking/qz.md:6", "the private value 'private.notes'")
POST = "posts/2025/hello/index.html"
HOME = "index.html"


def in_post(body: str, **meta: str) -> dict[str, str | bytes]:
    """A post with `body` after a harmless first paragraph, so that only the page's body
    holds it, not the summary that descriptions, lists and feeds repeat as plain text."""
    text = f"A first paragraph about archives.\n\n{body}"
    return {"content/posts/hello.md": post("Hello", "2025-02-01", text, **meta)}


def in_template(html: str) -> dict[str, str | bytes]:
    """A site template that adds `html` to the home page, as a theme tweak would."""
    block = '{% extends "theme:home.html" %}\n{% block main %}{{ super() }}'
    return {"templates/home.html": f"{block}{html}{{% endblock %}}\n"}


def fullwidth(text: str) -> str:
    """The fullwidth forms of ASCII letters and digits (U+FF21 for A): wide, but still read."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


EN_DASH = "\u2013"


def static(rel: str, data: str | bytes) -> dict[str, str | bytes]:
    return {f"static/{rel}": data}


JPEG_HEAD = b"\xff\xd8\xff\xe1\x00\x60Exif\x00\x00MM\x00*\x00\x00\x00\x08"
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60">'
    '<text x="4" y="20"><tspan>Quil</tspan><tspan fill="red">lon</tspan></text>'
    '<text x="4" y="44">Zébadiah</text></svg>\n'
)

# (files, (line, what), output file named in the message, bytes proving the leak is there)
CASES = {
    "nbsp-entity": (in_template("<p>Quillon&nbsp;Zébadiah</p>"), NAME, HOME, b"Quillon&nbsp;Z"),
    "nbsp-char": (in_post("Met Quillon\u00a0Zébadiah."), NAME, POST, "Quillon\u00a0Z".encode()),
    "zero-width-space": (in_post("Met Quil\u200blon Zébadiah."), NAME, POST, "l\u200bl".encode()),
    "word-joiner": (in_post("Met Quillon Zé\u2060badiah."), NAME, POST, "\u2060".encode()),
    "soft-hyphen-entity": (in_template("<p>Quil&shy;lon Zéba&shy;diah</p>"), NAME, HOME, b"&shy;"),
    "soft-hyphen-char": (in_post("Met Quil\u00adlon Zébadiah."), NAME, POST, "\u00ad".encode()),
    "empty-span": (in_post("Met Quil<span></span>lon Zébadiah."), NAME, POST, b"<span></span>"),
    "comment-in-word": (in_template("<p>Quil<!-- -->lon Zébadiah</p>"), NAME, HOME, b"<!-- -->"),
    "emphasis": (in_post("Met Quil**lon** Zéba*diah*."), NAME, POST, b"Quil<strong>lon"),
    "fullwidth": (
        in_post(f"Met {fullwidth('Quillon Zébadiah')}."),
        NAME,
        POST,
        fullwidth("Qui").encode(),
    ),
    "nfd": (in_post("Met Quillon Ze\u0301badiah."), NAME, POST, "e\u0301".encode()),
    "accent-dropped": (in_post("Met QUILLON ZEBADIAH."), NAME, POST, b"QUILLON ZEBADIAH"),
    "cyrillic-lookalike": (in_post("Met Qu\u0456llon Zébadiah."), NAME, POST, "\u0456".encode()),
    "surname-first": (in_post("Zébadiah, Quillon (archivist)."), NAME, POST, b", Quillon"),
    "fenced-code": (
        in_post("```python\nQuillon . Zébadiah\n```"),
        NAME,
        POST,
        b'<span class="n">Quillon</span>',
    ),
    "svg-tspan": (static("img/badge.svg", SVG), NAME, "img/badge.svg", b"<tspan>Quil</tspan>"),
    "url-query": (
        in_post("[map](https://maps.example.org/?q=Quillon+Z%C3%A9badiah)"),
        NAME,
        POST,
        b"?q=Quillon+Z%C3%A9badiah",
    ),
    "id-attribute": (
        in_post('<a id="quillon-zebadiah"></a>See [below](#quillon-zebadiah).'),
        NAME,
        POST,
        b'href="#quillon-zebadiah"',
    ),
    "email-percent-in-query": (
        in_post("[write](https://mail.example.org/?to=q.zebadiah%40lantern-works.example)"),
        EMAIL,
        POST,
        b"zebadiah%40lantern",
    ),
    "email-x40-in-script": (
        in_template('<script>const who = "q.zebadiah\\x40lantern-works.example";</script>'),
        EMAIL,
        HOME,
        b"zebadiah\\x40lantern",
    ),
    "email-u0040-in-json": (
        static("data/who.json", '{"who": "q.zebadiah\\u0040lantern-works.example"}\n'),
        EMAIL,
        "data/who.json",
        b"zebadiah\\u0040lantern",
    ),
    "email-spelled-out": (
        in_post("Write to q.zebadiah at lantern-works dot example."),
        EMAIL,
        POST,
        b"zebadiah at lantern",
    ),
    "phone-en-dashes": (
        in_post(f"Call 555{EN_DASH}010{EN_DASH}2233."),
        PHONE,
        POST,
        f"555{EN_DASH}010".encode(),
    ),
    "phone-nbsp": (in_template("<p>555&nbsp;010&nbsp;2233</p>"), PHONE, HOME, b"555&nbsp;010"),
    "phone-underscores": (in_post("Call 555_010_2233."), PHONE, POST, b"555_010_2233"),
    "phone-fullwidth-dots": (
        in_post(f"Call {fullwidth('555.010.2233')}."),
        PHONE,
        POST,
        fullwidth("555").encode(),
    ),
    "phone-in-cells": (
        in_template("<table><tr><td>555</td><td>010</td><td>2233</td></tr></table>"),
        PHONE,
        HOME,
        b"<td>555</td><td>010</td>",
    ),
    "phone-in-template-comment": (
        in_template("<!-- call 555 010 2233 before the fair -->"),
        PHONE,
        HOME,
        b"<!-- call 555 010",
    ),
    "notes-with-emphasis": (
        in_post("She is quietly *interviewing* at the Harrowgate clinic this spring."),
        NOTES,
        POST,
        b"<em>interviewing</em>",
    ),
    "utf16-text-file": (
        static("notes.txt", "Ring Quillon Zébadiah about the archive.".encode("utf-16")),
        NAME,
        "notes.txt",
        "Quillon".encode("utf-16-le"),
    ),
    "utf16-without-bom": (
        static("notes.txt", "Ring Quillon Zébadiah about the archive.".encode("utf-16-be")),
        NAME,
        "notes.txt",
        "Quillon".encode("utf-16-be"),
    ),
    "legacy-encoding": (
        static("notes.txt", "Ring Quillon Zébadiah about the archive.".encode("cp1252")),
        NAME,
        "notes.txt",
        b"Z\xe9badiah",
    ),
    "jpeg-metadata": (
        static("img/photo.jpg", JPEG_HEAD + b"Artist\x00Quillon Zebadiah\x00" + bytes(range(256))),
        NAME,
        "img/photo.jpg",
        b"Artist\x00Quillon",
    ),
    "utf16-in-binary-metadata": (
        static(
            "img/scan.jpg", JPEG_HEAD + "Quillon Zébadiah".encode("utf-16-le") + b"\0\0\xff\xd9"
        ),
        NAME,
        "img/scan.jpg",
        "Zé".encode("utf-16-le"),
    ),
}
# (files, (line, what), the output path published, how the message shows it)
PATH_CASES = {
    "slug": (
        in_post("Nothing here.", slug="quillon-zebadiah"),
        NAME,
        "posts/2025/quillon-zebadiah/index.html",
        "posts/2025/…/index.html",
    ),
    "alias": (
        in_post("Nothing here.", aliases="[/people/quillon-zebadiah/]"),
        NAME,
        "people/quillon-zebadiah/index.html",
        "people/…/index.html",
    ),
    "alias-email": (
        in_post("Nothing here.", aliases="['/q.zebadiah@lantern-works.example/']"),
        EMAIL,
        "q.zebadiah@lantern-works.example/index.html",
        "…/index.html",
    ),
    "static-file-name": (
        static("files/Quillon Zébadiah CV.pdf", b"%PDF-1.4\n"),
        NAME,
        "files/Quillon Zébadiah CV.pdf",
        "files/…",
    ),
}


KEEPS_METADATA = ("jpeg-metadata", "utf16-in-binary-metadata")


def unchecked(root: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """Every output file of a build whose privacy check is switched off, by path."""
    with monkeypatch.context() as patch:
        patch.setattr(privacy_scan, "scan_output", lambda stages, files, secrets: Outcome(None))
        result = build(root, BuildOptions(now=FIXED_NOW, cache=False))
    return {f.path: f.data if f.data is not None else Path(str(f.source)).read_bytes()
            for f in result.files}  # fmt: skip


def failed_build(root: Path, tmp_path: Path) -> str:
    out = tmp_path / "out"
    result = run_cli("build", "--source", str(root), "--out", str(out))
    assert result.exit_code == 1, result.output
    assert not out.exists()
    assert "nothing was written" in result.stderr
    for part in ("quillon", "zebadiah", "zébadiah", "lantern", "2233", "harrowgate"):
        assert part not in result.stderr.casefold()  # the message never repeats the value
    return result.stderr


def message_at(stderr: str, line: str) -> tuple[str, list[str]]:
    """The error declared at `line` and the output files it names."""
    message = next(m for m in stderr.splitlines() if m.startswith(f"{line}: error:"))
    files = message.partition(" appears in the output: ")[2].split(" and ")[0].split(", ")
    return message, files


@pytest.mark.parametrize("case", CASES)
def test_every_spelling_fails_the_build_naming_the_entry(
    case: str, make_site: SiteFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files, (line, what), output, marker = CASES[case]
    # Images are published without their metadata; a site that keeps it (or an image the
    # build cannot read) must still be caught by the privacy check.
    keep = "\n[images]\nkeep_metadata = true\n" if case in KEEPS_METADATA else ""
    root = make_site({**BASE, **files}, MINIMAL_CONFIG + keep)
    assert marker in unchecked(root, monkeypatch)[output]  # the spelling is really published
    message, named = message_at(failed_build(root, tmp_path), line)
    assert f"privacy check: {what}" in message
    assert output in named


@pytest.mark.parametrize("case", PATH_CASES)
def test_a_path_holding_a_value_fails_and_is_shown_masked(
    case: str, make_site: SiteFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files, (line, what), published, masked = PATH_CASES[case]
    root = make_site({**BASE, **files})
    assert published in unchecked(root, monkeypatch)
    stderr = failed_build(root, tmp_path)
    message, named = message_at(stderr, line)
    assert f"privacy check: {what}" in message
    assert named[0] == f"the path of {masked}"  # before the pages that merely link to it
    assert "'slug:' or 'aliases:' of a page, or a file's name" in stderr


def test_html_comments_are_not_published(make_site: SiteFactory) -> None:
    body = (
        "Intro.<!-- TODO: ask the editor about the deadline -->\n\n"
        "<!--\nDraft paragraph the reader should not see.\n-->\n\n"
        "<div>\n<!-- layout note -->\nKept.\n</div>\n\n"
        "Shown as code: `<!-- literal -->`\n"
    )
    result = build(make_site({**BASE, **in_post(body)}), BuildOptions(now=FIXED_NOW))
    output = b"\n".join(f.data for f in result.files if f.data is not None)
    for hidden in (b"TODO", b"Draft paragraph", b"layout note"):
        assert hidden not in output
    by_path = {f.path: f.data or b"" for f in result.files}
    for path in (POST, "atom.xml", "rss.xml", "feed.json"):
        assert b"Kept." in by_path[path]
    assert b"&lt;!-- literal --&gt;" in by_path[POST]  # code shows it as text, and it is visible


def test_commenters_emails_on_drafts_and_orphaned_comments_are_private(
    make_site: SiteFactory, tmp_path: Path
) -> None:
    comment = "---\nauthor: Sam Reader\ndate: 2025-02-02\nemail: {email}\n---\n\nHi!\n"
    files: dict[str, str | bytes] = {
        **BASE,
        "content/posts/draft/index.md": post("Draft", "2025-02-01", "Soon.", draft="true"),
        "content/posts/draft/comments/2025-02-02-sam.md": comment.format(
            email="sam.reader@example.net"
        ),
        "content/posts/deleted/comments/2025-02-03-kim.md": comment.format(
            email="kim.orphan@example.net"
        ),
        **in_post("Thanks sam.reader@example.net and kim.orphan@example.net!"),
    }
    stderr = failed_build(make_site(files), tmp_path)
    for line in (
        "content/posts/draft/comments/2025-02-02-sam.md:4",
        "content/posts/deleted/comments/2025-02-03-kim.md:4",
    ):
        message, named = message_at(stderr, line)
        assert "privacy check: the private value 'email' declared here" in message
        assert POST in named
    assert "example.net" not in stderr


ORDINARY = """\
Quillon came by on Tuesday. Later, a Zébadiah from another team asked about the
Harrowgate archive; we are interviewing for the clinic role this spring, quietly.

Room 555, extension 010; the report ran to 2233 words. Call 555-010-2234 for the desk.
Quillons and Zebadiahs are made-up plurals. Email q.zebadiah@other.example instead.

| year | count |
| ---- | ----- |
| 2025 | 555   |
"""


def test_ordinary_text_is_not_flagged(make_site: SiteFactory) -> None:
    files = {**BASE, **in_post(ORDINARY, tags="[archives, quillon]")}
    files["content/about.md"] = "---\ntitle: About\n---\n\nI write about lanterns and works.\n"
    build(make_site(files), BuildOptions(now=FIXED_NOW))
