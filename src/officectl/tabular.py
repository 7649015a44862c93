"""Rows of typed values rendered for people, for programs and for spreadsheets.

A :class:`ViewTable` is columns plus rows, each row a mapping from a column's key to a
value that stays typed (``Decimal``, ``date``, ``int``, ``str``, lists) until it is
rendered in one of :data:`FORMATS`:

``table``
    aligned columns for a terminal, numbers right-aligned, control characters in
    record text made visible so a record cannot drive the terminal.
``json``
    one document on stdout; money stays exact as decimal *strings*, dates are ISO.
``csv``
    RFC 4180 with a header of column keys, cells by the one CSV cell policy
    (:mod:`officectl.csv_cells`): text quoted and never a formula, numbers the
    program computed bare, so a negative amount stays a number.

The *text form* of a value (:func:`text_form`) is how every format but JSON spells
it, and what ``list --where`` compares against.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from officectl.csv_cells import csv_line, number_cell, text_cell
from officectl.terminal import one_line

FORMATS = ("table", "json", "csv")
Row = Mapping[str, Any]


@dataclass(frozen=True)
class ViewColumn:
    key: str
    header: str = ""
    """What the terminal table shows above the column (default: the key)."""

    @property
    def title(self) -> str:
        return self.header or self.key


@dataclass(frozen=True)
class ViewTable:
    columns: tuple[ViewColumn, ...]
    rows: Sequence[Row]
    totals: Sequence[Row] = ()
    """Summary rows the terminal shows under a rule; CSV leaves them out (a
    spreadsheet sums for itself) and JSON carries them in :attr:`document`."""
    document: Any = field(default=None, compare=False)
    """What ``--format json`` prints (default: the rows, restricted to the columns)."""


def columns(*keys: str | tuple[str, str]) -> tuple[ViewColumn, ...]:
    """``columns("id", ("close_month", "close"))`` → columns, some with a header."""
    return tuple(ViewColumn(*key) if isinstance(key, tuple) else ViewColumn(key) for key in keys)


def render(table: ViewTable, output_format: str) -> str:
    if output_format == "json":
        document = (
            table.document
            if table.document is not None
            else [{c.key: row.get(c.key) for c in table.columns} for row in table.rows]
        )
        return render_json(document)
    if output_format == "csv":
        return render_csv(table)
    return render_table(table)


def text_form(value: Any) -> str:
    """A value as text: Decimal as written, ISO dates, true/false, lists joined, None ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(text_form(item) for item in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {text_form(v)}" for k, v in value.items())
    if isinstance(value, bytes):
        return blob_text(value)
    return str(value)


_BLOB_KEPT = frozenset(range(0x20, 0x7F)) - {0x22, 0x27, 0x5C}


def blob_text(value: bytes) -> str:
    """A BLOB as DuckDB casts it to text (``::VARCHAR``): printable ASCII as is, other
    bytes, quotes and the backslash as ``\\xHH``; ``::BLOB`` reads it back."""
    return "".join(chr(b) if b in _BLOB_KEPT else f"\\x{b:02X}" for b in value)


def to_json(value: Any) -> Any:
    """``json.dumps``' fallback: Decimal → exact string, date and time → ISO; what else
    a query may return (an interval, a UUID, a BLOB) → its text form, as in a table."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta | UUID | bytes):
        return text_form(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def render_json(document: Any) -> str:
    """``document`` as JSON; a float that is not a number (NaN, infinity: a query's own
    float arithmetic) is ``null``, since JSON has no such value and readers refuse it."""
    try:
        text = json.dumps(document, default=to_json, ensure_ascii=False, indent=2, allow_nan=False)
    except ValueError:
        text = json.dumps(_finite(document), default=to_json, ensure_ascii=False, indent=2)
    return text + "\n"


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def csv_cell(value: Any) -> str:
    """A value as a CSV cell: numbers bare, everything else quoted text."""
    text = text_form(value)
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return number_cell(text)
    return text_cell(text)


def render_csv(table: ViewTable) -> str:
    lines = [csv_line(text_cell(c.key) for c in table.columns)]
    lines += [csv_line(csv_cell(row.get(c.key)) for c in table.columns) for row in table.rows]
    return "".join(lines)


def render_table(table: ViewTable, indent: str = "") -> str:
    """An aligned table; numbers right-aligned; totals under a rule."""
    if not table.columns:
        return ""
    header = [c.title for c in table.columns]
    body = [[terminal_text(row.get(c.key)) for c in table.columns] for row in table.rows]
    totals = [[terminal_text(row.get(c.key)) for c in table.columns] for row in table.totals]
    right = [_numeric(table, c.key) for c in table.columns]
    widths = [
        max(width(cell) for cell in column) for column in zip(header, *body, *totals, strict=True)
    ]
    lines = [_line(header, widths, [False] * len(widths))]
    lines.append("  ".join("-" * w for w in widths))
    lines += [_line(cells, widths, right) for cells in body]
    if totals:
        lines.append("  ".join("-" * w for w in widths))
        lines += [_line(cells, widths, right) for cells in totals]
    return "".join(f"{indent}{line}".rstrip() + "\n" for line in lines)


def terminal_text(value: Any) -> str:
    """The text form on one line, control characters made visible
    (:mod:`officectl.terminal`)."""
    return one_line(text_form(value))


def width(text: str) -> int:
    """Terminal columns ``text`` takes: wide East Asian characters 2, combining marks 0."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def _numeric(table: ViewTable, key: str) -> bool:
    values = [row.get(key) for row in (*table.rows, *table.totals)]
    present = [v for v in values if v is not None and v != ""]
    return bool(present) and all(
        isinstance(v, Decimal | int) and not isinstance(v, bool) for v in present
    )


def _line(cells: Sequence[str], widths: Sequence[int], right: Sequence[bool]) -> str:
    padded = [
        " " * (w - width(cell)) + cell if r else cell + " " * (w - width(cell))
        for cell, w, r in zip(cells, widths, right, strict=True)
    ]
    return "  ".join(padded)
