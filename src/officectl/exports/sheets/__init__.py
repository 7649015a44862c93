"""The finance workbook's sheets, in order, by name: one function each.

A sheet's name and its leading columns are a contract with the accountants who
build on the workbook (README, "The finance export"): new columns go at the end,
new sheets at the end of :data:`SHEETS`.
"""

from __future__ import annotations

from collections.abc import Callable

from officectl.exports.finance_export import FinanceExport
from officectl.exports.sheets.about import about_sheet
from officectl.exports.sheets.contracts import contracts_sheet
from officectl.exports.sheets.customers import customers_sheet
from officectl.exports.sheets.defined import defined_kind_sheet, exported_kinds, sheet_name
from officectl.exports.sheets.eu_sales import eu_sales_sheet
from officectl.exports.sheets.invoices import invoice_lines_sheet, invoices_sheet
from officectl.exports.sheets.receivables import receivables_sheet
from officectl.exports.sheets.vat import vat_sheet
from officectl.exports.table import SheetTable

SheetBuilder = Callable[[FinanceExport], SheetTable]

SHEETS: dict[str, SheetBuilder] = {
    "Invoices": invoices_sheet,
    "Invoice lines": invoice_lines_sheet,
    "VAT": vat_sheet,
    "Receivables": receivables_sheet,
    "Customers": customers_sheet,
    "Contracts": contracts_sheet,
    "About": about_sheet,
    "EU sales": eu_sales_sheet,
}


def build_tables(export: FinanceExport) -> dict[str, SheetTable]:
    """The built-in sheets, then one per defined kind that asks for it."""
    tables = {name: build(export) for name, build in SHEETS.items()}
    for kind in exported_kinds(export):
        name = sheet_name(kind, {n.casefold() for n in tables})
        tables[name] = defined_kind_sheet(export, kind)
    return tables
