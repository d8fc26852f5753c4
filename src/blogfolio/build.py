"""Run the pipeline: config → discover → parse → model → route → render → write.

Stage: build, the only orchestrator. Errors from every page are collected and
reported together; nothing is written unless the whole build succeeded.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from blogfolio.config import SiteConfig, load_config
from blogfolio.content.data import load_data
from blogfolio.content.discover import discover
from blogfolio.content.frontmatter import read_source, split_front_matter
from blogfolio.content.markdown import LinkTargets, highlight_css, make_markdown, render_body
from blogfolio.content.pages import PublishRules, validate_meta
from blogfolio.errors import BlogfolioError, BuildError, Diagnostic
from blogfolio.model import BuildResult, Excluded, Page, PageMeta, RenderedFile, Site, SourceFile
from blogfolio.output import WriteReport, check_output_dir, collect_static, write_site
from blogfolio.render.env import make_env, template_dirs, theme_chain
from blogfolio.render.feeds import feed_files, robots, sitemap
from blogfolio.render.render import render_routes
from blogfolio.render.routes import plan, years_of
from blogfolio.render.views import ViewFactory
from blogfolio.site import assemble_site
from blogfolio.urls import output_file

Progress = Callable[[str, int, int], None]
"""Called as progress(stage, done, total) so the CLI can draw a bar."""


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """Command-line choices that change what is built."""

    drafts: bool = False
    """Include drafts."""
    future: bool = False
    """Include posts dated in the future."""
    base_url: str | None = None
    """Override `base_url` from the config."""
    out_dir: Path | None = None
    """Override the output folder."""
    now: datetime | None = None
    """Pretend the build runs at this moment (tests, reproducible builds)."""
    overrides: dict[str, Any] = field(default_factory=dict)
    """Extra config values, as if written in blogfolio.toml."""


def build(
    root: Path, options: BuildOptions | None = None, progress: Progress | None = None
) -> BuildResult:
    """Build the site in memory; raise BuildError with every problem found."""
    options = options or BuildOptions()
    started = time.perf_counter()
    overrides = dict(options.overrides)
    if options.base_url:
        overrides["base_url"] = options.base_url
    config = load_config(root.resolve(), overrides)
    zone = ZoneInfo(config.timezone)
    now = (options.now or datetime.now(UTC)).astimezone(zone)
    rules = PublishRules(now, options.drafts, options.future)
    errors: list[Diagnostic] = []
    metas, excluded = _read_sources(discover(config), config, rules, errors)
    pages = _render_bodies(metas, excluded, config, errors, progress)
    data = _collect(lambda: load_data(config), errors, {})
    site = assemble_site(pages, excluded, config, data, _build_date(now))
    files = _render_site(site, config, errors, progress)
    if errors:
        raise BuildError(errors)
    stats = {"seconds": time.perf_counter() - started, "pages": float(len(pages))}
    return BuildResult(tuple(files), site, (), stats)


def output_dir(root: Path, options: BuildOptions) -> Path:
    """Where the build is written."""
    if options.out_dir is not None:
        return options.out_dir.resolve()
    config = load_config(root.resolve())
    return (config.root / config.output_dir).resolve()


def build_site(
    root: Path, options: BuildOptions | None = None, progress: Progress | None = None
) -> tuple[BuildResult, WriteReport, Path]:
    """Build, then write to the output folder only if the build succeeded."""
    options = options or BuildOptions()
    out_dir = output_dir(root, options)
    check_output_dir(out_dir, root)
    result = build(root, options, progress)
    report = write_site(result.files, out_dir)
    return result, report, out_dir


def _build_date(now: datetime) -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).astimezone(now.tzinfo)
    return now


def _collect(func: Callable[[], Any], errors: list[Diagnostic], fallback: Any) -> Any:
    try:
        return func()
    except BlogfolioError as exc:
        errors.append(exc.to_diagnostic())
        return fallback
    except BuildError as exc:
        errors.extend(exc.diagnostics)
        return fallback


def _read_sources(
    sources: Sequence[SourceFile], config: SiteConfig, rules: PublishRules, errors: list[Diagnostic]
) -> tuple[list[PageMeta], list[Excluded]]:
    metas: list[PageMeta] = []
    excluded: list[Excluded] = []
    for source in sources:
        span_path = source.path.relative_to(config.root)
        try:
            doc = split_front_matter(source, read_source(source, span_path), span_path)
            result = validate_meta(doc, config, rules)
        except BlogfolioError as exc:
            errors.append(exc.to_diagnostic())
            continue
        (excluded if isinstance(result, Excluded) else metas).append(result)  # type: ignore[arg-type]
    return metas, excluded


def _render_bodies(
    metas: Sequence[PageMeta],
    excluded: Sequence[Excluded],
    config: SiteConfig,
    errors: list[Diagnostic],
    progress: Progress | None,
) -> list[Page]:
    content = config.root / "content"
    targets = LinkTargets(
        {m.doc.source.rel: m.url for m in metas},
        {e.span_path.relative_to("content").as_posix(): e.reason for e in excluded
         if e.span_path.parts[:1] == ("content",)},
    )  # fmt: skip
    md = make_markdown(config.markdown)
    pages: list[Page] = []
    for i, meta in enumerate(metas):
        if progress is not None:
            progress("Rendering Markdown", i, len(metas))
        try:
            body = render_body(md, meta.doc, meta.url, targets)
        except BlogfolioError as exc:
            errors.append(exc.to_diagnostic())
            continue
        pages.append(_make_page(meta, body, content))
    return pages


def _make_page(meta: PageMeta, body: Any, content: Path) -> Page:
    source = meta.doc.source
    out_folder = output_file(meta.url).rsplit("/", 1)[0]
    prefix = f"{out_folder}/" if out_folder else ""
    bundle = source.path.parent
    assets = tuple((bundle / a, prefix + a) for a in source.bundle_assets)
    return Page(
        span_path=meta.doc.span_path,
        rel=source.rel,
        collection=source.collection,
        title=meta.title,
        slug=meta.slug,
        url=meta.url,
        date=meta.date,
        updated=meta.updated,
        draft=meta.draft,
        tags=meta.tags,
        categories=meta.categories,
        summary=meta.summary,
        description=meta.description,
        kind=meta.kind,
        menu=meta.menu,
        template=meta.template,
        image=meta.image,
        extra=meta.extra,
        body=body,
        assets=assets,
    )


def _render_site(
    site: Site, config: SiteConfig, errors: list[Diagnostic], progress: Progress | None
) -> list[RenderedFile]:
    try:
        chain = theme_chain(config)
    except BlogfolioError as exc:
        errors.append(exc.to_diagnostic())
        return []
    static = collect_static([*(t / "static" for t in reversed(chain)), config.root / "static"])
    env = make_env(config, chain, static)
    routes, collisions = plan(site, config)
    errors.extend(collisions)
    views = ViewFactory(site, config)
    site_view = views.site(site, years_of(site, views))
    if progress is not None:
        progress("Rendering pages", 0, len(routes))
    search = template_dirs(config, chain)
    html, problems = render_routes(routes, env, site_view, config.base_path, config.root, search)
    errors.extend(problems)
    files: list[RenderedFile] = [RenderedFile(rel, source=path) for rel, path in static.items()]
    files += [
        RenderedFile(out, source=src)
        for page in (*site.posts, *site.pages)
        for src, out in page.assets
    ]
    files += html
    files += feed_files(site, config)
    lastmod = {p.url: p.updated or p.date for p in (*site.posts, *site.pages)}
    urls = [(r.url, lastmod.get(r.url)) for r in routes if r.url != "/404.html"]
    files.append(RenderedFile("sitemap.xml", sitemap(urls, config).encode()))
    files.append(RenderedFile("robots.txt", robots(config).encode()))
    css = highlight_css(config.markdown.light_style, config.markdown.dark_style)
    files.append(RenderedFile("css/highlight.css", css.encode()))
    return _drop_shadowed(files)


def _drop_shadowed(files: list[RenderedFile]) -> list[RenderedFile]:
    """A generated file wins over a static one of the same name (later entries win)."""
    by_path: dict[str, RenderedFile] = {}
    for item in files:
        by_path[item.path] = item
    return sorted(by_path.values(), key=lambda f: f.path)
