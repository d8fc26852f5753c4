"""Find Hugo-style shortcodes in a Markdown body and stand a placeholder in for each.

Stage: content (parse). `{{< name arg key="v" >}}`, paired `{{< name >}}…{{< /name >}}`
and the `{{% … %}}` form (whose inner text is Markdown) are cut out of the body before
Markdown sees it, so a shortcode may sit anywhere (a link's target, raw HTML). Each
becomes a run of letters and digits that Markdown leaves alone; the renderer later puts
the shortcode's output there, or the original text back where it landed in code.
`{{</* name */>}}` is Hugo's way to write a shortcode that is shown, not run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN = re.compile(r"\{\{([<%])")
_NAME = re.compile(r"[A-Za-z][\w-]*")
_BARE = re.compile(r"[^\s\"'`=]+")


@dataclass(frozen=True, slots=True)
class Call:
    """One shortcode as written in the body."""

    name: str
    """The shortcode's name ("figure")."""
    args: tuple[str, ...]
    """Positional arguments, in order."""
    params: tuple[tuple[str, str], ...]
    """Named arguments, in order written."""
    inner: str | None
    """Text between a paired shortcode's tags; None for a single tag."""
    markdown: bool
    """Written with `{{% … %}}`: the inner text is Markdown."""
    line: int
    """1-based file line of the opening tag."""
    text: str
    """Everything the call covers, exactly as written."""
    shown: str | None = None
    """For `{{</* … */>}}`: the literal shortcode to print instead of running one."""

    def param(self, key: str, default: str = "") -> str:
        """A named argument's value, or `default`."""
        return next((v for k, v in self.params if k == key), default)


@dataclass(frozen=True, slots=True)
class Masked:
    """A body with every shortcode replaced by a placeholder."""

    text: str
    calls: tuple[Call, ...]
    marker: str
    """Prefix of every placeholder: `<marker><index>Z`, absent from the original body."""

    def placeholder(self, index: int) -> str:
        """The placeholder of call `index`, without the newlines that keep line numbers."""
        return f"{self.marker}{index}Z"


@dataclass(frozen=True, slots=True)
class _Tag:
    name: str
    args: tuple[str, ...]
    params: tuple[tuple[str, str], ...]
    closing: bool
    self_closing: bool
    end: int


def mask_shortcodes(body: str, first_line: int) -> Masked:
    """Replace each shortcode in `body` by a placeholder; newlines it spanned stay."""
    marker = _free_marker(body)
    calls: list[Call] = []
    out: list[str] = []
    pos = 0
    for match in _OPEN.finditer(body):
        start = match.start()
        if start < pos:
            continue
        found = _read_call(body, start, match.group(1), first_line)
        if found is None:
            continue
        call, end = found
        out.append(body[pos:start])
        out.append(f"{marker}{len(calls)}Z" + "\n" * call.text.count("\n"))
        calls.append(call)
        pos = end
    if not calls:
        return Masked(body, (), marker)
    out.append(body[pos:])
    return Masked("".join(out), tuple(calls), marker)


def _free_marker(body: str) -> str:
    marker = "BFSC"
    while marker in body:
        marker += "Q"
    return marker


def _read_call(body: str, start: int, delim: str, first_line: int) -> tuple[Call, int] | None:
    line = first_line + body.count("\n", 0, start)
    close = ">}}" if delim == "<" else "%}}"
    if body.startswith("/*", start + 3):
        end = body.find("*/" + close, start + 5)
        if end < 0:
            return None
        shown = "{{" + delim + body[start + 5 : end] + close
        text = body[start : end + 5]
        return Call("", (), (), None, False, line, text, shown), end + 5
    tag = _read_tag(body, start + 3, close)
    if tag is None or tag.closing:
        return None
    inner: str | None = None
    end = tag.end
    if not tag.self_closing:
        paired = _find_closing(body, tag)
        if paired is not None:
            inner, end = body[tag.end : paired[0]], paired[1]
    call = Call(tag.name, tag.args, tag.params, inner, delim == "%", line, body[start:end])
    return call, end


def _read_tag(body: str, pos: int, close: str) -> _Tag | None:
    """The tag whose text starts at `pos` (just after `{{<`), or None if it is not one."""
    pos = _skip_space(body, pos)
    closing = body.startswith("/", pos)
    if closing:
        pos = _skip_space(body, pos + 1)
    name = _NAME.match(body, pos)
    if name is None:
        return None
    pos = name.end()
    args: list[str] = []
    params: list[tuple[str, str]] = []
    while True:
        pos = _skip_space(body, pos)
        if body.startswith(close, pos):
            return _Tag(name.group(), tuple(args), tuple(params), closing, False, pos + 3)
        if body.startswith("/" + close, pos):
            return _Tag(name.group(), tuple(args), tuple(params), closing, True, pos + 4)
        value = _read_value(body, pos)
        if value is None:
            return None
        word, pos = value
        if body.startswith("=", pos) and _NAME.fullmatch(word):
            value = _read_value(body, pos + 1)
            if value is None:
                return None
            params.append((word, value[0]))
            pos = value[1]
        else:
            args.append(word)


def _read_value(body: str, pos: int) -> tuple[str, int] | None:
    """A quoted ("…", '…', `raw`) or bare argument starting at `pos`, and where it ends."""
    if pos >= len(body):
        return None
    quote = body[pos]
    if quote in "\"'":
        chars: list[str] = []
        i = pos + 1
        while i < len(body) and body[i] != quote:
            if body[i] == "\\" and i + 1 < len(body) and body[i + 1] in (quote, "\\"):
                i += 1
            chars.append(body[i])
            i += 1
        return ("".join(chars), i + 1) if i < len(body) else None
    if quote == "`":
        end = body.find("`", pos + 1)
        return (body[pos + 1 : end], end + 1) if end >= 0 else None
    bare = _BARE.match(body, pos)
    if bare is None:
        return None
    word = bare.group()
    for close in ("/>}}", "/%}}", ">}}", "%}}"):
        cut = word.find(close)
        if cut >= 0:
            word = word[:cut]
    return (word, pos + len(word)) if word else None


def _skip_space(body: str, pos: int) -> int:
    while pos < len(body) and body[pos] in " \t\r\n":
        pos += 1
    return pos


def _find_closing(body: str, tag: _Tag) -> tuple[int, int] | None:
    """Start and end of the tag closing `tag`, counting nested ones of the same name."""
    depth = 0
    for match in _OPEN.finditer(body, tag.end):
        close = ">}}" if match.group(1) == "<" else "%}}"
        if body.startswith("/*", match.end()):
            continue
        inner = _read_tag(body, match.end(), close)
        if inner is None or inner.name != tag.name or inner.self_closing:
            continue
        if not inner.closing:
            depth += 1
        elif depth:
            depth -= 1
        else:
            return match.start(), inner.end
    return None
