"""``Receivables``: what customers owe as of ``--today``, aged in buckets.

Unlike the other sheets this is a state, not a flow: every invoice with a balance
on that day counts, whichever period it was supplied in. The figures come from
:func:`officectl.open_items.open_items`, the one ageing computation.
"""

from __future__ import annotations

from decimal import Decimal

from officectl.exports.books import balance_in_base
from officectl.exports.finance_export import FinanceExport
from officectl.exports.table import Money, SheetRow, SheetTable, field
from officectl.model.invoice import totals
from officectl.money import ZERO
from officectl.open_items import BUCKETS

COLUMNS = (
    "Invoice",
    "Customer",
    "Due date",
    "Days overdue",
    "Balance",
    "Currency",
    "Bucket",
    "Customer name",
    "Issue date",
    "Total",
    "Balance (base)",
)
ALL = "all"


def receivables_sheet(export: FinanceExport) -> SheetTable:
    repo, base = export.books.repo, export.books.base_currency
    rows: list[SheetRow] = []
    sums: dict[tuple[str, str], Decimal] = {}
    for item in export.books.open_items:
        invoice = item.invoice
        customer = repo.linked(invoice, "customer", "customers")
        rate = invoice.get("exchange_rate")
        figures = totals(invoice.data)
        converted = balance_in_base(figures, item.balance, item.currency, rate, base)
        rows.append(
            (
                invoice.id,
                item.customer,
                item.due_date,
                item.days_overdue,
                Money(item.balance, item.currency),
                item.currency,
                item.bucket,
                field(customer, "name"),
                invoice.get("issue_date"),
                Money(figures.total, item.currency),
                None if converted is None else Money(converted, base),
            )
        )
        for bucket in (item.bucket, ALL):
            key = (item.currency, bucket)
            sums[key] = sums.get(key, ZERO) + item.balance
    order = {bucket: index for index, bucket in enumerate((*BUCKETS, ALL))}
    total_rows: list[SheetRow] = [
        ("Total", None, None, None, Money(amount, currency), currency, bucket)
        for (currency, bucket), amount in sorted(
            sums.items(), key=lambda i: (i[0][0], order[i[0][1]])
        )
    ]
    return SheetTable(
        COLUMNS, rows, [row + (None,) * (len(COLUMNS) - len(row)) for row in total_rows]
    )
