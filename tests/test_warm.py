"""A warm ``validate`` with nothing changed is answered from the cache before the
command line (click, the schema, the checks, PyYAML) loads, and prints exactly what a
cold run prints; anything changed or unusual goes the full way."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import TODAY, RunCli
from officectl import journal, warm
from officectl.launch import quick_validate

BROKEN = "records/invoices/2026/INV-2026-0999.yaml"
"""An issued invoice of a customer that does not exist (ref-missing, a repository rule)
with an unknown field (a problem of the file itself)."""

PROBE = """\
import sys
from officectl.launch import quick_validate
code = quick_validate(sys.argv[1:])
sys.stdout.flush()
heavy = ("click", "yaml", "dataclasses", "officectl.problems", "officectl.checks")
print(code, any(name in sys.modules for name in heavy), file=sys.stderr)
"""
"""Runs the console script's warm path alone, and says what it loaded."""


@pytest.fixture
def books(sample_repo: Path) -> Path:
    (sample_repo / BROKEN).write_text(
        "customer: CUS-0404\ncurrency: CZK\nstatus: issued\nissue_date: 2026-03-01\n"
        "due_date: 2026-03-15\ncolour: blue\nlines:\n  - {description: X, quantity: 1, "
        "unit_price: 10, vat_rate: 21}\n",
        encoding="utf-8",
    )
    _age(sample_repo)
    return sample_repo


def _age(root: Path) -> None:
    """Every file modified a minute ago: a file changed within the last two seconds is
    racy (its stat key proves nothing) and is read again, never answered warm."""
    past = time.time() - 60
    for path in [root / "officectl.yaml", *(root / "records").rglob("*")]:
        os.utime(path, (past, past))


def _probe(root: Path, *args: str) -> tuple[str, str]:
    """(stdout, "code heavy-loaded") of the warm path in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "-C", str(root), "validate", "--today", TODAY, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout, done.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("output", ["text", "json", "github"])
def test_a_warm_run_prints_the_cold_output_before_the_command_line_loads(
    books: Path, run_cli: RunCli, output: str
) -> None:
    cold = run_cli(books, "validate", "--today", TODAY, "--format", output, "--no-cache")
    assert cold.exit_code == 1 and "ref-missing" in cold.stdout and "unknown-field" in cold.stdout
    assert _probe(books, "--format", output)[1].startswith("None")  # no cache yet
    run_cli(books, "validate", "--today", TODAY)  # leaves its findings
    stdout, loaded = _probe(books, "--format", output)
    assert stdout == cold.stdout
    assert loaded == "1 False"  # exit code 1; no click, PyYAML, dataclass or check imported


def test_the_warm_answer_keeps_the_exit_code_and_the_summary(books: Path, run_cli: RunCli) -> None:
    (books / BROKEN).unlink()  # no errors left; the sample has no warnings
    _age(books)
    run_cli(books, "validate", "--today", TODAY)
    done = subprocess.run(
        [sys.executable, "-m", "officectl", "-C", str(books), "validate", "--today", TODAY],
        capture_output=True,
        text=True,
        timeout=120,
    )
    cold = run_cli(books, "validate", "--today", TODAY, "--no-cache")
    assert (done.returncode, done.stdout) == (0, cold.stdout)
    assert done.stderr == cold.stderr


def test_any_change_goes_the_full_way(books: Path, run_cli: RunCli) -> None:
    run_cli(books, "validate", "--today", TODAY)
    assert _probe(books)[1].startswith("1 ")
    customer = next((books / "records" / "customers").glob("*.yaml"))
    customer.write_text(customer.read_text(encoding="utf-8") + "notes: edited\n", "utf-8")
    assert _probe(books) == ("", "None False")  # printed nothing: the CLI runs
    _age(books)
    run_cli(books, "validate", "--today", TODAY)
    assert _probe(books)[1].startswith("1 ")
    assert _probe(books, "--today", "2026-11-26")[1].startswith("None")  # another date
    (books / BROKEN).unlink()
    assert _probe(books)[1].startswith("None")  # a file deleted
    journal_file = books / warm.JOURNAL_FILE
    run_cli(books, "validate", "--today", TODAY)
    journal_file.parent.mkdir(exist_ok=True)
    journal_file.write_text("[]", encoding="utf-8")
    assert _probe(books)[1].startswith("None")  # an interrupted change is reported


def test_the_journal_file_is_the_one_the_journal_writes() -> None:
    assert warm.JOURNAL_FILE == journal.JOURNAL_FILE


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--no-cache"],
        ["validate", "records/invoices"],
        ["validate", "--einvoice"],
        ["validate", "--changed-since", "HEAD"],
        ["validate", "--today", "2026-13-01"],
        ["validate", "--today"],
        ["validate", "--today", "--strict"],
        ["validate", "--format", "xml"],
        ["validate", "--help"],
        ["--root", "validate"],
        ["-C", "--strict", "validate"],
        ["list", "invoices"],
        [],
    ],
)
def test_other_forms_are_left_to_the_command_line(
    books: Path,
    run_cli: RunCli,
    args: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run_cli(books, "validate", "--today", TODAY)
    monkeypatch.chdir(books)
    assert quick_validate(["validate", "--today", TODAY]) == 1  # the plain form is answered
    capsys.readouterr()
    assert quick_validate(args) is None
    assert capsys.readouterr() == ("", "")


def test_a_warm_answer_that_does_not_hold_lists_and_stats_the_files_once(
    books: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from officectl import validation

    run_cli(books, "validate", "--today", TODAY)
    invoice = books / BROKEN
    invoice.write_text(invoice.read_text(encoding="utf-8").replace("CUS-0404", "CUS-0405"), "utf-8")
    cold = run_cli(books, "validate", "--today", TODAY, "--no-cache")

    def refuse(*args: object) -> object:
        raise AssertionError("the files were listed or stated a second time")

    monkeypatch.setattr(validation, "discover", refuse)
    monkeypatch.setattr(validation, "stat_keys", refuse)
    warm_run = run_cli(books, "validate", "--today", TODAY)
    assert (warm_run.exit_code, warm_run.stdout) == (cold.exit_code, cold.stdout)
    assert "CUS-0405" in warm_run.stdout


def test_the_warm_answer_keeps_strict_apart_from_warnings(
    books: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    (books / BROKEN).unlink()
    first, second = sorted((books / "records" / "customers").glob("*.yaml"))[:2]
    vat_id = next(
        line
        for line in first.read_text(encoding="utf-8").splitlines()
        if line.startswith("vat_id:")
    )
    text = second.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("vat_id:")]
    second.write_text("\n".join([*lines, vat_id]) + "\n", encoding="utf-8")  # a warning
    _age(books)
    cold = run_cli(books, "validate", "--today", TODAY, "--no-cache")
    strict = run_cli(books, "validate", "--today", TODAY, "--no-cache", "--strict")
    assert "duplicate-vat-id" in cold.stdout and (cold.exit_code, strict.exit_code) == (0, 1)
    run_cli(books, "validate", "--today", TODAY)
    assert _probe(books)[1] == "0 False"
    assert _probe(books, "--strict")[1] == "1 False"


LIBRARY_PROBE = """\
import sys
from officectl.launch import library_validate, quick_validate
args = sys.argv[1:]
code = quick_validate(args)
if code is None:
    code = library_validate(args)
sys.stdout.flush()
print(code, "click" in sys.modules, file=sys.stderr)
"""


@pytest.mark.parametrize("output", ["text", "json", "github"])
def test_a_changed_file_is_validated_without_the_command_line_framework(
    books: Path, run_cli: RunCli, output: str
) -> None:
    run_cli(books, "validate", "--today", TODAY)
    invoice = books / BROKEN
    invoice.write_text(invoice.read_text(encoding="utf-8").replace("CUS-0404", "CUS-0405"), "utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            LIBRARY_PROBE,
            "-C",
            str(books),
            "validate",
            "--today",
            TODAY,
            "--format",
            output,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    cold = run_cli(books, "validate", "--today", TODAY, "--format", output, "--no-cache")
    assert done.stdout == cold.stdout and "CUS-0405" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "1 False"  # exit code 1, no click
    if output == "text":
        assert done.stderr.splitlines()[0] == cold.stderr.strip()


@pytest.mark.parametrize("output", ["text", "json"])
def test_a_run_without_the_cache_goes_without_the_command_line_framework(
    books: Path, run_cli: RunCli, output: str
) -> None:
    """``validate --no-cache`` prints what the command prints, without loading click,
    and neither reads nor writes the cache."""
    args = ["-C", str(books), "validate", "--today", TODAY, "--format", output, "--no-cache"]
    done = subprocess.run(
        [sys.executable, "-c", LIBRARY_PROBE, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    cold = run_cli(books, *args[2:])
    assert done.stdout == cold.stdout and "ref-missing" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "1 False"  # exit code 1, no click
    if output == "text":
        assert done.stderr.splitlines()[0] == cold.stderr.strip()
    assert not (books / ".officectl-cache").exists()


def test_a_bad_configuration_is_left_to_the_command_line(books: Path) -> None:
    from officectl.launch import library_validate

    (books / "officectl.yaml").write_text("currency: [\n", encoding="utf-8")
    assert library_validate(["-C", str(books), "validate"]) is None
    done = subprocess.run(
        [sys.executable, "-m", "officectl", "-C", str(books), "validate"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and "officectl.yaml" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_terminal_that_is_not_utf8_is_left_to_the_command_line(
    books: Path, run_cli: RunCli
) -> None:
    """click writes UTF-8 even to a stream the locale made ASCII; the warm answer
    would not, so it leaves such a run to the command line."""
    run_cli(books, "validate", "--today", TODAY)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "-C", str(books), "validate", "--today", TODAY],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    assert done.stdout == "" and done.stderr.strip().endswith("None False")
    script = subprocess.run(
        [sys.executable, "-m", "officectl", "-C", str(books), "validate", "--today", TODAY],
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    cold = run_cli(books, "validate", "--today", TODAY, "--no-cache")
    assert script.returncode == cold.exit_code == 1
    assert script.stdout.decode("utf-8") == cold.stdout
