"""Open an image's bytes and read what the page needs: format, displayed size, orientation.

Stage: images. Whatever the bytes are (a truncated photo, a text file named
.jpg, a decompression bomb), callers get an `ImageError` with a reason, never a
Pillow exception.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

SUFFIXES = {
    ".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP",
    ".tif": "TIFF", ".tiff": "TIFF", ".gif": "GIF",
}  # fmt: skip
"""File endings of the raster images the build looks at, and the format each should be."""
STRIPPED = frozenset({"JPEG", "PNG", "WEBP", "TIFF"})
"""Formats whose metadata is removed before publishing."""
RESIZED = frozenset({"JPEG", "PNG", "WEBP"})
"""Formats that get resized copies (GIF may be animated; browsers do not show TIFF)."""
MAX_PIXELS = 80_000_000
"""Larger images are refused: decoding one would take gigabytes of memory."""
ORIENTATION = 0x0112
SWAPPING = frozenset({5, 6, 7, 8})
"""EXIF orientations that turn the picture a quarter: width and height trade places."""


class ImageError(Exception):
    """The bytes are not an image this build can read."""


class NotAnImageError(ImageError):
    """The bytes do not even begin like a JPEG, PNG, WebP, TIFF or GIF (a text file named .png):
    there is no image metadata in them to remove."""


_SIGNATURES = (b"\xff\xd8", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*", b"GIF87a", b"GIF89a")


def has_image_signature(data: bytes) -> bool:
    """Whether `data` begins like one of the formats the build reads."""
    return data.startswith(_SIGNATURES) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


@dataclass(frozen=True, slots=True)
class ImageInfo:
    """What an image is and how large it shows."""

    format: str
    """Pillow's format name: "JPEG", "PNG", "WEBP", "TIFF", "GIF"."""
    width: int
    """Width as displayed, after its orientation is applied."""
    height: int
    """Height as displayed."""
    orientation: int
    """The EXIF orientation (1 when upright or untagged)."""
    animated: bool
    """More than one frame."""


def open_image(data: bytes) -> Image.Image:
    """The image in `data`, header read (pixels load on first use)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError("not an image Pillow can read, or too large to decode") from None
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ImageError(f"the file is damaged ({exc})") from None
    if image.width * image.height > MAX_PIXELS:
        raise ImageError(f"{image.width}x{image.height} pixels is too large to process")
    return image


def probe_image(data: bytes) -> ImageInfo:
    """Format, displayed size and orientation of the image in `data`."""
    if not has_image_signature(data):
        raise NotAnImageError("the file is not an image, whatever its name says")
    image = open_image(data)
    try:
        orientation = int(image.getexif().get(ORIENTATION, 1) or 1)
    except Exception:  # a damaged EXIF block: treat the picture as upright
        orientation = 1
    if not 1 <= orientation <= 8:
        orientation = 1
    width, height = image.size
    if orientation in SWAPPING:
        width, height = height, width
    fmt = image.format or ""
    frames = int(getattr(image, "n_frames", 1) or 1)
    return ImageInfo(fmt, width, height, orientation, frames > 1)
