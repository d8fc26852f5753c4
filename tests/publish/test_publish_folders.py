"""`dir:PATH` and rsync targets: the example site copied to a folder and to an rsync daemon.

Files that were not re-sent keep their inode, so comparing inodes before and
after a publish shows exactly which files each one wrote.
"""

from __future__ import annotations

import os
import shutil
import subprocess
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
    publish,
    tree_digests,
    wait_for_port,
)
from tools import require


def inodes(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()
    }


def rewritten(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {rel for rel, ino in after.items() if before.get(rel) != ino}


# -- dir: ----------------------------------------------------------------------------


def test_dir_target_copies_then_sends_only_what_changed(example: Path) -> None:
    www = example.parent / "www"
    first = publish(example, "dir:../www")
    assert first.exit_code == 0, first.stderr
    assert tree_digests(www) == tree_digests(example / "site")
    before_digests, before_inodes = tree_digests(www), inodes(www)

    again = publish(example, "dir:../www")
    assert f"0 uploaded (0 B), {len(before_digests)} unchanged" in again.stdout
    assert inodes(www) == before_inodes

    edit_post(example)
    edited = publish(example, "dir:../www")
    assert edited.exit_code == 0, edited.stderr
    changed = changed_between(before_digests, tree_digests(example / "site"))
    assert EDITED_PAGE in changed
    assert rewritten(before_inodes, inodes(www)) == changed
    now = tree_digests(example / "site")
    # Search index files named by their content were replaced; without --delete, kept.
    assert {rel: d for rel, d in tree_digests(www).items() if rel in now} == now
    assert set(tree_digests(www)) - set(now) == set(before_digests) - set(now)
    for rel in changed:
        assert f"copied {rel}" in edited.stdout


def test_dir_target_deletes_only_with_delete(example: Path) -> None:
    www = example.parent / "www"
    assert publish(example, "dir:../www").exit_code == 0
    (www / "old").mkdir()
    (www / "old" / "index.html").write_text("old page")

    dry = publish(example, "dir:../www", "--dry-run")
    assert "keep    old/index.html (not in the site; --delete)" in dry.stdout
    kept = publish(example, "dir:../www")
    assert "1 old file(s) kept" in kept.stdout
    assert (www / "old" / "index.html").exists()

    deleted = publish(example, "dir:../www", "--delete")
    assert deleted.exit_code == 0, deleted.stderr
    assert "1 deleted" in deleted.stdout
    assert not (www / "old").exists()


def test_dir_dry_run_writes_nothing(example: Path) -> None:
    result = publish(example, "dir:../www", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "add     index.html" in result.stdout
    assert not (example.parent / "www").exists()


# -- rsync ---------------------------------------------------------------------------


@pytest.fixture
def rsync_daemon(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """An rsync daemon on 127.0.0.1 with a writable module `site`; yields its URL and folder."""
    rsync = shutil.which("rsync")
    require(rsync is not None, "rsync not found: apt-get install rsync")
    assert rsync is not None
    folder = tmp_path / "docroot"
    folder.mkdir()
    config = tmp_path / "rsyncd.conf"
    config.write_text(
        f"pid file = {tmp_path / 'rsyncd.pid'}\nuse chroot = no\n"
        f"[site]\n  path = {folder}\n  read only = no\n"
        f"  uid = {os.getuid()}\n  gid = {os.getgid()}\n",
        encoding="utf-8",
    )
    port = closed_port()
    args = [rsync, "--daemon", "--no-detach", "--address=127.0.0.1", f"--port={port}"]
    args += [f"--config={config}", f"--log-file={tmp_path / 'rsyncd.log'}"]
    daemon = subprocess.Popen(args)
    try:
        wait_for_port(port)
        yield f"rsync://127.0.0.1:{port}/site/folio/", folder / "folio"
    finally:
        daemon.terminate()
        daemon.wait(timeout=5)


def test_rsync_sends_the_site_then_only_what_changed(
    example: Path, rsync_daemon: tuple[str, Path]
) -> None:
    url, folder = rsync_daemon
    first = publish(example, url)
    assert first.exit_code == 0, first.stderr
    assert tree_digests(folder) == tree_digests(example / "site")
    assert "sent    index.html" in first.stdout
    before_digests, before_inodes = tree_digests(folder), inodes(folder)

    again = publish(example, url)
    assert again.exit_code == 0, again.stderr
    assert f"0 uploaded (0 B), {len(before_digests)} unchanged" in again.stdout
    assert inodes(folder) == before_inodes

    edit_post(example)
    edited = publish(example, url)
    assert edited.exit_code == 0, edited.stderr
    changed = changed_between(before_digests, tree_digests(example / "site"))
    assert EDITED_PAGE in changed
    assert rewritten(before_inodes, inodes(folder)) == changed
    assert f"{len(changed)} uploaded" in edited.stdout


def test_rsync_delete_and_dry_run(example: Path, rsync_daemon: tuple[str, Path]) -> None:
    url, folder = rsync_daemon
    dry = publish(example, url, "--dry-run")
    assert "add     index.html" in dry.stdout
    assert not folder.exists()
    assert publish(example, url).exit_code == 0
    (folder / "old.html").write_text("old")
    assert publish(example, url).exit_code == 0
    assert (folder / "old.html").exists(), "kept without --delete"
    deleted = publish(example, url, "--delete")
    assert deleted.exit_code == 0, deleted.stderr
    assert "deleted old.html" in deleted.stdout
    assert not (folder / "old.html").exists()


def test_rsync_network_down_fails_after_retries(example: Path) -> None:
    require(shutil.which("rsync") is not None, "rsync not found: apt-get install rsync")
    add_config(
        example,
        f'[publish.targets.mirror]\nurl = "rsync://127.0.0.1:{closed_port()}/site/"\n'
        "timeout = 2\nretries = 1\n",
    )
    started = time.monotonic()
    result = publish(example, "mirror")
    assert time.monotonic() - started < 20
    assert result.exit_code == 1
    assert "retry 1 of 1" in result.stdout
    assert "error: cannot reach the server" in result.stderr
    assert "Connection refused" in result.stderr


def test_rsync_unknown_module_is_named(example: Path, rsync_daemon: tuple[str, Path]) -> None:
    url, _ = rsync_daemon
    result = publish(example, url.replace("/site/", "/nosuch/"))
    assert result.exit_code == 1
    assert "no such module" in result.stderr
