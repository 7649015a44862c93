"""The bundled sample company is valid, strictly, and the CLI reports in its three formats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import PROJECT, TODAY, RunCli


def test_sample_passes_strict(run_cli: RunCli) -> None:
    result = run_cli(PROJECT, "validate", "--strict", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def test_sample_json_summary_counts_every_record(run_cli: RunCli) -> None:
    result = run_cli(PROJECT, "validate", "--format", "json", "--today", TODAY)
    document = json.loads(result.stdout)
    files = [p for p in (PROJECT / "records").rglob("*.yaml")]
    assert document == {
        "problems": [],
        "summary": {"records": len(files), "errors": 0, "warnings": 0},
    }


def test_console_script_runs_without_traceback(sample_repo: Path) -> None:
    broken = sample_repo / "records" / "customers" / "CUS-0001.yaml"
    broken.write_bytes(b"\x00\xff junk")
    done = subprocess.run(
        [sys.executable, "-m", "officectl", "-C", str(sample_repo), "validate"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stdout.startswith("records/customers/CUS-0001.yaml:1:")
