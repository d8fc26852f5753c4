"""Streaming output: past a memory budget, pages wait in a scratch folder beside the
output instead of in memory, and the site built that way is the site built without.

The budget is set to nothing here, so every page of these small sites spills; the
example site has photos (rewritten `<img>` tags), a search index and a networking log
(the privacy check reads every page; test_privacy.py runs a leak through a spilled page),
so each later stage has to read spilled pages.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from blogfolio.build import BuildOptions, build_site
from blogfolio.model import RenderedFile
from blogfolio.output import spill as spill_module
from blogfolio.output import write_site
from blogfolio.output.spill import Spill
from conftest import FIXED_NOW, REPO, SiteFactory, post, run_cli


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def beside(out: Path) -> list[str]:
    """Hidden folders a build left next to its output."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith("."))


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "example"
    for folder in ("content", "data"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "blogfolio.toml", root / "blogfolio.toml")
    return root


def build_into(root: Path, out: Path) -> None:
    options = BuildOptions(now=FIXED_NOW, cache=False, out_dir=out)
    build_site(root, options)


def test_every_page_spilled_builds_the_same_site(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = tmp_path / "held" / "site"
    build_into(example, held)
    spilled_calls: list[int] = []
    real_keep = Spill.keep

    def counting_keep(self: Spill, item: RenderedFile) -> RenderedFile:
        made = real_keep(self, item)
        spilled_calls.append(int(made.scratch))
        return made

    monkeypatch.setattr(spill_module, "SPILL_AFTER", 0)
    monkeypatch.setattr(Spill, "keep", counting_keep)
    spilled = tmp_path / "spilled" / "site"
    build_into(example, spilled)
    assert sum(spilled_calls) > 10  # the pages really went through scratch files
    expected = tree(held)
    assert "pagefind/pagefind.js" in expected  # the search stage read spilled pages
    assert any(b'srcset="' in data for data in expected.values())  # and the images stage
    assert tree(spilled) == expected
    assert beside(spilled) == []  # the scratch folder is gone


def test_a_rebuild_over_an_existing_site_moves_spilled_pages_in(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spill_module, "SPILL_AFTER", 0)
    out = tmp_path / "out" / "site"
    build_into(example, out)
    first = tree(out)
    about = example / "content" / "about.md"
    about.write_text(about.read_text("utf-8").replace("\n\n", "\n\nA new first line.\n\n", 1))
    build_into(example, out)
    again = tree(out)
    changed = {path for path in again if again[path] != first.get(path)}
    assert "about/index.html" in changed
    assert b"A new first line." in again["about/index.html"]
    assert "index.html" not in changed  # only what shows the page changed
    fresh = tmp_path / "fresh" / "site"
    monkeypatch.setattr(spill_module, "SPILL_AFTER", 1 << 40)
    build_into(example, fresh)
    assert again == tree(fresh)
    assert beside(out) == []


def test_scratch_files_are_moved_into_place_not_copied(tmp_path: Path) -> None:
    out = tmp_path / "site"
    spill = Spill(out, budget=5)
    kept = spill.keep(RenderedFile("small.txt", b"12345"))
    moved = spill.keep(RenderedFile("big/page.html", b"<p>over the budget</p>"))
    assert kept.data == b"12345" and not kept.scratch
    assert moved.scratch and moved.data is None and moved.source is not None
    assert moved.generated() == b"<p>over the budget</p>"
    write_site([kept, moved], out)
    assert not moved.source.exists()  # renamed into the output, not copied
    assert beside(out) != []  # the scratch folder lasts until the build ends
    spill.close()
    assert tree(out) == {"big/page.html": b"<p>over the budget</p>", "small.txt": b"12345"}
    assert beside(out) == []


def test_a_killed_builds_scratch_folder_is_removed_by_the_next_build(
    make_site: SiteFactory, tmp_path: Path
) -> None:
    root = make_site({"content/posts/hello.md": post("Hello", "2025-02-01", "Hi.")})
    out = tmp_path / "out" / "site"
    left = out.parent / ".site.pages-killed"
    left.mkdir(parents=True)
    (left / "0").write_bytes(b"<p>half a build</p>")
    result = run_cli("build", "--source", str(root), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert not left.exists()
    assert (out / "index.html").is_file()
