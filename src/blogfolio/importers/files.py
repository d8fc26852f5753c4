"""Write imported files without ever clobbering the student's edits.

Stage: importers. A manifest beside the site (`.blogfolio-import.json`)
remembers a hash of every file an import wrote. On the next run a file is
created if it is new, left alone if unchanged, updated if the student has not
touched it since (its hash still matches), and otherwise kept as they edited it
unless `--force`. A file the student deleted (a rejected comment, say) is not
brought back without `--force` either.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".blogfolio-import.json"

STATUSES = ("created", "updated", "unchanged", "kept", "not recreated", "overwritten")
"""What happened to a file, in the order the summary lists them."""


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class FileWriter:
    """Writes files under `root`, recording the outcome of each."""

    root: Path
    force: bool = False
    outcomes: dict[str, list[str]] = field(default_factory=lambda: {s: [] for s in STATUSES})
    _manifest: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        path = self.root / MANIFEST
        if path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                self._manifest = {str(k): str(v) for k, v in data.get("files", {}).items()}
            except (ValueError, AttributeError):
                self._manifest = {}

    def write(self, rel: str, text: str) -> str:
        """Write `text` to `root/rel` if that is safe; return what happened."""
        path = self.root / rel
        new = _digest(text)
        previous = self._manifest.get(rel)
        if path.exists():
            current = path.read_text(encoding="utf-8", errors="replace")
            if current == text:
                status = "unchanged"
            elif self.force:
                status = "overwritten"
            elif previous is not None and previous == _digest(current):
                status = "updated"
            else:
                status = "kept"
        elif previous is not None and not self.force:
            status = "not recreated"
        else:
            status = "created"
        if status in ("created", "updated", "overwritten"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if status != "kept" and status != "not recreated":
            self._manifest[rel] = new
        self.outcomes[status].append(rel)
        return status

    def save_manifest(self) -> None:
        """Remember what was written, for the next import."""
        data = {"files": dict(sorted(self._manifest.items()))}
        (self.root / MANIFEST).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
