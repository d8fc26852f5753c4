"""`blogfolio new site`: asks in a terminal, takes flags in scripts, and makes a site whose
every menu link works, whose reply area is honest and whose workflow can install blogfolio."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tzlocal
import yaml

import blogfolio.install_source
from blogfolio.install_source import InstallSource
from blogfolio.scaffold_prompts import (
    PLACEHOLDER_URL,
    base_url_from,
    check_email,
    check_timezone,
    local_timezone,
)
from conftest import run_cli
from linkcheck import broken_links
from pty_session import Terminal

FLAGS = (
    "--yes", "--author", "Maya Okafor", "--email", "maya@example.org",
    "--base-url", "maya/folio", "--timezone", "America/Chicago",
)  # fmt: skip


def config_of(root: Path) -> dict[str, Any]:
    return tomllib.loads((root / "blogfolio.toml").read_text("utf-8"))


def workflow_of(root: Path) -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load(
        (root / ".github/workflows/publish.yml").read_text("utf-8")
    )
    return data


# -- flags ------------------------------------------------------------------------------------


def test_flags_fill_in_the_config(tmp_path: Path) -> None:
    root = tmp_path / "folio"
    result = run_cli("new", "site", str(root), *FLAGS)
    assert result.exit_code == 0, result.stderr
    config = config_of(root)
    assert config["title"] == "Maya Okafor's blogfolio"
    assert config["author"]["name"] == "Maya Okafor"
    assert config["base_url"] == "https://maya.github.io/folio/"
    assert config["timezone"] == "America/Chicago"
    assert config["comments"] == {"email": "maya@example.org"}


def test_the_new_site_builds_and_its_menu_links_every_portfolio_page(tmp_path: Path) -> None:
    root = tmp_path / "folio"
    assert run_cli("new", "site", str(root), *FLAGS).exit_code == 0
    built = run_cli("build", "--source", str(root))
    assert built.exit_code == 0, built.stderr
    out = root / "site"
    home = (out / "index.html").read_text("utf-8")
    nav = home[home.index('<nav class="site-nav"') : home.index("</nav>")]
    links = re.findall(r'href="([^"]+)"', nav)
    assert links == [
        "./", "about/", "reflections/", "projects/", "skills/", "resume/", "networking/",
        "archives/", "search/",  # the last shows on phones only, in place of the header box
    ]  # fmt: skip
    for link in links:
        assert (out / link / "index.html").is_file(), link
    assert broken_links(out, "/folio/") == []
    post = next((out / "posts").rglob("hello-blogfolio/index.html")).read_text("utf-8")
    assert 'href="mailto:maya@example.org?subject=Hello%2C%20blogfolio"' in post
    for page in out.rglob("*"):
        if page.is_file():
            assert b"Sample Contact" not in page.read_bytes(), page  # a private entry


def test_quotes_and_backslashes_in_a_name_stay_valid_toml(tmp_path: Path) -> None:
    root = tmp_path / "folio"
    name = 'Dana "DJ" O\\Neil'
    result = run_cli("new", "site", str(root), "--yes", "--author", name, "--timezone", "UTC")
    assert result.exit_code == 0, result.stderr
    assert config_of(root)["author"]["name"] == name
    assert run_cli("build", "--source", str(root)).exit_code == 0


def test_without_a_terminal_or_flags_defaults_are_used(tmp_path: Path) -> None:
    """No TTY (CliRunner's stdin is a pipe): nothing is asked, nothing hangs."""
    root = tmp_path / "my-folio"
    result = run_cli("new", "site", str(root))
    assert result.exit_code == 0, result.stderr
    config = config_of(root)
    assert config["title"] == "My Folio"
    assert config["author"]["name"] == ""
    assert config["base_url"] == PLACEHOLDER_URL
    assert config["timezone"] == local_timezone()
    assert "email" not in config["comments"]
    post = next(root.rglob("hello-blogfolio.md"))
    assert run_cli("build", "--source", str(root)).exit_code == 0
    html = next((root / "site" / "posts").rglob("hello-blogfolio/index.html")).read_text("utf-8")
    assert "mailto:" not in html, post


@pytest.mark.parametrize(
    ("flag", "value", "message"),
    [
        ("--email", "maya at example", "'maya at example' is not an email address"),
        ("--timezone", "America/Chicgo", "did you mean America/Chicago?"),
        ("--timezone", "Mars/Olympus", "'Mars/Olympus' is not a time zone"),
        ("--base-url", "ftp://maya.dev/", "is not a web address"),
        ("--base-url", "not a site", "is neither a GitHub user name"),
    ],
)
def test_bad_flags_are_usage_errors(tmp_path: Path, flag: str, value: str, message: str) -> None:
    root = tmp_path / "folio"
    result = run_cli("new", "site", str(root), "--yes", flag, value)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not root.exists()


@pytest.mark.parametrize(
    ("reply", "url"),
    [
        ("maya", "https://maya.github.io/"),
        ("Maya-Okafor", "https://maya-okafor.github.io/"),
        ("maya/folio", "https://maya.github.io/folio/"),
        ("maya/maya.github.io", "https://maya.github.io/"),
        ("https://maya.github.io/folio", "https://maya.github.io/folio/"),
        ("www.maya.dev", "https://www.maya.dev/"),
        ("people.example.edu/~maya/", "https://people.example.edu/~maya/"),
        ("", PLACEHOLDER_URL),
    ],
)
def test_base_url_from_a_user_name_repository_or_address(reply: str, url: str) -> None:
    assert base_url_from(reply) == url


@pytest.mark.parametrize("reply", ["-maya", "maya--", "http://", "https://x.dev/?a=1", "a b"])
def test_base_url_refuses_what_is_no_address(reply: str) -> None:
    with pytest.raises(ValueError):
        base_url_from(reply)


def test_email_and_timezone_checks() -> None:
    assert check_email(" maya@example.org ") == "maya@example.org"
    assert check_email("") == ""
    for bad in ("maya", "maya@", "@example.org", "maya@example", "a b@example.org"):
        with pytest.raises(ValueError):
            check_email(bad)
    assert check_timezone("Europe/Paris") == "Europe/Paris"
    with pytest.raises(ValueError, match="did you mean Europe/Paris"):
        check_timezone("Europe/Pari")
    with pytest.raises(ValueError):
        check_timezone("../../etc/passwd")


def test_the_local_time_zone_is_detected(monkeypatch: pytest.MonkeyPatch) -> None:
    """tzlocal reads $TZ before /etc/localtime; it remembers its answer, hence the reloads."""
    monkeypatch.setenv("TZ", "America/Chicago")
    tzlocal.reload_localzone()
    try:
        assert local_timezone() == "America/Chicago"
        monkeypatch.setenv("TZ", ":Asia/Kolkata")
        tzlocal.reload_localzone()
        assert local_timezone() == "Asia/Kolkata"
    finally:
        monkeypatch.undo()
        tzlocal.reload_localzone()


# -- in a terminal ----------------------------------------------------------------------------


def blogfolio_terminal(*args: str, cwd: Path) -> Terminal:
    env = {**os.environ, "TERM": "dumb", "TZ": "America/Denver", "COLUMNS": "200"}
    return Terminal([sys.executable, "-m", "blogfolio", *args], cwd, env)


def test_new_site_asks_in_a_terminal_and_asks_again_after_a_bad_answer(tmp_path: Path) -> None:
    term = blogfolio_terminal("new", "site", "folio", cwd=tmp_path)
    try:
        term.expect("Your name (as readers should see it):")
        term.type("Maya Okafor")
        term.expect("Email for readers' replies (optional):")
        term.type("maya at example")
        term.expect("is not an email address")
        term.expect("Email for readers' replies (optional):")
        term.type("maya@example.org")
        term.expect("GitHub user name, or the site's address")
        term.type("maya-okafor")
        term.expect("Time zone [America/Denver]:")
        term.type("America/Chicgo")
        term.expect("did you mean America/Chicago?")
        term.expect("Time zone [America/Denver]:")
        term.type("America/Chicago")
        term.expect("Next: cd folio")
    finally:
        code = term.close()
    assert code == 0
    config = config_of(tmp_path / "folio")
    assert config["author"]["name"] == "Maya Okafor"
    assert config["comments"]["email"] == "maya@example.org"
    assert config["base_url"] == "https://maya-okafor.github.io/"
    assert config["timezone"] == "America/Chicago"


def test_in_a_terminal_enter_takes_the_defaults_and_flags_are_not_asked(tmp_path: Path) -> None:
    term = blogfolio_terminal("new", "site", "folio", "--author", "Maya", cwd=tmp_path)
    try:
        term.expect("Email for readers' replies (optional):")
        term.type("")
        term.expect("GitHub user name, or the site's address")
        term.type("")
        term.expect("Time zone [America/Denver]:")
        term.type("")
        shown = term.expect("Next: cd folio")
    finally:
        code = term.close()
    assert code == 0
    assert "Your name" not in shown
    config = config_of(tmp_path / "folio")
    assert (config["author"]["name"], config["timezone"]) == ("Maya", "America/Denver")
    assert config["base_url"] == PLACEHOLDER_URL


def test_yes_in_a_terminal_asks_nothing(tmp_path: Path) -> None:
    term = blogfolio_terminal("new", "site", "folio", "--yes", cwd=tmp_path)
    try:
        shown = term.expect("Next: cd folio")
    finally:
        code = term.close()
    assert code == 0
    assert "?" not in shown.split("Next:")[0].replace("blogfolio.toml", "")
    assert config_of(tmp_path / "folio")["timezone"] == "America/Denver"


# -- the workflow and where blogfolio came from ---------------------------------------------


INDEX = InstallSource("1.4.2", "index")
VCS = blogfolio.install_source.read_direct_url(
    "1.4.2",
    '{"url": "https://github.com/blogfolio-dev/blogfolio.git",'
    ' "vcs_info": {"vcs": "git", "commit_id": "0123456789abcdef0123456789abcdef01234567",'
    ' "requested_revision": "main"}}',
)
EDITABLE = blogfolio.install_source.read_direct_url(
    "1.4.2", '{"url": "file:///home/maya/src/blogfolio", "dir_info": {"editable": true}}'
)


def scaffold_with(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, install: InstallSource) -> Any:
    monkeypatch.setattr(blogfolio.install_source, "detect_install", lambda: install)
    root = tmp_path / "folio"
    result = run_cli("new", "site", str(root), "--yes", "--timezone", "UTC")
    assert result.exit_code == 0, result.stderr
    return root, result


def steps_of(root: Path) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = workflow_of(root)["jobs"]["build"]["steps"]
    return steps


def install_step(root: Path) -> dict[str, Any]:
    return next(s for s in steps_of(root) if s.get("name") == "Install blogfolio")


def test_an_index_install_is_pinned_to_its_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, result = scaffold_with(tmp_path, monkeypatch, INDEX)
    assert install_step(root)["run"] == 'python -m pip install "blogfolio==1.4.2"'
    assert "note:" not in result.stderr


def test_a_git_install_is_pinned_to_its_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, result = scaffold_with(tmp_path, monkeypatch, VCS)
    assert install_step(root)["run"] == (
        'python -m pip install "blogfolio @ git+https://github.com/blogfolio-dev/blogfolio.git'
        '@0123456789abcdef0123456789abcdef01234567"'
    )
    assert "note:" not in result.stderr


def test_a_local_install_leaves_a_placeholder_that_fails_clearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, result = scaffold_with(tmp_path, monkeypatch, EDITABLE)
    step = install_step(root)
    assert "::error" in step["run"] and "exit 1" in step["run"]
    text = (root / ".github/workflows/publish.yml").read_text("utf-8")
    assert "installed in editable mode from the folder /home/maya/src/blogfolio" in text
    assert "note: .github/workflows/publish.yml cannot install blogfolio yet" in result.stderr
    assert "Install blogfolio" in result.stderr


def test_the_workflow_keeps_the_build_cache_and_its_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = scaffold_with(tmp_path, monkeypatch, INDEX)
    steps = steps_of(root)
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    names = [s.get("name", s.get("id", "")) for s in steps]
    cache = steps[uses.index("actions/cache")]
    assert names.index("Install blogfolio") < uses.index("actions/cache")
    assert uses.index("actions/cache") < next(
        i for i, s in enumerate(steps) if s.get("run", "").startswith("blogfolio build")
    )
    assert cache["with"]["path"].split() == [".blogfolio-cache", "~/.cache/blogfolio/key"]
    key = cache["with"]["key"]
    assert key.startswith("blogfolio-${{ runner.os }}-${{ steps.blogfolio.outputs.version }}-")
    assert "hashFiles(" in key and "'content/**'" in key and "'blogfolio.toml'" in key
    prefix = "blogfolio-${{ runner.os }}-${{ steps.blogfolio.outputs.version }}-"
    assert cache["with"]["restore-keys"].strip() == prefix
    version_step = next(s for s in steps if s.get("id") == "blogfolio")
    assert "GITHUB_OUTPUT" in version_step["run"]


@pytest.mark.parametrize(
    ("text", "kind", "requirement"),
    [
        (None, "index", "blogfolio==2.0.0"),
        ('{"url": "https://h.example/b.git", "vcs_info": {"vcs": "git", "commit_id": "abc"}}',
         "vcs", "blogfolio @ git+https://h.example/b.git@abc"),
        ('{"url": "https://h.example/b.git", "vcs_info": {"vcs": "git", "commit_id": "abc"},'
         ' "subdirectory": "tool"}', "vcs", "blogfolio @ git+https://h.example/b.git@abc"
         "#subdirectory=tool"),
        ('{"url": "ssh://git@h.example/b.git", "vcs_info": {"vcs": "git", "commit_id": "abc"}}',
         "vcs", None),
        ('{"url": "file:///src/b", "vcs_info": {"vcs": "git", "commit_id": "abc"}}', "vcs", None),
        ('{"url": "https://h.example/blogfolio-2.0.0.tar.gz", "archive_info": {}}', "archive",
         "blogfolio @ https://h.example/blogfolio-2.0.0.tar.gz"),
        ('{"url": "file:///tmp/blogfolio-2.0.0-py3-none-any.whl", "archive_info": {}}',
         "archive", None),
        ('{"url": "file:///src/b", "dir_info": {}}', "folder", None),
        ('{"url": "file:///src/b", "dir_info": {"editable": true}}', "editable", None),
        ("not json", "unknown", None),
        ('{"dir_info": {}}', "unknown", None),
    ],
)  # fmt: skip
def test_direct_url_json_is_read_as_pep_610_says(
    text: str | None, kind: str, requirement: str | None
) -> None:
    found = blogfolio.install_source.read_direct_url("2.0.0", text)
    assert found.kind == kind
    assert found.requirement() == requirement


def test_the_s3_extra_is_installed_the_same_way() -> None:
    assert INDEX.install_command(("s3",)) == 'python -m pip install "blogfolio[s3]==1.4.2"'
    assert VCS.install_command(("s3",)).startswith(
        'python -m pip install "blogfolio[s3] @ git+https://github.com/'
    )
    assert EDITABLE.install_command(("s3",)) == (
        'python -m pip install -e "/home/maya/src/blogfolio[s3]"'
    )


def test_version_says_where_blogfolio_came_from() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "blogfolio", "--version"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    first, second, *_ = done.stdout.splitlines()
    assert first == f"blogfolio, version {blogfolio.__version__}"
    assert second == blogfolio.install_source.detect_install().describe()
    assert second.startswith("installed ")
