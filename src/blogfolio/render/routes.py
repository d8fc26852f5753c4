"""Plan every page of output: URL, template and context. The one place for URL rules.

Stage: render. Two sources that want the same URL are an error naming both.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from blogfolio.cache.recall import Recall
from blogfolio.cache.same import alike
from blogfolio.config import CONFIG_FILE, SiteConfig
from blogfolio.config.load import find_key_line
from blogfolio.errors import Diagnostic, OutputError, SourceSpan
from blogfolio.model import Page, Site, Term
from blogfolio.render.collisions import Claim, known_collisions, page_claims
from blogfolio.render.portfolio import (
    networking_view,
    projects_of,
    reflections_of,
    resume_view,
    skills_view,
)
from blogfolio.render.post_routes import content_route, post_routes
from blogfolio.render.redirects import Redirect as Redirect
from blogfolio.render.redirects import normalise_alias as normalise_alias
from blogfolio.render.redirects import plan_redirects as plan_redirects
from blogfolio.render.route import Route as Route
from blogfolio.render.views import ListView, Paginator, PostView, ViewFactory, YearView, term_view
from blogfolio.urls import absolute_url


def plan(
    site: Site, config: SiteConfig, views: ViewFactory | None = None
) -> tuple[list[Route], list[Diagnostic]]:
    """List every route; report URL collisions instead of overwriting."""
    routes, _claims, problems = plan_claims(site, config, views or ViewFactory(site, config))
    return routes, problems


def plan_claims(
    site: Site, config: SiteConfig, views: ViewFactory
) -> tuple[list[Route], list[Claim], list[Diagnostic]]:
    """Every route, the output file each one claims, and the URL collisions among them."""
    page = _list_page(config)
    routes: list[Route] = []
    per_page = config.collection("posts").paginate
    home = views.posts(site.home_posts)  # pinned posts first
    routes += _paginated(views, home, "/", per_page, "home.html", ("home", config.title), page)
    routes += post_routes(site.posts, views)
    for other in site.pages:
        routes.append(content_route(views, views.full(other, None, None), other))
    for taxonomy, terms in (("tags", site.tags), ("categories", site.categories)):
        routes += _taxonomy_routes(taxonomy, terms, views, per_page, page)
    years = _years(site.posts, views)
    routes.append(
        views.recall.keep("archive route", years, lambda: Route(
            "/archives/",
            "archive.html",
            {"page": page("archive", "Archives", "/archives/"), "years": years},
            owner="the archives page",
        ))
    )  # fmt: skip
    for year in years:
        routes.append(views.recall.keep("year route", (year,), partial(_year_route, year, page)))
    routes += _portfolio_routes(site, config, views, page)
    not_found = {"page": page("404", "Page not found", "/404.html")}
    routes.append(
        _kept(views, Route("/404.html", "404.html", not_found, root_links=True,
                           owner="the 404 page"))
    )  # fmt: skip
    routes += [_kept(views, r) for r in _search_routes(config, page)]
    claims = route_claims(views, routes)
    collisions = known_collisions(views.recall, "route collisions", (), claims)
    return routes, claims, collisions + _escaping(site, config, views.recall)


def route_claims(views: ViewFactory, routes: Sequence[Route]) -> list[Claim]:
    """The output file each route claims, made once for each route object."""
    return views.recall.each("claim", routes, page_claims)


def _year_route(year: YearView, page: Callable[[str, str, str], ListView]) -> Route:
    context = {"page": page("archive", f"Posts from {year.year}", year.url), "years": (year,)}
    return Route(year.url, "archive.html", context, owner=f"the {year.year} archive")


def years_of(site: Site, views: ViewFactory) -> tuple[YearView, ...]:
    """Archive years, newest first, each with its posts, for `site.years`."""
    return _years(site.posts, views)


def _years(posts: Sequence[Page], views: ViewFactory) -> tuple[YearView, ...]:
    """The years of these cards (the same card objects: the same years, at one lookup)."""
    cards = views.posts(posts)
    return views.recall.keep("years", cards, partial(_group_years, posts, cards, views))


def _group_years(
    posts: Sequence[Page], cards: Sequence[PostView], views: ViewFactory
) -> tuple[YearView, ...]:
    by_year: dict[int, list[PostView]] = {}
    for post, card in zip(posts, cards, strict=True):
        if post.date is not None:
            by_year.setdefault(post.date.year, []).append(card)
    years: list[YearView] = []
    for year, items in sorted(by_year.items(), reverse=True):
        cards = tuple(items)
        make = partial(YearView, year, f"/archives/{year}/", len(cards), cards)
        years.append(views.recall.keep("year", cards, make, year))
    return tuple(years)


def _portfolio_routes(
    site: Site, config: SiteConfig, views: ViewFactory, page: Callable[[str, str, str], ListView]
) -> list[Route]:
    """Reflections, skills, projects gallery, networking log and résumé."""
    per_page = config.collection("posts").paginate
    routes = _paginated(
        views, views.posts(reflections_of(site)), "/reflections/", per_page, "reflections.html",
        ("term", "Reflections"), page,
    )  # fmt: skip
    skills = {"page": page("skills", "Skills", "/skills/"), "skills": skills_view(site, views)}
    routes.append(_kept(views, Route("/skills/", "skills.html", skills, owner="the skills page")))
    projects = projects_of(site)
    if projects:
        gallery = page("projects", "Projects", "/projects/")
        context = {"page": gallery, "projects": views.posts(projects)}
        gallery_route = Route("/projects/", "projects.html", context, owner="the projects gallery")
        routes.append(_kept(views, gallery_route))
    log = networking_view(site, config, views)
    if log is not None:
        context = {"page": page("networking", "Networking log", "/networking/"), "log": log}
        log_route = Route("/networking/", "networking.html", context, owner="the networking log")
        routes.append(_kept(views, log_route))
    resume = resume_view(site, config)
    if resume is not None and site.resume is not None:
        context = {"page": page("resume", "Résumé", "/resume/"), "resume": resume}
        source = site.resume.span_path
        routes.append(_kept(views, Route("/resume/", "resume.html", context, source,
                                         owner=str(source))))  # fmt: skip
    return routes


def _kept(views: ViewFactory, route: Route) -> Route:
    """The last build's route object for a route alike in every field (its views are made
    anew each build): render_pages then takes it by identity instead of digesting its
    context, which for the skills page holds every card that is evidence of a skill."""
    last = views.recall.get("alike route", (), route.url)
    if isinstance(last, Route) and alike(last, route):  # every field, `owner` too
        return last
    return views.recall.put("alike route", (), route, route.url)  # type: ignore[no-any-return]


def _search_routes(config: SiteConfig, page: Callable[[str, str, str], ListView]) -> list[Route]:
    """The search page, when [search] is on (the index itself is pipeline/search.py's)."""
    if not config.search.enabled:
        return []
    context = {"page": page("search", "Search", "/search/")}
    return [Route("/search/", "search.html", context, owner="the search page")]


def _taxonomy_routes(
    taxonomy: str,
    terms: Sequence[Term],
    views: ViewFactory,
    per_page: int,
    page: Callable[[str, str, str], ListView],
) -> list[Route]:
    label = "Tags" if taxonomy == "tags" else "Categories"
    index = f"/{taxonomy}/"
    views_of_terms = tuple(term_view(t) for t in terms)  # plain values: kept while equal
    routes = [
        views.recall.keep("terms route", (), lambda: Route(
            index,
            "terms.html",
            {"page": page("terms", label, index), "terms": views_of_terms, "taxonomy": taxonomy},
            owner=f"the {taxonomy} index",
        ), (taxonomy, views_of_terms))
    ]  # fmt: skip
    singular = "Tag" if taxonomy == "tags" else "Category"
    for term in terms:
        view = term_view(term)
        routes += _paginated(
            views, views.posts(term.posts), term.url, per_page, "term.html",
            ("term", f"{singular}: {term.name}"), page, {"term": view},
        )  # fmt: skip
    return routes


def _paginated(
    views: ViewFactory,
    items: tuple[PostView, ...],
    base: str,
    per_page: int,
    template: str,
    heading: tuple[str, str],
    page: Callable[[str, str, str], ListView],
    extra: Mapping[str, Any] | None = None,
) -> list[Route]:
    """The pages of a list; a page whose cards (the same view objects) and place in the
    list are unchanged since an earlier build is that build's route object, and a list
    of the same cards is that build's list (a tag of thousands of posts: one lookup)."""

    def pages() -> tuple[Route, ...]:
        total = max(1, -(-len(items) // per_page))
        routes: list[Route] = []
        around = (template, heading, base, total, len(items), tuple((extra or {}).items()))
        for number in range(1, total + 1):
            chunk = items[(number - 1) * per_page : number * per_page]
            known = views.recall.get("list route", chunk, (around, number))
            if known is not None:
                routes.append(known)
                continue
            paginator = Paginator(
                items=chunk,
                number=number,
                total_pages=total,
                total_items=len(items),
                prev_url=_paged(base, number - 1) if number > 1 else None,
                next_url=_paged(base, number + 1) if number < total else None,
                first_url=base,
                last_url=_paged(base, total),
            )
            url = _paged(base, number)
            context = {"page": page(*heading, url), "paginator": paginator, **(extra or {})}
            route = Route(url, template, context, owner=f"page {number} of {base}")
            routes.append(views.recall.put("list route", chunk, route, (around, number)))
        return tuple(routes)

    whole = (template, heading, base, per_page, tuple((extra or {}).items()))
    return list(views.recall.keep("list routes", items, pages, whole))


def _paged(base: str, number: int) -> str:
    return base if number <= 1 else f"{base}page/{number}/"


def _list_page(config: SiteConfig) -> Callable[[str, str, str], ListView]:
    def make(kind: str, title: str, url: str) -> ListView:
        return ListView(kind, title, url, absolute_url(config.base_url, url), config.description)

    return make


def _escaping(site: Site, config: SiteConfig, recall: Recall) -> list[Diagnostic]:
    """A permalink pattern whose URLs leave the site (`/../{slug}/`), once per collection.
    When the last build's pages passed, only the pages new since are checked again."""
    pages = (*site.posts, *site.pages)
    last = recall.latest("escaping")
    if isinstance(last, tuple) and len(last) == len(pages):
        changed = (page for page, was in zip(pages, last, strict=True) if page is not was)
        if not any(map(_escapes, changed)):
            recall.set_latest("escaping", pages)
            return []
    problems: list[Diagnostic] = []
    reported: set[str] = set()
    for page in pages:
        if page.collection in reported or not _escapes(page):
            continue
        reported.add(page.collection)
        pattern = config.collection(page.collection).permalink
        key = ("collections", page.collection, "permalink")
        problems.append(
            OutputError(
                f"'{'.'.join(key)}': {pattern!r} makes URLs outside the site, "
                f"such as {page.url} for {page.span_path}",
                _config_span(config, key),
                hint="a permalink is a site path without '.' or '..' segments, "
                'such as "/posts/{year}/{slug}/"',
            ).to_diagnostic()
        )
    recall.set_latest("escaping", None if problems else pages)
    return problems


def _escapes(page: Page) -> bool:
    return bool({".", ".."} & set(page.url.split("/"))) or "\\" in page.url


def _config_span(config: SiteConfig, key: tuple[str, ...]) -> SourceSpan:
    try:
        lines = (config.root / CONFIG_FILE).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return SourceSpan(Path(CONFIG_FILE))
    return SourceSpan(Path(CONFIG_FILE), find_key_line(lines, key))
