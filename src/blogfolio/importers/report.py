"""What moving a Jekyll or Hugo site did: counts for the summary, and the report file.

Stage: importers. Nothing is left out silently: every file not imported is
listed with the reason, and every construct removed or kept by hand is listed
under its old file with the line it was on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from blogfolio.errors import Diagnostic
from blogfolio.importers.files import STATUSES
from blogfolio.importers.wp_names import printable


@dataclass(slots=True)
class MoveReport:
    """What an import of an old site did."""

    tool: str
    """"Jekyll" or "Hugo"."""
    source: Path
    into: Path
    posts: int = 0
    drafts: int = 0
    pages: int = 0
    assets: int = 0
    """Images and other files copied along."""
    aliases: int = 0
    """Old addresses that will redirect."""
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(old file, why it was not imported or not published)."""
    notes: list[tuple[str, int | None, str]] = field(default_factory=list)
    """(old file, line, what to check by hand)."""
    errors: list[Diagnostic] = field(default_factory=list)
    files: dict[str, list[str]] = field(default_factory=dict)
    """Outcome → files written (see importers.files.STATUSES)."""
    config_created: bool = False

    def skip(self, rel: str, reason: str) -> None:
        """Record a file that was not imported, or imported as not published."""
        self.skipped.append((printable(rel), reason))

    def note(self, rel: str, line: int | None, text: str) -> None:
        """Record something in a file to check by hand."""
        self.notes.append((printable(rel), line, text))


def report_file(tool: str) -> str:
    """Name of the report written at the top of the site."""
    return f"{tool.lower()}-import.md"


def outcome_counts(report: MoveReport) -> Mapping[str, int]:
    """Files per outcome, in display order."""
    return {s: len(report.files.get(s, [])) for s in STATUSES}


def report_markdown(report: MoveReport) -> str:
    """The report file: what was imported, what was not and why, and what to check."""
    out = [
        f"# {report.tool} import",
        "",
        f"From `{printable(report.source.name)}`: {_count(report.posts, 'post')} "
        f"({_count(report.drafts, 'draft')}), {_count(report.pages, 'page')}, "
        f"{_count(report.assets, 'file')} copied along, "
        f"{_count(report.aliases, 'old address', 'es')} redirecting to the new ones.",
        "",
    ]
    if report.skipped:
        out += ["## Not imported, or not published", ""]
        out += [f"- `{rel}`: {reason}" for rel, reason in report.skipped]
        out.append("")
    if report.notes:
        out += ["## Check by hand", ""]
        by_file: dict[str, list[tuple[int | None, str]]] = {}
        for rel, line, text in report.notes:
            by_file.setdefault(rel, []).append((line, text))
        for rel, items in by_file.items():
            out.append(f"### `{rel}`")
            out.append("")
            for line, text in sorted(items, key=lambda i: i[0] or 0):
                out.append(f"- line {line}: {text}" if line else f"- {text}")
            out.append("")
    kept = report.files.get("kept", []) + report.files.get("not recreated", [])
    if kept:
        out += ["## Files left as they were", ""] + [f"- `{rel}`" for rel in kept] + [""]
    out += [
        "## Next",
        "",
        "- Build with `blogfolio build` and open a few posts beside the old site.",
        "- Each old address in `aliases:` gets a page that forwards to the new one.",
        "",
    ]
    return "\n".join(out)


def _count(n: int, noun: str, plural: str = "s") -> str:
    return f"{n} {noun}{'' if n == 1 else plural}"
