"""What `serve` tells after each rebuild: what `build` prints, but only what is new.

Stage: serve. `build` lists the sources it left out and the warnings; in `serve`
the same list after every save would bury the one line that matters, so each
rebuild prints the warnings and left-out sources that were not there the last
time, and says which earlier ones are gone. Browsers get the current warnings
as one text for a small notice (errors keep their blocking overlay).
"""

from __future__ import annotations

from dataclasses import dataclass

from blogfolio.errors import format_diagnostic
from blogfolio.model import BuildResult


@dataclass(frozen=True, slots=True)
class BuildNotes:
    """One build's warnings and left-out sources, as the terminal shows them (`say`
    escapes what came from content before it reaches the terminal)."""

    warnings: tuple[str, ...] = ()
    left_out: tuple[str, ...] = ()

    @classmethod
    def of(cls, result: BuildResult) -> BuildNotes:
        warnings = tuple(format_diagnostic(d) for d in result.warnings)
        left_out = tuple(f"{e.span_path.as_posix()}: {e.reason}" for e in result.site.excluded)
        return cls(warnings, left_out)

    def notice(self) -> str | None:
        """The text of the browser's notice, or None without warnings."""
        if not self.warnings:
            return None
        count = len(self.warnings)
        head = f"{count} warning{'s' if count != 1 else ''} (the build still succeeded):"
        return "\n".join((head, *self.warnings))


def news(before: BuildNotes | None, now: BuildNotes) -> list[str]:
    """Lines for the terminal: everything the first time, then only what changed."""
    lines: list[str] = []
    seen_warnings = set(before.warnings) if before else set()
    seen_left = set(before.left_out) if before else set()
    lines += [w for w in now.warnings if w not in seen_warnings]
    fresh = [item for item in now.left_out if item not in seen_left]
    if fresh:
        lines.append(f"Left out {len(fresh)} source(s):" if before is None else "Now left out:")
        lines += [f"  {item}" for item in fresh]
    if before is not None:
        back = [item.split(": ", 1)[0] for item in before.left_out if item not in now.left_out]
        if back:
            lines.append("No longer left out: " + ", ".join(back))
        gone = sum(1 for w in before.warnings if w not in now.warnings)
        if gone and not now.warnings:
            lines.append("No warnings any more.")
        elif gone:
            lines.append(f"{gone} earlier warning(s) resolved.")
    return lines
