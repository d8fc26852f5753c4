"""axe-core finds no accessibility violations in the default theme, light or dark."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from browsing import axe_violations
from conftest import REPO, run_cli
from tools import AXE_JS, require

PAGES = [
    "",
    "page/2/",
    "posts/2025/readmission-risk-team-project/",
    "posts/2025/networking-before-the-interview/",
    "posts/2024/first-week-of-junior-year/",
    "tags/",
    "tags/networking/",
    "categories/",
    "archives/",
    "about/",
    "networking/",
    "reflections/",
    "skills/",
    "projects/",
    "projects/readmission-risk-model/",
    "resume/",
    "404.html",
]

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violations(browser: Any, example_url: str, path: str, scheme: str) -> None:
    require(AXE_JS.is_file(), "axe-core not found: npm install --ignore-scripts")
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    response = page.goto(example_url + path)
    assert response is not None
    assert response.status == 200, path
    violations = axe_violations(page)
    context.close()
    assert violations == []
    assert errors == []


def test_site_works_from_disk(browser: Any, tmp_path: Path) -> None:
    """Opened as file://, the stylesheet loads and a click on a post reaches its page."""
    out = tmp_path / "site"
    assert run_cli("build", "--source", str(REPO), "--out", str(out), "--quiet").exit_code == 0
    page = browser.new_page()
    page.goto((out / "index.html").as_uri())
    color = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "serif" in color or "sans" in color or "system" in color
    page.click("main a[href*='posts/']")
    page.wait_for_load_state()
    assert page.url.endswith("/index.html")
    assert page.locator("h1").count() == 1
    page.close()
