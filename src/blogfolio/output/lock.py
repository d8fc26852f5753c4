"""A lock on the folder that holds the output, held while a build writes beside it.

Recovery after a crash removes half-written staging folders; the lock tells a
dead build's folder from a live one's. Where the platform has no `flock`, builds
are not locked and a leftover is judged stale whenever recovery runs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


class FolderLock:
    """An exclusive advisory lock on a folder, released by `release` or process exit."""

    def __init__(self, folder: Path, *, wait: bool = True) -> None:
        self._fd: int | None = None
        self.held = True
        """False when `wait` was off and another build holds the lock."""
        if sys.platform == "win32":
            return
        import fcntl

        fd = os.open(folder, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            os.close(fd)
            self.held = False
            return
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        """Let other builds in; safe to call twice."""
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None
