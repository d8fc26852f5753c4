"""The accent colour and the tones derived from it, each checked against WCAG AA.

Stage: render. Pure functions over `#rrggbb` strings. A student picks one colour;
the theme needs it as a link colour on the light and on the dark background
(4.5:1 each) and as a fill with readable text on it, so those are computed here
rather than left to chance.
"""

from __future__ import annotations

from dataclasses import dataclass

AA = 4.5
"""WCAG AA contrast for body-size text."""
LIGHT_BG = ("#fbfbf9", "#f1f1ec")
"""The theme's light backgrounds (style.css `--bg`, `--surface`): links sit on both."""
DARK_BG = ("#16181b", "#202328")
"""The theme's dark backgrounds."""
DEFAULT_ACCENT = "#1f55b8"
"""The theme's accent when `[theme] accent` is not set."""


@dataclass(frozen=True, slots=True)
class Accent:
    """An accent colour as the stylesheet uses it."""

    fill: str
    """The colour as given, for buttons and marks."""
    on_fill: str
    """Black or white: whichever contrasts more with `fill`."""
    light: str
    """Link colour on the light background, darkened until it passes AA."""
    dark: str
    """Link colour on the dark background, lightened until it passes AA."""

    @property
    def style(self) -> str:
        """Custom properties for the `<html style>` attribute."""
        return (
            f"--accent-fill:{self.fill};--on-accent:{self.on_fill};"
            f"--accent-l:{self.light};--accent-d:{self.dark}"
        )


def make_accent(colour: str) -> Accent:
    """The accent tones of a `#rgb` or `#rrggbb` colour."""
    rgb = parse_hex(colour)
    fill = to_hex(rgb)
    black, white = (0, 0, 0), (255, 255, 255)
    on_fill = "#000000" if contrast(rgb, black) >= contrast(rgb, white) else "#ffffff"
    light = _until_readable(rgb, [parse_hex(c) for c in LIGHT_BG], black)
    dark = _until_readable(rgb, [parse_hex(c) for c in DARK_BG], white)
    return Accent(fill, on_fill, to_hex(light), to_hex(dark))


def parse_hex(colour: str) -> tuple[int, int, int]:
    """(r, g, b) of `#rgb` or `#rrggbb`."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def to_hex(rgb: tuple[int, int, int]) -> str:
    """`#rrggbb`, lower case."""
    return "#" + "".join(f"{c:02x}" for c in rgb)


def luminance(rgb: tuple[int, int, int]) -> float:
    """Relative luminance as WCAG 2 defines it."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG contrast ratio, from 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _until_readable(
    rgb: tuple[int, int, int],
    backgrounds: list[tuple[int, int, int]],
    towards: tuple[int, int, int],
) -> tuple[int, int, int]:
    """`rgb` mixed step by step towards black or white until it passes AA on every one
    of `backgrounds`."""
    for step in range(21):
        share = step / 20
        mixed = tuple(round(c + (t - c) * share) for c, t in zip(rgb, towards, strict=True))
        candidate = (mixed[0], mixed[1], mixed[2])
        if all(contrast(candidate, bg) >= AA for bg in backgrounds):
            return candidate
    return towards
