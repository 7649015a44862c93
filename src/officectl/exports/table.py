"""A sheet's content as typed values, before any file format sees it.

Writers turn each value type into the right cell: ``str`` into a text cell (never
a formula), :class:`Money` into a number with a two-decimal, currency-labelled
format, ``Decimal``/``int`` into plain numbers, ``date`` into a date cell and
``bool`` into a boolean. ``None`` is an empty cell. No value is ever a ``float``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from officectl.records import Record


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str
    """ISO 4217 code (the schema checks it): it labels the cell's number format."""


CellValue = str | Decimal | int | bool | date | Money | None
SheetRow = tuple[CellValue, ...]


def field(record: Record | None, name: str) -> CellValue:
    """A field of a linked record that may be missing (a broken link is an empty cell)."""
    return None if record is None else record.get(name)


@dataclass(frozen=True)
class SheetTable:
    columns: tuple[str, ...]
    rows: Sequence[SheetRow]
    totals: Sequence[SheetRow] = dataclasses.field(default_factory=tuple)
    """Summary rows, written apart from the data (after an empty row in a workbook)
    so that sorting and filtering the data never mixes them in."""
