"""The watcher on a real file system: folders made after `serve` starts are watched too.

A site starts with only `content/` (as `new site` leaves it: no `templates/`,
`static/`, `data/` or `themes/`). The test then creates, edits, deletes and
re-creates those folders and files the way a student would, and waits (a
bounded number of debounced batches, never a timing threshold) until the
served files show each change.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest
from watchdog.events import (
    DirModifiedEvent,
    FileClosedEvent,
    FileModifiedEvent,
    FileMovedEvent,
)

from blogfolio.model import RenderedFile
from blogfolio.serve.loop import DevSession, ServeOptions
from blogfolio.serve.watch import ChangeCollector, SourceFolders, start_observer, stop_observer
from conftest import SiteFactory, post

CONFIG = 'title = "Watch"\nbase_url = "https://example.org/"\n'
FOOTER = "templates/partials/footer.html"
Files = Mapping[str, RenderedFile]


class Preview:
    """A dev session with a real observer, driven by hand instead of by `run`."""

    def __init__(self, root: Path, poll: bool) -> None:
        self.root = root
        self.session = DevSession(root, ServeOptions(poll=poll), "http://127.0.0.1:8000/", print)
        self.session.rebuild()
        self.collector = ChangeCollector(self.session.root, self.session.ignored())
        self.observer = start_observer(self.collector, self.session.watched_folders(), poll)
        self.stop = threading.Event()

    def settle(self, done: Callable[[Files], bool], batches: int = 60) -> bool:
        """Rebuild on each batch of changes until `done(files)` holds; False if it never does."""
        for _ in range(batches):
            if done(self.session.state.files):
                return True
            batch = self.collector.wait_batch(self.stop, timeout=0.5)
            if batch:
                self.session.rebuild(batch)
        return done(self.session.state.files)

    def page(self) -> str:
        item = self.session.state.files["index.html"]
        assert item.data is not None
        return item.data.decode("utf-8")

    def shows(self, text: str) -> Callable[[Files], bool]:
        return lambda files: text in self.page()

    def lacks(self, text: str) -> Callable[[Files], bool]:
        return lambda files: text not in self.page()

    def close(self) -> None:
        stop_observer(self.observer)


@pytest.fixture(params=[False, True], ids=["events", "polling"])
def preview(make_site: SiteFactory, request: pytest.FixtureRequest) -> Iterator[Preview]:
    root = make_site({"content/posts/hello.md": post("Hello")}, CONFIG)
    live = Preview(root, poll=request.param)
    yield live
    live.close()


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_templates_folder_made_while_serving_is_watched(preview: Preview) -> None:
    root = preview.root
    assert not (root / "templates").exists()
    write(root / FOOTER, "<footer>first footer</footer>")
    assert preview.settle(preview.shows("first footer")), "the new template was never used"
    write(root / FOOTER, "<footer>second footer</footer>")
    assert preview.settle(preview.shows("second footer")), "the edit was never seen"
    (root / FOOTER).unlink()
    assert preview.settle(preview.lacks("second footer")), "the deletion was never seen"
    assert "first footer" not in preview.page()


def test_a_templates_folder_deleted_and_made_again_is_watched_again(preview: Preview) -> None:
    root = preview.root
    write(root / FOOTER, "<footer>first footer</footer>")
    assert preview.settle(preview.shows("first footer"))
    shutil.rmtree(root / "templates")
    assert preview.settle(preview.lacks("first footer"))
    write(root / FOOTER, "<footer>footer again</footer>")
    assert preview.settle(preview.shows("footer again"))
    write(root / FOOTER, "<footer>edited again</footer>")
    assert preview.settle(preview.shows("edited again"))


def test_a_static_file_in_a_new_static_folder_is_served(preview: Preview) -> None:
    write(preview.root / "static" / "notes" / "cv.txt", "my cv")
    assert preview.settle(lambda files: "notes/cv.txt" in files), "the new static file is 404"
    write(preview.root / "static" / "notes" / "more" / "b.txt", "b")
    assert preview.settle(lambda files: "notes/more/b.txt" in files)


def test_a_new_data_folder_and_content_subfolder_are_watched(preview: Preview) -> None:
    write(preview.root / "content" / "projects" / "robot.md",
          "---\ntitle: Robot arm\ndate: 2025-02-01\n---\n\nBuilt a robot arm.\n")  # fmt: skip
    assert preview.settle(lambda files: any("robot" in path for path in files))
    for text in ("- one\n", "- one\n- two\n"):  # the folder appears, then a file in it changes
        before = preview.session.state.epoch
        write(preview.root / "data" / "links.yaml", text)
        assert preview.settle(lambda files, after=before: preview.session.state.epoch > after)


def test_a_theme_made_while_serving_is_watched(preview: Preview) -> None:
    root = preview.root
    theme = root / "themes" / "mine"
    write(theme / "theme.toml", 'name = "mine"\nparent = "default"\n')
    write(theme / FOOTER, "<footer>theme footer</footer>")
    (root / "blogfolio.toml").write_text(CONFIG + 'theme = "mine"\n', encoding="utf-8")
    assert preview.settle(preview.shows("theme footer"))
    write(theme / FOOTER, "<footer>theme footer, edited</footer>")
    assert preview.settle(preview.shows("theme footer, edited"))


def test_output_and_tool_folders_are_never_watched(make_site: SiteFactory) -> None:
    root = make_site({"content/posts/hello.md": post("Hello")}, CONFIG)
    for name in ("site", ".git", ".venv", "node_modules", ".blogfolio-cache"):
        (root / name / "deep").mkdir(parents=True)
    live = Preview(root, poll=False)
    try:
        folders = live.collector.folders
        assert isinstance(folders, SourceFolders)
        watched = {path.name for path in folders.watched()}
        assert {"content"} <= watched
        assert not watched & {"site", ".git", ".venv", "node_modules", ".blogfolio-cache"}
        for name in ("site", ".git", ".venv", "node_modules", ".blogfolio-cache"):
            write(root / name / "deep" / "x.html", "noise")
        assert live.collector.wait_batch(live.stop, timeout=1.0) == set()
    finally:
        live.close()


def _waiting_batch(collector: ChangeCollector) -> tuple[threading.Thread, list[set[Path]]]:
    """`wait_batch` in a thread of its own, so a test can see whether it has returned."""
    stop = threading.Event()
    got: list[set[Path]] = []
    thread = threading.Thread(target=lambda: got.append(collector.wait_batch(stop, timeout=60)))
    thread.start()
    return thread, got


def test_a_saved_file_is_handed_over_without_the_long_wait(make_site: SiteFactory) -> None:
    """A file closed after writing, or renamed into place, is complete: the batch is
    handed over once `settle` passes, not `delay` (here a minute) after the last event."""
    root = make_site({"content/posts/hello.md": post("Hello")}, CONFIG)
    target = str(root / "content/posts/hello.md")
    for finished in (FileClosedEvent(target), FileMovedEvent(target + ".tmp~", target)):
        collector = ChangeCollector(root, [], delay=60, settle=0)
        collector.on_any_event(FileModifiedEvent(target))
        collector.on_any_event(finished)
        collector.on_any_event(DirModifiedEvent(str(root / "content/posts")))  # as inotify adds
        thread, got = _waiting_batch(collector)
        thread.join(20)
        assert got == [{Path(target)}], finished


def test_a_file_still_being_written_waits_for_quiet(make_site: SiteFactory) -> None:
    """Without a close or a rename, the file may be half written: no batch yet."""
    root = make_site({"content/posts/hello.md": post("Hello")}, CONFIG)
    target = str(root / "content/posts/hello.md")
    collector = ChangeCollector(root, [], delay=60, settle=0)
    collector.on_any_event(FileModifiedEvent(target))
    thread, got = _waiting_batch(collector)
    thread.join(0.3)
    assert thread.is_alive() and got == []
    collector.delay = 0  # the writer has gone quiet: the next wake-up hands it over
    collector.add(Path(target))
    thread.join(20)
    assert got == [{Path(target)}]
