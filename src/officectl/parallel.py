"""The per-file stage on several processes, when there are enough files to pay for them.

The per-file stage depends only on a file's bytes and the configuration, so files can
be loaded in any order, anywhere. Workers are forked: they inherit the work function
and the item list, so nothing is pickled on the way in; each returns the results of
one contiguous chunk, and the parent puts the chunks back in order. The result is
therefore the very list the serial loop makes (``tests/test_parallel.py`` checks it).
A worker that dies (the out-of-memory killer picks the biggest process) breaks the
pool; the parent notices it (``BrokenProcessPool``), keeps the chunks already done and
loads the rest itself, so the run ends with the same result instead of waiting forever.
Below :data:`MIN_ITEMS`, or with one CPU, or where ``fork`` does not exist, the
serial loop runs: starting workers and shipping results back costs more than it saves.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 2000
CHUNK = 250
JOBS_VARIABLE = "OFFICECTL_JOBS"
"""Environment variable that sets the number of worker processes (1: no workers)."""


def default_jobs() -> int:
    """``$OFFICECTL_JOBS``, else the CPUs this process may run on."""
    configured = os.environ.get(JOBS_VARIABLE, "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def map_items(work: Callable[[T], R], items: Sequence[T], *, jobs: int | None = None,
              min_items: int | None = None) -> list[R]:
    """``[work(item) for item in items]``, on ``jobs`` forked processes when it pays."""
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 2 or len(items) < (MIN_ITEMS if min_items is None else min_items):
        return [work(item) for item in items]
    import multiprocessing  # here: warm runs, which parse little, never pay for it
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    if "fork" not in multiprocessing.get_all_start_methods():
        return [work(item) for item in items]
    chunks = [(start, min(start + CHUNK, len(items))) for start in range(0, len(items), CHUNK)]
    results: list[R] = []
    with ProcessPoolExecutor(min(jobs, len(chunks)), multiprocessing.get_context("fork"),
                             initializer=_adopt, initargs=(work, items)) as pool:
        futures = [pool.submit(_run_chunk, bounds) for bounds in chunks]
        for bounds, future in zip(chunks, futures, strict=True):
            try:
                results.extend(future.result())
            except BrokenProcessPool:  # a worker was killed: this chunk is done here
                results.extend(work(items[index]) for index in range(*bounds))
    return results


_task: tuple[Callable[[Any], Any], Sequence[Any]] | None = None
"""The work and items, set in each worker process (never in the parent)."""


def _adopt(work: Callable[[Any], Any], items: Sequence[Any]) -> None:
    global _task
    _task = (work, items)


def _run_chunk(bounds: tuple[int, int]) -> list[Any]:
    assert _task is not None
    work, items = _task
    return [work(items[index]) for index in range(*bounds)]
