"""`blogfolio import wordpress`: a realistic export, imported, then built."""

from __future__ import annotations

import re
import socket
from pathlib import Path
from typing import Any

import pytest

from blogfolio.build import BuildOptions, build
from blogfolio.content.frontmatter import load_yaml
from blogfolio.errors import ContentError
from blogfolio.importers.wordpress import import_wordpress, wp_date
from blogfolio.importers.wp_html import autop, to_markdown
from blogfolio.importers.wxr import read_wxr
from blogfolio.model import BuildResult
from conftest import FIXED_NOW, REPO, run_cli

EXPORT = REPO / "tests" / "fixtures" / "wordpress-export.xml"
POST = "content/posts/networking-before-the-interview"
CAFE = "content/posts/café-con-leche/index.md"
OLD = "2014/03/05/networking-before-the-interview/index.html"


def front_matter(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text(encoding="utf-8")
    _, block, body = text.split("---\n", 2)
    meta = load_yaml(block)
    assert isinstance(meta, dict)
    return meta, body.lstrip("\n")


@pytest.fixture
def imported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """Import the export with the network cut off: the importer must never need it."""

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"the importer tried to open a connection: {args}")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    site = tmp_path / "imported"
    result = run_cli("import", "wordpress", str(EXPORT), "--into", str(site))
    assert result.exit_code == 0, result.stderr
    return site, result.stdout + result.stderr


def built(root: Path) -> BuildResult:
    return build(root, BuildOptions(now=FIXED_NOW))


def html_of(result: BuildResult, path: str) -> str:
    item = next(f for f in result.files if f.path == path)
    assert item.data is not None
    return item.data.decode()


def test_summary_table_counts_what_was_imported_and_skipped(imported: tuple[Path, str]) -> None:
    _, output = imported
    rows = {
        "Posts imported": "4",
        "Pages imported": "2",
        "Comments imported": "7",  # one of them on the About page
        "Skipped: pingbacks": "1",
        "Skipped: trackbacks": "1",
        "Skipped: spam comments": "1",
        "Skipped: private posts and pages": "1",
        "Skipped: password-protected posts and pages": "1",
        "Skipped: navigation menu items": "1",
        "Files created": "13",
    }
    for label, count in rows.items():
        assert re.search(rf"{re.escape(label)}\s*│\s*{count} │", output), label
    assert "comments on pages" not in output
    assert "1 draft" in output and "1 awaiting approval" in output
    assert "skipped “My salary expectations” (private posts and pages)" in output
    assert "warning: content/posts/café-con-leche/index.md: kept shortcode(s) [youtube]" in output


def test_posts_become_bundles_with_clean_front_matter(imported: tuple[Path, str]) -> None:
    site, _ = imported
    meta, body = front_matter(site / POST / "index.md")
    assert meta == {
        "title": "Networking Before the Interview",
        "date": "2014-03-05T14:15:00-06:00",
        "author": "Maya Okafor",
        "summary": "Why I talk to people before I apply.",
        "aliases": ["/2014/03/05/networking-before-the-interview/"],
        "wordpress_id": 10,
        "tags": ["networking", "informational interviews"],
        "categories": ["Career"],
        "image": "https://mayacareers.example.com/journal/wp-content/uploads/2014/03/coffee-chat.jpg",
        "image_alt": "Two coffee cups on a café table",
    }
    assert "wp:" not in body and "<!--" not in body  # Gutenberg delimiters are gone
    assert "Any interview comes with **nerves**. Here is how I plan to *lower* mine." in body
    assert "## Finding a connection" in body
    assert "<figcaption>Where most of my conversations happen</figcaption>" in body
    assert "- former professors\n" in body
    assert "> It is your chance to say everything you can\u2019t in a cover letter." in body


def test_classic_editor_shortcodes_cdata_and_non_ascii(imported: tuple[Path, str]) -> None:
    site, _ = imported
    meta, body = front_matter(site / CAFE)
    assert meta["title"] == "Café con leche: ¿networking en español?"
    assert meta["author"] == "José Díaz"
    assert meta["tags"] == ["español"] and "categories" not in meta  # Uncategorized dropped
    assert meta["aliases"] == ["/2014/04/02/caf%c3%a9-con-leche/"]
    assert body.startswith("I met recruiters at the fair — in two languages.\\\nThe badge helped.")
    assert "<figcaption>My badge, slightly crooked</figcaption>" in body  # [caption]
    assert "![Career fair name badge](https://mayacareers.example.com/journal/wp-content/uploads/2014/04/badge.png)" in body  # noqa: E501 - [gallery]
    assert "![booth](https://mayacareers.example.com/journal/wp-content/uploads/2014/04/booth.jpg)" in body  # noqa: E501
    assert "[youtube https://www.youtube.com/watch?v=dQw4w9WgXcQ]" in body  # kept, visibly
    assert "`arr[i]]>` is not a typo" in body  # CDATA split around "]]>"
    assert '```python\nif nerves < 10:\n    print("¡Vamos!")\n```' in body
    assert "Literal shortcode: [gallery] and a note [citation needed]." in body
    japanese, _ = front_matter(site / "content/posts/日本語/index.md")
    assert japanese["title"] == "日本語の面接メモ"
    assert japanese["date"] == "2014-05-01T09:00:00+09:00"


def test_drafts_pages_and_skipped_items(imported: tuple[Path, str]) -> None:
    site, _ = imported
    draft, _ = front_matter(site / "content/posts/notes-for-my-internship-essay/index.md")
    assert draft["draft"] is True and "aliases" not in draft  # a draft has no public address
    about, body = front_matter(site / "content/about-me.md")
    assert about["title"] == "About Me" and "I study **health informatics**." in body
    assert (site / "content/archives-page.md").is_file()  # /archives/ is the site's own
    everything = "".join(p.read_text() for p in site.rglob("*.md"))
    assert "PRIVATE-SALARY-NOTES" not in everything
    assert "PASSWORD-PROTECTED-TEXT" not in everything
    assert "cheap pills" not in everything and "Links for March" not in everything
    assert "203.0.113.7" not in everything  # commenters' IP addresses are not imported


def test_comments_keep_their_threads(imported: tuple[Path, str]) -> None:
    site, _ = imported
    folder = site / POST / "comments"
    assert sorted(p.name for p in folder.iterdir()) == [
        "comment-101.md", "comment-102.md", "comment-103.md",
        "comment-104.md", "comment-105.md", "comment-109.md",
    ]  # fmt: skip
    reply, _ = front_matter(folder / "comment-102.md")
    assert reply == {
        "author": "Maya Okafor",
        "date": "2014-03-06T11:30:00-06:00",
        "url": "https://mayacareers.example.com/journal",
        "email": "maya@private.example",
        "reply_to": "comment-101",
    }
    pending, _ = front_matter(folder / "comment-104.md")
    assert pending["approved"] is False
    _, first = front_matter(folder / "comment-101.md")
    assert first == (
        "I love how clearly this is laid out.\n\n"
        "Informational interviews helped me *a lot* last year.\n"
    )


def test_images_are_listed_in_the_report(imported: tuple[Path, str]) -> None:
    site, _ = imported
    report = (site / "wordpress-import.md").read_text(encoding="utf-8")
    for name in ("coffee-chat-1024x683.jpg", "coffee-chat.jpg", "badge-300x200.png", "booth.jpg"):
        assert "/wp-content/uploads/2014/" in report and name in report, name
    assert "(in `content/posts/café-con-leche/index.md`)" in report
    assert "“Class-only reflection” (password-protected posts and pages)" in report


def test_import_then_build_renders_threads_and_redirects(
    imported: tuple[Path, str], tmp_path: Path
) -> None:
    site, _ = imported
    result = built(site)
    page = html_of(result, "posts/2014/networking-before-the-interview/index.html")
    section = re.search(r'<section id="comments".*?</section>', page, re.S)
    assert section is not None
    thread = section.group(0)
    assert "4 comments on “Networking Before the Interview”" in thread
    ids = re.findall(r'<li class="comment" id="comment-([\w-]+)"', thread)
    assert ids == ["comment-101", "comment-102", "comment-103", "comment-109"]
    before_103 = thread[: thread.index('id="comment-comment-103"')]
    assert before_103.count('<ol class="comment-replies">') == 2  # 101 > 102 > 103
    assert "Great post! Check out" not in page and "Is this a real service?" not in page
    assert "alert" not in thread and "javascript:" not in thread
    assert "Dana &lt;b&gt;Whitfield&lt;/b&gt;" in thread  # a name is text, never markup
    assert "<strong>Good luck!</strong>" in thread
    assert "private.example" not in "".join(
        (f.data or b"").decode("utf-8", "replace") for f in result.files
    )
    hidden = {e.span_path.name: e.reason for e in result.site.excluded}
    assert hidden["comment-105.md"].startswith("reply to unapproved comment 'comment-104'")
    redirect = html_of(result, OLD)
    target = "../../../../posts/2014/networking-before-the-interview/"
    assert f'<meta http-equiv="refresh" content="0; url={target}">' in redirect
    canonical = "https://mayacareers.example.com/journal/posts/2014/networking-before-the-interview/"
    assert f'<link rel="canonical" href="{canonical}">' in redirect
    assert html_of(result, "2014/04/02/café-con-leche/index.html").count("café-con-leche") >= 2
    assert html_of(result, "2014/05/01/日本語/index.html")
    sitemap = html_of(result, "sitemap.xml")
    assert "2014/03/05" not in sitemap  # redirects are not pages
    out = tmp_path / "out"
    cli = run_cli("build", "--source", str(site), "--out", str(out))
    assert cli.exit_code == 0, cli.stderr
    assert "comment-105.md: reply to unapproved comment 'comment-104'" in cli.stderr
    assert (out / OLD).is_file()


def test_reimport_is_idempotent_and_keeps_edits(imported: tuple[Path, str]) -> None:
    site, _ = imported
    files = sorted(p for p in site.rglob("*") if p.is_file())
    again = run_cli("import", "wordpress", str(EXPORT), "--into", str(site))
    assert again.exit_code == 0, again.stderr
    assert re.search(r"Files unchanged\s*│\s*13 │", again.stdout)
    assert "Files created" not in again.stdout
    assert sorted(p for p in site.rglob("*") if p.is_file()) == files
    index = site / POST / "index.md"
    edited = index.read_text(encoding="utf-8").replace("Perhaps you should", "Maybe you should")
    index.write_text(edited, encoding="utf-8")
    (site / POST / "comments/comment-104.md").unlink()  # rejected with `blogfolio comments`
    third = run_cli("import", "wordpress", str(EXPORT), "--into", str(site))
    assert f"kept {POST}/index.md" in third.stdout
    assert re.search(r"Files kept\s*│\s*1 │", third.stdout)
    assert re.search(r"Files not recreated\s*│\s*1 │", third.stdout)
    assert index.read_text(encoding="utf-8") == edited
    assert not (site / POST / "comments/comment-104.md").exists()
    forced = run_cli("import", "wordpress", str(EXPORT), "--into", str(site), "--force")
    assert forced.exit_code == 0
    assert "Perhaps you should" in index.read_text(encoding="utf-8")
    assert (site / POST / "comments/comment-104.md").exists()


def test_unedited_files_follow_a_newer_export(tmp_path: Path) -> None:
    site = tmp_path / "site"
    import_wordpress(EXPORT, site)
    newer = tmp_path / "newer.xml"
    text = EXPORT.read_text(encoding="utf-8")
    newer.write_text(text.replace("Perhaps you should, too.", "You should, too."), "utf-8")
    report = import_wordpress(newer, site)
    assert report.files["updated"] == [f"{POST}/index.md"]
    assert "You should, too." in (site / POST / "index.md").read_text(encoding="utf-8")


def test_config_is_written_only_when_missing(tmp_path: Path) -> None:
    site = tmp_path / "site"
    report = import_wordpress(EXPORT, site)
    config = (site / "blogfolio.toml").read_text(encoding="utf-8")
    assert report.config_created
    assert 'title = "Maya\u2019s Career Journal"' in config
    assert 'base_url = "https://mayacareers.example.com/journal/"' in config
    (site / "blogfolio.toml").write_text('title = "Mine"\n', encoding="utf-8")
    assert not import_wordpress(EXPORT, site).config_created
    assert (site / "blogfolio.toml").read_text(encoding="utf-8") == 'title = "Mine"\n'


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        ("<rss><channel><title>x</title>\n<item>", "not well-formed XML"),
        ("<rss><channel><title>Plain RSS</title></channel></rss>", "not a WordPress export"),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "aaaa">]>\n<rss/>',
            "declares a DOCTYPE or entities",
        ),
    ],
)
def test_bad_exports_are_errors(tmp_path: Path, xml: str, message: str) -> None:
    path = tmp_path / "export.xml"
    path.write_text(xml, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        read_wxr(path)
    assert message in info.value.message
    result = run_cli("import", "wordpress", str(path), "--into", str(tmp_path / "out"))
    assert result.exit_code == 1 and message in result.stderr
    assert "Build failed" not in result.stderr


def test_wxr_reader_handles_any_export_version(tmp_path: Path) -> None:
    old = EXPORT.read_text(encoding="utf-8").replace("export/1.2/", "export/1.0/")
    path = tmp_path / "old.xml"
    path.write_text(old, encoding="utf-8")
    export = read_wxr(path)
    assert export.authors == {"maya": "Maya Okafor", "jdoe": "José Díaz"}
    post = next(i for i in export.items if i.id == "10")
    assert post.excerpt.startswith("Why I talk") and len(post.comments) == 9


def test_dates_keep_their_offset() -> None:
    assert wp_date("2014-03-05 14:15:00", "2014-03-05 20:15:00") == "2014-03-05T14:15:00-06:00"
    assert wp_date("2014-03-05 14:15:00", "0000-00-00 00:00:00") == "2014-03-05T14:15:00"
    assert wp_date("2014-03-05 05:45:00", "2014-03-05 00:00:00") == "2014-03-05T05:45:00+05:45"
    assert wp_date("0000-00-00 00:00:00", "") is None


def test_html_conversion_details() -> None:
    assert autop("one\ntwo\n\n<p>three</p>") == "<p>one<br>\ntwo</p>\n<p>three</p>"
    assert autop("<pre>a\n\nb</pre>") == "<pre>a\n\nb</pre>"
    converted = to_markdown(
        '<!-- wp:embed {"url":"x"} /-->\n<p>See <a href="https://x.example/big.png">it</a>'
        ' and [contact-form-7 id="4"].</p><p>&nbsp;</p>'
        '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>'
    )
    assert converted.markdown == (  # a player is the site's shortcode, never a frame
        "See [it](https://x.example/big.png) and [contact-form-7 id=\"4\"].\n\n"
        "{{< youtube dQw4w9WgXcQ >}}\n"
    )
    assert converted.images == ["https://x.example/big.png"]
    assert converted.shortcodes == ["[contact-form-7]"]
