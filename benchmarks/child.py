"""Running one measured subprocess, and which blogfolio the benchmarks start.

Split from run.py so that its report code stays short; run.py and the other
benchmark scripts import it as a sibling module.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


@dataclass(frozen=True, slots=True)
class ChildRun:
    """One measured subprocess."""

    wall_s: float
    """Seconds from start to exit, as a user would wait."""
    cpu_s: float
    """User plus system CPU seconds of the child and the workers it waited for."""
    peak_rss_mb: float
    """Largest resident set size of the child or any worker it waited for, in MiB."""
    stdout: str
    """What the child printed (the floor prints its own timings as JSON)."""
    error: str = ""
    """Why the child failed, for `check=False`; empty when it exited 0."""


def run_child(
    cmd: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None, check: bool = True
) -> ChildRun:
    """Run one command, timing it and reading its own resource usage via wait4.

    A failing command stops the benchmark (`check`), or is returned with `error` set.

    `os.wait4` returns the rusage of exactly this child, unlike
    `getrusage(RUSAGE_CHILDREN)`, whose ru_maxrss is the maximum over every child
    ever waited for and so cannot show a smaller build after a bigger one.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, env=env, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    error = ""
    if proc.returncode != 0:
        error = f"{' '.join(cmd)} (in {cwd}) exited {proc.returncode}:\n{stderr}"
        if check:
            sys.exit(f"error: {error}")
    rss_unit = 1 if sys.platform == "darwin" else 1024
    peak = usage.ru_maxrss * rss_unit / 2**20
    return ChildRun(wall, usage.ru_utime + usage.ru_stime, peak, stdout, error)


@dataclass(frozen=True, slots=True)
class Target:
    """Which blogfolio is measured, and how to start it."""

    command: tuple[str, ...]
    """The build command, ending in ``build --quiet``."""
    env: Mapping[str, str] | None
    """Environment for the build (None: inherit), e.g. PYTHONPATH for a snapshot."""
    label: str
    """The commit measured, for the report."""


def installed_target() -> Target:
    """`blogfolio build --quiet` from the running interpreter's environment.

    The console script beside `sys.executable` is exactly what users run; going
    through a version-manager shim (pyenv) would add its own start-up to every
    figure, so the shim on PATH is deliberately not used.
    """
    script = Path(sys.executable).with_name("blogfolio")
    base = [str(script)] if script.is_file() else [sys.executable, "-m", "blogfolio"]
    # An editable install has no bytecode until something writes it, and nothing does
    # where PYTHONDONTWRITEBYTECODE is set: compile it, as pip does for a normal install.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "src")], check=True)
    commit = _git("rev-parse", "--short", "HEAD") or "unknown"
    if _git("status", "--porcelain", "--untracked-files=no", "--", "src", "themes"):
        commit += " plus uncommitted changes in src/ or themes/ (working tree)"
    return Target((*base, "build", "--quiet"), None, commit)


def snapshot_target(rev: str, work: Path) -> Target:
    """Extract a committed revision with `git archive` and build with it first on PYTHONPATH."""
    sha = _git("rev-parse", "--verify", f"{rev}^{{commit}}")
    if not sha:
        sys.exit(f"error: {rev!r} is not a commit in {REPO}")
    tree = work / f"src-{sha[:12]}"
    if not (tree / "src" / "blogfolio").is_dir():
        shutil.rmtree(tree, ignore_errors=True)
        tree.mkdir(parents=True)
        with tempfile.TemporaryFile() as archive:
            subprocess.run(
                ["git", "archive", "--format=tar", sha], cwd=REPO, stdout=archive, check=True
            )
            archive.seek(0)
            with tarfile.open(fileobj=archive) as tar:
                tar.extractall(tree, filter="data")
        # Compile now, so the first cold build does not pay for writing bytecode.
        compile_cmd = [sys.executable, "-m", "compileall", "-q", str(tree / "src")]
        subprocess.run(compile_cmd, check=True)
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    command = (sys.executable, "-m", "blogfolio", "build", "--quiet")
    return Target(command, env, f"{sha[:7]} (snapshot of {rev} via git archive)")


def describe_target(target: Target) -> str:
    """Version and location of the blogfolio package the target imports (proves which code ran)."""
    code = "import blogfolio; print(blogfolio.__version__, blogfolio.__file__)"
    run = run_child([sys.executable, "-c", code], REPO, target.env)
    return run.stdout.strip()


def supports_cache(target: Target) -> bool:
    """Whether this blogfolio's `build` has a persistent cache (it lists `--no-cache`)."""
    base = target.command[: target.command.index("build")]
    help_cmd = (*base, "build", "--help")
    done = subprocess.run(list(help_cmd), env=target.env, capture_output=True, text=True)
    return "--no-cache" in done.stdout


def _git(*args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, text=True, check=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip()
