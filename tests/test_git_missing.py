"""Without git on PATH, the commands that read the history say git is missing, not
that the folder is no repository."""

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
    done = subprocess.run([sys.executable, "-m", "officectl", "-C", str(sample_repo), *args],
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "PATH": str(empty)})
    assert done.returncode == 2, done.stderr
    assert "git is not installed" in done.stderr
    assert "not inside a git repository" not in done.stderr
    assert "Traceback" not in done.stderr
