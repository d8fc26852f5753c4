"""Write imported files without ever clobbering the student's edits.

Stage: importers. A manifest beside the site (`.blogfolio-import.json`)
remembers a hash of every file an import wrote. On the next run a file is
created if it is new, left alone if unchanged, updated if the student has not
touched it since (its hash still matches), and otherwise kept as they edited it
unless `--force`. A file the student deleted (a rejected comment, say) is not
brought back without `--force` either.

Every write is checked to land inside the site folder: the relative name must
be plain segments, and the resolved path (after any symlink already in the
folder) must stay under the resolved root. A name is written once per import.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from blogfolio.importers.wp_names import is_safe_segment

MANIFEST = ".blogfolio-import.json"

STATUSES = ("created", "updated", "unchanged", "kept", "not recreated", "overwritten")
"""What happened to a file, in the order the summary lists them."""


class UnsafeWriteError(Exception):
    """A write that would land outside the site folder, or twice on one file."""


def contained(root: Path, rel: str) -> Path:
    """`root/rel`; UnsafeWriteError unless `rel` is plain segments resolving inside `root`."""
    parts = PurePosixPath(rel).parts
    if not parts or PurePosixPath(rel).is_absolute() or not all(map(is_safe_segment, parts)):
        raise UnsafeWriteError(f"{rel!r} is not a plain path inside the site folder")
    return inside(root, root.joinpath(*parts), rel)


def inside(root: Path, path: Path, shown: str) -> Path:
    """`path` if it resolves under `root` (following symlinks that exist), else UnsafeWriteError."""
    if not path.resolve().is_relative_to(root.resolve()):
        raise UnsafeWriteError(f"{shown} resolves outside the site folder (a symbolic link)")
    return path


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class FileWriter:
    """Writes files under `root`, recording the outcome of each."""

    root: Path
    force: bool = False
    outcomes: dict[str, list[str]] = field(default_factory=lambda: {s: [] for s in STATUSES})
    _manifest: dict[str, str] = field(default_factory=dict)
    _written: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        path = self.root / MANIFEST
        if path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                self._manifest = {str(k): str(v) for k, v in data.get("files", {}).items()}
            except (ValueError, AttributeError):
                self._manifest = {}

    def write(self, rel: str, text: str) -> str:
        """Write `text` to `root/rel` if that is safe; return what happened.

        UnsafeWriteError, with nothing written, when `rel` would leave the folder or
        was already written by this import.
        """
        path = contained(self.root, rel)
        if rel.casefold() in self._written:
            raise UnsafeWriteError(f"{rel} would be written twice by one import")
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
            contained(self.root, rel)  # the folders made just now are real folders
            path.write_text(text, encoding="utf-8")
        self._written.add(rel.casefold())
        if status != "kept" and status != "not recreated":
            self._manifest[rel] = new
        self.outcomes[status].append(rel)
        return status

    def save_manifest(self) -> None:
        """Remember what was written, for the next import."""
        data = {"files": dict(sorted(self._manifest.items()))}
        path = inside(self.root, self.root / MANIFEST, MANIFEST)
        path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
