"""Assemble published pages into a `Site`: post order, tags, categories, menu.

Stage: site. Imports `config`, `content` (for slugs) and `model`; pure.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

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
) -> Site:
    """Group pages into posts and standalone pages, build taxonomies and the menu."""
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
        tags=_terms(posts, "tags"),
        categories=_terms(posts, "categories"),
        menu=_menu(config, others),
        data=data,
        excluded=tuple(sorted(excluded, key=lambda e: e.span_path.as_posix())),
        build_date=build_date,
        contacts=tuple(sorted(contacts, key=lambda c: (c.date, c.slug), reverse=True)),
        skills=skills,
        resume=resume,
    )


def _terms(posts: Sequence[Page], taxonomy: str) -> tuple[Term, ...]:
    names: dict[str, str] = {}
    members: dict[str, list[Page]] = {}
    for post in posts:
        seen: set[str] = set()
        for name in getattr(post, taxonomy):
            slug = term_slug(name)
            names.setdefault(slug, name)
            if slug not in seen:  # two spellings of one tag on a post count once
                seen.add(slug)
                members.setdefault(slug, []).append(post)
    terms = [
        Term(names[slug], slug, taxonomy, f"/{taxonomy}/{slug}/", tuple(members[slug]))
        for slug in members
    ]
    return tuple(sorted(terms, key=lambda t: (t.name.casefold(), t.slug)))


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
