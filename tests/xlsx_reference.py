"""The workbook writer as it was before rows were joined from cell openings (issue 17):
one call a cell. ``tests/test_export_xlsx.py`` puts it in place of the fast writer and
compares the bytes of both workbooks."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from officectl.exports.table import CellValue, Money, SheetTable
from officectl.exports.xlsx import (
    _EPOCH,
    DATE_FORMAT,
    FIRST_DATE,
    MAX_WIDTH,
    _rows,
    _SheetData,
    _Styles,
    money_format,
    number_text,
    ooxml_text,
)


def _cell(ref: str, value: CellValue, styles: _Styles, bold: bool) -> tuple[str, int]:
    """The cell's XML, and the width its shown value needs."""
    if isinstance(value, str):
        width = max(map(len, value.splitlines()), default=0)
        return (
            f'<c r="{ref}"{styles.attribute("General", bold)} t="inlineStr"><is>'
            f'<t xml:space="preserve">{ooxml_text(value)}</t></is></c>',
            width,
        )
    if isinstance(value, Money):
        style, kind = styles.attribute(money_format(value.currency), bold), "n"
        text = number_text(value.amount)
        width = len(text) + len(text) // 3 + 7  # separators, decimals, currency
    elif isinstance(value, bool):
        style, kind, text, width = styles.attribute("General", bold), "b", str(int(value)), 5
    elif isinstance(value, Decimal | int):
        style, kind, text = styles.attribute("General", bold), "n", number_text(value)
        width = len(text)
    elif isinstance(value, date) and not isinstance(value, datetime):
        if value < FIRST_DATE:
            return _cell(ref, value.isoformat(), styles, bold)
        style, kind, width = styles.attribute(DATE_FORMAT, bold), "n", 10
        text = str((value - _EPOCH).days)
    else:
        raise TypeError(f"cannot export {type(value).__name__} {value!r}")
    return f'<c r="{ref}"{style} t="{kind}"><v>{text}</v></c>', width


def _sheet_data(table: SheetTable, styles: _Styles) -> _SheetData:
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(i) for i in range(1, len(table.columns) + 1)]
    widths = [len(name) + 4 for name in table.columns]  # room for the filter button
    parts = ["<sheetData>"]
    count = 0
    for count, (row, bold) in enumerate(_rows(table), start=1):
        parts.append(f'<row r="{count}">')
        for index, value in enumerate(row):
            if value is not None:
                xml, width = _cell(f"{letters[index]}{count}", value, styles, bold)
                parts.append(xml)
                if width + 2 > widths[index]:
                    widths[index] = width + 2
        parts.append("</row>")
    parts.append("</sheetData>")
    return _SheetData("".join(parts), count, [min(w, MAX_WIDTH) for w in widths])
