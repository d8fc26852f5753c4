"""A site's own shortcodes: Jinja templates in `templates/shortcodes/NAME.html`.

Stage: render (the only layer that imports jinja2). Bodies are rendered in the
content stage, which calls these templates through `SiteShortcodes`. A template
sees `name`, `args` (positional arguments), `params` (named ones), `get(key_or_index,
default)`, `inner` (text between paired tags, escaped when printed), `inner_html`
(that text rendered as Markdown) and `page_url`. The site's templates override the
theme's; arguments are escaped on output like every other value.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from blogfolio.content.shortcodes.expand import TemplateCall
from blogfolio.errors import SourceSpan, TemplateError


class ShortcodeTemplates:
    """The shortcode templates found for one build, by name: (shown path, source text)."""

    def __init__(self, sources: Mapping[str, tuple[str, str]]) -> None:
        self.sources = dict(sources)
        self._env: SandboxedEnvironment | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"sources": self.sources}  # worker processes compile their own

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.sources = state["sources"]
        self._env = None

    def has(self, name: str) -> bool:
        """Whether the site or its theme has a template of that name."""
        return name in self.sources

    def render(self, call: TemplateCall) -> str:
        """The template's output for one call."""
        shown, _text = self.sources[call.name]
        args = list(call.args)
        params = dict(call.params)

        def get(key: int | str, default: str = "") -> str:
            if isinstance(key, int):
                return args[key] if 0 <= key < len(args) else default
            return params.get(key, default)

        try:
            template = self._environment().get_template(call.name)
            return template.render(
                name=call.name, args=args, params=params, get=get, inner=call.inner,
                inner_html=Markup(call.inner_html) if call.inner_html is not None else None,
                page_url=call.page_url,
            )  # fmt: skip
        except jinja2.TemplateSyntaxError as exc:
            raise _error(exc.message or str(exc), shown, exc.lineno, call.span) from None
        except jinja2.TemplateError as exc:
            raise _error(str(exc), shown, _template_line(exc, shown), call.span) from None

    def _environment(self) -> SandboxedEnvironment:
        if self._env is None:
            loader = jinja2.FunctionLoader(self._source)
            self._env = SandboxedEnvironment(
                loader=loader, autoescape=True, undefined=jinja2.StrictUndefined
            )
        return self._env

    def _source(self, name: str) -> tuple[str, str, Any] | None:
        found = self.sources.get(name)
        return (found[1], found[0], lambda: True) if found is not None else None


def _template_line(exc: BaseException, shown: str) -> int | None:
    """The template line of the last traceback frame in that template."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == shown:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _error(message: str, shown: str, line: int | None, page: SourceSpan) -> TemplateError:
    return TemplateError(
        f"shortcode template: {message}",
        SourceSpan(Path(shown), line),
        hint="fix the template; its variables are name, args, params, get(), inner, inner_html",
        context=page,
    )
