"""The oracle that keeps incremental rebuilds honest.

Random sequences of edits, new posts, renames, deletions, template, data, static
and config changes, networking entries, the skills file and the clock: after
every step, two builds that remember must produce exactly the bytes of a fresh
build with no store at all (`--no-cache`), or fail with exactly the same errors:

- one long-lived Builder with a MemoryStore and the watcher's changed paths
  (what `serve` does);
- a new Builder each step over the site's on-disk cache, opened afresh each time
  (what a second `build` process does).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blogfolio.build import Builder, BuildOptions, build_site
from blogfolio.cache.folder import CACHE_DIR, open_store
from blogfolio.cache.store import MemoryStore, NullStore
from blogfolio.errors import BuildError, format_diagnostic
from conftest import FIXED_NOW

OPTIONS = BuildOptions(fingerprint_assets=False, search_index=False)  # as serve builds
WORDS = st.sampled_from(["alpha", "beta", "gamma", "delta", "Q&A", "<tag>", "café", "🙂"])
SLUGS = st.sampled_from(["one", "two", "three", "four", "five"])
Step = Callable[[Path], None]


def _post(
    title: str, day: int, tags: list[str], body: str, link: str | None, cites: str = ""
) -> str:
    tag_text = ", ".join(f'"{t}"' for t in tags)
    extra = f"\n\nSee [this]({link}.md)." if link else ""
    portfolio = f"contacts: [{cites}]\nskills: [Teamwork, {tags[0]}]\n" if cites and tags else ""
    return (
        f'---\ntitle: "{title}"\ndate: 2025-03-{day:02d}\ntags: [{tag_text}]\n'
        f"categories: [General]\n{portfolio}---\n\nFirst paragraph {body}.\n\n## Part\n\n"
        f"More {body}.{extra}\n"
    )


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    existed = path.exists()
    path.write_text(text, encoding="utf-8")
    if existed:  # make the edit visible however coarse the file clock is
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 3_000_000_000))


@st.composite
def write_post(draw: st.DrawFn) -> Step:
    slug, title = draw(SLUGS), " ".join(draw(st.lists(WORDS, min_size=1, max_size=3)))
    day, tags = draw(st.integers(1, 28)), draw(st.lists(WORDS, max_size=3, unique=True))
    body = " ".join(draw(st.lists(WORDS, min_size=1, max_size=6)))
    link = draw(st.none() | SLUGS)
    cites = draw(st.sampled_from(["", "", "ann", "ben"]))
    text = _post(title, day, tags, body, link, cites)
    return lambda root: _write(root / f"content/posts/{slug}.md", text)


@st.composite
def write_contact(draw: st.DrawFn) -> Step:
    """A networking entry: public or not, named or not, maybe introduced by the other one."""
    slug = draw(st.sampled_from(["ann", "ben"]))
    public, consent = draw(st.booleans()), draw(st.booleans())
    by = draw(st.sampled_from(["", "ann", "ben"]))
    channel = draw(st.sampled_from(["email", "video", "event"]))
    day = draw(st.integers(1, 28))
    text = (
        f"---\nname: {slug.title()} Person\ndate: 2025-02-{day:02d}\nchannel: {channel}\n"
        f"public: {str(public).lower()}\nconsent: {str(consent).lower()}\n"
        + (f"introduced_by: {by}\n" if by and by != slug else "")
        + f"private:\n  email: {slug}@private.example.org\n---\n\nMet {slug}.\n"
    )
    return lambda root: _write(root / f"content/networking/{slug}.md", text)


@st.composite
def change_skills(draw: st.DrawFn) -> Step:
    group = draw(WORDS.filter(lambda w: "<" not in w and "&" not in w))
    return lambda root: _write(
        root / "data/skills.yaml", f'nace: true\ngroups:\n  - name: "{group}"\n    skills: [SQL]\n'
    )


@st.composite
def delete_post(draw: st.DrawFn) -> Step:
    slug = draw(SLUGS)
    return lambda root: (root / f"content/posts/{slug}.md").unlink(missing_ok=True)


@st.composite
def rename_post(draw: st.DrawFn) -> Step:
    old, new = draw(SLUGS), draw(SLUGS)

    def step(root: Path) -> None:
        source = root / f"content/posts/{old}.md"
        if source.exists() and old != new:
            source.replace(root / f"content/posts/{new}.md")

    return step


@st.composite
def toggle_draft(draw: st.DrawFn) -> Step:
    slug = draw(SLUGS)

    def step(root: Path) -> None:
        path = root / f"content/posts/{slug}.md"
        if path.exists():
            text = path.read_text(encoding="utf-8")
            if "draft: true\n" in text:
                _write(path, text.replace("draft: true\n", ""))
            else:
                _write(path, text.replace("---\n", "---\ndraft: true\n", 1))

    return step


@st.composite
def change_template(draw: st.DrawFn) -> Step:
    variant = draw(st.sampled_from(["none", "post", "footer", "broken"]))

    def step(root: Path) -> None:
        shutil.rmtree(root / "templates", ignore_errors=True)
        if variant == "post":
            _write(root / "templates/post.html",
                   '{% extends "theme:post.html" %}{% block main %}<p>{{ site.data.info.motto }}'
                   "</p>{{ super() }}{% endblock %}")  # fmt: skip
        elif variant == "footer":
            _write(root / "templates/partials/footer.html", "<footer><p>own footer</p></footer>")
        elif variant == "broken":
            _write(root / "templates/page.html", "{% if %}")

    return step


@st.composite
def change_data(draw: st.DrawFn) -> Step:
    motto = draw(WORDS)
    return lambda root: _write(root / "data/info.yaml", f'motto: "{motto}"\n')


@st.composite
def change_static(draw: st.DrawFn) -> Step:
    colour = draw(st.sampled_from(["red", "navy", "teal"]))
    return lambda root: _write(root / "static/css/extra.css", f"p {{ color: {colour} }}\n")


@st.composite
def change_config(draw: st.DrawFn) -> Step:
    paginate, title = draw(st.integers(1, 4)), draw(WORDS)

    def step(root: Path) -> None:
        _write(root / "blogfolio.toml",
               f'title = "{title}"\nbase_url = "https://example.org/blog/"\n'
               f"[collections.posts]\npaginate = {paginate}\n")  # fmt: skip

    return step


@st.composite
def write_comment(draw: st.DrawFn) -> Step:
    slug, name = draw(st.sampled_from(["one", "one", "two"])), draw(st.sampled_from(["a", "b"]))
    approved = draw(st.booleans())
    text = " ".join(draw(st.lists(WORDS, min_size=1, max_size=4)))
    remove = draw(st.integers(0, 4)) == 0

    def step(root: Path) -> None:
        path = root / f"content/posts/{slug}/comments/{name}.md"
        if remove:
            path.unlink(missing_ok=True)
            return
        _write(path, f"---\nauthor: Reader {name}\ndate: 2025-03-20\n"
                     f"approved: {str(approved).lower()}\n---\n\n{text}\n")  # fmt: skip

    return step


class Clock:
    """The moment the builds believe it is; a step may move it."""

    def __init__(self) -> None:
        self.now = FIXED_NOW

    def __call__(self) -> datetime:
        return self.now


CLOCK = Clock()
"""Shared by the steps of one example (reset at its start)."""


@st.composite
def move_clock(draw: st.DrawFn) -> Step:
    """Set the clock into March 2025, among the posts' dates, or back to long after them."""
    day, hour = draw(st.integers(1, 28)), draw(st.integers(0, 23))
    later = draw(st.booleans())

    def step(_root: Path) -> None:
        CLOCK.now = FIXED_NOW if later else datetime(2025, 3, day, tzinfo=FIXED_NOW.tzinfo)
        CLOCK.now += timedelta(hours=hour)

    return step


STEPS = st.one_of(
    write_post(), write_post(), delete_post(), rename_post(), toggle_draft(),
    change_template(), change_data(), change_static(), change_config(),
    write_contact(), change_skills(), write_comment(), move_clock(),
)  # fmt: skip


def _tree(root: Path) -> dict[Path, tuple[int, int]]:
    """Every file and folder with its stamp, to tell what a step touched."""
    out: dict[Path, tuple[int, int]] = {}
    for path in root.rglob("*"):
        if CACHE_DIR in path.parts:
            continue  # the build's own cache, not a source
        info = path.stat()
        out[path] = (info.st_mtime_ns, info.st_size)
    return out


def _touched(before: dict[Path, tuple[int, int]], after: dict[Path, tuple[int, int]]) -> set[Path]:
    """What a file watcher would report: created, deleted and modified paths."""
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


def _snapshot(builder: Builder, touched: set[Path] | None = None) -> tuple[str, dict[str, bytes]]:
    try:
        result = builder.build(changed=touched)
    except BuildError as exc:
        return "\n".join(format_diagnostic(d) for d in exc.diagnostics), {}
    files = {}
    for item in result.files:
        assert item.data is not None  # static files too: bytes as read by the build
        files[item.path] = item.data
    return "", files


def _same(got: tuple[str, dict[str, bytes]], full: tuple[str, dict[str, bytes]]) -> None:
    assert got[0] == full[0]
    assert got[1].keys() == full[1].keys()
    different = [p for p in full[1] if got[1][p] != full[1][p]]
    assert different == []


@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(steps=st.lists(STEPS, min_size=1, max_size=8))
def test_incremental_build_equals_full_build(steps: list[Step]) -> None:
    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryDirectory() as written:
        root = Path(folder)
        out = Path(written) / "site"
        _write(root / "blogfolio.toml",
               'title = "Oracle"\nbase_url = "https://example.org/blog/"\n')  # fmt: skip
        _write(root / "content/about.md", "---\ntitle: About\nmenu: 3\n---\n\nHello.\n")
        _write(root / "content/posts/one.md", _post("First", 1, ["alpha"], "words", None))
        _write(root / "content/posts/one/comments/a.md",
               "---\nauthor: First reader\ndate: 2025-03-02\n---\n\nHello.\n")  # fmt: skip
        _write(root / "data/info.yaml", 'motto: "start"\n')
        _write(root / "static/css/extra.css", "p { color: black }\n")
        CLOCK.now = FIXED_NOW
        live = Builder(root, OPTIONS, MemoryStore(), CLOCK)
        _snapshot(live)
        _disk_snapshot(root)
        _written_snapshot(root, out)
        for step in steps:
            before = _tree(root)
            step(root)
            full = _snapshot(Builder(root, OPTIONS, NullStore(), CLOCK))
            _same(_snapshot(live, _touched(before, _tree(root))), full)
            _same(_disk_snapshot(root), full)
            _same(_written_snapshot(root, out), full)


def _disk_snapshot(root: Path) -> tuple[str, dict[str, bytes]]:
    """A build as a new `blogfolio build` process makes it: over the on-disk cache."""
    store = open_store(root, enabled=True, warn=_no_warning)
    try:
        return _snapshot(Builder(root, OPTIONS, store, CLOCK))
    finally:
        store.close()


def _written_snapshot(root: Path, out: Path) -> tuple[str, dict[str, bytes]]:
    """What `blogfolio build` leaves in the output folder: unchanged pages are left in
    place without being loaded, so this checks what the writer skipped as well."""
    options = dataclasses.replace(OPTIONS, out_dir=out, now=CLOCK.now)
    try:
        build_site(root, options)
    except BuildError as exc:
        return "\n".join(format_diagnostic(d) for d in exc.diagnostics), {}
    return "", {
        p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()
    }


def _no_warning(diagnostic: object) -> None:
    raise AssertionError(f"the cache warned: {diagnostic}")
