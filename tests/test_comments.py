"""Reader comments: threads, moderation, privacy, the reply form and the comments feed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from blogfolio.build import Builder, BuildOptions, build
from blogfolio.errors import BuildError, format_diagnostic
from blogfolio.model import BuildResult
from blogfolio.render.comment_views import AVATAR_COLOURS, avatar_svg, initials
from conftest import FIXED_NOW, MINIMAL_CONFIG, SiteFactory, run_cli

POST = "content/posts/hello/index.md"
COMMENTS = "content/posts/hello/comments/"
POST_HTML = "posts/2025/hello/index.html"
CONFIG = MINIMAL_CONFIG + 'timezone = "America/Chicago"\n'


def comment(author: str, date: str, body: str = "Nice post.", **meta: str) -> str:
    extra = "".join(f"{k}: {v}\n" for k, v in meta.items())
    return f"---\nauthor: {author}\ndate: {date}\n{extra}---\n\n{body}\n"


def thread_site(make_site: SiteFactory, config: str = CONFIG, **extra: str) -> Path:
    files = {
        POST: "---\ntitle: Hello & Welcome\ndate: 2025-01-10\n---\n\nThe post body.\n",
        COMMENTS + "a-first.md": comment(
            "Ana Lima", "2025-01-11T10:00:00Z", "First! *Great* post.",
            url="https://ana.example.org/", email="ana@private.example",
        ),
        COMMENTS + "b-reply.md": comment(
            "Maya Okafor", "2025-01-12T09:00:00", "Thanks, Ana.", reply_to="a-first"
        ),
        COMMENTS + "c-second.md": comment("Bo Chen", "2025-01-11T12:00:00Z", "Second."),
        COMMENTS + "d-nested.md": comment(
            "Ana Lima", "2025-01-13T09:00:00", "You're welcome.", reply_to="b-reply.md"
        ),
        COMMENTS + "e-pending.md": comment(
            "Spammy", "2025-01-14T09:00:00", "Buy pills", approved="false",
            email="spam@private.example",
        ),
        COMMENTS + "f-under-pending.md": comment(
            "Cy", "2025-01-15T09:00:00", "Reply to spam", reply_to="e-pending"
        ),
    }  # fmt: skip
    files.update(extra)
    return make_site(files, config)


def built(root: Path) -> BuildResult:
    return build(root, BuildOptions(now=FIXED_NOW))


def text(result: BuildResult, path: str) -> str:
    item = next(f for f in result.files if f.path == path)
    assert item.data is not None
    return item.data.decode()


def comments_section(html: str) -> str:
    match = re.search(r'<section id="comments".*?</section>', html, re.S)
    assert match, "no comments section"
    return match.group(0)


def test_thread_is_nested_oldest_first_with_stable_anchors(make_site: SiteFactory) -> None:
    html = text(built(thread_site(make_site)), POST_HTML)
    section = comments_section(html)
    assert "4 comments on “Hello &amp; Welcome”" in section
    ids = re.findall(r'<li class="comment" id="comment-([\w-]+)"', section)
    assert ids == ["a-first", "b-reply", "d-nested", "c-second"]
    # b-reply and d-nested sit inside a-first's <li>, d-nested inside b-reply's.
    first = section.index('id="comment-a-first"')
    second = section.index('id="comment-c-second"')
    replies = section.index('<ol class="comment-replies">')
    assert first < replies < section.index('id="comment-b-reply"') < second
    depth = section[: section.index('id="comment-d-nested"')]
    assert depth.count('<ol class="comment-replies">') - depth.count("</ol>") == 2
    assert 'in reply to <a href="#comment-b-reply">Maya Okafor</a>' in section


def test_comment_details(make_site: SiteFactory) -> None:
    section = comments_section(text(built(thread_site(make_site)), POST_HTML))
    link = '<a href="https://ana.example.org/" rel="external nofollow ugc noopener">Ana Lima</a>'
    assert link in section
    assert "<p>First! <em>Great</em> post.</p>" in section
    # 10:00 UTC is 04:00 in Chicago; naive dates are read in the site's zone.
    assert '<time datetime="2025-01-11T04:00:00-06:00">January 11, 2025 at 04:00</time>' in section
    assert '<time datetime="2025-01-12T09:00:00-06:00">' in section
    assert '<svg class="avatar"' in section and ">AL</text>" in section
    assert "gravatar" not in section and "<img" not in section


def test_unapproved_comments_and_their_threads_are_nowhere(make_site: SiteFactory) -> None:
    result = built(thread_site(make_site))
    for item in result.files:
        data = item.data if item.data is not None else b""
        assert b"Buy pills" not in data and b"Reply to spam" not in data, item.path
        assert b"private.example" not in data, item.path  # emails never reach output
    reasons = {e.span_path.name: e.reason for e in result.site.excluded}
    assert reasons["e-pending.md"].startswith("approved: false")
    assert reasons["f-under-pending.md"] == (
        "reply to unapproved comment 'e-pending' (hidden with its thread)"
    )


def test_build_summary_names_hidden_comments(make_site: SiteFactory, tmp_path: Path) -> None:
    root = thread_site(make_site)
    result = run_cli("build", "--source", str(root), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert "e-pending.md: approved: false" in result.stderr
    assert "f-under-pending.md: reply to unapproved comment 'e-pending'" in result.stderr


def test_reply_to_missing_comment_is_an_error_with_the_file(make_site: SiteFactory) -> None:
    root = make_site(
        {
            POST: "---\ntitle: Hello\ndate: 2025-01-10\n---\n\nBody.\n",
            COMMENTS + "x.md": comment("Zed", "2025-01-11", reply_to="a-frist"),
            COMMENTS + "a-first.md": comment("Ana", "2025-01-11"),
        },
        CONFIG,
    )
    with pytest.raises(BuildError) as info:
        built(root)
    (message,) = [format_diagnostic(d) for d in info.value.diagnostics]
    assert message.startswith(
        "content/posts/hello/comments/x.md:4: error: reply_to: no comment 'a-frist'"
    )
    assert "did you mean 'a-first'?" in message


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"a.md": comment("A", "2025-01-11", reply_to="a")}, "comment replies to itself"),
        (
            {
                "a.md": comment("A", "2025-01-11", reply_to="b"),
                "b.md": comment("B", "2025-01-12", reply_to="a"),
            },
            "comments reply to each other in a loop (a, b)",
        ),
        ({"a.md": comment("A", "2025-01-11", aproved="false")}, "unknown front matter key"),
        ({"a.md": comment("A", "2025-01-11", approved="nope")}, "'approved': expected true"),
        ({"a.md": "---\ndate: 2025-01-11\n---\nHi\n"}, "'author' is required in a comment"),
        ({"a.md": comment("A", "someday")}, "'date': expected YYYY-MM-DD"),
        ({"A.md": comment("A", "2025-01-11"), "a.md": comment("B", "2025-01-12")}, "also used"),
    ],
)
def test_bad_comments_are_errors(
    make_site: SiteFactory, files: dict[str, str], expected: str
) -> None:
    post = {POST: "---\ntitle: Hello\ndate: 2025-01-10\n---\n\nBody.\n"}
    root = make_site(post | {COMMENTS + k: v for k, v in files.items()}, CONFIG)
    if len({k.lower() for k in files}) < len(files) and not _case_sensitive(root):
        pytest.skip("case-insensitive file system")
    with pytest.raises(BuildError) as info:
        built(root)
    messages = [format_diagnostic(d) for d in info.value.diagnostics]
    assert len(messages) == 1 and expected in messages[0], messages
    assert messages[0].startswith("content/posts/hello/comments/")


def _case_sensitive(root: Path) -> bool:
    return not (root / "BLOGFOLIO.TOML").exists()


def test_form_posts_to_configured_action(make_site: SiteFactory) -> None:
    config = CONFIG + '[comments]\nform_action = "https://forms.example.net/in?site=1&x=2"\n'
    section = comments_section(text(built(thread_site(make_site, config)), POST_HTML))
    assert '<form class="reply-form" method="post" ' in section
    assert 'action="https://forms.example.net/in?site=1&amp;x=2"' in section
    assert '<input type="hidden" name="post" value="posts/hello/index.md">' in section
    assert '<option value="d-nested">Ana Lima, January 13, 2025</option>' in section
    assert 'data-reply-to="a-first"' in section
    assert "mailto:" not in section


def test_mailto_fallback_uses_the_post_title_as_subject(make_site: SiteFactory) -> None:
    config = CONFIG + '[comments]\nemail = "maya@example.com"\n'
    section = comments_section(text(built(thread_site(make_site, config)), POST_HTML))
    assert 'href="mailto:maya@example.com?subject=Hello%20%26%20Welcome"' in section
    assert "<form" not in section and "data-reply-to" not in section


def test_comments_can_be_closed_or_off_per_post(make_site: SiteFactory) -> None:
    closed = "---\ntitle: Hello\ndate: 2025-01-10\ncomments: closed\n---\n\nBody.\n"
    result = built(thread_site(make_site, **{POST: closed}))
    section = comments_section(text(result, POST_HTML))
    assert "4 comments on" in section and "Leave a reply" not in section
    off = "---\ntitle: Hello\ndate: 2025-01-10\ncomments: false\n---\n\nBody.\n"
    result = built(thread_site(make_site, **{POST: off}))
    html = text(result, POST_HTML)
    assert 'id="comments"' not in html and "First!" not in html
    assert not any(f.path.endswith("comments.xml") for f in result.files)
    assert "1 comment" not in text(result, "index.html")


def test_comments_can_be_turned_off_site_wide(make_site: SiteFactory) -> None:
    result = built(thread_site(make_site, CONFIG + "[comments]\nenabled = false\n"))
    assert 'id="comments"' not in text(result, POST_HTML)
    assert not any(f.path.endswith("comments.xml") for f in result.files)


def test_bad_comments_setting_is_an_error(make_site: SiteFactory) -> None:
    bad = "---\ntitle: Hello\ndate: 2025-01-10\ncomments: maybe\n---\n\nBody.\n"
    with pytest.raises(BuildError) as info:
        built(thread_site(make_site, **{POST: bad}))
    (message,) = [format_diagnostic(d) for d in info.value.diagnostics]
    assert message.startswith("content/posts/hello/index.md:4: error: front matter 'comments'")


def test_post_without_comments_invites_the_first(make_site: SiteFactory) -> None:
    config = CONFIG + '[comments]\nemail = "maya@example.com"\n'
    root = make_site({POST: "---\ntitle: Hello\ndate: 2025-01-10\n---\n\nBody.\n"}, config)
    section = comments_section(text(built(root), POST_HTML))
    assert '<h2 id="comments-title">Comments</h2>' in section
    assert "No comments yet." in section and "Leave a reply" in section


def test_counts_appear_on_post_lists(make_site: SiteFactory) -> None:
    result = built(thread_site(make_site))
    assert '<a href="posts/2025/hello/#comments">4 comments</a>' in text(result, "index.html")
    assert '<a href="./#comments">4 comments</a>' in text(result, POST_HTML)


def test_per_post_comments_feed(make_site: SiteFactory) -> None:
    result = built(thread_site(make_site))
    xml = text(result, "posts/2025/hello/comments.xml")
    feed = feedparser.parse(xml)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "Comments on “Hello & Welcome”"
    assert [e.author for e in feed.entries] == ["Ana Lima", "Maya Okafor", "Bo Chen", "Ana Lima"]
    assert feed.entries[-1].link == "https://example.org/posts/2025/hello/#comment-a-first"
    assert "Buy pills" not in xml and "private.example" not in xml
    ET.fromstring(xml)  # well-formed
    html = text(result, POST_HTML)
    assert '<link rel="alternate" type="application/atom+xml" title="Comments on' in html
    assert 'href="comments.xml"' in html


def test_incremental_build_sees_comment_edits(make_site: SiteFactory) -> None:
    root = thread_site(make_site)
    builder = Builder(root, BuildOptions(now=FIXED_NOW))
    builder.build()
    path = root / COMMENTS / "c-second.md"
    path.write_text(comment("Bo Chen", "2025-01-11T12:00:00Z", "Edited text."), encoding="utf-8")
    (root / COMMENTS / "g-new.md").write_text(comment("Di", "2025-01-20"), encoding="utf-8")
    (root / COMMENTS / "e-pending.md").unlink()
    (root / COMMENTS / "f-under-pending.md").unlink()
    again = builder.build()
    fresh = built(root)
    assert {f.path: f.data for f in again.files} == {f.path: f.data for f in fresh.files}
    assert "Edited text." in text(again, POST_HTML)
    assert "5 comments</a>" in text(again, "index.html")


def test_avatar_initials_and_colours() -> None:
    assert initials("Maya Okafor") == "MO"
    assert initials("  priya   natarajan-rao ") == "PR"
    assert initials("Zoë") == "Z"
    assert initials("<script>") == "?"
    assert initials("") == "?"
    svg = avatar_svg('"><b>x</b>')
    assert "<b>" not in svg and 'aria-hidden="true"' in svg
    assert avatar_svg("Ana Lima") == avatar_svg("ana  lima")
    for colour in AVATAR_COLOURS:
        assert _contrast(colour, "#ffffff") >= 4.5, colour


def _contrast(a: str, b: str) -> float:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_example_post_has_a_threaded_discussion() -> None:
    from conftest import REPO

    result = build(REPO, BuildOptions(now=FIXED_NOW))
    post = next(p for p in result.site.posts if p.slug == "networking-before-the-interview")
    assert post.comments is not None and post.comments.count >= 3
    assert any(c.replies for c in post.comments.comments)


# -- moderation -------------------------------------------------------------------


def test_comments_command_lists_pending_across_the_site(make_site: SiteFactory) -> None:
    root = thread_site(make_site)
    result = run_cli("comments", "--source", str(root))
    assert result.exit_code == 0, result.stderr
    assert "hello/e-pending" in result.stdout and "Spammy" in result.stdout
    assert "Buy pills" in result.stdout and "Hello & Welcome" in result.stdout
    assert "a-first" not in result.stdout
    everything = run_cli("comments", "--source", str(root), "--all")
    assert "hello/a-first" in everything.stdout and "approved" in everything.stdout
    assert "private.example" not in result.stdout + everything.stdout


def test_approve_flips_only_the_approved_line(make_site: SiteFactory) -> None:
    root = thread_site(make_site)
    path = root / COMMENTS / "e-pending.md"
    before = path.read_text(encoding="utf-8")
    result = run_cli("comments", "approve", "e-pending", "--source", str(root))
    assert result.exit_code == 0, result.stderr
    assert "Approved hello/e-pending by Spammy." in result.stdout
    assert path.read_text(encoding="utf-8") == before.replace("approved: false", "approved: true")
    html = text(built(root), POST_HTML)
    assert "Buy pills" in html and "Reply to spam" in html  # its thread comes back too
    again = run_cli("comments", "approve", "hello/e-pending", "--source", str(root))
    assert "Already approved: hello/e-pending" in again.stdout
    assert "No comments are waiting" in run_cli("comments", "--source", str(root)).stdout


def test_reject_deletes_and_protects_replies(make_site: SiteFactory) -> None:
    root = thread_site(make_site)
    refused = run_cli("comments", "reject", "hello/e-pending", "--source", str(root))
    assert refused.exit_code == 1
    assert "has 1 reply: hello/f-under-pending" in refused.stderr
    assert "--with-replies" in refused.stderr
    assert (root / COMMENTS / "e-pending.md").exists()
    path = f"{root}/{COMMENTS}e-pending.md"
    done = run_cli("comments", "reject", path, "--with-replies", "--source", str(root))
    assert done.exit_code == 0, done.stderr
    assert not (root / COMMENTS / "e-pending.md").exists()
    assert not (root / COMMENTS / "f-under-pending.md").exists()
    built(root)  # the thread is still consistent


def test_unknown_or_ambiguous_ids(make_site: SiteFactory) -> None:
    other = "content/posts/other/"
    root = thread_site(
        make_site,
        **{
            other + "index.md": "---\ntitle: Other\ndate: 2025-01-09\n---\n\nBody.\n",
            other + "comments/a-first.md": comment("Eve", "2025-01-10"),
        },
    )
    missing = run_cli("comments", "approve", "nope", "--source", str(root))
    assert missing.exit_code == 1 and "error: no comment 'nope'" in missing.stderr
    assert "Build failed" not in missing.stderr
    ambiguous = run_cli("comments", "reject", "a-first", "--source", str(root))
    assert ambiguous.exit_code == 1
    assert "'a-first' names 2 comments: other/a-first, hello/a-first" in ambiguous.stderr


def test_single_file_posts_keep_comments_in_a_folder_of_their_name(
    make_site: SiteFactory,
) -> None:
    root = make_site(
        {
            "content/posts/2025-01-10-hello.md": "---\ntitle: Hello\n---\n\nBody.\n",
            "content/posts/2025-01-10-hello/comments/first.md": comment("Ana", "2025-01-11"),
        },
        CONFIG,
    )
    result = built(root)
    assert len(result.site.posts) == 1  # the comment is not mistaken for a post
    assert "1 comment on “Hello”" in text(result, POST_HTML)
    listing = run_cli("comments", "--all", "--source", str(root))
    assert "2025-01-10-hello/first" in listing.stdout
