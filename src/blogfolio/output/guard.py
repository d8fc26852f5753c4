"""Refuse output folders and output paths that would damage the site's own files.

Stage: output. Swapping a folder into place replaces whatever was there, so the
output folder must never be the site itself, its sources, or its repository.
"""

from __future__ import annotations

import tomllib
from pathlib import Path, PurePosixPath

from blogfolio.config import CONFIG_FILE
from blogfolio.config.load import find_key_line
from blogfolio.errors import OutputError, SourceSpan

PROTECTED = ("content", "data", "static", "templates", "themes", "blogfolio.toml")
"""The site's sources: never replaced by a build or a publish."""
HIDDEN = (".git", ".github", ".blogfolio-cache")
"""Folders of the repository and of blogfolio itself, guarded like the sources."""


def check_output_dir(out_dir: Path, root: Path) -> None:
    """Refuse an output folder that would swallow the site's sources, or that is a file."""
    out_dir, root = out_dir.resolve(), root.resolve()
    hint = 'choose a folder of its own, such as output_dir = "site"'
    if out_dir == root or out_dir in root.parents:
        raise OutputError(f"output folder {out_dir} would replace the site folder {root}",
                          _span(out_dir, root), hint=hint)  # fmt: skip
    for name in (*PROTECTED, *HIDDEN):
        path = root / name
        if out_dir == path or path in out_dir.parents:
            raise OutputError(f"output folder {out_dir} would replace {path}",
                              _span(out_dir, root), hint=hint)  # fmt: skip
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(
            f"output folder {out_dir} is a file",
            _span(out_dir, root),
            hint="move the file away, or choose another output_dir",
        )


def safe_target(base: Path, rel: str) -> Path:
    """Join an output path to a folder, refusing anything that escapes it."""
    parts = PurePosixPath(rel).parts
    if not parts or rel.startswith("/") or any(p in ("..", "") for p in parts):
        raise OutputError(f"refusing to write outside the output folder: {rel!r}")
    return base.joinpath(*parts)


def _span(out_dir: Path, root: Path) -> SourceSpan | None:
    """The `output_dir` line of blogfolio.toml, when that setting chose this folder."""
    try:
        text = (root / CONFIG_FILE).read_text(encoding="utf-8")
        value = tomllib.loads(text).get("output_dir")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    if not isinstance(value, str) or (root / value).resolve() != out_dir:
        return None  # chosen with --out, or the default
    return SourceSpan(Path(CONFIG_FILE), find_key_line(text.splitlines(), ("output_dir",)))
