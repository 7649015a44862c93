"""Tables → one UTF-8 CSV file per sheet, for tools that do not read ``.xlsx``.

A CSV cell has no type, so a spreadsheet guesses: text that starts like a formula
(``=``, ``+``, ``-``, ``@``, tab, carriage return, or their full-width forms) gets a
leading ``'`` as OWASP advises against CSV injection. Numbers the program computed
are written as plain decimal text (a negative amount stays a number); money with
two decimals, dates in ISO form. Files start with a byte-order mark so that Excel
reads them as UTF-8. A CSV holds the data rows only, no totals: summed by a tool or a
formula, a column with its own total in it would count everything twice (the workbook
sets its totals apart).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path

from officectl.errors import UsageError
from officectl.exports.files import write_atomically
from officectl.exports.table import Money, Table, Value

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def csv_text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_START) else value
    if isinstance(value, Money):
        return f"{value.amount:.2f}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | int):
        return str(value)
    raise TypeError(f"cannot export {type(value).__name__} {value!r}")


def file_name(sheet: str) -> str:
    """``Invoice lines`` → ``invoice-lines.csv``."""
    return re.sub(r"[^a-z0-9]+", "-", sheet.lower()).strip("-") + ".csv"


def table_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_text(name) for name in table.columns])
    for row in table.rows:
        writer.writerow([csv_text(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_csv_folder(tables: Mapping[str, Table], folder: Path) -> list[Path]:
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"cannot write CSV files into {folder}: it is a file",
                         hint="--format csv writes a folder of files; give -o a folder")
    written = []
    for name, table in tables.items():
        path = folder / file_name(name)
        write_atomically(path, table_csv(table))
        written.append(path)
    return written
