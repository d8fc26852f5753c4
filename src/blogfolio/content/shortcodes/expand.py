"""Run the shortcodes of one body and put their output where their placeholders landed.

Stage: content. A placeholder that Markdown put in code (a code span, a fenced or
indented block) gets its original text back and is never run; one inside an HTML
comment disappears with the comment. A site's own shortcodes (its templates) win
over the built-ins of the same name; an unknown name is a warning and stays as text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from markdown_it import MarkdownIt
from markdown_it.token import Token

from blogfolio.content.shortcodes.builtin import BUILTINS, attr
from blogfolio.content.shortcodes.syntax import Call, Masked, mask_shortcodes
from blogfolio.errors import ContentError, Diagnostic, Severity, SourceSpan

_CODE = frozenset({"fence", "code_block", "code_inline"})
MAX_DEPTH = 8
"""Shortcodes inside shortcodes inside …: deeper than this is surely a loop."""


@dataclass(frozen=True, slots=True)
class TemplateCall:
    """What a site's shortcode template is given (see `templates/shortcodes/NAME.html`)."""

    name: str
    args: tuple[str, ...]
    params: Mapping[str, str]
    inner: str | None
    """Text between the tags, as written (escaped when printed); None for a single tag."""
    inner_html: str | None
    """The inner text rendered as Markdown (with its shortcodes run)."""
    page_url: str
    """Site path of the page the shortcode is on."""
    span: SourceSpan
    """The file and line of the shortcode."""


class SiteShortcodes(Protocol):
    """A site's and its theme's shortcode templates."""

    def has(self, name: str) -> bool:
        """Whether a template of that name exists."""
        ...

    def render(self, call: TemplateCall) -> str:
        """The template's output; a BlogfolioError naming the template line on failure."""
        ...


@dataclass(slots=True)
class Here:
    """The body being rendered, and what its shortcodes may need."""

    md: MarkdownIt
    span_path: Any
    page_url: str
    resolve_ref: Callable[[str, int], str]
    """A `ref` target at a line → URL relative to the page (or ContentError)."""
    fix_links: Callable[[Sequence[Token], int], None]
    """Resolve the links and images of a fragment's tokens, as the body's own are."""
    site: SiteShortcodes | None = None
    warnings: list[Diagnostic] = field(default_factory=list)
    depth: int = 0


def restore_code(tokens: Sequence[Token], masked: Masked) -> None:
    """Put back the original text of the shortcodes Markdown placed in code."""
    if not masked.calls:
        return
    pattern = re.compile(re.escape(masked.marker) + r"(\d+)Z")

    def original(match: re.Match[str]) -> str:
        call = masked.calls[int(match.group(1))]
        return call.shown if call.shown is not None else call.text

    def restored(text: str) -> str:
        for i, call in enumerate(masked.calls):  # the newlines a call spanned go with it
            if "\n" in call.text:
                text = text.replace(masked.placeholder(i) + "\n" * call.text.count("\n"),
                                    masked.placeholder(i))  # fmt: skip
        return pattern.sub(original, text)

    for token in tokens:
        if token.type in _CODE and masked.marker in token.content:
            token.content = restored(token.content)
        for child in token.children or ():
            if child.type in _CODE and masked.marker in child.content:
                child.content = restored(child.content)


def expand(html_text: str, masked: Masked, here: Here) -> str:
    """Replace each placeholder in rendered HTML by its shortcode's output."""
    if not masked.calls:
        return html_text
    pattern = re.compile(r"(<p>)?" + re.escape(masked.marker) + r"(\d+)Z(</p>\n?)?")
    done: dict[int, str] = {}

    def output(match: re.Match[str]) -> str:
        index = int(match.group(1 + 1))
        if index not in done:
            done[index] = run_call(masked.calls[index], here)
        out = done[index]
        if match.group(1) and match.group(3) and out.startswith("<"):
            return out if out.endswith("\n") else out + "\n"  # a block alone in its paragraph
        return (match.group(1) or "") + out.rstrip("\n") + (match.group(3) or "")

    return pattern.sub(output, html_text)


def plain(text: str, masked: Masked) -> str:
    """Text for summaries and the table of contents: placeholders become nothing."""
    if not masked.calls:
        return text
    return re.sub(re.escape(masked.marker) + r"\d+Z", "", text)


def run_call(call: Call, here: Here) -> str:
    """One shortcode's HTML."""
    span = SourceSpan(here.span_path, call.line)
    if call.shown is not None:
        return html.escape(call.shown, quote=False)
    if here.site is not None and here.site.has(call.name):
        inner_html = render_fragment(call.inner, call.line, here) if call.inner else None
        params = dict(call.params)
        found = TemplateCall(call.name, call.args, params, call.inner, inner_html,
                             here.page_url, span)  # fmt: skip
        return here.site.render(found)
    builtin = BUILTINS.get(call.name)
    if builtin is not None:
        return builtin(call, span, here.page_url)
    if call.name in ("ref", "relref"):
        target = call.param("path") or (call.args[0] if call.args else "")
        if not target:
            hint = 'write it as [text]({{< ref "posts/my-post.md" >}})'
            message = f"shortcode '{call.name}' needs the page to link to"
            raise ContentError(message, span, hint=hint)
        return attr(here.resolve_ref(target, call.line))
    if call.name == "highlight":
        return _highlight(call, here)
    if call.name == "gallery":
        return _gallery(call, here)
    here.warnings.append(
        Diagnostic(
            f"unknown shortcode '{call.name}' is shown as text",
            span,
            hint=f"add templates/shortcodes/{call.name}.html, or remove it",
            severity=Severity.WARNING,
        )
    )
    return html.escape(call.text, quote=False)


def render_fragment(text: str, first_line: int, here: Here) -> str:
    """Markdown inside a shortcode, rendered like the body (its shortcodes run too)."""
    if here.depth >= MAX_DEPTH:
        raise ContentError(
            f"shortcodes are nested more than {MAX_DEPTH} deep",
            SourceSpan(here.span_path, first_line),
            hint="a shortcode template probably calls itself",
        )
    masked = mask_shortcodes(text, first_line)
    env: dict[str, Any] = {}
    tokens = here.md.parse(masked.text, env)
    restore_code(tokens, masked)
    line = first_line
    for token in tokens:
        if token.map is not None:
            line = first_line + token.map[0]
        if token.type == "inline" and token.children:
            here.fix_links(token.children, line)
    rendered = here.md.renderer.render(tokens, here.md.options, env)
    here.depth += 1
    try:
        return expand(str(rendered), masked, here)
    finally:
        here.depth -= 1


def _highlight(call: Call, here: Here) -> str:
    """`{{< highlight LANG >}}code{{< /highlight >}}`: the block a ``` fence would give."""
    code = (call.inner or "").removeprefix("\r").removeprefix("\n")
    code = code.rstrip(" \t").removesuffix("\n") + "\n"
    token = Token("fence", "code", 0, content=code, info=(call.args[0] if call.args else ""))
    token.markup = "```"
    return str(here.md.renderer.render([token], here.md.options, {}))


_FIGURE = re.compile(r"(<figure\b.*?</figure>)", re.S)
_IMAGE = re.compile(r"(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?")


def _gallery(call: Call, here: Here) -> str:
    """`{{< gallery >}}` around Markdown images (or figures): a grid of figures."""
    inner = render_fragment(call.inner or "", call.line, here)
    inner = re.sub(r"</?p>", "", inner)
    parts = _FIGURE.split(inner)
    for i in range(0, len(parts), 2):  # outside the figures the inner text made itself
        parts[i] = _IMAGE.sub(lambda m: f'<figure class="gallery-item">{m.group()}</figure>',
                              parts[i]).strip()  # fmt: skip
    classes = " ".join(["gallery", *call.param("class").split()])
    items = "\n".join(p for p in parts if p.strip())
    return f'<div class="{attr(classes)}">\n{items}\n</div>\n'
