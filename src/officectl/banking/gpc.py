"""The Czech GPC/ABO statement: fixed-width records of 128 characters (BANKING.md §2).

A ``074`` header starts each statement, ``075`` records are its transactions.
Positions are 1-based as the format's description gives them; the file is
Windows-1250 (Fio) — UTF-8 is taken too. Posting code 1 is a debit, 2 a credit,
3–5 a storno (Česká spořitelna 3/4, Fio 4/5). The transaction's currency is the ISO
4217 numeric code in positions 120–122 where a bank writes one (203 CZK, 978 EUR …),
else CZK, the currency of a Czech account.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from officectl.banking.statement import Entry, StatementError

RECORD_LENGTH = 128
_NUMERIC_CURRENCIES = {
    "203": "CZK",
    "978": "EUR",
    "840": "USD",
    "826": "GBP",
    "756": "CHF",
    "985": "PLN",
}


def _field(line: str, first: int, last: int) -> str:
    """Positions ``first``–``last``, 1-based and inclusive, as the format names them."""
    return line[first - 1 : last]


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1250", errors="replace")


def parse_gpc(data: bytes, name: str) -> list[Entry]:
    entries = []
    header_seen = False
    for number, raw in enumerate(_decode(data).splitlines(), 1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        where = f"{name}:{number}"
        kind = line[:3]
        if kind not in ("074", "075", "076", "078", "079"):
            raise StatementError(
                f"{where}: record type {kind!r} is not a GPC record (074 header, 075 transaction)"
            )
        if len(line) < 122 and kind in ("074", "075"):
            raise StatementError(
                f"{where}: a {kind} record has {len(line)} characters, not {RECORD_LENGTH}"
            )
        if kind == "074":
            header_seen = True
        elif kind == "075":
            if not header_seen:
                raise StatementError(f"{where}: a 075 transaction before any 074 header")
            entries.append(_transaction(line.ljust(RECORD_LENGTH), where))
    if not header_seen:
        raise StatementError(f"{name}: no 074 header record")
    return entries


def _transaction(line: str, where: str) -> Entry:
    cents = _field(line, 49, 60)
    code = _field(line, 61, 61)
    if not cents.isdigit():
        raise StatementError(f"{where}: positions 49–60 {cents!r} are not an amount in haléře")
    if code not in "12345" or not code:
        raise StatementError(f"{where}: posting code (position 61) {code!r} is not 1–5")
    key = _field(line, 36, 48).strip()
    if not key.strip("0"):
        raise StatementError(f"{where}: no document number (positions 36–48) to key the entry by")
    booked = _date(_field(line, 123, 128), where) or _date(_field(line, 92, 97), where)
    if booked is None:
        raise StatementError(f"{where}: no date in positions 123–128 or 92–97")
    variable = _field(line, 62, 71).strip().lstrip("0")
    account = _field(line, 20, 35).strip().lstrip("0")
    bank = _field(line, 74, 77).strip()
    currency = _NUMERIC_CURRENCIES.get(_field(line, 120, 122), "CZK")
    return Entry(
        key=key,
        booked=booked,
        amount=Decimal(int(cents)).scaleb(-2),  # haléře: always two decimals
        currency=currency,
        credit=code == "2",
        reversal=code in "345",
        payer=_field(line, 98, 117).strip() or None,
        payer_account=f"{account}/{bank}" if account and bank else account or None,
        references=(variable,) if variable else (),
        where=where,
    )


def _date(text: str, where: str) -> date | None:
    if not text.strip("0 "):
        return None
    try:
        return date(2000 + int(text[4:6]), int(text[2:4]), int(text[0:2]))
    except ValueError:
        raise StatementError(f"{where}: {text!r} is not a ddmmyy date") from None
