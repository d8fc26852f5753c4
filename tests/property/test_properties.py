"""Hypothesis properties for the parsers, slugs, URLs, routing and the whole build."""

from __future__ import annotations

import dataclasses
import re
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blogfolio.build import BuildOptions, build
from blogfolio.config import CollectionConfig, SiteConfig, load_config
from blogfolio.content.frontmatter import ALIAS_LIMIT, AliasError, load_yaml, split_front_matter
from blogfolio.content.pages import make_slug, permalink
from blogfolio.errors import BuildError, ContentError
from blogfolio.model import BodyResult, BuildResult, Page, ParsedDoc, Site, SourceFile
from blogfolio.output import safe_target
from blogfolio.render.routes import plan
from blogfolio.site import assemble_site
from blogfolio.urls import output_file, relative_url

FAST = settings(max_examples=100, deadline=None, database=None)
SLOW = settings(
    max_examples=10,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SPAN = Path("content/posts/a.md")
SOURCE_PATH = Path("/site/content/posts/a.md")


def split(text: str) -> ParsedDoc:
    return split_front_matter(SourceFile(SOURCE_PATH, "posts/a.md", "posts"), text, SPAN)


# -- front matter ---------------------------------------------------------------------------

keys = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)
# NEL and the Unicode line separators are YAML line breaks: PyYAML's own dumper folds them.
yaml_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\x85\u2028\u2029"), max_size=30
)
scalars = st.one_of(
    yaml_text,
    st.integers(min_value=-(10**6), max_value=10**6),
    st.booleans(),
    st.none(),
)
values = st.one_of(scalars, st.lists(yaml_text, max_size=4))
mappings = st.dictionaries(keys, values, max_size=6)


@FAST
@given(meta=mappings, body=st.text(max_size=200), crlf=st.booleans())
def test_yaml_front_matter_round_trips(meta: dict[str, Any], body: str, crlf: bool) -> None:
    block = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) if meta else ""
    nl = "\r\n" if crlf else "\n"
    text = f"---{nl}{block.replace(chr(10), nl)}---{nl}{body}"
    doc = split(text)
    assert dict(doc.meta) == meta
    body = body.replace("\r\n", "\n")  # the splitter reads CRLF files as LF, bodies included
    assert doc.body == body
    lines = text.replace("\r\n", "\n").split("\n")
    assert "\n".join(lines[doc.body_first_line - 1 :]) == body
    assert doc.body_first_line == block.count("\n") + 3
    assert set(doc.meta_lines) == set(meta)
    for key, line in doc.meta_lines.items():
        assert re.match(rf"^['\"]?{re.escape(key)}['\"]?:", lines[line - 1])


FRAGMENTS = [
    "---",
    "+++",
    "...",
    "title: x",
    "date: 2025-01-01",
    "tags: [a, b",
    "tags: [a, b]",
    "  nested: 1",
    "- item",
    'key = "v"',
    "key = ",
    "[table]",
    "a: b: c",
    "'",
    '"',
    "\t",
    "",
    "# comment",
    "{",
    "}",
    "&anchor",
    "*alias",
    "? k",
    ": v",
    "|",
    ">",
    "%YAML 1.1",
    "%TAG ! x",
    "=",
    "\x00",
    "\ufeff",
    "é: ü",
]
fragment_lines = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=15)), max_size=8)


@st.composite
def lines_strategy(draw: st.DrawFn) -> list[str]:
    """Mostly documents that open front matter, with or without a closing line."""
    opener = draw(st.sampled_from(["---", "+++", "---  ", "", "text"]))
    closer = draw(st.sampled_from([opener.rstrip(), "---", "+++", None]))
    block, body = draw(fragment_lines), draw(fragment_lines)
    return [opener, *block, *([closer] if closer is not None else []), *body]


@FAST
@given(lines=lines_strategy(), newline=st.sampled_from(["\n", "\r\n"]))
def test_split_succeeds_or_raises_content_error_inside_the_file(
    lines: list[str], newline: str
) -> None:
    text = newline.join(lines)
    try:
        doc = split(text)
    except ContentError as exc:
        assert exc.span is not None and exc.span.path == SPAN
        assert exc.span.line is not None
        assert 1 <= exc.span.line <= len(text.split("\n"))
    else:
        assert 1 <= doc.body_first_line <= len(text.split("\n")) + 1
        assert all(1 <= n <= len(text.split("\n")) for n in doc.meta_lines.values())


@FAST
@given(text=st.text(max_size=300))
def test_split_of_arbitrary_text(text: str) -> None:
    try:
        split(text)
    except ContentError as exc:
        assert exc.span is not None and exc.span.line is not None
        assert 1 <= exc.span.line <= len(text.split("\n"))


alias_levels = st.lists(
    st.tuples(st.integers(min_value=0, max_value=12), st.integers(min_value=0, max_value=3)),
    min_size=1,
    max_size=9,
)
"""Anchored lists, each holding some aliases to the list before it and some plain values,
so the unrolled size ranges from a handful to billions."""


@FAST
@given(levels=alias_levels, back=st.integers(min_value=1, max_value=2))
def test_aliases_are_refused_exactly_when_they_add_too_many_values(
    levels: list[tuple[int, int]], back: int
) -> None:
    lines, sizes, distinct = [], [], 1  # the document's own mapping
    for i, (aliases, plain) in enumerate(levels):
        target = max(0, i - back)
        refs = [target] * aliases if i else []
        lines.append(f"l{i}: &l{i} [{', '.join([f'*l{target}' for _ in refs] + ['v'] * plain)}]")
        sizes.append(1 + sum(sizes[ref] for ref in refs) + plain)
        distinct += 2 + plain  # the key, the list and its plain values
    unrolled = 1 + sum(1 + size for size in sizes)
    try:
        data = load_yaml("\n".join(lines) + "\n")
    except AliasError as exc:
        assert unrolled - distinct > ALIAS_LIMIT
        assert exc.problem_mark is not None and 0 <= exc.problem_mark.line < len(lines)
    else:
        assert unrolled - distinct <= ALIAS_LIMIT
        assert list(data) == [f"l{i}" for i in range(len(levels))]


# -- slugs and URLs -------------------------------------------------------------------------


@FAST
@given(text=st.text(max_size=60))
def test_make_slug_is_idempotent_and_url_safe(text: str) -> None:
    slug = make_slug(text)
    assert make_slug(slug) == slug
    assert "/" not in slug and "\\" not in slug
    assert not any(c.isspace() for c in slug)
    assert not any(c in slug for c in "?#%&:;'\"<>.")
    assert slug == slug.lower()
    assert not slug.startswith("-") and not slug.endswith("-")


def test_make_slug_keeps_letters_of_every_script() -> None:
    assert make_slug("हिन्दी भाषा") == "हिन्दी-भाषा"


segment = st.text(
    alphabet=st.characters(categories=["Ll", "Lo", "Nd"]) | st.sampled_from("-_."),
    min_size=1,
    max_size=8,
).filter(lambda s: s not in (".", ".."))


@st.composite
def site_paths(draw: st.DrawFn) -> str:
    parts = draw(st.lists(segment, max_size=4))
    if parts and draw(st.booleans()):
        return "/" + "/".join([*parts[:-1], parts[-1] + ".html"])
    return "/" + "".join(p + "/" for p in parts)


@FAST
@given(a=site_paths(), b=site_paths(), fragment=st.sampled_from(["", "#top", "#x-1"]))
def test_relative_url_resolves_back_to_the_target(a: str, b: str, fragment: str) -> None:
    rel = relative_url(a, b + fragment)
    assert not rel.startswith("/")
    assert urljoin("https://h" + a, rel) == "https://h" + b + fragment


# -- routing --------------------------------------------------------------------------------

CONFIG = SiteConfig(title="T", base_url="https://example.org/")
BUILT = datetime(2026, 1, 1, tzinfo=UTC)


def make_page(slug: str, when: date | None, collection: str, tags: tuple[str, ...]) -> Page:
    moment = datetime(when.year, when.month, when.day, tzinfo=UTC) if when else None
    if collection == "posts":
        assert moment is not None
        url = f"/posts/{moment.year:04d}/{slug}/"
    else:
        url = f"/{slug}/"
    return Page(
        span_path=Path("content") / collection / f"{slug}.md",
        rel=f"{collection}/{slug}.md",
        collection=collection,
        title=slug,
        slug=slug,
        url=url,
        date=moment,
        updated=None,
        draft=False,
        tags=tags if collection == "posts" else (),
        categories=(),
        summary="",
        description="",
        kind="",
        menu=None,
        template=None,
        template_line=None,
        image="",
        extra={},
        body=BodyResult("<p>x</p>", "x", (), 1),
    )


slugs = st.text(max_size=20).map(make_slug).filter(bool)
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))
tag_lists = st.lists(st.sampled_from(["career", "Career", "R&D", "日本", "<x>", "a b"]), max_size=3)


def assemble(pages: list[Page]) -> Site:
    return assemble_site(pages, (), CONFIG, {}, BUILT)


@FAST
@given(
    posts=st.lists(st.tuples(slugs, dates, tag_lists), max_size=25),
    pages=st.lists(slugs, max_size=8),
    per_page=st.integers(min_value=1, max_value=4),
)
def test_routes_never_collide_for_distinct_slugs(
    posts: list[tuple[str, date, list[str]]], pages: list[str], per_page: int
) -> None:
    unique_posts = {(slug.casefold(), when.year): (slug, when, tags) for slug, when, tags in posts}
    unique_pages = {f"p-{slug}".casefold(): f"p-{slug}" for slug in pages}
    models = [make_page(s, w, "posts", tuple(t)) for s, w, t in unique_posts.values()]
    models += [make_page(s, None, "pages", ()) for s in unique_pages.values()]
    config = SiteConfig(
        title="T", base_url="https://example.org/", collections={"posts": _paged(per_page)}
    )
    routes, problems = plan(assemble(models), config)
    assert problems == []
    outputs = [r.output_path.casefold() for r in routes]
    assert len(outputs) == len(set(outputs))
    assert {m.url for m in models} <= {r.url for r in routes}


def _paged(per_page: int) -> CollectionConfig:
    return CollectionConfig(permalink="/posts/{year}/{slug}/", paginate=per_page)


@FAST
@given(slug=slugs, when=dates, copies=st.integers(min_value=2, max_value=4))
def test_same_url_twice_is_always_reported(slug: str, when: date, copies: int) -> None:
    models = [make_page(slug, when, "posts", ()) for _ in range(copies)]
    models = [
        dataclasses.replace(m, span_path=Path(f"content/posts/{i}.md"), rel=f"posts/{i}.md")
        for i, m in enumerate(models)
    ]
    _routes, problems = plan(assemble(models), CONFIG)
    assert len(problems) == copies - 1
    assert all(f"both want the URL /posts/{when.year:04d}/{slug}/" in d.message for d in problems)


permalink_parts = st.sampled_from(
    ["/", "{", "}", "{{", "}}", ".", "..", "\\", "x", "-", "{slug}", "{year}", "{month}",
     "{day}", "{collection}", "{slug!s}", "{0}"]
)  # fmt: skip


@FAST
@given(
    before=st.lists(permalink_parts, max_size=6),
    after=st.lists(permalink_parts, max_size=4),
    slug=slugs,
    when=dates,
)
def test_accepted_permalinks_stay_inside_the_site(
    before: list[str], after: list[str], slug: str, when: date
) -> None:
    pattern = "/" + "".join(before) + "{slug}" + "".join(after) + "/"
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "blogfolio.toml").write_text('title = "T"\n', encoding="utf-8")
        try:
            config = load_config(root, {"collections": {"posts": {"permalink": pattern}}})
        except BuildError as exc:
            assert {d.message.split(":")[0] for d in exc.diagnostics} == {
                "'collections.posts.permalink'"
            }
            return
    moment = datetime(when.year, when.month, when.day, tzinfo=UTC)
    url = permalink(config, "posts", slug, moment, split("---\ntitle: x\n---\n"))
    assert url.startswith("/") and not url.startswith("//") and url.endswith("/")
    safe_target(Path("/out"), output_file(url))


# -- whole builds ---------------------------------------------------------------------------

BODIES = [
    "Hello *world*, with `code` and **bold**.",
    "## A heading\n\nText under it.",
    "```python\nprint('hi')\n```",
    "- one\n- [x] two",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "Footnote[^1].\n\n[^1]: here.",
    "Raw <b>html</b> & ampersands.",
    "!!! note\n    Boxed.",
]


@st.composite
def small_sites(draw: st.DrawFn) -> dict[str, str]:
    count = draw(st.integers(min_value=1, max_value=5))
    files: dict[str, str] = {}
    for i in range(count):
        meta: dict[str, Any] = {
            "title": draw(st.text(min_size=1, max_size=30).filter(lambda t: t.strip())),
            "date": draw(dates).isoformat(),
        }
        tags = draw(tag_lists)
        if tags:
            meta["tags"] = tags
        if draw(st.booleans()):
            meta["summary"] = draw(st.text(max_size=40))
        front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
        body = "\n\n".join(draw(st.lists(st.sampled_from(BODIES), min_size=1, max_size=3)))
        files[f"content/posts/p{i}.md"] = f"---\n{front}---\n\n{body}\n"
    if draw(st.booleans()):
        files["content/about.md"] = "---\ntitle: About\nmenu: 1\n---\n\nMe.\n"
    return files


def build_in(folder: Path, files: dict[str, str]) -> BuildResult:
    (folder / "blogfolio.toml").write_text(
        'title = "T"\nbase_url = "https://example.org/folio/"\ntimezone = "Europe/Berlin"\n',
        encoding="utf-8",
    )
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return build(folder, BuildOptions(now=datetime(2031, 1, 1, tzinfo=UTC)))


def output_bytes(result: BuildResult) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for item in result.files:
        if item.data is not None:
            out[item.path] = item.data
        else:
            assert item.source is not None
            out[item.path] = item.source.read_bytes()
    return out


@SLOW
@given(files=small_sites())
def test_building_twice_gives_identical_bytes(
    files: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    with tempfile.TemporaryDirectory() as one, tempfile.TemporaryDirectory() as two:
        first = output_bytes(build_in(Path(one), files))
        again = output_bytes(build_in(Path(one), files))
        elsewhere = output_bytes(build_in(Path(two), files))
    assert first == again
    assert first == elsewhere
    assert "index.html" in first
    for data in first.values():
        assert one.encode() not in data and two.encode() not in data
