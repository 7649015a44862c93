"""VAT treatment rules (officectl.checks.vat): a 0 % line's legal basis (vat_exemption,
a VATEX code), unit codes (UN/ECE Rec 20), and the warnings for VAT that looks wrong
for the customer or the dates. Each rule has a passing and a failing case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cases.books import CONFIG, INVOICE, BooksCase
from conftest import RunCli

ZERO_LINE = INVOICE.replace("vat_rate: 21", "vat_rate: »0")
"""The invoice with its one line at 0 %, not reverse charge, and no vat_exemption."""


@pytest.fixture
def books(tmp_path: Path) -> BooksCase:
    return BooksCase(tmp_path / "books")


def test_a_zero_line_without_its_legal_basis_is_a_warning(books: BooksCase) -> None:
    path = books.add("invoices/INV-2026-0001", ZERO_LINE)
    assert books.problems() == [books.at(path, "warning", "vat-exemption-missing")]


@pytest.mark.parametrize(
    "form",
    [
        "vat_exemption: VATEX-EU-O",
        'vat_exemption: {code: VATEX-EU-132-1I, text: "Vocational training, § 57 ZDPH"}',
        "vat_exemption:\n      code: VATEX-EU-79-C\n      text: průběžná položka",
    ],
)
def test_a_zero_line_with_a_vatex_code_is_clean(books: BooksCase, form: str) -> None:
    books.add("invoices/INV-2026-0001", ZERO_LINE.replace("»0", f"0\n    {form}"))
    assert books.problems() == []


def test_a_reverse_charge_zero_line_needs_no_exemption(books: BooksCase) -> None:
    books.add("invoices/INV-2026-0001", ZERO_LINE.replace("»", "") + "reverse_charge: true\n")
    assert books.problems() == []


@pytest.mark.parametrize(
    ("code", "hint"),
    [
        ("VATEX-EU-999", ""),
        ("vatex-eu-o", "did you mean 'VATEX-EU-O'? (codes are upper case)"),
        ("VATEX-EU-132-1Z", "did you mean 'VATEX-EU-132-1"),
    ],
)
def test_an_unknown_exemption_code_is_an_error(books: BooksCase, code: str, hint: str) -> None:
    path = books.add(
        "invoices/INV-2026-0001", ZERO_LINE.replace("»0", f"0\n    vat_exemption: »{code}")
    )
    assert books.problems() == [books.at(path, "error", "vat-exemption-unknown")]
    assert hint in books.messages()[0]


def test_the_exemption_text_needs_its_code(books: BooksCase) -> None:
    path = books.add(
        "invoices/INV-2026-0001", ZERO_LINE.replace("»0", "0\n    vat_exemption: »{text: Exempt}")
    )
    assert books.problems() == [books.at(path, "error", "missing-field")]


def test_an_exemption_on_a_line_with_vat_is_an_error(books: BooksCase) -> None:
    text = INVOICE.replace("vat_rate: 21", "vat_rate: 21\n    vat_exemption: »VATEX-EU-O")
    path = books.add("invoices/INV-2026-0001", text)
    assert books.problems() == [books.at(path, "error", "vat-exemption-conflict")]


def test_the_reverse_charge_code_needs_a_reverse_charge_invoice(books: BooksCase) -> None:
    text = ZERO_LINE.replace("»0", "0\n    vat_exemption: »VATEX-EU-AE")
    path = books.add("invoices/INV-2026-0001", text)
    assert books.problems() == [books.at(path, "error", "vat-exemption-conflict")]
    books.add("invoices/INV-2026-0001", text.replace("»", "") + "reverse_charge: true\n")
    assert books.problems() == []


@pytest.mark.parametrize("code", ["HUR", "C62", "H87", "XPP", "KWH", "E48"])
def test_a_rec20_unit_code_is_accepted(books: BooksCase, code: str) -> None:
    books.add(
        "invoices/INV-2026-0001",
        INVOICE.replace("unit: hour", f"unit: hour\n    unit_code: {code}"),
    )
    assert books.problems() == []


@pytest.mark.parametrize(
    ("code", "hint"), [("hur", "did you mean 'HUR'"), ("HOUR", ""), ("X99", "")]
)
def test_an_unknown_unit_code_is_an_error(books: BooksCase, code: str, hint: str) -> None:
    path = books.add(
        "invoices/INV-2026-0001",
        INVOICE.replace("unit: hour", f"unit: hour\n    unit_code: »{code}"),
    )
    assert books.problems() == [books.at(path, "error", "unit-code-unknown")]
    assert hint in books.messages()[0]


def test_strict_counts_the_missing_exemption(books: BooksCase, run_cli: RunCli) -> None:
    books.add("invoices/INV-2026-0001", ZERO_LINE)
    plain = run_cli(books.root, "validate", "--today", "2026-11-25", "--format", "json")
    assert plain.exit_code == 0
    assert [p["code"] for p in json.loads(plain.stdout)["problems"]] == ["vat-exemption-missing"]
    assert run_cli(books.root, "validate", "--strict", "--today", "2026-11-25").exit_code == 1


# -- VAT charged to a business in another member state (Art. 44, 196) -----------------

SLOVAK_BUSINESS = "name: Dunaj Media a.s.\ncountry: SK\nvat_id: SK2020523813\ncurrency: EUR\n"


def _eu_invoice(books: BooksCase, customer: str, tail: str = "", rate: str = "21") -> str:
    books.add("customers/CUS-0002", customer)
    return books.add(
        "invoices/INV-2026-0001",
        INVOICE.replace("customer: CUS-0001", "customer: »CUS-0002").replace(
            "vat_rate: 21", f"vat_rate: {rate}"
        )
        + tail,
    )


def test_czech_vat_charged_to_an_eu_business_is_a_warning(books: BooksCase) -> None:
    path = _eu_invoice(books, SLOVAK_BUSINESS)
    assert books.problems() == [books.at(path, "warning", "vat-charged-eu-business")]
    assert "Art. 196" in books.messages()[0]


def test_every_invoice_charging_vat_to_the_business_is_warned(books: BooksCase) -> None:
    """The customer is judged once per run, yet each of its invoices is reported: the
    first and the third charge VAT, the second is reverse charge."""
    first = _eu_invoice(books, SLOVAK_BUSINESS)
    invoice = INVOICE.replace("customer: CUS-0001", "customer: CUS-0002")
    books.add(
        "invoices/INV-2026-0002",
        invoice.replace("vat_rate: 21", "vat_rate: 0") + "reverse_charge: true\n",
    )
    third = books.add("invoices/INV-2026-0003", invoice.replace("CUS-0002", "»CUS-0002"))
    assert books.problems() == [
        books.at(first, "warning", "vat-charged-eu-business"),
        books.at(third, "warning", "vat-charged-eu-business"),
    ]


@pytest.mark.parametrize(
    ("customer", "tail", "rate"),
    [
        (SLOVAK_BUSINESS, "reverse_charge: true\n", "0"),  # as the law asks
        (SLOVAK_BUSINESS.replace("vat_id: SK2020523813\n", ""), "", "21"),  # not VAT-registered
        (SLOVAK_BUSINESS + "type: person\n", "", "21"),  # a consumer pays Czech VAT
        ("name: Zelená Louka s.r.o.\ncountry: CZ\nvat_id: CZ06182755\n", "", "21"),  # domestic
    ],
)
def test_vat_to_others_is_no_warning(books: BooksCase, customer: str, tail: str, rate: str) -> None:
    _eu_invoice(books, customer, tail, rate)
    assert books.problems() == []


# -- reverse charge outside the EU ----------------------------------------------------

NORWEGIAN_BUSINESS = (
    'name: Havbris Marine AS\ncountry: "NO"\nvat_id: NO921547366MVA\ncurrency: EUR\n'
)


def test_reverse_charge_for_a_customer_outside_the_eu_is_a_warning(books: BooksCase) -> None:
    books.add("customers/CUS-0002", NORWEGIAN_BUSINESS)
    path = books.add(
        "invoices/INV-2026-0001",
        INVOICE.replace("customer: CUS-0001", "customer: CUS-0002").replace(
            "vat_rate: 21", "vat_rate: 0"
        )
        + "reverse_charge: »true\n",
    )
    assert books.problems() == [books.at(path, "warning", "reverse-charge-outside-eu")]
    assert "VATEX-EU-O" in books.messages()[0]


def test_an_export_of_services_outside_the_eu_is_clean(books: BooksCase) -> None:
    books.add("customers/CUS-0002", NORWEGIAN_BUSINESS)
    books.add(
        "invoices/INV-2026-0001",
        INVOICE.replace("customer: CUS-0001", "customer: CUS-0002").replace(
            "vat_rate: 21", "vat_rate: 0\n    vat_exemption: VATEX-EU-O"
        ),
    )
    assert books.problems() == []


# -- CZ § 28(5): a tax document within 15 days of the taxable supply ---------------------


@pytest.mark.parametrize("supplied", ["2025-12-21", "2026-01-05"])  # 15 and 0 days
def test_a_tax_document_within_15_days_is_clean(books: BooksCase, supplied: str) -> None:
    books.add("invoices/INV-2026-0001", INVOICE + f"taxable_supply_date: {supplied}\n")
    assert books.problems() == []


def test_a_czech_tax_document_issued_16_days_late_is_a_warning(books: BooksCase) -> None:
    path = books.add(
        "invoices/INV-2026-0001",
        INVOICE.replace("issue_date: 2026-01-05", "issue_date: »2026-01-05")
        + "taxable_supply_date: 2025-12-20\n",
    )
    assert books.problems() == [books.at(path, "warning", "tax-document-late")]
    assert books.messages()[0].startswith("issued 16 days after the taxable supply")


def test_the_15_day_rule_is_czech(books: BooksCase) -> None:
    books.config(
        CONFIG.replace("country: CZ}", "country: SK}")
        .replace('  company_id: "29083419"\n', "")
        .replace("  vat_id: CZ29083419\n", "")
    )
    books.add("invoices/INV-2026-0001", INVOICE + "taxable_supply_date: 2025-12-01\n")
    assert "tax-document-late" not in [row[4] for row in books.problems()]
