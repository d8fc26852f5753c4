"""Plan every page of output: URL, template and context. The one place for URL rules.

Stage: render. Two sources that want the same URL are an error naming both.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from blogfolio.config import SiteConfig
from blogfolio.errors import Diagnostic, OutputError, SourceSpan
from blogfolio.model import Page, Site, Term
from blogfolio.render.portfolio import (
    networking_view,
    projects_of,
    reflections_of,
    resume_view,
    skills_view,
)
from blogfolio.render.views import ListView, Paginator, PostView, ViewFactory, YearView, term_view
from blogfolio.urls import absolute_url, output_file


@dataclass(frozen=True, slots=True)
class Route:
    """One HTML page to render."""

    url: str
    """Site path."""
    template: str
    """Template name."""
    context: Mapping[str, Any]
    """Variables besides `site` and the helpers."""
    source: Path | None = None
    """Content file behind the page, for error messages."""
    source_line: int | None = None
    """Line in `source` that chose the template (its `template:` key)."""
    root_links: bool = False
    """Write links from the site root (404 pages are served at any depth)."""
    owner: str = field(default="", compare=False)
    """Who asked for this URL, named in collision errors."""

    @property
    def output_path(self) -> str:
        """File under the output folder."""
        return output_file(self.url)


def plan(
    site: Site, config: SiteConfig, views: ViewFactory | None = None
) -> tuple[list[Route], list[Diagnostic]]:
    """List every route; report URL collisions instead of overwriting."""
    views = views or ViewFactory(site, config)
    page = _list_page(config)
    routes: list[Route] = []
    per_page = config.collection("posts").paginate
    routes += _paginated(
        views.posts(site.posts),
        "/",
        per_page,
        "home.html",
        lambda n: page("home", config.title, _paged("/", n)),
    )
    for i, post in enumerate(site.posts):
        older = site.posts[i + 1] if i + 1 < len(site.posts) else None
        newer = site.posts[i - 1] if i > 0 else None
        routes.append(_content_route(views.full(post, older, newer), post))
    for other in site.pages:
        routes.append(_content_route(views.full(other, None, None), other))
    for taxonomy, terms in (("tags", site.tags), ("categories", site.categories)):
        routes += _taxonomy_routes(taxonomy, terms, views, per_page, page)
    years = _years(site.posts, views)
    routes.append(
        Route(
            "/archives/",
            "archive.html",
            {"page": page("archive", "Archives", "/archives/"), "years": years},
            owner="the archives page",
        )
    )
    for year in years:
        title = f"Posts from {year.year}"
        routes.append(
            Route(
                year.url,
                "archive.html",
                {"page": page("archive", title, year.url), "years": (year,)},
                owner=f"the {year.year} archive",
            )
        )
    routes += _portfolio_routes(site, config, views, page)
    routes.append(
        Route(
            "/404.html",
            "404.html",
            {"page": page("404", "Page not found", "/404.html")},
            root_links=True,
            owner="the 404 page",
        )
    )
    return routes, _collisions(routes)


def years_of(site: Site, views: ViewFactory) -> tuple[YearView, ...]:
    """Archive years, newest first, each with its posts, for `site.years`."""
    return _years(site.posts, views)


def _years(posts: Sequence[Page], views: ViewFactory) -> tuple[YearView, ...]:
    by_year: dict[int, list[PostView]] = {}
    for post in posts:
        if post.date is not None:
            by_year.setdefault(post.date.year, []).append(views.post(post))
    return tuple(
        YearView(year, f"/archives/{year}/", len(items), tuple(items))
        for year, items in sorted(by_year.items(), reverse=True)
    )


def _content_route(view: PostView, page: Page) -> Route:
    template = page.template or _TEMPLATES.get(page.collection, "page.html")
    return Route(
        page.url,
        template,
        {"page": view},
        page.span_path,
        page.template_line if page.template else None,
        owner=str(page.span_path),
    )


_TEMPLATES = {"posts": "post.html", "projects": "project.html"}


def _portfolio_routes(
    site: Site, config: SiteConfig, views: ViewFactory, page: Callable[[str, str, str], ListView]
) -> list[Route]:
    """Reflections, skills, projects gallery, networking log and résumé."""
    per_page = config.collection("posts").paginate
    routes = _paginated(
        views.posts(reflections_of(site)),
        "/reflections/",
        per_page,
        "reflections.html",
        functools.partial(_term_page, page, "Reflections", "/reflections/"),
    )
    skills = {"page": page("skills", "Skills", "/skills/"), "skills": skills_view(site, views)}
    routes.append(Route("/skills/", "skills.html", skills, owner="the skills page"))
    projects = projects_of(site)
    if projects:
        gallery = page("projects", "Projects", "/projects/")
        context = {"page": gallery, "projects": views.posts(projects)}
        routes.append(Route("/projects/", "projects.html", context, owner="the projects gallery"))
    log = networking_view(site, config, views)
    if log is not None:
        context = {"page": page("networking", "Networking log", "/networking/"), "log": log}
        routes.append(Route("/networking/", "networking.html", context, owner="the networking log"))
    resume = resume_view(site, config)
    if resume is not None and site.resume is not None:
        context = {"page": page("resume", "Résumé", "/resume/"), "resume": resume}
        source = site.resume.span_path
        routes.append(Route("/resume/", "resume.html", context, source, owner=str(source)))
    return routes


def _taxonomy_routes(
    taxonomy: str,
    terms: Sequence[Term],
    views: ViewFactory,
    per_page: int,
    page: Callable[[str, str, str], ListView],
) -> list[Route]:
    label = "Tags" if taxonomy == "tags" else "Categories"
    index = f"/{taxonomy}/"
    routes = [
        Route(
            index,
            "terms.html",
            {
                "page": page("terms", label, index),
                "terms": tuple(term_view(t) for t in terms),
                "taxonomy": taxonomy,
            },
            owner=f"the {taxonomy} index",
        )
    ]
    singular = "Tag" if taxonomy == "tags" else "Category"
    for term in terms:
        view = term_view(term)
        routes += _paginated(
            views.posts(term.posts),
            term.url,
            per_page,
            "term.html",
            functools.partial(_term_page, page, f"{singular}: {term.name}", term.url),
            {"term": view},
        )
    return routes


def _term_page(
    page: Callable[[str, str, str], ListView], title: str, base: str, n: int
) -> ListView:
    return page("term", title, _paged(base, n))


def _paginated(
    items: tuple[PostView, ...],
    base: str,
    per_page: int,
    template: str,
    make_page: Callable[[int], ListView],
    extra: Mapping[str, Any] | None = None,
) -> list[Route]:
    total = max(1, -(-len(items) // per_page))
    routes: list[Route] = []
    for number in range(1, total + 1):
        chunk = items[(number - 1) * per_page : number * per_page]
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
        context = {"page": make_page(number), "paginator": paginator, **(extra or {})}
        routes.append(Route(url, template, context, owner=f"page {number} of {base}"))
    return routes


def _paged(base: str, number: int) -> str:
    return base if number <= 1 else f"{base}page/{number}/"


def _list_page(config: SiteConfig) -> Callable[[str, str, str], ListView]:
    def make(kind: str, title: str, url: str) -> ListView:
        return ListView(kind, title, url, absolute_url(config.base_url, url), config.description)

    return make


def _collisions(routes: Sequence[Route]) -> list[Diagnostic]:
    seen: dict[str, Route] = {}
    problems: list[Diagnostic] = []
    for route in routes:
        key = route.output_path.casefold()
        first = seen.setdefault(key, route)
        if first is route:
            continue
        span = SourceSpan(route.source) if route.source else None
        problems.append(
            OutputError(
                f"{route.owner} and {first.owner} both want the URL {route.url}",
                span,
                hint="give one of them a different 'slug:' in its front matter",
            ).to_diagnostic()
        )
    return problems


@dataclass(frozen=True, slots=True)
class Redirect:
    """A page's old address (`aliases:` in its front matter) that forwards to its URL."""

    url: str
    """The old site path, normalised (decoded, ending in `/` unless it names a file)."""
    target: str
    """Site path of the page."""
    title: str
    """Title of the page, for the link on the redirect page."""
    source: Path
    """The page's source file."""

    @property
    def output_path(self) -> str:
        """File under the output folder."""
        return output_file(self.url)


def plan_redirects(site: Site, routes: Sequence[Route]) -> tuple[list[Redirect], list[Diagnostic]]:
    """Redirects for every alias; an alias that is taken (or malformed) is an error."""
    taken = {r.output_path.casefold(): r.owner for r in routes}
    redirects: list[Redirect] = []
    problems: list[Diagnostic] = []
    for page in (*site.posts, *site.pages):
        owner = f"an alias of {page.span_path}"
        for raw in page.extra.get("aliases") or ():
            alias, problem = normalise_alias(str(raw))
            if problem is None and alias == page.url:
                continue
            redirect = Redirect(alias, page.url, page.title, page.span_path)
            first = owner if problem else taken.setdefault(redirect.output_path.casefold(), owner)
            if problem is None and first == owner:
                if redirect not in redirects:
                    redirects.append(redirect)
                continue
            taken_by = f"alias {alias} is already taken by {first}"
            message = f"alias {raw!r}: {problem}" if problem else taken_by
            problems.append(
                OutputError(
                    message,
                    SourceSpan(page.span_path),
                    hint="an alias is an old site path such as /2014/03/05/my-post/, "
                    "used by no other page",
                ).to_diagnostic()
            )
    return redirects, problems


def normalise_alias(raw: str) -> tuple[str, str | None]:
    """The site path an alias stands for, or a reason it cannot be one."""
    parts = urlsplit(raw.strip())
    if parts.query:
        return "", "a static site cannot redirect an address with a ?query"
    path = unquote(parts.path)
    if not path.startswith("/"):
        return "", "must start with '/'"
    segments = path.split("/")
    if any(s in (".", "..") for s in segments) or "\\" in path or "\0" in path:
        return "", "must not contain '.', '..' or backslashes as path segments"
    if path == "/":
        return "", "cannot be the home page"
    if not path.endswith("/") and "." not in segments[-1]:
        path += "/"
    return path, None
