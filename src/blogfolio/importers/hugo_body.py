"""Hugo shortcodes in a post body: kept where blogfolio renders them, Markdown where as good.

Stage: importers. blogfolio reads Hugo's shortcode syntax itself, so
`{{< youtube >}}`, `{{< vimeo >}}`, `{{< gallery >}}`, `{{< video >}}`,
`{{< audio >}}` and a captioned `{{< figure >}}` stay as written. Three become
plain Markdown because nothing is lost that way: `ref`/`relref` become links
to the imported file (which the build checks), `highlight` becomes fenced
code, and a `figure` with only a source and alt text becomes an image. Any
other shortcode is kept as written and noted with its line: the site can
give it a template, or the student can edit it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from blogfolio.importers.prose import CODE_SPAN, Note, line_at, map_prose
from blogfolio.importers.wp_names import printable

KEPT = frozenset({"figure", "gallery", "youtube", "vimeo", "video", "audio", "ref", "relref"})
"""Shortcodes blogfolio renders itself (with Hugo's syntax)."""
_ARG = re.compile(r"""(?:([\w-]+)\s*=\s*)?("(?:[^"\\]|\\.)*"|`[^`]*`|[^\s"`]+)""")
_INNER = r"(?P<{n}>(?:\"(?:[^\"\\\n]|\\.)*\"|`[^`]*`|[^\"`])*?)"
_SHORTCODE = re.compile(
    CODE_SPAN
    + r"|(?P<hl>\{\{([<%])\s*highlight\b(?P<hl_args>[^>%]*?)\s*[>%]\}\}[ \t]*\n?"
    + r"(?P<hl_code>.*?)\n?[ \t]*\{\{[<%]\s*/\s*highlight\s*[>%]\}\})"
    + r"|(?P<sc>\{\{(?P<delim>[<%])\s*(?P<close>/)?\s*(?P<name>[\w./-]+)"
    + _INNER.format(n="args")
    + r"\s*/?\s*(?:>|%)\}\})",
    re.S,
)


def convert_shortcodes(
    body: str, resolve_ref: Callable[[str], str | None]
) -> tuple[str, list[Note]]:
    """The body with Markdown for ref, highlight and plain figures; notes (1-based lines)."""
    notes: list[Note] = []

    def convert(piece: str, first_line: int) -> str:
        def replace(match: re.Match[str]) -> str:
            if match.group("ticks"):
                return match.group(0)
            line = line_at(piece, match.start(), first_line) + 1
            if match.group("hl"):
                return _fence(match.group("hl_args"), match.group("hl_code"), line, notes)
            return _shortcode(match, resolve_ref, line, notes)

        return _SHORTCODE.sub(replace, piece)

    return map_prose(body, convert), notes


def parse_args(raw: str) -> tuple[list[str], dict[str, str]]:
    """Positional and named arguments of a shortcode, quotes removed."""
    positional: list[str] = []
    named: dict[str, str] = {}
    for name, value in _ARG.findall(raw):
        if value[:1] in ('"', "`"):
            value = value[1:-1].replace('\\"', '"') if value[:1] == '"' else value[1:-1]
        if name:
            named[name.lower()] = value
        else:
            positional.append(value)
    return positional, named


def _shortcode(
    match: re.Match[str], resolve_ref: Callable[[str], str | None], line: int, notes: list[Note]
) -> str:
    name = match.group("name")
    if match.group("close"):
        return match.group(0)
    positional, named = parse_args(match.group("args"))
    if name in ("ref", "relref"):
        target = named.get("path") or (positional[0] if positional else "")
        resolved = resolve_ref(target)
        if resolved is not None:
            return resolved
        notes.append(Note(line, f"{{{{< {name} {printable(target)!r} >}}}}: no such page here"))
        return match.group(0)
    if name == "figure" and set(named) <= {"src", "alt"} and named.get("src"):
        alt = named.get("alt", "").replace("[", "\\[").replace("]", "\\]")
        return f"![{alt}]({_destination(named['src'])})"
    if name not in KEPT:
        notes.append(
            Note(line, f"shortcode {{{{< {printable(name)} >}}}} has no equivalent here; kept as "
                 f"written (add templates/shortcodes/{printable(name)}.html, or edit it)")
        )  # fmt: skip
    return match.group(0)


def _fence(args: str, code: str, line: int, notes: list[Note]) -> str:
    positional, _named = parse_args(args)
    first = positional[0] if positional else ""
    language = first if re.fullmatch(r"[\w+#.-]{1,40}", first) else ""
    if len(positional) > 1:
        shown = printable(" ".join(positional[1:]), 60)
        notes.append(Note(line, f"highlight options {shown!r} not kept (code kept as it was)"))
    longest = max((len(run) for run in re.findall(r"`{3,}", code)), default=2)
    fence = "`" * (longest + 1)
    return f"\n{fence}{language}\n{code.rstrip()}\n{fence}\n"


def _destination(url: str) -> str:
    return f"<{url}>" if re.search(r"[\s()<>]", url) and "<" not in url and ">" not in url else url
