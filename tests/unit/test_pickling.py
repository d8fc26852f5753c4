"""The cache's pickling: what it stores comes back equal, in its quick form, and nothing else."""

from __future__ import annotations

import io
import os
import pickle
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from blogfolio.cache import pickling
from blogfolio.model import BodyResult, SourceFile, TocEntry

checked: list[str] = []


@dataclass(frozen=True, slots=True)
class Checked:
    """`__post_init__` records each run: a value loaded from the cache must not re-run it."""

    name: str
    words: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        checked.append(self.name)


@dataclass(frozen=True, slots=True)
class OwnState:
    """A slotted dataclass that pickles itself: its own way must be kept."""

    text: str

    def __getstate__(self) -> str:
        return self.text.upper()

    def __setstate__(self, state: str) -> None:
        object.__setattr__(self, "text", state.lower() + " (own)")


@dataclass
class Plain:
    """Not slotted: pickled as pickle would."""

    text: str


def a_body() -> BodyResult:
    toc = (TocEntry(2, "first", "First"), TocEntry(3, "first-detail", "Detail"))
    return BodyResult("<p>Hello</p>\n", "Hello", toc, 835, ())


def globals_named(data: bytes) -> list[str]:
    """The module-level names a pickle looks up to load, as `module name`."""
    names: list[str] = []

    class Recording(pickle.Unpickler):
        def find_class(self, module: str, name: str) -> Any:
            names.append(f"{module} {name}")
            return super().find_class(module, name)

    Recording(io.BytesIO(data)).load()
    return names


def test_pipeline_values_come_back_equal_and_of_their_own_types() -> None:
    source = SourceFile(Path("/site/content/posts/hello.md"), "posts/hello.md", "posts", ())
    values: list[Any] = [
        a_body(),
        source,
        (source, a_body(), {"when": datetime(2026, 3, 1, 9, 30, tzinfo=UTC)}),
        Path("relative/notes.md"),
        PurePosixPath("/posts/2026/hello/"),
    ]
    for value in values:
        back = pickling.loads(pickling.dumps(value))
        assert back == value
        assert type(back) is type(value)
    back_source = pickling.loads(pickling.dumps(source))
    assert type(back_source.path) is type(Path())


def test_slotted_dataclasses_and_paths_are_stored_in_the_quick_form() -> None:
    data = pickling.dumps((a_body(), Path("/site/content/a.md")))
    names = globals_named(data)
    assert "blogfolio.cache.pickling _rebuild" in names
    assert "blogfolio.cache.pickling _path" in names
    assert not any("dataclasses" in name or "pathlib" in name for name in names)


def test_a_value_from_the_cache_does_not_run_its_init_again() -> None:
    value = Checked("from build", 12, {"a": [1, 2]})
    checked.clear()
    back = pickling.loads(pickling.dumps(value))
    assert back == value
    assert checked == []
    with pytest.raises(AttributeError):
        back.name = "changed"  # type: ignore[misc]  # still frozen


def test_classes_that_pickle_themselves_or_have_no_slots_keep_their_way() -> None:
    own = pickling.loads(pickling.dumps(OwnState("Mixed")))
    assert own.text == "mixed (own)"
    plain = pickling.loads(pickling.dumps(Plain("as is")))
    assert plain == Plain("as is")
    assert "blogfolio.cache.pickling _rebuild" not in globals_named(
        pickling.dumps((OwnState("x"), Plain("y")))
    )


def test_entries_pickled_before_this_form_still_load() -> None:
    value = (a_body(), SourceFile(Path("/s/a.md"), "a.md", "posts", ()))
    assert pickling.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)) == value


class _Forged:
    """Pickles as a call of `_rebuild` on a class that is no dataclass."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (pickling._rebuild, (os.stat_result, (1,) * 10))


def test_rebuild_refuses_what_is_not_a_stored_dataclass() -> None:
    with pytest.raises(pickle.UnpicklingError):
        pickling.loads(pickle.dumps(_Forged()))

    class WrongLength:
        def __reduce__(self) -> tuple[Any, ...]:
            return (pickling._rebuild, (TocEntry, (2, "id")))

    with pytest.raises(pickle.UnpicklingError):
        pickling.loads(pickle.dumps(WrongLength()))
