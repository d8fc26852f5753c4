"""GitHub Pages: the example site committed to gh-pages and pushed to a bare repository."""

from __future__ import annotations

import hashlib
import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from publish.conftest import (
    EDITED_PAGE,
    add_config,
    changed_between,
    closed_port,
    edit_post,
    git,
    publish,
    tree_digests,
)


@pytest.fixture
def remote(tmp_path: Path, example: Path) -> Path:
    """A bare repository as the example site's `origin`."""
    bare = tmp_path / "remote.git"
    git("init", "-q", "--bare", str(bare), cwd=tmp_path)
    git("remote", "add", "origin", str(bare), cwd=example)
    return bare


def clone_pages(remote: Path, into: Path) -> Path:
    """Clone the gh-pages branch, as GitHub Pages would read it."""
    git("clone", "-q", "--branch", "gh-pages", str(remote), str(into), cwd=remote.parent)
    return into


def test_publishes_the_example_site_to_gh_pages(example: Path, remote: Path, tmp_path: Path):
    result = publish(example, "gh-pages")
    assert result.exit_code == 0, result.stderr
    site = tree_digests(example / "site")
    assert len(site) > 40
    clone = clone_pages(remote, tmp_path / "clone")
    published = tree_digests(clone)
    assert published.pop(".nojekyll") == hashlib.sha256(b"").hexdigest()
    assert "CNAME" not in published
    assert published == site
    source = git("rev-parse", "HEAD", cwd=example)
    message = git("log", "-1", "--format=%B", cwd=clone)
    assert message.startswith(f"Publish site from {source[:7]}: Write my first posts")
    assert f"from commit {source}" in message
    assert f"Published to gh-pages on origin ({remote})" in result.stdout
    assert f"{len(site) + 1} uploaded" in result.stdout


def test_second_publish_pushes_nothing_and_an_edit_sends_exactly_what_changed(
    example: Path, remote: Path
) -> None:
    assert publish(example, "gh-pages").exit_code == 0
    first = git("rev-parse", "gh-pages", cwd=remote)
    before = tree_digests(example / "site")

    again = publish(example, "gh-pages")
    assert again.exit_code == 0, again.stderr
    assert "nothing to push" in again.stdout
    assert "0 uploaded (0 B)" in again.stdout
    assert git("rev-parse", "gh-pages", cwd=remote) == first

    edit_post(example)
    edited = publish(example, "gh-pages")
    assert edited.exit_code == 0, edited.stderr
    after = tree_digests(example / "site")
    changed = changed_between(before, after)
    assert EDITED_PAGE in changed
    assert len(changed) < len(after) / 4
    second = git("rev-parse", "gh-pages", cwd=remote)
    sent = set(git("diff", "--name-only", first, second, cwd=remote).splitlines())
    gone = set(before) - set(after)  # the search index names some files by their content
    assert sent == changed | gone
    assert f"{len(changed)} uploaded" in edited.stdout
    assert git("rev-parse", f"{second}^", cwd=remote) == first, "history is kept"


def test_custom_domain_writes_cname(example: Path, remote: Path, tmp_path: Path) -> None:
    add_config(
        example,
        '[publish.targets.gh-pages]\ncname = "www.maya-okafor.dev"\n'
        'base_url = "https://www.maya-okafor.dev/"\n',
    )
    result = publish(example, "gh-pages")
    assert result.exit_code == 0, result.stderr
    clone = clone_pages(remote, tmp_path / "clone")
    assert (clone / "CNAME").read_text() == "www.maya-okafor.dev"
    assert 'href="https://www.maya-okafor.dev/"' in (clone / "index.html").read_text()


def test_dry_run_lists_changes_and_pushes_nothing(example: Path, remote: Path) -> None:
    first = publish(example, "gh-pages", "--dry-run")
    assert first.exit_code == 0, first.stderr
    assert "add     index.html" in first.stdout
    assert "add     .nojekyll" in first.stdout
    assert first.stdout.rstrip().splitlines()[-1].startswith("Dry run for gh-pages on origin")
    assert git("branch", "--list", cwd=remote) == ""

    assert publish(example, "gh-pages").exit_code == 0
    (example / "content/about.md").unlink()
    edit_post(example)
    dry = publish(example, "gh-pages", "-n")
    assert f"change  {EDITED_PAGE}" in dry.stdout
    assert "remove  about/index.html" in dry.stdout
    assert "would be deleted" in dry.stdout


def test_pages_the_site_no_longer_has_leave_the_branch(
    example: Path, remote: Path, tmp_path: Path
) -> None:
    assert publish(example, "gh-pages").exit_code == 0
    before = set(tree_digests(example / "site"))
    (example / "content/about.md").unlink()
    result = publish(example, "gh-pages")
    assert result.exit_code == 0, result.stderr
    gone = before - set(tree_digests(example / "site"))
    assert "about/index.html" in gone  # and the search index's files named after its text
    assert f"{len(gone)} deleted" in result.stdout
    clone = clone_pages(remote, tmp_path / "clone")
    assert not (clone / "about").exists()


def test_no_remote_is_refused_before_building(example: Path) -> None:
    result = publish(example, "gh-pages")
    assert result.exit_code == 1
    assert "error: no git remote named 'origin'" in result.stderr
    assert "hint: git remote add origin https://github.com/YOU/REPO.git" in result.stderr
    assert not (example / "site").exists()


def test_a_folder_outside_git_is_refused(example: Path) -> None:
    git_dir = example / ".git"
    git_dir.rename(example.parent / "moved.git")
    result = publish(example, "gh-pages")
    assert result.exit_code == 1
    assert "is not inside a git repository" in result.stderr
    assert "git init" in result.stderr


def test_github_project_site_without_repo_path_is_refused(example: Path) -> None:
    git("remote", "add", "origin", "https://github.com/maya-okafor/folio.git", cwd=example)
    config = example / "blogfolio.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("github.io/folio/", "github.io/"), encoding="utf-8")
    result = publish(example, "gh-pages")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "blogfolio.toml:3: error: base_url https://maya-okafor.github.io/ has no /folio/ path"
    )
    assert 'hint: set base_url = "https://maya-okafor.github.io/folio/"' in result.stderr
    assert not (example / "site").exists()


def test_network_down_fails_after_retries_without_hanging(example: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}/folio.git"
    git("remote", "add", "origin", url, cwd=example)
    add_config(example, "[publish.targets.gh-pages]\ntimeout = 2\nretries = 2\n")
    started = time.monotonic()
    result = publish(example, "gh-pages")
    assert time.monotonic() - started < 20
    assert result.exit_code == 1
    assert "fetch failed: cannot fetch from 'origin'" in result.stdout
    assert "retry 2 of 2" in result.stdout
    assert "error: cannot fetch from 'origin'" in result.stderr
    assert "gave up after 3 attempts" in result.stderr
    assert "hint: check your internet connection" in result.stderr


class _Refuse(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="GitHub"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def refusing_server() -> Iterator[str]:
    """An HTTP git remote on 127.0.0.1 that turns every request away with 401."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Refuse)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/maya/folio.git"
    server.shutdown()
    thread.join()


def test_refused_credentials_say_how_to_sign_in(example: Path, refusing_server: str) -> None:
    git("remote", "add", "origin", refusing_server, cwd=example)
    result = publish(example, "gh-pages")
    assert result.exit_code == 1
    assert "error: the remote 'origin' refused the credentials" in result.stderr
    assert "retry" not in result.stdout
    assert "gh auth login" in result.stderr


def test_a_password_in_the_git_remote_is_never_printed(example: Path, refusing_server: str) -> None:
    url = refusing_server.replace("http://", "http://maya:hunter2-SECRET@")
    git("remote", "add", "origin", url, cwd=example)
    result = publish(example, "gh-pages")
    assert result.exit_code == 1
    assert "hunter2" not in result.stdout + result.stderr
    assert "refused the credentials" in result.stderr
