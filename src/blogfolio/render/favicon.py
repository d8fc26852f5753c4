"""The site's icon: the student's own `static/favicon.*`, else one drawn from initials.

Stage: render. Browsers ask for /favicon.ico when a page names no icon, and a
404 there costs every page a request; so every page names one, and a site
without its own gets a small SVG of the author's initials in the accent colour.
"""

from __future__ import annotations

from collections.abc import Collection

from markupsafe import escape

OWN = ("favicon.svg", "favicon.png", "favicon.ico")
"""Static files used as the icon when a site has one, in this order of preference."""
DRAWN = "favicon.svg"
"""Where the drawn icon is written."""


def own_favicon(static: Collection[str]) -> str | None:
    """The site's (or theme's) own icon among the static files, if any."""
    return next((name for name in OWN if name in static), None)


def initials_favicon(initials: str, fill: str, ink: str) -> bytes:
    """A rounded square in `fill` with `initials` in `ink`, as SVG."""
    size = 30 if len(initials) > 1 else 38
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" rx="14" fill="{fill}"/>'
        f'<text x="32" y="33" fill="{ink}" font-family="system-ui,sans-serif" '
        f'font-size="{size}" font-weight="700" text-anchor="middle" '
        f'dominant-baseline="central">{escape(initials)}</text></svg>\n'
    ).encode()
