"""Find the files of the theme's and the site's `static/` folders.

Stage: output. The site's own `static/` overrides theme files of the same name
(documented), so a student can replace one stylesheet without copying the theme.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from blogfolio.files import links_outside


def collect_static(folders: Sequence[Path]) -> dict[str, Path]:
    """Map output paths to files from static folders; later folders override earlier ones."""
    found: dict[str, Path] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        inside = folder.resolve()
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if name.startswith(".") or links_outside(path, inside):
                    continue
                found[path.relative_to(folder).as_posix()] = path
    return found
