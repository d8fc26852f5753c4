"""`publish --dry-run` changes nothing the user has: not the target, and not `site/`."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli
from publish.conftest import publish, tree_digests


def stamps(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_dry_run_leaves_a_drafts_build_in_site_as_it_was(example: Path) -> None:
    """The student's last `build --drafts` stays in site/; the dry run builds elsewhere."""
    built = run_cli("build", "--drafts", "--source", str(example))
    assert built.exit_code == 0, built.stderr
    site = example / "site"
    before, before_stamps = tree_digests(site), stamps(site)

    dry = publish(example, "dir:../www", "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert "add     index.html" in dry.stdout
    assert "into a temporary folder (site/ untouched)" in dry.stdout
    assert tree_digests(site) == before
    assert stamps(site) == before_stamps
    assert not (example.parent / "www").exists()
    assert [p.name for p in example.iterdir() if p.name.startswith(".site")] == []


def test_dry_run_without_a_build_creates_no_site_folder(example: Path) -> None:
    assert not (example / "site").exists()
    dry = publish(example, "dir:../www", "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert not (example / "site").exists()


def test_a_real_publish_still_builds_into_site(example: Path) -> None:
    done = publish(example, "dir:../www")
    assert done.exit_code == 0, done.stderr
    assert tree_digests(example / "site") == tree_digests(example.parent / "www")
