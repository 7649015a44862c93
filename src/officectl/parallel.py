"""The per-file stage on several processes, when there are enough files to pay for them.

The per-file stage depends only on a file's bytes and the configuration, so files can
be loaded in any order, anywhere. Workers are forked: they inherit the work function
and the item list, so nothing is pickled on the way in; each returns the results of
one contiguous chunk, and the parent puts the chunks back in order. The result is
therefore the very list the serial loop makes (``tests/test_parallel.py`` checks it).

The parent works too: workers take chunks from the front, the parent takes every chunk
no worker has started from the back, so with ``jobs`` processes there are ``jobs - 1``
workers, and only their results are pickled and shipped back (on two cores that
shipping was a third of the parent's time, competing with the workers for the CPU).

A worker that dies (the out-of-memory killer picks the biggest process) breaks the
pool; the parent notices it (``BrokenProcessPool``), keeps the chunks already done and
loads the rest itself, so the run ends with the same result instead of waiting forever.
Below :data:`MIN_ITEMS`, or with one CPU, or where ``fork`` does not exist, the
serial loop runs: starting workers and shipping results back costs more than it saves.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 2000
CHUNK = 250
JOBS_VARIABLE = "OFFICECTL_JOBS"
"""Environment variable that sets the number of processes that load files, the parent
included (1: the parent alone, no workers)."""


def default_jobs() -> int:
    """``$OFFICECTL_JOBS``, else the CPUs this process may run on."""
    configured = os.environ.get(JOBS_VARIABLE, "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def map_items(
    work: Callable[[T], R],
    items: Sequence[T],
    *,
    jobs: int | None = None,
    min_items: int | None = None,
    chunk_work: Callable[[Sequence[T]], list[R]] | None = None,
) -> list[R]:
    """``[work(item) for item in items]``, on ``jobs`` forked processes when it pays.
    ``chunk_work``: the same for a run of items at once (``[work(i) for i in part]``,
    exactly), which may do each step for all of them before the next: every chunk,
    in every process, goes through it."""
    jobs = default_jobs() if jobs is None else jobs
    run = chunk_work if chunk_work is not None else partial(_each, work)
    if jobs < 2 or len(items) < (MIN_ITEMS if min_items is None else min_items):
        return _serial(run, items)
    import multiprocessing  # here: warm runs, which parse little, never pay for it
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    if "fork" not in multiprocessing.get_all_start_methods():
        return _serial(run, items)
    chunks = [(start, min(start + CHUNK, len(items))) for start in range(0, len(items), CHUNK)]
    workers = min(jobs - 1, len(chunks))
    done: list[list[R] | None] = [None] * len(chunks)
    with ProcessPoolExecutor(
        workers, multiprocessing.get_context("fork"), initializer=_adopt, initargs=(run, items)
    ) as pool:
        front = _Front(pool, chunks, 2 * workers)
        back = len(chunks)
        front.feed(back)
        while front.submitted < back:  # until the workers' part is reached
            back -= 1
            done[back] = run(items[slice(*chunks[back])])
            front.feed(back)
        for index, future in enumerate(front.futures):
            try:
                done[index] = future.result()
            except BrokenProcessPool:  # a worker was killed: this chunk is done here
                done[index] = run(items[slice(*chunks[index])])
    return [result for part in done if part is not None for result in part]


def _each(work: Callable[[T], R], part: Sequence[T]) -> list[R]:
    return [work(item) for item in part]


def _serial(run: Callable[[Sequence[T]], list[R]], items: Sequence[T]) -> list[R]:
    return [
        result
        for start in range(0, len(items), CHUNK)
        for result in run(items[start : start + CHUNK])
    ]


class _Front:
    """The chunks handed to the workers, from the first on, ``ahead`` at a time: enough
    to keep them busy, few enough that the parent finds the rest still unclaimed."""

    def __init__(self, pool: Any, chunks: Sequence[tuple[int, int]], ahead: int) -> None:
        self.pool, self.chunks, self.ahead = pool, chunks, ahead
        self.futures: list[Any] = []
        self.broken = False

    @property
    def submitted(self) -> int:
        return len(self.futures)

    def feed(self, limit: int) -> None:
        """Hand out chunks below ``limit`` until ``ahead`` of them are unfinished."""
        from concurrent.futures.process import BrokenProcessPool

        while (
            not self.broken
            and self.submitted < limit
            and sum(not f.done() for f in self.futures[-self.ahead :]) < self.ahead
        ):
            try:
                self.futures.append(self.pool.submit(_run_chunk, self.chunks[self.submitted]))
            except BrokenProcessPool:  # a worker died: the parent does the rest
                self.broken = True


_task: tuple[Callable[[Sequence[Any]], list[Any]], Sequence[Any]] | None = None
"""The chunk work and items, set in each worker process (never in the parent)."""


def _adopt(run: Callable[[Sequence[Any]], list[Any]], items: Sequence[Any]) -> None:
    global _task
    _task = (run, items)


def _run_chunk(bounds: tuple[int, int]) -> list[Any]:
    assert _task is not None
    run, items = _task
    return run(items[slice(*bounds)])
