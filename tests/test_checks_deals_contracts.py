"""Deals and contracts: closing facts, the won deal's contract, contract dates and the
signed document, which must exist and stay inside the repository."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cases.books import CONTRACT, DEAL, BooksCase

WON = DEAL.replace("stage: proposal", "stage: won\nclosed_on: 2026-03-01")


@pytest.fixture
def books(tmp_path: Path) -> BooksCase:
    books = BooksCase(tmp_path / "books")
    books.add("customers/CUS-0002", "name: Acme GmbH\ncountry: DE\n")
    return books


# -- deals ---------------------------------------------------------------------------


@pytest.mark.parametrize("stage", ["won", "lost"])
def test_a_closed_deal_needs_closed_on(books: BooksCase, stage: str) -> None:
    reason = "lost_reason: price\n" if stage == "lost" else ""
    path = books.add("deals/DEAL-0001", "»" + DEAL.replace("proposal", stage) + reason)
    assert books.problems() == [books.at(path, "error", "missing-field")]
    assert books.messages() == [f"a {stage} deal needs closed_on"]


def test_a_lost_deal_needs_a_reason(books: BooksCase) -> None:
    path = books.add(
        "deals/DEAL-0001", "»" + DEAL.replace("proposal", "lost") + "closed_on: 2026-03-01\n"
    )
    assert books.problems() == [books.at(path, "error", "missing-field")]
    assert books.messages() == ["a lost deal needs lost_reason"]


def test_closed_deals(books: BooksCase) -> None:
    books.add("deals/DEAL-0001", WON)
    books.add(
        "deals/DEAL-0002",
        DEAL.replace("proposal", "lost")
        + "closed_on: 2026-03-01\nlost_reason: chose a competitor\n",
    )
    assert books.problems() == []


def test_a_deal_closes_no_earlier_than_it_opened(books: BooksCase) -> None:
    text = DEAL.replace("stage: proposal", "stage: won\nclosed_on: »2026-03-01")
    path = books.add("deals/DEAL-0001", text + "opened_on: 2026-03-05\n")
    assert books.problems() == [books.at(path, "error", "date-order")]
    assert books.messages() == ["closed_on 2026-03-01 is before opened_on 2026-03-05"]
    books.add("deals/DEAL-0001", WON + "opened_on: 2026-03-01\n")  # the same day is a cycle of 0
    assert books.problems() == []


@pytest.mark.parametrize("stage", ["lead", "qualified", "proposal", "negotiation"])
def test_open_deals_need_no_closing_facts(books: BooksCase, stage: str) -> None:
    books.add("deals/DEAL-0001", DEAL.replace("proposal", stage))
    assert books.problems() == []


def test_a_won_deals_contract_belongs_to_its_customer(books: BooksCase) -> None:
    books.add("contracts/CON-2026-001", CONTRACT.replace("CUS-0001", "CUS-0002"))
    path = books.add("deals/DEAL-0001", WON + "contract: »CON-2026-001\n")
    assert books.problems() == [books.at(path, "error", "customer-mismatch")]


def test_a_contracts_deal_belongs_to_its_customer(books: BooksCase) -> None:
    books.add("deals/DEAL-0001", DEAL.replace("CUS-0001", "CUS-0002"))
    path = books.add("contracts/CON-2026-001", CONTRACT + "deal: »DEAL-0001\n")
    assert books.problems() == [books.at(path, "error", "customer-mismatch")]


def test_a_won_deal_and_its_contract(books: BooksCase) -> None:
    books.add("contracts/CON-2026-001", CONTRACT + "deal: DEAL-0001\n")
    books.add("deals/DEAL-0001", WON + "contract: CON-2026-001\n")
    assert books.problems() == []


# -- contract dates ------------------------------------------------------------------


def test_contract_ends_before_it_starts(books: BooksCase) -> None:
    path = books.add(
        "contracts/CON-2026-001", CONTRACT.replace("end_date: 2026-12-31", "end_date: »2025-12-31")
    )
    assert books.problems(today=date(2025, 6, 1)) == [books.at(path, "error", "date-order")]


def test_a_one_day_contract(books: BooksCase) -> None:
    books.add("contracts/CON-2026-001", CONTRACT.replace("2026-12-31", "2026-01-01"))
    assert books.problems(today=date(2025, 6, 1)) == []


def test_an_active_contract_that_has_ended_is_a_warning(books: BooksCase) -> None:
    path = books.add(
        "contracts/CON-2026-001", CONTRACT.replace("end_date: 2026-12-31", "end_date: »2026-11-24")
    )
    result = books.result()
    assert [(p.path, p.line, p.column, p.severity, p.code) for p in result.problems] == [
        books.at(path, "warning", "contract-ended")
    ]
    assert result.exit_code(strict=False) == 0
    assert result.exit_code(strict=True) == 1


@pytest.mark.parametrize(
    ("status", "end"),
    [
        ("active", "2026-11-25"),
        ("active", "2027-01-01"),
        ("expired", "2026-01-31"),
        ("terminated", "2026-06-30"),
    ],
)
def test_contracts_that_have_not_ended_or_are_closed(
    books: BooksCase, status: str, end: str
) -> None:
    books.add(
        "contracts/CON-2026-001",
        CONTRACT.replace("2026-12-31", end).replace("status: active", f"status: {status}"),
    )
    assert books.problems() == []


def test_today_decides(books: BooksCase) -> None:
    books.add("contracts/CON-2026-001", CONTRACT)
    assert books.problems(today=date(2026, 12, 31)) == []
    assert [row[4] for row in books.problems(today=date(2027, 1, 1))] == ["contract-ended"]


@pytest.mark.parametrize(
    ("today", "term_end"),
    [
        (date(2027, 1, 1), "2027-12-31"),
        (date(2027, 12, 31), "2027-12-31"),
        (date(2029, 3, 1), "2029-12-31"),
    ],
)
def test_an_auto_renewing_contract_is_told_its_current_term(
    books: BooksCase, today: date, term_end: str
) -> None:
    """Still a warning (an active contract whose end_date is past), but with the right advice: it
    renewed itself, in terms as long as the first."""
    books.add("contracts/CON-2026-001", CONTRACT + "auto_renew: true\n")
    assert books.problems(today=date(2026, 12, 31)) == []
    assert [row[4] for row in books.problems(today=today)] == ["contract-ended"]
    assert books.messages(today=today) == [
        f"contract's term ended on 2026-12-31 and it renewed itself; set end_date to the "
        f"current term's end, {term_end}, or status terminated"
    ]


# -- the signed document -------------------------------------------------------------


def test_the_document_exists(books: BooksCase) -> None:
    books.write("contracts/signed/CON-2026-001.pdf", "%PDF-1.7\n")
    books.add("contracts/CON-2026-001", CONTRACT + "document: contracts/signed/CON-2026-001.pdf\n")
    assert books.problems() == []


def test_a_missing_document(books: BooksCase) -> None:
    path = books.add("contracts/CON-2026-001", CONTRACT + "document: »contracts/gone.pdf\n")
    assert books.problems() == [books.at(path, "error", "document-missing")]


def test_a_folder_is_no_document(books: BooksCase) -> None:
    books.write("contracts/signed/readme.txt", "x")
    path = books.add("contracts/CON-2026-001", CONTRACT + "document: »contracts/signed\n")
    assert books.problems() == [books.at(path, "error", "document-missing")]


@pytest.mark.parametrize(
    "document",
    ["../../etc/passwd", "/etc/passwd", "../books/../../x", "contracts/../../outside.pdf"],
)
def test_the_document_stays_inside_the_repository(books: BooksCase, document: str) -> None:
    (books.root.parent / "outside.pdf").write_text("%PDF")
    path = books.add("contracts/CON-2026-001", CONTRACT + f"document: »{document}\n")
    assert books.problems() == [books.at(path, "error", "path-outside-repo")]


def test_a_symlink_out_of_the_repository(books: BooksCase) -> None:
    (books.root.parent / "outside.pdf").write_text("%PDF")
    (books.root / "contracts").mkdir()
    (books.root / "contracts" / "link.pdf").symlink_to(books.root.parent / "outside.pdf")
    path = books.add("contracts/CON-2026-001", CONTRACT + "document: »contracts/link.pdf\n")
    assert books.problems() == [books.at(path, "error", "path-outside-repo")]


@pytest.mark.parametrize("document", ['"a\\0b.pdf"', "x" * 5000])
def test_an_impossible_path_is_a_missing_document(books: BooksCase, document: str) -> None:
    path = books.add("contracts/CON-2026-001", CONTRACT + f"document: »{document}\n")
    assert books.problems() == [books.at(path, "error", "document-missing")]
