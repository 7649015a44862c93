"""The per-file stage on several processes, when there are enough files to pay for them.

The per-file stage depends only on a file's bytes and the configuration, so files can
be loaded in any order, anywhere. Workers are forked: they inherit the work function
and the item list, so nothing is pickled on the way in. The items are cut into
contiguous chunks, and the result is the very list the serial loop makes
(``tests/test_parallel.py`` checks it).

Who loads which chunk is decided by a pipe holding every chunk's number, which each
process, the parent included, reads from: a read of four bytes from a pipe is atomic,
so each chunk goes to exactly one process, and no process waits for another to hand
out work. (With ``concurrent.futures`` the parent handed chunks out between its own,
and a worker sat idle for a quarter of a cold run.) Chunks shrink towards the end
(guided self-scheduling), so the processes finish nearly together.

Each worker writes each chunk's results, pickled, into a pipe of its own, which the
parent empties between its own chunks and at the end; the parent's own results are
never pickled. A chunk a worker does not deliver (it died, e.g. picked by the
out-of-memory killer, or its work raised) is loaded by the parent at the end, so the
run ends with the same result, or raises the same exception, instead of hanging.
Below :data:`MIN_ITEMS`, with one CPU, or where ``fork`` does not exist, the serial
loop runs: starting workers and shipping results back costs more than it saves.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 2000
CHUNK = 250
"""The largest chunk; chunks shrink to an eighth of it towards the end."""
MAX_CHUNKS = 1024
"""At most this many chunks: their numbers must fit in a pipe's buffer at once, which
is one page (4 KiB) for a user whose pipes together pass the system's soft limit."""
JOBS_VARIABLE = "OFFICECTL_JOBS"
"""Environment variable that sets the number of processes that load files, the parent
included (1: the parent alone, no workers)."""

_TOKEN = 4
"""Bytes of a chunk number in the pipe of chunks."""
_HEADER = 8
"""Bytes before each delivered chunk's pickle: its number and the pickle's length."""


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
    largest: int | None = None,
) -> list[R]:
    """``[work(item) for item in items]``, on ``jobs`` forked processes when it pays.
    ``chunk_work``: the same for a run of items at once (``[work(i) for i in part]``,
    exactly), which may do each step for all of them before the next: every chunk,
    in every process, goes through it. ``largest``: the most items in a chunk (else
    :data:`CHUNK`), 1 for a few big items."""
    jobs = default_jobs() if jobs is None else jobs
    run = chunk_work if chunk_work is not None else partial(_each, work)
    few = len(items) < (MIN_ITEMS if min_items is None else min_items)
    if jobs < 2 or few or not hasattr(os, "fork"):
        return _serial(run, items)
    chunks = chunk_bounds(len(items), jobs, CHUNK if largest is None else largest)
    done: list[list[R] | None] = [None] * len(chunks)
    try:
        workers = _Workers(run, items, chunks, min(jobs - 1, len(chunks))).start()
    except BlockingIOError:  # the chunks' numbers do not fit in a pipe here: no workers
        return _serial(run, items)
    with workers:
        for index in workers.claims():
            done[index] = run(items[slice(*chunks[index])])
            workers.collect(done, wait=False)
        workers.collect(done, wait=True)
    for index, part in enumerate(done):  # not delivered: a worker died or its work raised
        if part is None:
            done[index] = run(items[slice(*chunks[index])])
    return [result for part in done if part is not None for result in part]


def chunk_bounds(count: int, jobs: int, largest: int | None = None) -> list[tuple[int, int]]:
    """(start, stop) of each chunk: ``largest`` items (:data:`CHUNK`; more for a huge
    list, to stay within :data:`MAX_CHUNKS`), shrinking once a chunk would be over a
    share of what is left, down to an eighth: the last chunks are small, so no process
    finishes long after another."""
    largest = max(CHUNK if largest is None else largest, -(-count // MAX_CHUNKS))
    while len(bounds := _guided(count, jobs, largest)) > MAX_CHUNKS:
        largest *= 2
    return bounds


def _guided(count: int, jobs: int, largest: int) -> list[tuple[int, int]]:
    smallest = max(1, largest // 8)
    bounds, start = [], 0
    while start < count:
        size = min(largest, max(smallest, (count - start) // (2 * jobs)))
        bounds.append((start, min(start + size, count)))
        start += size
    return bounds


def _each(work: Callable[[T], R], part: Sequence[T]) -> list[R]:
    return [work(item) for item in part]


def _serial(run: Callable[[Sequence[T]], list[R]], items: Sequence[T]) -> list[R]:
    return [
        result
        for start in range(0, len(items), CHUNK)
        for result in run(items[start : start + CHUNK])
    ]


class _Workers:
    """The forked workers, the pipe of chunk numbers they and the parent read, and
    the pipes their results come back through."""

    def __init__(
        self,
        run: Callable[[Sequence[Any]], list[Any]],
        items: Sequence[Any],
        chunks: Sequence[tuple[int, int]],
        count: int,
    ) -> None:
        self.run, self.items, self.chunks, self.count = run, items, chunks, count
        self.tokens = -1
        self.pids: list[int] = []
        self.pipes: dict[int, bytearray] = {}
        """Each worker's results pipe still open, and the bytes read from it so far."""

    def start(self) -> _Workers:
        """Hand out the chunks' numbers and fork the workers (BlockingIOError, nothing
        started, where the numbers do not fit in a pipe)."""
        self.tokens = _chunk_numbers(len(self.chunks))
        try:
            for _ in range(self.count):
                try:
                    self._fork()
                except OSError:  # no more processes: those there are do the work
                    break
        except BaseException:  # interrupted while forking: end the workers there are
            self.__exit__(*sys.exc_info())
            raise
        return self

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if exc_info[0] is not None:  # interrupted: the workers' results are not wanted
            for pid in self.pids:
                _kill(pid)
        for fd in self.pipes:
            os.close(fd)
        self.pipes.clear()
        for pid in self.pids:
            _reap(pid)
        os.close(self.tokens)

    def _fork(self) -> None:
        results, out = os.pipe()
        _widen(out)
        try:
            pid = os.fork()
        except BaseException:
            os.close(results)
            os.close(out)
            raise
        if pid == 0:  # the worker: load the chunks it claims, then end at once
            code = 1
            try:
                os.close(results)
                for fd in self.pipes:
                    os.close(fd)
                _serve(self.run, self.items, self.chunks, self.tokens, out)
                code = 0
            finally:
                os._exit(code)  # no interpreter teardown, no flushing the parent's buffers
        os.close(out)
        os.set_blocking(results, False)
        self.pids.append(pid)
        self.pipes[results] = bytearray()

    def claims(self) -> Iterator[int]:
        """The chunks the parent claims, one at a time, until none is left."""
        while (index := _claim(self.tokens)) is not None:
            yield index

    def collect(self, done: list[Any], *, wait: bool) -> None:
        """Put every chunk the workers delivered into ``done``: what they have sent so
        far, or (``wait``) everything until each has ended."""
        for fd in list(self.pipes):
            if wait:
                os.set_blocking(fd, True)
            buffer = self.pipes[fd]
            ended = _drain(fd, buffer)
            _unpack(buffer, done)
            if ended:
                os.close(fd)
                del self.pipes[fd]


def _chunk_numbers(count: int) -> int:
    """A pipe's read end holding the numbers 0 … ``count`` - 1, with no writer left:
    a read gets the next unclaimed number, or nothing once all are claimed."""
    numbers, writer = os.pipe()
    data = b"".join(index.to_bytes(_TOKEN, "little") for index in range(count))
    os.set_blocking(writer, False)  # never wait for a reader: there is none yet
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(writer, view) :]
    except BaseException:
        os.close(numbers)
        raise
    finally:
        os.close(writer)
    return numbers


def _claim(tokens: int) -> int | None:
    token = os.read(tokens, _TOKEN)
    return int.from_bytes(token, "little") if len(token) == _TOKEN else None


def _serve(
    run: Callable[[Sequence[Any]], list[Any]],
    items: Sequence[Any],
    chunks: Sequence[tuple[int, int]],
    tokens: int,
    out: int,
) -> None:
    """A worker's loop: claim a chunk, load it, send its results back pickled."""
    import pickle

    while (index := _claim(tokens)) is not None:
        try:
            payload = pickle.dumps(run(items[slice(*chunks[index])]), pickle.HIGHEST_PROTOCOL)
            header = index.to_bytes(4, "little") + len(payload).to_bytes(4, "little")
        except Exception:  # not delivered: the parent loads it, and raises
            continue
        data = memoryview(header + payload)
        while data:
            data = data[os.write(out, data) :]


def _drain(fd: int, buffer: bytearray) -> bool:
    """Read what ``fd`` holds into ``buffer``; whether the worker has closed it."""
    while True:
        try:
            data = os.read(fd, 1 << 20)
        except BlockingIOError:
            return False
        if not data:
            return True
        buffer += data


def _unpack(buffer: bytearray, done: list[Any]) -> None:
    """Move every whole delivered chunk from the front of ``buffer`` into ``done``."""
    import pickle

    start = 0
    while len(buffer) - start >= _HEADER:
        index = int.from_bytes(buffer[start : start + 4], "little")
        size = int.from_bytes(buffer[start + 4 : start + _HEADER], "little")
        if len(buffer) - start - _HEADER < size:
            break
        body = memoryview(buffer)[start + _HEADER : start + _HEADER + size]
        done[index] = pickle.loads(body)
        body.release()
        start += _HEADER + size
    del buffer[:start]


def _widen(fd: int) -> None:
    """Let a results pipe hold 256 KiB (Linux), a few chunks' results, so a worker
    rarely waits for the parent, busy with a chunk of its own, to empty it."""
    if sys.platform == "linux":
        import fcntl

        with contextlib.suppress(OSError):  # over the system's limit: the default works too
            fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 18)


def _kill(pid: int) -> None:
    import signal

    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
