"""Redirect pages at a page's old addresses, so links to an old blog keep working.

Stage: render. `aliases:` in front matter lists a page's old site paths; each one
becomes a small page written directly (not through the theme) so every site gets
them: a meta refresh to the page's relative URL, so the redirect works under any
base path and from disk, a canonical link to its absolute URL for search
engines, and a plain link for the rare browser that ignores the refresh. An
alias may not take a path any other output has: that is an error, never an
overwrite.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from blogfolio.config import SiteConfig
from blogfolio.errors import Diagnostic, OutputError, SourceSpan
from blogfolio.model import RenderedFile, Site
from blogfolio.render.collisions import Claim, alias_claims, collision, page_claims
from blogfolio.urls import absolute_url, output_file, relative_url

if TYPE_CHECKING:
    from blogfolio.render.routes import Route


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
    line: int | None = None
    """Line of the `aliases:` key in its front matter."""

    @property
    def output_path(self) -> str:
        """File under the output folder."""
        return output_file(self.url)


def plan_redirects(site: Site, routes: Sequence[Route]) -> tuple[list[Redirect], list[Diagnostic]]:
    """Redirects for every alias; an alias that is taken (or malformed) is an error."""
    seen: dict[str, Claim] = {}
    for claim in page_claims(routes):
        seen.setdefault(claim.path.casefold(), claim)
    redirects: list[Redirect] = []
    problems: list[Diagnostic] = []
    for page in (*site.posts, *site.pages):
        span = SourceSpan(page.span_path, page.lines.get("aliases"))
        aliases, problem = _alias_list(page.extra.get("aliases"))
        if problem:
            problems.append(_alias_error(f"'aliases': {problem}", span))
        own = output_file(page.url)
        for raw in aliases:
            alias, problem = normalise_alias(raw)
            if problem:
                problems.append(_alias_error(f"alias {raw!r}: {problem}", span))
                continue
            redirect = Redirect(alias, page.url, page.title, page.span_path, span.line)
            if redirect.output_path == own or redirect in redirects:
                continue  # the page's own address, or an alias written twice
            (claim,) = alias_claims([redirect])
            first = seen.setdefault(claim.path.casefold(), claim)
            if first is not claim:
                problems.append(collision(first, claim))
                continue
            redirects.append(redirect)
    return redirects, problems


def _alias_list(value: object) -> tuple[list[str], str | None]:
    if value is None:
        return [], None
    if isinstance(value, str):
        return [value], None  # one alias written without brackets
    if isinstance(value, list | tuple):
        return [str(item) for item in value], None
    return [], f"expected a list of old site paths, got {type(value).__name__}"


def _alias_error(message: str, span: SourceSpan) -> Diagnostic:
    return OutputError(
        message,
        span,
        hint="an alias is an old site path such as /2014/03/05/my-post/, "
        "used by no other page or file",
    ).to_diagnostic()


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


def redirect_page(redirect: Redirect, config: SiteConfig) -> str:
    """The HTML of one redirect page."""
    target = escape(relative_url(redirect.url, redirect.target))
    canonical = escape(absolute_url(config.base_url, redirect.target))
    title = escape(redirect.title)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(config.language)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f"<title>Moved: {title}</title>\n"
        f'<link rel="canonical" href="{canonical}">\n'
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        "</head>\n"
        "<body>\n"
        f'<p>This page has moved to <a href="{target}">{title}</a>.</p>\n'
        "</body>\n"
        "</html>\n"
    )


def redirect_files(redirects: Sequence[Redirect], config: SiteConfig) -> list[RenderedFile]:
    """Output files for every redirect."""
    return [RenderedFile(r.output_path, redirect_page(r, config).encode()) for r in redirects]
