"""Views of the portfolio pages: networking log, skills, projects and résumé.

Stage: render. Part of the template contract beside views.py. Private
networking entries reach these views only as numbers; their names, details
and `private:` values never do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from markupsafe import Markup

from blogfolio.config import SiteConfig
from blogfolio.content.networking import (
    CHANNELS,
    KINDS,
    contact_anchor,
    contact_url,
    label,
    nest_html,
)
from blogfolio.content.pages import make_slug
from blogfolio.content.resume import SECTIONS
from blogfolio.model import Contact, Link, Page, Site
from blogfolio.render.env import MONTHS
from blogfolio.render.views import PostView, ViewFactory


@dataclass(frozen=True, slots=True)
class ChainLink:
    """One step of an introduction chain: `.name` and `.url` (None for private entries)."""

    name: str
    url: str | None


@dataclass(frozen=True, slots=True)
class ContactView:
    """A public networking-log entry on the log page."""

    id: str
    """Anchor on the log page ("contact-jane-doe"; a code without consent, see contact_anchor)."""
    name: str
    """Full name with consent, initials without."""
    initials_only: bool
    role: str
    organization: str
    connection: str
    date: datetime
    channel: str
    channel_label: str
    kind: str
    kind_label: str
    questions: tuple[str, ...]
    content: Markup
    """What was learned (the entry's body)."""
    introduced_by: tuple[ChainLink, ...]
    """Who introduced whom, nearest first."""
    cited_by: tuple[PostView, ...]
    """Posts and projects that relate to this entry, newest first."""


@dataclass(frozen=True, slots=True)
class MonthView:
    """A month of the timeline: public entries and how many private ones."""

    id: str
    """Anchor ("month-2025-03")."""
    title: str
    """"March 2025"."""
    entries: tuple[ContactView, ...]
    private_count: int


@dataclass(frozen=True, slots=True)
class CountView:
    """One row of a count table: `.label`, `.value` (the raw channel or kind), `.count`."""

    label: str
    value: str
    count: int


@dataclass(frozen=True, slots=True)
class NetworkingView:
    """`log` on the networking page."""

    months: tuple[MonthView, ...]
    entries: tuple[ContactView, ...]
    """Public entries, newest first."""
    total: int
    """Every entry (0 when counts are turned off and there are no public entries)."""
    public_count: int
    private_count: int
    by_channel: tuple[CountView, ...]
    by_kind: tuple[CountView, ...]
    show_counts: bool


@dataclass(frozen=True, slots=True)
class SkillView:
    """A skill with its evidence, newest first."""

    id: str
    name: str
    slug: str
    description: str
    declared: bool
    evidence: tuple[PostView, ...]


@dataclass(frozen=True, slots=True)
class SkillGroupView:
    """A group of skills on the skills page."""

    name: str
    description: str
    skills: tuple[SkillView, ...]


@dataclass(frozen=True, slots=True)
class SkillsView:
    """`skills` on the skills page."""

    groups: tuple[SkillGroupView, ...]
    source: str
    """The skills file, or "" for the built-in NACE competencies."""
    with_evidence: int
    """How many skills have at least one piece of evidence."""


@dataclass(frozen=True, slots=True)
class ResumeSection:
    """A section of the résumé: `.key` (JSON Resume's name), `.title`, `.entries`."""

    key: str
    title: str
    entries: tuple[Mapping[str, Any], ...]
    """JSON Resume entries with every key present, plus `dates` (display text) and
    `evidence` (links, each `.title`, `.url`)."""


@dataclass(frozen=True, slots=True)
class ResumeView:
    """`resume` on the résumé page."""

    basics: Mapping[str, Any]
    """JSON Resume `basics`, every key present; `phone` and the street address are
    empty unless published on purpose."""
    sections: tuple[ResumeSection, ...]


SECTION_TITLES = {
    "work": "Experience", "education": "Education", "projects": "Projects",
    "volunteer": "Volunteering", "skills": "Skills", "awards": "Awards",
    "certificates": "Certificates", "publications": "Publications",
    "languages": "Languages", "interests": "Interests", "references": "References",
}  # fmt: skip
"""Sections in the order the page shows them."""


def projects_of(site: Site) -> list[Page]:
    """Items of the projects collection, newest first."""
    projects = [p for p in site.pages if p.collection == "projects"]
    return sorted(projects, key=lambda p: (p.date or site.build_date, p.title), reverse=True)


def reflections_of(site: Site) -> list[Page]:
    """Posts with `kind: reflection`, newest first."""
    return [p for p in site.posts if p.kind == "reflection"]


def _evidence_pages(site: Site) -> list[Page]:
    projects = projects_of(site)
    if not projects:  # posts come sorted by this key already (then by URL, kept by `sorted`)
        return list(site.posts)
    items = [*site.posts, *projects]
    return sorted(items, key=lambda p: (p.date or site.build_date, p.title), reverse=True)


def networking_view(site: Site, config: SiteConfig, views: ViewFactory) -> NetworkingView | None:
    """The log page's view; None when there is nothing it may show."""
    show_counts = config.networking.show_counts
    public = [c for c in site.contacts if c.public]
    if not config.networking.page or not (public or (show_counts and site.contacts)):
        return None
    cited: dict[str, list[PostView]] = {}
    for page in _evidence_pages(site):
        for name in page.contacts:
            cited.setdefault(name.removesuffix(".md"), []).append(views.post(page))
    by_slug = {c.slug: c for c in site.contacts}
    entries = {c.slug: _contact_view(c, by_slug, cited.get(c.slug, [])) for c in public}
    shown = site.contacts if show_counts else public
    months: dict[tuple[int, int], list[Contact]] = {}
    for contact in shown:
        months.setdefault((contact.date.year, contact.date.month), []).append(contact)
    return NetworkingView(
        months=tuple(
            MonthView(
                f"month-{year:04d}-{month:02d}",
                f"{MONTHS[month - 1]} {year}",
                tuple(entries[c.slug] for c in members if c.public),
                sum(1 for c in members if not c.public),
            )
            for (year, month), members in sorted(months.items(), reverse=True)
        ),
        entries=tuple(entries[c.slug] for c in public),
        total=len(shown),
        public_count=len(public),
        private_count=len(shown) - len(public),
        by_channel=_counts(shown, "channel", CHANNELS) if show_counts else (),
        by_kind=_counts(shown, "kind", KINDS) if show_counts else (),
        show_counts=show_counts,
    )


def _counts(contacts: Sequence[Contact], field: str, order: Sequence[str]) -> tuple[CountView, ...]:
    tally: dict[str, int] = {}
    for contact in contacts:
        value = getattr(contact, field)
        if value:
            tally[value] = tally.get(value, 0) + 1
    return tuple(CountView(label(v), v, tally[v]) for v in order if v in tally)


def _contact_view(
    contact: Contact, by_slug: Mapping[str, Contact], cited: Sequence[PostView]
) -> ContactView:
    anchor = contact_anchor(contact)
    chain: list[ChainLink] = []
    seen = {contact.slug}
    step = by_slug.get(contact.introduced_by or "")
    while step is not None and step.slug not in seen:
        seen.add(step.slug)
        if step.public:
            chain.append(ChainLink(step.display_name, contact_url(step)))
        else:
            chain.append(ChainLink("a private contact", None))
        step = by_slug.get(step.introduced_by or "")
    body = contact.body.html if contact.body is not None else ""
    return ContactView(
        id=anchor,
        name=contact.display_name,
        initials_only=not contact.consent,
        role=contact.role,
        organization=contact.organization,
        connection=contact.connection,
        date=contact.date,
        channel=contact.channel,
        channel_label=label(contact.channel),
        kind=contact.kind,
        kind_label=label(contact.kind),
        questions=contact.questions,
        content=Markup(nest_html(body, anchor, 2)),
        introduced_by=tuple(chain),
        cited_by=tuple(cited),
    )


def skills_view(site: Site, views: ViewFactory) -> SkillsView:
    """Every skill, declared ones in their groups and the rest under "Other skills"; the
    same skill framework and evidence cards (the same objects) give the same view."""
    pages = _evidence_pages(site)
    cards = views.posts(pages)
    make = partial(_skills_view, site, pages, cards)
    return views.recall.keep("skills view", (site.skills, *cards), make)


def _skills_view(site: Site, pages: Sequence[Page], cards: Sequence[PostView]) -> SkillsView:
    evidence: dict[str, list[PostView]] = {}
    names: dict[str, str] = {}
    for page, card in zip(pages, cards, strict=True):
        for name in page.skills:
            slug = make_slug(name) or "skill"
            names.setdefault(slug, name)
            evidence.setdefault(slug, []).append(card)
    groups: list[SkillGroupView] = []
    declared: set[str] = set()
    for group in site.skills.groups if site.skills else ():
        skills = []
        for skill in group.skills:
            declared.add(skill.slug)
            items = tuple(evidence.get(skill.slug, ()))
            view = SkillView(
                f"skill-{skill.slug}", skill.name, skill.slug, skill.description, True, items
            )
            skills.append(view)
        groups.append(SkillGroupView(group.name, group.description, tuple(skills)))
    others = sorted((s for s in evidence if s not in declared), key=lambda s: names[s].casefold())
    if others:
        extra = tuple(
            SkillView(f"skill-{s}", names[s], s, "", False, tuple(evidence[s])) for s in others
        )
        note = "Skills tagged on posts but not declared."
        groups.append(SkillGroupView("Other skills", note, extra))
    source = site.skills.source if site.skills else ""
    count = sum(1 for g in groups for s in g.skills if s.evidence)
    return SkillsView(tuple(groups), source, count)


def resume_view(site: Site, config: SiteConfig) -> ResumeView | None:
    """The résumé with every key present, display dates and evidence links."""
    if site.resume is None:
        return None
    data = site.resume.data
    titles = {p.rel: Link(p.title, p.url) for p in (*site.posts, *site.pages)}
    if config.networking.page:
        public = (c for c in site.contacts if c.public)
        titles.update({c.rel: Link(c.display_name, contact_url(c)) for c in public})
    raw_basics = data.get("basics", {})
    keys = ("name", "label", "image", "email", "phone", "url", "summary")
    basics: dict[str, Any] = {key: raw_basics.get(key, "") for key in keys}
    basics["name"] = basics["name"] or config.author.name or config.title
    location = raw_basics.get("location", {})
    basics["location"] = {
        k: location.get(k, "") for k in ("address", "postalCode", "city", "region", "countryCode")
    }
    basics["profiles"] = tuple(
        {k: p.get(k, "") for k in ("network", "username", "url")}
        for p in raw_basics.get("profiles", ())
    )
    sections = []
    for key, title in SECTION_TITLES.items():
        entries = tuple(_entry(item, key, titles) for item in data.get(key, ()))
        if entries:
            sections.append(ResumeSection(key, title, entries))
    return ResumeView(basics, tuple(sections))


_HEADINGS = {
    "work": ("position", "name"), "volunteer": ("position", "organization"),
    "education": ("area", "institution"), "projects": ("name", "entity"),
    "awards": ("title", "awarder"), "certificates": ("name", "issuer"),
    "publications": ("name", "publisher"), "skills": ("name", "level"),
    "languages": ("language", "fluency"), "interests": ("name", ""), "references": ("name", ""),
}  # fmt: skip
"""Per section: the key shown as an entry's title, and the one shown after it."""
_GENERIC = {"url": "", "highlights": (), "courses": (), "keywords": (), "roles": ()}


def _entry(item: Mapping[str, Any], section: str, titles: Mapping[str, Link]) -> dict[str, Any]:
    schema = SECTIONS[section]
    entry: dict[str, Any] = dict(_GENERIC)
    for key, kind in schema.items():
        value = item.get(key, () if kind == "texts" else "")
        entry[key] = tuple(value) if kind == "texts" else value
    title_key, sub_key = _HEADINGS[section]
    title, subtitle = entry[title_key], entry[sub_key] if sub_key else ""
    if section == "education" and entry["studyType"]:
        title = f"{entry['studyType']}, {title}" if title else entry["studyType"]
    if not title:
        title, subtitle = subtitle, ""
    entry["title"], entry["subtitle"] = title, subtitle
    texts = ("summary", "description", "reference", "score")
    entry["text"] = next((entry[k] for k in texts if entry.get(k)), "")
    start = _month(item.get("startDate", ""))
    single = _month(item.get("date", "") or item.get("releaseDate", ""))
    end = _month(item.get("endDate", "")) or "Present"
    entry["dates"] = f"{start} \u2013 {end}" if start else single
    entry["evidence"] = tuple(titles[rel] for rel in item.get("evidence", ()) if rel in titles)
    return entry


def _month(value: str) -> str:
    """ "2024-09" → "Sep 2024"; "2024" stays "2024"."""
    if len(value) >= 7:
        return f"{MONTHS[int(value[5:7]) - 1][:3]} {value[:4]}"
    return value
