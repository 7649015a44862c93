"""Open balances as of a date, aged in buckets: what customers still owe and how late.

A negative balance is money the company owes the customer (a credit note on a paid
invoice, not yet refunded); it is listed too, never overdue (bucket "current").

"As of" is strict: only invoices issued by that day count, and only payments and
credit notes dated by then reduce them, so a report for a past date is reproducible.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from officectl.model.invoice import (
    balance,
    credited_by_invoice,
    invoice_total,
    is_credit_note,
    is_draft,
)
from officectl.money import ZERO
from officectl.records import Record
from officectl.repository import Repository

BUCKETS = ("current", "1–30", "31–60", "61–90", "90+")


def bucket(days_overdue: int) -> str:
    if days_overdue <= 0:
        return BUCKETS[0]
    if days_overdue <= 30:
        return BUCKETS[1]
    if days_overdue <= 60:
        return BUCKETS[2]
    return BUCKETS[3] if days_overdue <= 90 else BUCKETS[4]


@dataclass(frozen=True, slots=True)
class OpenItem:
    invoice: Record
    customer: str
    currency: str
    due_date: date | None
    days_overdue: int
    balance: Decimal

    @property
    def bucket(self) -> str:
        return bucket(self.days_overdue)


def issued_by(record: Record, today: date) -> bool:
    issued = record.get("issue_date")
    return (
        record.readable
        and not is_draft(record.id)
        and record.get("status") != "draft"
        and issued is not None
        and issued <= today
    )


def credited_as_of(repo: Repository, today: date) -> dict[str, Decimal]:
    """What the credit notes issued by ``today`` take off each invoice."""
    return credited_by_invoice(r for r in repo.of_kind("invoices") if issued_by(r, today))


def open_items(repo: Repository, today: date) -> Iterator[OpenItem]:
    """Every invoice with a non-zero balance on ``today``, in ID order."""
    credited = credited_as_of(repo, today)
    for invoice in sorted(repo.of_kind("invoices"), key=lambda r: r.id):
        if not issued_by(invoice, today) or is_credit_note(invoice.data):
            continue
        owed = balance(
            invoice.data,
            credited.get(invoice.id, ZERO),
            as_of=today,
            total=invoice_total(invoice),  # kept with the record: not summed again
        )
        if owed == 0:
            continue
        due = invoice.get("due_date")
        days = (today - due).days if due and owed > 0 else 0
        yield OpenItem(
            invoice,
            invoice.get("customer", ""),
            invoice.get("currency", ""),
            due,
            max(days, 0),
            owed,
        )
