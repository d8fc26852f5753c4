"""The output writer: streaming into staging, commit and abort, failures, crash leftovers.

Write failures are simulated by patching the `os` functions the writer calls to
raise the errno a real full disk, read-only folder or mount point raises; the
tests run as root, where permission bits do not stop writes.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from blogfolio.errors import OutputError
from blogfolio.model import RenderedFile
from blogfolio.output import SiteWriter, recover, write_site
from blogfolio.output import writer as writer_module
from blogfolio.pipeline.memo import output_stamps
from conftest import SiteFactory, post, run_cli

Snapshot = dict[str, tuple[bytes, int, int]]


def snapshot(folder: Path) -> Snapshot:
    """Every file under folder: bytes, mtime (ns) and inode."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_ino)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def tree(folder: Path) -> dict[str, bytes]:
    return {k: v[0] for k, v in snapshot(folder).items()}


def leftovers(parent: Path, name: str = "site") -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{name}."))


def sample_files(static: Path, version: int) -> list[RenderedFile]:
    """A small output: pages, a nested feed, a copied static file; `version` changes some."""
    static.mkdir(parents=True, exist_ok=True)
    logo = static / "logo.png"
    logo.write_bytes(b"\x89PNG logo")
    files = [
        RenderedFile("index.html", f"<p>home v{version}</p>".encode()),
        RenderedFile("posts/2025/a/index.html", b"<p>post a</p>"),
        RenderedFile("posts/2025/a/comments.xml", b"<feed/>"),
        RenderedFile("img/logo.png", source=logo),
    ]
    if version == 1:
        files.append(RenderedFile("posts/2024/gone/index.html", b"<p>removed later</p>"))
    else:
        files.append(RenderedFile("tags/new/index.html", b"<p>new tag</p>"))
    return files


# -- streaming ---------------------------------------------------------------------------


def test_streamed_commit_gives_the_same_tree_as_write_site(tmp_path: Path) -> None:
    batch, streamed = tmp_path / "batch" / "site", tmp_path / "streamed" / "site"
    for version in (1, 2):
        files = sample_files(tmp_path / "static", version)
        batch_report = write_site(files, batch)
        with SiteWriter(streamed) as writer:
            for item in files:
                writer.add(item)
            streamed_report = writer.commit()
        assert tree(streamed) == tree(batch)
        assert streamed_report == batch_report
    assert streamed_report.removed == 1
    assert "posts/2024/gone/index.html" not in tree(streamed)
    assert leftovers(streamed.parent) == []


def test_commit_leaves_unchanged_files_alone(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(sample_files(tmp_path / "static", 1), out)
    before = snapshot(out)
    report = write_site(sample_files(tmp_path / "static", 2), out)
    after = snapshot(out)
    assert (report.written, report.unchanged, report.removed) == (2, 3, 1)
    for kept in ("posts/2025/a/index.html", "posts/2025/a/comments.xml", "img/logo.png"):
        assert after[kept] == before[kept], kept
    assert after["index.html"][0] == b"<p>home v2</p>"


def test_abort_leaves_the_old_site_byte_identical(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(sample_files(tmp_path / "static", 1), out)
    before = snapshot(out)
    writer = SiteWriter(out)
    for item in sample_files(tmp_path / "static", 2):
        writer.add(item)
    writer.abort()
    writer.abort()  # twice is harmless
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []
    with pytest.raises(OutputError, match="already committed or aborted"):
        writer.add(RenderedFile("late.html", b"late"))


def test_an_exception_inside_the_block_aborts(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(sample_files(tmp_path / "static", 1), out)
    before = snapshot(out)

    def failing() -> Iterator[RenderedFile]:
        yield RenderedFile("index.html", b"half a build")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_site(failing(), out)
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def test_two_files_for_one_path_abort_the_write(tmp_path: Path) -> None:
    out = tmp_path / "site"
    files = [RenderedFile("a.html", b"one"), RenderedFile("a.html", b"two")]
    with pytest.raises(OutputError, match=r"two outputs want the same file: a\.html"):
        write_site(files, out)
    assert not out.exists()
    assert leftovers(tmp_path) == []


def test_memory_does_not_grow_with_the_output(tmp_path: Path) -> None:
    """Files handed over one at a time are written and let go, not kept until the end."""
    chunk = 1 << 20

    def produce() -> Iterator[RenderedFile]:
        for number in range(48):
            yield RenderedFile(f"big/{number}.bin", bytes([number]) * chunk)

    tracemalloc.start()
    try:
        write_site(produce(), tmp_path / "site")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(list((tmp_path / "site" / "big").iterdir())) == 48
    assert peak < 8 * chunk  # 48 MiB went through; a few files' worth at most is held


# -- write failures through the command line -----------------------------------------------

GOOD: dict[str, str | bytes] = {
    "content/posts/hello.md": post("Hello", "2025-01-10", "First paragraph."),
    "content/about.md": "---\ntitle: About\n---\n\nAbout me.\n",
    "static/notes.txt": "static",
}


WAITING = r"\.site\.new-|\.blogfolio-sync-"
"""Where new files wait: a staging tree beside site/, or a hidden folder inside it."""


def built(make_site: SiteFactory) -> tuple[Path, Snapshot]:
    """A site built once, then edited so that the next build writes new files."""
    root = make_site(GOOD)
    first = run_cli("build", "--source", str(root), "--jobs", "1")
    assert first.exit_code == 0, first.stderr
    before = snapshot(root / "site")
    (root / "content/posts/second.md").write_text(post("Second", "2025-02-01"), "utf-8")
    return root, before


def fails_cleanly(
    root: Path, before: Snapshot, first_line: str | re.Pattern[str], hint: str
) -> None:
    result = run_cli("build", "--source", str(root), "--jobs", "1")
    assert result.exit_code == 1, result.stderr
    lines = result.stderr.splitlines()
    if isinstance(first_line, re.Pattern):
        assert first_line.fullmatch(lines[0]), lines[0]
    else:
        assert lines[0] == first_line
    assert lines[1] == f"  hint: {hint}"
    assert lines[2:] == ["Build failed: 1 error; nothing was written."]
    assert result.stdout == ""
    assert snapshot(root / "site") == before
    assert leftovers(root) == []


def test_full_disk_is_one_line_and_the_old_site_stays(
    make_site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to tell which file a descriptor writes")
    root, before = built(make_site)
    real_write = os.write
    calls = []

    def full_disk(fd: int, data: Any) -> int:
        if re.search(WAITING, os.readlink(f"/proc/self/fd/{fd}")):
            calls.append(fd)
            if len(calls) > 2:  # a few files get in first, then the disk is full
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full_disk)
    out = (root / "site").resolve()
    fails_cleanly(
        root,
        before,
        f"error: cannot write the output folder {out}: No space left on device",
        "the disk is full: free some space and build again; "
        "the last build in that folder was left as it was",
    )
    assert len(calls) == 3


def test_unwritable_parent_folder_is_one_line(
    make_site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, before = built(make_site)
    real_mkdir = os.mkdir

    def refuse(path: Any, *args: Any, **kwargs: Any) -> None:
        if re.match(WAITING, Path(path).name):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", refuse)
    out = (root / "site").resolve()
    fails_cleanly(
        root,
        before,
        re.compile(
            re.escape(f"error: cannot write the output folder {out}: Permission denied ")
            + rf"\(({re.escape(str(out.parent))}/\.site\.new-"
            + rf"|{re.escape(str(out))}/\.blogfolio-sync-)"
            + r"\w+\)"
        ),
        "check the permissions of that folder, or build elsewhere with --out; "
        "the last build in that folder was left as it was",
    )


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0, reason="permission bits do not bind root"
)
def test_real_read_only_folder(make_site: SiteFactory, tmp_path: Path) -> None:
    root = make_site(GOOD)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        result = run_cli("build", "--source", str(root), "--out", str(locked / "www"))
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 1
    assert "Permission denied" in result.stderr.splitlines()[0]
    assert list(locked.iterdir()) == []


def test_mount_point_is_synced_in_place(
    make_site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, before = built(make_site)
    out = (root / "site").resolve()
    (root / "static/notes.txt").unlink()
    folder_inode = out.stat().st_ino
    real_rename = os.rename

    def busy(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if Path(src) == out:
            raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(src))
        real_rename(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "rename", busy)
    result = run_cli("build", "--source", str(root), "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    assert out.stat().st_ino == folder_inode  # the same folder, filled in place
    after = snapshot(out)
    assert "posts/2025/second/index.html" in after
    assert "notes.txt" not in after
    assert after["about/index.html"] == before["about/index.html"]  # untouched: same inode
    assert after["index.html"][0] != before["index.html"][0]
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []
    assert leftovers(root) == []
    monkeypatch.undo()
    fresh = run_cli("build", "--source", str(root), "--out", str(root / "fresh"))
    assert fresh.exit_code == 0
    assert tree(out) == tree(root / "fresh")


def test_in_place_sync_turns_files_into_folders_and_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = (tmp_path / "site").resolve()
    write_site([RenderedFile("docs", b"a file"), RenderedFile("a/b/index.html", b"x")], out)
    real_rename = os.rename

    def busy(src: Any, dst: Any) -> None:
        if Path(src) == out:
            raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(src))
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", busy)
    files = [RenderedFile("docs/index.html", b"now a folder"), RenderedFile("a", b"now a file")]
    report = write_site(files, out)
    assert tree(out) == {"docs/index.html": b"now a folder", "a": b"now a file"}
    assert (report.written, report.removed) == (2, 2)


def test_sync_that_runs_out_of_space_leaves_the_old_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Enough files change that the writer swaps; the folder is busy, so it syncs."""
    out = (tmp_path / "site").resolve()
    old = [RenderedFile(f"p{n}/index.html", b"old") for n in range(150)]
    write_site([*old, RenderedFile("keep.txt", b"k")], out)
    before = snapshot(out)
    real_rename = os.rename
    real_copy = shutil.copyfile

    def busy(src: Any, dst: Any) -> None:
        if Path(src) == out:
            raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(src))
        real_rename(src, dst)

    def full(src: Any, dst: Any, **kwargs: Any) -> Any:
        if ".blogfolio-sync-" in str(dst):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_copy(src, dst, **kwargs)

    monkeypatch.setattr(os, "rename", busy)
    monkeypatch.setattr(shutil, "copyfile", full)
    new = [RenderedFile(f"p{n}/index.html", b"new") for n in range(150)]
    with pytest.raises(OutputError, match="No space left on device") as info:
        write_site([*new, RenderedFile("keep.txt", b"k")], out)
    assert info.value.hint is not None and "left as it was" in info.value.hint
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def test_a_few_changed_files_go_into_the_same_folders(tmp_path: Path) -> None:
    """One page changed in a big site: no new tree, untouched files and folders stay."""
    out = (tmp_path / "site").resolve()
    pages = [RenderedFile(f"posts/p{n}/index.html", f"<p>{n}</p>".encode()) for n in range(200)]
    write_site(pages, out)
    before = snapshot(out)
    folder = (out / "posts/p7").stat().st_ino, out.stat().st_ino
    pages[7] = RenderedFile("posts/p7/index.html", b"<p>seven, edited</p>")
    pages[9:10] = []
    report = write_site([*pages, RenderedFile("posts/new/index.html", b"<p>new</p>")], out)
    assert (report.written, report.unchanged, report.removed) == (2, 198, 1)
    after = snapshot(out)
    assert {k for k in after if after[k] != before.get(k)} == {
        "posts/p7/index.html",
        "posts/new/index.html",
    }
    assert not (out / "posts/p9").exists()  # its emptied folder went too
    assert ((out / "posts/p7").stat().st_ino, out.stat().st_ino) == folder
    assert leftovers(tmp_path) == [] and not list(out.glob(".blogfolio-sync-*"))
    assert report.stamps == output_stamps(out)  # what a walk of the folder finds now


def test_stamps_known_after_a_move_in_match_a_walk_with_links_and_odd_entries(
    tmp_path: Path,
) -> None:
    out = (tmp_path / "site").resolve()
    pages = [RenderedFile(f"p{n}/index.html", f"<p>{n}</p>".encode()) for n in range(150)]
    write_site(pages, out)
    (out / "p3/index.html").unlink()
    (out / "p3/index.html").symlink_to(out / "p4/index.html")  # a link where a page goes
    (out / "stray.txt").write_bytes(b"left by hand")
    os.mkfifo(out / "p5/pipe")
    pages[8] = RenderedFile("p8/index.html", b"<p>eight again</p>")
    report = write_site(pages, out)
    assert report.written == 2 and report.stamps is not None
    assert report.stamps == output_stamps(out)
    redesign = [RenderedFile(f"p{n}/index.html", b"new") for n in range(150)]
    assert write_site(redesign, out).stamps is None  # swapped in: every file was linked


def test_many_changed_files_are_swapped_in_as_one_tree(tmp_path: Path) -> None:
    """A redesign rewrites every page: readers must never see half old, half new."""
    out = (tmp_path / "site").resolve()
    write_site([RenderedFile(f"p{n}/index.html", b"old") for n in range(200)], out)
    folder = out.stat().st_ino
    report = write_site([RenderedFile(f"p{n}/index.html", b"new") for n in range(200)], out)
    assert report.written == 200
    assert out.stat().st_ino != folder  # a new folder took the old one's place
    assert set(tree(out).values()) == {b"new"}
    assert leftovers(tmp_path) == []


def test_a_link_planted_in_the_output_is_never_written_through(tmp_path: Path) -> None:
    """A folder link inside site/ must not carry the build's files outside it."""
    out = (tmp_path / "site").resolve()
    write_site([RenderedFile("index.html", b"home"), RenderedFile("a/index.html", b"a")], out)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_bytes(b"a")  # the same bytes the build wants
    shutil.rmtree(out / "a")
    (out / "a").symlink_to(elsewhere, target_is_directory=True)
    (out / "stray").symlink_to(elsewhere / "index.html")
    write_site([RenderedFile("index.html", b"home"), RenderedFile("a/index.html", b"a")], out)
    assert not (out / "a").is_symlink() and (out / "a/index.html").read_bytes() == b"a"
    assert not os.path.lexists(out / "stray")
    assert [p.name for p in elsewhere.iterdir()] == ["index.html"]
    assert (elsewhere / "index.html").read_bytes() == b"a"


# -- crash leftovers ------------------------------------------------------------------------


def killed_mid_swap(root: Path) -> Snapshot:
    """The state a kill between the two renames leaves: no site/, old and new beside it."""
    site = root / "site"
    before = snapshot(site)
    site.rename(root / ".site.old-k1ll3d")
    half = root / ".site.new-h4lf"
    (half / "posts").mkdir(parents=True)
    (half / "posts" / "partial.html").write_bytes(b"<p>half")
    return before


def test_a_build_after_a_kill_mid_swap_restores_and_cleans(make_site: SiteFactory) -> None:
    root = make_site(GOOD)
    assert run_cli("build", "--source", str(root)).exit_code == 0
    before = killed_mid_swap(root)
    (root / ".site.new-0ld3r").mkdir()  # an earlier killed build's staging folder
    result = run_cli("build", "--source", str(root))
    assert result.exit_code == 0, result.stderr
    assert snapshot(root / "site") == before  # restored, so unchanged files kept their inodes
    assert leftovers(root) == []


def test_a_failing_build_after_a_kill_still_puts_site_back(make_site: SiteFactory) -> None:
    root = make_site(GOOD)
    assert run_cli("build", "--source", str(root)).exit_code == 0
    before = killed_mid_swap(root)
    (root / "content/posts/bad.md").write_text("---\ntitle: [x\n---\n", "utf-8")
    result = run_cli("build", "--source", str(root))
    assert result.exit_code == 1
    assert snapshot(root / "site") == before
    assert leftovers(root) == []


def test_a_complete_build_waiting_to_be_swapped_in_is_finished(make_site: SiteFactory) -> None:
    root = make_site(GOOD)
    assert run_cli("build", "--source", str(root)).exit_code == 0
    old = snapshot(root / "site")
    (root / "site").rename(root / ".site.old-aaaa")
    ready = root / ".site.ready-bbbb"
    ready.mkdir()
    (ready / "index.html").write_bytes(b"<p>the newer build</p>")
    assert old
    assert recover(root / "site") == (
        "finished the folder swap of an interrupted build: site/ is back",
        "removed 1 folder(s) left by interrupted builds",
    )
    assert tree(root / "site") == {"index.html": b"<p>the newer build</p>"}
    assert leftovers(root) == []


def test_an_old_folder_left_after_the_swap_is_removed(make_site: SiteFactory) -> None:
    root = make_site(GOOD)
    assert run_cli("build", "--source", str(root)).exit_code == 0
    (root / ".site.old-z0mb1e" / "css").mkdir(parents=True)
    (root / "site" / ".blogfolio-sync-q" / "0").parent.mkdir()
    before = snapshot(root / "site")
    assert run_cli("build", "--source", str(root)).exit_code == 0
    assert leftovers(root) == []
    assert snapshot(root / "site") == {k: v for k, v in before.items() if "sync" not in k}
    assert not (root / "site" / ".blogfolio-sync-q").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="builds are not locked without flock")
def test_recovery_leaves_a_live_build_alone(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site([RenderedFile("index.html", b"v1")], out)
    with SiteWriter(out) as live:
        live.add(RenderedFile("index.html", b"v2"))
        assert recover(out) == ()
        assert len(list(out.glob(".blogfolio-sync-*"))) == 1  # the live build's files survived
        live.commit()
    assert tree(out) == {"index.html": b"v2"}
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(sys.platform == "win32", reason="builds are not locked without flock")
def test_two_builds_beside_each_other_do_not_wait_or_clean_up_each_other(
    tmp_path: Path,
) -> None:
    employer, course = tmp_path / "site", tmp_path / "site-course"
    with SiteWriter(employer) as first:
        first.add(RenderedFile("index.html", b"for employers"))
        with SiteWriter(course) as second:  # opening it must neither block nor clean up
            second.add(RenderedFile("index.html", b"for the course"))
            with SiteWriter(employer) as again:
                again.add(RenderedFile("index.html", b"a second build of the same site"))
                assert len(leftovers(tmp_path)) == 2  # the live staging folder is still there
            second.commit()
        first.commit()
    assert tree(employer) == {"index.html": b"for employers"}
    assert tree(course) == {"index.html": b"for the course"}
    assert leftovers(tmp_path) == [] and leftovers(tmp_path, "site-course") == []


def test_new_site_ignores_staging_folders(tmp_path: Path) -> None:
    result = run_cli("new", "site", str(tmp_path / "s"))
    assert result.exit_code == 0, result.stderr
    site = tmp_path / "s"
    subprocess.run(["git", "init", "-q", str(site)], check=True)
    names = [".site.new-abc/index.html", ".site.old-def/x", ".site.ready-ghi/y", "site/z"]

    def check(rel: str) -> int:
        git = ["git", "-C", str(site), "check-ignore", "-q", rel]
        return subprocess.run(git, check=False).returncode

    assert [check(n) for n in names] == [0, 0, 0, 0]
    assert check("content/posts/x.md") == 1


def test_a_file_another_build_replaced_after_the_move_gets_no_stamp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Builds share the folder lock; if another one replaces a page right after this one
    moved it in, this build must not vouch for those bytes with its own digest."""
    out = (tmp_path / "site").resolve()
    pages = [RenderedFile(f"p{n}/index.html", f"<p>{n}</p>".encode()) for n in range(150)]
    write_site(pages, out)
    real = writer_module.move_in

    def raced(out_dir: Path, fresh: Any, present: Any, wanted: set[str]) -> int:
        removed = real(out_dir, fresh, present, wanted)
        other = out_dir / "other-build.tmp"
        other.write_bytes(b"<p>another build's page</p>")
        os.replace(other, out_dir / "p3/index.html")
        return removed

    monkeypatch.setattr(writer_module, "move_in", raced)
    pages[3] = RenderedFile("p3/index.html", b"<p>three, edited</p>")
    pages[4] = RenderedFile("p4/index.html", b"<p>four, edited</p>")
    report = write_site(pages, out)
    assert report.stamps is not None
    assert "p3/index.html" not in report.stamps  # replaced behind this build's back
    assert report.stamps["p4/index.html"] == output_stamps(out)["p4/index.html"]
