"""The whole-build memo: a second `build` with nothing changed writes nothing and says
the same, and every way the output could differ makes a real build happen.

Each "changed" case checks the rebuilt `site/` against a fresh `--no-cache` build,
so a memo that answered when it should not have would show as different bytes.
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from blogfolio.build import Builder, BuildOptions, build_site
from blogfolio.config import load_config
from blogfolio.pipeline.memo import input_roots
from blogfolio.render.themes import theme_chain
from conftest import SiteFactory, post, run_cli

FILES: dict[str, str | bytes] = {
    "content/posts/hello.md": post("Hello", "2025-01-10", "First paragraph.", tags="[a, b]"),
    "content/posts/draft.md": post("Later", "2025-01-11", "Not yet.", draft="true"),
    "content/posts/bundle/index.md": post("Bundle", "2025-02-01", "![A dot](dot.png)"),
    "content/posts/bundle/dot.png": b"\x89PNG not really",
    "content/about.md": "---\ntitle: About\n---\n\nAbout me.\n",
    "data/links.yaml": "- name: Home\n",
    "static/notes.txt": "static",
    "templates/partials/footer.html": "<footer>site footer v1</footer>",
}


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def built(make_site: SiteFactory) -> Path:
    root = make_site(FILES)
    first = run_cli("build", "--source", str(root))
    assert first.exit_code == 0, first.stderr
    return root


def summary_line(stdout: str) -> str:
    return re.sub(r"in \d+\.\d\d s", "in _ s", stdout.strip().splitlines()[-1])


def fresh_tree(root: Path, tmp_path: Path) -> dict[str, bytes]:
    out = tmp_path / "fresh-out"
    shutil.rmtree(out, ignore_errors=True)
    result = run_cli("build", "--source", str(root), "--no-cache", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    return tree(out)


def test_nothing_changed_writes_nothing_and_reports_the_same(make_site: SiteFactory) -> None:
    root = built(make_site)
    again = run_cli("build", "--source", str(root))
    before = tree(root / "site")
    once_more = run_cli("build", "--source", str(root))
    assert once_more.exit_code == 0
    assert "0 written" in once_more.stdout and "0 removed" in once_more.stdout
    assert summary_line(once_more.stdout) == summary_line(again.stdout)
    assert once_more.stderr == again.stderr  # the left-out list and warnings, again
    assert "draft" in once_more.stderr
    assert tree(root / "site") == before


EDITS: dict[str, Callable[[Path], Any]] = {
    "post body": lambda r: (r / "content/posts/hello.md").write_text(
        post("Hello", "2025-01-10", "An edited paragraph."), "utf-8"
    ),
    "new post": lambda r: (r / "content/posts/new.md").write_text(post("New", "2025-03-01")),
    "deleted post": lambda r: (r / "content/about.md").unlink(),
    "bundle file": lambda r: (r / "content/posts/bundle/dot.png").write_bytes(b"\x89PNG other"),
    "data file": lambda r: (r / "data/links.yaml").write_text("- name: Elsewhere\n"),
    "static file": lambda r: (r / "static/notes.txt").write_text("changed"),
    "site template": lambda r: (r / "templates/partials/footer.html").write_text(
        "<footer>site footer v2</footer>"
    ),
    "config": lambda r: (r / "blogfolio.toml").write_text(
        (r / "blogfolio.toml").read_text("utf-8").replace("title = ", "title = 'Renamed' #")
    ),
    "site theme": lambda r: _add_site_theme(r),
    "output file edited": lambda r: (r / "site/index.html").write_bytes(b"hand edited"),
    "output file deleted": lambda r: (r / "site/index.html").unlink(),
    "stray output file": lambda r: (r / "site/stray.html").write_text("left by hand"),
    "output folder deleted": lambda r: shutil.rmtree(r / "site"),
}


def _add_site_theme(root: Path) -> None:
    theme = root / "themes/mine"
    (theme / "static").mkdir(parents=True)
    (theme / "theme.toml").write_text('parent = "default"\n')
    (theme / "static/mine.txt").write_text("the theme's own file")
    config = root / "blogfolio.toml"
    config.write_text('theme = "mine"\n' + config.read_text("utf-8"))


def count_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the builds that ran the pipeline (the memo did not answer)."""
    calls: list[int] = []
    real = Builder.build

    def counted(self: Builder, *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Builder, "build", counted)
    return calls


def test_the_memo_answers_only_the_second_time(
    make_site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = count_builds(monkeypatch)
    root = built(make_site)
    assert run_cli("build", "--source", str(root)).exit_code == 0
    assert run_cli("build", "--source", str(root), "--no-cache").exit_code == 0
    assert len(calls) == 2  # the first build, and the one without a cache


@pytest.mark.parametrize("edit", list(EDITS))
def test_any_change_makes_a_real_build(
    make_site: SiteFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    root = built(make_site)
    EDITS[edit](root)
    calls = count_builds(monkeypatch)
    result = run_cli("build", "--source", str(root))
    assert result.exit_code == 0, result.stderr
    assert calls == [1], edit
    assert tree(root / "site") == fresh_tree(root, tmp_path)


def test_a_scheduled_post_appears_when_its_time_comes(make_site: SiteFactory) -> None:
    root = make_site({**FILES, "content/posts/soon.md": post("Soon", "2025-06-01T15:00:00")})
    before = BuildOptions(now=datetime(2025, 6, 1, 14, 0, tzinfo=UTC))
    build_site(root, before)
    build_site(root, before)  # remembered
    assert not (root / "site/posts/soon").exists()
    summary, report, _ = build_site(root, BuildOptions(now=datetime(2025, 6, 1, 16, tzinfo=UTC)))
    assert report.written > 0
    assert any("soon" in p.as_posix() for p in (root / "site").rglob("index.html"))
    assert not any("soon" in e.span_path.as_posix() for e in summary.excluded)


def test_drafts_flag_is_part_of_the_memo(make_site: SiteFactory) -> None:
    root = built(make_site)
    with_drafts = run_cli("build", "--source", str(root), "--drafts")
    assert with_drafts.exit_code == 0
    assert any("Not yet." in p.read_text("utf-8") for p in (root / "site").rglob("*.html"))


def test_every_file_a_build_opens_is_an_input_of_the_memo(make_site: SiteFactory) -> None:
    """The memo hashes whole folders; a build must never read a site file outside them."""
    root = make_site(FILES)
    config = load_config(root)
    roots = [r.resolve() for r in input_roots(config, theme_chain(config))]
    site_root = root.resolve()
    opened: list[Path] = []
    recording = True

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if recording and event == "open" and isinstance(args[0], str | Path):
            opened.append(Path(args[0]))

    sys.addaudithook(hook)  # audit hooks cannot be removed: `recording` turns it off
    try:
        summary, _report, _ = build_site(root, BuildOptions(jobs=1, cache=False))
    finally:
        recording = False
    assert summary.pages >= 3
    outside = [
        p
        for p in (q.resolve() for q in opened)
        if site_root in p.parents
        and not any(p == r or r in p.parents for r in roots)
        and p.relative_to(site_root).parts[0] != "site"  # the output, not an input
        and not p.relative_to(site_root).parts[0].startswith(".")  # staging, the cache
    ]
    assert outside == []


def test_a_build_after_an_edit_reads_each_post_once(make_site: SiteFactory, tmp_path: Path) -> None:
    """The memo key hashes every input; the build that follows keys its stages by those
    same digests instead of reading the sources a second time."""
    root = built(make_site)
    hello = root / "content/posts/hello.md"
    hello.write_text(hello.read_text("utf-8").replace("First paragraph.", "Edited."), "utf-8")
    opened: list[Path] = []
    recording = True

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if recording and event == "open" and isinstance(args[0], str | Path):
            opened.append(Path(args[0]).resolve())

    sys.addaudithook(hook)  # audit hooks cannot be removed: `recording` turns it off
    try:
        build_site(root, BuildOptions(jobs=1))
    finally:
        recording = False
    unchanged = [p for p in (root / "content").resolve().rglob("*.md") if p != hello.resolve()]
    assert [opened.count(p) for p in unchanged] == [1] * len(unchanged)
    assert opened.count(hello.resolve()) == 2  # hashed, then parsed: its entry is new
    assert tree(root / "site") == fresh_tree(root, tmp_path)
