"""The home page and the theme's small promises, checked in the built HTML."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from blogfolio.build import BuildOptions, build
from conftest import FIXED_NOW, MINIMAL_CONFIG, REPO, SiteFactory, post, run_cli
from photos import png_picture

PROJECT = (
    "---\ntitle: {title}\ndate: 2025-03-01\nfeatured: {featured}\nimage: cover.svg\n---\n\nIt.\n"
)
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3"><rect width="4" height="3"/></svg>'
PROFILE = """
[author]
name = "Sam Student"
intro = "I study data and people."

[author.links]
github = "https://github.com/sam"
mastodon = "https://mastodon.social/@sam"
email = "sam@example.org"
"""


def site(make_site: SiteFactory, config: str = MINIMAL_CONFIG + PROFILE) -> Path:
    files: dict[str, str | bytes] = {
        "content/posts/one.md": post("One", "2023-05-01", "Hi."),
        "content/posts/two.md": post("Two", "2025-02-01", "Hi.", kind="reflection"),
        "content/posts/code.md": post("Code", "2025-03-01", "```python\nx = 1\n```"),
        "content/posts/table.md": post("Table", "2025-04-01", "| a | b |\n|---|---|\n| 1 | 2 |"),
        "content/projects/shown/index.md": PROJECT.format(title="Shown", featured="true"),
        "content/projects/shown/cover.svg": SVG,
        "content/projects/quiet/index.md": PROJECT.format(title="Quiet", featured="false"),
        "content/projects/quiet/cover.svg": SVG,
    }
    return make_site(files, config)


def pages(root: Path, now: datetime | None = FIXED_NOW) -> dict[str, str]:
    result = build(root, BuildOptions(now=now, cache=False))
    return {f.path: (f.data or b"").decode("utf-8", "replace") for f in result.files}


def test_home_introduces_the_author_then_projects_reflections_posts(make_site: SiteFactory) -> None:
    home = pages(site(make_site))["index.html"]
    order = [home.index(s) for s in ("<h1>Sam Student</h1>", "I study data and people.",
             'id="home-featured"', 'id="home-reflections"', 'id="home-posts"')]  # fmt: skip
    assert order == sorted(order)
    featured = home[home.index('id="home-featured"') : home.index('id="home-reflections"')]
    assert "Shown" in featured and "Quiet" not in featured
    assert '<a href="https://mastodon.social/@sam" rel="me">' in home
    assert '<a href="mailto:sam@example.org">' in home
    assert re.search(r'<svg class="icon"[^>]*aria-hidden="true"', home)
    assert '<span class="social-label">GitHub</span>' in home


def test_the_site_title_is_not_repeated_as_the_home_heading(make_site: SiteFactory) -> None:
    home = pages(site(make_site, MINIMAL_CONFIG))["index.html"]
    assert home.count("<h1") == 1 and "<h1>Test Site</h1>" in home
    header = home[home.index('<header class="site-header">') : home.index("</header>")]
    assert "Test Site" not in header and '<span class="visually-hidden">Home</span>' in header


def test_home_sections_follow_the_config(make_site: SiteFactory) -> None:
    config = MINIMAL_CONFIG + PROFILE + '\n[home]\nsections = ["posts", "intro"]\n'
    home = pages(site(make_site, config))["index.html"]
    assert home.index('id="home-posts"') < home.index("<h1>Sam Student</h1>")
    assert 'id="home-featured"' not in home and 'id="home-reflections"' not in home


def test_highlight_css_only_where_there_is_code(make_site: SiteFactory) -> None:
    html = pages(site(make_site))
    assert "css/highlight.css" in html["posts/2025/code/index.html"]
    for path in ("index.html", "posts/2025/table/index.html", "projects/index.html", "404.html"):
        assert "css/highlight.css" not in html[path], path


def test_every_page_names_an_icon_drawn_from_the_initials(make_site: SiteFactory) -> None:
    html = pages(site(make_site))
    assert ">SS</text>" in html["favicon.svg"]
    for path in ("index.html", "posts/2025/code/index.html", "404.html"):
        icon = r'<link rel="icon" href="[^"]*favicon\.svg\?v=\w+" type="image/svg\+xml">'
        assert re.search(icon, html[path]), path


def test_a_sites_own_favicon_wins(make_site: SiteFactory) -> None:
    root = site(make_site)
    (root / "static").mkdir()
    (root / "static/favicon.png").write_bytes(png_picture(32, 32))
    html = pages(root)
    assert "favicon.svg" not in html
    assert 'type="image/png"' in html["index.html"]


def test_tables_scroll_in_their_own_box(make_site: SiteFactory) -> None:
    page = pages(site(make_site))["posts/2025/table/index.html"]
    assert '<div class="table-scroll">\n<table>' in page and "</table>\n</div>" in page


def test_footer_years_follow_the_content_not_the_clock(make_site: SiteFactory) -> None:
    home = pages(site(make_site))["index.html"]
    assert "&copy; 2023&ndash;2025 Test Site" in home or "&copy; 2023&ndash;2025 Sam" in home
    assert "2026" not in home[home.index('<footer class="site-footer">') :]


def test_older_posts_keeps_its_arrow(make_site: SiteFactory) -> None:
    config = MINIMAL_CONFIG + "\n[collections.posts]\npaginate = 1\n"
    html = pages(site(make_site, config))
    assert 'Older posts&nbsp;<span aria-hidden="true">→</span>' in html["index.html"]
    assert '<span aria-hidden="true">←</span>&nbsp;Newer posts' in html["page/2/index.html"]


def test_accent_colour_reaches_the_page_with_readable_tones(make_site: SiteFactory) -> None:
    config = MINIMAL_CONFIG + '\n[theme]\naccent = "#ffd400"\n'
    home = pages(site(make_site, config))["index.html"]
    style = re.search(r'<html lang="en" style="([^"]+)">', home)
    assert style is not None
    assert "--accent-fill:#ffd400;--on-accent:#000000" in style.group(1)


def test_the_example_networking_log_gives_no_heading_to_private_only_months() -> None:
    result = build(REPO, BuildOptions(now=FIXED_NOW, cache=False))
    log = {f.path: f for f in result.files}["networking/index.html"].data or b""
    text = log.decode()
    for section in re.findall(r'<section class="log-month".*?</section>', text, re.S):
        assert '<article class="log-entry"' in section
    assert "<h2" not in text[text.find('class="muted log-private log-quiet"') :].split("</p>")[0]


def test_a_new_site_gets_a_landing_page_and_can_fill_it_in(tmp_path: Path) -> None:
    site = tmp_path / "folio"
    assert run_cli("new", "site", str(site)).exit_code == 0
    config = (site / "blogfolio.toml").read_text("utf-8")
    assert 'sections = ["intro", "featured", "reflections", "posts"]' in config
    home = pages(site, now=None)["index.html"]
    assert home.count("<h1") == 1 and 'id="home-posts"' in home
    filled = config.replace('name = ""', 'name = "Ada Student"', 1).replace(
        '# github = "https://github.com/you"', 'github = "https://github.com/ada"'
    )
    (site / "blogfolio.toml").write_text(filled, "utf-8")
    home = pages(site, now=None)["index.html"]
    assert "<h1>Ada Student</h1>" in home and 'href="https://github.com/ada" rel="me"' in home
