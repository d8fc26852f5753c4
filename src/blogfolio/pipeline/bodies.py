"""Render Markdown bodies, each kept under a key of its text, its place and the parser settings.

Stage: pipeline. A body's HTML also depends on where its `.md` links point, and
that is only known once it is rendered: the targets it used are kept with the
result, and a stored body is reused only while every one of them still resolves
the same way. A rename elsewhere thus re-renders exactly the bodies that link to it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from blogfolio.content.batch import BodyJob, render_bodies
from blogfolio.content.markdown import LinkTargets
from blogfolio.content.networking import LOG_URL
from blogfolio.errors import Diagnostic
from blogfolio.model import BodyResult, Contact, Page, PageMeta, ParsedDoc
from blogfolio.pipeline.context import Stages
from blogfolio.pipeline.image_refs import remember_image_refs
from blogfolio.pipeline.outcome import Outcome
from blogfolio.pipeline.pages import make_page
from blogfolio.pipeline.shortcodes import site_shortcodes

StoredBody = tuple[BodyResult | Diagnostic, tuple[tuple[str, str], ...]]
"""A rendered body (or its error) and the `.md` targets it used, as (source, resolved)."""


def body_key(stages: Stages, doc: ParsedDoc, url: str, shortcodes: bytes = b"") -> bytes:
    """What a body's HTML is computed from, apart from its link targets; `shortcodes` is
    the digest of the site's shortcode templates."""
    return stages.key(
        "body", repr(stages.config.markdown), doc.body, doc.source.rel,
        str(doc.span_path), str(doc.body_first_line), url, shortcodes,
    )  # fmt: skip


def _known_body_key(stages: Stages, job: BodyJob, shortcodes: bytes) -> bytes:
    """`body_key`, digested once for the same parsed document."""
    key = stages.recall.get("body key", (job.doc,), (job.url, shortcodes))
    if key is None:
        made = body_key(stages, job.doc, job.url, shortcodes)
        key = stages.recall.put("body key", (job.doc,), made, (job.url, shortcodes))
    return key  # type: ignore[no-any-return]


def render_docs(
    stages: Stages,
    jobs: Sequence[BodyJob],
    targets: LinkTargets,
    workers: int,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[BodyResult | Diagnostic], int]:
    """Each job's body, from the store while still valid; also how many were rendered."""
    site, shortcodes = site_shortcodes(stages)
    keys = [_known_body_key(stages, job, shortcodes) for job in jobs]
    found: list[BodyResult | Diagnostic | None] = []
    for key in keys:
        stored = stages.get("body", key)
        found.append(stored[0] if stored is not None and _links_hold(stored, targets) else None)
    todo = [i for i, result in enumerate(found) if result is None]
    outcomes = render_bodies([jobs[i] for i in todo], stages.config.markdown, targets, workers,
                             progress, site)  # fmt: skip
    for i, (result, record, images) in zip(todo, outcomes, strict=True):
        stages.put("body", keys[i], (result, tuple(sorted(record.items()))))
        remember_image_refs(stages, jobs[i].doc, images)
        found[i] = result
    return [r for r in found if r is not None], len(todo)


def _links_hold(stored: StoredBody, targets: LinkTargets) -> bool:
    for rel, resolved in stored[1]:
        now = targets.urls.get(rel) or "!" + targets.excluded.get(rel, "missing")
        if now != resolved:
            return False
    return True


def render_pages_bodies(
    stages: Stages,
    metas: Sequence[PageMeta],
    targets: LinkTargets,
    progress: Callable[[int, int], None] | None = None,
) -> Outcome[tuple[tuple[Page, ...], int]]:
    """Each published source as a page with its rendered body; also how many were rendered."""
    jobs = [BodyJob(m.doc, m.url) for m in metas]
    results, rendered = render_docs(stages, jobs, targets, stages.jobs, progress)
    pages: list[Page] = []
    errors: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    for meta, result in zip(metas, results, strict=True):
        if isinstance(result, Diagnostic):
            errors.append(result)
        else:
            warnings += result.warnings
            page = stages.recall.get("page", (meta, result))
            if page is None:
                page = stages.recall.put("page", (meta, result), make_page(meta, result))
            pages.append(page)
    return Outcome((tuple(pages), rendered), tuple(errors), tuple(warnings))


def render_contacts(
    stages: Stages, contacts: Sequence[tuple[Contact, ParsedDoc]], targets: LinkTargets
) -> Outcome[tuple[Contact, ...]]:
    """Networking entries, public ones with their rendered bodies (private ones never are)."""
    public = [(c, d) for c, d in contacts if c.public]
    jobs = [BodyJob(doc, LOG_URL) for _c, doc in public]
    results, _count = render_docs(stages, jobs, targets, workers=1)
    bodies = {c.rel: r for (c, _d), r in zip(public, results, strict=True)}
    done: list[Contact] = []
    errors: list[Diagnostic] = []
    for contact, _doc in contacts:
        result = bodies.get(contact.rel)
        if isinstance(result, BodyResult):
            contact = dataclasses.replace(contact, body=result)
        elif isinstance(result, Diagnostic):
            errors.append(result)  # kept without a body, so entries it introduced stay valid
        done.append(contact)
    return Outcome(tuple(done), tuple(errors))
