"""Assemble published pages into a `Site`: post order, tags, categories, menu.

Stage: site. Imports `config`, `content` (for slugs), `model` and the identity
memo of `cache.recall`; pure.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from blogfolio.cache.recall import Recall
from blogfolio.config import SiteConfig
from blogfolio.content.pages import make_slug
from blogfolio.model import (
    Contact,
    Excluded,
    MenuEntry,
    Page,
    Resume,
    Site,
    SkillFramework,
    Term,
)

TAXONOMIES = ("tags", "categories")


def assemble_site(
    pages: Iterable[Page],
    excluded: Sequence[Excluded],
    config: SiteConfig,
    data: Mapping[str, Any],
    build_date: datetime,
    *,
    contacts: Iterable[Contact] = (),
    skills: SkillFramework | None = None,
    resume: Resume | None = None,
    recall: Recall | None = None,
) -> Site:
    """Group pages into posts and standalone pages, build taxonomies and the menu."""
    recall = recall if recall is not None else Recall(enabled=False)
    all_pages = list(pages)
    posts = sorted(
        (p for p in all_pages if p.collection == "posts"),
        key=lambda p: (p.date or build_date, p.title, p.url),
        reverse=True,
    )
    others = sorted((p for p in all_pages if p.collection != "posts"), key=lambda p: p.url)
    return Site(
        posts=tuple(posts),
        pages=tuple(others),
        tags=_terms(posts, "tags", recall),
        categories=_terms(posts, "categories", recall),
        menu=_menu(config, others),
        data=data,
        excluded=tuple(sorted(excluded, key=lambda e: e.span_path.as_posix())),
        build_date=build_date,
        contacts=tuple(sorted(contacts, key=lambda c: (c.date, c.slug), reverse=True)),
        skills=skills,
        resume=resume,
    )


def _terms(posts: Sequence[Page], taxonomy: str, recall: Recall) -> tuple[Term, ...]:
    """The taxonomy's terms, sorted by name, each with its posts in list order.

    Which posts a term holds depends only on every post's names for it, in order: with a
    `recall`, an edit that changes no tag or category reuses that grouping.
    """
    labels = tuple(getattr(post, taxonomy) for post in posts)
    grouped = recall.get("terms", (), (taxonomy, labels))
    if grouped is None:
        grouped = recall.put("terms", (), _group(labels), (taxonomy, labels))
    return tuple(
        Term(name, slug, taxonomy, f"/{taxonomy}/{slug}/", tuple(posts[i] for i in members))
        for name, slug, members in grouped
    )


def _group(labels: Sequence[Sequence[str]]) -> tuple[tuple[str, str, tuple[int, ...]], ...]:
    """(name, slug, indices of the posts carrying it) per term, sorted by name."""
    names: dict[str, str] = {}
    members: dict[str, list[int]] = {}
    for i, post_names in enumerate(labels):
        seen: set[str] = set()
        for name in post_names:
            slug = term_slug(name)
            names.setdefault(slug, name)
            if slug not in seen:  # two spellings of one tag on a post count once
                seen.add(slug)
                members.setdefault(slug, []).append(i)
    terms = [(names[slug], slug, tuple(members[slug])) for slug in members]
    return tuple(sorted(terms, key=lambda t: (t[0].casefold(), t[1])))


@functools.lru_cache(maxsize=4096)
def term_slug(name: str) -> str:
    """URL segment of a tag or category (cached: the same names recur on every post)."""
    return make_slug(name) or "untitled"


def _menu(config: SiteConfig, pages: Sequence[Page]) -> tuple[MenuEntry, ...]:
    entries = [MenuEntry(item.title, item.url, item.weight) for item in config.menu]
    entries += [MenuEntry(p.title, p.url, p.menu) for p in pages if p.menu is not None]
    if not entries:
        entries = [
            MenuEntry("Home", "/", 0),
            MenuEntry("Archives", "/archives/", 20),
            MenuEntry("Tags", "/tags/", 30),
        ]
    return tuple(sorted(entries, key=lambda e: (e.weight, e.title)))
