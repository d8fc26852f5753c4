"""WordPress image alignment (`alignleft`, `alignright`, `aligncenter`) as figure classes.

Stage: importers. WordPress floats an image with a class on the `<img>`
(classic editor), on its `<figure>` (block editor) or with `[caption
align=…]`. Imported HTML keeps no classes, so each aligned image becomes a
`<figure class="align-left">` (or `align-right`, `align-center`), the one
class the sanitizer lets a figure keep; the theme's stylesheet floats them.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

FIGURE_CLASSES = frozenset({"align-left", "align-right", "align-center"})
"""The classes an imported `<figure>` may carry."""
_WORDPRESS = {"alignleft": "align-left", "alignright": "align-right", "aligncenter": "align-center"}
_ANY_ALIGN = re.compile(r"\balign(?:left|right|center)\b")


def align_class(classes: str) -> str:
    """The figure class for WordPress classes such as "alignright size-medium", else ""."""
    for name in classes.split():
        if name in _WORDPRESS:
            return _WORDPRESS[name]
    return ""


def mark_alignment(html: str) -> str:
    """Aligned images wrapped in (or their figures given) an `align-…` class; other HTML
    left as it was."""
    if not _ANY_ALIGN.search(html):
        return html
    soup = BeautifulSoup(html, "html.parser")
    for figure in soup.find_all("figure"):
        if isinstance(figure, Tag):
            wanted = align_class(_classes(figure)) or _inner_alignment(figure)
            if wanted:
                figure["class"] = wanted
    for img in soup.find_all("img"):
        if not isinstance(img, Tag) or img.find_parent("figure") is not None:
            continue
        wanted = align_class(_classes(img))
        if not wanted:
            continue
        target: Tag = img
        link = img.parent
        if isinstance(link, Tag) and link.name == "a" and link.get_text(strip=True) == "":
            target = link
        figure = soup.new_tag("figure", attrs={"class": wanted})
        target.wrap(figure)
    return str(soup)


def _classes(tag: Tag) -> str:
    value = tag.get("class")
    return " ".join(value) if isinstance(value, list) else str(value or "")


def _inner_alignment(figure: Tag) -> str:
    """Block-editor figures sometimes leave the class on the image inside."""
    img = figure.find("img")
    return align_class(_classes(img)) if isinstance(img, Tag) else ""
