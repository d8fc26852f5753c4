"""kramdown's extensions to Markdown, which CommonMark would print as text.

Stage: importers. Jekyll's default Markdown is kramdown: `{: .class}`
attribute lists, `{::options /}` and `{::comment}` extensions, a `{:toc}`
marker, and `*[HTML]: Hyper Text Markup Language` abbreviation definitions.
Attribute lists and extensions are removed (each noted with its line);
abbreviations become `<abbr title>` on each use in the prose, the definitions
themselves removed. Code is left alone.
"""

from __future__ import annotations

import re
from html import escape

from blogfolio.importers.prose import CODE_SPAN, Note, line_at, map_prose
from blogfolio.importers.wp_names import one_line, printable

_ABBR_DEF = re.compile(r"^ {0,3}\*\[([^\]\n]{1,60})\]:[ \t]*(.*)$", re.M)
_TOC = re.compile(r"^[ \t]*(?:[*+-]|1\.)[ \t]+.*\n[ \t]*\{:[ \t]*toc[ \t]*\}[ \t]*$", re.M)
_KRAMDOWN = re.compile(
    CODE_SPAN
    + r"|(?P<comment>\{::comment\}.*?\{:/(?:comment)?\})"
    + r"|(?P<nomd>\{::nomarkdown\}(?P<inner>.*?)\{:/(?:nomarkdown)?\})"
    + r"|(?P<ext>\{::\w+[^}\n]*/\})"
    + r"|(?P<ial>[ \t]*\{:(?!:)[^}\n]*\}[ \t]*)",
    re.S,
)
_SKIP_IN_PROSE = CODE_SPAN + r"|\]\([^)\n]*\)|<[^>\n]*>|https?://\S+"


def convert_kramdown(body: str) -> tuple[str, list[Note]]:
    """The body without kramdown's extensions; notes (1-based body lines) for each removed."""
    notes: list[Note] = []
    abbreviations: dict[str, str] = {}

    def convert(piece: str, first_line: int) -> str:
        def toc(match: re.Match[str]) -> str:
            line = line_at(piece, match.start(), first_line) + 1
            notes.append(Note(line, "kramdown table-of-contents marker {:toc} removed"))
            return ""

        def definition(match: re.Match[str]) -> str:
            abbreviations[match.group(1).strip()] = one_line(match.group(2))
            return ""

        def extension(match: re.Match[str]) -> str:
            if match.group("ticks"):
                return match.group(0)
            line = line_at(piece, match.start(), first_line) + 1
            if match.group("nomd"):
                return match.group("inner")
            what = "{::comment}" if match.group("comment") else match.group(0).strip()
            notes.append(Note(line, f"kramdown {printable(what, 60)} removed"))
            return ""

        piece = _TOC.sub(toc, piece)
        piece = _ABBR_DEF.sub(definition, piece)
        return _KRAMDOWN.sub(extension, piece)

    body = map_prose(body, convert)
    if abbreviations:
        body = map_prose(body, lambda piece, _line: _mark_abbreviations(piece, abbreviations))
    return body, notes


def _mark_abbreviations(piece: str, abbreviations: dict[str, str]) -> str:
    words = "|".join(re.escape(w) for w in sorted(abbreviations, key=len, reverse=True))
    pattern = re.compile(rf"{_SKIP_IN_PROSE}|(?<![\w])(?P<word>{words})(?![\w])", re.S)

    def mark(match: re.Match[str]) -> str:
        word = match.group("word")
        if word is None:
            return match.group(0)
        title = abbreviations[word]
        if not title:
            return word
        return f'<abbr title="{escape(title)}">{escape(word)}</abbr>'

    return pattern.sub(mark, piece)
