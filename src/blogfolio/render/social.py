"""Choose the image social sites show for a page (`og:image`, `twitter:card`).

Stage: render. Social sites do not show SVG, so an SVG cover is passed over:
the page's own `social_image`, else its `image`, else the first photo of its
body, else the site's default. The size tags follow later, from the image stage,
which knows every published image's size.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from blogfolio.config import SiteConfig
from blogfolio.images.markup import scan_html
from blogfolio.urls import absolute_url, is_external

SHOWN = (".jpg", ".jpeg", ".png", ".webp", ".gif")
"""Formats social sites show."""


@dataclass(frozen=True, slots=True)
class Preview:
    """The chosen image: `.url` (absolute) and `.alt` ("" when not known)."""

    url: str
    alt: str = ""


def social_image_picker(config: SiteConfig) -> Callable[..., Preview | None]:
    """The `social_image(page_url, candidates, content, default)` template function."""

    def social_image(
        page_url: str = "/",
        candidates: Sequence[Sequence[str]] = (),
        content: str = "",
        default: str = "",
    ) -> Preview | None:
        for candidate in candidates:
            path = str(candidate[0] or "") if candidate else ""
            alt = str(candidate[1] or "") if len(candidate) > 1 else ""
            found = _preview(config, page_url, path, alt)
            if found is not None:
                return found
        if content and "<img" in content:
            for tag in scan_html(str(content)).images:
                src = tag.get("src") or ""
                if not is_external(src):
                    found = _preview(config, page_url, src, tag.get("alt") or "")
                    if found is not None:
                        return found
        for fallback in (config.images.social_default, default):
            found = _preview(config, "/", str(fallback or ""), "")
            if found is not None:
                return found
        return None

    return social_image


def _preview(config: SiteConfig, page_url: str, src: str, alt: str) -> Preview | None:
    """The image at `src` (a site path, or relative to the page) when social sites show it."""
    if not src or not unquote(urlsplit(src).path).lower().endswith(SHOWN):
        return None
    if is_external(src):
        return Preview(src, alt) if src.startswith("https://") else None
    path = urlsplit(src).path
    if not path.startswith("/"):
        folder = page_url if page_url.endswith("/") else posixpath.dirname(page_url) + "/"
        path = posixpath.normpath(folder + path)
    return Preview(absolute_url(config.base_url, path), alt)
