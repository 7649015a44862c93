"""Tables → one UTF-8 CSV file per sheet, for tools that do not read ``.xlsx``.

Cells follow the one CSV cell policy (:mod:`officectl.csv_cells`): text quoted and
never a formula, numbers the program computed bare (a negative amount stays a
number); money with two decimals, dates in ISO form. Files start with a byte-order
mark so that Excel reads them as UTF-8. A CSV holds the data rows only, no totals:
summed by a tool or a formula, a column with its own total in it would count
everything twice (the workbook sets its totals apart).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path

from officectl.csv_cells import csv_line, number_cell, text_cell
from officectl.errors import UsageError
from officectl.exports.files import write_atomically
from officectl.exports.table import CellValue, Money, SheetTable


def csv_text(value: CellValue) -> str:
    """A value as a CSV cell: amounts and counts bare, everything else quoted text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return text_cell(value)
    if isinstance(value, Money):
        return number_cell(f"{value.amount:.2f}")
    if isinstance(value, bool):
        return text_cell("true" if value else "false")
    if isinstance(value, date):
        return text_cell(value.isoformat())
    if isinstance(value, Decimal | int):
        return number_cell(str(value))
    raise TypeError(f"cannot export {type(value).__name__} {value!r}")


def file_name(sheet: str) -> str:
    """``Invoice lines`` → ``invoice-lines.csv``."""
    return re.sub(r"[^a-z0-9]+", "-", sheet.lower()).strip("-") + ".csv"


def table_csv(table: SheetTable) -> bytes:
    lines = [csv_line(csv_text(name) for name in table.columns)]
    lines += [csv_line(csv_text(value) for value in row) for row in table.rows]
    return ("\ufeff" + "".join(lines)).encode("utf-8")


def write_csv_folder(tables: Mapping[str, SheetTable], folder: Path) -> list[Path]:
    if folder.exists() and not folder.is_dir():
        raise UsageError(
            f"cannot write CSV files into {folder}: it is a file",
            hint="--format csv writes a folder of files; give -o a folder",
        )
    written = []
    for name, table in tables.items():
        path = folder / file_name(name)
        write_atomically(path, table_csv(table))
        written.append(path)
    return written
