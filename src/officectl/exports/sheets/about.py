"""``About``: what was exported, from which repository state, by which command.

With the commit and the dirty flag, any figure can be traced back to the records
that produced it (``git show <commit>:records/…``). Nothing here depends on the
clock or the output path, so the same state gives the same workbook.
"""

from __future__ import annotations

from officectl.exports.finance_export import FinanceExport
from officectl.exports.table import CellValue, SheetRow, SheetTable

COLUMNS = ("Item", "Value")


def about_sheet(export: FinanceExport) -> SheetTable:
    books, origin = export.books, export.provenance
    config = books.repo.config
    dirty: CellValue = origin.dirty if origin.dirty is not None else "unknown"
    rows: list[SheetRow] = [
        ("Company", config.company.get("name")),
        ("Period", books.period.label),
        ("Period start", books.period.start),
        ("Period end", books.period.end),
        ("Receivables as of", books.today),
        ("Base currency", config.currency),
        ("Invoices and credit notes", len(books.invoices)),
        (
            "Rule",
            "An invoice belongs to the period of its taxable supply date; drafts are "
            "never exported; line nets are rounded half up to the cent, VAT once per "
            "rate on the sum of that rate's nets.",
        ),
        ("Repository commit", origin.commit if origin.commit else origin.note),
        ("Uncommitted changes in records", dirty if origin.commit else None),
        ("Command", export.command),
        ("officectl version", export.version),
    ]
    return SheetTable(COLUMNS, rows)
