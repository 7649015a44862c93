"""The parallel per-file stage gives the very results of the serial one, in order."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from conftest import make_repo
from officectl import parallel, validation
from officectl.config import load_config
from officectl.loader import discover
from officectl.reporting import REPORTERS


def _square(number: int) -> int:
    return number * number


@pytest.mark.parametrize(
    "count", [0, 1, parallel.CHUNK - 1, parallel.CHUNK + 1, 3 * parallel.CHUNK]
)
def test_map_items_keeps_order(count: int) -> None:
    items = list(range(count))
    assert parallel.map_items(_square, items, jobs=2, min_items=1) == [n * n for n in items]


def test_workers_see_closures() -> None:
    offset = 7
    assert parallel.map_items(lambda n: n + offset, range(600), jobs=3, min_items=1) == [
        n + offset for n in range(600)
    ]


def test_workers_never_wait_for_a_busy_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker claims its next chunk itself: while the parent is held up in a chunk
    of its own, the workers load every other chunk (they used to wait for the parent
    to hand chunks out between its own, idle for a quarter of a cold run)."""
    monkeypatch.setattr(parallel, "CHUNK", 5)
    items = list(range(200))
    chunks = len(parallel.chunk_bounds(len(items), 2))
    log, parent = tmp_path / "chunks loaded by the worker", os.getpid()

    def load(part: Sequence[int]) -> list[int]:
        if os.getpid() != parent:
            with log.open("a") as written:
                written.write(f"{part[0]}\n")
        else:  # held up until the worker has loaded all the rest
            give_up = time.monotonic() + 30  # a hang guard, not a timing
            while _lines(log) < chunks - 1 and time.monotonic() < give_up:
                time.sleep(0.01)
        return [n * n for n in part]

    assert parallel.map_items(_square, items, jobs=2, min_items=1, chunk_work=load) == [
        n * n for n in items
    ]
    assert _lines(log) == chunks - 1


def _lines(path: Path) -> int:
    return len(path.read_text().splitlines()) if path.exists() else 0


def test_a_chunk_failing_in_a_worker_is_loaded_by_the_parent() -> None:
    """A worker whose work raises (out of memory, say) delivers nothing for that
    chunk; the parent loads it, and the result is whole."""
    parent = os.getpid()

    def load(part: Sequence[int]) -> list[int]:
        if os.getpid() != parent and 7 in part:
            raise MemoryError
        return [n * n for n in part]

    items = list(range(3 * parallel.CHUNK))
    assert parallel.map_items(_square, items, jobs=2, min_items=1, chunk_work=load) == [
        n * n for n in items
    ]


def test_a_chunk_failing_everywhere_raises_in_the_parent() -> None:
    def load(part: Sequence[int]) -> list[int]:
        if 7 in part:
            raise ValueError("item 7 is broken")
        return list(part)

    with pytest.raises(ValueError, match="item 7 is broken"):
        parallel.map_items(_square, list(range(600)), jobs=3, min_items=1, chunk_work=load)


def test_chunks_cover_the_items_once_and_shrink_towards_the_end() -> None:
    for count, jobs in [(0, 2), (1, 2), (11_933, 2), (100_000, 4), (5_000_000, 2)]:
        bounds = parallel.chunk_bounds(count, jobs)
        assert [i for start, stop in bounds for i in range(start, stop)] == list(range(count))
        sizes = [stop - start for start, stop in bounds]
        assert sizes == sorted(sizes, reverse=True)
        assert len(bounds) <= parallel.MAX_CHUNKS
        if count >= 100 * parallel.CHUNK:
            assert sizes[0] >= parallel.CHUNK and sizes[-1] <= sizes[0] // 8


def test_jobs_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "3")
    assert parallel.default_jobs() == 3
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "zero")
    assert parallel.default_jobs() >= 1


@pytest.fixture
def books(tmp_path: Path) -> Path:
    root = make_repo(tmp_path / "books", with_git=False)
    (root / "records/customers/CUS-0099.yaml").write_text("name: X\ncountry: XX\nfoo: 1\n")
    (root / "records/deals/DEAL-0099.yaml").write_bytes(b"title: [\xff\n")
    (root / "records/invoices/INV-2026-0999.yaml").write_text("customer: CUS-0404\n")
    return root


def test_parallel_load_equals_serial(books: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(books)
    relpaths = list(discover(books))
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "1")
    serial = validation.load_files(config, relpaths)
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "2")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "CHUNK", 7)
    assert validation.load_files(config, relpaths) == serial


@pytest.mark.parametrize("use_cache", [False, True])
def test_parallel_validate_prints_the_same(
    books: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, use_cache: bool
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    config = load_config(books)
    today = date(2026, 11, 25)
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "1")
    serial = validation.validate(config, today=today)
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "2")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "CHUNK", 5)
    result = validation.validate(config, today=today, use_cache=use_cache)
    assert result.errors > 0
    for render in REPORTERS.values():
        assert render(result) == render(serial)


KILL_ONE_WORKER = """\
import os, signal, sys, time
from officectl import parallel, validation
from officectl.cli import main

parallel.MIN_ITEMS, parallel.CHUNK = 1, 5
parent, marker = os.getpid(), sys.argv.pop(1)


def dying(load):
    def work(*args, **options):
        if os.getpid() != parent:  # a worker, at its first file
            open(marker, "w").close()
            os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer does
        time.sleep(0.01)  # the parent works too: slowly, so the worker surely starts
        return load(*args, **options)
    return work


validation.load_file = dying(validation.load_file)
validation.load_data = dying(validation.load_data)
validation.load_files_chunk = dying(validation.load_files_chunk)  # chunk by chunk
validation.load_data_chunk = dying(validation.load_data_chunk)
sys.argv[0] = "officectl"
main()
"""
"""``officectl`` whose worker is killed when it starts loading a file."""


@pytest.mark.parametrize("cache", [["--no-cache"], []])
def test_a_killed_worker_neither_hangs_nor_loses_files(
    books: Path, tmp_path: Path, cache: list[str]
) -> None:
    command = ["validate", "--today", "2026-11-25", "--format", "json", *cache]
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "user-cache")}
    serial = subprocess.run(
        [sys.executable, "-m", "officectl", "-C", str(books), *command, "--no-cache"],
        env={**env, parallel.JOBS_VARIABLE: "1"},
        capture_output=True,
        timeout=300,
    )
    assert b"DEAL-0099.yaml" in serial.stdout and b"CUS-0099.yaml" in serial.stdout
    marker = tmp_path / "a worker was killed"
    killed = subprocess.run(
        [sys.executable, "-c", KILL_ONE_WORKER, str(marker), "-C", str(books), *command],
        env={**env, parallel.JOBS_VARIABLE: "2"},
        capture_output=True,
        timeout=300,
    )  # a hang guard, not a timing
    assert marker.exists()
    assert (killed.returncode, killed.stdout) == (serial.returncode, serial.stdout)
    assert killed.returncode == 1 and b"Traceback" not in killed.stderr


def test_validate_ships_back_the_rules_view_and_reports_the_same(
    books: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a cache, each process reduces the records it loaded to what the
    repository rules read before shipping them back: the report does not change."""
    config = load_config(books)
    today = date(2026, 11, 25)
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "2")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "CHUNK", 5)
    shipped = validation.load_files(config, list(discover(books)), seen=True)
    invoices = [r.record for r in shipped if r.record is not None and r.record.kind == "invoices"]
    assert invoices and all("lines" not in r.data and "total" in r.derived for r in invoices)
    reduced = validation.validate(config, today=today)
    monkeypatch.setattr(validation, "_seen", lambda result: result)
    whole = validation.validate(config, today=today)
    assert reduced.errors > 0
    for render in REPORTERS.values():
        assert render(reduced) == render(whole)


def test_files_loaded_chunk_by_chunk_equal_one_by_one(books: Path) -> None:
    """Each step for every file of a chunk before the next gives what loading each
    file alone gives: unreadable files, broken YAML and unknown kinds included."""
    from officectl import loader

    (books / "records/gadgets").mkdir()
    (books / "records/gadgets/G-1.yaml").write_text("a: [\n")  # not a kind: never parsed
    (books / "records/invoices/INV-2026-0998.yaml").write_text("a: 1\na: 2\n")
    (books / "records/customers/CUS-0098.yaml").write_text("name: Y\ntags: [a, b]\n")
    config = load_config(books)
    relpaths = [*discover(books), "records/customers/CUS-0097.yaml"]  # the last is missing
    one_by_one = [loader.load_file(books, relpath, config) for relpath in relpaths]
    assert loader.load_files_chunk(books, relpaths, config) == one_by_one
    assert {p.code for r in one_by_one for p in r.problems} >= {
        "unknown-kind",
        "yaml-duplicate-key",
        "yaml-encoding",
        "file-unreadable",
    }
    items = [(relpath, (books / relpath).read_bytes()) for relpath in relpaths[:-1]]
    assert loader.load_data_chunk(items, config) == [
        loader.load_data(relpath, data, config) for relpath, data in items
    ]


def test_chunk_work_gives_the_items_results_in_order() -> None:
    items = list(range(3 * parallel.CHUNK + 7))
    chunked = parallel.map_items(
        _square, items, jobs=2, min_items=1, chunk_work=lambda part: [n * n for n in part]
    )
    assert chunked == parallel.map_items(_square, items, jobs=1) == [n * n for n in items]


@pytest.mark.skipif(sys.platform != "linux", reason="a pipe's size is set on Linux")
def test_chunk_numbers_that_do_not_fit_a_pipe_leave_the_work_to_one_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A user over the system's pipe limit gets one-page pipes: numbers that do not fit
    never make the parent wait for a reader that is not there; it works alone."""
    import fcntl
    import signal

    real = os.pipe

    def one_page() -> tuple[int, int]:
        reader, writer = real()
        fcntl.fcntl(writer, fcntl.F_SETPIPE_SZ, 4096)
        return reader, writer

    def hung(*_: object) -> None:
        raise TimeoutError("map_items hung")

    monkeypatch.setattr(os, "pipe", one_page)
    monkeypatch.setattr(parallel, "MAX_CHUNKS", 4096)
    monkeypatch.setattr(parallel, "CHUNK", 1)
    items = list(range(3000))
    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(30)  # a hang guard, not a timing
    try:
        squares = parallel.map_items(_square, items, jobs=2, min_items=1)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert squares == [n * n for n in items]


def test_interrupted_while_forking_leaves_no_worker_behind(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    forked: list[int] = []
    fork = os.fork

    def second_interrupted() -> int:
        if forked:
            raise KeyboardInterrupt
        pid = fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", second_interrupted)
    with pytest.raises(KeyboardInterrupt):
        parallel.map_items(_square, list(range(600)), jobs=3, min_items=1)
    assert forked
    with pytest.raises(ChildProcessError):  # the first worker was ended and reaped
        os.waitpid(forked[0], os.WNOHANG)
