"""What a rebuild changed in the build's report: sources newly left out or back in,
warnings new or gone. `serve` prints only this after each rebuild, so the terminal
tells what `build` tells without repeating the same list on every save.

Stage: report (pure functions over values from `model` and `errors`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from blogfolio.errors import Diagnostic, format_diagnostic
from blogfolio.model import BuildResult, Excluded
from blogfolio.terminal import safe_text


@dataclass(frozen=True, slots=True)
class ReportChanges:
    """The difference between two builds' left-out lists and warnings."""

    left_out: tuple[Excluded, ...] = ()
    """Sources left out now that were not (or were, for another reason)."""
    back_in: tuple[Path, ...] = ()
    """Sources left out before that are built now (or were deleted)."""
    warnings: tuple[Diagnostic, ...] = ()
    """Warnings this build has that the last one did not."""
    resolved: tuple[Diagnostic, ...] = ()
    """Warnings the last build had that this one does not."""

    def __bool__(self) -> bool:
        return bool(self.left_out or self.back_in or self.warnings or self.resolved)


def report_changes(
    before_excluded: Sequence[Excluded],
    before_warnings: Sequence[Diagnostic],
    after_excluded: Sequence[Excluded],
    after_warnings: Sequence[Diagnostic],
) -> ReportChanges:
    """What changed from one build's report to the next, each list in the later build's order."""
    old = {item.span_path: item.reason for item in before_excluded}
    now = {item.span_path for item in after_excluded}
    left = tuple(item for item in after_excluded if old.get(item.span_path) != item.reason)
    back = tuple(path for path in old if path not in now)
    seen, kept = set(before_warnings), set(after_warnings)
    return ReportChanges(
        left_out=left,
        back_in=back,
        warnings=tuple(dict.fromkeys(d for d in after_warnings if d not in seen)),
        resolved=tuple(dict.fromkeys(d for d in before_warnings if d not in kept)),
    )


def changes_since(previous: BuildResult | None, current: BuildResult) -> ReportChanges:
    """`report_changes` between two builds; everything is new after no build (the first)."""
    if previous is None:
        return report_changes((), (), current.site.excluded, current.warnings)
    return report_changes(
        previous.site.excluded, previous.warnings, current.site.excluded, current.warnings
    )


def changes_lines(changes: ReportChanges) -> list[str]:
    """The changes as terminal lines, worded like `build`'s own report (text made safe)."""
    lines: list[str] = []
    for item in changes.left_out:
        lines.append(f"Left out {safe_text(item.span_path.as_posix())}: {safe_text(item.reason)}")
    for path in changes.back_in:
        lines.append(f"No longer left out: {safe_text(path.as_posix())}")
    lines.extend(format_diagnostic(diag) for diag in changes.warnings)
    for diag in changes.resolved:
        where = f"{safe_text(str(diag.span))}: " if diag.span else ""
        lines.append(f"Fixed: {where}{safe_text(diag.message)}")
    return lines
