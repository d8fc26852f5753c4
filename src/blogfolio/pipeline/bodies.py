"""Render Markdown bodies, each kept under a key of its text, its place and the parser settings.

Stage: pipeline. A body's HTML also depends on where its `.md` links point, and
that is only known once it is rendered: the targets it used are kept with the
result, and a stored body is reused only while every one of them still resolves
the same way. A rename elsewhere thus re-renders exactly the bodies that link to it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from blogfolio.cache.recall import Entry
from blogfolio.cache.store import MemoryStore
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
from blogfolio.render.shortcode_templates import ShortcodeTemplates

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
    shortcodes: tuple[ShortcodeTemplates | None, bytes] | None = None,
) -> tuple[list[BodyResult | Diagnostic], int, list[bytes]]:
    """Each job's body, from the store while still valid; also how many were rendered,
    and each job's key. `shortcodes`: `site_shortcodes`, when the caller has it."""
    site, shortcodes_print = shortcodes or site_shortcodes(stages)
    keys = [_known_body_key(stages, job, shortcodes_print) for job in jobs]
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
    return [r for r in found if r is not None], len(todo), keys


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
    """Each published source as a page with its rendered body; also how many were rendered.

    A source that is the same object at the same place as in the last build, with the
    same link targets and shortcode templates, is the same page again (`serve`): only
    the others are looked up."""
    recall = stages.recall
    templates = site_shortcodes(stages)
    shortcodes = templates[1]
    last = recall.latest(WALK)
    steps: list[_Step | None] = [None] * len(metas)
    if (
        isinstance(last, _Walk)
        and len(last.metas) == len(metas)
        and last.shortcodes == shortcodes
        and last.targets == targets
    ):
        for place, (meta, was, step) in enumerate(zip(metas, last.metas, last.steps, strict=True)):
            if meta is was:
                steps[place] = step
    todo = [place for place, step in enumerate(steps) if step is None]
    jobs = [BodyJob(metas[place].doc, metas[place].url) for place in todo]
    results, rendered, keys = render_docs(stages, jobs, targets, stages.jobs, progress, templates)
    memory = stages.store if isinstance(stages.store, MemoryStore) else None
    errors: list[Diagnostic] = []
    for place, job, result, key in zip(todo, jobs, results, keys, strict=True):
        if isinstance(result, Diagnostic):
            errors.append(result)
            continue
        meta = metas[place]
        page = recall.get("page", (meta, result))
        if page is None:
            page = recall.put("page", (meta, result), make_page(meta, result))
        pins = (
            recall.held("page", (meta, result)),
            recall.held("body key", (job.doc,), (job.url, shortcodes)),
        )
        stored = memory.held("body", key) if memory is not None else None
        steps[place] = _Step(page, result.warnings, pins, stored)
    made = [step for step in steps if step is not None]
    walk = _Walk(tuple(metas), targets, shortcodes, tuple(steps))
    recall.set_latest(WALK, walk, [pin for step in made for pin in step.pins])
    if memory is not None:
        memory.pin(WALK, [step.stored for step in made])
    warnings = tuple(w for step in made for w in step.warnings)
    return Outcome((tuple(step.page for step in made), rendered), tuple(errors), warnings)


WALK = "body walk"
"""The `Recall.latest` table (and memory store pin) of the last build's pages in order."""


class _Step(NamedTuple):
    page: Page
    warnings: tuple[Diagnostic, ...]
    pins: tuple[Entry | None, ...]
    """The recall entries of its page and body key."""
    stored: list[Any] | None
    """The memory store's entry of its body."""


class _Walk(NamedTuple):
    metas: tuple[PageMeta, ...]
    targets: LinkTargets
    shortcodes: bytes
    steps: tuple[_Step | None, ...]
    """Each source's page; None for a body that failed."""


def render_contacts(
    stages: Stages, contacts: Sequence[tuple[Contact, ParsedDoc]], targets: LinkTargets
) -> Outcome[tuple[Contact, ...]]:
    """Networking entries, public ones with their rendered bodies (private ones never are)."""
    public = [(c, d) for c, d in contacts if c.public]
    jobs = [BodyJob(doc, LOG_URL) for _c, doc in public]
    results, _count, _keys = render_docs(stages, jobs, targets, workers=1)
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
