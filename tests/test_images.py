"""Photos as a student publishes them: stripped of where and with what they were taken,
sized, offered in smaller copies, checked, and processed only once."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from blogfolio.build import Builder, BuildOptions, build, build_site
from blogfolio.cache.store import MemoryStore
from blogfolio.errors import BuildError, Severity
from blogfolio.pipeline import images as image_stage
from conftest import FIXED_NOW, MINIMAL_CONFIG, SiteFactory, post
from photos import jpeg_photo, leaks, png_picture, tiff_picture, webp_picture

RASTER = (".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff")
OPTIONS = BuildOptions(now=FIXED_NOW, cache=False)


def bundle_post(body: str) -> str:
    return post("Trip", body=body)


def _photo_site(make_site: SiteFactory, config: str = MINIMAL_CONFIG) -> Path:
    body = (
        "First paragraph.\n\n![A field under a sunny sky](photo.jpg)\n\n"
        "![A portrait taken sideways](turned.jpg)\n\n![The banner](/img/banner.png)\n\n"
        "![A card](card.webp)\n\n![A scan](scan.tif)\n\n![Far away](https://example.com/a.jpg)\n"
    )
    return make_site(
        {
            "content/posts/trip/index.md": bundle_post(body),
            "content/posts/trip/photo.jpg": jpeg_photo(2000, 1500),
            "content/posts/trip/turned.jpg": jpeg_photo(900, 600, orientation=6),
            "content/posts/trip/card.webp": webp_picture(),
            "content/posts/trip/scan.tif": tiff_picture(),
            "static/img/banner.png": png_picture(),
            "static/img/unused.jpg": jpeg_photo(640, 480),
        },
        config,
    )


def _html(out: Path, rel: str = "posts/2025/trip/index.html") -> str:
    return (out / rel).read_text("utf-8")


def test_no_published_image_tells_where_or_with_what_it_was_taken(
    make_site: SiteFactory,
) -> None:
    root = _photo_site(make_site)
    sources = [p for p in root.rglob("*") if p.suffix in RASTER]
    assert all(leaks(p.read_bytes()) for p in sources)  # so the test means something
    _result, _report, out = build_site(root, OPTIONS)
    published = sorted(p for p in out.rglob("*") if p.suffix in RASTER)
    names = {p.relative_to(out).as_posix() for p in published}
    assert {"img/unused.jpg", "img/banner.png", "posts/2025/trip/photo.jpg"} <= names
    assert "posts/2025/trip/photo-480w.webp" in names and "img/banner-480w.png" in names
    assert {p.as_posix(): leaks(p.read_bytes()) for p in published} == {
        p.as_posix(): [] for p in published
    }


def test_a_sideways_photo_is_published_upright(make_site: SiteFactory) -> None:
    root = _photo_site(make_site)
    _result, _report, out = build_site(root, OPTIONS)
    folder = out / "posts/2025/trip"
    with Image.open(folder / "turned.jpg") as image:
        assert image.size == (600, 900)
        assert 0x0112 not in image.getexif()
        pixels = image.convert("RGB")
        assert pixels.getpixel((300, 5))[1] > 150  # the green ground is now on the left side...
        assert pixels.getpixel((595, 450))[2] > 200  # ...and the sky on the right
    with Image.open(folder / "turned-480w.webp") as copy:
        assert copy.size == (480, 720)
    assert 'width="600" height="900"' in _html(out)


def test_images_get_their_size_copies_and_loading_hints(make_site: SiteFactory) -> None:
    root = _photo_site(make_site)
    _result, _report, out = build_site(root, OPTIONS)
    page = _html(out)
    imgs = re.findall(r"<img [^>]*>", page)
    first = next(i for i in imgs if "photo" in i)
    assert 'width="2000" height="1500"' in first and 'decoding="async"' in first
    assert 'fetchpriority="high"' in first and "loading=" not in first
    assert all('loading="lazy"' in i for i in imgs if "example.com" not in i and i != first)
    assert "photo-480w.jpg 480w, photo-960w.jpg 960w, photo-1440w.jpg 1440w" in first
    assert 'src="photo-1440w.jpg"' in first  # larger than any width: the largest copy
    assert 'sizes="' in first
    sources = re.findall(r'<source type="image/webp" srcset="([^"]+)"', page)
    assert "photo-480w.webp 480w, photo-960w.webp 960w, photo-1440w.webp 1440w" in sources
    for srcset in [*sources, *re.findall(r' srcset="([^"]+)"', page)]:
        for candidate in srcset.split(", "):
            name, width = candidate.split(" ")
            with Image.open(out / "posts/2025/trip" / name) as copy:
                assert copy.width == int(width.rstrip("w")), candidate
    banner = next(i for i in imgs if "banner" in i)
    up = "../../../img/"
    assert f"{up}banner-480w.png 480w, {up}banner-960w.png 960w, {up}banner.png 1200w" in banner
    assert not (out / "img/banner-1440w.png").exists()  # never larger than the original
    far = next(i for i in imgs if "example.com" in i)
    assert far == '<img src="https://example.com/a.jpg" alt="Far away">'


def test_a_missing_image_is_an_error_at_its_line(make_site: SiteFactory) -> None:
    root = make_site({
        "content/posts/trip/index.md": bundle_post("Text.\n\nMore.\n![Our team](team.jpg)\n"),
    })  # fmt: skip
    with pytest.raises(BuildError) as info:
        build(root, OPTIONS)
    (diag,) = info.value.diagnostics
    assert diag.span is not None and diag.span.line == 9
    assert diag.span.path == Path("content/posts/trip/index.md")
    assert "team.jpg" in diag.message and diag.hint and "static/" in diag.hint


def test_missing_alt_text_is_a_warning_at_its_line(make_site: SiteFactory) -> None:
    body = (
        "![](a.png)\n\n"
        '<img src="b.png" alt="">\n\n'  # decoration, said so explicitly
        '<p>A drawing <img src="c.png"></p>\n'
    )
    files: dict[str, str | bytes] = {"content/posts/trip/index.md": bundle_post(body)}
    files |= {f"content/posts/trip/{n}.png": png_picture(40, 30) for n in "abc"}
    root = make_site(files)
    result = build(root, OPTIONS)
    found = [(d.span.line, d.message) for d in result.warnings if d.span is not None]
    assert all(d.severity is Severity.WARNING for d in result.warnings)
    assert found == [(6, "image 'a.png' has no alt text"), (10, "image 'c.png' has no alt text")]


def test_keep_metadata_publishes_photos_as_they_are(make_site: SiteFactory) -> None:
    config = MINIMAL_CONFIG + "[images]\nkeep_metadata = true\n"
    root = _photo_site(make_site, config)
    _result, _report, out = build_site(root, OPTIONS)
    original = (root / "content/posts/trip/photo.jpg").read_bytes()
    assert (out / "posts/2025/trip/photo.jpg").read_bytes() == original
    assert leaks((out / "posts/2025/trip/photo-480w.jpg").read_bytes()) == []


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("quality = 0", "'images.quality': must be between 1 and 100"),
        ("widths = [480, 5]", "'images.widths.1': 5 is not a width between 16 and 8192"),
        ('widths = "480"', "'images.widths': expected a list"),
        ("keep_metdata = true", "did you mean 'keep_metadata'?"),
        ('social_default = "/me.svg"', "social sites do not show SVG"),
    ],
)
def test_images_settings_are_checked(make_site: SiteFactory, table: str, expected: str) -> None:
    root = make_site({"content/posts/a.md": post("A")}, MINIMAL_CONFIG + f"[images]\n{table}\n")
    with pytest.raises(BuildError) as info:
        build(root, OPTIONS)
    assert expected in str(info.value)


def test_a_file_named_like_a_photo_that_is_not_one_is_an_error(make_site: SiteFactory) -> None:
    root = make_site({
        "content/posts/a.md": post("A"),
        "static/broken.jpg": b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00GPS-secret-here",
    })  # fmt: skip
    with pytest.raises(BuildError) as info:
        build(root, OPTIONS)
    assert "static/broken.jpg: error: cannot remove this image's metadata" in str(info.value)


# -- social previews ------------------------------------------------------------------------


def _meta(page: str, prop: str) -> str | None:
    found = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', page)
    return found.group(1) if found else None


def test_social_previews_never_show_an_svg(make_site: SiteFactory) -> None:
    project = (
        "---\ntitle: Chart\ndate: 2025-02-01\nimage: cover.svg\nimage_alt: A bar chart\n---\n\n"
        "Text.\n"
    )
    photo_post = post("Photo", image="cover.svg", body="![A crowd at the fair](crowd.png)")
    root = make_site(
        {
            "content/projects/chart/index.md": project,
            "content/projects/chart/cover.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
            "content/posts/photo/index.md": photo_post,
            "content/posts/photo/cover.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
            "content/posts/photo/crowd.png": png_picture(1200, 630),
            "content/posts/plain.md": post("Plain", date="2025-01-20"),
            "static/me.jpg": jpeg_photo(800, 800),
        },
        MINIMAL_CONFIG + '[images]\nsocial_default = "/me.jpg"\n',
    )
    _result, _report, out = build_site(root, OPTIONS)
    photo = _html(out, "posts/2025/photo/index.html")
    assert _meta(photo, "og:image") == "https://example.org/posts/2025/photo/crowd.png"
    assert _meta(photo, "og:image:alt") == "A crowd at the fair"
    assert (_meta(photo, "og:image:width"), _meta(photo, "og:image:height")) == ("1200", "630")
    assert _meta(photo, "twitter:card") == "summary_large_image"
    chart = _html(out, "projects/chart/index.html")
    assert _meta(chart, "og:image") == "https://example.org/me.jpg"
    assert _meta(chart, "og:image:width") == "800"
    for page in out.rglob("*.html"):
        image = _meta(page.read_text("utf-8"), "og:image") or ""
        assert not image.endswith(".svg"), page


def test_without_any_image_the_card_is_a_summary(make_site: SiteFactory) -> None:
    root = make_site({"content/posts/plain.md": post("Plain")})
    _result, _report, out = build_site(root, OPTIONS)
    page = _html(out, "posts/2025/plain/index.html")
    assert _meta(page, "twitter:card") == "summary" and _meta(page, "og:image") is None


# -- processed once -------------------------------------------------------------------------


@pytest.fixture
def image_work(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Counts every call into Pillow the image stage makes."""
    calls = {"probe": 0, "strip": 0, "copies": 0}

    def counting(name: str, real: object) -> object:
        def wrapper(*args: object) -> object:
            calls[name] += 1
            return real(*args)  # type: ignore[operator]

        return wrapper

    monkeypatch.setattr(image_stage, "probe_image", counting("probe", image_stage.probe_image))
    monkeypatch.setattr(image_stage, "strip_metadata",
                        counting("strip", image_stage.strip_metadata))  # fmt: skip
    monkeypatch.setattr(image_stage, "make_variants",
                        counting("copies", image_stage.make_variants))  # fmt: skip
    return calls


def _files(result: object) -> dict[str, bytes]:
    return {f.path: f.data or b"" for f in result.files}  # type: ignore[attr-defined]


def test_a_warm_rebuild_in_memory_does_no_image_work(
    make_site: SiteFactory, image_work: dict[str, int]
) -> None:
    root = _photo_site(make_site)
    builder = Builder(root, BuildOptions(now=FIXED_NOW), MemoryStore())
    cold = _files(builder.build())
    assert image_work["strip"] >= 5 and image_work["copies"] >= 3
    image_work.update(probe=0, strip=0, copies=0)
    assert _files(builder.build()) == cold
    assert image_work == {"probe": 0, "strip": 0, "copies": 0}
    photo = root / "content/posts/trip/photo.jpg"
    photo.write_bytes(jpeg_photo(1000, 500))  # an edited photo changes its page
    edited = _files(builder.build(changed=[photo]))
    assert 'width="1000" height="500"' in edited["posts/2025/trip/index.html"].decode()
    assert image_work["strip"] == 1


def test_a_second_build_with_the_disk_cache_does_no_image_work(
    make_site: SiteFactory, image_work: dict[str, int]
) -> None:
    root = _photo_site(make_site)
    cold = _files(build(root, BuildOptions(now=FIXED_NOW)))
    assert image_work["copies"] >= 3
    image_work.update(probe=0, strip=0, copies=0)
    assert _files(build(root, BuildOptions(now=FIXED_NOW))) == cold
    assert image_work == {"probe": 0, "strip": 0, "copies": 0}
    fresh = _files(build(root, OPTIONS))
    assert fresh == cold


def test_two_images_never_claim_the_same_copy_name(make_site: SiteFactory) -> None:
    body = "![Photo](a.jpg)\n\n![Drawing](a.png)\n"
    root = make_site({
        "content/posts/trip/index.md": bundle_post(body),
        "content/posts/trip/a.jpg": jpeg_photo(1000, 800),
        "content/posts/trip/a.png": png_picture(1000, 800),
    })  # fmt: skip
    _result, _report, out = build_site(root, OPTIONS)
    page = _html(out)
    assert page.count("a-480w.webp 480w") == 1
    with Image.open(io.BytesIO((out / "posts/2025/trip/a-480w.webp").read_bytes())) as image:
        assert image.size == (480, 384)


def test_a_text_file_named_like_an_image_is_published_with_a_warning(
    make_site: SiteFactory,
) -> None:
    root = make_site({"content/posts/a.md": post("A"), "static/notes.png": "not a picture\n"})
    result = build(root, OPTIONS)
    files = {f.path: f.data for f in result.files}
    assert files["notes.png"] == b"not a picture\n"
    (warning,) = [str(d.span) + ": " + d.message for d in result.warnings if d.span is not None]
    assert warning.startswith("static/notes.png: the file is not an image")


def test_a_cold_build_parses_each_body_once_to_find_its_images(
    make_site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Images are found while the body is rendered (in a worker when there are many), not
    by a second parse in the parent; the messages stay the same."""
    from blogfolio.content import batch, image_refs
    from blogfolio.pipeline import image_refs as refs_stage

    calls: list[str] = []
    real = image_refs.find_image_refs

    def counting(body: str, first_line: int) -> tuple[image_refs.ImageRef, ...]:
        calls.append(body)
        return real(body, first_line)

    monkeypatch.setattr(batch, "find_image_refs", counting)
    monkeypatch.setattr(refs_stage, "find_image_refs", counting)
    body = "Text.\n\n![](a.png)\n\n<p>A drawing <img src=\"c.png\"></p>\n"
    files: dict[str, str | bytes] = {"content/posts/trip/index.md": bundle_post(body)}
    files |= {f"content/posts/trip/{n}.png": png_picture(40, 30) for n in "ac"}
    root = make_site(files)
    result = build(root, BuildOptions(now=FIXED_NOW, jobs=1))
    assert len([b for b in calls if "a.png" in b]) == 1
    found = [(d.span.line, d.message) for d in result.warnings if d.span is not None]
    assert found == [(8, "image 'a.png' has no alt text"), (10, "image 'c.png' has no alt text")]


def test_a_rebuild_takes_unchanged_pages_by_their_place_without_a_lookup(
    make_site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _photo_site(make_site)
    note = root / "content/posts/note.md"
    note.write_text(post("Note", "2025-02-01", body="Opening words.\n\nLater words."))
    builder = Builder(root, BuildOptions(now=FIXED_NOW), MemoryStore())
    builder.build()
    builder.build(changed=set())  # pages reused from now on, as the same file objects
    asked: list[str] = []
    get = builder.recall.get

    def counted(table: str, objects: tuple[object, ...], extra: object = ()) -> object:
        if table == "image page":
            asked.append(extra[0])  # type: ignore[index]
        return get(table, objects, extra)  # type: ignore[arg-type]

    monkeypatch.setattr(builder.recall, "get", counted)
    for words in ("Other words.", "Third words."):
        note.write_text(note.read_text().replace(note.read_text().split("\n")[-2], words))
        edited = _files(builder.build(changed=[note]))
        assert edited == _files(Builder(root, OPTIONS).build())
        assert words.encode() in edited["posts/2025/note/index.html"]
        # the note's page is new; the photo page and every list are the same objects
        assert asked == ["posts/2025/note/index.html"], asked
        asked.clear()
    photo = root / "content/posts/trip/photo.jpg"
    photo.write_bytes(jpeg_photo(1000, 500))  # new images: every page is looked up again
    edited = _files(builder.build(changed=[photo]))
    assert 'width="1000" height="500"' in edited["posts/2025/trip/index.html"].decode()
    assert edited == _files(Builder(root, OPTIONS).build())
    assert "posts/2025/trip/index.html" in asked
