"""A lock on the folder that holds the output, so recovery never removes a live build's files.

Recovery after a crash removes half-written staging folders; the lock tells a dead
build's folder from a live one's. Every writer holds a shared lock while it writes;
recovery needs the exclusive lock, so it runs only when no build is writing beside
the output. Writers never wait for each other. Where the platform has no `flock`,
nothing is locked and recovery always runs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


class FolderLock:
    """An advisory lock on a folder, dropped by `release` or when the process ends."""

    def __init__(self, folder: Path) -> None:
        self._fd: int | None = None
        if sys.platform != "win32":
            self._fd = os.open(folder, os.O_RDONLY)

    def try_exclusive(self) -> bool:
        """Take the lock alone, without waiting; False while any build is writing."""
        if sys.platform == "win32" or self._fd is None:
            return True
        import fcntl

        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def share(self) -> None:
        """Hold the lock together with other writers (waits only for a running recovery)."""
        if sys.platform == "win32" or self._fd is None:
            return
        import fcntl

        fcntl.flock(self._fd, fcntl.LOCK_SH)

    def release(self) -> None:
        """Let recovery in; safe to call twice."""
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None
