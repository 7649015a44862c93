"""``officectl export journal``: beancount's own checker accepts it, and its receivables
agree with the workbook's open balances to the cent."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from beancount import loader
from beancount.core.data import Open, Transaction
from click.testing import CliRunner

from conftest import TODAY, RunCli, make_repo, next_invoice
from export_helpers import expected_invoices, raw_rows
from officectl.cli import cli
from officectl.exports.accounts import DEFAULTS, Accounts

Balances = dict[tuple[str, str], Decimal]
CENT = Decimal("0.01")


def run(root: Path, command: str, *args: str) -> Path:
    result = CliRunner().invoke(
        cli, ["-C", str(root), "export", command, "--today", TODAY, *args], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip())


def balances(path: Path) -> tuple[list[object], Balances]:
    entries, errors, _ = loader.load_file(str(path))
    assert errors == [], errors
    sums: Balances = {}
    for entry in entries:
        if isinstance(entry, Transaction):
            for posting in entry.postings:
                key = (posting.account, posting.units.currency)
                sums[key] = sums.get(key, Decimal(0)) + posting.units.number
    return entries, sums


def workbook_open_balances(path: Path) -> Balances:
    sums: Balances = {}
    for row in raw_rows(path, "Receivables"):
        if row and row["Invoice"].text.startswith("INV-"):
            key = (row["Customer"].text, row["Currency"].text)
            sums[key] = sums.get(key, Decimal(0)) + Decimal(row["Balance"].text)
    return sums


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_repo(tmp_path_factory.mktemp("journal") / "books")


@pytest.mark.parametrize("period", ["2026", "2026-Q4", "2026-11"])
def test_receivables_equal_the_workbooks_open_balances(sample: Path, period: str) -> None:
    journal = run(sample, "journal", "--period", period)
    assert journal == sample / "reports" / f"journal-{period}.beancount"
    _, sums = balances(journal)
    receivable = {
        (account.split(":")[-1], currency): amount
        for (account, currency), amount in sums.items()
        if account.startswith("Assets:Receivable:") and amount
    }
    workbook = run(sample, "finance", "--period", period)
    assert receivable == workbook_open_balances(workbook)
    assert receivable[("CUS-0001", "CZK")] == Decimal("89460.00")


def in_czk(amount: Decimal, rate: Decimal | None) -> Decimal:
    return amount if rate is None else (amount * rate).quantize(CENT, ROUND_HALF_UP)


def test_revenue_and_vat_of_the_period_match_the_invoices(sample: Path) -> None:
    entries, sums = balances(run(sample, "journal", "--period", "2026-Q4"))
    expected = [
        e
        for e in expected_invoices(sample).values()
        if e.supply.year == 2026 and e.supply.month >= 10
    ]
    for currency in ("CZK", "EUR"):
        nets = sum((e.net for e in expected if e.data["currency"] == currency), Decimal(0))
        assert -sums["Income:Sales", currency] == nets
    for rate in (21, 12):  # VAT is owed in CZK: a EUR invoice's at its own rate
        vat = sum(
            (
                in_czk(e.by_rate[Decimal(rate)][1], e.rate)
                for e in expected
                if Decimal(rate) in e.by_rate
            ),
            Decimal(0),
        )
        assert -sums[f"Liabilities:VAT:{rate}", "CZK"] == vat
        assert ("Liabilities:VAT:{rate}", "EUR") not in sums
    # the catering's 12 % VAT (352.80), less the credit note's reversal (117.60)
    assert -sums["Liabilities:VAT:12", "CZK"] == Decimal("235.20")
    credit = next(
        e
        for e in entries
        if isinstance(e, Transaction) and e.narration.startswith("Credit note INV-2026-0026")
    )
    assert {"INV-2026-0026", "INV-2026-0024"} <= set(credit.links)
    assert any(type(e).__name__ == "Price" for e in entries)
    opened = {e.account for e in entries if isinstance(e, Open)}
    assert {"Assets:Bank", "Income:Sales", "Equity:Opening-Balances"} <= opened


def test_bean_check_command_accepts_the_journal(sample: Path) -> None:
    journal = run(sample, "journal", "--period", "2026")
    bean_check = shutil.which("bean-check") or str(
        Path(__import__("sys").executable).parent / "bean-check"
    )
    done = subprocess.run([bean_check, str(journal)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_account_names_come_from_the_configuration(tmp_path: Path, run_cli: RunCli) -> None:
    root = make_repo(tmp_path / "books", with_git=False)
    config = root / "officectl.yaml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + (
            "accounts:\n"
            "  receivable: 'Assets:Pohledávky:{currency}:{customer}'\n"
            "  bank: 'Assets:Banka:{currency}'\n"
            "  vat: 'Liabilities:DPH:{rate}'\n"
            "  revenue: 'Income:Tržby:{rate}'\n"
        ),
        encoding="utf-8",
    )
    result = run_cli(root, "export", "journal", "--period", "2026", "--today", TODAY, "-o", "-")
    assert result.exit_code == 0, result.output
    (tmp_path / "j.beancount").write_text(result.stdout, encoding="utf-8")
    _, sums = balances(tmp_path / "j.beancount")
    assert sums["Assets:Pohledávky:CZK:CUS-0001", "CZK"] == Decimal("89460.00")
    assert ("Liabilities:DPH:21", "CZK") in sums and ("Income:Tržby:0", "EUR") in sums
    assert not (root / "reports").exists()


@pytest.mark.parametrize(
    ("accounts", "message"),
    [
        ("  receivables: Assets:X\n", "unknown account role 'receivables'"),
        ("  bank: 'Assets:Bank:{customer}'\n", "unknown placeholder {customer}"),
        ("  revenue: 'Sales:Services'\n", "not a beancount account name"),
        ("  vat: 'Liabilities:vat:{rate}'\n", "not a beancount account name"),
        ("  bank: [Assets]\n", "must be a text"),
    ],
)
def test_bad_account_configuration_is_a_usage_error(
    tmp_path: Path, run_cli: RunCli, accounts: str, message: str
) -> None:
    root = make_repo(tmp_path / "books", with_git=False)
    config = root / "officectl.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "accounts:\n" + accounts, encoding="utf-8"
    )
    result = run_cli(root, "export", "journal", "--today", TODAY)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_fractional_vat_rates_make_valid_account_names() -> None:
    accounts = Accounts(DEFAULTS)
    assert accounts.name("vat", rate=Decimal("13.5"), currency="EUR") == "Liabilities:VAT:13-5"
    assert accounts.name("vat", rate=Decimal("21.00"), currency="EUR") == "Liabilities:VAT:21"
    assert accounts.name("vat", rate=Decimal("0"), currency="EUR") == "Liabilities:VAT:0"


# -- issue 12, items 7 and 8 ---------------------------------------------------------

EURO_VAT_INVOICE = """\
customer: CUS-0003
currency: EUR
lines:
  - description: Workshop facilitation
    quantity: 3
    unit: day
    unit_price: 733.33
    vat_rate: 21
  - description: Printed materials
    quantity: 7
    unit: pcs
    unit_price: 12.35
    vat_rate: 21
status: issued
issue_date: 2026-11-25
due_date: 2026-12-09
exchange_rate: 24.305
"""


def _load(text: str, tmp_path: Path) -> tuple[list[object], Balances]:
    path = tmp_path / "journal.beancount"
    path.write_text(text, encoding="utf-8")
    return balances(path)


def test_foreign_currency_vat_is_a_liability_in_the_base_currency(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """Art. 230, CZ § 37, FI AVL 209 e §: the VAT owed is in the company's currency, at
    the invoice's rate; the journal must not hold it in EUR to be revalued later."""
    root = make_repo(tmp_path / "books", with_git=False)
    number = next_invoice(root)
    (root / f"records/invoices/2026/{number}.yaml").write_text(EURO_VAT_INVOICE, "utf-8")
    result = run_cli(root, "export", "journal", "--period", "2026-11", "--today", TODAY, "-o", "-")
    assert result.exit_code == 0, result.output
    entries, sums = _load(result.stdout, tmp_path)
    nets = [
        (Decimal(3) * Decimal("733.33")).quantize(CENT, ROUND_HALF_UP),
        (Decimal(7) * Decimal("12.35")).quantize(CENT, ROUND_HALF_UP),
    ]
    vat = (sum(nets, Decimal(0)) * Decimal(21) / 100).quantize(CENT, ROUND_HALF_UP)
    vat_czk = (vat * Decimal("24.305")).quantize(CENT, ROUND_HALF_UP)
    booked = next(
        e for e in entries if isinstance(e, Transaction) and e.narration == f"Invoice {number}"
    )
    postings = {(p.account, p.units.currency): p for p in booked.postings}
    assert ("Liabilities:VAT:21", "EUR") not in postings
    assert postings["Liabilities:VAT:21", "CZK"].units.number == -vat_czk
    assert postings["Assets:Receivable:CUS-0003", "EUR"].units.number == sum(nets) + vat
    assert ("Liabilities:VAT:21", "EUR") not in sums
    bean_check = shutil.which("bean-check") or str(
        Path(__import__("sys").executable).parent / "bean-check"
    )
    done = subprocess.run(
        [bean_check, str(tmp_path / "journal.beancount")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_journal_is_as_of_today(tmp_path: Path, run_cli: RunCli) -> None:
    """A payment and an invoice dated after --today are not booked yet, and the header
    says which --today made the file."""
    root = make_repo(tmp_path / "books", with_git=False)
    path = root / "records/invoices/2026/INV-2026-0021.yaml"
    path.write_text(
        path.read_text("utf-8").replace(
            "    reference: VS 20260021, částečná úhrada\n",
            "    reference: VS 20260021, částečná úhrada\n"
            "  - date: 2026-11-30\n    amount: 1000.00\n",
        ),
        "utf-8",
    )
    result = run_cli(root, "export", "journal", "--period", "2026", "--today", TODAY, "-o", "-")
    assert result.exit_code == 0, result.output
    assert f"; Command: officectl export journal --period 2026 --today {TODAY}\n" in (result.stdout)
    entries, sums = _load(result.stdout, tmp_path)
    assert all(e.date <= date.fromisoformat(TODAY) for e in entries if isinstance(e, Transaction))
    owed = Decimal(3) * Decimal("42000.00") * Decimal("1.21") - Decimal("63000.00")
    assert sums["Assets:Receivable:CUS-0001", "CZK"] == owed
    later = run_cli(
        root, "export", "journal", "--period", "2026", "--today", "2026-12-01", "-o", "-"
    )
    _, after = _load(later.stdout, tmp_path)
    assert after["Assets:Receivable:CUS-0001", "CZK"] == owed - Decimal("1000.00")
