"""Render routes through Jinja2 into output files, mapping template errors to file:line.

Stage: render. A failing page is reported with the template's line *and* the
content file being rendered, and the other pages still render.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2

from blogfolio.content.workers import run_in_workers
from blogfolio.errors import Diagnostic, SourceSpan, TemplateError
from blogfolio.render.deps import template_closure
from blogfolio.render.env import TemplateEncodingError
from blogfolio.render.reads import RecordingEnvironment
from blogfolio.render.routes import Route
from blogfolio.render.views import SiteView

PARALLEL_FROM = 200
"""Below this many pages, forking workers costs more than it saves."""
CHUNK = 50
_fork_state: tuple[Any, ...] | None = None
"""What forked workers inherit: the routes and everything needed to render them."""


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """One route's HTML and the view fields its templates read (see reads.py)."""

    url: str
    data: bytes
    reads: frozenset[tuple[str, str]]


def render_routes(
    routes: Sequence[Route],
    env: RecordingEnvironment,
    site_view: SiteView,
    base_path: str,
    root: Path,
    search: Sequence[Path],
    workers: int,
    keep: Callable[[RenderedPage], None],
) -> list[Diagnostic]:
    """Render every route, in forked workers when there are many, handing each page to
    `keep` as soon as it is made (so a large site's HTML is never all in memory at
    once); return the diagnostics.

    Workers are forked after the routes exist, so they inherit them (and the
    compiled templates) instead of receiving pickles; only HTML bytes travel back.
    """
    global _fork_state
    if workers <= 1 or len(routes) < PARALLEL_FROM or not hasattr(os, "fork"):
        return _render_serial(routes, env, site_view, base_path, root, search, keep)
    _compile_here(env, {r.template for r in routes})
    _fork_state = (routes, env, site_view, base_path, root, search)
    spans = [(i, min(i + CHUNK, len(routes))) for i in range(0, len(routes), CHUNK)]
    problems: list[Diagnostic] = []
    seen: set[tuple[str, str]] = set()
    try:
        for part_files, part_problems in run_in_workers(_render_span, spans, workers):
            for page in part_files:
                keep(page)
            for diag in part_problems:
                key = (str(diag.span), diag.message)
                if key not in seen:
                    seen.add(key)
                    problems.append(diag)
    finally:
        _fork_state = None
    return problems


def _compile_here(env: RecordingEnvironment, names: Iterable[str]) -> None:
    """Compile the templates before forking: the workers inherit them instead of each
    compiling its own, and the compiled code reaches the store, which only this process
    writes (so `serve`'s first rebuild and the next `build` load it, not compile it)."""
    reached: set[str] = set()
    for name in names:
        reached |= template_closure(env, name)[0]
    for name in sorted(reached):
        try:
            env.get_template(name)
        except Exception:  # the worker rendering it reports the error, with its line
            continue


def _render_span(span: tuple[int, int]) -> tuple[list[RenderedPage], list[Diagnostic]]:
    """In a worker: one span's pages, which travel back to the parent together."""
    assert _fork_state is not None
    routes, env, site_view, base_path, root, search = _fork_state
    pages: list[RenderedPage] = []
    some = routes[span[0] : span[1]]
    return pages, _render_serial(some, env, site_view, base_path, root, search, pages.append)


def _render_serial(
    routes: Iterable[Route],
    env: RecordingEnvironment,
    site_view: SiteView,
    base_path: str,
    root: Path,
    search: Sequence[Path],
    keep: Callable[[RenderedPage], None],
) -> list[Diagnostic]:
    """Render routes one after another; one diagnostic per failing template and page."""
    problems: list[Diagnostic] = []
    failed_templates: set[tuple[str, str]] = set()
    cache: dict[str, jinja2.Template] = {}
    for route in routes:
        env.start(route.context.get("page"))
        try:
            template = cache.get(route.template)
            if template is None:
                template = cache[route.template] = env.get_template(route.template)
            html = template.render(
                site=site_view, _base_path=base_path, _root_links=route.root_links,
                **route.context,
            )  # fmt: skip
        except Exception as exc:
            error = template_error(exc, route, root, search)
            key = (str(error.span), error.message)
            if key not in failed_templates:
                failed_templates.add(key)
                problems.append(error.to_diagnostic())
            continue
        keep(RenderedPage(route.url, html.encode("utf-8"), env.take_reads()))
    return problems


def template_error(
    exc: BaseException, route: Route, root: Path, search: Sequence[Path]
) -> TemplateError:
    """Turn any exception from Jinja into an error naming the template line and the page."""
    context = SourceSpan(route.source) if route.source else None
    if isinstance(exc, jinja2.TemplateNotFound):
        where = ", ".join(str(_show(p, root)) for p in search)
        span = _template_span(exc.__traceback__, root, search)
        if span is None and route.source is not None:
            span = SourceSpan(route.source, route.source_line or 1)
        return TemplateError(
            f"template '{exc.name}' not found (needed for {route.url})",
            span,
            hint=f"create it in templates/, or fix the name; looked in: {where}",
            context=context,
        )
    if isinstance(exc, TemplateEncodingError):
        span = SourceSpan(_show(Path(str(exc.filename)), root), exc.lineno)
        return TemplateError(
            f"template is {exc.message}",
            span,
            hint="re-save the file as UTF-8 in your editor",
            context=context,
        )
    if isinstance(exc, jinja2.TemplateSyntaxError):
        span = SourceSpan(_show(Path(exc.filename), root), exc.lineno) if exc.filename else None
        return TemplateError(
            f"template syntax error: {exc.message}",
            span,
            hint="check the {% %} and {{ }} tags near this line",
            context=context,
        )
    message = str(exc) or type(exc).__name__
    if isinstance(exc, jinja2.UndefinedError):
        hint = "the theme uses a variable this page does not have; see render/views.py"
    else:
        hint = "the template raised while rendering; check the expression on this line"
    return TemplateError(
        f"template error: {message}",
        _template_span(exc.__traceback__, root, search),
        hint=hint,
        context=context,
    )


def _template_span(
    tb: TracebackType | None, root: Path, search: Sequence[Path]
) -> SourceSpan | None:
    folders = [str(p.resolve()) for p in search]
    found: SourceSpan | None = None
    for frame, line in traceback.walk_tb(tb):
        filename = frame.f_code.co_filename
        if not filename.endswith(".html"):
            continue
        resolved = str(Path(filename).resolve())
        if any(resolved.startswith(f) for f in folders):
            found = SourceSpan(_show(Path(filename), root), line)
    return found


def _show(path: Path, root: Path) -> Path:
    try:
        return path.resolve().relative_to(root.resolve())
    except ValueError:
        return path
