"""The floor: render a site's post bodies with markdown-it-py alone, in one process.

Usage: ``python benchmarks/floor.py DIR``  (DIR made by ``benchmarks/generate.py``)

A build can hardly be faster than turning its Markdown into HTML, so the ratio
between a full build and this script says how much the rest of blogfolio
(front matter, links, highlighting, templates, feeds, writing) costs on top.
The parser is configured as plainly as the issue asks: CommonMark plus tables
and strikethrough, no plugins, no highlighting. Prints one JSON line.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from markdown_it import MarkdownIt

DELIMITERS = ("---", "+++")


def strip_front_matter(text: str) -> str:
    """The body after a YAML (---) or TOML (+++) front-matter block, or all of `text`."""
    lines = text.split("\n")
    opener = lines[0].rstrip()
    if opener not in DELIMITERS:
        return text
    for i in range(1, len(lines)):
        if lines[i].rstrip() == opener:
            return "\n".join(lines[i + 1 :])
    return text


def post_sources(site: Path) -> list[Path]:
    """Every post under content/posts/ (flat files and bundles' index.md), sorted."""
    return sorted((site / "content" / "posts").rglob("*.md"))


def main(argv: list[str]) -> int:
    """Read, strip and render every post body; report the times as JSON on stdout."""
    if len(argv) != 1:
        print("usage: python benchmarks/floor.py DIR", file=sys.stderr)
        return 2
    started = time.perf_counter()
    sources = post_sources(Path(argv[0]))
    bodies = [strip_front_matter(p.read_text(encoding="utf-8")) for p in sources]
    read = time.perf_counter()
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    out_chars = sum(len(md.render(body)) for body in bodies)
    done = time.perf_counter()
    result = {
        "bodies": len(bodies),
        "in_bytes": sum(len(b) for b in bodies),
        "out_chars": out_chars,
        "read_s": read - started,
        "render_s": done - read,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
