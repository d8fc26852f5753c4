"""Make pages from validated metadata and rendered bodies; decide where `.md` links may point.

Stage: pipeline. Pure functions over values: nothing here is stored, because
each is cheaper to recompute than to look up.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from blogfolio.config import SiteConfig
from blogfolio.content.markdown import LinkTargets
from blogfolio.content.networking import contact_url
from blogfolio.model import BodyResult, Contact, Excluded, Page, PageMeta, ParsedDoc
from blogfolio.urls import output_file


def link_targets(
    metas: Sequence[PageMeta],
    excluded: Sequence[Excluded],
    contacts: Sequence[tuple[Contact, ParsedDoc]],
    config: SiteConfig,
    failed: frozenset[str] = frozenset(),
) -> LinkTargets:
    """Where `.md` links may point: published pages, public networking entries, and
    sources that failed to parse (they exist; their own error is the one to fix)."""
    urls = {m.doc.source.rel: m.url for m in metas}
    reasons = {_content_rel(e.span_path): e.reason for e in excluded}
    for contact, _doc in contacts:
        if not contact.public:
            reasons[contact.rel] = "it is a private networking entry (public: true shows it)"
        elif not config.networking.page:
            reasons[contact.rel] = "the networking log page is turned off ([networking] page)"
        else:
            urls[contact.rel] = contact_url(contact)
    return LinkTargets(urls, reasons, failed)


def _content_rel(span_path: Path) -> str:
    parts = span_path.parts
    return "/".join(parts[1:]) if parts[:1] == ("content",) else span_path.as_posix()


def make_page(meta: PageMeta, body: BodyResult) -> Page:
    """The published page: its metadata, its rendered body and its bundle files."""
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
        pinned=meta.pinned,
    )


def _assets(meta: PageMeta) -> tuple[tuple[Path, str], ...]:
    source = meta.doc.source
    out_folder = output_file(meta.url).rsplit("/", 1)[0]
    prefix = f"{out_folder}/" if out_folder else ""
    bundle = source.path.parent
    return tuple((bundle / a, prefix + a) for a in source.bundle_assets)
