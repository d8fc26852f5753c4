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

PROSE_START = re.compile(r"[A-Z][a-z]*[ ,]")
"""A paragraph starts like a sentence (not `#`, `|`, `-`, `>`, a digit, a fence or `[^`)."""
WORD = re.compile(r"[a-z]{4,}")
"""A whole space-separated token that is a plain word: not in a link, code or emphasis."""


def split_front_matter(text: str) -> tuple[str, str]:
    """(front matter including both `---` lines, body) of a generated post."""
    end = text.index("\n---\n", 4) + len("\n---\n")
    return text[:end], text[end:]


def _plain_word(line: str) -> int | None:
    """Index of the first token of `line` that is a plain word, if any."""
    for i, token in enumerate(line.split(" ")):
        if WORD.fullmatch(token):
            return i
    return None


def _replace_word(line: str, number: int) -> str:
    """`line` with its first plain word swapped for another single word."""
    tokens = line.split(" ")
    i = _plain_word(line)
    if i is None:
        raise ValueError(f"no plain word to edit in {line!r}")
    tokens[i] = f"revised{number}"
    return " ".join(tokens)


def _prose_lines(body: str) -> list[int]:
    """Indexes of the first lines of prose paragraphs (outside fenced code) with a plain word."""
    lines = body.split("\n")
    fenced = False
    found: list[int] = []
    for i, line in enumerate(lines):
        if line.startswith("```"):
            fenced = not fenced
            continue
        starts = i == 0 or not lines[i - 1].strip()
        if not fenced and starts and PROSE_START.match(line) and _plain_word(line) is not None:
            found.append(i)
    return found


def edit_body(text: str, number: int) -> str:
    """Change one word of the first paragraph that starts past two thirds of the body."""
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
    start = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    if start == len(lines) or not PROSE_START.match(lines[start]):
        raise ValueError("the body does not open with a paragraph")
    for i in range(start, len(lines)):
        if not lines[i].strip():
            break
        if _plain_word(lines[i]) is not None:
            lines[i] = _replace_word(lines[i], number)
            return head + "\n".join(lines)
    raise ValueError("no plain word to edit in the first paragraph")


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
    """The flat post nearest the middle of the file-name order that all three edits fit.

    File names follow titles, not dates, so the post falls somewhere in the middle
    of the lists rather than on the first home page; without `summary:` its first
    paragraph is its summary.
    """
    posts = sorted((site / "content" / "posts").glob("*.md"))
    middle = len(posts) // 2
    order = sorted(range(len(posts)), key=lambda i: abs(i - middle))
    for path in (posts[i] for i in order):
        text = path.read_text(encoding="utf-8")
        try:
            for edit in (edit_body, edit_title, edit_summary):
                edit(text, 0)
        except ValueError:
            continue
        return path
    raise ValueError(f"no post in {site} fits the edits")
