"""Hostile templates cannot hang or exhaust the machine: each rendering runs under a
time, memory and output-size limit, and a breach is exit 1 naming the template and
the limit, never a traceback, a hang or a giant file.

The nastiest attacks run ``officectl`` as a real subprocess under an address-space cap
of its own (so a regression fails the test instead of taking the machine down) and a
generous safety timeout (so a regression fails instead of hanging the suite)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import RunCli
from test_documents import write_template

SAFETY_CAP = 3 << 30
"""Address space the test allows the whole officectl process: more than the default
memory limit of a rendering needs, far less than an attack would take."""

ATTACKS = {
    "repeat": "{{ 'a' * 2000000000 }}",
    "format": "{{ '{:>1000000000}'.format('x') }}",
    "percent": "{{ '%1000000000s' % 'x' }}",
    "power": "{{ 10 ** 100000000 }}",
    "filter": "{{ 'x' | center(1500000000) }}",
    "doubling": (
        "{% set ns = namespace(s='ab') %}{% for i in range(64) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}"
    ),
    "recursion": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "output": "{% for i in range(100000) %}{{ 'y' * 100000 }}{% endfor %}",
}


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (SAFETY_CAP, SAFETY_CAP))


def officectl(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "officectl", "-C", str(root), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        preexec_fn=_capped,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_a_hostile_template_is_stopped_with_exit_1_naming_it(
    sample_repo: Path, attack: str
) -> None:
    write_template(sample_repo, "evil.html", f"<p>{{{{ record.name }}}}</p>\n{ATTACKS[attack]}\n")
    done = officectl(
        sample_repo,
        "render",
        "CUS-0001",
        "--template",
        "evil.html",
        "--format",
        "html",
        "-o",
        str(sample_repo / "out"),
        "--time-limit",
        "20",
        "--output-limit",
        "5",
    )
    assert done.returncode == 1, (done.returncode, done.stderr[-2000:])
    assert "Traceback" not in done.stderr
    assert "templates/evil.html" in done.stderr
    assert "limit" in done.stderr
    assert not (sample_repo / "out" / "CUS-0001.html").exists()


def test_a_template_that_loops_for_ever_is_stopped_at_the_time_limit(
    sample_repo: Path, run_cli: RunCli
) -> None:
    write_template(
        sample_repo,
        "spin.html",
        "{% for i in range(100000) %}{% for j in range(100000) %}"
        "{% for k in range(100000) %}{% endfor %}{% endfor %}{% endfor %}\n",
    )
    result = run_cli(
        sample_repo,
        "render",
        "CUS-0001",
        "--template",
        "spin.html",
        "--format",
        "html",
        "--time-limit",
        "1",
    )
    assert result.exit_code == 1, result.output
    assert "templates/spin.html" in result.stderr
    assert "time limit of 1 s" in result.stderr
    assert "--time-limit" in result.stderr  # says how to raise it


def test_the_output_limit_is_named_and_can_be_raised(sample_repo: Path, run_cli: RunCli) -> None:
    write_template(
        sample_repo, "big.html", "{% for i in range(3000) %}{{ 'z' * 1000 }}{% endfor %}\n"
    )
    small = run_cli(
        sample_repo,
        "render",
        "CUS-0001",
        "--template",
        "big.html",
        "--format",
        "html",
        "--output-limit",
        "1",
    )
    assert small.exit_code == 1, small.output
    assert "templates/big.html" in small.stderr and "--output-limit" in small.stderr
    assert not (sample_repo / "reports" / "CUS-0001.html").exists()

    raised = run_cli(
        sample_repo,
        "render",
        "CUS-0001",
        "--template",
        "big.html",
        "--format",
        "html",
        "--output-limit",
        "4",
    )
    assert raised.exit_code == 0, raised.output
    assert (sample_repo / "reports" / "CUS-0001.html").stat().st_size >= 3_000_000


def test_limits_come_from_the_environment_too(
    sample_repo: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_template(
        sample_repo, "big.html", "{% for i in range(3000) %}{{ 'z' * 1000 }}{% endfor %}\n"
    )
    monkeypatch.setenv("OFFICECTL_RENDER_OUTPUT_LIMIT", "1")
    result = run_cli(
        sample_repo, "render", "CUS-0001", "--template", "big.html", "--format", "html"
    )
    assert result.exit_code == 1 and "output limit of 1 MiB" in result.stderr


def test_ordinary_documents_render_within_the_default_limits(
    sample_repo: Path, run_cli: RunCli
) -> None:
    result = run_cli(sample_repo, "render", "INV-2026-0025", "CON-2026-002", "--format", "html")
    assert result.exit_code == 0, result.output
    assert (sample_repo / "reports" / "INV-2026-0025.html").read_text("utf-8").count(
        "INV-2026-0025"
    ) >= 1
