"""Worker processes that leave Ctrl+C to the parent.

Stage: content (used by `content.batch` and `render.render`). Ctrl+C in a terminal
sends SIGINT to every process of the command, so without care each worker prints
its own KeyboardInterrupt traceback and the pool can hang on a worker that died
mid-task. Workers here ignore SIGINT (it is blocked from before they are forked
until they ignore it); the parent alone raises KeyboardInterrupt, cancels the
work not yet started and waits only for the chunks already running.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_CAN_BLOCK = hasattr(signal, "pthread_sigmask")


def run_in_workers(
    task: Callable[[Item], Result],
    items: Iterable[Item],
    workers: int,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[Result]:
    """Results of `task` over `items`, in order, computed in `workers` processes."""
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(initializer, initargs),
    )
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if _CAN_BLOCK else None
    try:
        try:
            futures: list[Future[Result]] = [pool.submit(task, item) for item in items]
        finally:
            if previous is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        for future in futures:
            yield future.result()
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _CAN_BLOCK:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if initializer is not None:
        initializer(*initargs)
