"""Remove EXIF, GPS, XMP, IPTC and comments from an image, keeping its colour profile.

Stage: images. Phone photos carry where they were taken and with what camera.
JPEG, PNG and WebP are cleaned at the container level, keeping only the parts
that draw the picture (and the ICC profile), so the pixels stay byte for byte
what they were. An image whose EXIF says "rotate me" is turned first and
encoded again, as is every TIFF (its metadata lives among the image's own tags).
"""

from __future__ import annotations

import io

from PIL import Image, ImageOps, JpegImagePlugin

from blogfolio.images.probe import ImageError, ImageInfo, open_image

_JPEG_KEPT_APPS = {0xE0: b"JFIF\x00", 0xE2: b"ICC_PROFILE\x00", 0xEE: b"Adobe"}
"""APPn segments kept, by the signature they start with: everything else (EXIF and XMP in
APP1, MPF in APP2, IPTC in APP13, …) and comments (COM) go."""
_PNG_KEPT = frozenset(
    b"IHDR PLTE IDAT IEND tRNS gAMA cHRM sRGB iCCP sBIT bKGD pHYs hIST acTL fcTL fdAT cICP "
    b"mDCV cLLI".split()
)
"""PNG chunks that draw the picture; text (tEXt, zTXt, iTXt), eXIf, tIME and others go."""
_WEBP_KEPT = frozenset({b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"})
_WEBP_META_FLAGS = 0x08 | 0x04
"""VP8X flags announcing EXIF and XMP chunks."""


def strip_metadata(data: bytes, info: ImageInfo, quality: int) -> bytes:
    """`data` without metadata, upright; `quality` is used only when encoding again."""
    upright = info.orientation == 1 or info.animated
    try:
        if upright and info.format == "JPEG":
            return strip_jpeg(data)
        if upright and info.format == "PNG":
            return strip_png(data)
        if upright and info.format == "WEBP":
            return strip_webp(data)
    except ValueError:
        pass  # a container we cannot walk: let Pillow decode and encode it again
    if info.animated:
        raise ImageError("an animated image whose metadata cannot be removed")
    return encode_clean(data, info, quality)


def encode_clean(data: bytes, info: ImageInfo, quality: int) -> bytes:
    """Decode, apply the orientation, and encode the pixels alone (and the ICC profile)."""
    image = open_image(data)
    try:
        image.load()
        clean = _pixels_only(ImageOps.exif_transpose(image), image)
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ImageError(f"the file is damaged ({exc})") from None
    options: dict[str, object] = {}
    icc = image.info.get("icc_profile")
    if icc:
        options["icc_profile"] = icc
    if info.format == "JPEG":
        options.update(_jpeg_quality(image, quality))
    elif info.format == "WEBP":
        options["quality"] = quality
    elif info.format == "TIFF":
        compression = image.info.get("compression", "raw")
        options["compression"] = compression if compression in _TIFF_SAFE else "tiff_lzw"
    out = io.BytesIO()
    clean.save(out, info.format, **options)
    return out.getvalue()


_TIFF_SAFE = frozenset({"raw", "tiff_lzw", "tiff_adobe_deflate", "packbits"})


def _pixels_only(image: Image.Image, original: Image.Image) -> Image.Image:
    """A new image holding only the pixels (and a palette's transparency), no info."""
    clean = image.copy()
    transparency = original.info.get("transparency")
    clean.info = {} if transparency is None else {"transparency": transparency}
    return clean


def _jpeg_quality(image: Image.Image, quality: int) -> dict[str, object]:
    """Encode with the original's quantization tables, so turning a photo costs no quality."""
    tables = getattr(image, "quantization", None)
    if not tables:
        return {"quality": quality}
    options: dict[str, object] = {"qtables": tables}
    sampling = JpegImagePlugin.get_sampling(image)
    if sampling >= 0:
        options["subsampling"] = sampling
    return options


def strip_jpeg(data: bytes) -> bytes:
    """The JPEG's segments that draw the picture, up to its end marker (data after it, such
    as a second picture a phone appends with its own EXIF, is dropped)."""
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    out = [b"\xff\xd8"]
    i, n = 2, len(data)
    while True:
        if i + 1 >= n or data[i] != 0xFF:
            raise ValueError("truncated or damaged JPEG")
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0xD9:
            out.append(b"\xff\xd9")
            return b"".join(out)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            out.append(data[i : i + 2])
            i += 2
            continue
        if i + 4 > n:
            raise ValueError("truncated JPEG")
        length = int.from_bytes(data[i + 2 : i + 4], "big")
        end = i + 2 + length
        if length < 2 or end > n:
            raise ValueError("damaged JPEG segment")
        kept = _jpeg_segment(marker, data[i:end])
        if kept:
            out.append(kept)
        i = end
        if marker == 0xDA:  # entropy-coded data runs to the next real marker
            j = _scan_end(data, i)
            out.append(data[i:j])
            i = j


def _jpeg_segment(marker: int, segment: bytes) -> bytes:
    """The segment to write, or b"" to drop it."""
    if marker == 0xFE:
        return b""
    if not 0xE0 <= marker <= 0xEF:
        return segment
    signature = _JPEG_KEPT_APPS.get(marker)
    payload = segment[4:]
    if signature is None or not payload.startswith(signature):
        return b""
    if marker == 0xE0:  # JFIF: keep version, units and density; drop any thumbnail
        if len(payload) < 12:
            return b""
        body = payload[:12] + b"\x00\x00"
        return b"\xff\xe0" + (len(body) + 2).to_bytes(2, "big") + body
    return segment


def _scan_end(data: bytes, i: int) -> int:
    """Index of the marker that ends the entropy-coded data starting at `i`."""
    n = len(data)
    while True:
        j = data.find(b"\xff", i)
        if j < 0 or j + 1 >= n:
            raise ValueError("JPEG without an end marker")
        following = data[j + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:
            i = j + 2
        elif following == 0xFF:
            i = j + 1
        else:
            return j


def strip_png(data: bytes) -> bytes:
    """The PNG's picture chunks, up to IEND."""
    signature = b"\x89PNG\r\n\x1a\n"
    if not data.startswith(signature):
        raise ValueError("not a PNG")
    out = [signature]
    i, n = len(signature), len(data)
    while i + 12 <= n:
        length = int.from_bytes(data[i : i + 4], "big")
        kind = data[i + 4 : i + 8]
        end = i + 12 + length
        if end > n:
            break
        if kind in _PNG_KEPT:
            out.append(data[i:end])
        if kind == b"IEND":
            return b"".join(out)
        i = end
    raise ValueError("truncated PNG")


def strip_webp(data: bytes) -> bytes:
    """The WebP's picture chunks, with the VP8X flags for EXIF and XMP cleared."""
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise ValueError("not a WebP")
    end = 8 + int.from_bytes(data[4:8], "little")
    if end > len(data):
        raise ValueError("truncated WebP")
    chunks: list[bytes] = []
    i = 12
    while i + 8 <= end:
        kind = data[i : i + 4]
        size = int.from_bytes(data[i + 4 : i + 8], "little")
        stop = i + 8 + size + (size & 1)
        if i + 8 + size > end:
            raise ValueError("damaged WebP chunk")
        chunk = data[i:stop].ljust(stop - i, b"\x00")
        if kind == b"VP8X" and size >= 1:
            chunk = chunk[:8] + bytes([chunk[8] & ~_WEBP_META_FLAGS & 0xFF]) + chunk[9:]
        if kind in _WEBP_KEPT:
            chunks.append(chunk)
        i = stop
    if not chunks:
        raise ValueError("WebP without a picture")
    payload = b"WEBP" + b"".join(chunks)
    return b"RIFF" + len(payload).to_bytes(4, "little") + payload
