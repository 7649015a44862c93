"""Invoices across the books: contiguous numbers per year, the customers of linked
records, credit notes, payments against totals."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from cases.books import CONTRACT, DEAL, INVOICE, BooksCase

CREDIT_NOTE = (
    INVOICE.replace("quantity: 10", "quantity: -10")
    .replace("2026-01-05", "2026-02-02")
    .replace("2026-01-19", "2026-02-16")
)
"""A credit note of −12,100.00 (all of INVOICE), to be given its ``credit_note_for``."""


@pytest.fixture
def books(tmp_path: Path) -> BooksCase:
    books = BooksCase(tmp_path / "books")
    books.add("customers/CUS-0002", "name: Acme GmbH\ncountry: DE\n")
    return books


def payments(*amounts: str) -> str:
    return "payments:\n" + "".join(f"  - {{date: 2026-01-10, amount: {a}}}\n" for a in amounts)


# -- numbering ---------------------------------------------------------------------


def test_numbers_run_without_gaps_per_year(books: BooksCase) -> None:
    books.add("invoices/2025/INV-2025-0001", INVOICE.replace("2026-01", "2025-01"))
    books.add("invoices/2025/INV-2025-0002", INVOICE.replace("2026-01", "2025-01"))
    books.add("invoices/2026/INV-2026-0001", INVOICE)
    books.add("invoices/INV-DRAFT-0007", INVOICE.replace("issued", "draft"))
    assert books.problems() == []


def test_a_gap(books: BooksCase) -> None:
    books.add("invoices/INV-2026-0001", INVOICE)
    path = books.add("invoices/INV-2026-0003", "»" + INVOICE)
    assert books.problems() == [books.at(path, "error", "numbering-gap")]
    assert books.messages() == [
        "INV-2026-0003 leaves a gap in 2026's numbers: INV-2026-0002 missing"
    ]


def test_a_year_that_does_not_start_at_one(books: BooksCase) -> None:
    path = books.add("invoices/INV-2026-0004", "»" + INVOICE)
    assert books.problems() == [books.at(path, "error", "numbering-gap")]
    assert books.messages() == [
        "INV-2026-0004 leaves a gap in 2026's numbers: INV-2026-0001 … INV-2026-0003 missing"
    ]


def test_a_number_written_twice(books: BooksCase) -> None:
    for number in ("0001", "0002", "0003"):
        books.add(f"invoices/INV-2026-{number}", INVOICE)
    path = books.add("invoices/INV-2026-00003", "»" + INVOICE)
    assert books.problems() == [books.at(path, "error", "numbering-duplicate")]
    assert books.messages() == ["INV-2026-00003 repeats number 3 of 2026 (INV-2026-0003)"]


def test_cancelled_invoices_keep_their_number(books: BooksCase) -> None:
    books.add("invoices/INV-2026-0001", INVOICE.replace("issued", "cancelled"))
    books.add("invoices/INV-2026-0002", CREDIT_NOTE + "credit_note_for: INV-2026-0001\n")
    books.add("invoices/INV-2026-0003", INVOICE)
    assert books.problems() == []


# -- cancellations: only credit notes void an issued invoice (issue 12, item 1) -------


def test_cancelled_without_a_credit_note(books: BooksCase) -> None:
    path = books.add(
        "invoices/INV-2026-0001", INVOICE.replace("status: issued", "status: »cancelled")
    )
    assert books.problems() == [books.at(path, "error", "cancelled-not-credited")]
    total = Decimal("10") * Decimal("1000.00") * Decimal("1.21")
    assert f"leaving {total:.2f}" in books.messages()[0]


def test_cancelled_with_a_credit_note_for_part_of_it(books: BooksCase) -> None:
    path = books.add(
        "invoices/INV-2026-0001", INVOICE.replace("status: issued", "status: »cancelled")
    )
    books.add(
        "invoices/INV-2026-0002",
        CREDIT_NOTE.replace("-10", "-4") + "credit_note_for: INV-2026-0001\n",
    )
    assert books.problems() == [books.at(path, "error", "cancelled-not-credited")]
    left = (Decimal("10") - Decimal("4")) * Decimal("1000.00") * Decimal("1.21")
    assert f"leaving {left:.2f}" in books.messages()[0]


def test_a_cancelled_credit_note(books: BooksCase) -> None:
    books.add("invoices/INV-2026-0001", INVOICE)
    path = books.add(
        "invoices/INV-2026-0002",
        CREDIT_NOTE.replace("status: issued", "status: »cancelled")
        + "credit_note_for: INV-2026-0001\n",
    )
    assert books.problems() == [books.at(path, "error", "cancelled-not-credited")]


# -- the customers of linked records -----------------------------------------------


def test_invoice_customer_is_the_contracts(books: BooksCase) -> None:
    books.add("contracts/CON-2026-001", CONTRACT.replace("CUS-0001", "CUS-0002"))
    path = books.add("invoices/INV-2026-0001", INVOICE + "contract: »CON-2026-001\n")
    assert books.problems() == [books.at(path, "error", "customer-mismatch")]


def test_invoice_customer_is_the_deals(books: BooksCase) -> None:
    books.add("deals/DEAL-0001", DEAL.replace("CUS-0001", "CUS-0002"))
    path = books.add("invoices/INV-2026-0001", INVOICE + "deal: »DEAL-0001\n")
    assert books.problems() == [books.at(path, "error", "customer-mismatch")]


def test_invoice_of_the_contracts_and_deals_customer(books: BooksCase) -> None:
    books.add("contracts/CON-2026-001", CONTRACT)
    books.add("deals/DEAL-0001", DEAL)
    books.add("invoices/INV-2026-0001", INVOICE + "contract: CON-2026-001\ndeal: DEAL-0001\n")
    assert books.problems() == []


# -- credit notes ------------------------------------------------------------------


def test_a_credit_note(books: BooksCase) -> None:
    books.add("invoices/INV-2026-0001", INVOICE.replace("issued", "cancelled"))
    books.add("invoices/INV-2026-0002", CREDIT_NOTE + "credit_note_for: INV-2026-0001\n")
    assert books.problems() == []


def test_a_credit_note_of_a_draft(books: BooksCase) -> None:
    books.add("invoices/INV-DRAFT-0001", INVOICE.replace("issued", "draft"))
    path = books.add("invoices/INV-2026-0001", CREDIT_NOTE + "credit_note_for: »INV-DRAFT-0001\n")
    assert books.problems() == [books.at(path, "error", "credit-note-target")]


def test_a_credit_note_of_a_credit_note(books: BooksCase) -> None:
    books.add("invoices/INV-2026-0001", INVOICE.replace("issued", "cancelled"))
    books.add("invoices/INV-2026-0002", CREDIT_NOTE + "credit_note_for: INV-2026-0001\n")
    path = books.add("invoices/INV-2026-0003", CREDIT_NOTE + "credit_note_for: »INV-2026-0002\n")
    assert books.problems() == [books.at(path, "error", "credit-note-target")]


def test_a_credit_note_for_another_customer(books: BooksCase) -> None:
    books.add("invoices/INV-2026-0001", INVOICE.replace("issued", "cancelled"))
    path = books.add(
        "invoices/INV-2026-0002",
        CREDIT_NOTE.replace("CUS-0001", "CUS-0002") + "credit_note_for: »INV-2026-0001\n",
    )
    assert books.problems() == [books.at(path, "error", "customer-mismatch")]


def test_credit_notes_must_not_exceed_the_invoice(books: BooksCase) -> None:
    original = books.add("invoices/INV-2026-0001", "»" + INVOICE.replace("issued", "cancelled"))
    books.add("invoices/INV-2026-0002", CREDIT_NOTE + "credit_note_for: INV-2026-0001\n")
    books.add(
        "invoices/INV-2026-0003",
        CREDIT_NOTE.replace("-10", "-1") + "credit_note_for: INV-2026-0001\n",
    )
    assert books.problems() == [books.at(original, "error", "credit-note-exceeds")]
    assert books.messages() == [
        "credit notes take 13310.00 off INV-2026-0001, more than its total 12100.00"
    ]


def test_partial_credit_notes_up_to_the_total(books: BooksCase) -> None:
    books.add("invoices/INV-2026-0001", INVOICE)
    half = CREDIT_NOTE.replace("-10", "-5") + "credit_note_for: INV-2026-0001\n"
    books.add("invoices/INV-2026-0002", half)
    books.add("invoices/INV-2026-0003", half)
    assert books.problems() == []


EURO_INVOICE = INVOICE.replace("currency: CZK", "currency: EUR") + "exchange_rate: 24.305\n"
EURO_NOTE = CREDIT_NOTE.replace("currency: CZK", "currency: EUR")


def test_a_credit_note_in_another_currency(books: BooksCase) -> None:
    """Issue 11, finding 3: a CZK note must not settle a EUR invoice of the same figure."""
    books.add("invoices/INV-2026-0001", EURO_INVOICE)
    path = books.add(
        "invoices/INV-2026-0002",
        CREDIT_NOTE.replace("currency: CZK", "currency: »CZK") + "credit_note_for: INV-2026-0001\n",
    )
    assert books.problems() == [books.at(path, "error", "credit-note-currency")]


def test_a_credit_note_at_another_exchange_rate(books: BooksCase) -> None:
    """Issue 12, item 9: a warning naming both rates (an error under --strict)."""
    books.add("invoices/INV-2026-0001", EURO_INVOICE)
    path = books.add(
        "invoices/INV-2026-0002",
        EURO_NOTE + "credit_note_for: INV-2026-0001\nexchange_rate: »24.315\n",
    )
    assert books.problems() == [books.at(path, "warning", "credit-note-rate")]
    assert "24.315" in books.messages()[0] and "24.305" in books.messages()[0]
    assert books.result().exit_code(strict=True) == 1


def test_a_credit_note_at_the_originals_rate(books: BooksCase) -> None:
    books.add("invoices/INV-2026-0001", EURO_INVOICE.replace("issued", "cancelled"))
    books.add(
        "invoices/INV-2026-0002",
        EURO_NOTE + "credit_note_for: INV-2026-0001\nexchange_rate: 24.305\n",
    )
    assert books.problems() == []


def test_a_draft_credit_note_does_not_count(books: BooksCase) -> None:
    books.add("invoices/INV-2026-0001", INVOICE)
    books.add("invoices/INV-2026-0002", CREDIT_NOTE + "credit_note_for: INV-2026-0001\n")
    books.add(
        "invoices/INV-DRAFT-0001",
        CREDIT_NOTE.replace("issued", "draft") + "credit_note_for: INV-2026-0001\n",
    )
    assert books.problems() == []


# -- payments ------------------------------------------------------------------------


def test_paid_means_payments_sum_to_the_total(books: BooksCase) -> None:
    books.add(
        "invoices/INV-2026-0001", INVOICE.replace("issued", "paid") + payments("6000.00", "6100")
    )
    assert books.problems() == []


def test_paid_with_money_still_open(books: BooksCase) -> None:
    path = books.add(
        "invoices/INV-2026-0001",
        INVOICE.replace("status: issued", "status: »paid") + payments("6000.00", "6099.99"),
    )
    assert books.problems() == [books.at(path, "error", "paid-mismatch")]
    assert books.messages() == [
        "status is paid but payments of 12099.99 leave 0.01 of 12100.00 open"
    ]


def test_paid_without_payments(books: BooksCase) -> None:
    path = books.add("invoices/INV-2026-0001", INVOICE.replace("status: issued", "status: »paid"))
    assert books.problems() == [books.at(path, "error", "paid-mismatch")]


def test_payments_never_exceed_the_total(books: BooksCase) -> None:
    path = books.add(
        "invoices/INV-2026-0001",
        INVOICE + payments("12100.00", "0.01").replace("  - {date", "  »- {date", 1),
    )
    assert books.problems() == [books.at(path, "error", "overpaid")]


def test_partial_payment_of_an_issued_invoice(books: BooksCase) -> None:
    books.add("invoices/INV-2026-0001", INVOICE + payments("100"))
    assert books.problems() == []


def test_paid_by_payments_and_a_credit_note(books: BooksCase) -> None:
    books.add("invoices/INV-2026-0001", INVOICE.replace("issued", "paid") + payments("6050"))
    books.add(
        "invoices/INV-2026-0002",
        CREDIT_NOTE.replace("-10", "-5") + "credit_note_for: INV-2026-0001\n",
    )
    assert books.problems() == []


def test_a_credit_note_on_a_partly_paid_invoice_is_a_refund_due(books: BooksCase) -> None:
    """Issue 12, item 4: paid 6,050.01 of 12,100.00, then credited 6,050.00: the
    customer is owed 0.01, which is no overpayment."""
    books.add("invoices/INV-2026-0001", INVOICE + payments("6050.01"))
    books.add(
        "invoices/INV-2026-0002",
        CREDIT_NOTE.replace("-10", "-5") + "credit_note_for: INV-2026-0001\n",
    )
    assert books.problems() == []


def test_paid_while_a_refund_is_due(books: BooksCase) -> None:
    path = books.add(
        "invoices/INV-2026-0001",
        INVOICE.replace("status: issued", "status: »paid") + payments("12100.00"),
    )
    books.add(
        "invoices/INV-2026-0002",
        CREDIT_NOTE.replace("-10", "-5") + "credit_note_for: INV-2026-0001\n",
    )
    assert books.problems() == [books.at(path, "error", "paid-mismatch")]
    owed = Decimal("5") * Decimal("1000.00") * Decimal("1.21")
    assert f"leave {owed:.2f} owed to the customer" in books.messages()[0]


def test_paid_once_the_refund_is_recorded(books: BooksCase) -> None:
    books.add(
        "invoices/INV-2026-0001",
        INVOICE.replace("issued", "paid")
        + payments("12100.00")
        + "  - {date: 2026-02-20, amount: -6050.00, refund: true}\n",
    )
    books.add(
        "invoices/INV-2026-0002",
        CREDIT_NOTE.replace("-10", "-5") + "credit_note_for: INV-2026-0001\n",
    )
    assert books.problems() == []


def test_a_negative_payment_is_not_a_refund_unless_marked(books: BooksCase) -> None:
    path = books.add(
        "invoices/INV-2026-0001",
        INVOICE + payments("12100.00") + "  - {date: 2026-02-20, amount: »-6050.00}\n",
    )
    assert books.problems() == [books.at(path, "error", "payment-negative")]


def test_a_refund_is_negative(books: BooksCase) -> None:
    path = books.add(
        "invoices/INV-2026-0001",
        INVOICE + payments("100.00") + "  - {date: 2026-02-20, amount: »50.00, refund: true}\n",
    )
    assert books.problems() == [books.at(path, "error", "refund-positive")]


def test_a_refund_never_exceeds_what_was_paid(books: BooksCase) -> None:
    path = books.add(
        "invoices/INV-2026-0001",
        INVOICE + payments("100.00") + "  - {date: 2026-02-20, amount: »-100.01, refund: true}\n",
    )
    books.add("invoices/INV-2026-0002", CREDIT_NOTE + "credit_note_for: INV-2026-0001\n")
    assert books.problems() == [books.at(path, "error", "refund-exceeds")]


# -- reverse charge ----------------------------------------------------------------

REVERSE_CHARGED = INVOICE.replace("vat_rate: 21", "vat_rate: 0").replace(
    "customer: CUS-0001", "customer: CUS-0002"
)


def test_reverse_charge_for_a_customer_without_a_vat_id(books: BooksCase) -> None:
    path = books.add("invoices/INV-2026-0001", REVERSE_CHARGED + "reverse_charge: »true\n")
    assert books.problems() == [books.at(path, "warning", "reverse-charge-no-vat-id")]
    assert "CUS-0002 has no vat_id" in books.messages()[0]


@pytest.mark.parametrize("setting", ["reverse_charge: false\n", ""])
def test_no_reverse_charge_no_warning(books: BooksCase, setting: str) -> None:
    books.add("invoices/INV-2026-0001", INVOICE.replace("CUS-0001", "CUS-0002") + setting)
    assert books.problems() == []


def test_reverse_charge_for_a_registered_customer(books: BooksCase) -> None:
    books.add("customers/CUS-0002", "name: Acme GmbH\ncountry: DE\nvat_id: DE136695976\n")
    books.add("invoices/INV-2026-0001", REVERSE_CHARGED + "reverse_charge: true\n")
    assert books.problems() == []
