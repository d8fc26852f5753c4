"""Measure the live preview as a student sees it: from saving a post to the new text painted.

Usage: ``python benchmarks/paint_latency.py [--edits 10] [--chromium PATH]``

It copies the repository's example site (``blogfolio.toml``, ``content/``, ``data/``,
``themes/``) into ``_work/paint-site/``, starts ``blogfolio serve --port 0`` on it,
and opens one post in headless Chromium through Playwright (the installed Chromium,
never a downloaded one). Each edit puts a new word at the start of the post's first
paragraph, which is in view at the top of the page, and saves the file; the
live-reload script reloads the page, and the time is taken from the save to the
first contentful paint of the reloaded page, both as wall-clock milliseconds on
the same machine: Python's clock just before the write, the browser's
``performance.timeOrigin`` plus the paint entry's ``startTime`` after it. The
moment the script sees the text in the page (one or two frames later) is
reported beside it as a check, and so is the server's share: the time to the
`"reload": true` event on a second event stream for the same page, opened by the
script as serve_latency.py does. Edits are two seconds apart; the medians and the
worst paint are printed.
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from serve_latency import open_events, read_event, start_server

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "_work"
SITE_PARTS = ("blogfolio.toml", "content", "data", "themes")
POST = "content/posts/why-health-informatics.md"
"""A published example post whose first paragraph is not its summary (it has `summary:`)."""
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]

FIRST_PAINT_JS = """() => new Promise((resolve) => {
  const done = (entry) => resolve(performance.timeOrigin + entry.startTime);
  const found = performance.getEntriesByName("first-contentful-paint")[0];
  if (found) return done(found);
  new PerformanceObserver((list) => {
    const entry = list.getEntriesByName("first-contentful-paint")[0];
    if (entry) done(entry);
  }).observe({ type: "paint", buffered: true });
  setTimeout(() => resolve(null), 5000);
})"""
"""Wall-clock ms of the current document's first contentful paint (null if none came)."""

NEXT_FRAME_JS = """() => new Promise((resolve) => requestAnimationFrame(
  () => requestAnimationFrame(() => resolve(performance.timeOrigin + performance.now()))))"""
"""Wall-clock ms after the next frame, used when the paint entry is missing."""


def copy_site(out: Path) -> Path:
    """A fresh copy of the example site, so edits never touch the repository's own files."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for part in SITE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, out / part)
        elif source.is_file():
            shutil.copy(source, out / part)
    return out


def post_path(text: str, file_name: str) -> str:
    """The post's URL path under the example's permalink `/posts/{year}/{slug}/`."""
    match = re.search(r"^date: (\d{4})", text, re.MULTILINE)
    if match is None:
        sys.exit(f"error: {POST} has no date line")
    return f"/posts/{match.group(1)}/{Path(file_name).stem}/"


def with_word(text: str, word: str) -> str:
    """The post with `word` put before the first word of its first body paragraph."""
    end = text.index("\n---\n", 4) + len("\n---\n")
    body = text[end:]
    start = len(body) - len(body.lstrip("\n"))
    return text[:end] + body[:start] + f"{word} " + body[start:]


def measure(
    page: Any, events: socket.socket, post: Path, original: str, edits: int
) -> list[tuple[float, float, float]]:
    """(save to reload event, save to first paint, save to text seen) in ms for each edit.

    `events` is a second event stream for the same page, read here, so that the
    server's share (save to reload event) shows beside the browser's.
    """
    results: list[tuple[float, float, float]] = []
    for i in range(edits):
        time.sleep(2.0)
        word = f"Paintcheck{i}x"
        saved_ms = time.time() * 1000
        post.write_text(with_word(original, word), encoding="utf-8")
        read_event(events)
        event_ms = time.time() * 1000
        page.get_by_text(word).first.wait_for(state="visible", timeout=30_000)
        seen_ms = time.time() * 1000
        painted = page.evaluate(FIRST_PAINT_JS)
        if painted is None:
            painted = page.evaluate(NEXT_FRAME_JS)
        row = (event_ms - saved_ms, painted - saved_ms, seen_ms - saved_ms)
        results.append(row)
        print(f"  edit {i + 1}/{edits}: reload event {row[0]:.0f} ms, painted {row[1]:.0f} ms, "
              f"seen {row[2]:.0f} ms", file=sys.stderr)  # fmt: skip
    return results


def main() -> int:
    """Serve the example, drive Chromium, print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--chromium", type=Path, default=Path("/usr/bin/chromium"))
    args = parser.parse_args()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sys.exit("error: playwright is not installed: pip install -e '.[dev]'")
    if not args.chromium.is_file():
        sys.exit(f"error: no Chromium at {args.chromium}: install it or pass --chromium PATH")
    site = copy_site(WORK / "paint-site")
    post = site / POST
    original = post.read_text(encoding="utf-8")
    process, port = start_server(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(args.chromium), headless=True, args=CHROMIUM_ARGS
            )
            page = browser.new_page()
            url_path = post_path(original, POST)
            page.goto(f"http://127.0.0.1:{port}{url_path}")
            page.wait_for_load_state("load")
            events = open_events(port, url_path)
            time.sleep(1.0)  # let the page's own event stream connect before the first save
            results = measure(page, events, post, original, args.edits)
            events.close()
            browser.close()
    finally:
        process.terminate()
        process.wait(30)
    event, painted, seen = ([r[k] for r in results] for k in range(3))
    print("| edits | save to reload event median ms | save to paint median ms | worst ms "
          "| save to text seen median ms |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|")
    print(f"| {len(results)} | {statistics.median(event):.0f} | {statistics.median(painted):.0f} "
          f"| {max(painted):.0f} | {statistics.median(seen):.0f} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
