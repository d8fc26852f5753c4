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


HIDDEN_OR_METADATA = [
    "dir:.git",
    "dir:./.git/",
    "dir:.git/objects",
    "dir:.GIT",
    "dir:static/../.git",
    "dir:.github",
    "dir:.github/workflows",
    "dir:.blogfolio-cache",
    "dir:.venv/www",
    "dir:../.git",
    "dir:data",
    "dir:themes/mine",
    "dir:static",
]


@pytest.mark.parametrize("where", HIDDEN_OR_METADATA)
def test_dir_target_refuses_repository_metadata_hidden_and_source_folders(
    make_site: SiteFactory, where: str
) -> None:
    root = make_site({"content/posts/ok.md": post("Fine")}, GOOD_CONFIG)
    for repo in (root, root.parent):
        (repo / ".git" / "objects").mkdir(parents=True)
        (repo / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / ".github" / "workflows" / "publish.yml").write_text("on: push\n", encoding="utf-8")
    result = publish(root, where, "--delete")
    assert result.exit_code == 1
    assert "cannot publish into" in result.stderr and "hint: " in result.stderr
    assert not (root / "site").exists(), "refused before building"
    for repo in (root, root.parent):
        assert (repo / ".git" / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/main\n"
    assert (root / ".github" / "workflows" / "publish.yml").is_file()


def test_dir_target_refuses_a_symlink_into_git_metadata(make_site: SiteFactory) -> None:
    root = make_site({"content/posts/ok.md": post("Fine")}, GOOD_CONFIG)
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (root.parent / "www").symlink_to(root / ".git")
    result = publish(root, "dir:../www", "--delete")
    assert result.exit_code == 1
    assert "git repository's metadata" in result.stderr
    assert (root / ".git" / "HEAD").is_file()


def test_dir_target_refuses_a_worktrees_metadata_folder(make_site: SiteFactory) -> None:
    root = make_site({"content/posts/ok.md": post("Fine")}, GOOD_CONFIG)
    gitdir = root.parent / "main-repo" / "worktrees" / "folio"
    gitdir.mkdir(parents=True)
    (gitdir / "HEAD").write_text("ref: refs/heads/folio\n", encoding="utf-8")
    (root / ".git").write_text(f"gitdir: {gitdir}\n", encoding="utf-8")
    result = publish(root, "dir:../main-repo/worktrees", "--delete")
    assert result.exit_code == 1
    assert "metadata" in result.stderr
    assert (gitdir / "HEAD").is_file()


def test_dir_target_that_is_a_git_checkout_keeps_its_git_folder(
    make_site: SiteFactory,
) -> None:
    """Publishing into a clone of user.github.io with --delete replaces the site, not .git."""
    root = make_site({"content/posts/ok.md": post("Fine")}, GOOD_CONFIG)
    clone = root.parent / "www"
    (clone / ".git").mkdir(parents=True)
    (clone / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (clone / "old.html").write_text("old", encoding="utf-8")
    result = publish(root, "--delete")
    assert result.exit_code == 0, result.stderr
    assert (clone / ".git" / "HEAD").is_file()
    assert not (clone / "old.html").exists()
    assert (clone / "index.html").is_file()


LOCAL_IN_DISGUISE = [
    "http://localhost./",
    "http://LOCALHOST:8000/",
    "http://app.localhost/",
    "http://0/",
    "http://0.0.0.0/",
    "http://2130706433/",
    "http://127.1/",
    "http://0x7f.1/",
    "http://0177.0.0.1/",
    "http://017700000001/",
    "http://127.0.0.1./",
    "http://[::1]/",
    "http://[::]/",
    "http://[0:0:0:0:0:0:0:1]:8000/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://%6cocalhost/",
    "http://\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54/",
]
PLACEHOLDERS = [
    "https://example.github.io./",
    "https://EXAMPLE.GITHUB.IO/folio/",
    "https://www.example.com./",
    "https://blog.example.org/",
    "https://maya.example/",
    "https://maya.test./",
    "https://site.invalid/",
]


@pytest.mark.parametrize("base_url", LOCAL_IN_DISGUISE + PLACEHOLDERS)
def test_publish_sees_through_disguised_local_and_placeholder_hosts(
    make_site: SiteFactory, base_url: str
) -> None:
    config = (
        f'title = "Maya"\nbase_url = "{base_url}"\n\n[publish.targets.www]\nurl = "dir:../www"\n'
    )
    root = make_site({"content/posts/ok.md": post("Fine")}, config)
    result = publish(root, "www")
    assert result.exit_code == 1
    words = "points at this computer" if base_url in LOCAL_IN_DISGUISE else "placeholder"
    assert result.stderr.startswith("blogfolio.toml:2: error: base_url"), result.stderr
    assert words in result.stderr
    assert not (root / "site").exists() and not (root.parent / "www").exists()


@pytest.mark.parametrize(
    "base_url", ["https://maya.github.io/folio/", "http://192.168.1.20/", "https://128.1.2.3/",
                 "https://127example.net/", "https://testing.dev/"],
)  # fmt: skip
def test_real_addresses_are_still_published(make_site: SiteFactory, base_url: str) -> None:
    config = (
        f'title = "Maya"\nbase_url = "{base_url}"\n\n[publish.targets.www]\nurl = "dir:../www"\n'
    )
    root = make_site({"content/posts/ok.md": post("Fine")}, config)
    result = publish(root, "www")
    assert result.exit_code == 0, result.stderr
    assert (root.parent / "www" / "index.html").is_file()


SECRET_TARGETS = [
    "rsync://maya:hunter2-SECRET@backup.folio.invalid/folio/",
    "maya:hunter2-SECRET@backup.folio.invalid:public_html/",
    "s3://AKIAEXAMPLE:hunter2-SECRET@folio-bucket.invalid/site/",
    "s3://hunter2-SECRET@folio-bucket.invalid/site/",
    "https://maya:hunter2-SECRET@folio.invalid/",
]


@pytest.mark.parametrize("where", SECRET_TARGETS)
def test_a_target_with_a_password_is_refused_and_never_printed(
    make_site: SiteFactory, where: str
) -> None:
    root = make_site({"content/posts/ok.md": post("Fine")}, GOOD_CONFIG)
    result = publish(root, where)
    assert result.exit_code == 1
    assert "hunter2" not in result.stdout + result.stderr
    assert "password or key" in result.stderr or "unknown target" in result.stderr
    assert not (root / "site").exists()


def test_a_configured_target_with_a_password_names_its_line(make_site: SiteFactory) -> None:
    config = (
        GOOD_CONFIG
        + '\n[publish.targets.backup]\nurl = "rsync://maya:hunter2@host.folio.invalid/m/"\n'
    )
    root = make_site({"content/posts/ok.md": post("Fine")}, config)
    result = publish(root, "backup")
    assert result.exit_code == 1
    assert "hunter2" not in result.stdout + result.stderr
    assert re.match(r"blogfolio.toml:\d+: error: the target rsync://maya:\*\*\*@", result.stderr)
