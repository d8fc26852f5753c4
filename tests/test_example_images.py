"""The example site's photo: committed with a phone's metadata, published without it."""

from __future__ import annotations

import re

from PIL import Image

from blogfolio.build import BuildOptions, build
from conftest import FIXED_NOW, REPO
from photos import GPS_IFD, MODEL_TAG, leaks

PHOTO = REPO / "content/posts/networking-before-the-interview/question-list.jpg"


def test_the_committed_photo_carries_gps_and_a_camera_model() -> None:
    with Image.open(PHOTO) as image:
        exif = image.getexif()
        assert exif.get_ifd(GPS_IFD) and exif[MODEL_TAG]
    assert PHOTO.stat().st_size < 150_000


def test_the_example_site_publishes_its_images_clean() -> None:
    result = build(REPO, BuildOptions(now=FIXED_NOW, cache=False))
    files = {f.path: f.data for f in result.files}
    rasters = {p: d for p, d in files.items() if p.endswith((".jpg", ".png", ".webp"))}
    folder = "posts/2025/networking-before-the-interview/"
    assert f"{folder}question-list.jpg" in rasters and f"{folder}question-list-480w.webp" in rasters
    assert {p: leaks(d or b"") for p, d in rasters.items()} == {p: [] for p in rasters}
    page = (files[f"{folder}index.html"] or b"").decode()
    assert re.search(r'<img src="question-list-1440w.jpg" alt="An open notebook[^"]*" width="1600" '
                     r'height="1000" loading="lazy" decoding="async" srcset="', page)  # fmt: skip
    project = (files["projects/readmission-risk-model/index.html"] or b"").decode()
    card = "https://maya-okafor.github.io/folio/projects/readmission-risk-model/social.png"
    assert f'<meta property="og:image" content="{card}">' in project
    assert '<meta name="twitter:card" content="summary_large_image">' in project
