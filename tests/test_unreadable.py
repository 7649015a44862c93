"""A folder that cannot be read (a sub-folder of ``records/``, ``templates/``) is a clear
message and an exit code, never a traceback.

Tests run as root, whom no permission stops, so a folder without read permission is
simulated: ``os.scandir``, ``os.stat`` and ``os.lstat`` fail with EACCES for it and
everything below it, as they do for another user.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from typing import Any

import pytest

from conftest import TODAY, RunCli


@pytest.fixture(autouse=True)
def _private_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


def deny(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make ``folder`` unreadable: it cannot be listed, nor anything in it reached."""
    denied = str(folder)

    def guard(function: Any, *, itself: bool) -> Any:
        def denying(path: Any = ".", *args: Any, **kwargs: Any) -> Any:
            name = os.fspath(path) if not isinstance(path, int) else ""
            if (itself and name == denied) or name.startswith(denied + os.sep):
                raise PermissionError(errno.EACCES, "Permission denied", name)
            return function(path, *args, **kwargs)

        return denying

    monkeypatch.setattr(os, "scandir", guard(os.scandir, itself=True))
    monkeypatch.setattr(os, "stat", guard(os.stat, itself=False))
    monkeypatch.setattr(os, "lstat", guard(os.lstat, itself=False))


@pytest.mark.parametrize("cache", [[], ["--no-cache"]])
def test_an_unreadable_records_folder_is_a_problem_at_its_path(
    sample_repo: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, cache: list[str]
) -> None:
    deny(monkeypatch, sample_repo / "records" / "deals")
    result = run_cli(sample_repo, "validate", "--format", "json", "--today", TODAY, *cache)
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["problems"]
    assert {
        "path": "records/deals",
        "line": 1,
        "column": 1,
        "severity": "error",
        "code": "file-unreadable",
        "message": "cannot read this folder: Permission denied; its records are left out",
        "record": None,
    } in problems


def test_other_commands_say_so_too(
    sample_repo: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    deny(monkeypatch, sample_repo / "records" / "deals")
    listed = run_cli(sample_repo, "list", "customers")
    assert listed.exit_code == 0, listed.output
    assert "error" in listed.stderr
    fmt = run_cli(sample_repo, "fmt", "--check")
    assert fmt.exit_code == 1, fmt.output
    assert (
        "records/deals:1:1: error file-unreadable: cannot read this folder: Permission denied"
    ) in fmt.stderr
    export = run_cli(sample_repo, "export", "finance", "--period", "2026", "--today", TODAY)
    assert export.exit_code == 1, export.output


def test_an_unreadable_templates_folder_stops_rendering_with_exit_2(
    sample_repo: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    deny(monkeypatch, sample_repo / "templates")
    result = run_cli(sample_repo, "render", "INV-2026-0025", "--format", "html")
    assert result.exit_code == 2, result.output
    assert "cannot read templates: Permission denied" in result.stderr
    assert not (sample_repo / "reports").exists()
    listed = run_cli(sample_repo, "templates")
    assert listed.exit_code == 2, listed.output
    assert "cannot read templates/: Permission denied" in listed.stderr
