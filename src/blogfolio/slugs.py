"""Slugs for URLs and heading ids, in any script.

Imports nothing from blogfolio. python-slugify's Unicode mode drops combining
marks (so Hindi "हिन्दी" loses its vowel signs); this keeps every letter, digit
and mark, lowercases, and joins everything else into single hyphens.
"""

from __future__ import annotations

import unicodedata

_DROPPED = str.maketrans("", "", "'\u2019\u2018`\u00b4")
"""Apostrophes vanish rather than split a word ("I'd" → "id")."""


def slugify(text: str) -> str:
    """Lowercase hyphenated slug keeping letters, digits and marks of every script."""
    normal = unicodedata.normalize("NFKC", text).translate(_DROPPED).lower()
    out: list[str] = []
    gap = False
    for char in normal:
        if char.isalnum() or (unicodedata.category(char).startswith("M") and out):
            if gap and out:
                out.append("-")
            out.append(char)
            gap = False
        else:
            gap = True
    return "".join(out)
