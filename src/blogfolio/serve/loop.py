"""The dev loop: build, serve, wait for changes, rebuild what they touch, tell browsers.

Stage: serve. `serve` is `build` with a `MemoryStore` kept across rebuilds and
the watcher's changed paths, so it renders exactly what a fresh build would.
Keeps serving the last good build when a rebuild fails, and publishes the error
so every open page shows it; the next good build clears it. A post scheduled
for later appears when its time comes: the loop rebuilds then, without an edit.
"""

from __future__ import annotations

import dataclasses
import threading
import time
import traceback
import webbrowser
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from blogfolio.build import Builder, BuildOptions, Clock
from blogfolio.cache.store import MemoryStore
from blogfolio.errors import BlogfolioError, BuildError, format_diagnostic
from blogfolio.model import RenderedFile
from blogfolio.render.themes import theme_chain
from blogfolio.serve.garbage import IdleCollector
from blogfolio.serve.notes import BuildNotes, news
from blogfolio.serve.server import PreviewServer, bind
from blogfolio.serve.state import LiveState
from blogfolio.serve.watch import (
    ChangeCollector,
    WatchHandle,
    needs_polling,
    start_observer,
    stop_observer,
)

Say = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class ServeOptions:
    """Choices of `blogfolio serve`."""

    host: str = "127.0.0.1"
    """Interface to bind; only loopback unless the student asks otherwise."""
    port: int = 8000
    """Port; 0 picks a free one."""
    drafts: bool = False
    """Show drafts (marked as such)."""
    future: bool = False
    """Show future posts."""
    poll: bool = False
    """Poll for changes instead of waiting for file-system events."""
    open_browser: bool = False
    """Open the site in the default browser once it is served."""
    debug: bool = False
    """Print tracebacks of unexpected errors."""


class DevSession:
    """One running preview: a builder, the live state and the change detector."""

    def __init__(
        self,
        root: Path,
        options: ServeOptions,
        base_url: str,
        say: Say,
        clock: Clock | None = None,
    ) -> None:
        self.root = root.resolve()
        self.options = options
        self.say = say
        build_options = BuildOptions(
            drafts=options.drafts,
            future=options.future,
            base_url=base_url,
            fingerprint_assets=False,
            preview=True,
            search_index=False,
        )
        self.clock: Clock = clock or (lambda: datetime.now(UTC))
        self.builder = Builder(self.root, build_options, MemoryStore(), self.clock)
        self.state = LiveState({})
        self._last_error: str | None = None
        self._notes: BuildNotes | None = None
        """What the last good build warned about and left out, to print only news."""
        self.next_change: datetime | None = None
        """When a scheduled post is due, so the loop rebuilds then."""

    def rebuild(self, touched: set[Path] | None = None) -> set[str]:
        """Build; publish the new files and what changed, or the error. Return changed paths.

        `touched` are the paths the watcher saw change, so the build can skip re-walking
        the content folder when they are all files it already knows.
        """
        started = time.perf_counter()
        try:
            result = self.builder.build(changed=touched)
        except BuildError as exc:
            self._fail("\n".join(format_diagnostic(d) for d in exc.diagnostics))
            return set()
        except BlogfolioError as exc:
            self._fail(str(exc))
            return set()
        except Exception as exc:
            detail = (
                traceback.format_exc() if self.options.debug else f"{type(exc).__name__}: {exc}"
            )
            self._fail(f"internal error while building: {detail}\n(run with --debug for details)")
            return set()
        self.next_change = result.next_change
        files = {f.path: f for f in result.files}
        changed = _changed(self.state.files, files)
        notes = BuildNotes.of(result)
        self.state.publish(files, changed, None, notes.notice())
        ms = (time.perf_counter() - started) * 1000
        if self._last_error is not None:
            self.say(f"Fixed: build succeeded in {ms:.0f} ms")
        elif self.state.epoch > 1:
            self.say(f"Rebuilt in {ms:.0f} ms: {len(changed)} file(s) changed")
        lines = news(self._notes, notes)
        if lines:
            self.say("\n".join(lines))
        self._notes = notes
        self._last_error = None
        return changed

    def _fail(self, text: str) -> None:
        if text != self._last_error:
            self.say(f"Build failed (still serving the last good build):\n{text}")
        self._last_error = text
        self.state.publish(None, set(), text)

    def tick(self) -> set[str] | None:
        """Rebuild if a scheduled post has come due (nothing on disk changed); else None."""
        if self.next_change is None or self.clock() < self.next_change:
            return None
        return self.rebuild(set())

    def watched_folders(self) -> list[Path]:
        """Site folders plus the theme chain (which may live outside the site)."""
        folders = [self.root / name for name in ("content", "data", "static", "templates")]
        folders.append(self.root / "themes")
        try:
            config = self.builder.config()
            folders += [t for t in theme_chain(config) if self.root not in t.parents]
        except (BlogfolioError, BuildError):
            pass
        return folders

    def ignored(self) -> list[Path]:
        """Output folders the watcher must never react to."""
        return [self.root / "site", self.root / ".git", self.root / "node_modules"]


def run(root: Path, options: ServeOptions, say: Say) -> None:
    """Serve until Ctrl+C; never returns early because of a build error."""
    server, note = bind(options.host, options.port, LiveState({}))
    port = server.server_address[1]
    shown_host = "127.0.0.1" if options.host in ("127.0.0.1", "0.0.0.0", "") else options.host
    base_url = f"http://{shown_host}:{port}/"
    session = DevSession(root, options, base_url, say)
    server.state = session.state
    observer: WatchHandle | None = None
    thread = threading.Thread(target=server.serve_forever, name="blogfolio-http", daemon=True)
    try:
        if note:
            say(note.capitalize() + ".")
        if options.host not in ("127.0.0.1", "localhost", "::1"):
            say(f"Warning: serving on {options.host}; other machines can see your drafts.")
        session.rebuild()
        # Workers are forked only while no other thread runs; later rebuilds are small.
        session.builder.options = dataclasses.replace(session.builder.options, jobs=1)
        reason = None if options.poll else needs_polling(session.root)
        if reason:
            say(f"Note: {reason}; if edits don't show up, restart with --poll.")
        collector = ChangeCollector(session.root, session.ignored())
        observer = start_observer(collector, session.watched_folders(), options.poll)
        thread.start()
        say(f"Serving {session.root.name} at {base_url} (Ctrl+C to stop)")
        if options.open_browser:
            webbrowser.open(base_url)
        stop = threading.Event()
        garbage = IdleCollector()
        garbage.built()
        while not stop.is_set():
            batch = collector.wait_batch(stop)
            if batch:
                session.rebuild(batch)
                garbage.built()
            elif session.tick() is not None:
                garbage.built()
            else:
                garbage.idle()
    except KeyboardInterrupt:
        say("Stopping.")
    finally:
        shutdown(server, session.state, observer, thread)


def shutdown(
    server: PreviewServer,
    state: LiveState,
    observer: WatchHandle | None,
    thread: threading.Thread,
) -> None:
    """Stop watching and serving, and release every open event stream."""
    state.stop()
    if observer is not None:
        stop_observer(observer)
    if thread.is_alive():
        server.shutdown()
        thread.join(2)
    server.server_close()


def _changed(old: Mapping[str, RenderedFile], files: Mapping[str, RenderedFile]) -> set[str]:
    """Output paths whose bytes changed, appeared or disappeared."""
    changed = set(old) ^ set(files)
    for path, item in files.items():
        before = old.get(path)
        if before is not None and before.data is not item.data and before.data != item.data:
            changed.add(path)
    return changed
