"""Run the pipeline: config → discover → parse → model → route → render → write.

Stage: build, the only orchestrator. Errors from every page are collected and
reported together; nothing is written unless the whole build succeeded.

A `Builder` keeps what it computed last time (parsed sources, rendered bodies,
page views, rendered HTML) and reuses each piece whose inputs are unchanged, so
`serve` rebuilds only what an edit touches. A fresh Builder is a full build;
the property tests check that both give the same bytes.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2

from blogfolio.config import SiteConfig, load_config
from blogfolio.content.batch import BodyJob, default_jobs, render_bodies
from blogfolio.content.comment_reader import CommentReader
from blogfolio.content.data import data_source, load_data
from blogfolio.content.discover import NETWORKING, discover
from blogfolio.content.frontmatter import read_source, split_front_matter
from blogfolio.content.markdown import LinkTargets, highlight_css
from blogfolio.content.networking import (
    LOG_URL,
    check_citations,
    check_contacts,
    consent_warnings,
    contact_url,
    parse_contact,
)
from blogfolio.content.pages import PublishRules, validate_meta
from blogfolio.content.resume import evidence_errors, load_resume
from blogfolio.content.skills import load_skills, skill_warnings
from blogfolio.errors import BlogfolioError, BuildError, Diagnostic
from blogfolio.files import Stamp, file_stamp
from blogfolio.model import (
    BodyResult,
    BuildResult,
    Contact,
    Excluded,
    Page,
    PageMeta,
    ParsedDoc,
    RenderedFile,
    Resume,
    Site,
    SkillFramework,
    SourceFile,
)
from blogfolio.output import WriteReport, check_output_dir, collect_static, recover, write_site
from blogfolio.privacy import PrivacyCheck
from blogfolio.render.collisions import check_outputs
from blogfolio.render.comment_feeds import comment_feed_files
from blogfolio.render.deps import TemplateFingerprints
from blogfolio.render.env import make_env, template_dirs, theme_chain
from blogfolio.render.feeds import feed_files, robots, sitemap
from blogfolio.render.redirects import redirect_files
from blogfolio.render.render import render_routes
from blogfolio.render.routes import Route, page_route, plan, plan_redirects, years_of
from blogfolio.render.views import SiteView, ViewFactory
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
    fingerprint_assets: bool = True
    """Add `?v=hash` to asset URLs; `serve` turns it off so CSS edits need no page reload."""
    jobs: int = 0
    """Worker processes for Markdown; 0 means one per core."""


@dataclass(slots=True)
class _Cached:
    """One source's parse result, valid while its file stamp is unchanged."""

    stamp: Stamp
    source: SourceFile
    result: PageMeta | Excluded | Contact | Diagnostic
    read_ns: int
    """Wall-clock time the file was read; a stamp this recent may hide a same-tick edit."""
    digest: bytes
    """Hash of the bytes read, to settle such racy stamps."""
    doc: ParsedDoc | None = None
    """For networking entries: the parsed file, whose body is rendered if the entry is public."""


@dataclass(slots=True)
class _Body:
    """A rendered body and the link targets it used."""

    body_text: str
    url: str
    links: dict[str, str]
    result: BodyResult
    page: Page | None = None
    meta: PageMeta | None = None
    """The metadata `page` was made from; the same object means the page still holds."""


@dataclass(slots=True)
class _Rendered:
    """A route's last output and the inputs that produced it."""

    route: Route
    fingerprint: str
    data: bytes


@dataclass(frozen=True, slots=True)
class _Last:
    """What the last good build was made of, for the body-only fast path."""

    site: Site
    pages: tuple[Page, ...]
    inputs: tuple[Any, ...]
    files: tuple[RenderedFile, ...]
    routes: list[Route]
    env: jinja2.Environment
    static: dict[str, Path]
    search: list[Path]


def _body_only(old: Page, new: Page) -> bool:
    """True when `new` differs from `old` in nothing a list, feed summary or neighbour shows."""
    return (
        new.body.summary_html == old.body.summary_html
        and new.reading_time == old.reading_time
        and dataclasses.replace(new, body=old.body) == old
    )


class Builder:
    """Builds one site repeatedly, reusing unchanged work between builds."""

    def __init__(self, root: Path, options: BuildOptions | None = None) -> None:
        self.root = root.resolve()
        self.options = options or BuildOptions()
        self._config: SiteConfig | None = None
        self._config_text: str | None = None
        self._now: datetime | None = None
        self._sources: dict[Path, _Cached] = {}
        self._bodies: dict[str, _Body] = {}
        self._rendered: dict[str, _Rendered] = {}
        self._site_view: SiteView | None = None
        self._views: ViewFactory | None = None
        self._prints = TemplateFingerprints()
        self._comments = CommentReader()
        self._contact_bodies: dict[str, _Body] = {}
        self._privacy = PrivacyCheck()
        self._last: _Last | None = None
        self._discovered: list[SourceFile] = []
        self._hinted = False
        """The last build trusted the watcher's list of changed paths."""
        self.rendered_count = 0
        """Routes rendered through Jinja in the last build (the rest were reused)."""

    # -- the pipeline ---------------------------------------------------------

    def build(
        self, progress: Progress | None = None, changed: Collection[Path] | None = None
    ) -> BuildResult:
        """Build the site in memory; raise BuildError with every problem found.

        `changed`, from a file watcher, names every path touched since the last build;
        when they are all known files, the content folder is not walked again.
        """
        started = time.perf_counter()
        config = self._load_config()
        zone = ZoneInfo(config.timezone)
        if self._now is None:
            self._now = (self.options.now or datetime.now(UTC)).astimezone(zone)
        rules = PublishRules(self._now, self.options.drafts, self.options.future)
        errors: list[Diagnostic] = []
        warnings: list[Diagnostic] = []
        metas, excluded, entries = self._read_sources(config, rules, errors, changed)
        targets = _link_targets(metas, excluded, entries, config)
        pages = self._render_bodies(metas, targets, config, errors, progress)
        contacts = self._render_contacts(entries, targets, config, errors)
        pages = self._comments.attach(metas, pages, config, errors, excluded, self._hinted)
        data = _collect(lambda: load_data(config), errors, {})
        skills, resume = _portfolio(config, data, metas, contacts, targets, errors, warnings)
        if resume is not None:
            data = {**data, "resume": resume.data}  # without the fields kept private
        inputs = (tuple(excluded), data, tuple(contacts), skills, resume, tuple(errors))
        patched = self._patch_site(pages, inputs, config)
        if patched is not None:
            site, swapped = patched
            files = self._rerender_pages(site, swapped, config, errors)
        else:
            site = assemble_site(
                pages, excluded, config, data, _build_date(self._now),
                contacts=contacts, skills=skills, resume=resume,
            )  # fmt: skip
            files = self._render_site(site, config, errors, progress)
        self._remember(site, pages, inputs, files, errors)
        secrets = [v for c in contacts for v in c.private] + self._comments.private_values()
        secrets += resume.hidden if resume is not None else ()
        errors += self._privacy.scan(files, secrets)
        if errors:
            raise BuildError(errors)
        stats = {"seconds": time.perf_counter() - started, "pages": float(len(pages))}
        return BuildResult(tuple(files), site, tuple(dict.fromkeys(warnings)), stats)

    def config(self) -> SiteConfig:
        """The site's configuration (reloaded when blogfolio.toml changed)."""
        return self._load_config()

    def _load_config(self) -> SiteConfig:
        path = self.root / "blogfolio.toml"
        try:
            text: str | None = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            text = None
        if self._config is None or text != self._config_text:
            overrides = dict(self.options.overrides)
            if self.options.base_url:
                overrides["base_url"] = self.options.base_url
            config = load_config(self.root, overrides)
            self._reset()
            self._config, self._config_text = config, text
        return self._config

    def _reset(self) -> None:
        self._last = None
        self._discovered = []
        self._sources.clear()
        self._bodies.clear()
        self._rendered.clear()
        self._contact_bodies.clear()
        self._site_view = None
        self._views = None
        self._now = None

    def _read_sources(
        self,
        config: SiteConfig,
        rules: PublishRules,
        errors: list[Diagnostic],
        changed: Collection[Path] | None,
    ) -> tuple[list[PageMeta], list[Excluded], list[tuple[Contact, ParsedDoc]]]:
        metas: list[PageMeta] = []
        excluded: list[Excluded] = []
        contacts: list[tuple[Contact, ParsedDoc]] = []
        fresh: dict[Path, _Cached] = {}
        known = self._known_changes(config, changed)
        self._hinted = known is not None
        if known is None:
            self._discovered = discover(config)
        for source in self._discovered:
            cached = self._sources.get(source.path)
            check = known is None or source.path in known
            if cached is None or (check and not _still_valid(cached, source)):
                cached = _read(source, config, rules)
            fresh[source.path] = cached
            result = cached.result
            if isinstance(result, Diagnostic):
                errors.append(result)
            elif isinstance(result, Excluded):
                excluded.append(result)
            elif isinstance(result, Contact):
                if cached.doc is not None:
                    contacts.append((result, cached.doc))
            else:
                metas.append(result)
        self._sources = fresh
        return metas, excluded, contacts

    def _known_changes(
        self, config: SiteConfig, changed: Collection[Path] | None
    ) -> set[Path] | None:
        """The changed paths, if none of them can add, remove or move a source; else None."""
        if changed is None or not self._discovered:
            return None
        content = config.root / "content"
        for path in changed:
            inside = path == content or content in path.parents
            if inside and (path not in self._sources or not path.is_file()):
                return None
        return set(changed)

    def _render_bodies(
        self,
        metas: Sequence[PageMeta],
        targets: LinkTargets,
        config: SiteConfig,
        errors: list[Diagnostic],
        progress: Progress | None,
    ) -> list[Page]:
        stale = [
            m for m in metas
            if (c := self._bodies.get(m.doc.source.rel)) is None or not _body_valid(c, m, targets)
        ]  # fmt: skip
        report = None
        if progress is not None:
            report = functools.partial(progress, "Rendering Markdown")
        jobs = [BodyJob(m.doc, m.url) for m in stale]
        workers = self.options.jobs or default_jobs()
        outcomes = render_bodies(jobs, config.markdown, targets, workers, report)
        rendered = {m.doc.source.rel: o for m, o in zip(stale, outcomes, strict=True)}
        pages: list[Page] = []
        fresh: dict[str, _Body] = {}
        for meta in metas:
            rel = meta.doc.source.rel
            cached = self._bodies.get(rel)
            if rel in rendered:
                result, record = rendered[rel]
                if isinstance(result, Diagnostic):
                    errors.append(result)
                    continue
                cached = _Body(meta.doc.body, meta.url, record, result)
            assert cached is not None
            if cached.page is None or cached.page.body is not cached.result:
                cached.page = _make_page(meta, cached.result)
            elif cached.meta is not meta:  # re-read, perhaps unchanged: keep the equal page
                page = _make_page(meta, cached.result)
                if page != cached.page:
                    cached.page = page
            cached.meta = meta
            fresh[rel] = cached
            pages.append(cached.page)
        self._bodies = fresh
        return pages

    def _render_contacts(
        self,
        contacts: Sequence[tuple[Contact, ParsedDoc]],
        targets: LinkTargets,
        config: SiteConfig,
        errors: list[Diagnostic],
    ) -> list[Contact]:
        """Render the bodies of public entries (private ones are never rendered)."""
        stale = [
            (contact, doc)
            for contact, doc in contacts
            if contact.public
            and (
                (c := self._contact_bodies.get(contact.rel)) is None
                or not _body_current(c, LOG_URL, doc.body, targets)
            )
        ]
        jobs = [BodyJob(doc, LOG_URL) for _contact, doc in stale]
        outcomes = render_bodies(jobs, config.markdown, targets, workers=1)
        rendered = {c.rel: o for (c, _doc), o in zip(stale, outcomes, strict=True)}
        done: list[Contact] = []
        fresh: dict[str, _Body] = {}
        for contact, doc in contacts:
            cached = self._contact_bodies.get(contact.rel)
            if contact.rel in rendered:
                result, record = rendered[contact.rel]
                if isinstance(result, Diagnostic):
                    errors.append(result)
                    done.append(contact)  # kept, so entries it introduced stay valid
                    continue
                cached = _Body(doc.body, LOG_URL, record, result)
            if not contact.public or cached is None:
                done.append(contact)
                continue
            fresh[contact.rel] = cached
            done.append(dataclasses.replace(contact, body=cached.result))
        self._contact_bodies = fresh
        return done

    # -- the fast path: only page bodies changed -------------------------------

    def _patch_site(
        self, pages: Sequence[Page], inputs: tuple[Any, ...], config: SiteConfig
    ) -> tuple[Site, dict[str, Page]] | None:
        """The last site with new bodies swapped in, when nothing but bodies changed.

        Typing in a post changes its body and nothing any other page shows (its title,
        date, summary and word count stay put), so the site's shape, every list and
        every other page are as they were; only that page needs rendering again.
        """
        last, views = self._last, self._views
        if last is None or views is None or self.options.fingerprint_assets:
            return None
        if len(pages) != len(last.pages) or inputs != last.inputs:
            return None
        changed: dict[str, Page] = {}
        for old, new in zip(last.pages, pages, strict=True):
            if old is not new:
                if old.url != new.url or not _body_only(old, new):
                    return None
                changed[new.url] = new
        chain = theme_chain(config)
        static = collect_static([*(t / "static" for t in reversed(chain)), config.root / "static"])
        search = template_dirs(config, chain)
        if search != last.search or self._prints.refresh(search) or static != last.static:
            return None
        if not all(views.swap(page) for page in changed.values()):
            return None
        site = last.site
        if changed:

            def swap(seq: tuple[Page, ...]) -> tuple[Page, ...]:
                return tuple(changed.get(p.url, p) for p in seq)

            site = dataclasses.replace(site, posts=swap(site.posts), pages=swap(site.pages))
        return site, changed

    def _rerender_pages(
        self, site: Site, changed: dict[str, Page], config: SiteConfig, errors: list[Diagnostic]
    ) -> list[RenderedFile]:
        """Render the changed pages into the last build's files; regenerate the feeds."""
        last, views = self._last, self._views
        assert last is not None and views is not None
        routes = [
            page_route(site, views, changed[r.url]) if r.url in changed else r for r in last.routes
        ]
        html = self._render_html(routes, last.env, config, last.search, "", errors, None)
        files = {f.path: f for f in last.files}
        files.update((f.path, f) for f in html)
        files.update((f.path, f) for f in feed_files(site, config))
        self._last = dataclasses.replace(last, routes=routes)
        return sorted(files.values(), key=lambda f: f.path)

    def _remember(
        self,
        site: Site,
        pages: Sequence[Page],
        inputs: tuple[Any, ...],
        files: list[RenderedFile],
        errors: list[Diagnostic],
    ) -> None:
        if errors or self._last is None:
            self._last = None if errors else self._last
            return
        self._last = dataclasses.replace(
            self._last, site=site, pages=tuple(pages), inputs=inputs, files=tuple(files)
        )

    # -- the full path ---------------------------------------------------------

    def _render_site(
        self, site: Site, config: SiteConfig, errors: list[Diagnostic], progress: Progress | None
    ) -> list[RenderedFile]:
        try:
            chain = theme_chain(config)
        except BlogfolioError as exc:
            errors.append(exc.to_diagnostic())
            return []
        static = collect_static([*(t / "static" for t in reversed(chain)), config.root / "static"])
        css = highlight_css(config.markdown.light_style, config.markdown.dark_style).encode()
        fingerprint = self.options.fingerprint_assets
        env = make_env(config, chain, static, {"css/highlight.css": css}, fingerprint)
        views = ViewFactory(site, config, previous=self._views)
        self._views = views
        routes, collisions = plan(site, config, views)
        errors.extend(collisions)
        redirects, taken = plan_redirects(site, routes)
        errors.extend(taken)
        site_view = views.site(site, years_of(site, views))
        if site_view != self._site_view:
            self._rendered.clear()
        self._site_view = site_view
        search = template_dirs(config, chain)
        asset_state = _asset_state(static) if fingerprint else ""
        self._prints.refresh(search)
        html = self._render_html(routes, env, config, search, asset_state, errors, progress)
        live = {r.url for r in routes}
        self._rendered = {u: r for u, r in self._rendered.items() if u in live}
        files: list[RenderedFile] = [RenderedFile(rel, source=path) for rel, path in static.items()]
        pages = (*site.posts, *site.pages)
        files += [RenderedFile(out, source=src) for page in pages for src, out in page.assets]
        generated = _generated(site, config, routes, css) + comment_feed_files(site, config)
        errors.extend(check_outputs(routes, redirects, generated, files, config.root))
        files += html + generated + redirect_files(redirects, config)
        done = _drop_shadowed(files)
        self._last = _Last(site, (), (), tuple(done), routes, env, static, search)
        return done

    def _render_html(
        self,
        routes: Sequence[Route],
        env: jinja2.Environment,
        config: SiteConfig,
        search: Sequence[Path],
        asset_state: str,
        errors: list[Diagnostic],
        progress: Progress | None,
    ) -> list[RenderedFile]:
        """Render the routes whose template or context changed; reuse the rest."""
        assert self._site_view is not None
        prints: dict[str, str] = {}
        todo: list[Route] = []
        html: list[RenderedFile] = []
        for route in routes:
            if route.template not in prints:
                prints[route.template] = self._prints.get(env, route.template, search)
            key = prints[route.template] + asset_state
            previous = self._rendered.get(route.url)
            if previous is not None and previous.fingerprint == key and previous.route == route:
                html.append(RenderedFile(route.output_path, previous.data))
            else:
                todo.append(route)
        if progress is not None:
            progress("Rendering pages", 0, len(todo))
        workers = self.options.jobs or default_jobs()
        fresh, problems = render_routes(
            todo, env, self._site_view, config.base_path, config.root, search, workers
        )
        errors.extend(problems)
        self.rendered_count = len(fresh)
        by_path = {f.path: f for f in fresh}
        for route in todo:
            item = by_path.get(route.output_path)
            if item is not None and item.data is not None:
                key = prints[route.template] + asset_state
                self._rendered[route.url] = _Rendered(route, key, item.data)
        return html + fresh


def build(
    root: Path, options: BuildOptions | None = None, progress: Progress | None = None
) -> BuildResult:
    """Build the site in memory from scratch; raise BuildError with every problem found."""
    return Builder(root, options).build(progress)


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
    recover(out_dir)  # a build killed mid-swap must not leave the site without site/
    result = build(root, options, progress)
    report = write_site(result.files, out_dir)
    return result, report, out_dir


# -- helpers ---------------------------------------------------------------------


RACY_NS = 2_000_000_000
"""File times can be this coarse; an edit within it may leave the stamp unchanged."""


def _still_valid(cached: _Cached, source: SourceFile) -> bool:
    if cached.source != source or cached.stamp != file_stamp(source.path):
        return False
    if cached.stamp[0] < cached.read_ns - RACY_NS:
        return True
    try:
        return hashlib.blake2b(source.path.read_bytes()).digest() == cached.digest
    except OSError:
        return False


def _read(source: SourceFile, config: SiteConfig, rules: PublishRules) -> _Cached:
    read_ns = time.time_ns()
    stamp = file_stamp(source.path)
    try:
        digest = hashlib.blake2b(source.path.read_bytes()).digest()
    except OSError:
        digest = b""
    result, doc = _parse(source, config, rules)
    return _Cached(stamp, source, result, read_ns, digest, doc)


def _parse(
    source: SourceFile, config: SiteConfig, rules: PublishRules
) -> tuple[PageMeta | Excluded | Contact | Diagnostic, ParsedDoc | None]:
    span_path = source.path.relative_to(config.root)
    try:
        doc = split_front_matter(source, read_source(source, span_path), span_path)
        if source.collection == NETWORKING:
            return parse_contact(doc, config), doc
        return validate_meta(doc, config, rules), None
    except BlogfolioError as exc:
        return exc.to_diagnostic(), None


def _portfolio(
    config: SiteConfig,
    data: Mapping[str, Any],
    metas: Sequence[PageMeta],
    contacts: Sequence[Contact],
    targets: LinkTargets,
    errors: list[Diagnostic],
    warnings: list[Diagnostic],
) -> tuple[SkillFramework | None, Resume | None]:
    """Skills and résumé from data files; cross-checks of entries, citations and skills."""
    skills_file = data_source(config, "skills")
    skills = _collect(lambda: load_skills(data.get("skills"), skills_file), errors, None)
    errors += check_contacts(contacts) + check_citations(metas, contacts)
    warnings += consent_warnings(contacts)
    if skills is not None:
        warnings += skill_warnings(metas, skills)
    source = data_source(config, "resume")
    if source is None or data.get("resume") is None:
        return skills, None
    try:
        resume, problems = load_resume(data["resume"], source, config.resume)
    except BuildError as exc:
        errors += exc.diagnostics
        return skills, None
    warnings += problems
    errors += evidence_errors(resume, source, targets.urls, targets.excluded)
    return skills, resume


def _link_targets(
    metas: Sequence[PageMeta],
    excluded: Sequence[Excluded],
    contacts: Sequence[tuple[Contact, ParsedDoc]],
    config: SiteConfig,
) -> LinkTargets:
    """Where `.md` links may point: published pages, and public networking entries."""
    urls = {m.doc.source.rel: m.url for m in metas}
    reasons = {_content_rel(e.span_path): e.reason for e in excluded}
    for contact, _doc in contacts:
        if not contact.public:
            reasons[contact.rel] = "it is a private networking entry (public: true shows it)"
        elif not config.networking.page:
            reasons[contact.rel] = "the networking log page is turned off ([networking] page)"
        else:
            urls[contact.rel] = contact_url(contact)
    return LinkTargets(urls, reasons)


def _content_rel(span_path: Path) -> str:
    parts = span_path.parts
    return "/".join(parts[1:]) if parts[:1] == ("content",) else span_path.as_posix()


def _body_valid(cached: _Body, meta: PageMeta, targets: LinkTargets) -> bool:
    return _body_current(cached, meta.url, meta.doc.body, targets)


def _body_current(cached: _Body, url: str, body: str, targets: LinkTargets) -> bool:
    if cached.url != url or cached.body_text != body:
        return False
    for key, value in cached.links.items():
        now = targets.urls.get(key) or "!" + targets.excluded.get(key, "missing")
        if now != value:
            return False
    return True


def _assets(meta: PageMeta) -> tuple[tuple[Path, str], ...]:
    source = meta.doc.source
    out_folder = output_file(meta.url).rsplit("/", 1)[0]
    prefix = f"{out_folder}/" if out_folder else ""
    bundle = source.path.parent
    return tuple((bundle / a, prefix + a) for a in source.bundle_assets)


def _make_page(meta: PageMeta, body: BodyResult) -> Page:
    source = meta.doc.source
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
        template_line=meta.template_line,
        image=meta.image,
        extra=meta.extra,
        body=body,
        assets=_assets(meta),
        skills=meta.skills,
        contacts=meta.contacts,
        project=meta.project,
        lines=meta.doc.meta_lines,
    )


def _asset_state(static: Mapping[str, Path]) -> str:
    return "|".join(f"{k}:{file_stamp(p)}" for k, p in sorted(static.items()))


def _generated(
    site: Site, config: SiteConfig, routes: Sequence[Route], css: bytes
) -> list[RenderedFile]:
    files = feed_files(site, config)
    lastmod = {p.url: p.updated or p.date for p in (*site.posts, *site.pages)}
    urls = [(r.url, lastmod.get(r.url)) for r in routes if r.url != "/404.html"]
    files.append(RenderedFile("sitemap.xml", sitemap(urls, config).encode()))
    files.append(RenderedFile("robots.txt", robots(config).encode()))
    files.append(RenderedFile("css/highlight.css", css))
    return files


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


def _drop_shadowed(files: list[RenderedFile]) -> list[RenderedFile]:
    """A generated file wins over a static one of the same name (later entries win)."""
    by_path: dict[str, RenderedFile] = {}
    for item in files:
        by_path[item.path] = item
    return sorted(by_path.values(), key=lambda f: f.path)
