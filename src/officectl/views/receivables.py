"""Receivables (``officectl report receivables``): open balances by customer, aged.

Built on :func:`officectl.open_items.open_items`, so "as of" is strict: only what
was issued, paid and credited by that day counts. One row per customer and currency,
with the balance in each ageing bucket (days past the due date: current, 1–30,
31–60, 61–90, 90+); totals per currency, never across currencies.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from officectl.money import ZERO
from officectl.open_items import BUCKETS, OpenItem, open_items
from officectl.repository import Repository
from officectl.tabular import ViewTable, columns
from officectl.views.links import label

COLUMNS = columns("customer", "name", "currency", *BUCKETS, "total")


def _buckets(items: Iterable[OpenItem]) -> dict[str, Decimal]:
    amounts = dict.fromkeys(BUCKETS, ZERO)
    for item in items:
        amounts[item.bucket] += item.balance
    return {**amounts, "total": sum(amounts.values(), ZERO)}


def receivables(repo: Repository, today: date) -> ViewTable:
    items = list(open_items(repo, today))
    groups: dict[tuple[str, str], list[OpenItem]] = {}
    for item in sorted(items, key=lambda i: (i.customer, i.currency)):
        groups.setdefault((item.customer, item.currency), []).append(item)
    rows = [
        {
            "customer": customer,
            "name": label(repo.records.get(customer)),
            "currency": currency,
            **_buckets(members),
        }
        for (customer, currency), members in groups.items()
    ]
    totals = {
        currency: _buckets(i for i in items if i.currency == currency)
        for currency in sorted({i.currency for i in items})
    }
    summary = [
        {"customer": "total", "currency": currency, **amounts}
        for currency, amounts in totals.items()
    ]
    document = {
        "as_of": today,
        "buckets": list(BUCKETS),
        "customers": rows,
        "totals": totals,
        "invoices": [_item_json(i) for i in items],
    }
    return ViewTable(COLUMNS, rows, summary, document)


def _item_json(item: OpenItem) -> dict[str, Any]:
    return {
        "id": item.invoice.id,
        "customer": item.customer,
        "currency": item.currency,
        "due_date": item.due_date,
        "days_overdue": item.days_overdue,
        "bucket": item.bucket,
        "balance": item.balance,
    }
