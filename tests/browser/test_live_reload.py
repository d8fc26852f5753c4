"""`blogfolio serve` in a real browser: edits appear, CSS swaps in place, errors overlay."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO

pytestmark = pytest.mark.browser

POST = """\
---
title: Hello preview
date: 2025-01-10
---

Original opening line.

{filler}
"""


class Served:
    """A running `blogfolio serve` subprocess and its site folder."""

    def __init__(self, root: Path, process: subprocess.Popen[str], url: str) -> None:
        self.root, self.process, self.url = root, process, url

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.write_text(text, encoding="utf-8")
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 3_000_000_000))


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    root = tmp_path / "site"
    (root / "content/posts").mkdir(parents=True)
    (root / "static/css").mkdir(parents=True)
    (root / "blogfolio.toml").write_text('title = "Preview"\n')
    filler = "\n\n".join(f"Paragraph {i} " + "words " * 60 for i in range(40))
    (root / "content/posts/hello.md").write_text(POST.format(filler=filler))
    theme_css = (REPO / "themes/default/static/css/style.css").read_text()
    (root / "static/css/style.css").write_text(theme_css + "\nh1 { color: rgb(1, 2, 3); }\n")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "blogfolio", "serve", "--source", str(root), "--port", "0"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env,
    )  # fmt: skip
    assert process.stderr is not None
    url = ""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        match = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
        if match:
            url = match.group(1)
            break
    assert url, "serve did not start"
    yield Served(root, process, url)
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def open_post(browser: Any, served: Served) -> Any:
    page = browser.new_page()
    page.goto(served.url + "posts/2025/hello/")
    page.wait_for_timeout(300)  # let the event stream connect
    return page


def test_an_edit_appears_without_touching_the_browser(browser: Any, served: Served) -> None:
    page = open_post(browser, served)
    page.evaluate("window.scrollTo(0, 1500)")
    text = (served.root / "content/posts/hello.md").read_text()
    edited = text.replace("Original opening", "Freshly edited opening")
    served.write("content/posts/hello.md", edited)
    page.wait_for_selector("text=Freshly edited opening line", timeout=5000)
    page.wait_for_function("() => window.scrollY > 1000", timeout=5000)
    page.close()


def test_a_css_change_applies_without_a_page_load(browser: Any, served: Served) -> None:
    page = open_post(browser, served)
    page.evaluate("window.__still_here = true")
    colour = "getComputedStyle(document.querySelector('h1')).color"
    assert page.evaluate(colour) == "rgb(1, 2, 3)"
    css = (served.root / "static/css/style.css").read_text()
    served.write("static/css/style.css", css.replace("rgb(1, 2, 3)", "rgb(200, 0, 0)"))
    page.wait_for_function(f"() => {colour} === 'rgb(200, 0, 0)'", timeout=5000)
    assert page.evaluate("window.__still_here") is True
    page.close()


def test_a_broken_file_shows_an_overlay_until_it_is_fixed(browser: Any, served: Served) -> None:
    page = open_post(browser, served)
    good = (served.root / "content/posts/hello.md").read_text()
    served.write("content/posts/hello.md", good.replace("date: 2025-01-10", "date: 2025-13-45"))
    overlay = page.locator("#blogfolio-error-overlay")
    overlay.wait_for(timeout=5000)
    assert "content/posts/hello.md:3" in overlay.inner_text()
    assert "Original opening line" in page.content()  # the last good build stays visible
    served.write("content/posts/hello.md", good.replace("Original opening", "Repaired opening"))
    overlay.wait_for(state="detached", timeout=5000)
    page.wait_for_selector("text=Repaired opening line", timeout=5000)
    page.close()


def test_ctrl_c_stops_cleanly(served: Served) -> None:
    served.process.send_signal(signal.SIGINT)
    assert served.process.wait(10) == 0
    assert served.process.stderr is not None
    assert "Traceback" not in served.process.stderr.read()


def test_drafts_are_marked_in_preview(tmp_path: Path) -> None:
    root = tmp_path / "drafty"
    (root / "content/posts").mkdir(parents=True)
    (root / "blogfolio.toml").write_text('title = "Drafts"\n')
    (root / "content/posts/wip.md").write_text(
        textwrap.dedent("""\
        ---
        title: Work in progress
        date: 2025-01-10
        draft: true
        ---

        Not done.
        """)
    )
    from blogfolio.build import Builder, BuildOptions

    result = Builder(root, BuildOptions(drafts=True)).build()
    html = next(f for f in result.files if f.path == "posts/2025/wip/index.html").data or b""
    assert b"Draft" in html


def test_warnings_show_as_a_notice_that_can_be_dismissed(browser: Any, served: Served) -> None:
    page = open_post(browser, served)
    assert page.locator("#blogfolio-notice").count() == 0  # no warnings yet
    good = (served.root / "content/posts/hello.md").read_text()
    warned = good.replace("Original opening", "{{< nosuch >}} opening")
    served.write("content/posts/hello.md", warned)
    notice = page.locator("#blogfolio-notice")
    notice.wait_for(timeout=5000)
    assert "content/posts/hello.md:6: warning: unknown shortcode" in notice.inner_text()
    assert page.locator("#blogfolio-error-overlay").count() == 0  # a warning never blocks
    page.get_by_role("button", name="Dismiss the build warnings").press("Enter")
    notice.wait_for(state="detached", timeout=5000)
    page.reload()
    page.wait_for_timeout(500)
    assert page.locator("#blogfolio-notice").count() == 0  # dismissed stays dismissed
    page.close()
