"""The day a build belongs to.

Stage: pipeline. Pages print `site.build_date` (the footer, feeds), so it is part of
their keys; it is the start of the day, not the moment, so that builds on one day
reuse each other's pages, and SOURCE_DATE_EPOCH pins it for reproducible builds.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime


def build_date(now: datetime) -> datetime:
    """`site.build_date`: SOURCE_DATE_EPOCH when set, else the start of today in the site's
    zone, so that builds on one day are reproducible and reuse each other's pages."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).astimezone(now.tzinfo)
    return now.replace(hour=0, minute=0, second=0, microsecond=0)
