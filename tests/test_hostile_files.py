"""Hostile record files: each is one clear problem for its file, named, found within
seconds and bounded memory, never a traceback, and the run goes on with the other files.

One repository holds them all, beside a valid record and a record with an ordinary
problem (which must still be found). The same repository then goes through a real
``officectl`` process under a memory limit.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cases.books import DEAL, TODAY, BooksCase, ProblemRow, rows
from officectl.config import load_config
from officectl.validation import validate

Hostile = tuple[BooksCase, list[ProblemRow]]

BOMB = (
    "\n".join(
        [
            'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
            *(
                f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]"
                for i in range(9)
            ),
        ]
    )
    + "\n"
)

HOSTILE: dict[str, tuple[bytes, tuple[int, int, str]]] = {
    "alias-bomb": (BOMB.encode(), (1, 4, "yaml-alias")),
    "flow-nesting": (b"name: " + b"[" * 10_000 + b"]" * 10_000 + b"\n", (1, 1006, "yaml-too-deep")),
    "block-nesting": (b"name:\n" + b"- " * 10_000 + b"x\n", (2, 1999, "yaml-too-deep")),
    "nesting-within-libyaml": (
        b"name: " + b"[" * 500 + b"]" * 500 + b"\n",
        (1, 39, "yaml-too-deep"),
    ),
    "binary-junk": (bytes(range(256)) * 64, (2, 118, "yaml-encoding")),
    "utf-16": ("name: Acme\ncountry: CZ\n".encode("utf-16"), (1, 1, "yaml-encoding")),
    "utf-16-without-bom": ("name: Acme\n".encode("utf-16-le"), (1, 2, "yaml-syntax")),
    "tabs": (b"name: Acme\naddress:\n\tcity: Brno\ncountry: CZ\n", (3, 1, "yaml-syntax")),
    "empty": (b"", (1, 1, "yaml-empty")),
    "two-documents": (b"name: Acme\ncountry: CZ\n---\nname: Evil\n", (3, 1, "yaml-multi-document")),
    "top-level-list": (b"- name: Acme\n  country: CZ\n", (1, 1, "yaml-not-mapping")),
    "python-tag": (
        b"name: !!python/object/apply:os.system ['touch /tmp/pwned']\ncountry: CZ\n",
        (1, 7, "yaml-tag"),
    ),
    "control-characters": (b"name: Ac\x1bme\ncountry: CZ\n", (1, 9, "yaml-syntax")),
    "duplicate-keys": (b"name: Acme\ncountry: CZ\nname: Evil\n", (3, 1, "yaml-duplicate-key")),
}
"""Name → (bytes, expected (line, column, code)); each becomes a customer file."""

HUGE = 30 * 1024 * 1024


def customer_path(index: int) -> str:
    return f"records/customers/CUS-{index:04d}.yaml"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    """The repository and the problems it must yield, sorted as validate sorts them."""
    books = BooksCase(tmp_path_factory.mktemp("hostile"))
    expected: list[ProblemRow] = []
    for index, (data, (line, column, code)) in enumerate(HOSTILE.values(), start=100):
        books.add(customer_path(index)[8:-5], data)
        expected.append((customer_path(index), line, column, "error", code))
    big = books.root / customer_path(99)
    with big.open("wb") as handle:  # sparse: 30 MiB that costs nothing to make
        handle.truncate(HUGE)
    expected.append((customer_path(99), 1, 1, "error", "yaml-too-large"))
    endless = books.root / customer_path(97)  # a symlink can be committed to git
    endless.symlink_to("/dev/zero")
    expected.append((customer_path(97), 1, 1, "error", "record-symlink"))
    fifo = books.root / customer_path(96)  # not a regular file: never opened
    os.mkfifo(fifo)
    expected.append((customer_path(96), 1, 1, "error", "file-unreadable"))
    # A wide but legal file: many problems in one file must stay fast.
    books.add(
        "customers/CUS-0098",
        "name: Acme\ncountry: CZ\n" + "".join(f"k{i}: {i}\n" for i in range(5_000)),
    )
    expected += [(customer_path(98), 3 + i, 1, "error", "unknown-field") for i in range(5_000)]
    # The run goes on: an ordinary problem elsewhere is still found.
    books.add("deals/DEAL-0001", DEAL.replace("customer: CUS-0001", "customer: CUS-0404"))
    expected.append(("records/deals/DEAL-0001.yaml", 2, 11, "error", "ref-missing"))
    expected.sort(key=lambda row: (row[0], row[1], row[2], row[4]))
    return books, expected


def test_each_hostile_file_is_one_problem_and_the_run_goes_on(hostile: Hostile) -> None:
    books, expected = hostile
    started = time.monotonic()
    result = validate(load_config(books.root), today=TODAY)
    assert time.monotonic() - started < 10
    assert rows(result.problems) == expected
    assert result.exit_code(strict=False) == 1


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="needs Linux /proc/self/io")
def test_a_huge_file_is_rejected_by_its_size_without_reading_it(hostile: Hostile) -> None:
    books, _ = hostile

    def bytes_read() -> int:
        for line in Path("/proc/self/io").read_text().splitlines():
            if line.startswith("rchar:"):
                return int(line.split()[1])
        raise AssertionError("no rchar")

    config = load_config(books.root)
    before = bytes_read()
    validate(config, today=TODAY)
    assert bytes_read() - before < HUGE // 4


def test_hostile_files_in_a_real_process(hostile: Hostile) -> None:
    """Exit 1, every file named, no traceback, within seconds and 1 GiB of address space."""
    books, expected = hostile

    def limit_memory() -> None:  # pragma: no cover - runs in the child
        resource.setrlimit(resource.RLIMIT_AS, (1024 * 1024 * 1024, 1024 * 1024 * 1024))

    env = {**os.environ, "OFFICECTL_JOBS": "1"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "officectl",
            "-C",
            str(books.root),
            "validate",
            "--today",
            TODAY.isoformat(),
            "--format",
            "github",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit_memory,
        env=env,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert len(lines) == len(expected)
    named = {line.split("file=", 1)[1].split(",", 1)[0] for line in lines}
    assert named == {row[0] for row in expected}
    assert not Path("/tmp/pwned").exists()
