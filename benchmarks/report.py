"""The report of run.py: the results of one site size, the environment, the Markdown table.

Kept apart from the measuring code in run.py so that each stays short.
"""

from __future__ import annotations

import os
import platform
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import others
from child import ChildRun, Target, describe_target

CACHE_DIR = ".blogfolio-cache"
"""The persistent build cache in the site folder (for blogfolio versions that have one)."""
KINDS = ("cold", "warm", "body", "title")


@dataclass(frozen=True, slots=True)
class SizeResult:
    """Medians (and the raw runs) for one site size."""

    n: int
    html_files: int
    """HTML files in the output (posts, pages, paginated lists, taxonomies, archives)."""
    output_files: int
    median_s: dict[str, float]
    """Median wall seconds per kind of blogfolio build (cold, warm, body, title)."""
    median_cpu_s: dict[str, float]
    peak_rss_mb: dict[str, float]
    """Highest peak RSS of any process of each kind of build."""
    floor_s: float
    floor_render_s: float
    """Median time the floor spent in `MarkdownIt.render` alone (no start-up, no reading)."""
    floor_peak_rss_mb: float
    others: dict[str, dict[str, float | str]]
    """Per other generator: median wall, CPU and peak RSS, or a note why it was skipped."""
    serve_ms: dict[str, list[float]]
    """`blogfolio serve` save-to-reload-event milliseconds per kind of edit (empty: skipped)."""
    serve_note: str
    """Why `serve_ms` is empty."""
    edited_post: str
    site_digest: str
    """Printed by the generator; equal digests mean identical input sites."""
    runs: dict[str, list[ChildRun]] = field(default_factory=dict)


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


def load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def environment(target: Target, cache: bool, work: Path) -> dict[str, str]:
    """What the figures depend on besides the content: code, interpreter, machine, load."""
    env = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": target.label,
        "blogfolio": describe_target(target),
        "persistent cache": (
            f"yes (`build --help` lists --no-cache; {CACHE_DIR}/ deleted before each cold build)"
            if cache
            else "absent in this blogfolio (`build --help` lists no --no-cache): warm and "
            "edit builds are new processes that start from nothing, like a cold one"
        ),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "markdown-it-py": _version("markdown-it-py"),
        "jinja2": _version("jinja2"),
        "cpus": f"{os.cpu_count()} ({_cpu_model()})",
        "machine": f"{platform.platform()} {platform.machine()}",
        "load average (1, 5, 15 min) at start": load_average(),
        "build command": " ".join(target.command),
    }
    hugo, pelican = others.tool(work, "hugo"), others.tool(work, "pelican")
    if hugo is not None:
        env["hugo"] = others.tool_version(hugo, "version")
    if pelican is not None:
        env["pelican"] = others.tool_version(pelican, "--version")
    return env


HEADER = (
    "| N | cold s | warm s (of cold) | body edit s (of cold) | title edit s (of cold) "
    "| markdown-it floor s | cold/floor | Hugo cold s | Pelican cold s | peak RSS MiB "
    "| serve body / title / summary edit ms |"
)


def _serve_cell(r: SizeResult) -> str:
    if not r.serve_ms:
        return f"skipped: {r.serve_note}"
    return " / ".join(
        f"{statistics.median(r.serve_ms[k]):.0f}" for k in ("body", "title", "summary")
    )


def _other_cell(result: dict[str, float | str]) -> str:
    wall = result.get("wall_s")
    return f"{wall:.2f}" if isinstance(wall, float) else f"skipped: {result['note']}"


def table(results: Sequence[SizeResult]) -> str:
    """The Markdown table the README records."""
    lines = [HEADER, "|" + " ---: |" * (HEADER.count(" | ") + 1)]
    for r in results:
        cold = r.median_s["cold"]
        edits = [f"{r.median_s[k]:.2f} ({r.median_s[k] / cold:.2f})" for k in KINDS[1:]]
        cells = [
            f"{r.n:,}",
            f"{cold:.2f}",
            *edits,
            f"{r.floor_s:.2f}",
            f"{cold / r.floor_s:.2f}x",
            _other_cell(r.others["hugo"]),
            _other_cell(r.others["pelican"]),
            f"{max(r.peak_rss_mb.values()):.0f}",
            _serve_cell(r),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def details(r: SizeResult) -> list[str]:
    """Per-size lines under the table: CPU, memory per kind, the floor, the others."""
    cpu = ", ".join(f"{k} {r.median_cpu_s[k]:.2f}" for k in KINDS)
    rss = ", ".join(f"{k} {r.peak_rss_mb[k]:.0f}" for k in KINDS)
    lines = [
        f"- N={r.n}: {r.html_files:,} HTML files, {r.output_files:,} files; edited post "
        f"{r.edited_post}; site sha256 {r.site_digest}",
        f"  - blogfolio CPU s: {cpu}; peak RSS MiB: {rss}",
        f"  - floor: MarkdownIt.render {r.floor_render_s:.2f} s, peak RSS "
        f"{r.floor_peak_rss_mb:.0f} MiB",
    ]
    for kind, series in r.serve_ms.items():
        lines.append(
            f"  - serve {kind} edit: median {statistics.median(series):.0f} ms, worst "
            f"{max(series):.0f} ms over {len(series)} edits"
        )
    for name, other in r.others.items():
        if "wall_s" in other:
            lines.append(
                f"  - {name}: CPU {other['cpu_s']:.2f} s, peak RSS {other['peak_rss_mb']:.0f} MiB"
            )
    return lines


def report(results: Sequence[SizeResult], env: dict[str, str], repeat: int) -> str:
    """Environment lines, the table, and the details."""
    out = [f"- {key}: {value}" for key, value in env.items()]
    out += [f"- medians of {repeat} run(s) each", "", table(results), ""]
    for r in results:
        out += details(r)
    return "\n".join(out)
