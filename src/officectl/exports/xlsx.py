"""Tables → an ``.xlsx`` workbook an accountant can open, filter and trust.

Three guarantees, each tested against the raw XML:

* A number is stored as the exact decimal text of its ``Decimal`` (``1250.10`` →
  ``1250.1``). openpyxl would format a ``Decimal`` through a binary float
  (``"%.16g"``), so cells are bound here directly, value and type, instead of
  through ``Cell.value``.
* Text is always a text cell: openpyxl turns a string starting with ``=`` into a
  formula and ``#N/A`` into an error, so the type is set, never inferred. Characters
  XML cannot carry (control characters, a carriage return it would turn into a
  line feed) are written in OOXML's ``_xHHHH_`` escape, which Excel decodes back to
  the record's exact text; a literal ``_xHHHH_`` in a record is escaped in turn.
* The same tables give the same bytes: fixed document dates and creator, and zip
  entries with a fixed timestamp, in openpyxl's fixed order.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from officectl.exports.table import Money, Table, Value

DATE_FORMAT = "yyyy-mm-dd"
MAX_WIDTH = 60
_ESCAPED = re.compile(r"_x[0-9A-Fa-f]{4}_|[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
_CURRENCY = re.compile(r"[A-Z]{3}")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_MAX_TEXT = 32767
"""Excel's limit on a cell's text."""


def money_format(currency: str) -> str:
    if not _CURRENCY.fullmatch(currency):  # the schema checks codes; never trust it here
        raise ValueError(f"not a currency code: {currency!r}")
    return f'#,##0.00 "{currency}";-#,##0.00 "{currency}"'


def ooxml_text(text: str) -> str:
    """``text`` as an OOXML string (ST_Xstring): what XML cannot hold, escaped."""
    return _ESCAPED.sub(lambda m: "_x005F" + m[0] if len(m[0]) > 1 else f"_x{ord(m[0]):04X}_",
                        text)


def number_text(value: Decimal | int) -> str:
    """The exact decimal text of a number, without trailing zeros or exponent."""
    if isinstance(value, int):
        return str(value)
    return "0" if value == 0 else format(value.normalize(), "f")


class _Styles:
    """Style records shared by cells, made once per number format (fast, and few)."""

    def __init__(self, workbook: Any) -> None:
        from openpyxl.styles import Font

        self._sheet = workbook.create_sheet("styles")
        self._cache: dict[tuple[str, bool], Any] = {}
        self._bold = Font(bold=True)
        self._workbook = workbook

    def get(self, number_format: str, bold: bool) -> Any:
        key = (number_format, bold)
        if key not in self._cache:
            cell = self._sheet.cell(row=1, column=len(self._cache) + 1)
            cell.number_format = number_format
            if bold:
                cell.font = self._bold
            self._cache[key] = cell._style
        return self._cache[key]

    def close(self) -> None:
        self._workbook.remove(self._sheet)


def _bind(cell: Any, value: Value, styles: _Styles, bold: bool) -> None:
    """Give ``cell`` the value's exact representation, type and style."""
    if isinstance(value, str):
        cell._value, cell.data_type = ooxml_text(value)[:_MAX_TEXT], "s"
        number_format = "General"
    elif isinstance(value, Money):
        cell._value, cell.data_type = number_text(value.amount), "n"
        number_format = money_format(value.currency)
    elif isinstance(value, bool):
        cell._value, cell.data_type = "1" if value else "0", "b"
        number_format = "General"
    elif isinstance(value, Decimal | int):
        cell._value, cell.data_type = number_text(value), "n"
        number_format = "General"
    elif isinstance(value, date):
        cell._value, cell.data_type = value, "d"
        number_format = DATE_FORMAT
    else:
        raise TypeError(f"cannot export {type(value).__name__} {value!r}")
    if number_format != "General" or bold:
        cell._style = styles.get(number_format, bold)


def _display_width(value: Value) -> int:
    if isinstance(value, str):
        return max(len(line) for line in value.splitlines() or [""])
    if isinstance(value, Money):
        return len(f"{value.amount:,.2f}") + 4
    if isinstance(value, date):
        return 10
    return 5 if isinstance(value, bool) else len(str(value))


def _widths(table: Table) -> list[float]:
    widths = [len(name) + 4 for name in table.columns]  # room for the filter button
    for row in (*table.rows, *table.totals):
        for index, value in enumerate(row):
            if value is not None:
                widths[index] = max(widths[index], _display_width(value) + 2)
    return [min(width, MAX_WIDTH) for width in widths]


def _write_sheet(sheet: Any, table: Table, styles: _Styles) -> None:
    from openpyxl.cell.cell import Cell
    from openpyxl.utils import get_column_letter

    cells = sheet._cells  # placed directly: ``sheet.cell()`` would bind a value first
    rows: list[tuple[Sequence[Value], bool]] = [(table.columns, True)]
    rows += [(row, False) for row in table.rows]
    if table.totals:
        rows.append(((), False))
        rows += [(row, True) for row in table.totals]
    for row_index, (row, bold) in enumerate(rows, start=1):
        for column_index, value in enumerate(row, start=1):
            if value is not None:
                cell = Cell(sheet, row=row_index, column=column_index)
                _bind(cell, value, styles, bold)
                cells[row_index, column_index] = cell
    last = get_column_letter(len(table.columns))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
    for index, width in enumerate(_widths(table), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def workbook_bytes(tables: Mapping[str, Table], *, stamp: datetime) -> bytes:
    """The workbook of ``tables`` (sheet name → table, in order), deterministically."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    workbook.remove(workbook.active)
    styles = _Styles(workbook)
    for name, table in tables.items():
        _write_sheet(workbook.create_sheet(name), table, styles)
    styles.close()
    workbook.properties.creator = "officectl"
    workbook.properties.created = workbook.properties.modified = stamp
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry's timestamp and permissions fixed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()
