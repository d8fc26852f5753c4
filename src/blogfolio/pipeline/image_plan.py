"""Name the resized copies of every published image, before any is made.

Stage: pipeline. Names come from an image's size and the configured widths
alone, so how a page shows an image is known without decoding it, and the same
on a warm build as on a cold one. A name already taken (a file of the site, or
an earlier image's copy: `a.jpg` and `a.png` both want `a-480w.webp`) is not
used, so no copy ever replaces another file.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from blogfolio.images.markup import Shown
from blogfolio.images.probe import RESIZED, ImageInfo
from blogfolio.images.variants import plan_widths


@dataclass(frozen=True, slots=True)
class Copy:
    """A resized copy to publish: its output path, width and format."""

    path: str
    width: int
    format: str


@dataclass(frozen=True, slots=True)
class Plan:
    """How one image is shown, and the copies that showing needs."""

    shown: Shown
    copies: tuple[Copy, ...]


def plan_images(
    infos: Mapping[str, ImageInfo | None], taken: Collection[str], widths: Sequence[int]
) -> dict[str, Plan]:
    """A plan for each image (by output path), claiming copy names in path order."""
    claimed = set(taken)
    plans: dict[str, Plan] = {}
    for path in sorted(infos):
        plans[path] = _plan(path, infos[path], claimed, widths)
    return plans


def _plan(path: str, info: ImageInfo | None, claimed: set[str], widths: Sequence[int]) -> Plan:
    folder, name = posixpath.split(path)
    if info is None:
        return Plan(Shown(0, 0, name), ())
    if info.format not in RESIZED or info.animated:
        return Plan(Shown(info.width, info.height, name), ())
    stem, ext = posixpath.splitext(name)
    largest = max(widths, default=info.width)
    own: list[tuple[str, int]] = []
    webp: list[tuple[str, int]] = []
    copies: list[Copy] = []

    def claim(file: str, width: int, fmt: str, into: list[tuple[str, int]]) -> None:
        where = posixpath.join(folder, file)
        if where in claimed:
            return
        claimed.add(where)
        copies.append(Copy(where, width, fmt))
        into.append((file, width))

    for width in plan_widths(info.width, widths):
        claim(f"{stem}-{width}w{ext}", width, info.format, own)
        if info.format != "WEBP":
            claim(f"{stem}-{width}w.webp", width, "WEBP", webp)
    if info.width <= largest:
        own.append((name, info.width))
        if info.format != "WEBP":
            claim(f"{stem}.webp", info.width, "WEBP", webp)
    src = own[-1][0] if own else name
    if info.format == "WEBP":
        webp = []  # the image's own srcset is WebP already
    return Plan(Shown(info.width, info.height, src, tuple(own), tuple(webp)), tuple(copies))
