"""Front-matter values from Jekyll and Hugo, in the shapes blogfolio reads.

Stage: importers. Both tools accept looser values than blogfolio: tags as a
space-separated string, dates as `2020-01-02 10:00:00 +0100`, an image as a
mapping. These functions turn each into the one shape blogfolio validates,
or say that they cannot; none raises on odd input.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from blogfolio.importers.wp_names import one_line, printable

_DATE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?"
)
_FILE_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")
BLOGFOLIO_KEYS = frozenset(
    {"title", "date", "updated", "draft", "publish", "tags", "categories", "summary"}
    | {"description", "kind", "menu", "template", "image", "image_alt", "slug", "skills"}
    | {"contacts", "aliases", "role", "tools", "links"}
)
"""Keys with a meaning in blogfolio; an old key of the same name is never copied blindly."""
NOISE_KEYS = frozenset({"layout", "type", "weight", "comments", "share", "sitemap", "toc"})
"""Theme settings of the old tool with no meaning here; listed as not carried over."""


def get_key(meta: Mapping[str, Any], *names: str) -> Any:
    """The value of the first of `names` present, matching keys case-insensitively."""
    lowered = {str(k).lower(): v for k, v in meta.items()}
    for name in names:
        if name.lower() in lowered and lowered[name.lower()] is not None:
            return lowered[name.lower()]
    return None


def name_list(value: Any, split_spaces: bool) -> list[str]:
    """Names from a list or a string; Jekyll reads `jekyll update` as two names."""
    if value is None or isinstance(value, bool):
        return []
    if isinstance(value, str | int | float):
        items: list[Any] = str(value).split() if split_spaces else [str(value)]
    elif isinstance(value, list | tuple):
        items = [v for v in value if isinstance(v, str | int | float) and not isinstance(v, bool)]
    else:
        return []
    return list(dict.fromkeys(n for n in (one_line(str(v)) for v in items) if n))


def iso_date(value: Any) -> str | None:
    """An ISO 8601 date or date-time from what Jekyll, Hugo or TOML wrote; None if it is not."""
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    match = _DATE.fullmatch(value.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        day_value = date(int(year), int(month), int(day))
        if hour is None:
            return day_value.isoformat()
        stamp = datetime(day_value.year, day_value.month, day_value.day, int(hour), int(minute),
                         int(second or 0))  # fmt: skip
    except ValueError:
        return None
    text = stamp.isoformat()
    if zone == "Z":
        return text + "+00:00"
    if zone:
        return f"{text}{zone[:3]}:{zone[-2:]}"
    return text


def sort_key(iso: str) -> str:
    """A comparable form of an `iso_date` result (naive values as UTC, for ordering only)."""
    value = datetime.fromisoformat(iso)
    return value.replace(tzinfo=None).isoformat() if value.tzinfo is None else iso


def dated_name(stem: str) -> tuple[str | None, str]:
    """(date, rest) from a Jekyll file name such as `2020-01-02-my-post`."""
    match = _FILE_DATE.match(stem)
    if match and iso_date(match.group(1)):
        return match.group(1), match.group(2)
    return None, stem


def title_from_name(name: str) -> str:
    """`my-first_post` → "My first post", for files without a title."""
    words = " ".join(re.split(r"[-_\s]+", name)).strip()
    return (words[:1].upper() + words[1:]) if words else "Untitled"


def image_of(value: Any) -> tuple[str, str]:
    """(image, alt) from a string or the mappings themes use: `{path, alt}`, `{feature, …}`."""
    if isinstance(value, str):
        return one_line(value), ""
    if isinstance(value, list) and value:
        return image_of(value[0])
    if not isinstance(value, Mapping):
        return "", ""
    path = get_key(value, "path", "src", "url", "feature", "image", "file", "teaser", "thumbnail")
    alt = get_key(value, "alt", "caption", "title", "description")
    return (one_line(path) if isinstance(path, str) else ""), (
        one_line(alt) if isinstance(alt, str) else ""
    )


def plain_value(value: Any, depth: int = 0) -> bool:
    """True for data that front matter can carry as it is: text, numbers, lists, mappings."""
    if depth > 8:
        return False
    if value is None or isinstance(value, str | int | float | bool | date):
        return True
    if isinstance(value, list | tuple):
        return all(plain_value(v, depth + 1) for v in value)
    if isinstance(value, Mapping):
        return all(isinstance(k, str) and plain_value(v, depth + 1) for k, v in value.items())
    return False


def carried_over(meta: Mapping[str, Any], used: frozenset[str]) -> tuple[dict[str, Any], list[str]]:
    """Keys nobody mapped: those safe to keep as they are, and the names of those dropped."""
    kept: dict[str, Any] = {}
    dropped: list[str] = []
    for key, value in meta.items():
        name = str(key)
        if name.lower() in used:
            continue
        safe = re.fullmatch(r"[A-Za-z][\w-]{0,60}", name) is not None
        if not safe or name in BLOGFOLIO_KEYS or name.lower() in NOISE_KEYS:
            dropped.append(one_line(name)[:60])
        elif plain_value(value):
            kept[name] = value.isoformat() if isinstance(value, date) else value
        else:
            dropped.append(name)
    return kept, dropped


def finish_front(
    new: dict[str, Any], meta: Mapping[str, Any], image: Any, used: frozenset[str]
) -> str | None:
    """Add the image (and its alt) and the keys kept as they are to `new`; the report's
    note about the keys left out, or None."""
    path, alt = image_of(image)
    if path:
        new["image"] = path
        if alt:
            new["image_alt"] = alt
    kept, dropped = carried_over(meta, used)
    new.update(kept)
    if not dropped:
        return None
    return f"front matter not carried over: {printable(', '.join(dropped), 100)}"
