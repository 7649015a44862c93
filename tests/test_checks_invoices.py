"""Invoice rules that look at one invoice: dates, lines, VAT rates (flat and dated), the
number's year, drafts, totals' signs and the exchange rate of a foreign currency."""

from __future__ import annotations

from pathlib import Path

import pytest

from cases.books import CONFIG, FINNISH_CONFIG, INVOICE, BooksCase

AT_LINES = INVOICE.replace("  - description", "  »- description")
"""The invoice with a marker on its lines (where a problem of the total is reported)."""


@pytest.fixture
def books(tmp_path: Path) -> BooksCase:
    return BooksCase(tmp_path / "books")


def test_due_date_before_issue_date(books: BooksCase) -> None:
    path = books.add(
        "invoices/INV-2026-0001", INVOICE.replace("due_date: 2026-01-19", "due_date: »2026-01-04")
    )
    assert books.problems() == [books.at(path, "error", "date-order")]


def test_due_on_the_issue_date(books: BooksCase) -> None:
    books.add("invoices/INV-2026-0001", INVOICE.replace("2026-01-19", "2026-01-05"))
    assert books.problems() == []


@pytest.mark.parametrize(
    ("period", "code"),
    [("2026-02-30..2026-03-31", "invalid-date"), ("2026-03-31..2026-03-01", "date-order")],
)
def test_a_billing_period_is_two_real_dates_in_order(
    books: BooksCase, period: str, code: str
) -> None:
    path = books.add("invoices/INV-2026-0001", INVOICE + f"billing_period: »{period}\n")
    assert books.problems() == [books.at(path, "error", code)]


def test_a_billing_period_of_two_dates(books: BooksCase) -> None:
    books.add("invoices/INV-2026-0001", INVOICE + "billing_period: 2026-01-01..2026-01-31\n")
    assert books.problems() == []


def test_at_least_one_line(books: BooksCase) -> None:
    text = (
        INVOICE.split("lines:")[0]
        + "lines: »[]\nstatus: issued\n"
        + INVOICE.split("status: issued\n")[1]
    )
    path = books.add("invoices/INV-2026-0001", text)
    assert books.problems() == [books.at(path, "error", "invoice-no-lines")]


def test_a_line_that_is_not_a_mapping_is_its_only_problem(books: BooksCase) -> None:
    text = (
        INVOICE.split("lines:")[0]
        + "lines: [»consulting]\nstatus: issued\n"
        + INVOICE.split("status: issued\n")[1]
    )
    path = books.add("invoices/INV-2026-0001", text)
    assert books.problems() == [books.at(path, "error", "invalid-type")]


def test_vat_rate_not_in_vat_rates(books: BooksCase) -> None:
    path = books.add("invoices/INV-2026-0001", INVOICE.replace("vat_rate: 21", "vat_rate: »15"))
    assert books.problems() == [books.at(path, "error", "vat-rate-not-allowed")]
    assert books.messages() == [
        "vat_rate 15 is not allowed (allowed: 0, 12, 21; see vat_rates in officectl.yaml)"
    ]  # rates without dates


@pytest.mark.parametrize("rate", ["12", "0", "21.0", "21.00"])
def test_vat_rate_in_vat_rates(books: BooksCase, rate: str) -> None:
    exempt = "\n    vat_exemption: VATEX-EU-O" if rate == "0" else ""  # tests/test_checks_vat.py
    books.add(
        "invoices/INV-2026-0001", INVOICE.replace("vat_rate: 21", f"vat_rate: {rate}{exempt}")
    )
    assert books.problems() == []


# -- Finland's VAT rates, each from the date it applies ----------------------------

FINNISH_INVOICE = """\
customer: CUS-0002
currency: EUR
lines:
  - description: Konsultointi
    quantity: 1
    unit_price: 100.00
    vat_rate: »{rate}
status: issued
issue_date: {day}
due_date: 2026-12-31
"""
FINNISH_CUSTOMER = "name: Malli Kauppa Oy\ncountry: FI\nvat_id: FI27182828\n"
"""A domestic customer: Finnish VAT charged to a Czech business would be a warning
(vat-charged-eu-business, tests/test_checks_vat.py)."""


def finnish(books: BooksCase) -> None:
    books.config(FINNISH_CONFIG)
    books.add("customers/CUS-0002", FINNISH_CUSTOMER)


@pytest.mark.parametrize(
    ("rate", "day", "allowed"),
    [
        ("24", "2024-08-31", True),
        ("24", "2024-09-01", False),
        ("25.5", "2024-09-01", True),
        ("25.5", "2024-08-31", False),
        ("14", "2025-01-01", True),
        ("14", "2025-12-31", True),
        ("14", "2026-01-01", False),
        ("14", "2024-12-31", False),
        ("13.5", "2026-01-01", True),
        ("13.5", "2025-12-31", False),
        ("10", "2020-01-01", True),
        ("0", "2026-06-30", True),
        ("12", "2026-06-30", False),
    ],
)
def test_dated_vat_rates(books: BooksCase, rate: str, day: str, allowed: bool) -> None:
    finnish(books)
    text = FINNISH_INVOICE.format(rate=rate, day=day)
    if rate == "0":
        text = text.replace("vat_rate: »0", "vat_rate: »0\n    vat_exemption: VATEX-EU-O")
    path = books.add(f"invoices/INV-{day[:4]}-0001", text)
    expected = [] if allowed else [books.at(path, "error", "vat-rate-not-allowed")]
    assert books.problems() == expected


def test_the_taxable_supply_date_decides_the_rate(books: BooksCase) -> None:
    finnish(books)
    text = FINNISH_INVOICE.format(rate="24", day="2024-09-05")
    books.add("invoices/INV-2024-0001", text + "taxable_supply_date: 2024-08-30\n")
    assert books.problems() == []
    path = books.add(
        "invoices/INV-2024-0001",
        FINNISH_INVOICE.format(rate="25.5", day="2024-09-05") + "taxable_supply_date: 2024-08-30\n",
    )
    assert books.problems() == [books.at(path, "error", "vat-rate-not-allowed")]
    assert books.messages() == [
        "vat_rate 25.5 is not allowed on 2024-08-30 (allowed: 0, 10, 24; "
        "see vat_rates in officectl.yaml)"
    ]


def test_a_draft_without_dates_may_use_any_configured_rate(books: BooksCase) -> None:
    finnish(books)
    draft = FINNISH_INVOICE.format(rate="25.5", day="x").replace("status: issued", "status: draft")
    books.add("invoices/INV-DRAFT-0001", draft.split("issue_date")[0])
    assert books.problems() == []
    path = books.add(
        "invoices/INV-DRAFT-0001",
        FINNISH_INVOICE.format(rate="99", day="x")
        .replace("status: issued", "status: draft")
        .split("issue_date")[0],
    )
    assert books.problems() == [books.at(path, "error", "vat-rate-not-allowed")]


# -- reverse charge ----------------------------------------------------------------


def test_reverse_charge_needs_rate_zero(books: BooksCase) -> None:
    path = books.add(
        "invoices/INV-2026-0001",
        INVOICE.replace("vat_rate: 21", "vat_rate: »21") + "reverse_charge: true\n",
    )
    assert books.problems() == [books.at(path, "error", "vat-rate-reverse-charge")]


def test_reverse_charge_with_rate_zero(books: BooksCase) -> None:
    books.add(
        "invoices/INV-2026-0001",
        INVOICE.replace("vat_rate: 21", "vat_rate: 0") + "reverse_charge: true\n",
    )
    assert books.problems() == []


# -- numbers, years and drafts -----------------------------------------------------


def test_the_number_carries_the_issue_year(books: BooksCase) -> None:
    path = books.add(
        "invoices/INV-2025-0001",
        INVOICE.replace("issue_date: 2026-01-05", "issue_date: »2026-01-05"),
    )
    assert books.problems() == [books.at(path, "error", "invoice-year")]


def test_supply_in_the_old_year_issued_in_the_new(books: BooksCase) -> None:
    books.add("invoices/INV-2026-0001", INVOICE + "taxable_supply_date: 2025-12-31\n")
    assert books.problems() == []


def test_a_draft_must_not_have_a_number(books: BooksCase) -> None:
    path = books.add("invoices/INV-2026-0001", INVOICE.replace("status: issued", "status: »draft"))
    assert books.problems() == [books.at(path, "error", "draft-numbered")]


def test_an_issued_invoice_needs_a_number(books: BooksCase) -> None:
    path = books.add(
        "invoices/INV-DRAFT-0001", INVOICE.replace("status: issued", "status: »issued")
    )
    assert books.problems() == [books.at(path, "error", "draft-not-issued")]


def test_issued_needs_issue_and_due_dates(books: BooksCase) -> None:
    path = books.add("invoices/INV-2026-0001", "»" + INVOICE.split("issue_date")[0])
    assert books.problems() == [
        books.at(path, "error", "missing-field"),
        books.at(path, "error", "missing-field"),
    ]


def test_a_draft_needs_no_dates(books: BooksCase) -> None:
    books.add(
        "invoices/INV-DRAFT-0001",
        INVOICE.split("issue_date")[0].replace("status: issued", "status: draft"),
    )
    books.add(
        "invoices/INV-DRAFT-0002",
        INVOICE.split("issue_date")[0].replace("status: issued", "status: draft"),
    )
    assert books.problems() == []


# -- totals' signs -----------------------------------------------------------------


def test_an_invoice_total_must_be_positive(books: BooksCase) -> None:
    path = books.add("invoices/INV-2026-0001", AT_LINES.replace("1000.00", "-1000.00"))
    assert books.problems() == [books.at(path, "error", "invoice-total")]


def test_a_discount_line_is_allowed(books: BooksCase) -> None:
    discount = (
        "  - description: Loyalty discount\n    quantity: 1\n"
        "    unit_price: -500.00\n    vat_rate: 21\nstatus: issued"
    )
    books.add("invoices/INV-2026-0001", INVOICE.replace("status: issued", discount))
    assert books.problems() == []


def test_a_credit_note_total_must_be_negative(books: BooksCase) -> None:
    books.add("invoices/INV-2026-0001", INVOICE)
    path = books.add("invoices/INV-2026-0002", AT_LINES + "credit_note_for: INV-2026-0001\n")
    assert books.problems() == [books.at(path, "error", "credit-note-total")]


def test_a_zero_invoice_is_refused(books: BooksCase) -> None:
    path = books.add("invoices/INV-2026-0001", AT_LINES.replace("1000.00", "0"))
    assert books.problems() == [books.at(path, "error", "invoice-total")]


# -- foreign currency --------------------------------------------------------------


def test_foreign_currency_needs_an_exchange_rate(books: BooksCase) -> None:
    path = books.add("invoices/INV-2026-0001", "»" + INVOICE.replace("CZK", "EUR"))
    assert books.problems() == [books.at(path, "error", "exchange-rate-missing")]


def test_foreign_currency_with_its_exchange_rate(books: BooksCase) -> None:
    books.add("invoices/INV-2026-0001", INVOICE.replace("CZK", "EUR") + "exchange_rate: 24.335\n")
    assert books.problems() == []


def test_a_company_without_vat_id_needs_no_exchange_rate(books: BooksCase) -> None:
    books.config(CONFIG.replace("  vat_id: CZ29083419\n", ""))
    books.add("invoices/INV-2026-0001", INVOICE.replace("CZK", "EUR"))
    assert books.problems() == []


def test_exchange_rate_must_be_positive(books: BooksCase) -> None:
    path = books.add(
        "invoices/INV-2026-0001", INVOICE.replace("CZK", "EUR") + "exchange_rate: »0\n"
    )
    assert books.problems() == [books.at(path, "error", "out-of-range")]
