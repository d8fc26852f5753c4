"""Errors and diagnostics that point at a source file and line.

Imports only `terminal` from blogfolio: every stage raises or collects these.
Printed diagnostics quote file names and values from content, so they are
made safe for the terminal here, in the one place they are formatted.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from blogfolio.terminal import safe_block, safe_text


@dataclass(frozen=True, slots=True)
class SourceSpan:
    """A place in a source file, printed compiler-style so editors can jump to it."""

    path: Path
    """The file, relative to the site root when it lies inside it."""
    line: int | None = None
    """1-based line, when known."""
    col: int | None = None
    """1-based column, when known."""

    def __str__(self) -> str:
        text = self.path.as_posix()
        if self.line is not None:
            text += f":{self.line}"
            if self.col is not None:
                text += f":{self.col}"
        return text


class Severity(Enum):
    """How bad a diagnostic is; `--strict` promotes warnings to errors."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found while building, kept so the build can report them all at once."""

    message: str
    """What is wrong, in one sentence."""
    span: SourceSpan | None = None
    """Where it is wrong."""
    hint: str | None = None
    """What to do about it."""
    severity: Severity = Severity.ERROR
    """Errors fail the build; warnings only do under `--strict`."""
    context: SourceSpan | None = None
    """A second place involved, such as the page being rendered when a template fails."""


def format_diagnostic(diag: Diagnostic) -> str:
    """Render a diagnostic as `path:line: error: message` plus hint lines.

    Control characters are shown escaped, a file name stays on its line, and
    further lines of a message or hint are indented: only the first line of a
    diagnostic starts at the margin, so content cannot forge another one.
    """
    where = f"{safe_text(str(diag.span))}: " if diag.span else ""
    lines = [f"{where}{diag.severity.value}: {safe_block(diag.message, '    ')}"]
    if diag.context is not None:
        lines.append(f"  while rendering {safe_text(str(diag.context))}")
    if diag.hint:
        lines.append(f"  hint: {safe_block(diag.hint, '        ')}")
    return "\n".join(lines)


class BlogfolioError(Exception):
    """A problem the user can fix; carries where it is and what to do."""

    def __init__(
        self,
        message: str,
        span: SourceSpan | None = None,
        hint: str | None = None,
        context: SourceSpan | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.span = span
        self.hint = hint
        self.context = context

    def to_diagnostic(self) -> Diagnostic:
        """Turn the exception into a collectable diagnostic."""
        return Diagnostic(self.message, self.span, self.hint, Severity.ERROR, self.context)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Every problem this error stands for (one, except for `BuildError`)."""
        return [self.to_diagnostic()]

    def __str__(self) -> str:
        return "\n".join(format_diagnostic(d) for d in self.diagnostics)


class ConfigError(BlogfolioError):
    """Something is wrong in `blogfolio.toml`."""


class ContentError(BlogfolioError):
    """Something is wrong in a content file: front matter, Markdown, links."""


class TemplateError(BlogfolioError):
    """A theme template failed to load or render."""


class OutputError(BlogfolioError):
    """Two sources want the same output file, or the output folder cannot be written."""


class PublishError(BlogfolioError):
    """Publishing failed or was refused: no remote, credentials refused, network down."""


class BuildError(BlogfolioError):
    """The build collected one or more errors; nothing was written."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} error(s)")
        self._diagnostics = list(diagnostics)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Every error found, in the order found."""
        return self._diagnostics

    def to_diagnostic(self) -> Diagnostic:
        """The first error (use `diagnostics` for all of them)."""
        first = self._diagnostics[0] if self._diagnostics else None
        return first or Diagnostic(self.message)
