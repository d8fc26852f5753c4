"""Photos made for tests: each carries the metadata a phone or editor would leave in it."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, PngImagePlugin

MAKE = "Fakeshot"
MODEL = "Fakeshot Pocket 7"
PLACE = "Home of the student"
"""Written as a comment and in XMP: text that must not reach the site."""
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
    b'22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
    b"<dc:title>" + PLACE.encode() + b"</dc:title></rdf:Description></rdf:RDF></x:xmpmeta>"
)
GPS_IFD = 0x8825
MAKE_TAG, MODEL_TAG, ORIENTATION = 0x010F, 0x0110, 0x0112


def camera_exif(orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: camera make and model, orientation and a GPS position."""
    exif = Image.Exif()
    exif[MAKE_TAG] = MAKE
    exif[MODEL_TAG] = MODEL
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (41.0, 52.0, 30.5), 3: "W", 4: (87.0, 37.0, 12.25)}
    return exif


def scene(width: int, height: int, mode: str = "RGB") -> Image.Image:
    """A drawn picture: sky, ground and a sun, so resizing has edges to keep."""
    image = Image.new("RGB", (width, height), (120, 170, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height * 2 // 3, width, height), fill=(70, 140, 60))
    r = max(2, min(width, height) // 8)
    draw.ellipse((width // 5 - r, height // 4 - r, width // 5 + r, height // 4 + r),
                 fill=(250, 210, 60))  # fmt: skip
    return image.convert(mode) if mode != "RGB" else image


def jpeg_photo(width: int = 1600, height: int = 1200, orientation: int = 1) -> bytes:
    """A JPEG with GPS and camera EXIF, XMP and a comment."""
    out = io.BytesIO()
    scene(width, height).save(out, "JPEG", quality=85, exif=camera_exif(orientation), xmp=XMP,
                              comment=PLACE.encode())  # fmt: skip
    return out.getvalue()


def png_picture(width: int = 1200, height: int = 800) -> bytes:
    """A PNG with text chunks (tEXt, iTXt) and an eXIf chunk."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", PLACE)
    info.add_itxt("Description", PLACE, lang="en")
    info.add_text("XML:com.adobe.xmp", XMP.decode())
    out = io.BytesIO()
    scene(width, height, "RGBA").save(out, "PNG", pnginfo=info, exif=camera_exif())
    return out.getvalue()


def webp_picture(width: int = 1000, height: int = 700) -> bytes:
    """A WebP with EXIF and XMP chunks."""
    out = io.BytesIO()
    scene(width, height).save(out, "WEBP", quality=80, exif=camera_exif(), xmp=XMP)
    return out.getvalue()


def tiff_picture(width: int = 600, height: int = 400) -> bytes:
    """A TIFF whose own tags name the camera, with EXIF and XMP."""
    out = io.BytesIO()
    scene(width, height).save(out, "TIFF", exif=camera_exif(), xmp=XMP,
                              tiffinfo={MAKE_TAG: MAKE, MODEL_TAG: MODEL})  # fmt: skip
    return out.getvalue()


def leaks(data: bytes) -> list[str]:
    """What in an image file still tells about its author: read back with Pillow, and as bytes."""
    found: list[str] = []
    image = Image.open(io.BytesIO(data))
    exif = image.getexif()
    for tag, name in ((MAKE_TAG, "camera make"), (MODEL_TAG, "camera model")):
        if tag in exif:
            found.append(name)
    if exif.get_ifd(GPS_IFD) or GPS_IFD in exif:
        found.append("GPS position")
    if exif.get(ORIENTATION, 1) != 1:
        found.append("orientation tag")
    for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "Comment", "Description"):
        if image.info.get(key):
            found.append(f"info[{key!r}]")
    if getattr(image, "text", None):
        found.append("PNG text chunks")
    for needle in (MAKE.encode(), PLACE.encode(), b"xmpmeta", b"Exif\x00\x00"):
        if needle in data:
            found.append(f"bytes {needle!r}")
    return found
