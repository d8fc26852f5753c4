"""Run the pipeline: config → discover → parse → model → route → render → write.

Stage: build, the only orchestrator. Each stage (pipeline/) is a function of
its inputs that looks its result up in a `Store` under a digest of exactly
those inputs; `build` starts them in order and adds up their problems. With an
on-disk store, a second `build` reuses what did not change; `serve` keeps a
`MemoryStore` across rebuilds and passes the watcher's changed paths. There is
one renderer: both run this code, and a `NullStore` is a clean full build.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Collection
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from blogfolio import __version__
from blogfolio.cache.keys import digest, versions_digest
from blogfolio.cache.recall import Recall
from blogfolio.cache.store import MemoryStore, Store
from blogfolio.config import SiteConfig, load_config
from blogfolio.errors import BlogfolioError, BuildError, Diagnostic
from blogfolio.model import BuildResult, BuildSummary
from blogfolio.output import WriteReport, check_output_dir, recover, write_site
from blogfolio.output.spill import Spill
from blogfolio.pipeline.memo import (
    memo_key,
    output_stamps,
    recall_build,
    recall_written,
    remember_build,
    remember_written,
)
from blogfolio.pipeline.options import BuildOptions as BuildOptions
from blogfolio.pipeline.options import open_store as open_store
from blogfolio.pipeline.options import output_dir as output_dir
from blogfolio.pipeline.outcome import StrictBuildError as StrictBuildError
from blogfolio.pipeline.outcome import with_notes
from blogfolio.pipeline.reads import FileIndex
from blogfolio.pipeline.today import build_date

if TYPE_CHECKING:
    from blogfolio.pipeline.found import FoundSources
    from blogfolio.render.env import CompiledTemplates

Progress = Callable[[str, int, int], None]
"""Called as progress(stage, done, total) so the CLI can draw a bar."""
Clock = Callable[[], datetime]
"""Returns the current moment (tests and `serve` pass their own)."""


class Builder:
    """Builds one site, again and again, with one store as its memory."""

    def __init__(
        self,
        root: Path,
        options: BuildOptions | None = None,
        store: Store | None = None,
        clock: Clock | None = None,
        spill: Spill | None = None,
    ) -> None:
        self.root = root.resolve()
        self.options = options or BuildOptions()
        self.store: Store = store if store is not None else MemoryStore()
        self.clock = clock or self._default_clock
        self.files = FileIndex()
        self.compiled: CompiledTemplates | None = None
        self.recall = Recall(enabled=isinstance(self.store, MemoryStore))
        """Only a store of live objects hands back the same objects build after build."""
        self.spill = None if self.recall.enabled else spill
        """A memory store keeps every page's HTML anyway, and what it recalls must not
        point into a scratch folder an earlier build removed."""
        self.found: FoundSources | None = None
        self._versions = versions_digest("blogfolio", __version__, Path(__file__).parent)

    def _default_clock(self) -> datetime:
        return self.options.now or datetime.now(UTC)

    def config(self) -> SiteConfig:
        """The site's configuration, read again on every call."""
        overrides = dict(self.options.overrides)
        if self.options.base_url:
            overrides["base_url"] = self.options.base_url
        return load_config(self.root, overrides)

    def build(
        self, progress: Progress | None = None, changed: Collection[Path] | None = None
    ) -> BuildResult:
        """Build the site in memory; raise BuildError with every problem found.

        `changed`, from a file watcher, names every path touched since the last build:
        only those files are read and hashed again, and when they are all known sources
        the content folder is not walked again.
        """
        # The stages are imported here, not above: a build the cache answers whole
        # (`build_site`) never needs them, and importing them is most of its time.
        from blogfolio.content.batch import default_jobs
        from blogfolio.pipeline.bodies import render_contacts, render_pages_bodies
        from blogfolio.pipeline.context import Stages
        from blogfolio.pipeline.found import FoundSources
        from blogfolio.pipeline.images import publish_images
        from blogfolio.pipeline.outcome import Problems
        from blogfolio.pipeline.outputs import render_site
        from blogfolio.pipeline.pages import link_targets
        from blogfolio.pipeline.portfolio import check_portfolio, load_portfolio
        from blogfolio.pipeline.privacy_scan import scan_output
        from blogfolio.pipeline.search import index_search
        from blogfolio.pipeline.sources import apply_clock, read_sources
        from blogfolio.pipeline.stray_comments import stray_emails
        from blogfolio.pipeline.threads import attach_threads
        from blogfolio.render.env import CompiledTemplates
        from blogfolio.site import assemble_site

        started = time.perf_counter()
        self.compiled = self.compiled or CompiledTemplates(self.store, self._versions)
        found = self.found = self.found or FoundSources()
        self.files.begin(changed)
        config = self.config()
        options = self.options
        base = self.base(config)
        jobs = options.jobs or default_jobs()
        self.recall.begin(base)
        stages = Stages(
            self.store, self.files, config, base, jobs, self.compiled, self.recall, self.spill
        )
        now = self.clock().astimezone(ZoneInfo(config.timezone))
        problems = Problems()
        whole = False
        try:
            sources = problems.take(
                read_sources(stages, found.refresh(config, changed), options.drafts)
            )
            published = apply_clock(sources.metas, now, options.future)
            excluded = (*sources.excluded, *published.scheduled)
            targets = link_targets(
                published.metas, excluded, sources.contacts, config, sources.failed
            )
            report = _stage_progress(progress, "Rendering Markdown")
            pages, bodies = problems.take(
                render_pages_bodies(stages, published.metas, targets, report)
            )
            contacts = problems.take(render_contacts(stages, sources.contacts, targets))
            threaded = problems.take(attach_threads(stages, published.metas, pages))
            portfolio = problems.take(load_portfolio(stages))
            problems.take(check_portfolio(stages, portfolio, published.metas, contacts, targets))
            site = assemble_site(
                threaded.pages, (*excluded, *threaded.hidden), config, portfolio.data,
                build_date(now), contacts=contacts, skills=portfolio.skills,
                resume=portfolio.resume, recall=self.recall,
            )  # fmt: skip
            output = problems.take(
                render_site(stages, site, options.fingerprint_assets, progress, options.preview)
            )
            output = problems.take(publish_images(stages, published.metas, output))
            output = problems.take(index_search(stages, output, options.search_index))
            secrets = [v for c in contacts for v in c.private] + list(threaded.emails)
            secrets += stray_emails(stages, found.comment_files, threaded.folders)
            secrets += portfolio.resume.hidden if portfolio.resume is not None else ()
            problems.take(scan_output(stages, output.files, secrets))
            whole = not problems.errors
        finally:
            # A failed build may not have marked what the next one reuses (a stage that
            # stopped early, walks that did not run): memory sweeps only after a whole one.
            if whole or not isinstance(self.store, MemoryStore):
                self.store.end_build()
            if whole:
                self.recall.end_build()
        if problems.errors:
            raise BuildError(problems.errors)
        stats = {
            "seconds": time.perf_counter() - started,
            "pages": float(len(pages)),
            "bodies_rendered": float(bodies),
            "routes_rendered": float(output.rendered),
        }
        warnings = tuple(dict.fromkeys(problems.warnings))
        return BuildResult(output.files, site, warnings, stats, published.next_change)

    def base(self, config: SiteConfig) -> bytes:
        """The prefix of every key: versions, the whole config and the options."""
        flags = str(self.options.fingerprint_assets) + (" preview" if self.options.preview else "")
        return digest(self._versions, repr(config), flags)


def _stage_progress(progress: Progress | None, stage: str) -> Callable[[int, int], None] | None:
    if progress is None:
        return None
    return lambda done, total: progress(stage, done, total)


def build(
    root: Path, options: BuildOptions | None = None, progress: Progress | None = None
) -> BuildResult:
    """Build the site in memory, with the site's cache unless `options.cache` is off."""
    options = options or BuildOptions()
    notes: list[Diagnostic] = []
    store = open_store(root.resolve(), options, notes.append)
    try:
        return with_notes(Builder(root, options, store).build(progress), notes)
    finally:
        store.close()


def build_site(
    root: Path,
    options: BuildOptions | None = None,
    progress: Progress | None = None,
    *,
    strict: bool = False,
) -> tuple[BuildSummary, WriteReport, Path]:
    """Build, then write to the output folder only if the build succeeded.

    When no input changed since the last build and the output folder is as that build
    left it, the remembered report is the answer and nothing is written. With `strict`,
    warnings fail the build (StrictBuildError) before anything is written.
    """
    started = time.perf_counter()
    options = options or BuildOptions()
    out_dir = output_dir(root, options)
    check_output_dir(out_dir, root)
    recover(out_dir)  # a build killed mid-swap must not leave the site without site/
    notes: list[Diagnostic] = []
    store = open_store(root.resolve(), options, notes.append)
    spill = Spill(out_dir)  # pages past a memory budget wait beside the output
    try:
        builder = Builder(root, options, store, spill=spill)
        now = builder.clock()
        try:
            config = builder.config()
        except BlogfolioError:
            memo = None  # the build below reports why
        else:
            memo = memo_key(config, builder.base(config), options, builder.files, now, out_dir)
        known = recall_build(store, memo, now, out_dir) if memo is not None else None
        if known is not None:
            seconds = time.perf_counter() - started
            summary = with_notes(dataclasses.replace(known, seconds=seconds), notes)
            if strict and summary.warnings:
                raise StrictBuildError(summary)
            return summary, WriteReport(0, known.files, 0), out_dir
        # The memo key hashed every input into builder.files: nothing changed since.
        result = builder.build(progress, changed=() if memo is not None else None)
        built = result.summary()
        summary = with_notes(built, notes)
        if strict and result.warnings:
            raise StrictBuildError(summary)
        report = write_site(result.files, out_dir, recall_written(store, out_dir))
        stamps = report.stamps if report.stamps is not None else output_stamps(out_dir)
        remember_written(store, out_dir, stamps, result.files)
        if memo is not None:
            remember_build(store, memo, now, built, stamps)
    finally:
        spill.close()
        store.close()
    return summary, report, out_dir
