"""The schema of every built-in kind, record by record: one failing and one passing case
per rule, each failure at the exact place of the offending value (``»`` in the text)
and with no other problem reported."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from cases.books import CONTRACT, CUSTOMER, DEAL, INVOICE, STAFF, BooksCase
from officectl import loader
from officectl.config import load_config
from officectl.yaml import reading

OTHER_STAFF = STAFF.replace("katerina@", "jan@")


@pytest.fixture
def books(tmp_path: Path) -> BooksCase:
    return BooksCase(tmp_path / "books")


def test_the_base_records_are_valid(books: BooksCase) -> None:
    books.add("invoices/INV-2026-0001", INVOICE)
    books.add("deals/DEAL-0001", DEAL)
    books.add("contracts/CON-2026-001", CONTRACT)
    assert books.problems() == []


# -- unknown keys ----------------------------------------------------------------------


def test_unknown_key_with_did_you_mean(books: BooksCase) -> None:
    path = books.add(
        "customers/CUS-0002",
        """\
        name: Acme
        country: CZ
        »emial: info@acme.example
        """,
    )
    assert books.problems() == [books.at(path, "error", "unknown-field")]
    assert books.messages() == ["unknown field 'emial'; did you mean 'email'?"]


def test_unknown_key_without_a_close_one_points_to_meta(books: BooksCase) -> None:
    path = books.add(
        "customers/CUS-0002",
        """\
        name: Acme
        country: CZ
        »favourite_colour: green
        """,
    )
    assert books.problems() == [books.at(path, "error", "unknown-field")]
    assert books.messages() == [
        "unknown field 'favourite_colour'; put free-form data under 'meta:'"
    ]


def test_unknown_key_in_a_nested_mapping(books: BooksCase) -> None:
    path = books.add(
        "customers/CUS-0002",
        """\
        name: Acme
        country: CZ
        address:
          »stret: Main 1
        contacts:
          - name: A
            »emali: a@acme.example
        """,
    )
    assert books.problems() == [
        books.at(path, "error", "unknown-field", 0),
        books.at(path, "error", "unknown-field", 1),
    ]
    assert "did you mean 'street'?" in books.messages()[0]
    assert "did you mean 'email'?" in books.messages()[1]


def test_misspelt_required_key_is_unknown_and_the_field_missing(books: BooksCase) -> None:
    path = books.add(
        "customers/CUS-0002",
        """\
        »name: Acme
        »cuntry: CZ
        """,
    )
    assert books.problems() == [
        books.at(path, "error", "missing-field", 0),
        books.at(path, "error", "unknown-field", 1),
    ]


def test_meta_holds_anything(books: BooksCase) -> None:
    books.add(
        "customers/CUS-0002",
        """\
        name: Acme
        country: CZ
        meta:
          crm_id: 4711
          anything: [1, {nested: yes}, ~]
        """,
    )
    assert books.problems() == []


# -- missing fields --------------------------------------------------------------------


def test_missing_field_is_reported_at_the_mapping_that_lacks_it(books: BooksCase) -> None:
    path = books.add(
        "invoices/INV-2026-0001",
        """\
        »customer: CUS-0001
        lines:
          - »description: Consulting
            quantity: 10
            vat_rate: 21
        status: issued
        issue_date: 2026-01-05
        due_date: 2026-01-19
        """,
    )
    assert books.problems() == [
        books.at(path, "error", "missing-field", 0),
        books.at(path, "error", "missing-field", 1),
    ]
    assert books.messages() == [
        "missing required field 'currency'",
        "missing required field 'unit_price'",
    ]


def test_a_null_required_field_is_missing(books: BooksCase) -> None:
    path = books.add("customers/CUS-0002", "»name:\ncountry: CZ\n")
    assert books.problems() == [books.at(path, "error", "missing-field")]


# -- types -----------------------------------------------------------------------------


def test_wrong_types(books: BooksCase) -> None:
    path = books.add(
        "contracts/CON-2026-001",
        """\
        title: »[Support]
        customer: CUS-0001
        start_date: 2026-01-01
        status: active
        auto_renew: »yes
        notice_period_days: »30.5
        billing: »monthly
        """,
    )
    assert books.problems() == [books.at(path, "error", "invalid-type", i) for i in range(4)]
    assert books.messages() == [
        "title must be text, not a list",
        "auto_renew must be true or false, not 'yes'",
        "notice_period_days must be a whole number, not '30.5'",
        "billing must be a mapping, not 'monthly'",
    ]


def test_a_boolean_where_text_belongs_gets_a_hint(books: BooksCase) -> None:
    path = books.add("customers/CUS-0002", "name: »true\ncountry: CZ\n")
    assert books.problems() == [books.at(path, "error", "invalid-type")]
    assert books.messages() == ["name must be text, not boolean true; quote it"]


def test_yaml_1_1_booleans_are_text(books: BooksCase) -> None:
    books.add(
        "customers/CUS-0002",
        """\
        name: yes
        country: NO
        type: company
        tags: [on, off, no, y]
        """,
    )
    assert books.problems() == []
    result = loader.load_file(
        books.root, "records/customers/CUS-0002.yaml", load_config(books.root)
    )
    assert result.record is not None
    assert result.record.data["country"] == "NO"
    assert result.record.data["name"] == "yes"
    assert result.record.data["tags"] == ["on", "off", "no", "y"]


def test_an_empty_list_item(books: BooksCase) -> None:
    path = books.add("customers/CUS-0002", "name: Acme\ncountry: CZ\ntags: [a, »~]\n")
    assert books.problems() == [books.at(path, "error", "invalid-type")]


def test_enum_with_did_you_mean(books: BooksCase) -> None:
    path = books.add("customers/CUS-0002", "name: Acme\ncountry: CZ\nstatus: »activ\n")
    assert books.problems() == [books.at(path, "error", "invalid-value")]
    assert books.messages() == [
        "status must be one of lead, active, inactive; got 'activ'; did you mean 'active'?"
    ]


def test_pattern(books: BooksCase) -> None:
    path = books.add("invoices/INV-2026-0001", INVOICE + "billing_period: »2026-13\n")
    assert books.problems() == [books.at(path, "error", "pattern-mismatch")]
    books.add("invoices/INV-2026-0001", INVOICE + "billing_period: 2026-Q4\n")
    assert books.problems() == []


@pytest.mark.parametrize("value", ["101", "-1"])
def test_range(books: BooksCase, value: str) -> None:
    path = books.add("deals/DEAL-0001", DEAL + f"probability: »{value}\n")
    assert books.problems() == [books.at(path, "error", "out-of-range")]


@pytest.mark.parametrize("value", ["10000000000000000", "1000000000000000.00", "0.0000000000001"])
def test_unusable_decimals(books: BooksCase, value: str) -> None:
    path = books.add("deals/DEAL-0001", DEAL.replace("amount: 100000", f"amount: »{value}"))
    assert books.problems() == [books.at(path, "error", "out-of-range")]


@pytest.mark.parametrize(
    "value",
    [
        "NaN",
        "Infinity",
        "-inf",
        "1_000",
        "١٢",
        "１２",
        "1,5",
        "0x10",
        "1.2.3",
        "12 CZK",
        "1e3",
        "1.2E+5",
        "1e-13",
    ],
)
def test_what_python_or_people_call_a_number_is_no_decimal(books: BooksCase, value: str) -> None:
    path = books.add("deals/DEAL-0001", DEAL.replace("amount: 100000", f"amount: »{value}"))
    assert books.problems() == [books.at(path, "error", "invalid-type")]


def test_a_huge_whole_number_is_out_of_range(books: BooksCase) -> None:
    path = books.add("deals/DEAL-0001", DEAL + "probability: »" + "9" * 5000 + "\n")
    assert books.problems() == [books.at(path, "error", "out-of-range")]


# -- dates, e-mails, codes -------------------------------------------------------------


@pytest.mark.parametrize("value", ["2026-02-29", "2025-13-01", "2026-04-31", "2026-00-10"])
def test_dates_must_be_real(books: BooksCase, value: str) -> None:
    path = books.add("staff/EMP-002", OTHER_STAFF.replace("2019-04-01", f"»{value}"))
    assert books.problems() == [books.at(path, "error", "invalid-date")]


def test_leap_day_is_real(books: BooksCase) -> None:
    books.add("staff/EMP-002", OTHER_STAFF.replace("2019-04-01", "2024-02-29"))
    assert books.problems() == []


@pytest.mark.parametrize("value", ["5.1.2026", "2026-1-5", "20260105", "'2026-01-05T10:00'"])
def test_dates_must_be_iso(books: BooksCase, value: str) -> None:
    path = books.add("staff/EMP-002", OTHER_STAFF.replace("2019-04-01", f"»{value}"))
    assert books.problems() == [books.at(path, "error", "invalid-type")]


@pytest.mark.parametrize(
    "value",
    [
        "katerina",
        "katerina@",
        "'@severka.example'",
        "katerina@severka",
        "kat erina@severka.example",
        "a@b@c.example",
    ],
)
def test_emails_must_be_well_formed(books: BooksCase, value: str) -> None:
    path = books.add("staff/EMP-002", OTHER_STAFF.replace("jan@severka.example", f"»{value}"))
    assert books.problems() == [books.at(path, "error", "invalid-email")]


def test_nested_email(books: BooksCase) -> None:
    path = books.add(
        "customers/CUS-0002",
        """\
        name: Acme
        country: CZ
        contacts:
          - {name: A, email: a@acme.example}
          - {name: B, email: »b.acme.example}
        """,
    )
    assert books.problems() == [books.at(path, "error", "invalid-email")]


def test_country_and_currency_codes(books: BooksCase) -> None:
    path = books.add(
        "customers/CUS-0002",
        """\
        name: Acme
        country: »XX
        currency: »EURO
        """,
    )
    assert books.problems() == [
        books.at(path, "error", "invalid-country"),
        books.at(path, "error", "invalid-currency", 1),
    ]


# -- decimals are exact ------------------------------------------------------------


def test_decimal_spellings_are_the_same_value(books: BooksCase) -> None:
    config = load_config(books.root)
    prices = []
    for spelling in ("1250.10", '"1250.10"', "'1250.10'", "1250.1", "+1250.100"):
        text = INVOICE.replace("1000.00", spelling)
        result = loader.load_text("records/invoices/INV-2026-0001.yaml", text, config)
        assert result.problems == ()
        assert result.record is not None
        prices.append(result.record.data["lines"][0]["unit_price"])
    assert all(isinstance(price, Decimal) for price in prices)
    assert set(prices) == {Decimal("1250.1")}
    assert str(prices[0]) == "1250.10"  # the source's digits are kept


def test_raw_data_never_holds_a_float() -> None:
    raw = reading.load("a: 0.1\nb: [1.5, 2e3]\nc: {d: .5}\n")

    def floats(value: object) -> bool:
        if isinstance(value, dict):
            return any(floats(v) for v in value.values())
        if isinstance(value, list):
            return any(floats(v) for v in value)
        return isinstance(value, float)

    assert not floats(raw)


# -- whole-file problems are one problem, at line 1 ------------------------------------


def test_a_folder_that_is_no_kind(books: BooksCase) -> None:
    path = books.add("customer/CUS-0002", CUSTOMER)
    loose = books.write("records/CUS-0003.yaml", CUSTOMER)
    assert books.problems() == [
        (loose, 1, 1, "error", "unknown-kind"),
        (path, 1, 1, "error", "unknown-kind"),
    ]


def test_yml_suffix_is_a_record_and_other_files_are_ignored(books: BooksCase) -> None:
    books.write("records/customers/CUS-0002.yml", "name: Acme\ncountry: CZ\n")
    books.write("records/customers/README.md", "# not a record\n")
    books.write("records/customers/.CUS-0003.yaml", "broken: [\n")
    books.write("records/.drafts/CUS-0004.yaml", "broken: [\n")
    result = books.result()
    assert result.problems == ()
    assert result.records == 3


@pytest.mark.parametrize("value", ['""', '"  "', "''"])
def test_a_required_text_that_is_empty_is_missing(books: BooksCase, value: str) -> None:
    path = books.add("customers/CUS-0002", f"name: »{value}\ncountry: CZ\n")
    assert books.problems() == [books.at(path, "error", "missing-field")]
    assert books.messages() == ["name is empty; a required field needs a value"]
