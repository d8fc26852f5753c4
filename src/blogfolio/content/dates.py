"""Say what is wrong with a date that looks like one but is not: "month 13 does not exist".

Stage: content. `datetime.fromisoformat` only says "invalid", which never tells a
student whether the month, the day or the hour is the problem.
"""

from __future__ import annotations

import calendar
import re

_SHAPE = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:[T ](?P<hour>\d{1,2}):(?P<minute>\d{1,2})(?::(?P<second>\d{1,2}))?)?"
)
_MONTHS = tuple(calendar.month_name)


def date_problem(text: str) -> str | None:
    """Why `text`, written like a date, names no real moment; None when no part is out of range."""
    match = _SHAPE.match(text.strip())
    if match is None:
        return None
    year, month, day = (int(match[k]) for k in ("year", "month", "day"))
    if not 1 <= month <= 12:
        return f"month {month} does not exist (months are 01 to 12)"
    last = calendar.monthrange(year, month)[1] if year >= 1 else 31
    if day < 1 or day > 31:
        return f"day {day} does not exist (days are 01 to {last})"
    if day > last:
        in_year = f" in {year}" if month == 2 else ""
        return f"{_MONTHS[month]} has {last} days{in_year}"
    limits = (("hour", 23), ("minute", 59), ("second", 59))
    for part, top in limits:
        value = match[part]
        if value is not None and int(value) > top:
            return f"{part} {int(value)} does not exist ({part}s are 00 to {top})"
    if len(match["month"]) == 1 or len(match["day"]) == 1:
        padded = f"{year:04d}-{month:02d}-{day:02d}"
        return f"write the month and the day with two digits each: {padded}"
    return None
