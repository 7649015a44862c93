"""Customers and staff: checksummed identifiers (EU and Norway), shared VAT IDs, staff
e-mails, manager cycles, staff dates and owners who have left or will leave."""

from __future__ import annotations

from pathlib import Path

import pytest

from cases.books import DEAL, STAFF, BooksCase


@pytest.fixture
def books(tmp_path: Path) -> BooksCase:
    return BooksCase(tmp_path / "books")


def customer(country: str, **fields: str) -> str:
    return f"name: Acme\ncountry: {country}\n" + "".join(f"{k}: {v}\n" for k, v in fields.items())


def person(number: int, **fields: str) -> str:
    text = STAFF.replace("katerina@", f"emp{number}@")
    return text + "".join(f"{k}: {v}\n" for k, v in fields.items())


# -- identifiers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "vat_id"),
    [
        ("CZ", "CZ27082440"),
        ("DE", "DE136695976"),
        ("SK", "SK2020273893"),
        ("FI", "FI01120389"),
        ("GR", "EL094014201"),
        ("NO", "NO921547366MVA"),
        ("NO", "NO 921 547 366 MVA"),
        ("GB", "GB980780684"),
        ("US", "anything goes"),
    ],
)
def test_valid_vat_ids(books: BooksCase, country: str, vat_id: str) -> None:
    books.add("customers/CUS-0002", customer(country, vat_id=f"'{vat_id}'"))
    assert books.problems() == []


@pytest.mark.parametrize(
    ("country", "vat_id"),
    [
        ("CZ", "CZ27082441"),  # check digit
        ("DE", "CZ27082440"),  # another country's number
        ("FI", "FI01120388"),
        ("SK", "SK2020273894"),
        ("NO", "NO921547367MVA"),  # Norway: outside the EU, its own rule
        ("NO", "921547366"),  # an MVA number ends in MVA
        ("GB", "GB980780685"),
    ],
)
def test_invalid_vat_ids(books: BooksCase, country: str, vat_id: str) -> None:
    path = books.add("customers/CUS-0002", customer(country, vat_id=f"»'{vat_id}'"))
    assert books.problems() == [books.at(path, "error", "invalid-vat-id")]


@pytest.mark.parametrize(
    ("country", "company_id"),
    [
        ("CZ", "27082440"),
        ("FI", "0112038-9"),
        ("NO", "921547366"),
        ("AT", "FN 122119m"),
        ("XK", "anything"),
    ],
)
def test_valid_company_ids(books: BooksCase, country: str, company_id: str) -> None:
    books.add("customers/CUS-0002", customer(country, company_id=f"'{company_id}'"))
    assert books.problems() == []


@pytest.mark.parametrize(
    ("country", "company_id"),
    [
        ("CZ", "27082441"),
        ("CZ", "2708244"),
        ("FI", "0112038-8"),
        ("NO", "921547367"),
    ],
)
def test_invalid_company_ids(books: BooksCase, country: str, company_id: str) -> None:
    path = books.add("customers/CUS-0002", customer(country, company_id=f"»'{company_id}'"))
    assert books.problems() == [books.at(path, "error", "invalid-company-id")]


def test_two_customers_with_one_vat_id_is_a_warning(books: BooksCase) -> None:
    path = books.add("customers/CUS-0002", customer("CZ", vat_id="»cz 26719347"))
    result = books.result()
    assert [(p.path, p.line, p.column, p.severity, p.code) for p in result.problems] == [
        books.at(path, "warning", "duplicate-vat-id")
    ]
    assert result.exit_code(strict=False) == 0
    assert result.exit_code(strict=True) == 1


# -- staff -----------------------------------------------------------------------------


def test_staff_emails_are_unique(books: BooksCase) -> None:
    path = books.add("staff/EMP-002", STAFF.replace("katerina@", "»Katerina@"))
    assert books.problems() == [books.at(path, "error", "duplicate-email")]


def test_staff_leaves_before_joining(books: BooksCase) -> None:
    path = books.add("staff/EMP-002", person(2, end_date="»2019-03-31"))
    assert books.problems() == [books.at(path, "error", "date-order")]


def test_staff_leaves_on_the_day_of_joining(books: BooksCase) -> None:
    books.add("staff/EMP-002", person(2, end_date="2019-04-01"))
    assert books.problems() == []


def test_a_manager_chain_without_cycle(books: BooksCase) -> None:
    books.add("staff/EMP-002", person(2, manager="EMP-001"))
    books.add("staff/EMP-003", person(3, manager="EMP-002"))
    assert books.problems() == []


def test_one_is_ones_own_manager(books: BooksCase) -> None:
    path = books.add("staff/EMP-002", person(2, manager="»EMP-002"))
    assert books.problems() == [books.at(path, "error", "manager-cycle")]


def test_a_cycle_is_reported_once(books: BooksCase) -> None:
    path = books.add("staff/EMP-002", person(2, manager="»EMP-003"))
    books.add("staff/EMP-003", person(3, manager="EMP-004"))
    books.add("staff/EMP-004", person(4, manager="EMP-002"))
    assert books.problems() == [books.at(path, "error", "manager-cycle")]
    assert books.messages() == ["manager cycle: EMP-002 → EMP-003 → EMP-004 → EMP-002"]


def test_a_cycle_reached_from_outside_it(books: BooksCase) -> None:
    books.add("staff/EMP-002", person(2, manager="EMP-003"))
    path = books.add("staff/EMP-003", person(3, manager="»EMP-004"))
    books.add("staff/EMP-004", person(4, manager="EMP-003"))
    assert books.problems() == [books.at(path, "error", "manager-cycle")]


# -- owners who have left ------------------------------------------------------------


def test_an_account_manager_who_has_left(books: BooksCase) -> None:
    books.add("staff/EMP-002", person(2, end_date="2026-11-24"))
    path = books.add("customers/CUS-0002", customer("CZ", account_manager="»EMP-002"))
    assert books.problems() == [books.at(path, "warning", "owner-departed")]


def test_an_account_manager_leaving_today_or_later(books: BooksCase) -> None:
    books.add("staff/EMP-002", person(2, end_date="2026-11-25"))
    books.add("customers/CUS-0002", customer("CZ", account_manager="EMP-002"))
    assert books.problems() == []


def test_a_deal_owner_who_has_left(books: BooksCase) -> None:
    books.add("staff/EMP-002", person(2, end_date="2026-06-30"))
    path = books.add("deals/DEAL-0001", DEAL.replace("owner: EMP-001", "owner: »EMP-002"))
    assert books.problems() == [books.at(path, "warning", "owner-departed")]


def test_a_closed_deals_owner_may_have_left(books: BooksCase) -> None:
    books.add("staff/EMP-002", person(2, end_date="2026-06-30"))
    books.add(
        "deals/DEAL-0001",
        DEAL.replace("owner: EMP-001", "owner: EMP-002").replace(
            "stage: proposal", "stage: won\nclosed_on: 2026-05-01"
        ),
    )
    assert books.problems() == []


def test_a_deal_owner_leaving_before_the_expected_close(books: BooksCase) -> None:
    books.add("staff/EMP-002", person(2, end_date="2026-12-15"))
    path = books.add("deals/DEAL-0001", DEAL.replace("owner: EMP-001", "owner: »EMP-002"))
    assert books.problems() == [books.at(path, "warning", "owner-leaves-before-close")]
    assert books.messages() == [
        "owner EMP-002 leaves on 2026-12-15, before the expected close 2026-12-31"
    ]


def test_a_deal_owner_staying_until_the_expected_close(books: BooksCase) -> None:
    books.add("staff/EMP-002", person(2, end_date="2026-12-31"))
    books.add("deals/DEAL-0001", DEAL.replace("owner: EMP-001", "owner: EMP-002"))
    assert books.problems() == []
