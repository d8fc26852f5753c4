"""Find the `<img>` tags of a page and write them again with sizes, variants and loading hints.

Stage: images. Works on the finished HTML of a page, so images from Markdown,
from templates (project covers, the author photo) and from raw HTML are treated
alike. Comments, scripts and styles are masked first so nothing inside them is
touched. Attributes already written (by a theme or an author) are kept.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote

_MASKED = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|textarea|template)\b.*?(?:</\1\s*>|\Z)", re.S | re.I
)
_TAG = r"(?:[^>\"']|\"[^\"]*\"|'[^']*')*>"
_IMG = re.compile(r"<img\b" + _TAG, re.I)
_META = re.compile(r"<meta\b" + _TAG, re.I)
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_MAIN = re.compile(r"<main\b", re.I)
_PICTURE = re.compile(r"<(/?)picture\b", re.I)

Attrs = tuple[tuple[str, str | None], ...]


@dataclass(frozen=True, slots=True)
class ImgTag:
    """An `<img>` as written: where it is and its attributes (values unescaped)."""

    start: int
    end: int
    attrs: Attrs
    in_picture: bool
    """Inside a `<picture>` the author wrote: its sources are theirs, so sizes only."""

    def get(self, name: str) -> str | None:
        """The value of attribute `name` (lowercase), or None when absent or bare."""
        return next((v for k, v in self.attrs if k == name), None)

    def has(self, name: str) -> bool:
        """Whether the attribute is written at all."""
        return any(k == name for k, _v in self.attrs)


@dataclass(frozen=True, slots=True)
class Scan:
    """The images of one page and its social-preview image."""

    images: tuple[ImgTag, ...]
    eager: int
    """Index in `images` of the first image of the main content (loaded at once), or -1."""
    og_image: str
    """The `og:image` address, or ""."""
    og_end: int
    """Where the `og:image` tag ends (size tags go after it), or -1."""
    og_sized: bool
    """The page already states the preview's width."""


@dataclass(frozen=True, slots=True)
class Shown:
    """How a local image is shown: its size and the file names of its resized copies.

    Names are siblings of the image's own file, so one value serves every page."""

    width: int
    """0 when unknown (an SVG): then only loading hints are added."""
    height: int
    src: str
    """File name for `src`: the original, or its largest copy when the original is larger."""
    srcset: tuple[tuple[str, int], ...] = ()
    """(file name, width) in the original format, smallest first; `src` is the last."""
    webp: tuple[tuple[str, int], ...] = ()
    """(file name, width) in WebP, for a `<source type="image/webp">`."""


def scan_html(text: str) -> Scan:
    """Every `<img>` outside comments and scripts, and the `og:image` tag."""
    masked = _MASKED.sub(lambda m: " " * len(m.group()), text)
    main = _MAIN.search(masked)
    main_at = main.start() if main else 0
    pictures = [(m.start(), m.group(1) == "") for m in _PICTURE.finditer(masked)]
    images: list[ImgTag] = []
    eager = -1
    for match in _IMG.finditer(masked):
        opened = [o for at, o in pictures if at < match.start()]
        in_picture = bool(opened) and opened[-1]
        images.append(ImgTag(match.start(), match.end(), _attrs(match.group()[4:]), in_picture))
        if eager < 0 and match.start() >= main_at:
            eager = len(images) - 1
    og_image, og_end, og_sized = "", -1, False
    for match in _META.finditer(masked):
        attrs = dict(_attrs(match.group()[5:]))
        prop = attrs.get("property") or ""
        if prop == "og:image" and not og_image:
            og_image, og_end = attrs.get("content") or "", match.end()
        elif prop == "og:image:width":
            og_sized = True
    return Scan(tuple(images), eager, og_image, og_end, og_sized)


def _attrs(inner: str) -> Attrs:
    found: list[tuple[str, str | None]] = []
    for match in _ATTR.finditer(inner.rstrip(">").rstrip("/")):
        name = match.group(1).lower()
        raw = next((g for g in match.groups()[1:] if g is not None), None)
        found.append((name, None if raw is None else html.unescape(raw)))
    return tuple(found)


def rewrite_html(
    text: str, scan: Scan, shown: Mapping[int, Shown], sizes: str, og: Shown | None = None
) -> str:
    """The page with each image in `shown` (by index in `scan.images`) written again, and the
    size of its `og:image` (shown as `og`) stated after that tag."""
    edits: list[tuple[int, int, str]] = [
        (tag.start, tag.end, render_img(tag, shown[i], i == scan.eager, sizes))
        for i, tag in enumerate(scan.images)
        if i in shown
    ]
    if og is not None and og.width and scan.og_end >= 0 and not scan.og_sized:
        tags = (f'\n<meta property="og:image:width" content="{og.width}">'
                f'\n<meta property="og:image:height" content="{og.height}">')  # fmt: skip
        edits.append((scan.og_end, scan.og_end, tags))
    parts: list[str] = []
    at = 0
    for start, end, replacement in sorted(edits):
        parts += (text[at:start], replacement)
        at = end
    parts.append(text[at:])
    return "".join(parts)


def render_img(tag: ImgTag, shown: Shown, eager: bool, sizes: str) -> str:
    """The `<img>` with what `shown` adds, wrapped in a `<picture>` when there is WebP."""
    src = tag.get("src") or ""
    folder = _folder(src)
    attrs = dict(tag.attrs)
    order = [k for k, _v in tag.attrs]
    added: dict[str, str] = {}
    custom = tag.has("srcset") or tag.in_picture
    if shown.width and not (tag.has("width") or tag.has("height")):
        added.update(width=str(shown.width), height=str(shown.height))
    if not tag.has("loading"):
        if eager:
            if not tag.has("fetchpriority"):
                added["fetchpriority"] = "high"
        else:
            added["loading"] = "lazy"
    if not tag.has("decoding"):
        added["decoding"] = "async"
    wanted_sizes = tag.get("sizes") or sizes
    if not custom and shown.srcset:
        attrs["src"] = folder + quote(shown.src)
        if len(shown.srcset) > 1:
            added["srcset"] = _srcset(folder, shown.srcset)
            if not tag.has("sizes"):
                added["sizes"] = wanted_sizes
    for name, value in added.items():
        attrs[name] = value
        order.append(name)
    img = "<img " + " ".join(_attr(name, attrs[name]) for name in order) + ">"
    if custom or not shown.webp:
        return img
    source = (f'<source type="image/webp" srcset="{html.escape(_srcset(folder, shown.webp))}" '
              f'sizes="{html.escape(wanted_sizes)}">')  # fmt: skip
    return f"<picture>{source}{img}</picture>"


def _folder(src: str) -> str:
    """The part of `src` up to its file name (query and fragment dropped)."""
    path = src.split("#", 1)[0].split("?", 1)[0]
    return path[: path.rfind("/") + 1]


def _srcset(folder: str, candidates: tuple[tuple[str, int], ...]) -> str:
    """Candidates as URLs; file names are percent-encoded, so commas and spaces cannot
    split them."""
    return ", ".join(f"{folder}{quote(name)} {width}w" for name, width in candidates)


def _attr(name: str, value: str | None) -> str:
    return name if value is None else f'{name}="{html.escape(value)}"'
