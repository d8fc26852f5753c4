"""Keep Python's cycle collector off the path from a save to the reload.

Stage: serve. A site of thousands of posts is millions of live objects, and a
full pass of the cycle collector over them takes longer than a whole rebuild;
left alone, one falls inside a rebuild every few saves. After each build the
objects alive then are frozen (`gc.freeze`), so collections during the next
rebuild look only at what it made. Frozen garbage is not lost: once the student
has stopped saving for a while, everything is thawed and collected in full.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

QUIET = 3.0
"""Seconds without a rebuild before the full collection runs."""


class IdleCollector:
    """Freezes what a build left alive; collects it all once the loop has been idle."""

    def __init__(self, quiet: float = QUIET, clock: Callable[[], float] = time.monotonic) -> None:
        self.quiet = quiet
        self.clock = clock
        self._due = False
        self._last = 0.0

    def built(self) -> None:
        """A rebuild has finished: move every object it kept out of the collector's scans."""
        gc.freeze()
        self._due = True
        self._last = self.clock()

    def idle(self) -> bool:
        """The loop found nothing to do; collect in full if the quiet has lasted. True if it
        did."""
        if not self._due or self.clock() - self._last < self.quiet:
            return False
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self._due = False
        return True
