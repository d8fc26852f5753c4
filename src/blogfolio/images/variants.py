"""Resized copies of a (clean, upright) image for `srcset`: WebP and the original format.

Stage: images. Never larger than the original; each copy is encoded from the
pixels alone, so it carries no metadata but the colour profile.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image

from blogfolio.images.probe import ImageError, ImageInfo, open_image


@dataclass(frozen=True, slots=True)
class Variant:
    """One resized copy."""

    width: int
    height: int
    format: str
    """"WEBP", or the original's format."""
    data: bytes


def plan_widths(width: int, widths: Sequence[int]) -> tuple[int, ...]:
    """The configured widths below the image's own, smallest first (never upscaled)."""
    return tuple(sorted({w for w in widths if 0 < w < width}))


def make_variants(
    data: bytes, info: ImageInfo, widths: Sequence[int], quality: int
) -> tuple[Variant, ...]:
    """Copies at each planned width in the original format and in WebP, plus a full-size WebP
    when the original is not one and no wider than the widest copy (else it is not offered)."""
    planned = plan_widths(info.width, widths)
    full_webp = info.format != "WEBP" and info.width <= max(widths, default=info.width)
    image = open_image(data)
    if planned and not full_webp and image.format == "JPEG":
        # Decode at a fraction of the size (JPEG can, nearly for free) when the copies are small.
        largest = planned[-1]
        image.draft(image.mode, (largest, max(1, round(info.height * largest / info.width))))
    try:
        image.load()
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ImageError(f"the file is damaged ({exc})") from None
    icc = image.info.get("icc_profile")
    base = _workable(image)
    made: list[Variant] = []
    source = base
    for width in reversed(planned):  # each copy resized from the next larger one
        height = max(1, round(info.height * width / info.width))
        source = source.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        made.append(Variant(width, height, info.format, _encode(source, info.format, quality,
                                                                icc, info)))  # fmt: skip
        if info.format != "WEBP":
            made.append(Variant(width, height, "WEBP", _encode(source, "WEBP", quality, icc,
                                                               info)))  # fmt: skip
    if full_webp:
        made.append(Variant(info.width, info.height, "WEBP", _encode(base, "WEBP", quality, icc,
                                                                     info)))  # fmt: skip
    return tuple(sorted(made, key=lambda v: (v.width, v.format)))


def _workable(image: Image.Image) -> Image.Image:
    """The pixels in a mode that resizes well and every output format can hold."""
    if image.mode in ("RGB", "RGBA", "L"):
        return image
    if image.mode == "CMYK":
        return image  # JPEG keeps CMYK; WebP copies are converted in _encode
    has_alpha = "A" in image.mode or "transparency" in image.info
    return image.convert("RGBA" if has_alpha else "RGB")


def _encode(
    image: Image.Image, fmt: str, quality: int, icc: bytes | None, info: ImageInfo
) -> bytes:
    options: dict[str, object] = {}
    if icc and not (fmt == "WEBP" and image.mode == "CMYK"):
        options["icc_profile"] = icc
    if fmt == "WEBP":
        if image.mode == "CMYK":
            image = image.convert("RGB")
        if info.format == "PNG":
            options.update(lossless=True, quality=80, method=4)  # drawings and screenshots
        else:
            options.update(quality=quality, method=4)
    elif fmt == "JPEG":
        if image.mode == "RGBA":
            image = image.convert("RGB")
        options.update(quality=quality, optimize=True, progressive=True)
    elif fmt == "PNG":
        options.update(optimize=False)
    clean = image.copy()
    clean.info = {}
    out = io.BytesIO()
    clean.save(out, fmt, **options)
    return out.getvalue()
