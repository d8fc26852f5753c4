"""The addresses posts had on the old site, from its permalink settings.

Stage: importers. An imported post gets blogfolio's URL, so its old address
must become an alias for links and bookmarks to keep working. Jekyll builds
it from `permalink:` (a style name or a pattern of `:placeholders`, by default
`/:categories/:year/:month/:day/:title.html`); Hugo from the file's path, or
the section's pattern in `[permalinks]`, lowercased unless told otherwise.
A pattern with a placeholder we do not know gives no address (and a note),
never a wrong one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from blogfolio.slugs import slugify

JEKYLL_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
_PLACEHOLDER = re.compile(r":([a-z_]+)")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class PostFacts:
    """What an old address can be made of."""

    when: datetime | None
    slug: str
    """Jekyll: the file name's title part (or `slug:`); Hugo: `slug:` or the file name."""
    title: str
    categories: Sequence[str] = ()
    section: str = ""
    """Hugo: the top folder under content/; Jekyll: "posts"."""
    folders: Sequence[str] = ()
    """Hugo: folders from content/ to the file (or bundle), inclusive of the section."""
    filename: str = ""


def as_written(iso: str | None) -> datetime | None:
    """A date as the old tool put it in URLs: in the offset it was written with."""
    return datetime.fromisoformat(iso) if iso else None


def jekyll_pattern(setting: Any) -> str:
    """The pattern a Jekyll `permalink:` setting stands for (a style name or a pattern)."""
    if not isinstance(setting, str) or not setting.strip():
        return JEKYLL_STYLES["date"]
    return JEKYLL_STYLES.get(setting.strip(), setting.strip())


def jekyll_url(pattern: str, facts: PostFacts) -> str | None:
    """The old site path of a Jekyll post, or None if the pattern uses an unknown placeholder."""
    values = _date_values(facts.when)
    values.update(
        title=facts.slug,
        slug=facts.slug,
        name=facts.slug,
        categories="/".join(c.lower() for c in facts.categories),
        slugified_categories="/".join(slugify(c) for c in facts.categories),
        output_ext=".html",
        collection="posts",
    )
    return _fill(pattern, values)


def jekyll_page_url(pattern: str, path: str, pretty: bool) -> str | None:
    """The old site path of a page such as `about.md` or `docs/setup.markdown`."""
    folder, _, name = path.rpartition("/")
    base = name.rsplit(".", 1)[0]
    if pattern:
        return _fill(pattern, {"path": folder, "basename": base, "output_ext": ".html"})
    if base == "index":
        return f"/{folder}/" if folder else "/"
    return f"/{folder + '/' if folder else ''}{base}{'/' if pretty else '.html'}"


def hugo_url(pattern: str | None, facts: PostFacts, lower: bool, ugly: bool) -> str | None:
    """The old site path of a Hugo page: its folders and file name, or the section's pattern."""
    if pattern:
        values = _date_values(facts.when)
        title = slugify(facts.title)
        values.update(
            section=facts.section,
            sections="/".join(facts.folders),
            title=title,
            slug=facts.slug or title,
            filename=facts.filename,
            slugorfilename=facts.slug or facts.filename,
            contentbasename=facts.filename,
            slugorcontentbasename=facts.slug or facts.filename,
        )
        path = _fill(pattern, values)
    else:
        path = "/" + "/".join([*facts.folders, facts.slug or facts.filename]) + "/"
    if path is None:
        return None
    if ugly and path.endswith("/") and path != "/":
        path = path[:-1] + ".html"
    return path.lower() if lower else path


def hugo_pattern(config: Mapping[str, Any], section: str) -> str | None:
    """The `[permalinks]` pattern for a section (either Hugo layout of that table), if any."""
    table = config.get("permalinks")
    if not isinstance(table, Mapping):
        return None
    found = table.get(section)
    if found is None and isinstance(table.get("page"), Mapping):
        found = table["page"].get(section)
    return found if isinstance(found, str) else None


def _date_values(when: datetime | None) -> dict[str, str]:
    if when is None:
        return {}
    return {
        "year": f"{when.year:04d}",
        "short_year": f"{when.year % 100:02d}",
        "month": f"{when.month:02d}",
        "i_month": str(when.month),
        "short_month": _MONTHS[when.month - 1][:3],
        "long_month": _MONTHS[when.month - 1],
        "monthname": _MONTHS[when.month - 1].lower(),
        "day": f"{when.day:02d}",
        "i_day": str(when.day),
        "y_day": f"{when.timetuple().tm_yday:03d}",
        "yearday": str(when.timetuple().tm_yday),
        "hour": f"{when.hour:02d}",
        "minute": f"{when.minute:02d}",
        "second": f"{when.second:02d}",
        "week": f"{when.isocalendar()[1]:02d}",
        "short_day": _DAYS[when.weekday()][:3],
        "long_day": _DAYS[when.weekday()],
        "weekday": str((when.weekday() + 1) % 7),
        "weekdayname": _DAYS[when.weekday()].lower(),
    }


def _fill(pattern: str, values: Mapping[str, str]) -> str | None:
    missing = False

    def value(match: re.Match[str]) -> str:
        nonlocal missing
        name = match.group(1)
        for size in range(len(name), 0, -1):  # `:title:output_ext`, `:year_x` → longest known
            if name[:size] in values:
                return values[name[:size]] + name[size:]
        missing = True
        return ""

    path = _PLACEHOLDER.sub(value, pattern)
    if missing:
        return None
    path = re.sub(r"/{2,}", "/", "/" + path.lstrip("/"))
    return path
