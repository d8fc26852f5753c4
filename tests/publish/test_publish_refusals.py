"""`blogfolio publish` refuses to send a broken or misaddressed site, and says what to do.

Each refusal is checked through the CLI against a `dir:` target, which must not
exist afterwards: nothing was published.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import SiteFactory, post
from publish.conftest import publish

GOOD_CONFIG = (
    'title = "Maya"\nbase_url = "https://maya-okafor.github.io/folio/"\n\n'
    '[publish]\ndefault = "www"\n\n[publish.targets.www]\nurl = "dir:../www"\n'
)

FAILING_BUILDS: dict[str, dict[str, str]] = {
    "privacy-leak": {
        "content/networking/ada.md": (
            "---\nname: Ada\ndate: 2025-01-01\nprivate:\n  email: ada@example.org\n---\n"
        ),
        "content/posts/leak.md": post("Leak", body="Write to ada@example.org."),
    },
    "broken-front-matter": {
        "content/posts/ok.md": post("Fine"),
        "content/posts/broken.md": "---\ntitle: [unclosed\ndate: 2025-01-10\n---\n\nText.\n",
    },
    "bad-date": {"content/posts/bad.md": post("Bad date", date="2025-13-45")},
    "link-to-missing-post": {
        "content/posts/a.md": post("A", body="See [b](missing.md)."),
    },
}
FAILING_FILES = {
    "privacy-leak": "content/networking/ada.md",
    "broken-front-matter": "content/posts/broken.md",
    "bad-date": "content/posts/bad.md",
    "link-to-missing-post": "content/posts/a.md",
}


@pytest.mark.parametrize("case", sorted(FAILING_BUILDS))
def test_publish_refuses_a_failed_build(make_site: SiteFactory, case: str) -> None:
    root = make_site(FAILING_BUILDS[case], GOOD_CONFIG)
    result = publish(root)
    assert result.exit_code == 1
    assert re.search(rf"^{re.escape(FAILING_FILES[case])}:\d+: error: ", result.stderr, re.M)
    assert "Publish refused:" in result.stderr
    assert "nothing was published" in result.stderr
    assert not (root.parent / "www").exists()


def test_publish_with_a_good_build_reaches_the_target(make_site: SiteFactory) -> None:
    root = make_site({"content/posts/ok.md": post("Fine")}, GOOD_CONFIG)
    result = publish(root)
    assert result.exit_code == 0, result.stderr
    assert (root.parent / "www" / "index.html").is_file()
    assert "Published to" in result.stdout


def test_publish_leaves_out_drafts_and_future_posts(make_site: SiteFactory) -> None:
    files = {
        "content/posts/ok.md": post("Fine"),
        "content/posts/draft.md": post("Secret draft", draft="true"),
        "content/posts/future.md": post("From the future", date="2999-01-01"),
    }
    root = make_site(files, GOOD_CONFIG)
    assert publish(root).exit_code == 0
    text = "".join(p.read_text("utf-8") for p in (root.parent / "www").rglob("*.html"))
    assert "Fine" in text
    assert "Secret draft" not in text and "From the future" not in text


@pytest.mark.parametrize(
    ("base_url_line", "words"),
    [
        ('base_url = "http://localhost:8000/"\n', "points at this computer"),
        ('base_url = "http://127.0.0.1:8000/folio/"\n', "points at this computer"),
        ("", "base_url is not set"),
        ('base_url = "https://example.github.io/"\n', "placeholder"),
    ],
)
def test_publish_refuses_a_local_or_missing_base_url(
    make_site: SiteFactory, base_url_line: str, words: str
) -> None:
    config = f'title = "Maya"\n{base_url_line}\n[publish.targets.www]\nurl = "dir:../www"\n'
    root = make_site({"content/posts/ok.md": post("Fine")}, config)
    result = publish(root, "www")
    assert result.exit_code == 1
    assert words in result.stderr
    assert "hint: " in result.stderr
    if base_url_line:
        assert result.stderr.startswith("blogfolio.toml:2: error: base_url")
    assert not (root / "site").exists(), "refused before building"
    assert not (root.parent / "www").exists()


def test_localhost_is_still_fine_for_build(make_site: SiteFactory) -> None:
    from conftest import run_cli

    config = 'title = "Maya"\nbase_url = "http://localhost:8000/"\n'
    root = make_site({"content/posts/ok.md": post("Fine")}, config)
    assert run_cli("build", "--source", str(root), "-q").exit_code == 0


def test_a_target_base_url_overrides_the_site_one(make_site: SiteFactory) -> None:
    config = GOOD_CONFIG + 'base_url = "http://localhost:1313/"\n'
    root = make_site({"content/posts/ok.md": post("Fine")}, config)
    result = publish(root)
    assert result.exit_code == 1
    assert result.stderr.startswith("blogfolio.toml:9: error: base_url http://localhost:1313/")


def test_unknown_target_suggests_a_configured_one(make_site: SiteFactory) -> None:
    root = make_site({"content/posts/ok.md": post("Fine")}, GOOD_CONFIG)
    result = publish(root, "ww")
    assert result.exit_code == 1
    assert "error: unknown target 'ww'" in result.stderr
    assert "did you mean 'www'?" in result.stderr


def test_no_target_and_no_default_names_the_choices(make_site: SiteFactory) -> None:
    config = (
        'title = "Maya"\nbase_url = "https://maya.example-host.net/"\n\n'
        '[publish.targets.www]\nurl = "dir:../www"\n\n'
        '[publish.targets.backup]\nurl = "dir:../backup"\n'
    )
    root = make_site({"content/posts/ok.md": post("Fine")}, config)
    result = publish(root)
    assert result.exit_code == 1
    assert "no target given, and blogfolio.toml names no default" in result.stderr
    assert "blogfolio publish backup, www" in result.stderr


def test_a_single_target_needs_no_default(make_site: SiteFactory) -> None:
    config = (
        'title = "Maya"\nbase_url = "https://maya.example-host.net/"\n\n'
        '[publish.targets.www]\nurl = "dir:../www"\n'
    )
    root = make_site({"content/posts/ok.md": post("Fine")}, config)
    assert publish(root).exit_code == 0
    assert (root.parent / "www" / "index.html").is_file()


@pytest.mark.parametrize("where", ["dir:.", "dir:content", "dir:site", "dir:site/inner", "dir:.."])
def test_dir_target_refuses_folders_holding_sources_or_the_build(
    make_site: SiteFactory, where: str
) -> None:
    root = make_site({"content/posts/ok.md": post("Fine")}, GOOD_CONFIG)
    result = publish(root, where)
    assert result.exit_code == 1
    assert "cannot publish into" in result.stderr
    assert not Path(root / "site").exists()
