"""What ``validate`` accepts, every command can handle: amounts whose products would
overflow, numbers with too many decimals and invoices too long to lay out are
problems at their place; dates at the end of the calendar and huge amounts on the
command line are clear messages, never a traceback."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import TODAY, RunCli

DRAFT = "records/invoices/INV-DRAFT-7000.yaml"


def write_draft(root: Path, lines: list[tuple[str, str]]) -> None:
    body = "".join(
        f"  - {{description: L{i}, quantity: {q}, unit_price: {p}, vat_rate: 21}}\n"
        for i, (q, p) in enumerate(lines)
    )
    (root / DRAFT).write_text(
        f"customer: CUS-0002\ncurrency: CZK\nlines:\n{body}status: draft\n", encoding="utf-8"
    )


def problems(run_cli: RunCli, root: Path) -> list[tuple[str, int, str]]:
    result = run_cli(root, "validate", "--format", "json", "--today", TODAY)
    return [(p["path"], p["line"], p["code"]) for p in json.loads(result.stdout)["problems"]]


@pytest.mark.parametrize(
    ("quantity", "price", "code"),
    [
        ("999999999999999", "999999999999999", "amount-too-large"),
        ("99999999", "99999999", "amount-too-large"),
        ("1.1234567", "10", "too-many-decimals"),
        ("1", "0.0000001", "too-many-decimals"),
    ],
)
def test_amounts_that_would_overflow_are_problems_at_the_line(
    sample_repo: Path, run_cli: RunCli, quantity: str, price: str, code: str
) -> None:
    write_draft(sample_repo, [("1", "10"), (quantity, price)])
    assert (DRAFT, 5, code) in problems(run_cli, sample_repo)
    rendered = run_cli(sample_repo, "render", "INV-DRAFT-7000", "--format", "html")
    assert rendered.exit_code == 1 and "INV-DRAFT-7000 has errors" in rendered.stderr


def test_the_largest_accepted_amounts_render_and_export(sample_repo: Path, run_cli: RunCli) -> None:
    quantity, price = Decimal("999.123456"), Decimal("999999999.999999")
    write_draft(sample_repo, [(str(quantity), str(price))])
    assert problems(run_cli, sample_repo) == []
    rendered = run_cli(sample_repo, "render", "INV-DRAFT-7000", "--format", "html")
    assert rendered.exit_code == 0, rendered.output
    net = (quantity * price).quantize(Decimal("0.01"))
    shown = run_cli(sample_repo, "show", "INV-DRAFT-7000", "--format", "json")
    assert shown.exit_code == 0, shown.output
    assert str(net) in shown.stdout


def test_an_invoice_has_at_most_1000_lines(sample_repo: Path, run_cli: RunCli) -> None:
    write_draft(sample_repo, [("1", "1")] * 1001)
    assert (DRAFT, 4, "invoice-too-many-lines") in problems(run_cli, sample_repo)
    write_draft(sample_repo, [("1", "1")] * 1000)
    assert problems(run_cli, sample_repo) == []


def test_a_huge_payment_amount_is_a_usage_error(sample_repo: Path, run_cli: RunCli) -> None:
    result = run_cli(
        sample_repo, "invoice", "pay", "INV-2026-0025", "--amount", "9" * 40, "--date", TODAY
    )
    assert result.exit_code == 2
    assert "too large" in result.stderr


def test_issuing_on_the_last_day_there_is(sample_repo: Path, run_cli: RunCli) -> None:
    result = run_cli(
        sample_repo,
        "invoice",
        "issue",
        "INV-DRAFT-0002",
        "--date",
        "9999-12-31",
        "--today",
        "9999-12-31",
    )
    assert result.exit_code == 2
    assert "9999-12-31" in result.stderr and "payment terms" in result.stderr


@pytest.mark.parametrize("period", ["9999-12", "9999-Q4", "9999"])
def test_recurring_invoices_at_the_end_of_the_calendar(
    sample_repo: Path, run_cli: RunCli, period: str
) -> None:
    result = run_cli(sample_repo, "invoice", "recurring", "--period", period)
    assert result.exit_code == 0, result.output
    assert "9999-12" in result.stdout


def test_a_contract_renewing_at_the_end_of_the_calendar_exports(
    sample_repo: Path, run_cli: RunCli
) -> None:
    contract = sample_repo / "records" / "contracts" / "CON-2026-002.yaml"
    text = contract.read_text("utf-8")
    text = "\n".join(
        line
        for line in text.splitlines()
        if not line.startswith(("end_date:", "auto_renew:", "notice_period_days:"))
    )
    contract.write_text(
        text + "\nend_date: 9999-12-31\nauto_renew: true\nnotice_period_days: 30\n",
        encoding="utf-8",
    )
    result = run_cli(sample_repo, "export", "finance", "--period", "2026-11", "--today", TODAY)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "args",
    [
        ("render", "INV-2026-9999", "--format", "html"),
        ("show", "INV-2026-9999"),
        ("invoice", "pay", "INV-2026-9999", "--amount", "1", "--date", TODAY),
        ("invoice", "issue", "INV-DRAFT-9999"),
        ("deal", "won", "DEAL-9999", "--date", TODAY),
    ],
)
def test_an_unknown_id_is_a_usage_error_in_every_command(
    sample_repo: Path, run_cli: RunCli, args: tuple[str, ...]
) -> None:
    result = run_cli(sample_repo, *args)
    assert result.exit_code == 2, result.output
    assert "9999" in result.stderr


def test_a_payment_is_in_cents(sample_repo: Path, run_cli: RunCli) -> None:
    invoice = sample_repo / "records" / "invoices" / "2026" / "INV-2026-0025.yaml"
    invoice.write_text(
        invoice.read_text("utf-8") + "payments:\n"
        "  - {date: 2026-11-10, amount: 100.10}\n"
        "  - {date: 2026-11-11, amount: 100.123456789012}\n",
        encoding="utf-8",
    )
    found = problems(run_cli, sample_repo)
    path = "records/invoices/2026/INV-2026-0025.yaml"
    assert [p for p in found if p[0] == path] == [(path, 16, "too-many-decimals")]


def test_a_total_over_the_bound_is_a_problem(sample_repo: Path, run_cli: RunCli) -> None:
    write_draft(sample_repo, [("1", "600000000000000"), ("1", "600000000000000")])
    assert problems(run_cli, sample_repo) == [(DRAFT, 4, "amount-too-large")]


def test_an_issued_invoice_at_the_bounds_renders_and_exports(
    sample_repo: Path, run_cli: RunCli
) -> None:
    """Over the EPC QR code's largest amount, the invoice renders without a QR code;
    the journal and the workbook take amounts in the base currency of 10^24."""
    (sample_repo / "records" / "invoices" / "2026" / "INV-2026-0029.yaml").write_text(
        "customer: CUS-0003\ncurrency: EUR\nlines:\n"
        "  - {description: big, quantity: 999.999999, unit_price: 800000000000.123456, "
        "vat_rate: 21}\nstatus: issued\nissue_date: 2026-11-24\ndue_date: 2026-12-08\n"
        "exchange_rate: 999999999.999999\n",
        encoding="utf-8",
    )
    assert problems(run_cli, sample_repo) == []
    for args in (
        ("render", "INV-2026-0029", "--format", "html"),
        ("export", "journal", "--period", "2026-11", "--today", TODAY),
        ("export", "finance", "--period", "2026-11", "--today", TODAY),
        ("report", "receivables", "--today", TODAY),
    ):
        result = run_cli(sample_repo, *args)
        assert result.exit_code == 0, (args, result.output)
    net = (Decimal("999.999999") * Decimal("800000000000.123456")).quantize(Decimal("0.01"))
    total = net + (net * Decimal("0.21")).quantize(Decimal("0.01"))
    shown = run_cli(sample_repo, "show", "CUS-0003", "--format", "json")
    assert str(total) in shown.stdout
