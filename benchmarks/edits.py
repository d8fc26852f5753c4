"""The three kinds of one-post edit the benchmarks time, applied to a generated post's text.

Each function returns the post's new text and leaves the number of words alone, so
an edit changes exactly what it says and nothing a list shows by accident (reading
time, word counts):

* `edit_body`: a word in a sentence deep in the body (past two thirds of it), in
  prose, never in code, a table, a heading or a footnote; only the post's own page
  and what shows its full text should change;
* `edit_title`: the title in the front matter; every list that shows the post's card
  changes (home pages, tag and category pages, archives, the feed);
* `edit_summary`: a word in the first paragraph, which is the summary on every list
  when the front matter has no `summary:`.

`number` makes each edit of a series differ from the last, so repeated edits are
always real changes.
"""

from __future__ import annotations

import re
from pathlib import Path

PROSE_START = re.compile(r"[A-Z][a-z]")
"""A prose line starts like a sentence (not `#`, `|`, `-`, `>`, a digit, a fence or `[^`)."""
WORD = re.compile(r"\b[a-z]{4,}\b")
"""A plain lower-case word, long enough not to be markup or a joining word."""


def split_front_matter(text: str) -> tuple[str, str]:
    """(front matter including both `---` lines, body) of a generated post."""
    end = text.index("\n---\n", 4) + len("\n---\n")
    return text[:end], text[end:]


def _replace_word(line: str, number: int) -> str:
    """`line` with its first plain word swapped for another single word."""
    match = WORD.search(line)
    if match is None:
        raise ValueError(f"no plain word to edit in {line!r}")
    return line[: match.start()] + f"revised{number}" + line[match.end() :]


def _prose_lines(body: str) -> list[int]:
    """Indexes of body lines that are paragraph prose, outside fenced code."""
    lines = body.split("\n")
    fenced = False
    found: list[int] = []
    for i, line in enumerate(lines):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and PROSE_START.match(line) and WORD.search(line):
            found.append(i)
    return found


def edit_body(text: str, number: int) -> str:
    """Change one word of a prose line past two thirds of the body."""
    head, body = split_front_matter(text)
    lines = body.split("\n")
    candidates = [i for i in _prose_lines(body) if i >= len(lines) * 2 // 3]
    if not candidates:
        raise ValueError("no prose line deep enough in the body to edit")
    i = candidates[0]
    lines[i] = _replace_word(lines[i], number)
    return head + "\n".join(lines)


def edit_summary(text: str, number: int) -> str:
    """Change one word of the first paragraph (the post's summary on lists)."""
    head, body = split_front_matter(text)
    if "\nsummary:" in head:
        raise ValueError("this post has a summary in its front matter; pick another")
    lines = body.split("\n")
    first = _prose_lines(body)[0]
    lines[first] = _replace_word(lines[first], number)
    return head + "\n".join(lines)


def edit_title(text: str, number: int) -> str:
    """Change the title in the front matter (the slug comes from the file name)."""
    head, body = split_front_matter(text)
    new_head, count = re.subn(
        r'^title: "(.*?)(?: \(revision \d+\))?"$',
        lambda m: f'title: "{m.group(1)} (revision {number})"',
        head,
        count=1,
        flags=re.MULTILINE,
    )
    if count != 1:
        raise ValueError("no title line in the front matter")
    return new_head + body


def pick_post(site: Path) -> Path:
    """The flat post nearest the middle of the site with no `summary:` and a long body.

    The middle of the date order puts its cards on ordinary list pages (not only the
    first home page), and without `summary:` its first paragraph is its summary.
    """
    posts = sorted((site / "content" / "posts").glob("*.md"))
    middle = len(posts) // 2
    order = sorted(range(len(posts)), key=lambda i: abs(i - middle))
    for path in (posts[i] for i in order):
        text = path.read_text(encoding="utf-8")
        head, body = split_front_matter(text)
        lines = body.count("\n")
        deep = [i for i in _prose_lines(body) if i >= lines * 2 // 3]
        if "\nsummary:" not in head and deep:
            return path
    raise ValueError(f"no post in {site} fits the edits")
