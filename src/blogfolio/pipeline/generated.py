"""Every output file besides the rendered routes: static files, bundle files, feeds, sitemap.

Stage: pipeline. Static and bundle files are read once per build and carried as
bytes, so the privacy check, the written site and the `serve` preview all see
the same bytes, and a file changed or swapped for a link after the build is
never what gets published or served. Feeds are keyed by the entries they show.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from operator import attrgetter
from pathlib import Path

from blogfolio.cache.keys import Folder
from blogfolio.cache.recall import Recall
from blogfolio.config import SiteConfig
from blogfolio.model import BodyResult, Page, RenderedFile, Site
from blogfolio.pipeline.context import Stages
from blogfolio.render.comment_feeds import comment_feed_file
from blogfolio.render.feeds import feed_files, robots, sitemap
from blogfolio.render.minify import minify_asset
from blogfolio.render.routes import Route


def static_files(
    stages: Stages, static: Mapping[str, Path], site: Site, themes: Sequence[Path] = ()
) -> list[RenderedFile]:
    """Static folders' files and pages' bundle files, with their bytes as read now; the
    CSS and JavaScript of the themes in `themes` (their folders) minified."""
    files: list[RenderedFile] = []
    bundled = ((out, src) for page in (*site.posts, *site.pages) for src, out in page.assets)
    wanted = [*static.items(), *bundled]
    for rel, path in wanted:
        data = stages.files.contents(path)
        if data is None:
            continue
        known = stages.recall.get("copied", (data,), (rel, path))  # the same bytes object
        if known is None:
            if rel.endswith((".css", ".js")) and any(t in path.parents for t in themes):
                made = RenderedFile(rel, minify_asset(rel, data), path)
            else:
                made = RenderedFile(rel, data, path)
            known = stages.recall.put("copied", (data,), made, (rel, path))
        files.append(known)
    return files


def make_feeds(stages: Stages, site: Site) -> list[RenderedFile]:
    """Atom, RSS and JSON feeds, keyed by what their entries show."""
    config = stages.config
    shown = site.posts[: config.feeds.limit]
    when = repr(site.build_date)
    key = stages.recall.get("feeds key", shown, when)
    if key is None:
        entries = shown if config.feeds.full_content else tuple(_summary_only(p) for p in shown)
        key = stages.key("feeds", Folder().fold((site.build_date, entries)))
        stages.recall.put("feeds key", shown, key, when)
    stored = stages.get("feeds", key)
    if isinstance(stored, tuple):
        return list(stored)
    files = feed_files(site, config)
    stages.put("feeds", key, tuple(files))
    return files


def _summary_only(page: Page) -> Page:
    return dataclasses.replace(page, body=BodyResult("", page.body.summary_html, (), 0))


def generated_files(
    stages: Stages,
    site: Site,
    routes: Sequence[Route],
    css: bytes,
) -> list[RenderedFile]:
    """Feeds, comment feeds, sitemap, robots.txt and the highlighting stylesheet."""
    config = stages.config
    files = make_feeds(stages, site)
    files.append(RenderedFile("sitemap.xml", _sitemap(stages, site, routes, config)))
    files.append(RenderedFile("robots.txt", robots(config).encode()))
    files.append(RenderedFile("css/highlight.css", css))
    files += _comment_feeds(stages, site)
    return files


def _comment_feeds(stages: Stages, site: Site) -> list[RenderedFile]:
    """A comment feed for every post (and page with a thread) whose comments are not off,
    each made once for the same page object."""
    config, when = stages.config, site.build_date

    def make(pages: list[Page]) -> list[RenderedFile | None]:
        return [comment_feed_file(page, config, when) for page in pages]

    made = stages.recall.each("comment feed", (*site.posts, *site.pages), make, when)
    return [f for f in made if f is not None]  # None: comments off


def _sitemap(stages: Stages, site: Site, routes: Sequence[Route], config: SiteConfig) -> bytes:
    lastmod = {p.url: p.updated or p.date for p in (*site.posts, *site.pages)}
    urls = [(r.url, lastmod.get(r.url)) for r in routes if r.url != "/404.html"]
    last = stages.recall.latest("sitemap")  # equal lists, compared without writing them out
    if isinstance(last, tuple) and last[0] == urls:
        return last[1]  # type: ignore[no-any-return]
    key = stages.key("sitemap", repr(urls))
    stored = stages.get("sitemap", key)
    data = stored if isinstance(stored, bytes) else sitemap(urls, config).encode()
    if stored is not data:
        stages.put("sitemap", key, data)
    stages.recall.set_latest("sitemap", (urls, data))
    return data


def drop_shadowed(
    files: Sequence[RenderedFile], recall: Recall | None = None
) -> list[RenderedFile]:
    """One file a path (the last one), sorted (a clash is already an error:
    render/collisions.py). With a `recall`, paths in the last call's order (a rebuild
    in `serve`) take that call's choice and order instead of sorting again."""
    paths = list(map(_path, files))
    last = recall.latest("shadowed") if recall is not None else None
    if isinstance(last, tuple) and last[0] == paths:
        return list(map(files.__getitem__, last[1]))
    by_path: dict[str, int] = {}
    for place, path in enumerate(paths):
        by_path[path] = place
    order = sorted(by_path.values(), key=paths.__getitem__)
    if recall is not None:
        recall.set_latest("shadowed", (paths, order))
    return list(map(files.__getitem__, order))


_path = attrgetter("path")
