"""WordPress's `<!--more-->` and `<!--nextpage-->` markers, before the HTML is converted.

Stage: importers. WordPress shows the text before `<!--more-->` as the post's
teaser on its lists; blogfolio takes a list's summary from front matter, so the
importer makes that text the `summary:` (see importers/wordpress.py).
`<!--nextpage-->` split a post into pages reached by "Page 2" links; here the
pages are joined into one, with a horizontal rule where a page ended. Neither
marker, nor `<!--noteaser-->`, is left in the Markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MORE = re.compile(r"<!--more(?:\s[^>]*?)?-->", re.I)
_NEXTPAGE = re.compile(r"\s*<!--nextpage-->\s*", re.I)
_NOTEASER = re.compile(r"<!--noteaser-->", re.I)
PAGE_BREAK = "\n\n<hr>\n\n"
"""What stands where a post's page ended."""


@dataclass(frozen=True, slots=True)
class Marked:
    """The post's HTML without markers, and its teaser when it had `<!--more-->`."""

    html: str
    teaser: str | None
    """The HTML before the first `<!--more-->`, or None."""


def read_markers(html: str) -> Marked:
    """Remove the markers, keeping the teaser and joining the pages."""
    html = _NOTEASER.sub("", _NEXTPAGE.sub(PAGE_BREAK, html))
    match = _MORE.search(html)
    if match is None:
        return Marked(html, None)
    # On the post's own page WordPress shows the text straight on, marker or not.
    return Marked(_MORE.sub("", html), html[: match.start()])
