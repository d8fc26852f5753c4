"""The pure image code on hostile input: odd containers, damaged files, tricky HTML."""

from __future__ import annotations

import contextlib
import io
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from blogfolio.content.image_refs import find_image_refs
from blogfolio.images.markup import Shown, rewrite_html, scan_html
from blogfolio.images.probe import ImageError, probe_image
from blogfolio.images.strip import strip_metadata, strip_png
from photos import jpeg_photo, leaks, png_picture


def _strip(data: bytes) -> bytes:
    return strip_metadata(data, probe_image(data), 80)


def test_a_second_picture_appended_after_the_first_is_dropped() -> None:
    # Phones append a preview picture (with EXIF of its own) after the main one.
    data = jpeg_photo(300, 200) + jpeg_photo(64, 48)
    out = _strip(data)
    assert leaks(out) == [] and out.count(b"\xff\xd8") == 1
    with Image.open(io.BytesIO(out)) as image:
        assert image.size == (300, 200)
        image.load()


def test_a_png_private_chunk_is_dropped() -> None:
    data = png_picture(50, 40)
    secret = b"my home address"
    chunk = (
        len(secret).to_bytes(4, "big") + b"prVt" + secret
        + zlib.crc32(b"prVt" + secret).to_bytes(4, "big")
    )  # fmt: skip
    at = data.index(b"IDAT") - 4
    out = strip_png(data[:at] + chunk + data[at:])
    assert secret not in out
    with Image.open(io.BytesIO(out)) as image:
        assert image.size == (50, 40)


def test_a_truncated_photo_is_refused_or_cleaned_never_leaked() -> None:
    data = jpeg_photo(400, 300)
    for cut in (len(data) // 3, len(data) // 2, len(data) - 10):
        try:
            out = _strip(data[:cut])
        except ImageError:
            continue
        assert leaks(out) == []


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_only_ever_raise_image_error(data: bytes) -> None:
    for prefix in (b"", b"\xff\xd8", b"\x89PNG\r\n\x1a\n", b"RIFF\x10\x00\x00\x00WEBPVP8X"):
        with contextlib.suppress(ImageError):
            _strip(prefix + data)


def test_images_in_scripts_comments_and_authors_pictures_are_left_alone() -> None:
    page = (
        '<main><!-- <img src="a.jpg"> --><script>let s = "<img src=a.jpg>";</script>'
        '<picture><source srcset="mine.avif"><img src="a.jpg" alt="x"></picture>'
        '<img src="a.jpg" alt="a > b" srcset="own.jpg 2x"></main>'
    )
    scan = scan_html(page)
    assert len(scan.images) == 2 and scan.images[0].in_picture
    assert scan.images[1].get("alt") == "a > b"
    shown = Shown(800, 600, "a.jpg", (("a-480w.jpg", 480), ("a.jpg", 800)), (("a.webp", 800),))
    out = rewrite_html(page, scan, {0: shown, 1: shown}, "100vw")
    assert out.count("<picture>") == 1 and '<script>let s = "<img src=a.jpg>";</script>' in out
    assert 'srcset="own.jpg 2x"' in out and "a-480w.jpg" not in out
    assert 'alt="a &gt; b"' in out and 'width="800"' in out


def test_image_lines_come_from_the_source_and_code_is_not_an_image() -> None:
    body = (
        "Text\n\n```\n![not](an-image.png)\n```\n\n"
        "`![no](x.png)` and\n![yes][ref]\n\n[ref]: y.png\n"
    )
    refs = find_image_refs(body, first_line=5)
    assert [(r.src, r.alt, r.line) for r in refs] == [("y.png", "yes", 12)]


@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_turned_photos_come_out_upright_and_untagged(orientation: int) -> None:
    out = _strip(jpeg_photo(200, 100, orientation=orientation))
    with Image.open(io.BytesIO(out)) as image:
        assert image.size == ((200, 100) if orientation == 3 else (100, 200))
        assert 0x0112 not in image.getexif()
    assert leaks(out) == []
