"""Run Pagefind, the static search indexer, on the pages a reader may search.

Stage: search. Imports `errors` and the standard library; the `pagefind`
package only to find the binary its `pagefind[bin]` extra installs.

The pages are written to a temporary folder, the binary indexes that folder in
one run, and the index files are read back, so they join the build's other
output files (written atomically with them, seen by the privacy check). The
package's Python API was tried first and set aside: its client reads one
reply from the indexer every 0.1 s, so handing pages over one at a time costs
0.1 s a page (5.6 s for the example site, 100 s at 1,000 posts), and
`get_files` must fit the whole index into a single 2 MiB pipe read.
"""

from __future__ import annotations

import functools
import os
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from blogfolio.errors import BlogfolioError

INDEX_FOLDER = "pagefind"
"""Where the index lands in the output; the search page loads its scripts from there."""
UNUSED = ("pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.")
"""Bundle files no page loads (other UIs, highlighting), left out of the output: 280 KB."""
IGNORED = ".header-anchor"
"""Left out of the indexed text: the `#` link Markdown adds to each heading, which would
otherwise end every section title in the results."""
TIMEOUT = 600
"""Seconds an index may take before the build gives up (1,000 posts take about 5)."""
HINT_INSTALL = (
    "install the indexer with: pip install 'pagefind[bin]' (or set [search] enabled = false "
    "in blogfolio.toml to build without search)"
)


@dataclass(frozen=True, slots=True)
class Indexer:
    """The Pagefind binary this build runs."""

    executable: Path
    """The program."""
    version: str
    """What `--version` printed: part of the index's cache key."""


def find_indexer() -> Indexer | None:
    """The bundled Pagefind binary (or PAGEFIND_BINARY_PATH), or None when there is none."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    try:
        found = get_executable()
    except OSError:  # the binary package is installed but its file is missing
        return None
    if found is None or not found.is_file():
        return None
    info = found.stat()
    version = _version(str(found), info.st_mtime_ns, info.st_size)
    return Indexer(found, version) if version else None


@functools.lru_cache(maxsize=4)
def _version(executable: str, _mtime: int, _size: int) -> str:
    """`pagefind --version`, asked once per binary file (its stamp is part of the cache key)."""
    try:
        done = subprocess.run(
            [executable, "--version"], capture_output=True, timeout=30, env=_environment()
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.decode("utf-8", "replace").strip() if done.returncode == 0 else ""


def run_indexer(
    indexer: Indexer, pages: Sequence[tuple[str, bytes]]
) -> tuple[tuple[str, bytes], ...]:
    """Index `pages` (output path, HTML); return the index files as (output path, bytes).

    Raises BlogfolioError when Pagefind cannot be run or fails.
    """
    with tempfile.TemporaryDirectory(prefix="blogfolio-search-") as scratch:
        site, out = Path(scratch, "site"), Path(scratch, "index")
        for path, data in pages:
            target = site.joinpath(*_safe_parts(path))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        command = [str(indexer.executable), "--site", str(site), "--output-path", str(out)]
        command += ["--exclude-selectors", IGNORED]
        try:
            done = subprocess.run(
                [*command, "--silent"],
                capture_output=True,
                timeout=TIMEOUT,
                cwd=scratch,  # no pagefind.yml of the user's is read
                env=_environment(),
            )
        except subprocess.TimeoutExpired:
            raise BlogfolioError(
                f"search: Pagefind did not finish indexing {len(pages)} pages in {TIMEOUT} s",
                hint="try again; set [search] enabled = false in blogfolio.toml to skip search",
            ) from None
        except OSError as exc:
            raise BlogfolioError(
                f"search: cannot run Pagefind ({indexer.executable.name}): {exc.strerror or exc}",
                hint="reinstall it for this machine: pip install --force-reinstall 'pagefind[bin]'",
            ) from None
        if done.returncode != 0:
            said = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            raise BlogfolioError(
                f"search: Pagefind failed with exit code {done.returncode}: "
                + (" ".join(said[-3:]) or "no message"),
                hint="the pages were built but nothing was written; "
                "set [search] enabled = false in blogfolio.toml to build without search",
            )
        return tuple(
            (f"{INDEX_FOLDER}/{file.relative_to(out).as_posix()}", file.read_bytes())
            for file in sorted(out.rglob("*"))
            if file.is_file() and not file.name.startswith(UNUSED)
        )


def _safe_parts(path: str) -> tuple[str, ...]:
    """The parts of an output path, refusing any that would leave the scratch folder."""
    parts = PurePosixPath(path).parts
    if not parts or PurePosixPath(path).is_absolute() or any(p in ("", ".", "..") for p in parts):
        raise BlogfolioError(f"search: refusing to index the output path {path!r}")
    return parts


def _environment() -> dict[str, str]:
    """This process's environment without PAGEFIND_* settings, which would change the index."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
