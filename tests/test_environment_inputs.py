"""The environment and the configuration cannot stall or mislead: without git on PATH
the commands that read the history say git is missing (not that the folder is no
repository), and a field pattern cannot backtrack for ever."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize("args", [["validate", "--changed-since", "HEAD"], ["audit"]])
def test_missing_git_is_named(sample_repo: Path, tmp_path: Path, args: list[str]) -> None:
    empty = tmp_path / "no-git-here"
    empty.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "officectl", "-C", str(sample_repo), *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PATH": str(empty)},
    )
    assert done.returncode == 2, done.stderr
    assert "git is not installed" in done.stderr
    assert "not inside a git repository" not in done.stderr
    assert "Traceback" not in done.stderr


def test_a_backtracking_pattern_cannot_stall_validate(sample_repo: Path) -> None:
    """``(a+)+$`` takes Python's ``re`` about 2^40 steps on this name; RE2 is linear."""
    config = sample_repo / "officectl.yaml"
    config.write_text(
        config.read_text("utf-8") + "fields:\n  customers:\n"
        "    code: {type: str, pattern: '(a+)+$'}\n",
        encoding="utf-8",
    )
    customer = sample_repo / "records" / "customers" / "CUS-0001.yaml"
    customer.write_text(customer.read_text("utf-8") + f"code: {'a' * 40}b\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "officectl",
            "-C",
            str(sample_repo),
            "validate",
            "records/customers/CUS-0001.yaml",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 1
    assert "pattern-mismatch" in done.stdout
