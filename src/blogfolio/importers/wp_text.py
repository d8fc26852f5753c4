"""The plain text of a bit of WordPress HTML: titles, excerpts and teasers.

Stage: importers. WordPress lets titles and excerpts hold HTML
(`E=mc<sup>2</sup>`); blogfolio shows them as text, so the tags go and the
entities are decoded (the templates escape the text again). Script and style
bodies are code, not words, and are dropped with their tags.
"""

from __future__ import annotations

from html.parser import HTMLParser

from blogfolio.importers.wp_names import one_line

_CODE = frozenset({"script", "style", "template", "noscript", "svg", "math"})


def plain_text(html: str) -> str:
    """One line of text: tags removed, entities decoded, whitespace collapsed."""
    extractor = _Text()
    extractor.feed(html)
    extractor.close()
    return one_line("".join(extractor.parts))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.inside_code = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _CODE:
            self.inside_code += 1
        elif tag in ("br", "p", "li", "div"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _CODE:
            self.inside_code = max(0, self.inside_code - 1)

    def handle_data(self, data: str) -> None:
        if not self.inside_code:
            self.parts.append(data)
