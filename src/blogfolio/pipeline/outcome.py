"""Results carried with the problems found computing them, instead of lists passed around.

Stage: pipeline. A stage returns `Outcome(value, errors, warnings)`; the
orchestrator adds them up and fails at the end with every error at once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from blogfolio.errors import Diagnostic
from blogfolio.model import BuildResult, BuildSummary

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T]):
    """A stage's value, its errors (the build fails) and its warnings (it does not)."""

    value: T
    errors: tuple[Diagnostic, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()


class Problems:
    """The errors and warnings of one build, gathered from each stage's outcome."""

    def __init__(self) -> None:
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []

    def take(self, outcome: Outcome[T]) -> T:
        """Keep the outcome's problems; return its value."""
        self.errors += outcome.errors
        self.warnings += outcome.warnings
        return outcome.value

    def add(self, errors: Iterable[Diagnostic]) -> None:
        """Keep more errors."""
        self.errors += errors


R = TypeVar("R", BuildResult, BuildSummary)


def with_notes(result: R, notes: Sequence[Diagnostic]) -> R:
    """`result` with the cache's own warnings added after the build's."""
    if not notes:
        return result
    warnings = tuple(dict.fromkeys((*result.warnings, *notes)))
    return dataclasses.replace(result, warnings=warnings)


class StrictBuildError(Exception):
    """`--strict`: the build succeeded with warnings, so nothing was written."""

    def __init__(self, summary: BuildSummary) -> None:
        super().__init__(f"{len(summary.warnings)} warning(s) with --strict")
        self.summary = summary
