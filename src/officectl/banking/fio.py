"""Fio banka's CSV transaction export (BANKING.md §2).

Account-information lines come first, then the header line that starts with ``ID
pohybu``; columns are found by their header names, so a newer export with extra
columns (``Reference plátce``) reads the same. ``;``-separated, dates ``dd.mm.yyyy``,
a decimal comma, a negative ``Objem`` for money going out. UTF-8 (with or without a
byte-order mark), else Windows-1250.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from decimal import Decimal

from officectl.banking.statement import Entry, StatementError

_REQUIRED = ("ID pohybu", "Datum", "Objem", "Měna")
_AMOUNT = re.compile(r"-?[0-9]{1,15}(,[0-9]{1,5})?")
_VS_TEXT = re.compile(r"/VS/\s*([0-9]{1,10})\b")


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1250", errors="strict")


def parse_fio_csv(data: bytes, name: str) -> list[Entry]:
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        raise StatementError(f"{name}: neither UTF-8 nor Windows-1250 text") from None
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    start = next((i for i, row in enumerate(rows) if row and row[0].strip() == "ID pohybu"), None)
    if start is None:
        raise StatementError(
            f"{name}: no header line starting with 'ID pohybu'",
            hint="export the statement from Fio as CSV",
        )
    header = [cell.strip() for cell in rows[start]]
    missing = [column for column in _REQUIRED if column not in header]
    if missing:
        raise StatementError(f"{name}:{start + 1}: the header has no column {', '.join(missing)}")
    column = {title: i for i, title in enumerate(header)}
    entries = []
    for number, row in enumerate(rows[start + 1 :], start + 2):
        if not any(cell.strip() for cell in row):
            continue
        where = f"{name}:{number}"

        def cell(title: str, row: list[str] = row) -> str:
            i = column.get(title)
            return row[i].strip() if i is not None and i < len(row) else ""

        amount = cell("Objem").replace(" ", "").replace("\u00a0", "")
        if not _AMOUNT.fullmatch(amount):
            raise StatementError(
                f"{where}: Objem {amount!r} is not an amount (digits with a decimal comma)"
            )
        value = Decimal(amount.replace(",", "."))
        try:
            booked = datetime.strptime(cell("Datum"), "%d.%m.%Y").date()
        except ValueError:
            raise StatementError(
                f"{where}: Datum {cell('Datum')!r} is not a dd.mm.yyyy date"
            ) from None
        key = cell("ID pohybu")
        currency = cell("Měna").upper()
        if not key or not re.fullmatch(r"[A-Z]{3}", currency):
            raise StatementError(
                f"{where}: every line needs its ID pohybu and a Měna currency code"
            )
        message = cell("Zpráva pro příjemce")
        references = [r for r in (cell("VS"), *_VS_TEXT.findall(message)) if r]
        account = cell("Protiúčet")
        bank = cell("Kód banky")
        entries.append(
            Entry(
                key=key,
                booked=booked,
                amount=abs(value),
                currency=currency,
                credit=value > 0,
                payer=cell("Název protiúčtu") or None,
                payer_account=f"{account}/{bank}" if account and bank else account or None,
                references=tuple(dict.fromkeys(references)),
                text=message,
                where=where,
            )
        )
    return entries
