"""What templates see: the documented theme contract.

Stage: render. Templates get these views, never the models, so the models can
change without breaking themes. Imports `model`, `config` and `urls`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from markupsafe import Markup, escape

from blogfolio import __version__
from blogfolio.cache.recall import Entry, Recall
from blogfolio.config import SiteConfig
from blogfolio.content.networking import contact_url
from blogfolio.content.pages import make_slug
from blogfolio.model import Comment, Contact, MenuEntry, Page, ProjectInfo, Site, Term, TocEntry
from blogfolio.render.colours import make_accent
from blogfolio.render.comment_views import CommentsView, comments_view
from blogfolio.render.profile import (
    ProfileView,
    copyright_years,
    featured_projects,
    latest_reflections,
    profile_view,
)
from blogfolio.site import term_slug
from blogfolio.urls import absolute_url

_EMPTY = Markup("")


@dataclass(frozen=True, slots=True)
class TermView:
    """A tag or category: `.name`, `.slug`, `.url`, `.count`, `.taxonomy`."""

    name: str
    slug: str
    url: str
    count: int
    taxonomy: str


@dataclass(frozen=True, slots=True)
class SkillRef:
    """A skill a page gives evidence for: `.name`, `.slug`, `.url` (its place on /skills/),
    `.declared` (false for a name not in the skills framework)."""

    name: str
    slug: str
    url: str
    declared: bool


@dataclass(frozen=True, slots=True)
class ContactRef:
    """A public networking-log entry a page relates to: `.name` (initials without consent),
    `.role`, `.organization`, `.url` (its place on the log page, or None without one)."""

    name: str
    role: str
    organization: str
    url: str | None


@dataclass(frozen=True, slots=True)
class PostView:
    """A post or page as templates see it; `content`, `toc`, `prev`, `next` on its own page."""

    type: str
    """"post" or "page"."""
    title: str
    url: str
    permalink: str
    description: str
    date: datetime | None
    updated: datetime | None
    summary: Markup
    tags: tuple[TermView, ...]
    categories: tuple[TermView, ...]
    reading_time: int
    word_count: int
    """Words in the body."""
    kind: str
    draft: bool
    collection: str
    slug: str
    source: str
    """Source path relative to `content/`."""
    image: str
    extra: Mapping[str, Any]
    content: Markup = _EMPTY
    toc: tuple[TocEntry, ...] = ()
    prev: PostView | None = None
    """The next older post."""
    next: PostView | None = None
    """The next newer post."""
    comment_count: int = 0
    """Published comments (for lists: "3 comments")."""
    comments: CommentsView | None = None
    """On a post's own page: its thread and reply settings (see comment_views.py);
    None when comments are off."""
    skills: tuple[SkillRef, ...] = ()
    """Skills the page gives evidence for."""
    contacts: tuple[ContactRef, ...] = ()
    """Public networking-log entries it relates to."""
    private_contacts: int = 0
    """How many private entries it relates to (never who)."""
    project: ProjectInfo | None = None
    """`.role`, `.tools`, `.links` (each `.title`, `.url`) for items of the projects collection."""
    pinned: bool = False
    """`pinned: true`: the home page lists it first."""
    featured: bool = False
    """`featured: true` in front matter: the home page shows the project."""
    related: tuple[PostView, ...] = ()
    """On a post's own page: up to three posts sharing its tags and skills (related.py)."""
    has_code: bool = False
    """On its own page: the body or a comment holds highlighted code, so the page links
    the highlighting stylesheet."""


@dataclass(frozen=True, slots=True)
class ListView:
    """`page` on list pages (home, term, terms, archive, 404)."""

    type: str
    title: str
    url: str
    permalink: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Paginator:
    """One page of a paginated list."""

    items: tuple[PostView, ...]
    number: int
    total_pages: int
    total_items: int
    prev_url: str | None
    next_url: str | None
    first_url: str
    last_url: str


@dataclass(frozen=True, slots=True)
class YearView:
    """A year of the archive."""

    year: int
    url: str
    count: int
    posts: tuple[PostView, ...] = ()


@dataclass(frozen=True, slots=True)
class FeedLinks:
    """Site paths of the feeds."""

    atom: str = "/atom.xml"
    rss: str = "/rss.xml"
    json: str = "/feed.json"


@dataclass(frozen=True, slots=True)
class SiteView:
    """`site` in every template."""

    title: str
    author: str
    description: str
    language: str
    base_url: str
    menu: tuple[MenuEntry, ...]
    tags: tuple[TermView, ...]
    categories: tuple[TermView, ...]
    years: tuple[YearView, ...]
    recent_posts: tuple[PostView, ...]
    feeds: FeedLinks
    generator: str
    build_date: datetime
    data: Mapping[str, Any]
    profile: ProfileView | None = None
    """Who the site is about: name, photo, intro, links (profile.py)."""
    featured: tuple[PostView, ...] = ()
    """Projects with `featured: true`, for the home page."""
    reflections: tuple[PostView, ...] = ()
    """The latest reflections, as many as `[home] reflections`."""
    home_sections: tuple[str, ...] = ()
    """`[home] sections`: what the home page shows, in order."""
    copyright: tuple[int, int] = (0, 0)
    """First and last year of the dated content, for the footer's notice."""
    accent: str = ""
    """Custom properties of the `[theme] accent` colour for `<html style>`, or ""."""
    favicon: str = "favicon.svg"
    """Static path of the site's icon."""
    search_url: str = ""
    """The search page, or empty when [search] is off (no page, no box)."""


class _Card:
    """A page and the card made of it; the card's repr, which is everything it shows,
    written out only when the page is replaced (`ViewFactory.post`)."""

    __slots__ = ("_repr", "page", "view")

    def __init__(self, page: Page, view: PostView, shows: str | None = None) -> None:
        self.page = page
        self.view = view
        self._repr = shows

    def shows(self) -> str:
        """The card's repr: two cards with one repr render alike (a date keeps its
        offset, Markup stays apart from text, a dict keeps its order)."""
        if self._repr is None:
            self._repr = repr(self.view)
        return self._repr


CARDS = "card walk"
"""The `Recall.latest` table of the last build's cards in page order."""


class _CardWalk(NamedTuple):
    around: str
    pages: tuple[Page, ...]
    cards: tuple[PostView, ...]
    pins: tuple[Entry | None, ...]
    """Each card's "card by url" entry."""


def term_view(term: Term) -> TermView:
    """View of a tag or category."""
    return TermView(term.name, term.slug, term.url, len(term.posts), term.taxonomy)


class ViewFactory:
    """Builds each page's view once per build; lists and neighbours share them.

    With a `Recall`, a view is also kept across builds: an unchanged page (the same
    object) seen among unchanged terms, contacts and skills gets the same view object.
    """

    def __init__(self, site: Site, config: SiteConfig, recall: Recall | None = None) -> None:
        self.config = config
        self.terms = {(t.taxonomy, t.slug): term_view(t) for t in (*site.tags, *site.categories)}
        self.contacts: dict[str, Contact] = {c.slug: c for c in site.contacts}
        declared = site.skills.groups if site.skills else ()
        self.declared = {s.slug for g in declared for s in g.skills}
        self._by_id: dict[int, PostView] = {}
        """This build's cards by page identity (ids stay valid: `_seen` and `_pages` hold
        every page they were made of)."""
        self._seen: list[Page] = []
        self.recall = recall if recall is not None else Recall(enabled=False)
        """Views, and routes made of them, kept from earlier builds."""
        self._around = self._surroundings()
        self._pages = (*site.posts, *site.pages)
        self._walked = self._take_cards()
        for page in self._pages:  # every card made now, so `posts` finds each in one pass
            if id(page) not in self._by_id:
                self.post(page)

    def _take_cards(self) -> _CardWalk | None:
        """Give every page that is the same object at the same place as in the last build
        (`serve`) that build's card, without a lookup: a card depends only on its page
        and `around`."""
        last = self.recall.latest(CARDS)
        if not isinstance(last, _CardWalk) or len(last.pages) != len(self._pages):
            return None
        if last.around != self._around:
            return None
        by_id = self._by_id
        for page, was, card in zip(self._pages, last.pages, last.cards, strict=True):
            if page is was:
                by_id[id(page)] = card
        return last

    def keep_cards(self) -> None:
        """Leave this build's cards, in page order, for the next build's walk; pin the
        entries a walked card stands for, so a shifted order still finds them."""
        last = self._walked
        cards = tuple(map(self._by_id.__getitem__, map(id, self._pages)))  # all made at start
        pins: list[Entry | None] = []
        for place, page in enumerate(self._pages):
            if last is not None and last.pages[place] is page:
                pins.append(last.pins[place])
            else:
                pins.append(self.recall.held("card by url", (), (page.url, self._around)))
        walk = _CardWalk(self._around, self._pages, cards, tuple(pins))
        self.recall.set_latest(CARDS, walk, walk.pins)

    @property
    def around(self) -> str:
        """Everything a view reads besides its page and the configuration, written out:
        part of the key of whatever is made of views."""
        return self._around

    def _surroundings(self) -> str:
        """Everything a view reads besides its page and the configuration, written out."""
        contacts = sorted((slug, c.public, self.contact(c)) for slug, c in self.contacts.items())
        return repr((sorted(self.terms.items()), contacts, sorted(self.declared)))

    def post(self, page: Page) -> PostView:
        """The list view (card) of a page, without its body.

        A card is remembered by its URL. A new page object (the post was edited) whose
        card shows exactly what the last one showed keeps the last card object, so the
        lists made of it, its neighbours' views and the related posts that show it stay
        as they were: a body edit changes the post's own view and nothing else.
        """
        made = self._by_id.get(id(page))
        if made is not None:
            return made
        last: _Card | None = self.recall.get("card by url", (), (page.url, self._around))
        if last is not None and last.page is page:
            view = last.view
        else:
            self.recall.count("card")
            card = _Card(page, self._make_post(page))
            if last is not None and last.shows() == card.shows():
                card = _Card(page, last.view, last.shows())
            self.recall.put("card by url", (), card, (page.url, self._around))
            view = card.view
        self._by_id[id(page)] = view
        self._seen.append(page)
        return view

    def _make_post(self, page: Page) -> PostView:
        summary = Markup(escape(page.summary)) if page.summary else Markup(page.body.summary_html)
        found = (self.contacts.get(name.removesuffix(".md")) for name in page.contacts)
        cited = [c for c in found if c is not None]
        view = PostView(
            type="post" if page.collection == "posts" else "page",
            title=page.title,
            url=page.url,
            permalink=absolute_url(self.config.base_url, page.url),
            description=page.description or _plain(page.summary or page.body.summary_html),
            date=page.date,
            updated=page.updated,
            summary=summary,
            tags=self._terms("tags", page.tags),
            categories=self._terms("categories", page.categories),
            reading_time=page.reading_time,
            word_count=page.body.word_count,
            kind=page.kind,
            draft=page.draft,
            collection=page.collection,
            slug=page.slug,
            source=page.rel,
            image=page.image,
            extra=page.extra,
            comment_count=page.comments.count if page.comments else 0,
            skills=tuple(self.skill(name) for name in page.skills),
            contacts=tuple(self.contact(c) for c in cited if c.public),
            private_contacts=sum(1 for c in cited if not c.public),
            project=page.project,
            pinned=page.pinned,
            featured=page.extra.get("featured") is True,
        )
        return view

    def skill(self, name: str) -> SkillRef:
        """The reference to a skill, linking to its place on the skills page."""
        slug = make_slug(name) or "skill"
        return SkillRef(name, slug, f"/skills/#skill-{slug}", slug in self.declared)

    def contact(self, contact: Contact) -> ContactRef:
        """The public face of a networking-log entry."""
        url = contact_url(contact) if self.config.networking.page else None
        return ContactRef(contact.display_name, contact.role, contact.organization, url)

    def full(
        self,
        page: Page,
        older: Page | None,
        newer: Page | None,
        related: Sequence[Page] = (),
    ) -> PostView:
        """The view of a page on its own URL, with body, contents, neighbours and related
        posts."""
        # Neighbours and related posts show only their cards, which outlive edits that
        # leave them unchanged.
        made_of = (page, *(self.post(p) if p else None for p in (older, newer)),
                   *self.posts(related))  # fmt: skip
        known = self.recall.get("full", made_of, self._around)
        if known is not None:
            return known  # type: ignore[no-any-return]
        comments = (
            comments_view(page.comments, page.title, page.url, self.config)
            if page.comments
            else None
        )
        view = dataclasses.replace(
            self.post(page),
            content=Markup(page.body.html),
            toc=page.body.toc,
            prev=self.post(older) if older else None,
            next=self.post(newer) if newer else None,
            comments=comments,
            related=self.posts(related),
            has_code=_has_code(page),
        )
        return self.recall.put("full", made_of, view, self._around)  # type: ignore[no-any-return]

    def posts(self, pages: Sequence[Page]) -> tuple[PostView, ...]:
        """List views of several pages (a tag's thousands of posts: looked up in C when
        every card was made already)."""
        try:
            return tuple(map(self._by_id.__getitem__, map(id, pages)))
        except KeyError:
            return tuple(map(self.post, pages))

    def _terms(self, taxonomy: str, names: Sequence[str]) -> tuple[TermView, ...]:
        keys = [(taxonomy, term_slug(n)) for n in names]
        return tuple(self.terms[k] for k in keys if k in self.terms)

    def site(
        self, site: Site, years: Sequence[YearView], favicon: str = "favicon.svg"
    ) -> SiteView:
        """The `site` object."""
        config = self.config
        return SiteView(
            title=config.title,
            author=config.author.name,
            description=config.description,
            language=config.language,
            base_url=config.base_url,
            menu=site.menu,
            tags=tuple(term_view(t) for t in site.tags),
            categories=tuple(term_view(t) for t in site.categories),
            years=tuple(years),
            recent_posts=self.posts(site.posts[:5]),
            feeds=FeedLinks(),
            generator=f"blogfolio {__version__}",
            build_date=site.build_date,
            data=site.data,
            profile=profile_view(config, site),
            featured=self.posts(featured_projects(site)),
            reflections=self.posts(latest_reflections(site, config.home.reflections)),
            home_sections=tuple(config.home.sections),
            copyright=copyright_years(site),
            accent=make_accent(config.theme.accent).style if config.theme.accent else "",
            favicon=favicon,
            search_url="/search/" if config.search.enabled else "",
        )


_CODE = '<pre class="highlight">'


def _has_code(page: Page) -> bool:
    """Whether the page shows code that highlight.css colours (Markdown marks it so)."""
    if _CODE in page.body.html:
        return True
    thread = page.comments
    return thread is not None and any(_CODE in c.html for c in _all_comments(thread.comments))


def _all_comments(comments: Sequence[Comment]) -> list[Comment]:
    out: list[Comment] = []
    for comment in comments:
        out.append(comment)
        out += _all_comments(comment.replies)
    return out


def _plain(html: str) -> str:
    return " ".join(Markup(html).striptags().split())
