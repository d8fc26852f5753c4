"""The routes of posts and pages on their own URLs, most taken by place from the last build.

Stage: render. A post's route is made of the post, its older and newer neighbours
and its related posts. Between the rebuilds of `serve`, most posts are the same
objects at the same places with the same tags and skills, so their routes are the
last build's: only the routes an edit reaches are made again (the edited post's,
its neighbours' and those of the posts that show it as related). At 10,000 posts
that is a pass comparing objects instead of ten thousand lookups.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from blogfolio.cache.recall import Entry
from blogfolio.model import Page
from blogfolio.render.related import related_indices
from blogfolio.render.route import Route
from blogfolio.render.views import PostView, ViewFactory

WALK = "post route walk"
"""The `Recall.latest` table of the last build's post routes in list order."""
_TEMPLATES = {"posts": "post.html", "projects": "project.html"}


class _PostWalk(NamedTuple):
    around: str
    posts: tuple[Page, ...]
    picked: tuple[tuple[int, ...], ...]
    """Each post's related posts, as places in `posts`."""
    shown_by: Mapping[int, tuple[int, ...]]
    """Place of a post → places of the posts that show it as related."""
    routes: tuple[Route, ...]
    pins: tuple[Entry | None, ...]
    """Each route's "post route" entry."""


def post_routes(posts: Sequence[Page], views: ViewFactory) -> list[Route]:
    """Every post's route, in list order (newest first)."""
    recall = views.recall
    last = recall.latest(WALK)
    reach = _reach(last, posts, views.around)
    if reach is None or not isinstance(last, _PostWalk):
        picked = related_indices(posts, recall=recall)
        shown_by: Mapping[int, tuple[int, ...]] = _shown_by(picked)
        routes: list[Route | None] = [None] * len(posts)
        pins: list[Entry | None] = [None] * len(posts)
        places: Sequence[int] = range(len(posts))
    else:
        picked, shown_by = last.picked, last.shown_by
        routes, pins, places = list(last.routes), list(last.pins), reach
    for place in places:
        older = posts[place + 1] if place + 1 < len(posts) else None
        newer = posts[place - 1] if place > 0 else None
        related = tuple(posts[j] for j in picked[place])
        routes[place] = post_route(views, posts[place], older, newer, related)
        objects = (posts[place], older, newer, *related)
        pins[place] = recall.held("post route", objects, views.around)
    made = tuple(r for r in routes if r is not None)
    walk = _PostWalk(views.around, tuple(posts), picked, shown_by, made, tuple(pins))
    recall.set_latest(WALK, walk, walk.pins)
    return list(made)


def _reach(last: object, posts: Sequence[Page], around: str) -> list[int] | None:
    """The places whose routes an edit since the last build may have changed, or None
    when the walk does not apply (a post added or removed, tags or skills changed)."""
    if not isinstance(last, _PostWalk) or len(last.posts) != len(posts) or last.around != around:
        return None
    changed = [i for i, (post, was) in enumerate(zip(posts, last.posts, strict=True))
               if post is not was]  # fmt: skip
    reach: set[int] = set()
    for i in changed:
        was = last.posts[i]
        if posts[i].tags != was.tags or posts[i].skills != was.skills:
            return None  # related posts are chosen by tags and skills: choose again
        reach.update((i - 1, i, i + 1), last.shown_by.get(i, ()))
    return sorted(p for p in reach if 0 <= p < len(posts))


def _shown_by(picked: Sequence[Sequence[int]]) -> dict[int, tuple[int, ...]]:
    shown: dict[int, list[int]] = {}
    for place, chosen in enumerate(picked):
        for j in chosen:
            shown.setdefault(j, []).append(place)
    return {j: tuple(places) for j, places in shown.items()}


def post_route(
    views: ViewFactory,
    post: Page,
    older: Page | None,
    newer: Page | None,
    related: Sequence[Page],
) -> Route:
    """A post's route. The same page objects around it as in an earlier build give that
    build's route at once; otherwise its view is looked up by the cards around it."""

    def make() -> Route:
        return content_route(views, views.full(post, older, newer, related), post)

    return views.recall.keep("post route", (post, older, newer, *related), make, views.around)


def content_route(views: ViewFactory, view: PostView, page: Page) -> Route:
    """The route of a post or page on its own URL, shown through `view`."""
    known = views.recall.get("content route", (view, page))
    if known is not None:
        return known  # type: ignore[no-any-return]
    template = page.template or _TEMPLATES.get(page.collection, "page.html")
    route = Route(
        page.url,
        template,
        {"page": view},
        page.span_path,
        page.template_line if page.template else None,
        owner=str(page.span_path),
        url_line=page.lines.get("slug", 1),
    )
    return views.recall.put("content route", (view, page), route)  # type: ignore[no-any-return]
