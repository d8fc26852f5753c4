"""A real preview session serves only what the last good build produced.

Each test runs a DevSession with its HTTP server on 127.0.0.1 and drives the
rebuilds itself (as the watcher would), then asks over HTTP. Static files are
served as the build read them, never from disk at request time: a file the
privacy check refused and a folder swapped for a symlink while the build is
failing stay unpublished. Scheduled posts appear when the clock reaches them.
"""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from blogfolio.serve.loop import DevSession, ServeOptions, shutdown
from blogfolio.serve.server import bind
from conftest import SiteFactory, post

CONTACT = """---
name: Quillon Zebadiah
date: 2025-02-01
public: false
private:
  email: quillon.z@private.example.org
---

Met at the fair.
"""


class Session:
    """A DevSession served over HTTP, with a clock the test moves."""

    def __init__(self, root: Path, now: datetime) -> None:
        self.now = now
        self.messages: list[str] = []
        server, _note = bind("127.0.0.1", 0, None)  # type: ignore[arg-type]
        self.port = server.server_address[1]
        self.dev = DevSession(root, ServeOptions(port=self.port), f"http://127.0.0.1:{self.port}/",
                              self.messages.append, clock=lambda: self.now)  # fmt: skip
        server.state = self.dev.state
        self.server = server
        self.thread = threading.Thread(target=server.serve_forever, daemon=True)
        self.thread.start()

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def close(self) -> None:
        shutdown(self.server, self.dev.state, None, self.thread)


@pytest.fixture
def session_for(make_site: SiteFactory) -> Iterator[object]:
    sessions: list[Session] = []

    def start(files: dict[str, str], now: datetime) -> tuple[Session, Path]:
        root = make_site(files)
        session = Session(root, now)
        sessions.append(session)
        return session, root

    yield start
    for session in sessions:
        session.close()


NOW = datetime(2026, 6, 15, 12, 0, tzinfo=ZoneInfo("UTC"))


def test_a_static_file_the_privacy_check_refused_is_never_served(session_for) -> None:  # type: ignore[no-untyped-def]
    session, root = session_for(
        {"content/networking/quillon.md": CONTACT, "static/notes.txt": "Nothing to see.\n"}, NOW
    )
    session.dev.rebuild()
    assert session.get("/notes.txt") == (200, b"Nothing to see.\n")
    notes = root / "static/notes.txt"
    notes.write_text("Write to quillon.z@private.example.org\n")
    session.dev.rebuild({notes})
    assert session.dev.state.error is not None and "privacy check" in session.dev.state.error
    status, body = session.get("/notes.txt")
    assert (status, body) == (200, b"Nothing to see.\n")  # the last good build's bytes
    assert b"private.example.org" not in body


def test_a_folder_swapped_for_a_symlink_during_a_failing_build_is_never_served(
    session_for, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    session, root = session_for(
        {"content/posts/hello.md": post("Hello"), "static/sub/passwd": "public words\n"}, NOW
    )
    session.dev.rebuild()
    assert session.get("/sub/passwd") == (200, b"public words\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd").write_text("root:x:0:0:secret\n")
    broken = root / "content/posts/hello.md"
    broken.write_text("---\ntitle: [unclosed\n---\n")
    session.dev.rebuild({broken})
    assert session.dev.state.error is not None
    sub = root / "static/sub"
    (sub / "passwd").unlink()
    sub.rmdir()
    sub.symlink_to(outside, target_is_directory=True)
    session.dev.rebuild({sub, sub / "passwd"})
    assert session.dev.state.error is not None  # still failing: the post is still broken
    assert session.get("/sub/passwd") == (200, b"public words\n")
    broken.write_text(post("Hello again"))
    session.dev.rebuild({broken})
    assert session.dev.state.error is None
    status, body = session.get("/sub/passwd")
    assert status == 404 and b"secret" not in body  # a linked folder is never published


def test_a_scheduled_post_appears_when_its_time_comes(session_for) -> None:  # type: ignore[no-untyped-def]
    due = NOW + timedelta(hours=3)
    session, _root = session_for(
        {
            "content/posts/now.md": post("Already out", "2026-06-01"),
            "content/posts/later.md": post("Scheduled", due.strftime("%Y-%m-%dT%H:%M:%SZ")),
        },
        NOW,
    )
    session.dev.rebuild()
    assert session.get("/posts/2026/later/")[0] == 404
    assert session.dev.next_change == due
    session.now = due - timedelta(seconds=1)
    assert session.dev.tick() is None  # not yet: nothing is rebuilt
    session.now = due
    changed = session.dev.tick()
    assert changed is not None and "posts/2026/later/index.html" in changed
    status, body = session.get("/posts/2026/later/")
    assert status == 200 and b"Scheduled" in body
    assert b"Scheduled" in session.get("/")[1]
    assert session.dev.next_change is None
