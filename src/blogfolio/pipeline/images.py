"""Publish images safely and show them well: metadata removed, sizes stated, copies offered.

Stage: pipeline. Runs on the finished output. Every JPEG, PNG, WebP and TIFF
among the copied files (bundles and static/ alike) is replaced by a copy without
EXIF, GPS, XMP, IPTC or comments, turned upright; each page's `<img>` tags get
their size, loading hints and resized copies (image_plan.py names them).

Remembered by content: a published image under a digest of its bytes and the
settings, its copies under a digest of the published bytes, and a page's new
HTML under its HTML's digest together with how each image it shows is shown. A
second build with the same files therefore decodes no image at all.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from blogfolio import __version__
from blogfolio.cache.keys import bytes_digest, digest, value_digest
from blogfolio.errors import Diagnostic, Severity, SourceSpan
from blogfolio.images.markup import Shown, rewrite_html, scan_html
from blogfolio.images.probe import (
    STRIPPED,
    SUFFIXES,
    ImageError,
    ImageInfo,
    NotAnImageError,
    probe_image,
)
from blogfolio.images.strip import strip_metadata
from blogfolio.images.variants import Variant, make_variants
from blogfolio.model import PageMeta, RenderedFile
from blogfolio.pipeline.context import Stages
from blogfolio.pipeline.generated import drop_shadowed
from blogfolio.pipeline.image_plan import Plan, plan_images
from blogfolio.pipeline.image_refs import check_images
from blogfolio.pipeline.outcome import Outcome
from blogfolio.pipeline.outputs import Output

UNREADABLE_HINT = (
    "export it again from a photo app or editor, or remove it; [images] keep_metadata = true "
    "publishes images exactly as they are"
)


@dataclass(frozen=True, slots=True)
class Published:
    """An image as it is published."""

    data: bytes
    digest: bytes
    """Digest of `data`: the key of its copies."""
    info: ImageInfo | None
    """None when the file could not be read as an image."""
    problem: str = ""
    """Why it could not be read."""
    image_like: bool = True
    """It begins like an image (so it may hold metadata): unreadable, it fails the build."""


@dataclass(frozen=True, slots=True)
class StoredPage:
    """A page's HTML with its images written again, and how each image it names was shown."""

    shown: tuple[tuple[str, bytes], ...]
    """(output path, digest of its `Shown` or of None) for every local image of the page."""
    html: bytes | None
    """None when the page stays as it is (it shows no image, or they need nothing added)."""


@lru_cache(maxsize=1)
def code_version() -> bytes:
    """blogfolio's version, Pillow's, and the image code itself: part of every image key."""
    folder = Path(__file__).resolve().parents[1] / "images"
    parts: list[bytes | str] = [__version__, metadata.version("pillow")]
    for path in sorted(folder.glob("*.py")):
        parts += (path.name, bytes_digest(path.read_bytes()))
    return digest(*parts)


def publish_images(stages: Stages, metas: Sequence[PageMeta], output: Output) -> Outcome[Output]:
    """The output with images stripped, pages' `<img>` tags completed and copies added."""
    by_path = {f.path: f for f in output.files}
    checked = check_images(stages, metas, by_path.keys())
    errors = list(checked.errors)
    warnings = list(checked.warnings)
    images: dict[str, Published] = {}
    pages: list[RenderedFile] = []
    for item, kind in zip(output.files, _kinds(stages, output.files), strict=True):
        if kind is _PAGE:
            pages.append(item)
            continue
        if kind is None or item.data is None:
            continue
        path = item.path
        found = images[path] = published_image(stages, item.data)
        if found.problem and not found.image_like:
            warnings.append(_unreadable(stages, item, found))
        elif found.problem and not stages.config.images.keep_metadata:
            errors.append(_unreadable(stages, item, found))
    infos = {path: found.info for path, found in images.items()}
    plans = plan_images(infos, by_path.keys(), stages.config.images.widths)
    files = dict(by_path)
    for path, found in images.items():
        if found.data is not by_path[path].data:
            files[path] = replace(by_path[path], data=found.data)
    shown_on_pages: set[str] = set()
    # A page whose bytes object and the images around it are as last build is rewritten
    # the same way again: in `serve`, that skips scanning thousands of unchanged pages.
    images_print = digest(*(f"{p}\0{f.digest.hex()}" for p, f in sorted(images.items())),
                          "\0".join(by_path))  # fmt: skip
    recall = stages.recall
    plain_key = stages.key("image plain pages", code_version())
    stored_plain = stages.get("image plain pages", plain_key)
    was_plain = stored_plain if isinstance(stored_plain, frozenset) else frozenset()
    plain: set[bytes] = set()
    last = recall.latest(PAGE_WALK)
    if isinstance(last, _PageWalk) and (last.images, len(last.pages)) != (images_print, len(pages)):
        last = None
    steps: list[_PageStep] = []
    for place, item in enumerate(pages):
        if last is not None and last.pages[place] is item:
            step = last.steps[place]  # the same page object among the same images
        else:
            step = _page_step(stages, item, was_plain, plans, by_path.keys(), images_print)
        steps.append(step)
        used, made_file, is_plain, _ = step
        if is_plain:
            plain.add(item.digest)  # type: ignore[arg-type]  # a plain page has a digest
            continue
        shown_on_pages.update(used)
        if made_file is not None:
            files[item.path] = made_file
    recall.set_latest(PAGE_WALK, _PageWalk(pages, images_print, steps), [s[3] for s in steps])
    if plain != was_plain:
        stages.put("image plain pages", plain_key, frozenset(plain))
    added = False
    for path in sorted(shown_on_pages):
        plan = plans.get(path)
        if plan is not None and plan.copies:
            for copy in copies_of(stages, images[path], plan):
                added = added or copy.path not in files
                files[copy.path] = copy
    # The output came sorted and one file a path; only new copies can break the order.
    done = drop_shadowed(list(files.values())) if added else list(files.values())
    return Outcome(Output(tuple(done), output.rendered), tuple(errors), tuple(warnings))


_PAGE, _IMAGE = "page", "image"
KINDS = "image file kinds"
"""The `Recall.latest` table of the last build's files in order, with what each is."""


def _kinds(stages: Stages, files: Sequence[RenderedFile]) -> list[str | None]:
    """For each file, whether it is a rendered page, an image or neither; a file that is the
    same object at the same place as in the last build is what it was (`serve`)."""
    last = stages.recall.latest(KINDS)
    was, known = last if isinstance(last, tuple) and len(last[0]) == len(files) else ((), ())
    kinds: list[str | None] = []
    for place, item in enumerate(files):
        if was and was[place] is item:
            kinds.append(known[place])
        elif item.path.endswith(".html") and item.made:
            kinds.append(_PAGE)
        elif SUFFIXES.get(posixpath.splitext(item.path)[1].lower()) is not None:
            kinds.append(_IMAGE)
        else:
            kinds.append(None)
    stages.recall.set_latest(KINDS, (tuple(files), tuple(kinds)))
    return kinds


PAGE_WALK = "image page walk"
_PageStep = tuple[Collection[str], RenderedFile | None, bool, list[object] | None]
"""(the local images a page shows, its rewritten file or None, whether it is plain: no
image and nothing to add, the recall entry its rewrite is kept under)."""
_PLAIN: _PageStep = ((), None, True, None)


@dataclass(frozen=True, slots=True)
class _PageWalk:
    """The last build's pages in order with what each became (`serve`): the same page
    object at the same place among the same images becomes the same again, without a
    lookup (at 10,000 posts, 22,700 of them a rebuild)."""

    pages: Sequence[RenderedFile]
    images: bytes
    steps: Sequence[_PageStep]


def _page_step(
    stages: Stages,
    item: RenderedFile,
    was_plain: Collection[bytes],
    plans: Mapping[str, Plan],
    paths: Collection[str],
    images_print: bytes,
) -> _PageStep:
    """What a page becomes: known plain, remembered for the same HTML, or rewritten now."""
    if item.digest is not None and item.digest in was_plain:
        return _PLAIN  # no image, no og:image: nothing to do, nothing to read
    recall = stages.recall
    held = item.data if item.data is not None else item
    known = recall.get("image page", (held,), (item.path, images_print))
    if known is None:
        made = rewrite_page(stages, item, plans, paths)
        known = recall.put("image page", (held,), made, (item.path, images_print))
    html, used = known
    entry = recall.held("image page", (held,), (item.path, images_print))
    if html is None:
        return used, None, item.digest is not None and not used, entry
    source = None if item.scratch else item.source
    made_file = RenderedFile(item.path, html, source, digest=bytes_digest(html))
    return used, stages.keep(made_file), False, entry


def _unreadable(stages: Stages, item: RenderedFile, found: Published) -> Diagnostic:
    source = item.source or Path(item.path)
    try:
        shown = source.relative_to(stages.config.root)
    except ValueError:
        shown = source
    if not found.image_like:
        message = f"{found.problem}; published unchanged, without a size or copies"
        hint = "rename it, or replace it with the image it stands for"
        return Diagnostic(message, SourceSpan(shown), hint, Severity.WARNING)
    message = f"cannot remove this image's metadata: {found.problem}"
    return Diagnostic(message, SourceSpan(shown), UNREADABLE_HINT)


def _bytes_digest(stages: Stages, data: bytes) -> bytes:
    known = stages.recall.get("image bytes", (data,))
    if known is None:
        known = stages.recall.put("image bytes", (data,), bytes_digest(data))
    return known  # type: ignore[no-any-return]


def published_image(stages: Stages, data: bytes) -> Published:
    """The image as published, from the store when these bytes were seen with these settings."""
    settings = stages.config.images
    key = digest("image", code_version(), repr((settings.keep_metadata, settings.quality)),
                 _bytes_digest(stages, data))  # fmt: skip
    stored = stages.get("image", key)
    if isinstance(stored, Published):
        return stored
    try:
        info = probe_image(data)
        out = data
        if not settings.keep_metadata and info.format in STRIPPED:
            out = strip_metadata(data, info, settings.quality)
            info = replace(info, orientation=1)
        made = Published(out, bytes_digest(out), info)
    except ImageError as exc:
        like = not isinstance(exc, NotAnImageError)
        made = Published(data, _bytes_digest(stages, data), None, str(exc), like)
    stages.put("image", key, made)
    return made


def copies_of(stages: Stages, image: Published, plan: Plan) -> list[RenderedFile]:
    """The planned copies of an image as output files, made once for the same bytes."""
    settings = stages.config.images
    key = digest("image copies", code_version(), repr((settings.widths, settings.quality)),
                 image.digest)  # fmt: skip
    stored = stages.get("image copies", key)
    if not isinstance(stored, tuple):
        assert image.info is not None
        try:
            stored = make_variants(image.data, image.info, settings.widths, settings.quality)
        except ImageError:
            stored = ()
        stages.put("image copies", key, stored)
    made: dict[tuple[int, str], Variant] = {(v.width, v.format): v for v in stored}
    found = (made.get((c.width, c.format)) for c in plan.copies)
    return [RenderedFile(c.path, v.data) for c, v in zip(plan.copies, found, strict=True) if v]


def rewrite_page(
    stages: Stages, item: RenderedFile, plans: Mapping[str, Plan], published: Collection[str]
) -> tuple[bytes | None, tuple[str, ...]]:
    """A page's HTML with its images written again (None when it stays as it is), and the
    local images it shows. A page whose digest the build knows is looked up by it, so an
    unchanged page kept in the store is not read at all."""
    data = item.data
    if data is None and item.digest is None:
        data = item.generated()  # a spilled page: read once
    if data is not None and b"<img" not in data and b"og:image" not in data:
        return None, ()
    found = item.digest if item.digest is not None else _bytes_digest(stages, data or b"")
    key = stages.key("image page", code_version(), found)
    stored = stages.get("image page", key)
    if isinstance(stored, StoredPage) and all(
        _shown_digest(plans, published, path) == seen for path, seen in stored.shown
    ):
        return stored.html, tuple(path for path, _seen in stored.shown)
    if data is None:
        data = item.generated()
        if b"<img" not in data and b"og:image" not in data:
            return None, ()
    page_path = item.path
    text = data.decode("utf-8", "surrogateescape")
    scan = scan_html(text)
    folder = posixpath.dirname(page_path)
    config = stages.config
    used: list[tuple[str, bytes]] = []
    views: dict[int, Shown] = {}
    for index, tag in enumerate(scan.images):
        path = local_path(tag.get("src") or "", folder, config.base_path)
        if path is None:
            continue
        used.append((path, _shown_digest(plans, published, path)))
        view = _shown(plans, published, path)
        if view is not None:
            views[index] = view
    og = None
    site = config.origin + config.base_path
    if scan.og_image.startswith(site):
        path = local_path(scan.og_image[len(config.origin) :], "", config.base_path)
        if path is not None:
            used.append((path, _shown_digest(plans, published, path)))
            og = _shown(plans, published, path)
    html = rewrite_html(text, scan, views, config.images.sizes, og).encode(
        "utf-8", "surrogateescape"
    )
    result = StoredPage(tuple(used), html if html != data else None)
    stages.put("image page", key, result)
    return result.html, tuple(path for path, _seen in used)


def _shown(plans: Mapping[str, Plan], published: Collection[str], path: str) -> Shown | None:
    plan = plans.get(path)
    if plan is not None:
        return plan.shown
    if path in published:  # an SVG or another file the build does not decode
        return Shown(0, 0, posixpath.basename(path))
    return None


def _shown_digest(plans: Mapping[str, Plan], published: Collection[str], path: str) -> bytes:
    return value_digest(_shown(plans, published, path))


def local_path(src: str, folder: str, base_path: str) -> str | None:
    """The output path an address on a page in `folder` names; None for other sites."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        if not path.startswith(base_path):
            return None
        path = path[len(base_path) :]
    else:
        path = posixpath.join(folder, path)
    normal = posixpath.normpath("/" + path).lstrip("/")
    return normal or None
