"""Generated files kept in a scratch folder beside the output, so memory stays flat.

Stage: output. A 10,000-post site renders about 430 MB of HTML; held until the
write, that was most of a build's memory. Past a budget, each page's bytes go to a
file in a scratch folder as soon as they are made, and the writer moves that file
into place (a rename: the folder sits beside the output, on the same file system)
instead of writing bytes it holds. Small sites stay under the budget and never
touch the disk twice. The folder is removed when the build ends, and by the next
build's recovery if this one was killed; the folder lock keeps recovery from
removing it while this build runs.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from blogfolio.model import RenderedFile
from blogfolio.output.failure import write_failure
from blogfolio.output.lock import FolderLock
from blogfolio.output.swap import stage_prefix
from blogfolio.output.writer import write_new

SPILL_AFTER = 64 << 20
"""Bytes of generated files a build holds in memory before it spills the rest."""


class Spill:
    """Keeps generated files in memory up to `budget` bytes, then in scratch files."""

    def __init__(self, out_dir: Path, budget: int | None = None) -> None:
        self.out_dir = out_dir.resolve()
        self.budget = SPILL_AFTER if budget is None else budget
        self.held = 0
        """Bytes kept in memory so far."""
        self.spilled = 0
        """Files written to the scratch folder so far."""
        self._folder: Path | None = None
        self._lock: FolderLock | None = None

    def keep(self, item: RenderedFile) -> RenderedFile:
        """`item` as it is while the budget lasts, else with its bytes in a scratch file."""
        data = item.data
        if data is None:
            return item
        if self.held + len(data) <= self.budget:
            self.held += len(data)
            return item
        try:
            target = self._scratch() / str(self.spilled)
            write_new(target, data)
        except OSError as exc:
            raise write_failure(exc, self.out_dir) from exc
        self.spilled += 1
        return replace(item, data=None, source=target, scratch=True)

    def close(self) -> None:
        """Remove the scratch folder and what is left in it; safe to repeat."""
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def _scratch(self) -> Path:
        if self._folder is None:
            self.out_dir.parent.mkdir(parents=True, exist_ok=True)
            self._lock = FolderLock(self.out_dir.parent)
            self._lock.share()  # recovery by another build waits until this one ends
            prefix = stage_prefix(self.out_dir, "pages")
            self._folder = Path(tempfile.mkdtemp(prefix=prefix, dir=self.out_dir.parent))
        return self._folder
