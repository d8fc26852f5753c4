"""Jekyll's Liquid in a post body, turned into Markdown or left out with a note.

Stage: importers. Jekyll runs Liquid before Markdown, so its tags sit in the
prose: `{% highlight %}` blocks become fenced code, `{{ site.baseurl }}`
prefixes go (links become site paths, which the build makes relative),
`{% post_url %}` and `{% link %}` become links to the imported file (the build
then checks them), `{% raw %}` is unwrapped with its content left literal, and
every other tag or output is removed and noted with its line. Code is never
touched: fenced blocks and code spans keep every character.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape

from blogfolio.importers.prose import CODE_SPAN, Note, line_at, map_prose
from blogfolio.importers.wp_names import printable

_T = r"\{%-?\s*"
_E = r"\s*-?%\}"
_LIQUID = re.compile(
    CODE_SPAN
    + rf"|(?P<raw>{_T}raw{_E}(?P<raw_inner>.*?){_T}endraw{_E})"
    + rf"|(?P<comment>{_T}comment{_E}.*?{_T}endcomment{_E})"
    + rf"|(?P<hl>{_T}highlight\s+(?P<hl_args>[^%]*?){_E}[ \t]*\n?(?P<hl_inner>.*?)\n?[ \t]*"
    + rf"{_T}endhighlight{_E})"
    + rf"|(?P<tag>{_T}(?P<tag_name>\w+)(?P<tag_args>.*?){_E})"
    + r"|(?P<out>\{\{-?\s*(?P<out_expr>.*?)\s*-?\}\})",
    re.S,
)
_PATH_FILTER = re.compile(
    r"""(['"])(?P<path>[^'"]*)\1\s*\|\s*(?:relative_url|absolute_url|prepend:\s*site\.(?:base)?url)"""
    r"""(?:\s*\|\s*prepend:\s*site\.(?:base)?url)*"""
)
_PREFIXES = frozenset({"site.url", "site.baseurl", "site.url | append: site.baseurl"})
_TEXT_VALUES = ("title", "description", "author", "email", "url", "baseurl")
_PLAYERS = frozenset({"youtube", "vimeo"})


@dataclass(frozen=True, slots=True)
class LiquidContext:
    """What the conversion of one post needs to know about the rest of the import."""

    site: Mapping[str, str]
    """Text settings of the old site (`title`, `url`, `baseurl`, …)."""
    page_title: str
    """Title of the post being converted, for `{{ page.title }}`."""
    resolve_post: Callable[[str], str | None]
    """`{% post_url NAME %}` → link target, or None when no such post was imported."""
    resolve_link: Callable[[str], str | None]
    """`{% link PATH %}` → link target, or None."""
    html: bool = False
    """The post is HTML: highlighted code becomes `<pre><code>`, not a Markdown fence."""


def convert_liquid(body: str, context: LiquidContext) -> tuple[str, list[Note]]:
    """The body with Liquid converted; notes (1-based body lines) for what was left out."""
    notes: list[Note] = []

    def convert(piece: str, first_line: int) -> str:
        def replace(match: re.Match[str]) -> str:
            line = line_at(piece, match.start(), first_line) + 1
            following = piece[match.end() : match.end() + 1]
            return _replace(match, context, following, line, notes)

        return _LIQUID.sub(replace, piece)

    return map_prose(body, convert), notes


def _replace(
    match: re.Match[str], context: LiquidContext, following: str, line: int, notes: list[Note]
) -> str:
    if match.group("ticks"):
        return match.group(0)
    if match.group("raw"):
        return match.group("raw_inner")
    if match.group("comment"):
        notes.append(Note(line, "a {% comment %} block was left out"))
        return ""
    if match.group("hl"):
        return _fence(match.group("hl_args"), match.group("hl_inner"), line, notes, context.html)
    if match.group("tag"):
        return _tag(match.group("tag_name"), match.group("tag_args").strip(), context, line, notes)
    expr = " ".join(match.group("out_expr").split()).replace("append:site", "append: site")
    return _output(expr, context, following, line, notes)


def _fence(args: str, code: str, line: int, notes: list[Note], html: bool) -> str:
    words = args.split()
    language = words[0] if words and re.fullmatch(r"[\w+#.-]{1,40}", words[0]) else ""
    if any(w.startswith("linenos") for w in words[1:]):
        notes.append(Note(line, "{% highlight … linenos %}: code kept, line numbers are not shown"))
    if html:
        css = f' class="language-{language}"' if language else ""
        return f"<pre><code{css}>{escape(code.rstrip())}</code></pre>"
    longest = max((len(run) for run in re.findall(r"`{3,}", code)), default=2)
    fence = "`" * (longest + 1)
    return f"\n{fence}{language}\n{code.rstrip()}\n{fence}\n"


def _tag(name: str, args: str, context: LiquidContext, line: int, notes: list[Note]) -> str:
    target_name = args.split()[0].strip("'\"") if args.split() else ""
    if name == "post_url":
        target = context.resolve_post(target_name)
        if target is None:
            what = f"{{% post_url {printable(args)} %}}"
            notes.append(Note(line, f"{what}: no such post; fix the link"))
            return "#"
        return target
    if name == "link":
        target = context.resolve_link(target_name)
        if target is None:
            notes.append(Note(line, f"{{% link {printable(args)} %}}: no such file; fix the link"))
            return "#"
        return target
    if name in _PLAYERS and re.fullmatch(r"[\w-]{6,20}", target_name):
        return f"{{{{< {name} {target_name} >}}}}"
    what = f"{{% {name} {args} %}}" if args else f"{{% {name} %}}"
    notes.append(Note(line, f"Liquid {printable(what, 80)} left out (no equivalent here)"))
    return ""


def _output(expr: str, context: LiquidContext, following: str, line: int, notes: list[Note]) -> str:
    if expr in _PREFIXES:
        if following in ("/", "{", ""):
            return ""  # a prefix of a site path: the build adds the site's own base
        return context.site.get("url", "") + context.site.get("baseurl", "")
    path = _PATH_FILTER.fullmatch(expr)
    if path is not None:
        value = path.group("path")
        return value if value.startswith("/") else "/" + value
    if expr == "page.title":
        return context.page_title
    key = expr.removeprefix("site.")
    if expr.startswith("site.") and key in _TEXT_VALUES and context.site.get(key):
        return context.site[key]
    what = f"{{{{ {printable(expr, 80)} }}}}"
    notes.append(Note(line, f"Liquid {what} left out (no equivalent here)"))
    return ""
