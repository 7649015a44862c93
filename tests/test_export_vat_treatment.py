"""The VAT sheet separates what a VAT return reports apart (domestic sales per rate, EU
reverse-charge services, EU supplies of goods, exports, supplies outside the scope,
exempt sales) and the EU sales sheet lists the recapitulative statement per customer
VAT ID. Expected figures are computed here from the record text."""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from cases.books import BooksCase
from conftest import RunCli

CENT = Decimal("0.01")
SLOVAK = "name: Dunaj Media a.s.\ncountry: SK\nvat_id: SK2020523813\ncurrency: EUR\n"
NORWEGIAN = 'name: Havbris Marine AS\ncountry: "NO"\nvat_id: NO921547366MVA\ncurrency: EUR\n'


def _invoice(
    customer: str,
    lines: list[tuple[str, str, str]],
    day: str,
    *,
    currency: str = "CZK",
    rate: str | None = None,
    tail: str = "",
) -> str:
    """An issued invoice; lines are (unit price, VAT rate, vat_exemption or "")."""
    text = f"customer: {customer}\ncurrency: {currency}\nlines:\n"
    for price, vat_rate, code in lines:
        text += (
            f"  - description: Item\n    quantity: 1\n    unit_price: {price}\n"
            f"    vat_rate: {vat_rate}\n"
        )
        if code:
            text += f"    vat_exemption: {code}\n"
    text += f"status: issued\nissue_date: {day}\ndue_date: 2026-02-28\n"
    if rate:
        text += f"exchange_rate: {rate}\n"
    return text + tail


INVOICES = {
    "INV-2026-0001": _invoice(
        "CUS-0001", [("1000.00", "21", ""), ("500.00", "0", "VATEX-EU-79-C")], "2026-01-05"
    ),
    "INV-2026-0002": _invoice(
        "CUS-0002",
        [("100.00", "0", "")],
        "2026-01-06",
        currency="EUR",
        rate="25.000",
        tail="reverse_charge: true\n",
    ),
    "INV-2026-0003": _invoice(
        "CUS-0002", [("200.00", "0", "VATEX-EU-IC")], "2026-01-07", currency="EUR", rate="24.5"
    ),
    "INV-2026-0004": _invoice(
        "CUS-0003",
        [("10.00", "0", "VATEX-EU-G"), ("20.00", "0", "VATEX-EU-O")],
        "2026-01-08",
        currency="EUR",
        rate="24.4",
    ),
    "INV-2026-0005": _invoice(
        "CUS-0002",
        [("-50.00", "0", "VATEX-EU-IC")],
        "2026-01-09",
        currency="EUR",
        rate="24.5",
        tail="credit_note_for: INV-2026-0003\n",
    ),
}


def _base(amount: str, rate: str = "1") -> Decimal:
    return (Decimal(amount) * Decimal(rate)).quantize(CENT, ROUND_HALF_UP)


@pytest.fixture
def exported(tmp_path: Path, run_cli: RunCli) -> Path:
    books = BooksCase(tmp_path / "books")
    books.add("customers/CUS-0002", SLOVAK)
    books.add("customers/CUS-0003", NORWEGIAN)
    for invoice_id, text in INVOICES.items():
        books.add(f"invoices/{invoice_id}", text)
    result = run_cli(
        books.root,
        "export",
        "finance",
        "--period",
        "2026-01",
        "--today",
        "2026-11-25",
        "--format",
        "csv",
        "-o",
        str(tmp_path / "out"),
    )
    assert result.exit_code == 0, result.output
    return tmp_path / "out"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_vat_sheet_separates_each_treatment(exported: Path) -> None:
    got = {
        (r["Treatment"], r["VAT rate"], r["Exemption code"]): (
            Decimal(r["Taxable base"]),
            Decimal(r["VAT"]),
            r["Invoices"],
        )
        for r in _rows(exported / "vat.csv")
        if r["Month"] == "2026-01"
    }
    assert got == {
        ("Domestic", "21", ""): (Decimal("1000.00"), _base("1000.00", "0.21"), "1"),
        ("Exempt", "0", "VATEX-EU-79-C"): (Decimal("500.00"), Decimal(0), "1"),
        ("EU reverse charge", "0", ""): (_base("100.00", "25.000"), Decimal(0), "1"),
        ("EU supply of goods", "0", "VATEX-EU-IC"): (
            _base("200.00", "24.5") + _base("-50.00", "24.5"),
            Decimal(0),
            "2",
        ),
        ("Export", "0", "VATEX-EU-G"): (_base("10.00", "24.4"), Decimal(0), "1"),
        ("Outside the scope", "0", "VATEX-EU-O"): (_base("20.00", "24.4"), Decimal(0), "1"),
    }


def test_the_eu_sales_sheet_is_the_recapitulative_statement(exported: Path) -> None:
    rows = _rows(exported / "eu-sales.csv")
    got = {
        (r["Month"], r["Country"], r["VAT ID"], r["Supply"]): Decimal(r["Taxable base"])
        for r in rows
    }
    assert got == {
        ("2026-01", "SK", "SK2020523813", "Goods"): _base("200.00", "24.5")
        + _base("-50.00", "24.5"),
        ("2026-01", "SK", "SK2020523813", "Services"): _base("100.00", "25.000"),
    }  # the Norwegian customer is outside the EU: no statement; domestic sales neither
    assert {r["Currency"] for r in rows} == {"CZK"}
    assert {r["Customer"] for r in rows} == {"CUS-0002"}


def test_the_workbook_is_byte_deterministic(
    tmp_path: Path, exported: Path, run_cli: RunCli
) -> None:
    root = tmp_path / "books"
    paths = []
    for name in ("one", "two"):
        target = tmp_path / f"{name}.xlsx"
        assert (
            run_cli(
                root,
                "export",
                "finance",
                "--period",
                "2026-01",
                "--today",
                "2026-11-25",
                "-o",
                str(target),
            ).exit_code
            == 0
        )
        paths.append(target.read_bytes())
    assert paths[0] == paths[1]


def test_the_lines_sheet_shows_each_line_s_exemption_and_unit_code(exported: Path) -> None:
    rows = [r for r in _rows(exported / "invoice-lines.csv") if r["Invoice"] == "INV-2026-0004"]
    assert [(r["VAT exemption"], r["Unit code"]) for r in rows] == [
        ("VATEX-EU-G", ""),
        ("VATEX-EU-O", ""),
    ]
