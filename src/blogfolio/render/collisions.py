"""Every planned output file and who asked for it; two claims on one path are an error.

Stage: render. Pages, aliases, feeds, the sitemap, stylesheets, bundle assets and
static files all become files under the output folder, and none may silently
replace another: a second claim on a path is reported naming both sources, with
their lines where they have one. The site's `static/` overriding a theme file of
the same name is intended; `collect_static` settles that before this check runs.
Paths are compared case-folded, as macOS and Windows file systems do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from operator import attrgetter
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from blogfolio.cache.recall import Recall
from blogfolio.errors import Diagnostic, OutputError, SourceSpan
from blogfolio.model import RenderedFile

if TYPE_CHECKING:
    from blogfolio.render.routes import Redirect, Route


class Kind(IntEnum):
    """What made a claim; when two collide, the higher kind is the one blamed."""

    GENERATED = 0
    """A file blogfolio writes itself: feeds, sitemap, robots.txt, stylesheets."""
    PAGE = 1
    """A rendered page: content, list pages, the theme's pages."""
    FILE = 2
    """A copied file: static files and bundle assets."""
    ALIAS = 3
    """A redirect page at a page's old address."""


@dataclass(frozen=True, slots=True)
class Claim:
    """One output file and where it comes from."""

    path: str
    """File under the output folder."""
    who: str
    """The source, for messages: "content/posts/a.md:4", "the Atom feed atom.xml"."""
    kind: Kind
    """What made it."""
    span: SourceSpan | None = None
    """Where to fix it; None for what the user cannot edit (theme files, generated ones)."""
    url: str = ""
    """Site path, for pages and aliases."""


GENERATED_NAMES = {
    "atom.xml": "the Atom feed",
    "rss.xml": "the RSS feed",
    "feed.json": "the JSON feed",
    "sitemap.xml": "the sitemap",
    "comments.xml": "the comment feed",
}


def page_claims(routes: Iterable[Route]) -> list[Claim]:
    """Claims of rendered pages."""
    claims = []
    for route in routes:
        span = SourceSpan(route.source, route.url_line) if route.source else None
        who = str(span) if span else route.owner
        claims.append(Claim(route.output_path, who, Kind.PAGE, span, route.url))
    return claims


def alias_claims(redirects: Iterable[Redirect]) -> list[Claim]:
    """Claims of redirect pages, blamed on the `aliases:` line."""
    claims = []
    for redirect in redirects:
        span = SourceSpan(redirect.source, redirect.line)
        claims.append(Claim(redirect.output_path, f"an alias of {span}", Kind.ALIAS, span,
                            redirect.url))  # fmt: skip
    return claims


def file_claims(files: Iterable[RenderedFile], root: Path) -> list[Claim]:
    """Claims of copied files (with a source) and generated ones (with data)."""
    root = root.resolve()
    claims = []
    for item in files:
        if item.source is None:
            name = GENERATED_NAMES.get(PurePosixPath(item.path).name, "the generated file")
            claims.append(Claim(item.path, f"{name} {item.path}", Kind.GENERATED))
            continue
        try:
            rel = Path(item.source).resolve().relative_to(root)
        except ValueError:
            claims.append(Claim(item.path, f"the theme's static/{item.path}", Kind.FILE))
            continue
        claims.append(Claim(item.path, rel.as_posix(), Kind.FILE, SourceSpan(rel)))
    return claims


def find_collisions(earlier: Iterable[Claim], later: Iterable[Claim]) -> list[Diagnostic]:
    """An error for each claim in `later` on a path already claimed (earlier or later).

    Collisions among `earlier` claims are not reported here: they were checked
    when those were planned, so each collision is reported exactly once.
    """
    seen: dict[str, Claim] = {}
    for claim in earlier:
        seen.setdefault(claim.path.casefold(), claim)
    problems = []
    for claim in later:
        first = seen.setdefault(claim.path.casefold(), claim)
        if first is not claim:
            problems.append(collision(first, claim))
    return problems


def known_collisions(
    recall: Recall, table: str, earlier: Sequence[Claim], later: Sequence[Claim]
) -> list[Diagnostic]:
    """`find_collisions`, skipped when every path is as in the last call for `table` and
    that call found none: the same paths cannot clash now (a rebuild in `serve`)."""
    paths = (list(map(_path, earlier)), list(map(_path, later)))
    if recall.latest(table) == paths:
        return []
    problems = find_collisions(earlier, later)
    recall.set_latest(table, None if problems else paths)
    return problems


_path = attrgetter("path")


def collision(first: Claim, second: Claim) -> Diagnostic:
    """The error for two claims on one file, located at the one more likely to be fixed."""
    blamed, other = sorted((second, first), key=_blame, reverse=True)
    if blamed.kind is Kind.ALIAS:
        message = f"alias {blamed.url} is already taken by {other.who}"
        hint = ("an alias is an old site path such as /2014/03/05/my-post/, "
                "used by no other page or file")  # fmt: skip
    elif blamed.kind is Kind.PAGE and other.kind is Kind.PAGE:
        message = f"{blamed.who} and {other.who} both want the URL {blamed.url}"
        hint = (
            "give one of them a different 'slug:' in its front matter"
            if other.span
            else f"blogfolio makes {blamed.url} itself; give this page a different 'slug:'"
        )
    else:
        message = f"{blamed.who} and {other.who} both want the file {blamed.path}"
        hint = (
            f"blogfolio writes {blamed.path} itself; rename or remove this file"
            if other.kind is Kind.GENERATED
            else "rename or move one of them: one path holds one file"
        )
    return OutputError(message, blamed.span, hint=hint).to_diagnostic()


def _blame(claim: Claim) -> tuple[bool, int, bool]:
    # Line 1 opens the front matter: a page there got its URL from its file name, and a
    # page with an explicit key (`slug:` on a later line) is the likelier one to change.
    keyed = claim.span is not None and (claim.span.line or 1) > 1
    return (claim.span is not None, int(claim.kind), keyed)
