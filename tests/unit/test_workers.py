"""Worker results are taken one at a time: a build's pages never pile up in the parent.

A 10,000-post site renders 450 chunks of pages in workers. When every chunk was
submitted at once and its future kept to the end, all of the site's HTML ended up
in the parent however fast each page was written out.
"""

from __future__ import annotations

import gc
import os
import weakref
from pathlib import Path

import pytest

from blogfolio.content.workers import AHEAD, run_in_workers


class Chunk:
    """A result that can be watched with a weak reference."""

    def __init__(self, number: int) -> None:
        self.number = number


def _work(job: tuple[Path, int]) -> Chunk:
    folder, number = job
    (folder / str(number)).write_text("started")
    return Chunk(number)


pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="workers fork")


def test_results_come_in_order_and_are_let_go_once_taken(tmp_path: Path) -> None:
    jobs = [(tmp_path, n) for n in range(40)]
    taken: list[int] = []
    previous: weakref.ref[Chunk] | None = None
    for result in run_in_workers(_work, jobs, 2):
        taken.append(result.number)
        if previous is not None:
            gc.collect()
            assert previous() is None  # nothing in the pool still holds the last result
        previous = weakref.ref(result)
        del result
    assert taken == list(range(40))


def test_only_a_few_items_are_in_flight_ahead_of_the_consumer(tmp_path: Path) -> None:
    workers = 2
    jobs = [(tmp_path, n) for n in range(30)]
    for done, result in enumerate(run_in_workers(_work, jobs, workers), start=1):
        started = len(list(tmp_path.iterdir()))
        assert started <= done + AHEAD * workers
        assert result.number == done - 1
