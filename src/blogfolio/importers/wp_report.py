"""What a WordPress import did: the counts for the summary table and the report file.

Stage: importers. The report is written beside the site (`wordpress-import.md`)
so the student can work through what still needs a hand: skipped items,
warnings, removed frames and the media still on the old site.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from blogfolio.errors import Diagnostic
from blogfolio.importers.files import STATUSES

REPORT_FILE = "wordpress-import.md"


@dataclass(slots=True)
class ImportReport:
    """What an import did, for the summary table and the report file."""

    source: Path
    into: Path
    posts: int = 0
    drafts: int = 0
    pages: int = 0
    comments: int = 0
    pending: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    """Reason → how many items were skipped for it."""
    skipped_items: list[str] = field(default_factory=list)
    """Skipped posts and pages the student should know about, by title."""
    warnings: list[str] = field(default_factory=list)
    images: list[tuple[str, str]] = field(default_factory=list)
    """(image, video or audio URL, file that uses it)."""
    dropped: list[tuple[str, str]] = field(default_factory=list)
    """(embedded frame or plugin that was removed, file it was in)."""
    errors: list[Diagnostic] = field(default_factory=list)
    """Writes that were refused, naming the item; the import fails after the rest is done."""
    files: dict[str, list[str]] = field(default_factory=dict)
    """Outcome → files (see importers.files.STATUSES)."""
    config_created: bool = False


def report_markdown(report: ImportReport) -> str:
    """The report file written beside the site: what was imported, skipped and still to do."""
    out = [
        "# WordPress import",
        "",
        f"From `{report.source.name}`: {_count(report.posts, 'post')} "
        f"({_count(report.drafts, 'draft')}), {_count(report.pages, 'page')}, "
        f"{_count(report.comments, 'comment')} ({report.pending} awaiting approval).",
        "",
    ]
    if report.skipped:
        out += ["## Skipped", ""]
        out += [f"- {count} {reason}" for reason, count in sorted(report.skipped.items())]
        out += [f"- {item}" for item in report.skipped_items]
        out.append("")
    if report.warnings:
        out += ["## Check by hand", ""] + [f"- {w}" for w in report.warnings] + [""]
    if report.dropped:
        out += [
            "## Embedded content removed",
            "",
            "Frames and plugins run someone else's page inside yours, so only YouTube and",
            "Vimeo players were kept (as the youtube and vimeo shortcodes). These were removed:",
            "",
        ]
        out += [f"- {what} (in `{rel}`)" for what, rel in report.dropped]
        out.append("")
    if report.images:
        out += [
            "## Images and media still on the old site",
            "",
            "Nothing was downloaded. Save each file into the post's folder and change its",
            "link, or keep the old address while the old site stays online.",
            "",
        ]
        out += [f"- {url} (in `{rel}`)" for url, rel in report.images]
        out.append("")
    kept = report.files.get("kept", []) + report.files.get("not recreated", [])
    if kept:
        out += ["## Files left as they were", ""] + [f"- `{rel}`" for rel in kept] + [""]
    return "\n".join(out)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def outcome_counts(report: ImportReport) -> Mapping[str, int]:
    """Files per outcome, in display order."""
    return {s: len(report.files.get(s, [])) for s in STATUSES}
