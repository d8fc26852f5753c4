"""What gets published, under which URL, and how it reaches templates and feeds.

Most tests build a real site in a temporary folder. Where exact structure
matters, the site overrides the theme's list templates with small "probe"
templates that print the template context line by line, so the tests check the
documented template contract (render/views.py) rather than the theme's markup.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest
from click.testing import Result

from blogfolio import __version__
from blogfolio.build import BuildOptions, build
from blogfolio.model import BuildResult
from conftest import FIXED_NOW, SiteFactory, post, run_cli
from linkcheck import broken_links

PROBES: dict[str, str | bytes] = {
    "templates/home.html": (
        "HOME {{ paginator.number }}/{{ paginator.total_pages }}\n"
        "{% for p in paginator.items %}\n"
        "ITEM {{ p.title }} -> {{ url(p.url) }}\n"
        "SUMMARY {{ p.title }}: {{ p.summary }}\n"
        "{% endfor %}\n"
        "PREV {{ url(paginator.prev_url) if paginator.prev_url else '-' }}\n"
        "NEXT {{ url(paginator.next_url) if paginator.next_url else '-' }}\n"
    ),
    "templates/term.html": (
        "TERM {{ term.taxonomy }} {{ term.name }} {{ term.count }}"
        " {{ paginator.number }}/{{ paginator.total_pages }}\n"
        "{% for p in paginator.items %}\nITEM {{ p.title }}\n{% endfor %}\n"
    ),
    "templates/terms.html": (
        "TERMS {{ taxonomy }}\n"
        "{% for t in terms %}\nT {{ t.name }} {{ t.count }} {{ url(t.url) }}\n{% endfor %}\n"
    ),
    "templates/archive.html": (
        "ARCHIVE {{ page.title }}\n"
        "{% for y in years %}\nYEAR {{ y.year }}\n"
        "{% for p in y.posts %}\nITEM {{ p.title }}\n{% endfor %}\n{% endfor %}\n"
    ),
    "templates/post.html": (
        "TITLE {{ page.title }}\n"
        "SUMMARY {{ page.summary }}\n"
        "READ {{ page.reading_time }}\n"
        "DATE {{ page.date | isodate }}\n"
        "EXTRA {{ page.extra.mood | default('-') }}\n"
        "TAGS {{ page.tags | map(attribute='name') | join(',') }}\n"
        "CONTENT {{ page.content }}\n"
    ),
}


def build_cli(root: Path, *args: str) -> Result:
    """Build through the CLI and insist that it worked."""
    result = run_cli("build", "--source", str(root), *args)
    assert result.exit_code == 0, result.stderr
    return result


def build_api(root: Path, **options: object) -> BuildResult:
    """Build in memory at the tests' fixed "now"."""
    options.setdefault("now", FIXED_NOW)
    return build(root, BuildOptions(**options))  # type: ignore[arg-type]


def probe(out: Path, rel: str, prefix: str) -> list[str]:
    """The lines of a probe page that start with prefix, without it."""
    text = (out / rel).read_text(encoding="utf-8")
    return [line[len(prefix) + 1 :] for line in text.splitlines() if line.startswith(prefix + " ")]


def titles(result: BuildResult) -> list[str]:
    return [p.title for p in result.site.posts]


# -- what is published ---------------------------------------------------------------------

LEFT_OUT_FILES: dict[str, str | bytes] = {
    "content/posts/live.md": post("Live"),
    "content/posts/draft.md": post("Draft", draft="true"),
    "content/posts/future.md": post("Future", "2999-01-01"),
    "content/posts/hidden.md": post("Hidden", publish="false"),
}


def test_left_out_sources_are_listed_with_reasons(make_site: SiteFactory) -> None:
    root = make_site(LEFT_OUT_FILES)
    result = build_cli(root)
    lines = result.stderr.splitlines()
    assert lines[0] == "Left out 3 source(s):"
    assert lines[1:4] == [
        "  content/posts/draft.md: draft: true (build with --drafts to include it)",
        "  content/posts/future.md: dated 2999-01-01 00:00 UTC, in the future "
        "(build with --future to include it)",
        "  content/posts/hidden.md: publish: false",
    ]
    out = root / "site" / "posts"
    assert (out / "2025" / "live" / "index.html").is_file()
    assert not (out / "2025" / "draft").exists()
    assert not (out / "2999").exists()
    assert not (out / "2025" / "hidden").exists()


@pytest.mark.parametrize(
    ("flags", "published"),
    [
        ((), {"Live"}),
        (("--drafts",), {"Live", "Draft"}),
        (("--future",), {"Live", "Future"}),
        (("--drafts", "--future"), {"Live", "Draft", "Future"}),
    ],
)
def test_drafts_and_future_flags(
    make_site: SiteFactory, flags: tuple[str, ...], published: set[str]
) -> None:
    root = make_site(LEFT_OUT_FILES)
    build_cli(root, *flags)
    out = root / "site" / "posts"
    expected_dirs = {
        "Live": out / "2025" / "live",
        "Draft": out / "2025" / "draft",
        "Future": out / "2999" / "future",
    }
    for title, folder in expected_dirs.items():
        assert (folder / "index.html").is_file() == (title in published), title
    assert not (out / "2025" / "hidden").exists()


def test_drafts_flag_via_api_keeps_draft_flag_for_templates(make_site: SiteFactory) -> None:
    root = make_site(LEFT_OUT_FILES)
    result = build_api(root, drafts=True, future=True)
    assert {p.title: p.draft for p in result.site.posts} == {
        "Future": False,
        "Draft": True,
        "Live": False,
    }
    assert [(e.span_path.as_posix(), e.reason) for e in result.site.excluded] == [
        ("content/posts/hidden.md", "publish: false")
    ]


@pytest.mark.parametrize(
    ("zone", "now", "published", "left_out"),
    [
        # 20:00 UTC on the 15th is already 08:00 on the 16th in Auckland (UTC+12).
        ("Pacific/Auckland", datetime(2026, 6, 15, 20, 0, tzinfo=UTC), "2026-06-16", "2026-06-17"),
        # 03:00 UTC on the 16th is still 20:00 on the 15th in Los Angeles (UTC-7).
        (
            "America/Los_Angeles",
            datetime(2026, 6, 16, 3, 0, tzinfo=UTC),
            "2026-06-15",
            "2026-06-16",
        ),
        # New Year arrives in Auckland (UTC+13 in summer) while UTC is still in 2025.
        ("Pacific/Auckland", datetime(2025, 12, 31, 12, 0, tzinfo=UTC), "2026-01-01", "2026-01-02"),
    ],
)
def test_today_is_judged_in_the_site_time_zone(
    make_site: SiteFactory, zone: str, now: datetime, published: str, left_out: str
) -> None:
    config = f'title = "T"\nbase_url = "https://example.org/"\ntimezone = "{zone}"\n'
    root = make_site(
        {
            "content/posts/today.md": post("Today", published),
            "content/posts/tomorrow.md": post("Tomorrow", left_out),
        },
        config=config,
    )
    result = build_api(root, now=now)
    assert titles(result) == ["Today"]
    (today,) = result.site.posts
    assert today.date is not None
    assert today.date.isoformat() == f"{published}T00:00:00{today.date.strftime('%z')[:3]}:00"
    assert str(today.date.tzinfo) == zone
    assert today.url == f"/posts/{published[:4]}/today/"
    assert [e.span_path.name for e in result.site.excluded] == ["tomorrow.md"]
    assert f"dated {left_out} 00:00" in result.site.excluded[0].reason


def test_dates_with_time_and_offset_are_converted_to_the_site_zone(
    make_site: SiteFactory,
) -> None:
    config = 'title = "T"\nbase_url = "https://example.org/"\ntimezone = "America/Chicago"\n'
    root = make_site(
        {
            "content/posts/a.md": post("A", "2025-01-01T03:30:00+00:00"),
            "content/posts/b.md": post("B", "2025-03-04T09:15"),
        },
        config=config,
    )
    result = build_api(root)
    dates = {p.title: p.date.isoformat() for p in result.site.posts if p.date}
    assert dates == {"A": "2024-12-31T21:30:00-06:00", "B": "2025-03-04T09:15:00-06:00"}
    assert {p.title: p.url for p in result.site.posts} == {
        "A": "/posts/2024/a/",
        "B": "/posts/2025/b/",
    }


# -- URLs and slugs ---------------------------------------------------------------------------


def test_slugs_from_file_names_front_matter_and_unicode(make_site: SiteFactory) -> None:
    root = make_site(
        {
            "content/posts/plain-name.md": post("Plain"),
            "content/posts/Über Alles.md": post("Capital and space"),
            "content/posts/café-münchen.md": post("Café in München"),
            "content/posts/cafe\u0301-nfd.md": post("Decomposed accent"),
            "content/posts/日本語.md": post("日本語のタイトル"),
            "content/posts/named.md": post("Named", slug="My Custom Slug"),
            "content/posts/2024-09-18-x.md": "---\ntitle: Dated name\n---\n\nText.\n",
            "content/posts/2023-02-01-both.md": post("Front matter wins", "2024-05-06"),
            "content/notes/ünïcödé ✓.md": "---\ntitle: Ünïcödé ✓ note\n---\n\nText.\n",
        }
    )
    result = build_api(root)
    urls = {p.title: p.url for p in (*result.site.posts, *result.site.pages)}
    assert urls == {
        "Plain": "/posts/2025/plain-name/",
        "Capital and space": "/posts/2025/über-alles/",
        "Café in München": "/posts/2025/café-münchen/",
        "Decomposed accent": "/posts/2025/café-nfd/",
        "日本語のタイトル": "/posts/2025/日本語/",
        "Named": "/posts/2025/my-custom-slug/",
        "Dated name": "/posts/2024/x/",
        "Front matter wins": "/posts/2024/both/",
        "Ünïcödé ✓ note": "/notes/ünïcödé/",
    }
    dated = next(p for p in result.site.posts if p.title == "Dated name")
    assert dated.date is not None and dated.date.date().isoformat() == "2024-09-18"
    assert dated.slug == "x"

    build_cli(root)
    out = root / "site"
    for url in urls.values():
        assert (out / url.strip("/") / "index.html").is_file(), url
    assert broken_links(out) == []
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="posts/2025/日本語/"' in home


def test_toml_front_matter(make_site: SiteFactory) -> None:
    root = make_site(
        {
            "content/posts/toml.md": (
                '+++\ntitle = "From TOML"\ndate = 2025-02-03\ntags = ["toml", "config"]\n'
                'mood = "calm"\n+++\n\nBody *text*.\n'
            ),
            **PROBES,
        }
    )
    build_cli(root)
    out = root / "site"
    page = "posts/2025/toml/index.html"
    assert probe(out, page, "TITLE") == ["From TOML"]
    assert probe(out, page, "DATE") == ["2025-02-03T00:00:00+00:00"]
    assert probe(out, page, "TAGS") == ["toml,config"]
    assert probe(out, page, "EXTRA") == ["calm"]
    assert probe(out, page, "CONTENT") == ["<p>Body <em>text</em>.</p>"]
    assert (out / "tags" / "toml" / "index.html").is_file()


# -- summaries, reading time, bundles, templates ----------------------------------------------


def test_summary_from_front_matter_or_first_paragraph(make_site: SiteFactory) -> None:
    root = make_site(
        {
            "content/posts/given.md": post(
                "Given", "2025-01-02", "Body paragraph.", summary='"Less <than> & more"'
            ),
            "content/posts/derived.md": post(
                "Derived",
                "2025-01-01",
                "## Heading first\n\nFirst *real* [paragraph](https://e.org).\n\nSecond one.",
            ),
            **PROBES,
        }
    )
    build_cli(root)
    out = root / "site"
    assert probe(out, "posts/2025/given/index.html", "SUMMARY") == ["Less &lt;than&gt; &amp; more"]
    assert probe(out, "posts/2025/derived/index.html", "SUMMARY") == [
        "First <em>real</em> paragraph."
    ]
    assert probe(out, "index.html", "SUMMARY") == [
        "Given: Less &lt;than&gt; &amp; more",
        "Derived: First <em>real</em> paragraph.",
    ]


def test_reading_time(make_site: SiteFactory) -> None:
    long_body = "\n\n".join(" ".join(["word"] * 110) for _ in range(6))
    root = make_site(
        {
            "content/posts/short.md": post("Short", "2025-01-01", "Just a few words."),
            "content/posts/long.md": post("Long", "2025-01-02", long_body),
            **PROBES,
        }
    )
    result = build_api(root)
    assert {p.title: (p.body.word_count, p.reading_time) for p in result.site.posts} == {
        "Long": (660, 3),
        "Short": (4, 1),
    }
    build_cli(root)
    assert probe(root / "site", "posts/2025/long/index.html", "READ") == ["3"]


def test_bundle_assets_are_copied_beside_the_page(make_site: SiteFactory) -> None:
    root = make_site(
        {
            "content/posts/trip/index.md": post(
                "Trip", body="![The map](map.png)\n\n![Detail](photos/detail.jpg)"
            ),
            "content/posts/trip/map.png": b"\x89PNG fake",
            "content/posts/trip/photos/detail.jpg": b"JPEG fake",
            "content/posts/trip/comments/2025-01-11-ana.md": (
                "---\nauthor: Ana\ndate: 2025-01-11\n---\n\nHi!\n"
            ),
            "content/posts/trip/.hidden.png": b"secret",
        }
    )
    build_cli(root)
    page = root / "site" / "posts" / "2025" / "trip"
    assert (page / "map.png").read_bytes() == b"\x89PNG fake"
    assert (page / "photos" / "detail.jpg").read_bytes() == b"JPEG fake"
    assert not (page / "comments").exists()
    assert not (page / ".hidden.png").exists()
    html = (page / "index.html").read_text(encoding="utf-8")
    assert 'src="map.png"' in html
    assert 'src="photos/detail.jpg"' in html
    assert broken_links(root / "site") == []


def test_unknown_front_matter_reaches_templates_through_extra(make_site: SiteFactory) -> None:
    override = (
        '{% extends "theme:post.html" %}\n'
        "{% block main %}\n"
        '<p class="mood">MOOD={{ page.extra.mood }}; GH={{ page.extra.links.github }}</p>\n'
        "{{ super() }}\n"
        "{% endblock %}\n"
    )
    root = make_site(
        {
            "content/posts/moody.md": post(
                "Moody", mood="curious", links="{github: 'https://github.com/maya'}"
            ),
            "templates/post.html": override,
        }
    )
    result = build_api(root)
    assert dict(result.site.posts[0].extra) == {
        "mood": "curious",
        "links": {"github": "https://github.com/maya"},
    }
    build_cli(root)
    html = (root / "site" / "posts" / "2025" / "moody" / "index.html").read_text("utf-8")
    assert "MOOD=curious; GH=https://github.com/maya" in html
    assert "<h1>Moody</h1>" in html  # the theme's own block still renders
    assert html.lstrip().startswith("<!DOCTYPE html>")


def test_site_templates_override_the_theme(make_site: SiteFactory) -> None:
    root = make_site(
        {
            "content/about.md": "---\ntitle: About\n---\n\nHello.\n",
            "content/posts/p.md": post("P"),
            "templates/page.html": "CUSTOM {{ page.title }}|{{ page.content }}",
        }
    )
    build_cli(root)
    out = root / "site"
    assert (out / "about" / "index.html").read_text("utf-8") == "CUSTOM About|<p>Hello.</p>\n"
    assert "<!DOCTYPE html>" in (out / "posts" / "2025" / "p" / "index.html").read_text("utf-8")


# -- base URL, escaping, feeds ----------------------------------------------------------------

NASTY_TITLE = 'Less <than> & "quotes"'
NASTY_FILES: dict[str, str | bytes] = {
    "content/posts/nasty.md": (
        "---\n"
        "title: 'Less <than> & \"quotes\"'\n"
        "date: 2025-01-10\n"
        "tags: ['<b>bold</b>', 'R&D', '\"quoted\"']\n"
        "categories: ['Q&A']\n"
        "---\n\n"
        "Body with a [relative link](../calm/).\n"
    ),
    "content/posts/calm.md": post("Calm", "2025-01-09"),
}


def test_base_url_gives_canonical_links_and_absolute_feed_links(make_site: SiteFactory) -> None:
    root = make_site(NASTY_FILES)
    build_cli(root, "--base-url", "https://x.org/blog/")
    out = root / "site"
    html = (out / "posts" / "2025" / "calm" / "index.html").read_text("utf-8")
    assert '<link rel="canonical" href="https://x.org/blog/posts/2025/calm/">' in html
    assert "https://example.org" not in html
    assert broken_links(out, "/blog/") == []

    atom = feedparser.parse((out / "atom.xml").read_bytes())
    rss = feedparser.parse((out / "rss.xml").read_bytes())
    for feed in (atom, rss):
        assert not feed.bozo
        assert [e.link for e in feed.entries] == [
            "https://x.org/blog/posts/2025/nasty/",
            "https://x.org/blog/posts/2025/calm/",
        ]
    content = atom.entries[0].content[0].value
    assert 'href="https://x.org/blog/posts/2025/calm/"' in content
    jfeed = json.loads((out / "feed.json").read_text("utf-8"))
    assert jfeed["feed_url"] == "https://x.org/blog/feed.json"
    assert all(i["url"].startswith("https://x.org/blog/posts/") for i in jfeed["items"])
    sitemap = ET.parse(out / "sitemap.xml").getroot()
    locs = [e.text or "" for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and all(loc.startswith("https://x.org/blog/") for loc in locs)
    assert "Sitemap: https://x.org/blog/sitemap.xml" in (out / "robots.txt").read_text()


def test_root_relative_markdown_links_honour_the_base_path(make_site: SiteFactory) -> None:
    root = make_site(
        {
            "content/posts/p.md": post("P", body="![Logo](/img/logo.png) [About](/about/)"),
            "content/about.md": "---\ntitle: About\n---\n\nMe.\n",
            "static/img/logo.png": b"png",
        }
    )
    build_cli(root, "--base-url", "https://x.org/blog/")
    out = root / "site"
    assert broken_links(out, "/blog/") == []
    atom = feedparser.parse((out / "atom.xml").read_bytes())
    content = atom.entries[0].content[0].value
    assert 'src="https://x.org/blog/img/logo.png"' in content
    assert 'href="https://x.org/blog/about/"' in content


def test_titles_and_tags_are_escaped_and_feeds_parse(make_site: SiteFactory) -> None:
    root = make_site(NASTY_FILES)
    build_cli(root)
    out = root / "site"
    for page in out.rglob("*.html"):
        text = page.read_text("utf-8")
        assert "<than>" not in text, page
        assert "<b>bold</b>" not in text, page
    html = (out / "posts" / "2025" / "nasty" / "index.html").read_text("utf-8")
    assert "Less &lt;than&gt; &amp; " in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html

    atom = feedparser.parse((out / "atom.xml").read_bytes())
    rss = feedparser.parse((out / "rss.xml").read_bytes())
    for feed in (atom, rss):
        assert not feed.bozo, feed.bozo_exception
        assert feed.entries[0].title == NASTY_TITLE
        assert [t.term for t in feed.entries[0].tags] == ["Q&A", "<b>bold</b>", "R&D", '"quoted"']

    atom_ns = "{http://www.w3.org/2005/Atom}"
    tree = ET.parse(out / "atom.xml").getroot()
    entry = tree.find(f"{atom_ns}entry")
    assert entry is not None
    assert entry.findtext(f"{atom_ns}title") == NASTY_TITLE
    assert [c.get("term") for c in entry.findall(f"{atom_ns}category")] == [
        "Q&A",
        "<b>bold</b>",
        "R&D",
        '"quoted"',
    ]
    rss_tree = ET.parse(out / "rss.xml").getroot()
    assert rss_tree.findtext("channel/item/title") == NASTY_TITLE
    jfeed = json.loads((out / "feed.json").read_text("utf-8"))
    assert jfeed["items"][0]["title"] == NASTY_TITLE
    assert jfeed["items"][0]["tags"] == ["Q&A", "<b>bold</b>", "R&D", '"quoted"']


# -- permalinks, pagination, taxonomies, archives, menu ---------------------------------------


def test_permalink_patterns_from_config(make_site: SiteFactory) -> None:
    config = (
        'title = "T"\nbase_url = "https://example.org/"\n\n'
        '[collections.posts]\npermalink = "/{year}/{month}/{day}/{slug}/"\n\n'
        '[collections.pages]\npermalink = "/p/{slug}/"\n\n'
        '[collections.projects]\npermalink = "/work/{slug}/"\n'
    )
    root = make_site(
        {
            "content/posts/hello.md": post("Hello", "2025-03-07"),
            "content/about.md": "---\ntitle: About\n---\n\nMe.\n",
            "content/projects/robot.md": "---\ntitle: Robot\n---\n\nBeep.\n",
            "content/notes/n1.md": "---\ntitle: Note\n---\n\nA note.\n",
        },
        config=config,
    )
    build_cli(root)
    out = root / "site"
    for rel in ("2025/03/07/hello", "p/about", "work/robot", "notes/n1"):
        assert (out / rel / "index.html").is_file(), rel
    assert not (out / "posts").exists()
    assert broken_links(out) == []


def five_posts() -> dict[str, str | bytes]:
    return {f"content/posts/p{i}.md": post(f"Post {i}", f"2025-01-0{i}") for i in range(1, 6)}


def test_pagination(make_site: SiteFactory) -> None:
    config = 'title = "T"\nbase_url = "https://example.org/"\n[collections.posts]\npaginate = 2\n'
    root = make_site({**five_posts(), **PROBES}, config=config)
    build_cli(root)
    out = root / "site"
    pages = {
        "index.html": (["Post 5 -> posts/2025/p5/", "Post 4 -> posts/2025/p4/"], "-", "page/2/"),
        "page/2/index.html": (
            ["Post 3 -> ../../posts/2025/p3/", "Post 2 -> ../../posts/2025/p2/"],
            "../../",
            "../3/",
        ),
        "page/3/index.html": (["Post 1 -> ../../posts/2025/p1/"], "../2/", "-"),
    }
    for number, (rel, (items, prev, nxt)) in enumerate(pages.items(), start=1):
        assert probe(out, rel, "HOME") == [f"{number}/3"]
        assert probe(out, rel, "ITEM") == items
        assert probe(out, rel, "PREV") == [prev]
        assert probe(out, rel, "NEXT") == [nxt]
    assert not (out / "page" / "4").exists()
    assert not (out / "page" / "1").exists()


def test_pagination_in_the_theme_links_prev_and_next(make_site: SiteFactory) -> None:
    config = 'title = "T"\nbase_url = "https://example.org/"\n[collections.posts]\npaginate = 2\n'
    root = make_site(five_posts(), config=config)
    build_cli(root)
    out = root / "site"
    middle = (out / "page" / "2" / "index.html").read_text("utf-8")
    assert 'href="../../"' in middle
    assert 'href="../3/"' in middle
    assert 'href="../../posts/2025/p3/"' in middle
    assert 'href="../../posts/2025/p5/"' not in middle
    assert broken_links(out) == []


def test_tag_and_category_pages_list_the_right_posts(make_site: SiteFactory) -> None:
    config = 'title = "T"\nbase_url = "https://example.org/"\n[collections.posts]\npaginate = 2\n'
    root = make_site(
        {
            "content/posts/a.md": post("A", "2025-01-01", tags="[career, networking]"),
            "content/posts/b.md": post("B", "2025-01-02", tags="[Career]", categories="[Notes]"),
            "content/posts/c.md": post("C", "2025-01-03", tags="[career]", categories="[Notes]"),
            "content/posts/d.md": post("D", "2025-01-04", categories="[Other Things]"),
            **PROBES,
        },
        config=config,
    )
    build_cli(root)
    out = root / "site"
    assert probe(out, "tags/career/index.html", "TERM") == ["tags career 3 1/2"]
    assert probe(out, "tags/career/index.html", "ITEM") == ["C", "B"]
    assert probe(out, "tags/career/page/2/index.html", "ITEM") == ["A"]
    assert probe(out, "tags/networking/index.html", "ITEM") == ["A"]
    assert probe(out, "categories/notes/index.html", "TERM") == ["categories Notes 2 1/1"]
    assert probe(out, "categories/notes/index.html", "ITEM") == ["C", "B"]
    assert probe(out, "categories/other-things/index.html", "ITEM") == ["D"]
    assert probe(out, "tags/index.html", "T") == [
        "career 3 career/",
        "networking 1 networking/",
    ]
    assert probe(out, "categories/index.html", "T") == [
        "Notes 2 notes/",
        "Other Things 1 other-things/",
    ]


def test_yearly_archives(make_site: SiteFactory) -> None:
    root = make_site(
        {
            "content/posts/old.md": post("Old", "2023-05-01"),
            "content/posts/mid1.md": post("Mid one", "2024-02-01"),
            "content/posts/mid2.md": post("Mid two", "2024-11-30"),
            "content/posts/new.md": post("New", "2025-01-01"),
            "content/about.md": "---\ntitle: About\n---\n\nUndated page.\n",
            **PROBES,
        }
    )
    build_cli(root)
    out = root / "site"
    assert probe(out, "archives/index.html", "YEAR") == ["2025", "2024", "2023"]
    assert probe(out, "archives/index.html", "ITEM") == ["New", "Mid two", "Mid one", "Old"]
    assert probe(out, "archives/2024/index.html", "ARCHIVE") == ["Posts from 2024"]
    assert probe(out, "archives/2024/index.html", "ITEM") == ["Mid two", "Mid one"]
    assert probe(out, "archives/2023/index.html", "ITEM") == ["Old"]
    assert sorted(p.name for p in (out / "archives").iterdir()) == [
        "2023",
        "2024",
        "2025",
        "index.html",
    ]


def test_menu_from_config_and_pages(make_site: SiteFactory) -> None:
    config = (
        'title = "T"\nbase_url = "https://example.org/"\n\n'
        '[[menu]]\ntitle = "Home"\nurl = "/"\nweight = 0\n\n'
        '[[menu]]\ntitle = "GitHub"\nurl = "https://github.com/maya"\nweight = 90\n'
    )
    root = make_site(
        {
            "content/about.md": "---\ntitle: About\nmenu: 10\n---\n\nMe.\n",
            "content/resume.md": "---\ntitle: Résumé\nmenu: 5\n---\n\nCV.\n",
            "content/hidden.md": "---\ntitle: Not in menu\n---\n\nX.\n",
            "content/posts/p.md": post("P"),
        },
        config=config,
    )
    result = build_api(root)
    assert [(m.title, m.url, m.weight) for m in result.site.menu] == [
        ("Home", "/", 0),
        ("Résumé", "/resume/", 5),
        ("About", "/about/", 10),
        ("GitHub", "https://github.com/maya", 90),
    ]
    build_cli(root)
    html = (root / "site" / "posts" / "2025" / "p" / "index.html").read_text("utf-8")
    for href in ('href="../../../"', 'href="../../../resume/"', 'href="../../../about/"'):
        assert href in html
    assert 'href="https://github.com/maya"' in html


def test_default_menu_without_config(make_site: SiteFactory) -> None:
    root = make_site({"content/posts/p.md": post("P")})
    result = build_api(root)
    assert [(m.title, m.url) for m in result.site.menu] == [
        ("Home", "/"),
        ("Archives", "/archives/"),
        ("Tags", "/tags/"),
    ]


# -- rebuilds ---------------------------------------------------------------------------------

OLD = 1_000_000_000


def mtimes(out: Path) -> dict[str, int]:
    return {
        p.relative_to(out).as_posix(): int(p.stat().st_mtime) for p in out.rglob("*") if p.is_file()
    }


def test_unchanged_files_keep_their_mtime_and_changed_ones_are_rewritten(
    make_site: SiteFactory,
) -> None:
    root = make_site(
        {
            "content/posts/one.md": post("One", "2025-01-01", "First body.", tags="[a]"),
            "content/posts/two.md": post("Two", "2025-01-02", "Second body.", tags="[b]"),
            "static/img/logo.png": b"logo",
        }
    )
    build_cli(root)
    out = root / "site"
    for path in out.rglob("*"):
        if path.is_file():
            os.utime(path, (OLD, OLD))

    again = build_cli(root)
    assert set(mtimes(out).values()) == {OLD}
    assert " 0 written, " in again.stdout
    assert " 0 removed)" in again.stdout

    one = root / "content" / "posts" / "one.md"
    one.write_text(post("One", "2025-01-01", "First body, edited.", tags="[a]"), "utf-8")
    build_cli(root)
    after = mtimes(out)
    assert after["posts/2025/one/index.html"] != OLD
    assert "edited" in (out / "posts" / "2025" / "one" / "index.html").read_text("utf-8")
    for kept in (
        "posts/2025/two/index.html",
        "tags/b/index.html",
        "tags/index.html",
        "img/logo.png",
        "css/highlight.css",
        "robots.txt",
        "sitemap.xml",
    ):
        assert after[kept] == OLD, kept


def test_removed_posts_disappear_from_the_output(make_site: SiteFactory) -> None:
    root = make_site(
        {
            "content/posts/keep.md": post("Keep", "2025-01-01", tags="[kept]"),
            "content/posts/gone/index.md": post("Gone", "2024-01-02", "![x](x.png)", tags="[lost]"),
            "content/posts/gone/x.png": b"png",
        }
    )
    build_cli(root)
    out = root / "site"
    assert (out / "posts" / "2024" / "gone" / "x.png").is_file()
    for path in (root / "content" / "posts" / "gone").iterdir():
        path.unlink()
    (root / "content" / "posts" / "gone").rmdir()
    result = build_cli(root)
    assert not (out / "posts" / "2024").exists()
    assert not (out / "tags" / "lost").exists()
    assert not (out / "archives" / "2024").exists()
    assert (out / "posts" / "2025" / "keep" / "index.html").is_file()
    assert " 0 removed)" not in result.stdout
    assert "Gone" not in (out / "atom.xml").read_text("utf-8")
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []


# -- scaffolding and the command line ---------------------------------------------------------


def test_new_site_then_new_post_then_build(tmp_path: Path) -> None:
    site = tmp_path / "my-folio"
    created = run_cli("new", "site", str(site))
    assert created.exit_code == 0, created.stderr
    assert (site / "blogfolio.toml").is_file()

    made = run_cli("new", "post", "My first reflection", "--source", str(site))
    assert made.exit_code == 0, made.stderr
    path = site / "content" / "posts" / "my-first-reflection.md"
    text = path.read_text("utf-8")
    assert "draft: true\n" in text
    assert 'title: "My first reflection"' in text

    drafted = build_cli(site)
    assert "content/posts/my-first-reflection.md: draft: true" in drafted.stderr

    path.write_text(text.replace("draft: true\n", ""), "utf-8")
    build_cli(site)
    year = text.split("date: ", 1)[1][:4]
    page = site / "site" / "posts" / year / "my-first-reflection" / "index.html"
    assert "<h1>My first reflection</h1>" in page.read_text("utf-8")
    home = (site / "site" / "index.html").read_text("utf-8")
    assert f'href="posts/{year}/my-first-reflection/"' in home
    assert broken_links(site / "site", "/") == []

    twice = run_cli("new", "post", "My first reflection", "--source", str(site))
    assert twice.exit_code == 1
    assert "already exists" in twice.stderr


def test_new_reflection_has_the_three_prompts(tmp_path: Path) -> None:
    site = tmp_path / "folio"
    assert run_cli("new", "site", str(site)).exit_code == 0
    made = run_cli("new", "post", "Career fair", "--reflection", "--source", str(site))
    assert made.exit_code == 0, made.stderr
    text = (site / "content" / "posts" / "career-fair.md").read_text("utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## What?", "## So what?", "## Now what?"]
    assert "kind: reflection\n" in text
    build_cli(site, "--drafts")
    year = text.split("date: ", 1)[1][:4]
    html = (site / "site" / "posts" / year / "career-fair" / "index.html").read_text("utf-8")
    for anchor in ('id="what"', 'id="so-what"', 'id="now-what"'):
        assert anchor in html


def test_new_site_refuses_an_existing_site(make_site: SiteFactory) -> None:
    root = make_site({})
    before = (root / "blogfolio.toml").read_bytes()
    result = run_cli("new", "site", str(root))
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert (root / "blogfolio.toml").read_bytes() == before


def test_python_m_blogfolio_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "blogfolio", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == f"blogfolio, version {__version__}"


# -- symbolic links ----------------------------------------------------------------------------


def test_a_source_linked_from_outside_the_site_is_refused(
    make_site: SiteFactory, tmp_path: Path
) -> None:
    secret = tmp_path / "elsewhere"
    (secret / "trip").mkdir(parents=True)
    for path in (secret / "diary.md", secret / "trip" / "index.md"):
        path.write_text(post("Private diary", body="Not for the web."), "utf-8")
    root = make_site({"content/posts/hello.md": post("Hello")})
    links = {
        "content/posts/outside.md": secret / "diary.md",
        "content/about.md": secret / "diary.md",
        "content/posts/trip": secret / "trip",
        "content/projects": secret,
    }
    for rel, target in links.items():
        (root / rel).symlink_to(target)
    result = run_cli("build", "--source", str(root))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == [
        f"content/about.md: error: this file is a link to {secret / 'diary.md'}, "
        "outside the site folder; it is not published",
        f"content/posts/outside.md: error: this file is a link to {secret / 'diary.md'}, "
        "outside the site folder; it is not published",
        f"content/posts/trip: error: this folder is a link to {secret / 'trip'}, "
        "outside the site folder; it is not published",
        f"content/projects: error: this folder is a link to {secret}, "
        "outside the site folder; it is not published",
    ]
    assert "hint: copy the file into the site instead of linking to it" in result.stderr
    assert not (root / "site").exists()


def test_a_link_inside_the_site_is_published(make_site: SiteFactory) -> None:
    root = make_site({"notes/shared.md": post("Shared", body="Written once.")})
    (root / "content/posts").mkdir(parents=True)
    (root / "content/posts/shared.md").symlink_to(Path("../../notes/shared.md"))
    result = build(root, BuildOptions(now=FIXED_NOW))
    assert [p.title for p in result.site.posts] == ["Shared"]
