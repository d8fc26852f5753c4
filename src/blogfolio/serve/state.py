"""What the dev server publishes to browsers: the current files, epoch and build error.

Stage: serve. Thread-safe: the build loop swaps in new files and bumps the epoch;
request threads read a consistent snapshot and wait for the next epoch.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass

from blogfolio.model import RenderedFile

HISTORY = 200
"""Epochs of change history kept for clients that reconnect (after a laptop sleep)."""


@dataclass(frozen=True, slots=True)
class Update:
    """What one epoch changed."""

    epoch: int
    changed: frozenset[str]
    """Output paths whose bytes changed, appeared or disappeared."""
    error: str | None
    """Build error text, when the build failed (files stay the last good ones)."""


@dataclass(frozen=True, slots=True)
class ClientMessage:
    """What one browser tab should do."""

    epoch: int
    error: str | None
    reload: bool
    css: bool
    notice: str | None = None
    """Warnings of the last good build, for a small dismissible notice."""


class LiveState:
    """The served snapshot plus a condition variable for waiting clients."""

    def __init__(self, files: Mapping[str, RenderedFile]) -> None:
        self._files: Mapping[str, RenderedFile] = dict(files)
        self._cond = threading.Condition()
        self._epoch = 0
        self._error: str | None = None
        self._notice: str | None = None
        self._history: list[Update] = []
        self.stopping = False

    @property
    def files(self) -> Mapping[str, RenderedFile]:
        """The current files (replaced whole on each good build)."""
        return self._files

    @property
    def epoch(self) -> int:
        """Number of the latest published build."""
        return self._epoch

    @property
    def error(self) -> str | None:
        """Text of the current build error, if the last build failed."""
        return self._error

    def publish(
        self,
        files: Mapping[str, RenderedFile] | None,
        changed: set[str],
        error: str | None,
        notice: str | None = None,
    ) -> int:
        """Swap in a new build (or an error) and wake every waiting client.

        `notice` (the new build's warnings) replaces the last one; a failed build keeps it.
        """
        with self._cond:
            if files is not None:
                self._files = dict(files)
                self._notice = notice
            self._epoch += 1
            self._error = error
            self._history.append(Update(self._epoch, frozenset(changed), error))
            del self._history[:-HISTORY]
            self._cond.notify_all()
            return self._epoch

    def wait(self, after: int, timeout: float) -> int:
        """Block until an epoch newer than `after` exists (or timeout); return the epoch."""
        with self._cond:
            self._cond.wait_for(lambda: self._epoch > after or self.stopping, timeout)
            return self._epoch

    def stop(self) -> None:
        """Release every waiting client so the server can shut down."""
        with self._cond:
            self.stopping = True
            self._cond.notify_all()

    def message_for(self, page_file: str | None, since: int) -> ClientMessage:
        """Tell a tab showing `page_file`, last up to date at `since`, what to do now."""
        with self._cond:
            epoch, error, notice = self._epoch, self._error, self._notice
            updates = [u for u in self._history if u.epoch > since]
            missed = bool(self._history) and since < self._history[0].epoch - 1
        changed: set[str] = set()
        for update in updates:
            changed |= update.changed
        if missed:
            return ClientMessage(epoch, error, reload=error is None, css=False, notice=notice)
        css = any(p.endswith(".css") for p in changed)
        others = any(not p.endswith((".css", ".html", ".xml", ".json", ".txt")) for p in changed)
        reload = page_file in changed or others
        return ClientMessage(epoch, error, reload=reload and error is None, css=css, notice=notice)
