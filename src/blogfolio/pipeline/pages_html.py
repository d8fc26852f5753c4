"""Render every route's HTML, reusing stored HTML while what its templates read is unchanged.

Stage: pipeline. A route is looked up in two steps. Its key is the template
closure's digest and the route's shape: URL, template, and its context with each
post view replaced by that post's URL. The stored entry holds the HTML with the
fields of `site` and of post views the render read, and a check digest of those
fields' values; the HTML is reused only when the check still matches. So a list
page re-renders when a card it shows changes in a field the theme prints (a
title, a date), not when a post's body or word count changes, and a post page
re-renders when its own content or a neighbour's title changes.

Each card's projection is digested once per build and list-page checks are
composed from those digests, which keeps this cheap at thousands of posts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from blogfolio.cache.keys import Folder, bytes_digest, digest
from blogfolio.cache.recall import Recall
from blogfolio.errors import BuildError, Diagnostic
from blogfolio.model import MenuEntry, RenderedFile, TocEntry
from blogfolio.pipeline.context import Stages
from blogfolio.pipeline.outcome import Outcome
from blogfolio.pipeline.page_walk import HTML, PageWalk
from blogfolio.render.reads import RecordingEnvironment
from blogfolio.render.render import RenderedPage, render_routes
from blogfolio.render.routes import Route
from blogfolio.render.views import (
    ContactRef,
    FeedLinks,
    ListView,
    PostView,
    SiteView,
    SkillRef,
    TermView,
    YearView,
)

LEAVES = (TermView, TocEntry, SkillRef, ContactRef, ListView, MenuEntry, FeedLinks, datetime)
"""View types that never hold a post view: folded by `repr`, which is faster."""
_Strs = tuple[str, ...]
_Fields = tuple[_Strs, _Strs, _Strs, _Strs]
"""Fields read of `site`, of the page's own view and of other post views; the archive
years whose posts were read."""


@dataclass(frozen=True, slots=True)
class StoredPage:
    """A route's HTML and what its render read."""

    site_fields: tuple[str, ...]
    page_fields: tuple[str, ...]
    """Fields read of the page's own view."""
    post_fields: tuple[str, ...]
    """Fields read of every other post view (cards, neighbours)."""
    years: tuple[str, ...]
    """URLs of the archive years whose posts the render read. `site.years` holds every
    post; folding them all would render a page that only links the years again whenever
    any post's title changed."""
    check: bytes
    html_digest: bytes
    """Digest of the HTML, which is kept apart under this digest (stage "page html"), so
    the entry and its HTML can never disagree, whatever order a cut-short build saved
    them in; a build that writes an unchanged page over itself never loads it."""
    size: int


@dataclass(frozen=True, slots=True)
class Pages:
    """Rendered routes, in route order, and how many went through Jinja this build."""

    files: tuple[RenderedFile, ...]
    rendered: int


class _Projections:
    """Digests of views restricted to the fields a render read, each computed once a build."""

    def __init__(self, site_view: SiteView, recall: Recall) -> None:
        self.site_view = site_view
        self.recall = recall
        """Digests of views kept from earlier builds (the same view objects)."""
        self._collected: list[PostView] = []
        self._shape = Folder({PostView: self._token}, LEAVES)
        self._folders: dict[tuple[tuple[str, ...], tuple[str, ...]], Folder] = {}
        self._posts: dict[tuple[int, tuple[str, ...]], tuple[PostView, bytes]] = {}
        self._reprs: dict[int, tuple[object, str]] = {}
        self._sites: dict[tuple[tuple[str, ...], ...], bytes] = {}
        self._same: dict[tuple[int, int, int], tuple[_Strs, _Strs, _Strs, bytes]] = {}
        """(site fields, post fields, years, site part) by the identity of the three tuples."""
        self._by_read: dict[int, tuple[tuple[_Strs, _Strs, _Strs], bytes]] = {}

    def _token(self, view: PostView) -> bytes:
        self._collected.append(view)
        return view.url.encode()

    def shape(self, route: Route) -> tuple[bytes, tuple[PostView, ...]]:
        """The route's shape digest and the post views its context holds, in order."""
        head = (route.url, route.template, str(route.root_links), str(route.source),
                str(route.source_line))  # fmt: skip
        page = route.context.get("page")
        if len(route.context) == 1 and type(page) is PostView:  # a post or page: the common case
            return digest(*head, "own", page.url), (page,)
        self._collected = []
        folded = self._shape.fold(
            (route.url, route.template, route.root_links, str(route.source), route.source_line,
             route.context)
        )  # fmt: skip
        return folded, tuple(self._collected)

    def check(self, fields: _Fields, own: object, posts: Sequence[PostView]) -> bytes:
        """Digest of the read fields of `site`, of the page's own view and of every other
        post view in the context."""
        site_fields, page_fields, post_fields, years = fields
        parts = [self.site_part(site_fields, post_fields, years)]
        for post in posts:
            if post is own:
                memo = (page_fields, post_fields)
                found = self.recall.get("own digest", (post,), memo)
                if found is None:
                    found = self._view(b"own", post, page_fields, post_fields)
                    self.recall.put("own digest", (post,), found, memo)
                parts.append(found)
            else:
                parts.append(self._project(post, post_fields))
        return digest(*parts)

    def site_part_of(self, read: tuple[_Strs, _Strs, _Strs]) -> bytes:
        """`site_part` of a stored (site fields, post fields, years) tuple, looked up by
        the tuple's identity: a remembered route hands back the same tuple every build."""
        same = self._by_read.get(id(read))
        if same is not None and same[0] is read:
            return same[1]
        found = self.site_part(*read)
        self._by_read[id(read)] = (read, found)
        return found

    def site_part(
        self, site_fields: tuple[str, ...], post_fields: tuple[str, ...], years: tuple[str, ...]
    ) -> bytes:
        """Digest of the read fields of `site`, post views in them seen through `post_fields`
        and archive years with their posts only for `years`."""
        # Most routes share a few stored field tuples: look them up by identity first,
        # which spares hashing the tuples for each of thousands of routes.
        ids = (id(site_fields), id(post_fields), id(years))
        same = self._same.get(ids)
        if (
            same is not None
            and same[0] is site_fields
            and same[1] is post_fields
            and same[2] is years
        ):
            return same[3]
        read = (site_fields, post_fields, years)
        site_part = self._sites.get(read)
        if site_part is None:
            values = tuple(getattr(self.site_view, f, None) for f in site_fields)
            site_part = self._folder(post_fields, years).fold((site_fields, values))
            self._sites[read] = site_part
        self._same[ids] = (site_fields, post_fields, years, site_part)
        return site_part

    def _folder(self, post_fields: tuple[str, ...], years: tuple[str, ...]) -> Folder:
        folder = self._folders.get((post_fields, years))
        if folder is None:

            def project(view: PostView) -> bytes:
                return self._project(view, post_fields)

            with_posts = Folder({PostView: project}, LEAVES)

            def year(view: YearView) -> bytes:
                if view.url not in years:
                    return digest("year", str(view.year), view.url, str(view.count))
                # a year of the same cards is kept as the same object (routes._years)
                return self.recall.keep("year digest", (view,), partial(with_posts.fold, view),
                                        post_fields)  # fmt: skip

            folder = Folder({PostView: project, YearView: year}, LEAVES)
            self._folders[(post_fields, years)] = folder
        return folder

    def _project(self, view: PostView, post_fields: tuple[str, ...]) -> bytes:
        """A post view as seen through the fields read of post views (a card, a neighbour)."""
        memo = (id(view), post_fields)
        known = self._posts.get(memo)
        if known is not None:
            return known[1]
        found = self.recall.get("card digest", (view,), post_fields)
        if found is None:
            found = self._view(b"post", view, post_fields, post_fields)
            self.recall.put("card digest", (view,), found, post_fields)
        self._posts[memo] = (view, found)
        return found

    def _view(
        self, kind: bytes, view: PostView, fields: tuple[str, ...], post_fields: tuple[str, ...]
    ) -> bytes:
        """Digest of some fields of a view. Only `prev` and `next` hold post views (seen
        through `post_fields`), and `related`, a tuple of them; every other field is a plain
        value, digested by its repr."""
        parts: list[bytes | str] = [kind, view.url]
        for name in fields:
            value = getattr(view, name, None)
            if isinstance(value, PostView):
                parts.append(self._project(value, post_fields))
            elif name == "related":  # a tuple of post views, each seen as a card
                parts += [b"related", *(self._project(v, post_fields) for v in view.related)]
            elif isinstance(value, str):  # the body: hashed as is, not escaped by repr
                parts += (type(value).__name__, value)
            else:
                parts.append(self._repr(value))
        return digest(*parts)

    def _repr(self, value: object) -> str:
        """The repr of a field's value; a card and its page's own view share their tags,
        categories and skills tuples, so each is written out once a build."""
        if type(value) is not tuple:
            return repr(value)
        known = self._reprs.get(id(value))
        if known is None:
            text = self.recall.get("repr", (value,))
            if text is None:
                text = self.recall.put("repr", (value,), repr(value))
            known = self._reprs[id(value)] = (value, text)
        return known[1]


def render_pages(
    stages: Stages,
    routes: Sequence[Route],
    env: RecordingEnvironment,
    site_view: SiteView,
    prints: Mapping[str, bytes],
    search: Sequence[Path],
    progress: Callable[[str, int, int], Any] | None = None,
) -> Outcome[Pages]:
    """HTML of every route; only routes whose read inputs changed go through Jinja."""
    views = _Projections(site_view, stages.recall)
    config = stages.config

    def render_again(route: Route) -> bytes:
        """A page whose stored HTML is gone since its entry was read: rendered now."""
        made: list[RenderedPage] = []
        problems = render_routes([route], env, site_view, config.base_path, config.root,
                                 search, 1, made.append)  # fmt: skip
        if problems or not made:
            raise BuildError(list(problems) or [Diagnostic(f"{route.url} could not be rendered")])
        return made[0].data

    todo: list[tuple[Route, bytes, tuple[PostView, ...], int]] = []
    recall = stages.recall
    store_get = stages.store.get  # called twice per route: tens of thousands of times
    walk = PageWalk(recall, stages.store, routes, prints)
    files = walk.taken(views.site_part_of)
    for place, (route, file) in enumerate(zip(routes, files, strict=True)):
        if file is not None:
            continue
        template_print = prints[route.template]
        last = recall.get("route reused", (route,), template_print)
        if last is not None:  # this route object reused this entry, and it still is the entry
            stored = store_get("page", last[0])
            if stored is last[1] and views.site_part_of(last[3]) == last[2]:
                store_get(HTML, stored.html_digest)  # still used: a memory store keeps it
                files[place] = last[4]
                walk.add(place, route, template_print, last)
                continue
        known = recall.get("route key", (route,), template_print)
        if known is None:
            shape, posts = views.shape(route)
            known = (stages.key("page", template_print, shape), posts)
            recall.put("route key", (route,), known, template_print)
        key, posts = known
        stored = stages.get("page", key)
        made = None
        if isinstance(stored, StoredPage) and stored.check == _check(views, route, stored, posts):
            made = _reused(stages, route, stored, render_again)
        if made is not None:
            assert isinstance(stored, StoredPage)
            files[place] = made
            read = (stored.site_fields, stored.post_fields, stored.years)
            # one tuple object for every route that read the same fields (`site_part_of`)
            read = recall.get("read", (), read) or recall.put("read", (), read, read)
            site_part = views.site_part(*read)
            reused = (key, stored, site_part, read, made)
            recall.put("route reused", (route,), reused, template_print)
            walk.add(place, route, template_print, reused)
        else:
            todo.append((route, key, posts, place))
    walk.end()
    if progress is not None:
        progress("Rendering pages", 0, len(todo))
    waiting = {t[0].url: t for t in todo}
    fresh = 0

    def store(page: RenderedPage) -> None:
        """Remember a page just rendered and keep its file (in memory or spilled)."""
        nonlocal fresh
        fresh += 1
        route, key, posts, place = waiting[page.url]
        site_fields, page_fields, post_fields, years = (
            tuple(sorted(f for kind, f in page.reads if kind == wanted))
            for wanted in ("site", "page", "post", "year posts")
        )
        fields = (site_fields, page_fields, post_fields, years)
        check = views.check(fields, route.context.get("page"), posts)
        found = bytes_digest(page.data)
        stored = StoredPage(
            site_fields, page_fields, post_fields, years, check, found, len(page.data)
        )
        stages.put(HTML, found, page.data)
        stages.put("page", key, stored)
        recall.put("route check", (route, stored), check,
                   views.site_part(site_fields, post_fields, years))  # fmt: skip
        files[place] = stages.keep(RenderedFile(route.output_path, page.data, digest=found))

    problems = render_routes(
        [t[0] for t in todo], env, site_view, config.base_path, config.root, search, stages.jobs,
        store,
    )  # fmt: skip
    return Outcome(Pages(tuple(filter(None, files)), fresh), tuple(problems))


def _reused(
    stages: Stages,
    route: Route,
    stored: StoredPage,
    render_again: Callable[[Route], bytes],
) -> RenderedFile | None:
    """A stored route's file. A build that writes the output folder (`spill` set) loads
    the HTML only if a later stage or the writer asks for it, and renders the page again
    if the cache forgot it; without one, None when the HTML is gone."""
    if stages.spill is None:
        data = stages.get(HTML, stored.html_digest)
        if not isinstance(data, bytes) or len(data) != stored.size:
            return None
        return RenderedFile(route.output_path, data, digest=stored.html_digest)

    def load() -> bytes:
        data = stages.get(HTML, stored.html_digest)
        if isinstance(data, bytes) and bytes_digest(data) == stored.html_digest:
            return data
        data = render_again(route)
        if bytes_digest(data) == stored.html_digest:
            stages.put(HTML, stored.html_digest, data)  # remembered again for next time
        return data

    return RenderedFile(route.output_path, None, digest=stored.html_digest, load=load)


def _check(
    views: _Projections, route: Route, stored: StoredPage, posts: Sequence[PostView]
) -> bytes:
    """The route's check digest now, through the fields its stored render read; the same
    route object (same views) against the same stored entry and `site` needs no new digest."""
    site_part = views.site_part(stored.site_fields, stored.post_fields, stored.years)
    known = views.recall.get("route check", (route, stored), site_part)
    if known is None:
        fields = (stored.site_fields, stored.page_fields, stored.post_fields, stored.years)
        known = views.check(fields, route.context.get("page"), posts)
        views.recall.put("route check", (route, stored), known, site_part)
    return known
