"""The default theme stays light: the example site's stylesheets and scripts, measured."""

from __future__ import annotations

from blogfolio.build import BuildOptions, build
from conftest import FIXED_NOW, REPO

BUDGET = 30_000
"""Bytes of CSS and JavaScript the theme may ship, before any search interface."""


def test_css_and_js_of_the_built_example_fit_the_budget() -> None:
    result = build(REPO, BuildOptions(now=FIXED_NOW, cache=False))
    assets = {
        f.path: len(f.data if f.data is not None else f.source.read_bytes() if f.source else b"")
        for f in result.files
        if f.path.endswith((".css", ".js"))
        and not f.path.startswith("pagefind/")
        and f.path != "js/search.js"  # the search page's own loader, not sent elsewhere
    }
    assert {"css/style.css", "css/highlight.css", "js/site.js", "js/theme.js"} <= set(assets)
    total = sum(assets.values())
    style = (REPO / "themes/default/static/css/style.css").read_bytes()
    assert assets["css/style.css"] < len(style)  # published without comments and spacing
    assert total < BUDGET, f"{total} bytes of CSS and JS: {sorted(assets.items())}"
