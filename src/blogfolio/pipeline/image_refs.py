"""Check the images Markdown bodies show: each local one must be published, each needs alt text.

Stage: pipeline. A missing file is an error at the image's line, so the build
names the file to add; missing alt text is a warning (screen-reader users hear
nothing, or the file name). What a body shows is kept under a key of its text.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Sequence
from urllib.parse import unquote, urlsplit

from blogfolio.content.image_refs import ImageRef, find_image_refs, may_show_images
from blogfolio.errors import Diagnostic, Severity, SourceSpan
from blogfolio.model import PageMeta, ParsedDoc
from blogfolio.pipeline.context import Stages
from blogfolio.pipeline.outcome import Outcome

MISSING_HINT = (
    "put the file beside the page's index.md (a bundle: content/posts/<slug>/index.md with the "
    "image next to it) or under static/ and write its path from the site root, "
    "e.g. ![What it shows](/images/photo.jpg)"
)
ALT_HINT = (
    "describe what the image shows: ![A crowded career fair hall](photo.jpg); an image that is "
    'only decoration can be written as <img src="photo.jpg" alt="">'
)


def _key(stages: Stages, doc: ParsedDoc) -> bytes:
    return stages.key("image refs", doc.body, str(doc.body_first_line))


def remember_image_refs(stages: Stages, doc: ParsedDoc, refs: tuple[ImageRef, ...]) -> None:
    """Keep the images a body shows, found while it was rendered (in a worker, during a
    cold build), so `image_refs` does not parse the body again."""
    if may_show_images(doc.body):
        stages.put("image refs", _key(stages, doc), refs)


def image_refs(stages: Stages, meta: PageMeta) -> tuple[ImageRef, ...]:
    """The images of a page's body, found once for the same text."""
    doc = meta.doc
    known = stages.recall.get("image refs", (doc,))
    if known is not None:
        return known  # type: ignore[no-any-return]
    if not may_show_images(doc.body):
        return stages.recall.put("image refs", (doc,), ())  # type: ignore[no-any-return]
    key = _key(stages, doc)
    stored = stages.get("image refs", key)
    if not isinstance(stored, tuple):
        stored = find_image_refs(doc.body, doc.body_first_line)
        stages.put("image refs", key, stored)
    return stages.recall.put("image refs", (doc,), stored)  # type: ignore[no-any-return]


def check_images(
    stages: Stages, metas: Sequence[PageMeta], published: Collection[str]
) -> Outcome[None]:
    """Errors for local images that are not among the `published` output paths, warnings for
    images without alt text."""
    errors: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    # Taken by place in `serve` (Recall.each): most pages show no image, and a walk over
    # thousands of them costs less than a lookup for each.
    shown = stages.recall.each("page images", metas, lambda new: [image_refs(stages, m)
                                                                  for m in new])  # fmt: skip
    for meta, refs in zip(metas, shown, strict=True):
        for ref in refs:
            span = SourceSpan(meta.doc.span_path, ref.line)
            if ref.alt is None or (ref.markdown and not ref.alt.strip()):
                warnings.append(Diagnostic(f"image '{ref.src}' has no alt text", span, ALT_HINT,
                                           Severity.WARNING))  # fmt: skip
            target = site_file(ref.src, meta.url)
            if target is not None and target not in published:
                message = f"image '{ref.src}' not found: nothing is published at /{target}"
                errors.append(Diagnostic(message, span, MISSING_HINT))
    return Outcome(None, tuple(errors), tuple(warnings))


def site_file(src: str, page_url: str) -> str | None:
    """The output path a page's image address points at; None for other sites and data."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    if not path.startswith("/"):
        folder = page_url if page_url.endswith("/") else posixpath.dirname(page_url) + "/"
        path = folder + path
    normal = posixpath.normpath(path).lstrip("/")
    return None if normal.startswith("..") or normal in ("", ".") else normal
