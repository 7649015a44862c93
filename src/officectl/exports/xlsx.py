"""Tables → an ``.xlsx`` workbook an accountant can open, filter and trust.

openpyxl builds the package: sheets, styles and number formats, frozen header,
filters, column widths, document properties. The cells themselves are serialised
here and put into each sheet's empty ``<sheetData>``, for two reasons:

* exactness: openpyxl writes a ``Decimal`` through a binary float (``"%.16g"``), and
  infers a formula from any text starting with ``=``. Here a number is stored as the
  exact text of its ``Decimal`` (``1250.10`` → ``1250.1``) and text is always an
  inline string, never a formula or an error value. What XML cannot carry (control
  characters) is written in OOXML's ``_xHHHH_`` escape, which Excel decodes back to
  the record's exact text; a literal ``_xHHHH_`` in a record is escaped in turn.
* speed: openpyxl's pure-Python XML writer costs ~20 µs a cell, an order of
  magnitude more than the string building below (issue 7 budgets the export at
  1.5× the cold load of the repository).

The same tables give the same bytes: fixed document dates and creator, and zip
entries with a fixed timestamp, in openpyxl's fixed order.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from officectl.exports.table import CellValue, Money, SheetTable

DATE_FORMAT = "yyyy-mm-dd"
MAX_WIDTH = 60
MAX_TEXT = 32767
"""Excel's limit on a cell's text; longer text is cut there."""
_ESCAPED = re.compile(r"_x[0-9A-Fa-f]{4}_|[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPECIAL = re.compile(r"[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]|_x")
_CURRENCY = re.compile(r"[A-Z]{3}")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_EPOCH = date(1899, 12, 30)
FIRST_DATE = date(1900, 3, 1)
"""Excel's 1900 date system counts a 29 February 1900 that never was: earlier serial
numbers are off by one, and before 1900 there are none. Such dates are written as
ISO text."""
_EMPTY_DATA = "<sheetData></sheetData>"
_DIMENSION = re.compile(r'<dimension ref="[A-Z0-9:]+" ?/>')


@lru_cache(maxsize=64)
def money_format(currency: str) -> str:
    if not _CURRENCY.fullmatch(currency):  # the schema checks codes; never trust it here
        raise ValueError(f"not a currency code: {currency!r}")
    return f'#,##0.00 "{currency}";-#,##0.00 "{currency}"'


def ooxml_text(text: str) -> str:
    """``text`` as the XML content of an OOXML string (ST_Xstring), escaped."""
    text = text[:MAX_TEXT]
    if _SPECIAL.search(text) is None:  # the common case, kept fast
        return text
    escaped = _ESCAPED.sub(
        lambda m: "_x005F" + m[0] if len(m[0]) > 1 else f"_x{ord(m[0]):04X}_", text
    )
    return escape(escaped, {"\r": "&#13;"})


def number_text(value: Decimal | int) -> str:
    """The exact decimal text of a number, without trailing zeros or exponent."""
    if isinstance(value, int):
        return str(value)
    return "0" if value == 0 else format(value.normalize(), "f")


class _Styles:
    """Style ids (``s="…"``) registered with openpyxl, one per number format and weight."""

    def __init__(self, workbook: Any) -> None:
        from openpyxl.styles import Font

        self._sheet = workbook.create_sheet("styles")
        self._ids: dict[tuple[str, bool], str] = {}
        self._bold = Font(bold=True)

    def attribute(self, number_format: str, bold: bool) -> str:
        key = (number_format, bold)
        if key not in self._ids:
            cell = self._sheet.cell(row=1, column=len(self._ids) + 1)
            cell.number_format = number_format
            if bold:
                cell.font = self._bold
            self._ids[key] = f' s="{cell.style_id}"' if cell.style_id else ""
        return self._ids[key]

    def close(self, workbook: Any) -> None:
        workbook.remove(self._sheet)


def _rows(table: SheetTable) -> Iterator[tuple[Sequence[CellValue], bool]]:
    """Header (bold), data, an empty row, totals (bold)."""
    yield table.columns, True
    for row in table.rows:
        yield row, False
    if table.totals:
        yield (), False
        for row in table.totals:
            yield row, True


@dataclass
class _SheetData:
    xml: str
    rows: int
    widths: list[float]
    """Per column, fitted to the longest value shown (within :data:`MAX_WIDTH`)."""


def _sheet_data(table: SheetTable, styles: _Styles) -> _SheetData:
    """The sheet's ``<sheetData>``: one join per row over per-column cell openings.

    A cell used to be one call that found its type and style and formatted its XML
    (~5 µs, most of an export of many invoices). Here the opening of every cell
    (``<c r="B``) is known per column, a style's attribute per (format, weight) once
    per sheet, and the type is told by ``type(value) is …``; ``tests/test_export_xlsx.py``
    compares the bytes with the one-call-a-cell writer's. Styles are still registered in
    the order cells first use them, so their ids, and the bytes, are as before.
    """
    from openpyxl.utils import get_column_letter

    opening = [f'<c r="{get_column_letter(i)}' for i in range(1, len(table.columns) + 1)]
    widths = [len(name) + 4 for name in table.columns]  # room for the filter button
    style: dict[tuple[str, bool], str] = {}

    def attribute(number_format: str, bold: bool) -> str:
        key = (number_format, bold)
        found = style.get(key)
        if found is None:
            found = style[key] = styles.attribute(number_format, bold)
        return found

    parts = ["<sheetData>"]
    count = 0
    for count, (row, bold) in enumerate(_rows(table), start=1):
        number = str(count)
        cells = [f'<row r="{number}">']
        for index, value in enumerate(row):
            if value is None:
                continue
            kind = type(value)
            if kind is str or isinstance(value, str):
                text: str = value  # type: ignore[assignment]
                width = (
                    len(text) if text.isprintable() else max(map(len, text.splitlines()), default=0)
                )
                cells.append(
                    f'{opening[index]}{number}"{attribute("General", bold)} '
                    f't="inlineStr"><is><t xml:space="preserve">'
                    f"{ooxml_text(text)}</t></is></c>"
                )
            else:
                xml, width = _value_cell(value, attribute, bold)
                if xml is None:  # a date Excel cannot count: ISO text
                    text = value.isoformat()  # type: ignore[union-attr]
                    width = len(text)
                    cells.append(
                        f'{opening[index]}{number}"{attribute("General", bold)} '
                        f't="inlineStr"><is><t xml:space="preserve">'
                        f"{ooxml_text(text)}</t></is></c>"
                    )
                else:
                    cells.append(f"{opening[index]}{number}{xml}")
            if width + 2 > widths[index]:
                widths[index] = width + 2
        cells.append("</row>")
        parts.append("".join(cells))
    parts.append("</sheetData>")
    return _SheetData("".join(parts), count, [min(w, MAX_WIDTH) for w in widths])


def _value_cell(value: CellValue, attribute: Any, bold: bool) -> tuple[str | None, int]:
    """A cell other than text, from the closing quote of its reference on, and the
    width its shown value needs; None for a date before :data:`FIRST_DATE`."""
    if isinstance(value, Money):
        text = number_text(value.amount)
        return (
            f'"{attribute(money_format(value.currency), bold)} t="n"><v>{text}</v></c>',
            len(text) + len(text) // 3 + 7,
        )  # separators, decimals, currency
    if isinstance(value, bool):
        return f'"{attribute("General", bold)} t="b"><v>{int(value)}</v></c>', 5
    if isinstance(value, Decimal | int):
        text = number_text(value)
        return f'"{attribute("General", bold)} t="n"><v>{text}</v></c>', len(text)
    if isinstance(value, date) and not isinstance(value, datetime):
        if value < FIRST_DATE:
            return None, 0
        return (f'"{attribute(DATE_FORMAT, bold)} t="n"><v>{(value - _EPOCH).days}</v></c>', 10)
    raise TypeError(f"cannot export {type(value).__name__} {value!r}")


def _layout(sheet: Any, table: SheetTable, widths: list[float]) -> None:
    from openpyxl.utils import get_column_letter

    last = get_column_letter(len(table.columns))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def workbook_bytes(tables: Mapping[str, SheetTable], *, stamp: datetime) -> bytes:
    """The workbook of ``tables`` (sheet name → table, in order), deterministically."""
    with _numpy_hidden():
        from openpyxl import Workbook
        from openpyxl.utils import get_column_letter
        from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    workbook.remove(workbook.active)
    styles = _Styles(workbook)
    filled: list[tuple[Any, str, str]] = []
    for name, table in tables.items():
        sheet = workbook.create_sheet(name)
        data = _sheet_data(table, styles)
        _layout(sheet, table, data.widths)
        last = get_column_letter(len(table.columns))
        filled.append((sheet, f'<dimension ref="A1:{last}{data.rows}" />', data.xml))
    styles.close(workbook)
    workbook.properties.creator = "officectl"
    workbook.properties.created = workbook.properties.modified = stamp
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED) as archive:  # compressed once, below
        ExcelWriter(workbook, archive).write_data()  # not save_workbook: it stamps the clock
    # each sheet knows its part name once written
    return _repack(
        raw.getvalue(),
        {sheet.path.lstrip("/"): (dimension, cells) for sheet, dimension, cells in filled},
    )


@contextmanager
def _numpy_hidden() -> Iterator[None]:
    """While openpyxl is first imported, ``import numpy`` fails as if it were missing.

    openpyxl imports numpy, when installed, only to accept numpy numbers as cell values;
    this writer never gives it any (it writes the cells itself), and numpy's import
    took a fifth of an export. Afterwards numpy imports as ever, for anyone else."""
    if "numpy" in sys.modules or "openpyxl" in sys.modules:
        yield
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if sys.modules.get("numpy", False) is None:
            del sys.modules["numpy"]


def _fill(xml: str, dimension: str, cells: str) -> str:
    if xml.count(_EMPTY_DATA) != 1 or len(_DIMENSION.findall(xml)) != 1:
        raise RuntimeError("openpyxl wrote an unexpected worksheet layout")  # pragma: no cover
    return _DIMENSION.sub(dimension, xml).replace(_EMPTY_DATA, cells)


def _repack(package: bytes, data: Mapping[str, tuple[str, str]]) -> bytes:
    """The package with the cells filled in and every entry's timestamp fixed."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename in data:
                dimension, cells = data[entry.filename]
                content = _fill(content.decode("utf-8"), dimension, cells).encode("utf-8")
            info = zipfile.ZipInfo(entry.filename, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, content)
    return out.getvalue()
