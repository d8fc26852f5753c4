"""Facts about files on disk that several stages check: symlinks that leave their folder.

Imports nothing from blogfolio. Discovery and static copying refuse the same
symlinks; one definition keeps them in agreement.
"""

from __future__ import annotations

import os
from pathlib import Path


def links_outside(path: str | Path, folder: str | Path) -> bool:
    """True for a symlink whose target lies outside `folder` (given resolved).

    os.walk does not descend into linked folders, so only the file itself can be a
    link; plain files skip the costly resolve.
    """
    if not os.path.islink(path):
        return False
    try:
        Path(path).resolve().relative_to(folder)
    except (ValueError, OSError):
        return True
    return False
