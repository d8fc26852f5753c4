"""Redirect pages at a page's old addresses, so links to an old blog keep working.

Stage: render. Written directly (not through the theme) so every site gets
them: a meta refresh to the page's relative URL, so the redirect works under any
base path and from disk, a canonical link to its absolute URL for search
engines, and a plain link for the rare browser that ignores the refresh.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from blogfolio.config import SiteConfig
from blogfolio.model import RenderedFile
from blogfolio.render.routes import Redirect
from blogfolio.urls import absolute_url, relative_url


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
