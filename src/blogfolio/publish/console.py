"""Show a publish's progress in the terminal with rich.

Stage: publish (presentation). Counted steps drive a progress bar on a
terminal; other lines are printed. Without a terminal (CI logs, pipes) every
line is printed as it comes, so logs show each file sent.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from blogfolio.publish.base import Event, Summary
from blogfolio.terminal import safe_text


def show_progress(events: Iterable[Event], console: Console) -> Summary | None:
    """Print each event (a bar for counted steps on a terminal); return the summary."""
    summary: Summary | None = None
    bar: Progress | None = None
    task: TaskID | None = None
    try:
        for event in events:
            if isinstance(event, Summary):
                summary = event
                continue
            if event.total is None or not console.is_terminal:
                (bar.console if bar else console).print(safe_text(event.line), markup=False)
                continue
            if bar is None:
                bar = Progress(
                    TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=console, transient=True,
                )  # fmt: skip
                bar.start()
            if task is None:
                task = bar.add_task("", total=event.total)
            line = escape(safe_text(event.line))  # a description is markup
            bar.update(task, description=line, completed=event.done, total=event.total)
    finally:
        if bar is not None:
            bar.stop()
    if summary is not None:
        console.print(safe_text(str(summary)), markup=False)
    return summary
