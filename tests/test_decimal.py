"""Money is exact: Decimal from the source text, half-up rounding to the cent, and no
binary float anywhere. Every case here is one where float arithmetic gets it wrong,
through :func:`officectl.model.invoice.totals` and through ``validate``'s paid check.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cases.books import INVOICE, BooksCase
from conftest import PROJECT
from officectl import loader
from officectl.config import Config, load_config
from officectl.model.invoice import line_net, paid, totals
from officectl.money import round_money
from officectl.validation import load_repository

D = Decimal


def invoice(*lines: tuple[str, str, str]) -> dict[str, Any]:
    """Typed invoice data from (quantity, unit_price, vat_rate) texts."""
    return {
        "lines": [{"quantity": D(q), "unit_price": D(p), "vat_rate": D(r)} for q, p, r in lines]
    }


@pytest.mark.parametrize(
    ("quantity", "price", "net", "float_gives"),
    [
        ("3", "0.1", "0.30", 0.30000000000000004),
        ("1", "1.005", "1.01", round(1.005, 2)),
        ("1", "0.125", "0.13", round(0.125, 2)),
        ("1", "2.675", "2.68", round(2.675, 2)),
        ("1.5", "0.35", "0.53", round(1.5 * 0.35, 2)),
        ("-1", "0.125", "-0.13", round(-0.125, 2)),  # half up is away from zero, negatives too
        ("3", "-0.005", "-0.02", round(3 * -0.005, 2)),
    ],
)
def test_line_net_is_exact_and_rounds_half_up(
    quantity: str, price: str, net: str, float_gives: float
) -> None:
    result = line_net({"quantity": D(quantity), "unit_price": D(price)})
    assert result == D(net) and str(result) == net
    assert D(repr(float_gives)) != result  # float arithmetic gets this one wrong


def test_vat_is_rounded_once_per_rate_half_up() -> None:
    result = totals(invoice(("1", "0.50", "21")))
    assert (result.net, result.vat, result.total) == (D("0.50"), D("0.11"), D("0.61"))
    assert round(0.50 * 21 / 100, 2) == 0.1  # float: 0.105 is below the tie


def test_vat_is_computed_on_the_sum_of_a_rates_nets() -> None:
    # Per line the VAT would be 0.02 + 0.02 + 0.02 = 0.06; on the sum it is 0.0546 → 0.05.
    result = totals(invoice(("1", "0.13", "14"), ("1", "0.13", "14"), ("1", "0.13", "14")))
    assert [(r.rate, r.base, r.vat) for r in result.by_rate] == [(D(14), D("0.39"), D("0.05"))]


MIXED = (("3", "0.1", "21"), ("1", "1.005", "0"), ("1", "0.125", "12"), ("1.5", "0.35", "21"))
"""Nets 0.30, 1.01, 0.13, 0.53: exactly 2.16 in total; naive floats say 2.12."""


def test_totals_of_mixed_rates() -> None:
    result = totals(invoice(*MIXED))
    assert [(r.rate, r.base, r.vat) for r in result.by_rate] == [
        (D(21), D("0.83"), D("0.17")),
        (D(12), D("0.13"), D("0.02")),
        (D(0), D("1.01"), D(0)),
    ]
    assert (result.net, result.vat, result.total) == (D("1.97"), D("0.19"), D("2.16"))
    assert all(isinstance(value, Decimal) for value in (result.net, result.vat, result.total))


def test_float_arithmetic_would_get_the_total_wrong() -> None:
    nets: dict[float, float] = {}
    for quantity, price, rate in MIXED:
        nets[float(rate)] = nets.get(float(rate), 0.0) + round(float(quantity) * float(price), 2)
    total = sum(net + round(net * rate / 100, 2) for rate, net in nets.items())
    assert round(total, 2) == 2.12


def test_payments_sum_exactly() -> None:
    data = {"payments": [{"amount": D("0.1")}, {"amount": D("0.2")}]}
    assert paid(data) == D("0.3")
    assert 0.1 + 0.2 != 0.3


def test_round_money_is_half_up() -> None:
    assert [round_money(D(v)) for v in ("0.005", "0.015", "-0.005", "2.345", "-2.345")] == [
        D("0.01"),
        D("0.02"),
        D("-0.01"),
        D("2.35"),
        D("-2.35"),
    ]


def test_huge_amounts_stay_exact() -> None:
    # Past Python's default 28 digits: rounded there, and quantize raised InvalidOperation.
    result = totals(invoice(("999999999999999", "999999999999999.99", "21")))
    assert str(result.net) == "999999999999998990000000000000.01"
    assert str(result.vat) == "209999999999999787900000000000.00"
    assert str(result.total) == "1209999999999998777900000000000.01"


# -- through validate's paid check ---------------------------------------------------

MIXED_LINES = """\
lines:
  - {description: Screws, quantity: 3, unit_price: 0.1, vat_rate: 21}
  - {description: Stamp, quantity: 1, unit_price: "1.005", vat_rate: 0,
     vat_exemption: VATEX-EU-79-C}
  - {description: Book page, quantity: 1, unit_price: 0.125, vat_rate: 12}
  - {description: Tea, quantity: 1.5, unit_price: '0.35', vat_rate: 21}
"""


@pytest.fixture
def books(tmp_path: Path) -> BooksCase:
    return BooksCase(tmp_path / "books")


def mixed_invoice(amount: str) -> str:
    head, tail = INVOICE.split("lines:\n")
    tail = tail.split("status: issued\n")[1]
    return (
        head
        + MIXED_LINES
        + "status: »paid\n"
        + tail
        + f"payments:\n  - {{date: 2026-01-10, amount: {amount}}}\n"
    )


def test_paid_exactly_by_the_decimal_total(books: BooksCase) -> None:
    books.add("invoices/INV-2026-0001", mixed_invoice("2.16"))
    assert books.problems() == []


def test_a_payment_of_a_fraction_of_a_cent_is_refused(books: BooksCase) -> None:
    books.add("invoices/INV-2026-0001", mixed_invoice("2.159"))
    assert sorted(p[-1] for p in books.problems()) == ["paid-mismatch", "too-many-decimals"]


@pytest.mark.parametrize("amount", ["2.12", "2.15"])
def test_paid_by_what_floats_would_say_is_a_mismatch(books: BooksCase, amount: str) -> None:
    path = books.add("invoices/INV-2026-0001", mixed_invoice(amount))
    assert books.problems() == [books.at(path, "error", "paid-mismatch")]
    left = D("2.16") - D(amount)
    assert books.messages() == [
        f"status is paid but payments of {amount} leave {left} of 2.16 open"
    ]


def test_overpaid_by_a_cent(books: BooksCase) -> None:
    path = books.add(
        "invoices/INV-2026-0001",
        mixed_invoice("2.17")
        .replace("status: »paid", "status: issued")
        .replace("  - {date", "  »- {date"),
    )
    assert books.problems() == [books.at(path, "error", "overpaid")]


# -- no float anywhere, and decimals round-trip from the text ---------------------------


def _floats(value: object) -> bool:
    if isinstance(value, dict):
        return any(_floats(v) for v in value.values())
    if isinstance(value, list):
        return any(_floats(v) for v in value)
    return isinstance(value, float)


def test_the_sample_company_holds_no_float() -> None:
    repo, problems = load_repository(load_config(PROJECT))
    assert problems == []
    assert not any(_floats(record.data) for record in repo.all())
    amounts = [
        line["unit_price"]
        for record in repo.of_kind("invoices")
        for line in record.get("lines", ())
    ]
    assert amounts and all(isinstance(amount, Decimal) for amount in amounts)


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    return load_config(BooksCase(tmp_path_factory.mktemp("decimals")).root)


DECIMALS = st.decimals(
    min_value=D("-999999999999999"),
    max_value=D("999999999999999"),
    allow_nan=False,
    allow_infinity=False,
    places=None,
).filter(lambda d: d.as_tuple().exponent >= -6)  # type: ignore[operator]
"""Unit prices validate accepts: up to 6 decimals (``too-many-decimals`` beyond)."""


@settings(max_examples=200, deadline=None)
@given(value=DECIMALS, spelling=st.sampled_from(["{}", '"{}"', "'{}'", "{:f}", '"{:f}"']))
def test_any_decimal_in_a_record_comes_back_exactly(
    config: Config, value: Decimal, spelling: str
) -> None:
    written = spelling.format(value)
    text = INVOICE.replace("unit_price: 1000.00", "unit_price: " + written)
    result = loader.load_text(
        "records/invoices/INV-DRAFT-x.yaml", text.replace("status: issued", "status: draft"), config
    )
    assert result.record is not None
    if "E" in written:  # str() of a Decimal may use an exponent: refused, never guessed
        assert [p for p in result.problems if p.code == "invalid-type"]
        return
    price = result.record.data["lines"][0]["unit_price"]
    assert price == value
    assert price.as_tuple() == value.as_tuple()  # the same digits and exponent, too
    assert not [p for p in result.problems if p.code in ("invalid-type", "out-of-range")]


def test_huge_amounts_validate_without_a_traceback(books: BooksCase) -> None:
    """Each at the bound of an amount, their product is refused (no command could print
    it exactly), as a problem at the line, never a traceback."""
    books.add(
        "invoices/INV-2026-0001",
        INVOICE.replace("quantity: 10", "quantity: 999999999999999").replace(
            "1000.00", "999999999999999.99"
        ),
    )
    assert [p[-1] for p in books.problems()] == ["amount-too-large"]
