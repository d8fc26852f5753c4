"""From an assembled site to every output file: routes, static files, feeds and the rest.

Stage: pipeline. Plans the routes (URL collisions are errors), renders the HTML
of those whose inputs changed (pages_html.py) and adds the files that are not
templates. Asset state joins every page key: with fingerprints on, a changed
stylesheet changes the `?v=` of every page that links it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from blogfolio.cache.keys import bytes_digest, digest
from blogfolio.config import SiteConfig
from blogfolio.content.markdown import highlight_css
from blogfolio.errors import BlogfolioError, Diagnostic
from blogfolio.model import RenderedFile, Site
from blogfolio.output import collect_static
from blogfolio.pipeline.context import Stages
from blogfolio.pipeline.generated import drop_shadowed, generated_files, static_files
from blogfolio.pipeline.outcome import Outcome
from blogfolio.pipeline.pages_html import render_pages
from blogfolio.pipeline.templates import template_digests, templates_state
from blogfolio.render.collisions import Claim, alias_claims, file_claims, known_collisions
from blogfolio.render.colours import DEFAULT_ACCENT, make_accent
from blogfolio.render.env import make_env, template_dirs
from blogfolio.render.favicon import DRAWN, initials_favicon, own_favicon
from blogfolio.render.profile import profile_view
from blogfolio.render.redirects import redirect_files
from blogfolio.render.routes import Redirect, Route, plan_claims, plan_redirects, years_of
from blogfolio.render.themes import theme_chain
from blogfolio.render.views import ViewFactory


@dataclass(frozen=True, slots=True)
class Output:
    """Every output file, sorted by path, and how many routes were rendered."""

    files: tuple[RenderedFile, ...]
    rendered: int


def render_site(
    stages: Stages,
    site: Site,
    fingerprint: bool,
    progress: Callable[[str, int, int], Any] | None = None,
    preview: bool = False,
) -> Outcome[Output]:
    """Every file the site consists of (`preview`: the author's notes in templates, for serve)."""
    config = stages.config
    try:
        chain = theme_chain(config)
    except BlogfolioError as exc:
        return Outcome(Output((), 0), tuple(exc.diagnostics))
    static = collect_static([*(t / "static" for t in reversed(chain)), config.root / "static"])
    copied = static_files(stages, static, site, chain)
    styles = (config.markdown.light_style, config.markdown.dark_style)
    css = stages.recall.keep("highlight css", (), lambda: highlight_css(*styles).encode(), styles)
    assets = {f.path: f.data for f in copied if f.path in static and f.data is not None}
    assets["css/highlight.css"] = css
    views = ViewFactory(site, config, stages.recall)
    drawn = _drawn_favicon(static, site, config)
    favicon = own_favicon(static) or DRAWN
    if drawn is not None:
        assets[DRAWN] = drawn.data or b""
    search = template_dirs(config, chain)
    state = _asset_state(assets, fingerprint)
    sources = templates_state(stages, search)
    # One environment while the templates and assets stay as they are: a new one loads
    # every template a page uses again, a sixth of a one-page rebuild.
    env = stages.recall.keep(
        "environment",
        (stages.compiled,),
        lambda: make_env(config, chain, static, assets, fingerprint, stages.compiled, preview),
        (sources, state, tuple(chain), tuple(static)),
    )
    routes, claims, collisions = plan_claims(site, config, views)
    redirects, taken = _redirects(site, routes)
    site_view = views.site(site, years_of(site, views), favicon)
    views.keep_cards()
    prints = template_digests(stages, env, {r.template for r in routes}, sources, search, state)
    pages = render_pages(stages, routes, env, site_view, prints, search, progress)
    generated = generated_files(stages, site, routes, css)
    generated += [drawn] if drawn is not None else []
    planned = claims + alias_claims(redirects)
    made = _file_claims(stages, [*copied, *generated])
    clashes = known_collisions(stages.recall, "file collisions", planned, made)
    files = [*copied, *pages.value.files, *generated, *redirect_files(redirects, config)]
    errors = (*collisions, *taken, *clashes, *pages.errors)
    kept = drop_shadowed(files, stages.recall)
    return Outcome(Output(tuple(kept), pages.value.rendered), errors)


def _drawn_favicon(
    static: Mapping[str, Any], site: Site, config: SiteConfig
) -> RenderedFile | None:
    """An icon of the author's initials, unless the site or theme brings its own."""
    if own_favicon(static) is not None:
        return None
    accent = make_accent(config.theme.accent or DEFAULT_ACCENT)
    name = profile_view(config, site).initials
    return RenderedFile(DRAWN, initials_favicon(name, accent.fill, accent.on_fill))


def _file_claims(stages: Stages, files: list[RenderedFile]) -> list[Claim]:
    """`file_claims`, made once for the same file object (the same bytes, path and source)."""
    return stages.recall.each("file claim", files, lambda f: file_claims(f, stages.config.root))


def _redirects(site: Site, routes: list[Route]) -> tuple[list[Redirect], list[Diagnostic]]:
    """Redirect pages for `aliases:`; none to plan or check when no page has that key."""
    if not any("aliases" in page.extra for page in (*site.posts, *site.pages)):
        return [], []
    return plan_redirects(site, routes)


def _asset_state(assets: Mapping[str, bytes], fingerprint: bool) -> bytes:
    """What `asset()` in templates depends on: the names, and with fingerprints the bytes."""
    if not fingerprint:
        return digest("names", *sorted(assets))
    return digest("bytes", *(p for k in sorted(assets) for p in (k, bytes_digest(assets[k]))))
