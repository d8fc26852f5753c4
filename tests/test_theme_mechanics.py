"""Overriding one block of the theme, and child themes, as a site author would set them up.

A site's templates/base.html that extends the theme's base and fills one block must
reach every page type; a child theme (`parent = …`) must find the parent's templates;
and a warm build must notice an edit to a parent theme's template.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from blogfolio.build import Builder, BuildOptions, build
from blogfolio.cache.store import MemoryStore
from blogfolio.errors import BuildError
from conftest import FIXED_NOW, MINIMAL_CONFIG, SiteFactory, post

PROJECT = "---\ntitle: Tool\ndate: 2025-03-01\nrole: Dev\n---\n\nBuilt it.\n"
RESUME = "basics:\n  name: Sam Student\n"
EVERY_KIND = (
    "index.html", "posts/2025/hello/index.html", "about/index.html", "projects/index.html",
    "projects/tool/index.html", "resume/index.html", "skills/index.html", "404.html",
    "tags/index.html", "archives/index.html", "reflections/index.html",
)  # fmt: skip


def site_files() -> dict[str, str | bytes]:
    return {
        "content/posts/hello.md": post("Hello", "2025-02-01", "Hi.", tags="[a]"),
        "content/posts/second.md": post("Second", "2025-03-01", "Yo.", kind="reflection"),
        "content/about.md": "---\ntitle: About\n---\n\nMe.\n",
        "content/projects/tool/index.md": PROJECT,
        "data/resume.yaml": RESUME,
    }


def pages(root: Path) -> dict[str, str]:
    result = build(root, BuildOptions(now=FIXED_NOW, cache=False))
    return {f.path: (f.data or b"").decode() for f in result.files if f.path.endswith(".html")}


def test_one_block_in_the_site_base_reaches_every_page_type(make_site: SiteFactory) -> None:
    files = site_files()
    files["templates/base.html"] = (
        '{% extends "theme:base.html" %}\n'
        '{% block head_extra %}<meta name="x-site" content="mine">{% endblock %}\n'
        '{% block scripts %}<script src="/mine.js" defer></script>{% endblock %}\n'
    )
    html = pages(make_site(files))
    for path in EVERY_KIND:
        assert '<meta name="x-site" content="mine">' in html[path], path
        tail = '<script src="/mine.js" defer></script></body></html>'
        assert html[path].replace("\n", "").endswith(tail), path
    post_page = html["posts/2025/hello/index.html"]
    assert "Comments on “Hello” (Atom)" in post_page  # the post's own head links stay


def test_the_older_head_block_name_still_works(make_site: SiteFactory) -> None:
    files = site_files()
    files["templates/base.html"] = (
        '{% extends "theme:base.html" %}{% block head %}<meta name="old" content="1">{% endblock %}'
    )
    html = pages(make_site(files))
    for path in EVERY_KIND:
        assert '<meta name="old" content="1">' in html[path], path


def test_a_site_can_replace_the_footer_everywhere(make_site: SiteFactory) -> None:
    files = site_files()
    files["templates/base.html"] = (
        '{% extends "theme:base.html" %}'
        '{% block footer %}<footer class="mine">Made by hand</footer>{% endblock %}'
    )
    html = pages(make_site(files))
    for path in EVERY_KIND:
        assert '<footer class="mine">Made by hand</footer>' in html[path], path
        assert "site-footer" not in html[path], path


def child_theme(files: dict[str, str | bytes], manifest: str) -> None:
    files["themes/mine/theme.toml"] = manifest
    files["themes/mine/templates/base.html"] = (
        '{% extends "default:base.html" %}'
        '{% block head_extra %}<meta name="theme" content="mine">{% endblock %}'
    )
    files["themes/mine/templates/partials/footer.html"] = '<footer class="child">Child</footer>\n'


@pytest.mark.parametrize(
    ("manifest", "config"),
    [
        ('name = "mine"\nparent = "default"\n', MINIMAL_CONFIG + 'theme = "mine"\n'),
        ('name = "mine"\n', MINIMAL_CONFIG + '\n[theme]\nname = "mine"\nparent = "default"\n'),
    ],
    ids=["theme.toml", "blogfolio.toml"],
)
def test_a_child_theme_overrides_a_block_and_a_partial(
    make_site: SiteFactory, manifest: str, config: str
) -> None:
    files = site_files()
    child_theme(files, manifest)
    html = pages(make_site(files, config))
    for path in EVERY_KIND:
        assert '<meta name="theme" content="mine">' in html[path], path
        assert '<footer class="child">Child</footer>' in html[path], path
        assert 'class="site-header"' in html[path], path  # the rest comes from the parent


def test_a_theme_without_a_parent_names_its_missing_template(make_site: SiteFactory) -> None:
    files = site_files()
    files["themes/mine/theme.toml"] = 'name = "mine"\n'
    files["themes/mine/templates/base.html"] = "<html>{% block main %}{% endblock %}</html>"
    root = make_site(files, MINIMAL_CONFIG + 'theme = "mine"\n')
    with pytest.raises(BuildError) as info:
        build(root, BuildOptions(now=FIXED_NOW, cache=False))
    assert any("post.html" in d.message for d in info.value.diagnostics)


def test_a_parent_that_loops_back_is_an_error_with_its_line(make_site: SiteFactory) -> None:
    config = MINIMAL_CONFIG + '\n[theme]\nname = "default"\nparent = "default"\n'
    with pytest.raises(BuildError) as info:
        build(make_site(site_files(), config), BuildOptions(now=FIXED_NOW, cache=False))
    (problem,) = info.value.diagnostics
    assert "its own ancestor" in problem.message


def three_levels(make_site: SiteFactory) -> Path:
    """site → themes/child → themes/middle → default."""
    files = site_files()
    files["themes/middle/theme.toml"] = 'parent = "default"\n'
    files["themes/middle/templates/partials/footer.html"] = "<footer>middle one</footer>\n"
    files["themes/child/theme.toml"] = 'parent = "middle"\n'
    files["themes/child/templates/base.html"] = (
        '{% extends "middle:base.html" %}{% block head_extra %}<meta name="c">{% endblock %}'
    )
    return make_site(files, MINIMAL_CONFIG + 'theme = "child"\n')


@pytest.mark.parametrize("store", ["disk", "memory"])
def test_editing_a_parent_theme_template_rebuilds_warm(make_site: SiteFactory, store: str) -> None:
    """The edit reaches every page on the next (cached) build, byte for byte a clean build."""
    root = three_levels(make_site)
    builder = Builder(root, BuildOptions(now=FIXED_NOW), MemoryStore())

    def warm() -> dict[str, bytes]:
        options = BuildOptions(now=FIXED_NOW)
        result = builder.build() if store == "memory" else build(root, options)
        return {f.path: f.data or b"" for f in result.files}

    def clean() -> dict[str, bytes]:
        result = build(root, BuildOptions(now=FIXED_NOW, cache=False))
        return {f.path: f.data or b"" for f in result.files}

    first = warm()
    assert b"<footer>middle one</footer>" in first["posts/2025/hello/index.html"]
    footer = root / "themes/middle/templates/partials/footer.html"
    footer.write_text("<footer>middle two</footer>\n")
    second = warm()
    for path in EVERY_KIND:
        assert b"<footer>middle two</footer>" in second[path], path
    assert second == clean()
