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


COLLECTOR_AT_EXIT = """
import gc, sys
import officectl.cli as cli
ending = cli._exit_now
def report(code):
    print("collector on" if gc.isenabled() else "collector off", file=sys.stderr)
    ending(code)
cli._exit_now = report
sys.argv = ["officectl", *sys.argv[1:]]
cli.main()
"""


def test_the_collector_stays_off_until_the_process_ends() -> None:
    """The console script ends the process right after a command, so the collector
    paused for it is not turned back on: its next pass would walk every object the
    command loaded (0.4 s after a large ``bank import``) just before the exit."""
    done = subprocess.run(
        [sys.executable, "-c", COLLECTOR_AT_EXIT, "-C", str(PROJECT), "list", "customers"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().endswith("collector off")


def test_in_process_the_collector_is_as_it_was() -> None:
    import gc

    from click.testing import CliRunner

    from officectl.cli import cli

    assert gc.isenabled()
    CliRunner().invoke(cli, ["-C", str(PROJECT), "list", "customers"], catch_exceptions=False)
    assert gc.isenabled()
