"""The reply area never shows a broken link: without a `[comments]` email or form,
readers see no way to reply, and only the preview tells the author how to add one."""

from __future__ import annotations

from pathlib import Path

from blogfolio.build import Builder, BuildOptions
from conftest import FIXED_NOW, MINIMAL_CONFIG, SiteFactory, post

POST_PAGE = "posts/2025/hello/index.html"
FILES = {"content/posts/hello.md": post("Hello")}


def page(root: Path, preview: bool = False) -> str:
    options = BuildOptions(now=FIXED_NOW, preview=preview, fingerprint_assets=not preview)
    result = Builder(root, options).build()
    (found,) = [f for f in result.files if f.path == POST_PAGE]
    assert found.data is not None
    return found.data.decode("utf-8")


def test_without_email_or_form_readers_see_no_reply_link(make_site: SiteFactory) -> None:
    html = page(make_site(FILES))
    assert "mailto:" not in html
    assert 'id="reply"' not in html
    assert "Leave a reply" not in html
    assert "Only you see this" not in html
    assert "No comments yet." in html


def test_the_preview_tells_the_author_how_to_turn_replies_on(make_site: SiteFactory) -> None:
    html = page(make_site(FILES), preview=True)
    assert "mailto:" not in html
    assert "Only you see this, in the preview:" in html
    assert "under <code>[comments]</code> in blogfolio.toml" in html


def test_with_an_email_replies_go_to_it(make_site: SiteFactory) -> None:
    config = MINIMAL_CONFIG + '\n[comments]\nemail = "maya@example.org"\n'
    root = make_site(FILES, config)
    for preview in (False, True):
        html = page(root, preview)
        assert 'href="mailto:maya@example.org?subject=Hello"' in html
        assert "Only you see this" not in html


def test_with_a_form_there_is_no_mailto(make_site: SiteFactory) -> None:
    config = MINIMAL_CONFIG + '\n[comments]\nform_action = "https://comments.example.org/in"\n'
    html = page(make_site(FILES, config))
    assert 'action="https://comments.example.org/in"' in html
    assert "mailto:" not in html
