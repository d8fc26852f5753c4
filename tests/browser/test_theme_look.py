"""The example site in Chromium at phone and desktop widths, light and dark.

Each page is loaded once per width and scheme in one shared context: axe-core finds no
violations, nothing scrolls sideways, the console stays quiet, and a screenshot goes to
tests/artifacts/ for a person to look at. Then the header's two buttons are driven by
keyboard and mouse, and the résumé is printed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from browsing import axe_violations
from conftest import REPO
from tools import AXE_JS, require

ARTIFACTS = REPO / "tests" / "artifacts"
PAGES = {
    "home": "",
    "post-with-comments": "posts/2025/networking-before-the-interview/",
    "reflection": "posts/2025/internship-midpoint-reflection/",
    "post-with-code-and-a-table": "posts/2024/my-first-real-sql-query/",
    "projects": "projects/",
    "project": "projects/readmission-risk-model/",
    "networking": "networking/",
    "skills": "skills/",
    "resume": "resume/",
    "not-found": "404.html",
}
BACKGROUNDS = {"light": "rgb(251, 251, 249)", "dark": "rgb(22, 24, 27)"}
VIEWS = [(375, "light"), (375, "dark"), (1366, "light"), (1366, "dark")]

pytestmark = pytest.mark.browser


def new_page(browser: Any, width: int, scheme: str, **options: Any) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(
        viewport={"width": width, "height": 800}, color_scheme=scheme, **options
    )
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on(
        "console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None
    )
    page.on(
        "response",
        lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    return context, page, problems


@pytest.mark.parametrize(("width", "scheme"), VIEWS, ids=[f"{w}-{s}" for w, s in VIEWS])
def test_pages_pass_axe_fit_the_width_and_log_nothing(
    browser: Any, example_url: str, width: int, scheme: str
) -> None:
    require(AXE_JS.is_file(), "axe-core not found: npm install --ignore-scripts")
    ARTIFACTS.mkdir(exist_ok=True)
    context, page, problems = new_page(browser, width, scheme)
    failures: list[str] = []
    for name, path in PAGES.items():
        problems.clear()
        response = page.goto(example_url + path)
        assert response is not None and response.status == 200, path
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == BACKGROUNDS[scheme], f"{path}: the page follows the system setting"
        wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if wide > 0:
            failures.append(f"{path}: {wide}px of sideways scroll at {width}px")
        failures += [f"{path}: {v}" for v in axe_violations(page)]
        failures += [f"{path}: {p}" for p in problems if not p.endswith("/missing-page/")]
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}-{scheme}.png"), full_page=True)
    context.close()
    assert failures == []


def test_404_answers_unknown_addresses(browser: Any, example_url: str) -> None:
    """The 404 page is what a static host serves for any address; here it is fetched as is."""
    context, page, _ = new_page(browser, 375, "light")
    page.goto(example_url + "404.html")
    assert page.locator("h1").inner_text() == "Page not found"
    context.close()


def test_desktop_header_is_one_row(browser: Any, example_url: str) -> None:
    context, page, _ = new_page(browser, 1366, "light")
    page.goto(example_url)
    tops = page.eval_on_selector_all(
        ".site-nav a, .site-title, .theme-toggle",
        "els => els.filter(e => e.getClientRects().length).map(e => e.getBoundingClientRect().top)",
    )
    assert max(tops) - min(tops) < 20, "menu items, title and switch share one row"
    assert page.locator(".menu-toggle").is_hidden()
    context.close()


def test_menu_button_works_by_keyboard(browser: Any, example_url: str) -> None:
    context, page, problems = new_page(browser, 375, "light")
    page.goto(example_url + "skills/")
    button = page.locator(".menu-toggle")
    nav = page.locator("#site-nav")
    assert button.is_visible() and nav.is_hidden()
    assert button.get_attribute("aria-controls") == "site-nav"
    for _ in range(10):  # skip link, site title, theme switch, then the menu button
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.hasAttribute('data-menu-toggle')"):
            break
    else:
        pytest.fail("the menu button is not reachable with Tab")
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true" and nav.is_visible()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('#site-nav') !== null")
    assert focused, "the next Tab goes into the opened menu"
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false" and nav.is_hidden()
    assert page.evaluate("document.activeElement.hasAttribute('data-menu-toggle')")
    page.keyboard.press("Space")
    assert button.get_attribute("aria-expanded") == "true"
    assert problems == []
    context.close()


def test_without_scripts_the_menu_shows_and_the_buttons_hide(
    browser: Any, example_url: str
) -> None:
    context, page, _ = new_page(browser, 375, "light", java_script_enabled=False)
    page.goto(example_url)
    assert page.locator("#site-nav").is_visible()
    assert page.locator(".menu-toggle").is_hidden()
    assert page.locator(".theme-toggle").is_hidden()
    context.close()


FIRST_STYLESHEET = """
window.__themeAtFirstStylesheet = "not seen";
new MutationObserver((records, observer) => {
  for (const record of records) for (const node of record.addedNodes) {
    if (node.nodeName === "LINK" && node.rel === "stylesheet") {
      window.__themeAtFirstStylesheet = document.documentElement.getAttribute("data-theme");
      observer.disconnect();
      return;
    }
  }
}).observe(document, {childList: true, subtree: true});
"""


def test_theme_switch_is_remembered_without_a_flash(browser: Any, example_url: str) -> None:
    """The choice is on <html> before the first stylesheet is even parsed, and the
    stylesheet blocks painting, so no frame shows the other scheme."""
    context, page, problems = new_page(browser, 1366, "light")
    page.add_init_script(FIRST_STYLESHEET)
    page.goto(example_url)
    toggle = page.locator(".theme-toggle")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert page.evaluate("document.documentElement.getAttribute('data-theme')") == "dark"
    assert toggle.get_attribute("aria-pressed") == "true"
    dark_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    for path in ("posts/2025/networking-before-the-interview/", "resume/"):
        page.goto(example_url + path)
        assert page.evaluate("window.__themeAtFirstStylesheet") == "dark", path
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == dark_bg
        assert page.locator(".theme-toggle").get_attribute("aria-pressed") == "true"
    order = page.evaluate(
        """() => [...document.head.children].map(e =>
            e.matches('script[src*="theme.js"]:not([defer]):not([async])') ? 'theme'
            : e.matches('link[rel=stylesheet]') ? 'css' : '').filter(Boolean)"""
    )
    assert order[0] == "theme" and "css" in order
    page.locator(".theme-toggle").click()
    page.reload()
    assert page.evaluate("window.__themeAtFirstStylesheet") == "light"
    assert problems == []
    context.close()


def count_pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_resume_prints_on_one_page_with_a_print_button(
    browser: Any, example_url: str, paper: str
) -> None:
    context, page, _ = new_page(browser, 1366, "dark")
    page.goto(example_url + "resume/")
    button = page.get_by_role("button", name="Print or save as PDF")
    assert button.is_visible()
    page.emulate_media(media="print")
    assert button.is_hidden() and page.locator(".site-header").is_hidden()
    ink = page.evaluate("getComputedStyle(document.body).color")
    assert ink == "rgb(0, 0, 0)", "paper is printed light even in the dark scheme"
    pdf = page.pdf(format=paper, print_background=True)
    (ARTIFACTS / f"resume-{paper}.pdf").write_bytes(pdf)
    assert count_pdf_pages(pdf) == 1
    context.close()


def test_dark_scheme_gives_drawings_a_light_backing(browser: Any, example_url: str) -> None:
    context, page, _ = new_page(browser, 1366, "dark")
    page.goto(example_url + "projects/")
    backing = page.eval_on_selector(
        ".project-card img[src$='.svg']", "img => getComputedStyle(img).backgroundColor"
    )
    assert backing not in ("rgba(0, 0, 0, 0)", "transparent")
    context.close()


def test_wide_tables_scroll_inside_their_box(browser: Any, example_url: str) -> None:
    context, page, _ = new_page(browser, 375, "light")
    page.set_content(
        "<link rel=stylesheet href='" + example_url + "css/style.css'><main class=prose>"
        "<div class=table-scroll><table><tr>"
        + "<td>wide&nbsp;cell&nbsp;text</td>" * 8
        + "</tr></table></div></main>"
    )
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    box = page.locator(".table-scroll")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    context.close()


def test_artifacts_are_ignored_by_git() -> None:
    assert "tests/artifacts/" in Path(REPO / ".gitignore").read_text().splitlines()
