"""Render many Markdown bodies, in worker processes when there are enough to pay for it.

Stage: content. Markdown is most of a full build's time and every body is
independent, so a cold build spreads them over the machine's cores. Workers get
the parser settings and link targets once (at start-up), then chunks of documents.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt

from blogfolio.config import MarkdownConfig
from blogfolio.content.image_refs import ImageRef, find_image_refs
from blogfolio.content.markdown import LinkTargets, make_markdown, render_body
from blogfolio.content.shortcodes.expand import SiteShortcodes
from blogfolio.content.workers import run_in_workers
from blogfolio.errors import BlogfolioError, Diagnostic
from blogfolio.model import BodyResult, ParsedDoc

PARALLEL_FROM = 150
"""Below this many bodies, starting workers costs more than it saves."""
CHUNK = 40


@dataclass(frozen=True, slots=True)
class BodyJob:
    """One body to render at a URL."""

    doc: ParsedDoc
    url: str


BodyOutcome = tuple[BodyResult | Diagnostic, dict[str, str], tuple[ImageRef, ...]]
"""The rendered body (or the error), the `.md` link targets it used, and the images its
text shows (found here, in the worker, rather than by a second parse in the parent)."""

_worker_md: MarkdownIt | None = None
_worker_targets: LinkTargets | None = None
_worker_site: SiteShortcodes | None = None


def default_jobs() -> int:
    """Worker processes to use when the user did not say: one per available core."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def render_bodies(
    jobs: Sequence[BodyJob],
    config: MarkdownConfig,
    targets: LinkTargets,
    workers: int,
    progress: Callable[[int, int], None] | None = None,
    site: SiteShortcodes | None = None,
) -> list[BodyOutcome]:
    """Render every job, in order; errors come back as diagnostics, not exceptions.

    `site` holds the site's shortcode templates (given to each worker once).
    """
    if not jobs:
        return []  # a rebuild in `serve` that changed no body: no parser to make
    if workers <= 1 or len(jobs) < PARALLEL_FROM:
        md = make_markdown(config)
        outcomes = []
        for i, job in enumerate(jobs):
            if progress is not None and i % 50 == 0:
                progress(i, len(jobs))
            outcomes.append(_render_one(md, targets, job, site))
        return outcomes
    chunks = [list(jobs[i : i + CHUNK]) for i in range(0, len(jobs), CHUNK)]
    outcomes = []
    parts = run_in_workers(
        _render_chunk, chunks, min(workers, len(chunks)), _start_worker, (config, targets, site)
    )
    for chunk_outcomes in parts:
        outcomes.extend(chunk_outcomes)
        if progress is not None:
            progress(len(outcomes), len(jobs))
    return outcomes


def _render_one(
    md: MarkdownIt, targets: LinkTargets, job: BodyJob, site: SiteShortcodes | None
) -> BodyOutcome:
    record: dict[str, str] = {}
    images = find_image_refs(job.doc.body, job.doc.body_first_line)
    try:
        return render_body(md, job.doc, job.url, targets, record, site), record, images
    except BlogfolioError as exc:
        return exc.to_diagnostic(), record, images


def _start_worker(
    config: MarkdownConfig, targets: LinkTargets, site: SiteShortcodes | None
) -> None:
    global _worker_md, _worker_targets, _worker_site
    _worker_md = make_markdown(config)
    _worker_targets = targets
    _worker_site = site


def _render_chunk(jobs: list[BodyJob]) -> list[BodyOutcome]:
    assert _worker_md is not None and _worker_targets is not None
    return [_render_one(_worker_md, _worker_targets, job, _worker_site) for job in jobs]
