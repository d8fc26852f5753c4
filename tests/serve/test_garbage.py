"""The serve loop's collector policy: builds' objects frozen, garbage collected when idle."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from blogfolio.serve.garbage import IdleCollector


class Node:
    """Something that can sit in a reference cycle and be watched through a weakref."""

    def __init__(self) -> None:
        self.other: Node | None = None


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def thawed() -> Iterator[None]:
    yield
    gc.unfreeze()  # the rest of the test run must not inherit frozen objects


def test_garbage_left_by_a_build_waits_for_the_quiet_then_is_collected() -> None:
    clock = Clock()
    collector = IdleCollector(quiet=3.0, clock=clock)
    gone = cycle_kept_alive_until_built(collector)
    gc.collect()
    assert gone() is not None, "frozen objects are out of the collector's reach"
    clock.now += 1.0
    assert not collector.idle(), "the student may still be typing: no full pass yet"
    assert gone() is not None
    clock.now += 2.5
    assert collector.idle()
    assert gone() is None
    assert gc.get_freeze_count() > 0, "what is still alive is frozen again"
    assert not collector.idle(), "one full pass per build, not one per idle wake-up"


def cycle_kept_alive_until_built(collector: IdleCollector) -> weakref.ref[Node]:
    """A cycle that is alive while the build finishes, and garbage right after."""
    a, b = Node(), Node()
    a.other, b.other = b, a
    collector.built()
    gone = weakref.ref(a)
    del a, b
    return gone


def test_nothing_is_collected_in_full_before_the_first_build() -> None:
    clock = Clock()
    collector = IdleCollector(quiet=0.0, clock=clock)
    assert not collector.idle()
