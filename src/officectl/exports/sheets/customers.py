"""``Customers``: the master data of every customer the workbook mentions.

That is each customer with an invoice in the period, an open balance or an active
contract, so every customer ID on another sheet can be looked up here. Payment
terms are the customer's own or, failing that, the company default.
"""

from __future__ import annotations

from officectl.exports.finance_export import FinanceExport
from officectl.exports.sheets.contracts import active_contracts
from officectl.exports.table import SheetRow, SheetTable

COLUMNS = (
    "Customer",
    "Name",
    "Type",
    "Status",
    "Company ID",
    "VAT ID",
    "Country",
    "Street",
    "City",
    "Postal code",
    "Address country",
    "Currency",
    "Payment terms (days)",
    "Email",
    "Invoices in period",
)


def customers_sheet(export: FinanceExport) -> SheetTable:
    books = export.books
    repo, config = books.repo, books.repo.config
    counts: dict[str, int] = {}
    for entry in books.invoices:
        customer_id = str(entry.record.get("customer", ""))
        counts[customer_id] = counts.get(customer_id, 0) + 1
    mentioned = {
        *counts,
        *(item.customer for item in books.open_items),
        *(str(contract.get("customer")) for contract in active_contracts(books)),
    }
    rows: list[SheetRow] = []
    for customer_id in sorted(mentioned):
        record = repo.records.get(customer_id)
        if record is None or record.kind != "customers" or not record.readable:
            continue
        address = record.get("address") or {}
        rows.append(
            (
                record.id,
                record.get("name"),
                record.get("type"),
                record.get("status", "active"),
                record.get("company_id"),
                record.get("vat_id"),
                record.get("country"),
                address.get("street"),
                address.get("city"),
                address.get("postal_code"),
                address.get("country"),
                record.get("currency", config.currency),
                record.get("payment_terms_days", config.payment_terms_days),
                record.get("email"),
                counts.get(record.id, 0),
            )
        )
    return SheetTable(COLUMNS, rows)
