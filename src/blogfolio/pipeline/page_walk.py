"""Take a rebuild's routes by their place in the last build's order (`serve`).

Stage: pipeline. Between the rebuilds of `serve`, plan_claims hands back the
same route objects in the same order for everything an edit did not reach. A
route that is the same object at the same place as in the last build, under the
same template digests and with an unchanged site part, renders the same HTML as
the last build reused for it, so it is taken without looking anything up: one
pass that compares objects by identity. At 10,000 posts the lookups it spares
(four per route) were 80 ms of every rebuild.

The lookups also marked the entries a reused route depends on as used; the walk
pins them instead, so the stores' sweeps keep them for the build that next has
to look a route up (after a post is added, every place shifts).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from blogfolio.cache.recall import Recall
from blogfolio.cache.store import MemoryStore, Store
from blogfolio.model import RenderedFile

HTML = "page html"
"""Stage of page HTML, keyed by its own digest."""
WALK = "page walk"
"""The `Recall.latest` table the last walk is kept under."""
Reused = tuple[bytes, Any, bytes, Any, RenderedFile]
"""(page key, its stored entry, the site part of its check, the fields it read, its file),
as `render_pages` keeps it under "route reused"."""
_Step = tuple[Reused, list[Any], list[Any], list[Any]]
"""A reused route with the entries it keeps alive: its "route reused" recall entry, and
the memory store's entries of its stored page and of its HTML."""


@dataclass(frozen=True, slots=True)
class _Walk:
    routes: Sequence[object]
    prints: Mapping[str, bytes]
    steps: Sequence[_Step | None]
    parts: Mapping[int, tuple[object, bytes]]
    """id of each read-fields tuple the steps hold → (the tuple, its site part). Every
    step of one walk was checked against the same site, so a tuple has one part."""


class PageWalk:
    """One build's walk: what the last build's walk gives, and what this build adds."""

    def __init__(
        self, recall: Recall, store: Store, routes: Sequence[object], prints: Mapping[str, bytes]
    ) -> None:
        self.recall = recall
        self.memory = store if isinstance(store, MemoryStore) and recall.enabled else None
        self.routes = routes
        self.prints = prints
        self.steps: list[_Step | None] = [None] * len(routes)
        self.parts: dict[int, tuple[object, bytes]] = {}

    def taken(self, site_part_of: Callable[[Any], bytes]) -> list[RenderedFile | None]:
        """For each route, its file when it is taken by place, else None (look it up).
        The steps taken become this build's, with the site parts still current."""
        files: list[RenderedFile | None] = [None] * len(self.routes)
        last = self.recall.latest(WALK) if self.memory is not None else None
        if not isinstance(last, _Walk) or last.prints != self.prints:
            return files
        if len(last.routes) != len(self.routes):
            return files
        stale = {k for k, (read, part) in last.parts.items() if site_part_of(read) != part}
        self.parts = {k: v for k, v in last.parts.items() if k not in stale}
        steps = self.steps
        pairs = zip(self.routes, last.routes, last.steps, strict=True)
        for i, (route, was, step) in enumerate(pairs):
            if step is not None and was is route and (not stale or id(step[0][3]) not in stale):
                files[i] = step[0][4]
                steps[i] = step
        return files

    def add(self, place: int, route: object, template_print: bytes, reused: Reused) -> None:
        """A route reused by looking it up: the next build may take it by place."""
        memory = self.memory
        if memory is None:
            return
        kept = self.recall.held("route reused", (route,), template_print)
        page = memory.held("page", reused[0])
        html = memory.held(HTML, reused[1].html_digest)
        if kept is not None and page is not None and html is not None:
            self.steps[place] = (reused, kept, page, html)
            self.parts[id(reused[3])] = (reused[3], reused[2])

    def end(self) -> None:
        """Leave the walk for the next build, pinning every step's entries through sweeps."""
        memory = self.memory
        if memory is None:
            return
        steps = [s for s in self.steps if s is not None]
        walk = _Walk(self.routes, dict(self.prints), self.steps, self.parts)
        self.recall.set_latest(WALK, walk, [s[1] for s in steps])
        memory.pin(WALK, [entry for s in steps for entry in (s[2], s[3])])
