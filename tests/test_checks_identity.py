"""Record identity: the ID's format and the file name, the optional ``id:`` key, and IDs
unique across the whole repository (whatever the sub-folder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cases.books import CONTRACT, CUSTOMER, DEAL, INVOICE, STAFF, BooksCase


@pytest.fixture
def books(tmp_path: Path) -> BooksCase:
    return BooksCase(tmp_path / "books")


@pytest.mark.parametrize(
    ("record", "text"),
    [
        ("customers/CUS-12", CUSTOMER.replace("26719347", "27082440")),
        ("customers/cus-0002", CUSTOMER.replace("26719347", "27082440")),
        ("deals/DEAL-1", DEAL),
        ("staff/EMP-01", STAFF.replace("katerina@", "k2@")),
        ("contracts/CON-26-001", CONTRACT),
        ("invoices/INV-2026-001", INVOICE),
        ("invoices/INVOICE-1", INVOICE),
        ("deals/CUS-0002", DEAL),
    ],
)
def test_file_name_must_be_an_id_of_its_kind(books: BooksCase, record: str, text: str) -> None:
    path = books.add(record, "»" + text)
    assert books.problems() == [books.at(path, "error", "id-format")]


@pytest.mark.parametrize(
    "record", ["customers/CUS-0002", "customers/CUS-12345", "customers/2026/q4/CUS-0003"]
)
def test_valid_ids_in_any_sub_folder(books: BooksCase, record: str) -> None:
    books.add(record, "name: Acme\ncountry: CZ\n")
    assert books.problems() == []


def test_id_key_must_equal_the_file_stem(books: BooksCase) -> None:
    path = books.add("customers/CUS-0002", "id: »CUS-0003\nname: Acme\ncountry: CZ\n")
    assert books.problems() == [books.at(path, "error", "id-mismatch")]


def test_id_key_equal_to_the_file_stem(books: BooksCase) -> None:
    books.add("customers/CUS-0002", "id: CUS-0002\nname: Acme\ncountry: CZ\n")
    assert books.problems() == []


def test_duplicate_ids_across_folders(books: BooksCase) -> None:
    books.add("invoices/2026/INV-2026-0001", INVOICE)
    again = books.add("invoices/old/INV-2026-0001", "»" + INVOICE)
    assert books.problems() == [books.at(again, "error", "duplicate-id")]
    assert books.messages() == [
        "ID INV-2026-0001 is already used by records/invoices/2026/INV-2026-0001.yaml"
    ]


def test_duplicate_id_with_another_suffix(books: BooksCase) -> None:
    again = books.write("records/customers/CUS-0001.yml", "»name: Acme\ncountry: CZ\n")
    assert books.problems() == [books.at(again, "error", "duplicate-id")]


def test_duplicate_id_counts_in_the_summary(books: BooksCase) -> None:
    books.add("customers/old/CUS-0001", "name: Acme\ncountry: CZ\n")
    assert books.result().records == 3
