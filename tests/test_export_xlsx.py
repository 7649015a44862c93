"""The workbook writer alone: any text and any Decimal survive the trip model → xlsx →
values exactly, read by an independent reader (python-calamine) and from the raw XML."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

import xlsx_reference
from officectl.config import load_config
from officectl.exports import xlsx
from officectl.exports.finance import finance_export
from officectl.exports.sheets import build_tables
from officectl.exports.table import Money, SheetTable
from officectl.exports.xlsx import FIRST_DATE, money_format, number_text, workbook_bytes
from officectl.periods import parse_period
from officectl.validation import load_repository

STAMP = datetime(2026, 11, 25)
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
amounts = st.decimals(
    min_value=Decimal("-1e12"),
    max_value=Decimal("1e12"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)
numbers = st.decimals(
    min_value=Decimal("-1e9"),
    max_value=Decimal("1e9"),
    places=6,
    allow_nan=False,
    allow_infinity=False,
)


def _read(data: bytes, sheet: str) -> list[list[object]]:
    path = io.BytesIO(data)
    return CalamineWorkbook.from_filelike(path).get_sheet_by_name(sheet).to_python()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(texts, amounts, numbers, st.dates(min_value=FIRST_DATE)), min_size=1, max_size=8
    )
)
def test_values_survive_the_round_trip(rows: list[tuple[str, Decimal, Decimal, date]]) -> None:
    table = SheetTable(
        ("Text", "Money", "Number", "Date"),
        [(text, Money(money, "EUR"), number, day) for text, money, number, day in rows],
    )
    data = workbook_bytes({"Data": table}, stamp=STAMP)
    read = _read(data, "Data")[1:]
    for (text, money, _, day), got in zip(rows, read, strict=True):
        assert got[0] == text
        assert Decimal(repr(got[1])) == money  # the float Excel shows, exact to the cent
        assert got[3] == day
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    for _, money, number, _ in rows:
        assert f"<v>{number_text(money)}</v>" in xml and f"<v>{number_text(number)}</v>" in xml
        assert Decimal(number_text(number)) == number


def test_number_text_is_exact_and_plain() -> None:
    assert number_text(Decimal("1250.10")) == "1250.1"
    assert number_text(Decimal("0.30")) == "0.3"
    assert number_text(Decimal("-0.00")) == "0"
    assert number_text(Decimal("1E+3")) == "1000"
    assert number_text(Decimal("12345678901234.56")) == "12345678901234.56"
    assert number_text(7) == "7"


def test_same_tables_same_bytes_with_fixed_zip_times() -> None:
    table = SheetTable(
        ("A", "B"),
        [("x", Money(Decimal("1.10"), "CZK"))],
        [("Total", Money(Decimal("1.10"), "CZK"))],
    )
    first = workbook_bytes({"S": table}, stamp=STAMP)
    assert workbook_bytes({"S": table}, stamp=STAMP) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert "2026-11-25T00:00:00Z" in core and "officectl" in core
    sheet = openpyxl.load_workbook(io.BytesIO(first))["S"]
    assert sheet["A3"].value is None  # the empty row between data and totals
    assert sheet["A4"].value == "Total" and sheet["A4"].font.bold
    assert sheet.auto_filter.ref == "A1:B2"  # the totals stay out of the filter


def test_dates_excel_cannot_count_are_written_as_iso_text() -> None:
    table = SheetTable(("Date",), [(date(1900, 2, 28),), (date(1900, 3, 1),), (date(1, 1, 1),)])
    read = _read(workbook_bytes({"S": table}, stamp=STAMP), "S")[1:]
    assert read == [["1900-02-28"], [date(1900, 3, 1)], ["0001-01-01"]]


def test_currency_codes_are_checked_before_they_reach_a_number_format() -> None:
    assert money_format("EUR") == '#,##0.00 "EUR";-#,##0.00 "EUR"'
    with pytest.raises(ValueError, match="not a currency code"):
        money_format('EUR"@')


def test_unknown_value_types_are_refused() -> None:
    with pytest.raises(TypeError, match="float"):
        workbook_bytes({"S": SheetTable(("A",), [(0.1,)])}, stamp=STAMP)  # type: ignore[arg-type]


ODD_TABLE = SheetTable(
    ("Text", "Amount", "Count", "Day", "Flag"),
    [
        ("plain", Money(Decimal("1250.10"), "EUR"), Decimal("0.30"), date(2025, 1, 31), True),
        (
            "two\nlines\u2028and a separator",
            Money(Decimal("-3"), "CZK"),
            7,
            date(1899, 1, 1),
            False,
        ),
        ("=1+1 & <b> _x0041_ \x07 \r", None, Decimal("-0.00"), FIRST_DATE, None),
        ("", Money(Decimal("12345678901234.56"), "USD"), 2**70, None, True),
        (None, None, None, None, None),
    ],
    totals=[("Total", Money(Decimal("1247.10"), "EUR"), 8, date(2026, 11, 25), False)],
)


def test_rows_joined_from_cell_openings_give_the_same_bytes(
    sample_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fast writer's workbooks are byte for byte the one-call-a-cell writer's: for
    every sheet of the sample's finance export and for a table of every value type."""
    repo, _ = load_repository(load_config(sample_repo))
    workbooks = [{"Odd": ODD_TABLE, "Again": ODD_TABLE}]
    for year in ("2025", "2026"):
        export = finance_export(repo, parse_period(year), date(2026, 11, 25), "export")
        workbooks.append(build_tables(export))
    fast = [workbook_bytes(tables, stamp=STAMP) for tables in workbooks]
    monkeypatch.setattr(xlsx, "_sheet_data", xlsx_reference._sheet_data)
    assert [workbook_bytes(tables, stamp=STAMP) for tables in workbooks] == fast


def test_the_writer_loads_openpyxl_without_numpy_and_leaves_numpy_importable() -> None:
    """numpy's import was a fifth of an export; nothing the writer does needs it."""
    script = (
        "import importlib.util, sys\n"
        "from datetime import datetime\n"
        "from officectl.exports.table import SheetTable\n"
        "from officectl.exports.xlsx import workbook_bytes\n"
        "workbook_bytes({'S': SheetTable(('A',), [(1,)])}, stamp=datetime(2026, 1, 1))\n"
        "assert 'openpyxl' in sys.modules and 'numpy' not in sys.modules\n"
        "if importlib.util.find_spec('numpy'):\n"
        "    import numpy\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=300)
