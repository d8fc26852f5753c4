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
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any, TypeVar

AHEAD = 8
"""Items in flight per worker: enough that none waits for the next, few enough that
finished results do not pile up while the parent takes them one by one."""
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
    # Only a few items are in flight at a time, and each result is let go once yielded:
    # a finished future holds its result, and a whole site's pages must not pile up.
    todo = iter(items)
    pending: deque[Future[Result]] = deque()
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if _CAN_BLOCK else None
    try:
        try:  # the first `workers` submissions fork every worker, all with SIGINT blocked
            pending.extend(pool.submit(task, item) for item in islice(todo, AHEAD * workers))
        finally:
            if previous is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        while pending:
            result = pending.popleft().result()
            pending.extend(pool.submit(task, item) for item in islice(todo, 1))
            yield result
            del result
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
