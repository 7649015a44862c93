"""Every reference resolves to a record of the right kind, at top level or nested."""

from __future__ import annotations

from pathlib import Path

import pytest

from cases.books import CONTRACT, DEAL, INVOICE, BooksCase


@pytest.fixture
def books(tmp_path: Path) -> BooksCase:
    return BooksCase(tmp_path / "books")


def test_missing_reference(books: BooksCase) -> None:
    path = books.add("deals/DEAL-0001", DEAL.replace("customer: CUS-0001", "customer: »CUS-0099"))
    assert books.problems() == [books.at(path, "error", "ref-missing")]
    assert books.messages() == ["customer CUS-0099 does not exist"]


def test_missing_reference_that_looks_like_another_kind(books: BooksCase) -> None:
    path = books.add("deals/DEAL-0001", DEAL.replace("owner: EMP-001", "owner: »CUS-0099"))
    assert books.problems() == [books.at(path, "error", "ref-missing")]
    assert books.messages() == [
        "owner CUS-0099 does not exist (it looks like a customer ID, not a staff ID)"
    ]


def test_reference_to_the_wrong_kind(books: BooksCase) -> None:
    path = books.add("deals/DEAL-0001", DEAL.replace("owner: EMP-001", "owner: »CUS-0001"))
    assert books.problems() == [books.at(path, "error", "ref-wrong-kind")]
    assert books.messages() == ["owner CUS-0001 is a customer, not a staff"]


def test_nested_reference(books: BooksCase) -> None:
    path = books.add(
        "contracts/CON-2026-001",
        CONTRACT + ("signed_by:\n  customer: Radek Pospíšil\n  company: »EMP-404\n"),
    )
    assert books.problems() == [books.at(path, "error", "ref-missing")]


def test_every_kind_of_reference_resolves(books: BooksCase) -> None:
    books.add(
        "staff/EMP-002",
        """\
        name: Jan Novák
        email: jan@severka.example
        department: finance
        start_date: 2020-01-01
        manager: EMP-001
        """,
    )
    books.add("customers/CUS-0002", "name: Acme\ncountry: CZ\naccount_manager: EMP-002\n")
    books.add(
        "deals/DEAL-0001",
        DEAL.replace("stage: proposal", "stage: won\nclosed_on: 2025-12-20")
        + "contract: CON-2026-001\n",
    )
    books.add(
        "contracts/CON-2026-001", CONTRACT + "deal: DEAL-0001\nsigned_by: {company: EMP-002}\n"
    )
    books.add("invoices/INV-2026-0001", INVOICE + "contract: CON-2026-001\ndeal: DEAL-0001\n")
    assert books.problems() == []


def test_a_reference_to_an_unreadable_record_resolves(books: BooksCase) -> None:
    books.add("customers/CUS-0002", "name: [broken\n")
    path = books.add("deals/DEAL-0001", DEAL.replace("CUS-0001", "CUS-0002"))
    assert books.problems() == [("records/customers/CUS-0002.yaml", 2, 1, "error", "yaml-syntax")]
    assert path


def test_a_reference_to_an_invoice_of_the_wrong_kind(books: BooksCase) -> None:
    credit_note = INVOICE.replace("1000.00", "-1000.00")
    path = books.add("invoices/INV-2026-0001", credit_note + "credit_note_for: »DEAL-0001\n")
    books.add("deals/DEAL-0001", DEAL)
    assert books.problems() == [books.at(path, "error", "ref-wrong-kind")]
