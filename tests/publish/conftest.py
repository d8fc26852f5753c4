"""Fixtures for publishing: the example site in a git repository, remotes and servers.

Everything runs on this machine: a bare git repository as the GitHub remote, an
rsync daemon and a moto S3 server on 127.0.0.1, and closed 127.0.0.1 ports for
"network down". No test reaches the internet.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result

import blogfolio.publish.base
from conftest import REPO, run_cli
from tools import require

EDITED_POST = "content/posts/my-first-real-sql-query.md"
EDITED_PAGE = "posts/2024/my-first-real-sql-query/index.html"


@pytest.fixture(autouse=True)
def quick_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries keep their doubling pauses, a hundred times shorter."""
    monkeypatch.setattr(blogfolio.publish.base, "BACKOFF_SECONDS", 0.01)


@pytest.fixture
def git_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Git that ignores the machine's own configuration and has an identity."""
    require(shutil.which("git") is not None, "git not found: apt-get install git")
    config = tmp_path / "gitconfig"
    config.write_text("[init]\n\tdefaultBranch = main\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Maya Okafor")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "maya@example.org")


def git(*args: str, cwd: Path) -> str:
    """Run git and return its output, failing the test on an error."""
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture
def example(tmp_path: Path, git_env: None) -> Path:
    """The repository's example blogfolio, committed to a fresh git repository."""
    root = tmp_path / "folio"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "blogfolio.toml", root / "blogfolio.toml")
    (root / ".gitignore").write_text("site/\n", encoding="utf-8")
    git("init", "-q", cwd=root)
    git("add", "-A", cwd=root)
    git("commit", "-q", "-m", "Write my first posts", cwd=root)
    return root


def add_config(root: Path, text: str) -> None:
    """Append TOML to the site's blogfolio.toml."""
    path = root / "blogfolio.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")


def publish(root: Path, *args: str) -> Result:
    """Run `blogfolio publish` on a site."""
    return run_cli("publish", "--source", str(root), *args)


def edit_post(root: Path) -> None:
    """Add a paragraph to one post, as a student revising it would."""
    path = root / EDITED_POST
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\nOne more lesson: always check the row count.\n", encoding="utf-8")


def tree_digests(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under a folder, by relative path."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(folder).parts
    }


def changed_between(before: dict[str, str], after: dict[str, str]) -> set[str]:
    """Files added or modified from one snapshot to the next."""
    return {rel for rel, digest in after.items() if before.get(rel) != digest}


def closed_port() -> int:
    """A 127.0.0.1 port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def wait_for_port(port: int, seconds: float = 5.0) -> None:
    """Block until something accepts connections on 127.0.0.1:port."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.02)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port}")


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A moto S3 server in this process, over real HTTP on 127.0.0.1."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def aws_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fake credentials in the environment and no AWS files from the machine."""
    for name in list(os.environ):
        if name.startswith("AWS_") and name != "AWS_CA_BUNDLE":
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
