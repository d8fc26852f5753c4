"""WordPress's two clocks (local and GMT) as one ISO 8601 date with its offset.

Stage: importers. An export stores each post and comment time twice, without
a zone name; the difference between the two is the offset the blog used then.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone


def wp_date(local: str, gmt: str) -> str | None:
    """ISO 8601 from WordPress's local and GMT times, with the offset they imply."""
    when = _parse(local)
    if when is None:
        return None
    utc = _parse(gmt)
    if utc is None:
        return when.isoformat()
    offset = when - utc
    if abs(offset) > timedelta(hours=14):
        return when.isoformat()
    return when.replace(tzinfo=timezone(offset)).isoformat()


def _parse(value: str) -> datetime | None:
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
