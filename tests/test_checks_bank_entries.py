"""A bank statement entry pays once: the same entry key recorded on two payments (a
statement imported on two branches and merged, a payment block copied by hand) is an
error naming both places, in a full run, a warm run and ``--changed-since``."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from tests.conftest import RunCli, git, issued_invoices

ENTRY = "2026-11-20-000042"


def _open_invoices(root: Path, count: int) -> list[str]:
    """Issued, unpaid, non-credit invoices of the sample (from their text), so that an
    added payment raises no other problem than the one under test."""
    found = []
    for number in issued_invoices(root):
        path = next((root / "records" / "invoices").rglob(f"{number}.yaml"))
        data = yaml.safe_load(path.read_text("utf-8"))
        if (
            data.get("status") == "issued"
            and not data.get("payments")
            and not data.get("credit_note_for")
            and data.get("currency") in {None, "CZK"}
        ):
            found.append(number)
    assert len(found) >= count, "the sample needs open invoices for this test"
    return found[:count]


def _add_payment(root: Path, number: str, amount: str, entry: str) -> Path:
    path = next((root / "records" / "invoices").rglob(f"{number}.yaml"))
    text = path.read_text("utf-8")
    if not text.endswith("\n"):
        text += "\n"
    text += f"payments:\n  - date: 2026-11-20\n    amount: {amount}\n    entry: '{entry}'\n"
    path.write_text(text, "utf-8")
    return path


def _problems(result_output: str) -> list[dict[str, object]]:
    return [p for p in json.loads(result_output)["problems"] if p["code"] == "payment-entry-twice"]


def test_one_entry_on_two_invoices_is_an_error_naming_both(
    sample_repo: Path, run_cli: RunCli
) -> None:
    first, second = _open_invoices(sample_repo, 2)
    _add_payment(sample_repo, first, "10.00", ENTRY)
    clean = run_cli(sample_repo, "validate", "--format", "json", "--today", "2026-11-25")
    assert _problems(clean.stdout) == []

    second_path = _add_payment(sample_repo, second, "10.00", ENTRY)
    result = run_cli(sample_repo, "validate", "--format", "json", "--today", "2026-11-25")
    assert result.exit_code == 1
    [problem] = _problems(result.stdout)
    assert problem["severity"] == "error"
    assert problem["path"] == second_path.relative_to(sample_repo).as_posix()
    lines = second_path.read_text("utf-8").splitlines()
    assert lines[int(problem["line"]) - 1].strip() == f"entry: '{ENTRY}'"  # type: ignore[call-overload]
    assert first in str(problem["message"]) and ENTRY in str(problem["message"])


def test_the_same_entry_twice_on_one_invoice_is_reported(
    sample_repo: Path, run_cli: RunCli
) -> None:
    [number] = _open_invoices(sample_repo, 1)
    path = next((sample_repo / "records" / "invoices").rglob(f"{number}.yaml"))
    text = path.read_text("utf-8").rstrip("\n") + "\n"
    block = f"  - date: 2026-11-20\n    amount: 1.00\n    entry: '{ENTRY}'\n"
    path.write_text(text + "payments:\n" + block + block, "utf-8")
    result = run_cli(sample_repo, "validate", "--format", "json", "--today", "2026-11-25")
    [problem] = _problems(result.stdout)
    assert result.exit_code == 1
    lines = path.read_text("utf-8").splitlines()
    # the second copy is the one reported: the last line of the file
    assert int(problem["line"]) == len(lines)  # type: ignore[call-overload]


def test_warm_run_and_changed_since_see_the_other_invoice(
    sample_repo: Path, run_cli: RunCli
) -> None:
    first, second = _open_invoices(sample_repo, 2)
    _add_payment(sample_repo, first, "10.00", ENTRY)
    git(sample_repo, "commit", "-qam", "a payment from the statement")
    warm = run_cli(sample_repo, "validate", "--format", "json", "--today", "2026-11-25")
    assert _problems(warm.stdout) == []

    _add_payment(sample_repo, second, "10.00", ENTRY)
    warm = run_cli(sample_repo, "validate", "--format", "json", "--today", "2026-11-25")
    cold = run_cli(
        sample_repo, "validate", "--no-cache", "--format", "json", "--today", "2026-11-25"
    )
    assert warm.stdout == cold.stdout
    assert len(_problems(warm.stdout)) == 1
    changed = run_cli(
        sample_repo,
        "validate",
        "--changed-since",
        "HEAD",
        "--format",
        "json",
        "--today",
        "2026-11-25",
    )
    assert changed.exit_code == 1
    assert len(_problems(changed.stdout)) == 1
