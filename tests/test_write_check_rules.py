"""A write right after a ``validate`` checks its plan with only the repository rules
that read what the plan changes, and decides as a check with every rule does.

officectl.workflows.check takes validate's findings per rule from the cache: a rule
that reads nothing the plan changes finds what it found before, so only its findings
in the files the plan writes are looked at again. These tests hold each write to the
same outcome (written or refused, the same message, the same files after) with the
cache's findings and without them, and count which rules ran.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import TODAY, RunCli, rules_counted

OPEN = "records/invoices/2026/INV-2026-0028.yaml"
"""Issued, unpaid: 6 days at 800.00 EUR, no VAT (reverse charge)."""
OPEN_TOTAL = Decimal("6") * Decimal("800.00")


@pytest.fixture(autouse=True)
def _private_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


def _records(root: Path) -> dict[str, bytes]:
    folder = root / "records"
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


def _both(
    sample_repo: Path, tmp_path: Path, run_cli: RunCli, *args: str, ran: list[str] | None = None
) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    """(exit code, stdout, stderr) of the write right after a ``validate`` (its
    findings in the cache) and on a copy without a cache, each followed by the files
    it leaves being the same. ``ran`` keeps the rules that ran for the first only."""
    uncached = tmp_path / "uncached"
    shutil.copytree(sample_repo, uncached)
    run_cli(sample_repo, "validate", "--today", TODAY)
    if ran is not None:
        ran.clear()
    warm = run_cli(sample_repo, *args)
    counted = list(ran or ())
    cold = run_cli(uncached, *args)
    if ran is not None:
        ran[:] = counted
    assert _records(sample_repo) == _records(uncached)
    return (warm.exit_code, warm.stdout, warm.stderr), (cold.exit_code, cold.stdout, cold.stderr)


def _edit(root: Path, relpath: str, change: Callable[[str], str]) -> None:
    path = root / relpath
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def test_a_payment_checked_by_the_rules_that_read_payments(
    sample_repo: Path, tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran = rules_counted(monkeypatch)
    pay = ("invoice", "pay", "INV-2026-0028", "--amount", "1000.00", "--date", TODAY)
    uncached = tmp_path / "uncached"
    shutil.copytree(sample_repo, uncached)
    run_cli(sample_repo, "validate", "--today", TODAY)
    ran.clear()
    warm = run_cli(sample_repo, *pay)
    assert warm.exit_code == 0, warm.output
    assert set(ran) == {"payments-match"}  # no bank entry named, the status stays
    cold = run_cli(uncached, *pay)
    assert (warm.exit_code, warm.stdout) == (cold.exit_code, cold.stdout)
    assert _records(sample_repo) == _records(uncached)
    left = OPEN_TOTAL - Decimal("1000.00")
    assert f"{left}" in warm.stdout


def test_the_last_payment_also_runs_the_rules_that_read_the_status(
    sample_repo: Path, tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran = rules_counted(monkeypatch)
    pay = ("invoice", "pay", "INV-2026-0028", "--amount", f"{OPEN_TOTAL}", "--date", TODAY)
    warm, cold = _both(sample_repo, tmp_path, run_cli, *pay, ran=ran)
    assert warm == cold and warm[0] == 0
    assert "status: paid" in (sample_repo / OPEN).read_text(encoding="utf-8")
    assert {"payments-match", "credit-notes", "cancellations"} <= set(ran)
    assert "references-resolve" not in ran and "contiguous-numbers" not in ran
    after = run_cli(sample_repo, "validate", "--today", TODAY, "--format", "json")
    assert (
        after.stdout
        == run_cli(
            sample_repo, "validate", "--no-cache", "--format", "json", "--today", TODAY
        ).stdout
    )


def test_an_error_the_plan_does_not_touch_in_a_file_it_writes_still_refuses_it(
    sample_repo: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    """A rule that reads nothing a payment changes (references) keeps its finding, and
    the plan writes that file: refused, as when every rule runs."""
    _edit(sample_repo, OPEN, lambda text: text.replace("customer: CUS-0004", "customer: CUS-0404"))
    pay = ("invoice", "pay", "INV-2026-0028", "--amount", "100.00", "--date", TODAY)
    warm, cold = _both(sample_repo, tmp_path, run_cli, *pay)
    assert warm == cold
    assert warm[0] == 1
    assert f"{OPEN}:1:11: error ref-missing: customer CUS-0404 does not exist" in warm[2]


def _overpay(text: str) -> str:
    return text + f"payments:\n  - date: {TODAY}\n    amount: {OPEN_TOTAL + 1}\n"


def _entry(key: str) -> Callable[[str], str]:
    return lambda text: text + f"payments:\n  - date: {TODAY}\n    amount: 1.00\n    entry: {key}\n"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({OPEN: _overpay}, f"{OPEN}:17:3: error overpaid"),
        (  # the second invoice records the first one's bank entry
            {OPEN: _entry("E-1"), "records/invoices/2026/INV-2026-0025.yaml": _entry("E-1")},
            f"{OPEN}:19:12: error payment-entry-twice",
        ),
        (
            {OPEN: lambda text: text.replace("CUS-0004", "CUS-0404")},
            f"{OPEN}:1:11: error ref-missing",
        ),
        (  # a credit note taking more off its invoice than its total: told elsewhere
            {
                "records/invoices/2026/INV-2026-0031.yaml": lambda text: text.replace(
                    "quantity: -40", "quantity: -4000"
                )
            },
            "records/invoices/2026/INV-2026-0030.yaml:1:1: error credit-note-exceeds",
        ),
        ({OPEN: lambda text: text.replace("EUR", "CZK")}, None),  # a change with no error
    ],
)
def test_a_plan_is_checked_as_with_every_rule(
    sample_repo: Path,
    run_cli: RunCli,
    changes: dict[str, Callable[[str], str]],
    expected: str | None,
) -> None:
    """The errors :func:`check` finds with validate's findings and the rules that read
    what the plan changes are those it finds running every rule."""
    from officectl.atomic import PlannedWrite
    from officectl.config import load_config
    from officectl.reporting.text import line
    from officectl.workflows import WriteBooks, WritePlan, check

    run_cli(sample_repo, "validate", "--today", TODAY)
    day = date.fromisoformat(TODAY)
    books = WriteBooks(load_config(sample_repo), day)
    assert books.findings is not None  # validate's, from the cache
    plan = WritePlan(
        tuple(
            PlannedWrite(path, change((sample_repo / path).read_text(encoding="utf-8")))
            for path, change in changes.items()
        )
    )
    found = check(books, plan, day)
    books.findings = None
    assert found == check(books, plan, day)
    if expected is None:
        assert found == []
    else:
        assert any(line(p).startswith(expected) for p in found), [line(p) for p in found]
