"""The console script ends the process itself (``officectl.cli.main``): nothing it
printed may be lost, and every exit code must come through."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import PROJECT, TODAY


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "officectl", *args], capture_output=True, text=True, timeout=120
    )


def test_all_output_arrives_and_the_exit_code_too(tmp_path: Path) -> None:
    done = _run("-C", str(PROJECT), "validate", "--format", "json", "--no-cache", "--today", TODAY)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["summary"]["errors"] == 0
    assert _run("-C", str(tmp_path), "validate").returncode == 2
    version = _run("--version")
    assert version.returncode == 0 and version.stdout.startswith("officectl")
