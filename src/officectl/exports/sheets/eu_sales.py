"""``EU sales``: the recapitulative statement (EC Sales List; Art. 262 of Directive
2006/112/EC; *souhrnné hlášení*, § 102 of the Czech VAT Act; *yhteenvetoilmoitus*):
per month of supply, per customer VAT ID, the supplies of goods to businesses in other
member states (lines with ``VATEX-EU-IC``) and the services to them under reverse
charge (Art. 44 and 196), each with its taxable base in the base currency.

The base is converted per invoice and kind (amount × exchange rate, rounded half up,
as in the VAT sheet); an amount that cannot be converted stays in its own currency on
a row of its own. Credit notes count negative in the month of their own supply. The
totals give each VAT ID and kind for the whole period; the country is the VAT ID's
prefix (EL for Greece), as the statement wants it.
"""

from __future__ import annotations

from decimal import Decimal

from officectl.exports.finance_export import FinanceExport
from officectl.exports.table import Money, SheetRow, SheetTable
from officectl.exports.treatment import EU_GOODS, EU_REVERSE_CHARGE, parts
from officectl.money import ZERO

COLUMNS = (
    "Month",
    "Country",
    "VAT ID",
    "Customer",
    "Customer name",
    "Supply",
    "Taxable base",
    "Currency",
    "Invoices",
)
GOODS, SERVICES = "Goods", "Services"
_SUPPLY = {EU_GOODS: GOODS, EU_REVERSE_CHARGE: SERVICES}

Key = tuple[str, str, str, str, str]
"""VAT ID, customer ID, customer name, goods or services, currency."""


def eu_sales_sheet(export: FinanceExport) -> SheetTable:
    home = export.books.repo.config.company_country
    months: dict[tuple[str, Key], Decimal] = {}
    counted: dict[tuple[str, Key], set[str]] = {}
    for entry in export.books.invoices:
        customer = entry.customer
        vat_id = str(customer.get("vat_id") or "") if customer is not None else ""
        if customer is None or not vat_id:
            continue
        sums: dict[str, Decimal] = {}
        for part in parts(entry, home):
            if (supply := _SUPPLY.get(part.treatment)) is not None:
                sums[supply] = sums.get(supply, ZERO) + part.base
        for supply, amount in sums.items():
            base = entry.in_base(amount)
            currency = entry.base_currency if base is not None else entry.currency
            key = (
                vat_id.upper().replace(" ", ""),
                customer.id,
                str(customer.get("name", "")),
                supply,
                currency,
            )
            where = (entry.supply_date.strftime("%Y-%m"), key)
            months[where] = months.get(where, ZERO) + (amount if base is None else base)
            counted.setdefault(where, set()).add(entry.id)
    rows = [
        _row(month, key, amount, len(counted[month, key]))
        for (month, key), amount in sorted(months.items())
    ]
    whole: dict[Key, Decimal] = {}
    ids: dict[Key, set[str]] = {}
    for (month, key), amount in months.items():
        whole[key] = whole.get(key, ZERO) + amount
        ids.setdefault(key, set()).update(counted[month, key])
    totals = [_row("Total", key, amount, len(ids[key])) for key, amount in sorted(whole.items())]
    return SheetTable(COLUMNS, rows, totals)


def _row(month: str, key: Key, amount: Decimal, invoices: int) -> SheetRow:
    vat_id, customer, name, supply, currency = key
    return (
        month,
        vat_id[:2],
        vat_id,
        customer,
        name,
        supply,
        Money(amount, currency),
        currency,
        invoices,
    )
