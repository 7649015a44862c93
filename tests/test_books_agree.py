"""Every view of the books shows the same figures (issue 12): one balance per invoice
in list, show, report receivables, the workbook's Invoices and Receivables sheets,
the journal and the documents; one conversion to the company's currency in the
documents, the workbook and the journal. Expected figures are recomputed here from
the YAML text with Decimal, never read back from officectl."""

from __future__ import annotations

import html
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from beancount import loader
from beancount.core.data import Transaction
from click.testing import Result

from cases.books import FINNISH_CONFIG
from conftest import TODAY, RunCli, make_repo
from export_helpers import expected_invoices, raw_rows

CENT = Decimal("0.01")


def half_up(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.stdout


# -- one balance in every view -----------------------------------------------------


def _list_balances(run_cli: RunCli, root: Path) -> dict[str, Decimal]:
    rows = json.loads(
        ok(run_cli(root, "list", "invoices", "--format", "json", "--columns", "id,balance"))
    )
    return {row["id"]: Decimal(str(row["balance"])) for row in rows}


def _show_balances(run_cli: RunCli, root: Path, customers: set[str]) -> dict[str, Decimal]:
    found: dict[str, Decimal] = {}
    for customer in sorted(customers):
        shown = json.loads(ok(run_cli(root, "show", customer, "--format", "json")))
        for row in shown["invoice_balances"]:
            found[row["id"]] = Decimal(str(row["balance"]))
    return found


def _receivables_report(run_cli: RunCli, root: Path) -> dict[str, Decimal]:
    report = json.loads(
        ok(run_cli(root, "report", "receivables", "--today", TODAY, "--format", "json"))
    )
    return {item["id"]: Decimal(str(item["balance"])) for item in report["invoices"]}


def _sheet(workbook: Path, sheet: str, column: str) -> dict[str, Decimal]:
    return {
        row["Invoice"].text: Decimal(row[column].text)
        for row in raw_rows(workbook, sheet)
        if row and row["Invoice"].text.startswith("INV-")
    }


def _journal_balances(path: Path, notes: dict[str, str]) -> dict[str, Decimal]:
    """Per invoice, what its transactions leave on the receivable (a credit note's go
    to the invoice it corrects)."""
    entries, errors, _ = loader.load_file(str(path))
    assert errors == []
    found: dict[str, Decimal] = {}
    for entry in entries:
        if not isinstance(entry, Transaction) or "invoice" not in entry.meta:
            continue
        invoice = notes.get(entry.meta["invoice"], entry.meta["invoice"])
        for posting in entry.postings:
            if posting.account.startswith("Assets:Receivable:"):
                found[invoice] = found.get(invoice, Decimal(0)) + posting.units.number
    return found


_DUE = re.compile(r'class="due-amount">([^<]*)<')


def _document_amounts(run_cli: RunCli, root: Path) -> dict[str, str]:
    """Per invoice document, the amount printed as due (or to refund), as printed."""
    out = root / "docs-out"
    ok(run_cli(root, "render", "--all", "invoices", "--format", "html", "-o", str(out)))
    found = {}
    for page in out.glob("INV-*.html"):
        match = _DUE.search(page.read_text("utf-8"))
        found[page.stem] = html.unescape(match[1]) if match else ""
    return found


def _printed(amount: Decimal) -> str:
    """An amount as cs_CZ prints it, without its currency: 12 345,50."""
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return sign + "\u00a0".join(groups) + "," + cents


REFUND_DUE = """\
customer: CUS-0007
currency: EUR
lines:
  - description: "Storno: Analytics dashboard setup (Looker Studio)"
    quantity: -4.5
    unit: day
    unit_price: 700.00
    vat_rate: 0
status: issued
issue_date: 2026-11-25
due_date: 2026-11-25
credit_note_for: INV-2026-0017
reverse_charge: true
exchange_rate: 24.480
"""
"""A credit note of 3,150.00 EUR on INV-2026-0017 (3,265.63, of which 1,500.00 paid):
the customer is owed 1,384.37 until it is refunded."""


def _next_number(root: Path, year: int) -> str:
    numbers = [
        int(p.stem.rsplit("-", 1)[1])
        for p in (root / "records/invoices").rglob(f"INV-{year}-*.yaml")
    ]
    return f"INV-{year}-{max(numbers) + 1:04d}"


@pytest.mark.parametrize("variant", ["sample", "refund due"])
def test_every_view_shows_the_same_balance_for_every_invoice(
    tmp_path: Path, run_cli: RunCli, variant: str
) -> None:
    root = make_repo(tmp_path / "books")
    if variant == "refund due":
        number = _next_number(root, 2026)
        (root / f"records/invoices/2026/{number}.yaml").write_text(REFUND_DUE, "utf-8")
    expected = expected_invoices(root)
    balances = {i: e.balance for i, e in expected.items() if "credit_note_for" not in e.data}
    notes = {
        i: e.data["credit_note_for"] for i, e in expected.items() if "credit_note_for" in e.data
    }
    open_ = {i: b for i, b in balances.items() if b}
    if variant == "refund due":
        assert balances["INV-2026-0017"] < 0

    listed = _list_balances(run_cli, root)
    assert {i: listed[i] for i in balances} == balances
    assert all(listed[i] == 0 for i in notes)
    customers = {e.data["customer"] for e in expected.values()}
    shown = _show_balances(run_cli, root, customers)
    assert {i: shown[i] for i in balances} == balances
    assert _receivables_report(run_cli, root) == open_

    workbook = Path(
        ok(
            run_cli(
                root, "export", "finance", "--from", "2000-01-01", "--to", TODAY, "--today", TODAY
            )
        ).strip()
    )
    invoices_sheet = _sheet(workbook, "Invoices", "Balance")
    assert {i: invoices_sheet[i] for i in balances} == balances
    assert _sheet(workbook, "Receivables", "Balance") == open_

    journal = Path(
        ok(
            run_cli(
                root, "export", "journal", "--from", "2000-01-01", "--to", TODAY, "--today", TODAY
            )
        ).strip()
    )
    booked = _journal_balances(journal, notes)
    assert {i: booked.get(i, Decimal(0)) for i in balances} == balances

    printed = _document_amounts(run_cli, root)
    for invoice, balance in balances.items():
        if balance > 0:
            assert printed[invoice].startswith(_printed(balance)), invoice
        elif balance < 0:
            assert printed[invoice].startswith(_printed(-balance)), invoice
        else:
            assert printed[invoice] == "", invoice
    if variant == "refund due":  # the credit note says what the customer is owed
        page = (root / "docs-out" / f"{number}.html").read_text("utf-8")
        owed = _printed(-balances["INV-2026-0017"])
        assert f'class="refund-due">{owed}' in html.unescape(page)
        assert "K vrácení zákazníkovi" in page


# -- one conversion to the company's currency --------------------------------------

SEK_CUSTOMER = """\
name: Anna Svensson
country: SE
type: person
"""
SEK_INVOICE = """\
customer: CUS-0001
currency: SEK
lines:
  - description: Konsultation
    quantity: 1
    unit_price: 3331.55
    vat_rate: 25.5
status: issued
issue_date: 2026-11-10
due_date: 2026-11-24
exchange_rate: 0.0877
"""


def test_one_conversion_rule_for_a_finnish_sek_invoice(tmp_path: Path, run_cli: RunCli) -> None:
    """Issue 12: the PDF said 366,69 € and the workbook 366.68. The base-currency total
    is the sum of the converted parts (each rate's base and VAT × rate, half up), so
    net + VAT = total in the company's currency too; every view uses it."""
    root = tmp_path / "books"
    (root / "records/customers").mkdir(parents=True)
    (root / "records/invoices").mkdir()
    (root / "officectl.yaml").write_text(FINNISH_CONFIG, "utf-8")
    (root / "records/customers/CUS-0001.yaml").write_text(SEK_CUSTOMER, "utf-8")
    (root / "records/invoices/INV-2026-0001.yaml").write_text(SEK_INVOICE, "utf-8")
    rate, net = Decimal("0.0877"), half_up(Decimal(1) * Decimal("3331.55"))
    vat = half_up(net * Decimal("25.5") / 100)
    net_eur, vat_eur = half_up(net * rate), half_up(vat * rate)
    total_eur = net_eur + vat_eur
    assert total_eur != half_up((net + vat) * rate)  # the case where the two rules differ
    ok(run_cli(root, "validate", "--strict", "--today", TODAY))

    workbook = Path(
        ok(run_cli(root, "export", "finance", "--period", "2026", "--today", TODAY)).strip()
    )
    row = next(r for r in raw_rows(workbook, "Invoices") if r["Invoice"].text == "INV-2026-0001")
    assert (
        Decimal(row["Net (base)"].text),
        Decimal(row["VAT (base)"].text),
        Decimal(row["Total (base)"].text),
    ) == (net_eur, vat_eur, total_eur)
    assert _sheet(workbook, "Receivables", "Balance (base)") == {"INV-2026-0001": total_eur}

    ok(run_cli(root, "render", "INV-2026-0001", "--format", "html", "-o", str(root / "out")))
    page = html.unescape((root / "out/INV-2026-0001.html").read_text("utf-8"))
    for amount in (net_eur, vat_eur, total_eur):
        assert f"{_printed(amount)}\u00a0€" in page

    journal = ok(
        run_cli(root, "export", "journal", "--period", "2026", "--today", TODAY, "-o", "-")
    )
    (tmp_path / "j.beancount").write_text(journal, "utf-8")
    entries, errors, _ = loader.load_file(str(tmp_path / "j.beancount"))
    assert errors == []
    vat_postings = [
        p
        for e in entries
        if isinstance(e, Transaction)
        for p in e.postings
        if p.account.startswith("Liabilities:VAT")
    ]
    assert [(p.units.number, p.units.currency) for p in vat_postings] == [(-vat_eur, "EUR")]
