"""What the build remembers, seen from the command line and the error values."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import jinja2
import pytest

from blogfolio.build import Builder, BuildOptions, build, open_store
from blogfolio.cache.folder import CACHE_DIR
from blogfolio.cache.store import MemoryStore, NullStore
from blogfolio.errors import BlogfolioError, BuildError
from blogfolio.render import render
from conftest import FIXED_NOW, SiteFactory, post, run_cli


def test_no_cache_builds_and_checks_without_a_cache_folder(make_site: SiteFactory) -> None:
    root = make_site({"content/posts/hello.md": post("Hello")})
    for command in (["build", "--no-cache", "-q"], ["check", "--no-cache"]):
        result = run_cli(*command, "--source", str(root))
        assert result.exit_code == 0, result.stderr
    assert (root / "site/posts/2025/hello/index.html").is_file()
    assert not (root / CACHE_DIR).exists()
    assert isinstance(open_store(root, BuildOptions(cache=False), print), NullStore)


def test_every_error_is_reported_at_once_as_one_blogfolio_error(make_site: SiteFactory) -> None:
    root = make_site({
        "content/posts/a.md": "---\ntitle: [broken\n---\n",
        "content/posts/b.md": post("B", "not a date"),
        "content/posts/c.md": post("C", body="See [gone](gone.md)."),
    })  # fmt: skip
    with pytest.raises(BlogfolioError) as info:
        build(root, BuildOptions(now=FIXED_NOW, cache=False))
    assert isinstance(info.value, BuildError)
    where = sorted(str(d.span.path) for d in info.value.diagnostics if d.span)
    assert where == [str(Path("content/posts") / n) for n in ("a.md", "b.md", "c.md")]
    assert str(info.value).count("error:") == 3


# -- the on-disk cache, as `blogfolio build` uses it ---------------------------------------------


def _site(make_site: SiteFactory) -> Path:
    files = {
        f"content/posts/p{i}.md": post(
            f"Post {i}", f"2025-0{i}-01", body=f"Words of post {i}.\n\nDeeper in post {i}."
        )
        for i in range(1, 6)
    }
    files["content/posts/p1/comments/a.md"] = (
        "---\nauthor: Reader\ndate: 2025-01-02\nemail: reader@example.net\n---\n\nNice.\n"
    )
    return make_site(files)


def _bytes(root: Path, cache: bool) -> tuple[dict[str, bytes], dict[str, float]]:
    result = build(root, BuildOptions(now=FIXED_NOW, cache=cache))
    return {f.path: f.data or b"" for f in result.files}, result.stats


def test_a_second_build_reuses_everything_from_the_disk_cache(make_site: SiteFactory) -> None:
    root = _site(make_site)
    fresh, _ = _bytes(root, cache=False)
    first, stats = _bytes(root, cache=True)
    assert (root / CACHE_DIR / "cache.sqlite").is_file()
    assert first == fresh and stats["routes_rendered"] > 0
    again, stats = _bytes(root, cache=True)
    assert again == fresh
    assert stats["routes_rendered"] == 0 and stats["bodies_rendered"] == 0


def test_an_edit_after_a_cached_build_renders_only_what_it_touches(make_site: SiteFactory) -> None:
    root = _site(make_site)
    _bytes(root, cache=True)
    path = root / "content/posts/p3.md"
    path.write_text(path.read_text("utf-8").replace("Deeper in post 3.", "New words."), "utf-8")
    cached, stats = _bytes(root, cache=True)
    assert cached == _bytes(root, cache=False)[0]
    assert stats["bodies_rendered"] == 1 and stats["routes_rendered"] == 1


def _count_compiles(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """Names of the templates Jinja compiles from now on, in order."""
    compiled: list[str | None] = []
    real = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: Any, name: str | None = None,
                 *args: Any, **kwargs: Any) -> Any:  # fmt: skip
        compiled.append(name)
        return real(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return compiled


def test_templates_compiled_once_come_from_the_cache(
    make_site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build after an edit renders the edited page without compiling a template again."""
    root = _site(make_site)
    compiled = _count_compiles(monkeypatch)
    _bytes(root, cache=True)
    assert "post.html" in compiled
    compiled.clear()
    path = root / "content/posts/p3.md"
    path.write_text(path.read_text("utf-8").replace("Deeper in post 3.", "New words."), "utf-8")
    cached, stats = _bytes(root, cache=True)
    assert stats["routes_rendered"] == 1 and compiled == []
    assert cached == _bytes(root, cache=False)[0]
    template = root / "templates" / "post.html"
    template.parent.mkdir(exist_ok=True)
    template.write_text('{% extends "theme:post.html" %}', "utf-8")  # a changed template
    _bytes(root, cache=True)
    assert "post.html" in compiled


def test_a_parallel_build_compiles_templates_where_later_builds_find_them(
    make_site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages rendered in forked workers leave their templates compiled in the parent: the
    first edit in `serve` (and the next `build`) loads them instead of compiling."""
    root = _site(make_site)
    monkeypatch.setattr(render, "PARALLEL_FROM", 1)  # fork even for this small site
    compiled = _count_compiles(monkeypatch)
    builder = Builder(root, BuildOptions(now=FIXED_NOW, jobs=2), MemoryStore())
    builder.build()
    assert "post.html" in compiled  # in this process, before the workers were forked
    compiled.clear()
    builder.options = BuildOptions(now=FIXED_NOW, jobs=1)
    path = root / "content/posts/p3.md"
    path.write_text(path.read_text("utf-8").replace("Deeper in post 3.", "New words."), "utf-8")
    result = builder.build(changed={path})
    assert result.stats["routes_rendered"] == 1 and compiled == []
    page = next(f for f in result.files if f.path == "posts/2025/p3/index.html")
    assert b"New words." in (page.data or b"")


@pytest.mark.parametrize("damage", ["truncate", "garbage", "flip"])
def test_a_damaged_cache_gives_the_same_bytes(make_site: SiteFactory, damage: str) -> None:
    root = _site(make_site)
    _bytes(root, cache=True)
    database = root / CACHE_DIR / "cache.sqlite"
    data = bytearray(database.read_bytes())
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "garbage":
        data = bytearray(b"not a database at all " * 50)
    else:
        for at in range(len(data) // 3, len(data), max(1, len(data) // 7)):
            data[at] ^= 0xFF
    database.write_bytes(bytes(data))
    for leftover in database.parent.glob("cache.sqlite-*"):
        leftover.unlink()  # the write-ahead log would otherwise repair the damage
    result = run_cli("build", "--source", str(root), "-q")
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert _bytes(root, cache=True)[0] == _bytes(root, cache=False)[0]


def test_a_cache_signed_with_another_key_is_not_used(
    make_site: SiteFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(make_site)
    monkeypatch.setenv("BLOGFOLIO_CACHE_KEY_FILE", str(tmp_path / "someone-else" / "key"))
    _bytes(root, cache=True)  # a cache made by someone else, as if committed to the repo
    monkeypatch.setenv("BLOGFOLIO_CACHE_KEY_FILE", str(tmp_path / "mine" / "key"))
    again, stats = _bytes(root, cache=True)
    assert again == _bytes(root, cache=False)[0]
    assert stats["routes_rendered"] > 0  # nothing of theirs was loaded


def test_two_builds_racing_on_one_cache_both_succeed(
    make_site: SiteFactory, tmp_path: Path
) -> None:
    root = _site(make_site)
    expected = _bytes(root, cache=False)[0]
    for run in range(3):
        outs = [tmp_path / f"out-{run}-{i}" for i in range(2)]
        command = [sys.executable, "-m", "blogfolio", "build", "-q", "--source", str(root)]
        procs = [
            subprocess.Popen([*command, "--out", str(out)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
            for out in outs
        ]
        for proc in procs:
            _stdout, stderr = proc.communicate(timeout=300)
            assert proc.returncode == 0, stderr.decode()
        for out in outs:
            written = {
                p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()
            }
            assert written == expected
