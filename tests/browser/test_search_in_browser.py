"""Search in a real browser: a query typed, a result clicked, the post reached.

The example site is built once and served under its base path (/folio/), as it would be
hosted; Pagefind's index is searched by Pagefind's own code in Chromium.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from browsing import axe_violations, serve_folder
from conftest import REPO, run_cli
from tools import AXE_JS, require

pytestmark = pytest.mark.browser

POST = "posts/2025/qa-with-a-clinical-data-analyst/"
WORD = "pharmacist"
"""A word written in that post's body only."""
DRAFT_WORD = "polishing"
"""A word written only in a draft, which a production build leaves out."""
WIDTHS = [375, 1366]


class Watched:
    """A page whose console errors and uncaught exceptions are collected."""

    def __init__(self, browser: Any, width: int, scheme: str = "light") -> None:
        self.context = browser.new_context(
            viewport={"width": width, "height": 900}, color_scheme=scheme
        )
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", self._console)

    def _console(self, message: Any) -> None:
        # Chromium asks the server root for /favicon.ico by itself; the theme's favicon is
        # another part of the work, and a miss there says nothing about search.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            self.errors.append(message.text)

    def close(self) -> None:
        self.context.close()


Watch = Callable[..., Watched]
"""`watch(width, scheme="light")`: a new watched page."""


@pytest.fixture
def watch(browser: Any) -> Iterator[Watch]:
    """Makes watched pages, and closes them when the test ends, passed or failed."""
    made: list[Watched] = []

    def make(width: int, scheme: str = "light") -> Watched:
        made.append(Watched(browser, width, scheme))
        return made[-1]

    yield make
    for watched in made:
        watched.close()


def results(page: Any) -> Any:
    """Pagefind's result links, once the first has appeared."""
    links = page.locator(".pagefind-ui__result-link")
    links.first.wait_for(timeout=10_000)
    return links


def no_sideways_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_typed_in_the_header_box_a_query_finds_the_post_and_a_click_opens_it(
    watch: Watch, example_url: str
) -> None:
    watched = watch(1366)
    page = watched.page
    page.goto(example_url)
    box = page.get_by_role("searchbox", name="Search this site")
    box.click()
    box.press_sequentially(WORD)
    box.press("Enter")
    page.wait_for_url(f"**/folio/search/?q={WORD}")
    links = results(page)
    assert page.locator(".pagefind-ui__message").inner_text() == f"1 result for {WORD}"
    title = links.first.inner_text()
    assert title.startswith("Q&A with a Clinical Data Analyst")
    links.first.click()
    page.wait_for_url(example_url + POST)
    assert page.locator("h1").inner_text() == title
    assert watched.errors == []


def test_typed_on_the_search_page_at_phone_width(watch: Watch, example_url: str) -> None:
    watched = watch(375)
    page = watched.page
    page.goto(example_url + "search/")
    field = page.locator(".pagefind-ui__search-input")
    field.click()
    field.press_sequentially(WORD)
    links = results(page)
    assert links.first.inner_text().startswith("Q&A with a Clinical Data Analyst")
    assert no_sideways_scroll(page)
    links.first.click()
    page.wait_for_url(example_url + POST)
    assert watched.errors == []


def test_a_word_only_in_a_draft_finds_nothing(watch: Watch, example_url: str) -> None:
    watched = watch(1366)
    page = watched.page
    page.goto(example_url + "search/")
    field = page.locator(".pagefind-ui__search-input")
    field.press_sequentially(DRAFT_WORD)
    page.wait_for_function(
        "(document.querySelector('.pagefind-ui__message') || {textContent: ''})"
        ".textContent.includes('No results')"
    )
    assert page.locator(".pagefind-ui__result-link").count() == 0
    assert watched.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", [f"search/?q={WORD}", "404.html"])
def test_search_page_and_404_have_no_axe_violations(
    watch: Watch, example_url: str, path: str, width: int, scheme: str
) -> None:
    require(AXE_JS.is_file(), "axe-core not found: npm install --ignore-scripts")
    watched = watch(width, scheme)
    page = watched.page
    response = page.goto(example_url + path)
    assert response is not None and response.status == 200
    if path.startswith("search/"):
        results(page)
    assert no_sideways_scroll(page)
    assert axe_violations(page) == []
    assert watched.errors == []


def test_the_404_form_leads_to_results(watch: Watch, example_url: str) -> None:
    watched = watch(375)
    page = watched.page
    page.goto(example_url + "404.html")
    field = page.get_by_label("Search this site for what you were looking for")
    field.press_sequentially(WORD)
    field.press("Enter")
    page.wait_for_url(f"**/folio/search/?q={WORD}")
    assert results(page).count() >= 1
    assert watched.errors == []


def test_search_loads_nothing_on_other_pages(watch: Watch, example_url: str) -> None:
    """Pagefind's scripts and styles are fetched on the search page only."""
    watched = watch(1366)
    page = watched.page
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(example_url + POST)
    page.wait_for_load_state("networkidle")
    assert not [u for u in fetched if "pagefind" in u or "search.js" in u]


def test_without_an_index_the_search_page_says_why(browser: Any, tmp_path: Path) -> None:
    """As in the live preview, which makes no index: the page explains instead of failing."""
    out = tmp_path / "folio"
    assert run_cli("build", "--source", str(REPO), "--out", str(out), "--quiet").exit_code == 0
    shutil.rmtree(out / "pagefind")
    server, url = serve_folder(tmp_path)
    page = browser.new_page()
    page.goto(url + "folio/search/?q=nurses")
    notice = page.locator("#search-unavailable")
    notice.wait_for(state="visible")
    assert "blogfolio build" in notice.inner_text()
    page.close()
    server.shutdown()
