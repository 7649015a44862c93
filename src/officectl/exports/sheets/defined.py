"""A sheet per kind the company defines with ``export: true`` (``Campaigns``).

Every record of the kind, in ID order, one column per field it declares (sensitive
fields never): numbers stay exact decimals, dates are date cells, and text is text
(never a formula, as on every sheet). A list is its items joined by commas.
"""

from __future__ import annotations

from collections.abc import Iterator

from officectl.exports.finance_export import FinanceExport
from officectl.exports.table import CellValue, SheetRow, SheetTable
from officectl.schema import Kind
from officectl.tabular import text_form


def exported_kinds(export: FinanceExport) -> Iterator[Kind]:
    yield from (k for k in export.books.repo.config.kinds.values() if k.defined and k.export)


def sheet_name(kind: Kind, taken: set[str]) -> str:
    """``campaigns`` → ``Campaigns``; ``Campaigns (kind)`` if a built-in sheet has the
    name already (a spreadsheet's sheet names ignore case)."""
    name = kind.name.replace("_", " ").capitalize()[:31]
    return name if name.casefold() not in taken else f"{name[:24]} (kind)"


def defined_kind_sheet(export: FinanceExport, kind: Kind) -> SheetTable:
    fields = [f for f in kind.fields if f.name not in ("id", "meta") and not f.sensitive]
    rows: list[SheetRow] = []
    for record in sorted(export.books.repo.of_kind(kind.name), key=lambda r: r.id):
        rows.append((record.id, *(_cell(record.get(f.name, f.default)) for f in fields)))
    return SheetTable(("ID", *(f.name for f in fields)), rows)


def _cell(value: object) -> CellValue:
    if isinstance(value, list):
        return text_form(value)
    return value  # type: ignore[return-value]  # typed data: str, Decimal, int, bool, date
