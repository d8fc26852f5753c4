"""The `[images]` table: how photos are published, and its checks.

Stage: config. Imports only the standard library (schema.py imports this).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


class ErrorSink(Protocol):
    """Where a check reports a bad value: the key, what is wrong, and what to write."""

    def __call__(self, key: tuple[str, ...], message: str, hint: str | None = None) -> None: ...


def _default_widths() -> list[int]:
    return [480, 960, 1440]


@dataclass(frozen=True, slots=True)
class ImagesConfig:
    """Responsive copies and metadata removal for the site's raster images."""

    widths: list[int] = field(default_factory=_default_widths)
    """Widths in pixels of the resized copies offered in `srcset` (never above the original)."""
    quality: int = 80
    """JPEG and WebP quality of the resized copies, 1 to 100."""
    sizes: str = "(min-width: 45rem) 42rem, calc(100vw - 2.5rem)"
    """The `sizes` attribute for images the theme gives none: how wide they show."""
    keep_metadata: bool = False
    """Publish JPEG, PNG, WebP and TIFF files with their EXIF, GPS position, XMP and comments
    (by default they are removed, and photos are turned upright)."""
    social_default: str = ""
    """Site path of the image social sites show for pages without one of their own
    (default: the résumé photo, `basics.image`)."""


def check_images(images: ImagesConfig, error: ErrorSink) -> None:
    """Widths and quality in ranges that make sense for the web."""
    for i, width in enumerate(images.widths):
        if not 16 <= width <= 8192:
            error(("images", "widths", str(i)), f"{width} is not a width between 16 and 8192")
    if not 1 <= images.quality <= 100:
        error(("images", "quality"), "must be between 1 and 100", "80 suits most photos")
    if images.social_default.endswith(".svg"):
        error(("images", "social_default"), "social sites do not show SVG images",
              "use a JPEG or PNG, ideally 1200x630 pixels")  # fmt: skip
    if not images.sizes.strip():
        error(("images", "sizes"), "must not be empty", 'e.g. sizes = "100vw"')
