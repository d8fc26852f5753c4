"""Turn an operating-system error while writing the output into a one-line message.

A full disk or a folder without write permission is not a bug in blogfolio; the
student gets what happened and what to do, never a traceback.
"""

from __future__ import annotations

import errno
from pathlib import Path

from blogfolio.errors import OutputError

_HINTS = {
    errno.EACCES: "check the permissions of that folder, or build elsewhere with --out",
    errno.EPERM: "check the permissions of that folder, or build elsewhere with --out",
    errno.ENOSPC: "the disk is full: free some space and build again",
    errno.EDQUOT: "your disk quota is used up: free some space and build again",
    errno.EROFS: "that file system is read-only: build elsewhere with --out",
    errno.ENOTDIR: "a file stands where the output path needs a folder",
    errno.EBUSY: "another program is using the output folder: close it and build again",
}
_KEPT = "the last build in that folder was left as it was"


def write_failure(exc: OSError, out_dir: Path, *, partial: bool = False) -> OutputError:
    """The message for `exc`, raised while writing the build into `out_dir`."""
    reason = exc.strerror or str(exc)
    where = f" ({exc.filename})" if exc.filename and Path(exc.filename) != out_dir else ""
    hint = _HINTS.get(exc.errno or 0, "")
    kept = "the folder is partly updated: build again once this is fixed" if partial else _KEPT
    return OutputError(
        f"cannot write the output folder {out_dir}: {reason}{where}",
        hint=f"{hint}; {kept}" if hint else kept,
    )
