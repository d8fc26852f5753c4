"""Benchmark full blogfolio builds against a markdown-it-py floor, for several site sizes.

Usage: ``python benchmarks/run.py [--sizes 1000 10000] [--repeat 3] [--json FILE]``
(``--help`` also lists ``--rev REV`` and ``--build-arg ARG``, described below).

For each N the runner generates a site with ``benchmarks/generate.py`` into
``benchmarks/_work/N/`` and runs, each as its own subprocess so that interpreter
start-up, imports and peak memory are measured as a user experiences them:

* cold builds: ``blogfolio build --quiet`` into an empty output folder;
* warm rebuilds: the same command again with nothing changed;
* the floor: ``benchmarks/floor.py``, markdown-it-py alone on the same post bodies.

Each is repeated ``--repeat`` times and the median is reported. Wall time is
what users wait for; CPU time (user + system) is reported beside it because it
moves much less than wall time when other processes compete for the cores, which
on a shared machine makes it the steadier figure to compare commits with. Both come from
``os.wait4``, whose rusage on Linux covers the build process and the worker
processes it forked and waited for: CPU time is their sum, while peak RSS
(``ru_maxrss``) is the largest single process, not the sum of parallel workers.

By default the installed blogfolio (the working tree, for an editable install)
is measured. ``--rev REV`` measures a committed revision instead: its tree is
extracted with ``git archive`` into ``_work/src-<sha>/`` and put first on
``PYTHONPATH``, so edits landing in the working tree mid-run cannot change the
figures, and two revisions can be compared on the same generated sites. ``--build-arg``
appends to every build command, e.g. ``--build-arg=--jobs=1`` for a serial build.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "_work"
EXTRA_PAGES = 2
"""Standalone pages (about, contact) the generator adds beside the N posts."""


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


@dataclass(frozen=True, slots=True)
class SizeResult:
    """Medians (and the raw runs) for one site size."""

    n: int
    pages: int
    """Source pages built: N posts plus the standalone pages."""
    html_files: int
    """HTML files in the output (posts, pages, paginated lists, taxonomies, archives)."""
    output_files: int
    cold_s: float
    cold_cpu_s: float
    warm_s: float
    warm_cpu_s: float
    ms_per_page: float
    """Median cold wall time divided by `pages`."""
    peak_rss_mb: float
    """Highest peak RSS of any build of this size."""
    floor_s: float
    """Median wall time of the markdown-it-py floor subprocess."""
    floor_cpu_s: float
    floor_render_s: float
    """Median time the floor spent in `MarkdownIt.render` alone (no start-up, no reading)."""
    floor_peak_rss_mb: float
    ratio: float
    """Cold build wall time over floor wall time."""
    generate_s: float
    site_digest: str
    """Printed by the generator; equal digests mean identical input sites."""
    cold_runs: tuple[ChildRun, ...]
    warm_runs: tuple[ChildRun, ...]
    floor_runs: tuple[ChildRun, ...]


def run_child(cmd: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None) -> ChildRun:
    """Run one command, timing it and reading its own resource usage via wait4.

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
    if proc.returncode != 0:
        sys.exit(f"error: {' '.join(cmd)} (in {cwd}) exited {proc.returncode}:\n{stderr}")
    rss_unit = 1 if sys.platform == "darwin" else 1024
    peak = usage.ru_maxrss * rss_unit / 2**20
    return ChildRun(wall, usage.ru_utime + usage.ru_stime, peak, stdout)


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


def generate(n: int, site: Path) -> tuple[float, str]:
    """Write the site for N posts; return seconds taken and the generator's digest."""
    cmd = [sys.executable, str(HERE / "generate.py"), str(n), str(site)]
    run = run_child(cmd, REPO)
    digest = run.stdout.rsplit("sha256", 1)[-1].strip()
    return run.wall_s, digest


def count_files(folder: Path) -> tuple[int, int]:
    """(HTML files, all files) under the build output."""
    total = html = 0
    for _dirpath, _dirs, names in os.walk(folder):
        total += len(names)
        html += sum(name.endswith(".html") for name in names)
    return html, total


def log(message: str) -> None:
    """Progress on stderr, so stdout holds only the report."""
    print(message, file=sys.stderr, flush=True)


def measure_builds(
    site: Path, repeat: int, target: Target
) -> tuple[list[ChildRun], list[ChildRun]]:
    """Cold builds (output folder removed first), then warm no-change rebuilds."""
    cold: list[ChildRun] = []
    for i in range(repeat):
        shutil.rmtree(site / "site", ignore_errors=True)
        cold.append(run_child(target.command, site, target.env))
        log(f"  cold build {i + 1}/{repeat}: {_brief(cold[-1])}")
    warm: list[ChildRun] = []
    for i in range(repeat):
        warm.append(run_child(target.command, site, target.env))
        log(f"  warm rebuild {i + 1}/{repeat}: {_brief(warm[-1])}")
    return cold, warm


def measure_floor(site: Path, repeat: int) -> list[ChildRun]:
    """Run the markdown-it-py floor `repeat` times on the same site."""
    runs: list[ChildRun] = []
    for i in range(repeat):
        runs.append(run_child([sys.executable, str(HERE / "floor.py"), str(site)], REPO))
        log(f"  floor {i + 1}/{repeat}: {_brief(runs[-1])}")
    return runs


def _brief(run: ChildRun) -> str:
    return f"{run.wall_s:.2f} s wall, {run.cpu_s:.2f} s CPU, {run.peak_rss_mb:.0f} MiB"


def _median(runs: Sequence[ChildRun], attr: str) -> float:
    return statistics.median(float(getattr(r, attr)) for r in runs)


def measure_size(n: int, repeat: int, work: Path, target: Target) -> SizeResult:
    """Generate the site for N posts and measure builds and the floor."""
    site = work / str(n)
    log(f"N={n}: generating {site}")
    generate_s, digest = generate(n, site)
    cold, warm = measure_builds(site, repeat, target)
    html, total = count_files(site / "site")
    floor = measure_floor(site, repeat)
    pages = n + EXTRA_PAGES
    cold_s = _median(cold, "wall_s")
    floor_s = _median(floor, "wall_s")
    renders = [json.loads(r.stdout)["render_s"] for r in floor]
    return SizeResult(
        n=n,
        pages=pages,
        html_files=html,
        output_files=total,
        cold_s=cold_s,
        cold_cpu_s=_median(cold, "cpu_s"),
        warm_s=_median(warm, "wall_s"),
        warm_cpu_s=_median(warm, "cpu_s"),
        ms_per_page=cold_s * 1000 / pages,
        peak_rss_mb=max(r.peak_rss_mb for r in (*cold, *warm)),
        floor_s=floor_s,
        floor_cpu_s=_median(floor, "cpu_s"),
        floor_render_s=statistics.median(renders),
        floor_peak_rss_mb=max(r.peak_rss_mb for r in floor),
        ratio=cold_s / floor_s,
        generate_s=generate_s,
        site_digest=digest,
        cold_runs=tuple(cold),
        warm_runs=tuple(warm),
        floor_runs=tuple(floor),
    )


def _git(*args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, text=True, check=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def environment(target: Target) -> dict[str, str]:
    """What the figures depend on besides the content: code, interpreter, machine, load."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": target.label,
        "blogfolio": describe_target(target),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "markdown-it-py": _version("markdown-it-py"),
        "jinja2": _version("jinja2"),
        "cpus": f"{os.cpu_count()} ({_cpu_model()})",
        "machine": f"{platform.platform()} {platform.machine()}",
        "load average (1, 5, 15 min) at start": load,
        "build command": " ".join(target.command),
    }


HEADER = (
    "| N | pages | HTML files | cold build s | cold CPU s | warm rebuild s | ms/page "
    "| peak RSS MiB | markdown-it floor s | build/floor |"
)


def table(results: Sequence[SizeResult]) -> str:
    """The Markdown table the README records."""
    lines = [HEADER, "|" + " ---: |" * HEADER.count(" | ") + " ---: |"]
    for r in results:
        cells = [
            f"{r.n:,}",
            f"{r.pages:,}",
            f"{r.html_files:,}",
            f"{r.cold_s:.2f}",
            f"{r.cold_cpu_s:.2f}",
            f"{r.warm_s:.2f}",
            f"{r.ms_per_page:.1f}",
            f"{r.peak_rss_mb:.0f}",
            f"{r.floor_s:.2f}",
            f"{r.ratio:.1f}x",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def report(results: Sequence[SizeResult], env: dict[str, str], repeat: int) -> str:
    """Environment lines, the table, and the floor's details."""
    out = [f"- {key}: {value}" for key, value in env.items()]
    out += [f"- medians of {repeat} runs each", "", table(results), ""]
    for r in results:
        out.append(
            f"- N={r.n}: warm rebuild CPU {r.warm_cpu_s:.2f} s; floor CPU {r.floor_cpu_s:.2f} s, "
            f"of which MarkdownIt.render {r.floor_render_s:.2f} s, floor peak RSS "
            f"{r.floor_peak_rss_mb:.0f} MiB; generated in {r.generate_s:.1f} s, "
            f"site sha256 {r.site_digest}"
        )
    return "\n".join(out)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[1000, 10000], metavar="N", help="posts per site"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also save results as JSON")
    parser.add_argument("--work", type=Path, default=WORK, help=f"scratch folder ({WORK})")
    parser.add_argument("--rev", help="measure this commit (via git archive), not the install")
    parser.add_argument(
        "--build-arg",
        action="append",
        default=[],
        metavar="ARG",
        help="extra argument for every build, e.g. --build-arg=--jobs=1 (repeatable)",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1 or any(n < 1 for n in args.sizes):
        parser.error("--repeat and every size must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Measure every size, print the report, optionally save JSON."""
    args = parse_args(argv)
    work = args.work.resolve()
    target = snapshot_target(args.rev, work) if args.rev else installed_target()
    target = replace(target, command=(*target.command, *args.build_arg))
    env = environment(target)
    log(f"measuring {env['blogfolio']} ({env['commit']})")
    results = [measure_size(n, args.repeat, work, target) for n in args.sizes]
    env["load average (1, 5, 15 min) at end"] = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(report(results, env, args.repeat))
    if args.json is not None:
        rows = [asdict(r) for r in results]
        payload = {"environment": env, "repeat": args.repeat, "results": rows}
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        log(f"saved {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
