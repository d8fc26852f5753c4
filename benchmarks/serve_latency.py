"""Measure the live preview: save-to-reload latency for three kinds of edit, and no-change rebuilds.

Usage: ``python benchmarks/serve_latency.py [--sizes 1000 10000] [--edits 10]``

For each size it generates the benchmark site (generate.py), then:

* **no-change rebuild**: in one process, a Builder builds the site, then builds it
  again with nothing changed (what `serve` does when an editor saves an unchanged
  file); the median of `--edits` repeats is reported. Versions of blogfolio without
  a `Builder` class get "n/a" here;
* **save-to-reload**: it starts `blogfolio serve --port 0` as a subprocess, opens
  the live-reload event stream for one post's page the way the browser does, and
  times from writing the post's Markdown file to the moment the `"reload": true`
  event arrives on the socket, for three series of edits to the same post (see
  edits.py): a word deep in the body, the title (every list showing the post
  changes), and a word in the first paragraph, which is the post's summary on
  lists. Edits are spaced a second apart so that each is its own rebuild; the
  median and the worst of each series are reported.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
generate = importlib.import_module("generate")  # the sibling scripts, not a package
edits = importlib.import_module("edits")

EDITS: dict[str, Callable[[str, int], str]] = {
    "body": edits.edit_body,
    "title": edits.edit_title,
    "summary": edits.edit_summary,
}

WORK = Path(__file__).resolve().parent / "_work"


def post_url(text: str, stem: str) -> str:
    """The default permalink /posts/{year}/{slug}/ from the post's front matter."""
    match = re.search(r"^date: (\d{4})", text, re.MULTILINE)
    assert match, "generated posts carry a date"
    slug = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", stem)
    return f"/posts/{match.group(1)}/{slug}/"


def no_change_rebuild(site: Path, repeat: int) -> tuple[float, float] | None:
    """Seconds of the first full build and the median no-change rebuild (None: no Builder)."""
    try:
        from blogfolio.build import Builder, BuildOptions
    except ImportError:
        return None
    builder = Builder(site, BuildOptions(fingerprint_assets=False))
    started = time.perf_counter()
    builder.build()
    full = time.perf_counter() - started
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        builder.build()
        times.append(time.perf_counter() - started)
    return full, statistics.median(times)


def start_server(
    site: Path, env: Mapping[str, str] | None = None
) -> tuple[subprocess.Popen[str], int]:
    """`blogfolio serve --port 0`; wait for its first build and return the port.

    `env` (default: this process's) lets run.py serve a `--rev` snapshot.
    """
    process = subprocess.Popen(
        [sys.executable, "-m", "blogfolio", "serve", "--source", str(site), "--port", "0"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
        env={**(os.environ if env is None else env), "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    assert process.stderr is not None
    for line in process.stderr:
        match = re.search(r"127\.0\.0\.1:(\d+)/", line)
        if match:
            return process, int(match.group(1))
    raise RuntimeError("serve did not start")


def open_events(port: int, page: str) -> socket.socket:
    """Connect to the event stream as the reload script does, and read the first state."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=60)
    request = f"GET /_blogfolio/events?path={page} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    sock.sendall(request.encode())
    read_event(sock)
    return sock


def read_event(sock: socket.socket) -> bytes:
    """Bytes up to the end of the next `state` event."""
    data = b""
    while b"event: state" not in data or not data.endswith(b"\n\n"):
        chunk = sock.recv(65536)
        if not chunk:
            raise RuntimeError("event stream closed")
        data += chunk
    return data


def save_to_reload(
    site: Path, count: int, env: Mapping[str, str] | None = None
) -> dict[str, list[float]]:
    """Latencies in seconds from saving a post to its reload event, per kind of edit.

    Each series starts from the text the last one left, so its first edit changes
    only what that series is about.
    """
    target = edits.pick_post(site)
    original = target.read_text(encoding="utf-8")
    page = post_url(original, target.stem)
    process, port = start_server(site, env)
    latencies: dict[str, list[float]] = {kind: [] for kind in EDITS}
    base = original
    try:
        sock = open_events(port, page)
        for kind, edit in EDITS.items():
            text = base
            for i in range(count):
                time.sleep(1.0)
                text = edit(base, i)
                started = time.perf_counter()
                target.write_text(text, encoding="utf-8")
                event = read_event(sock)
                latencies[kind].append(time.perf_counter() - started)
                assert b'"reload": true' in event, event
            base = text
        sock.close()
    finally:
        target.write_text(original, encoding="utf-8")
        process.terminate()
        process.wait(30)
    return latencies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--edits", type=int, default=10)
    args = parser.parse_args()
    print("| posts | full build s | no-change rebuild ms | body edit median (worst) ms "
          "| title edit median (worst) ms | summary edit median (worst) ms |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        site = WORK / f"serve-{size}"
        generate.write_files(generate.site_files(size), site)
        rebuild = no_change_rebuild(site, args.edits)
        latencies = save_to_reload(site, args.edits)
        cells = [f"{rebuild[0]:.1f}", f"{rebuild[1] * 1000:.0f}"] if rebuild else ["n/a", "n/a"]
        for series in latencies.values():
            cells.append(f"{statistics.median(series) * 1000:.0f} ({max(series) * 1000:.0f})")
        print(f"| {size} | " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
