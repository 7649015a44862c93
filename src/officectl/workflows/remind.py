"""``remind``: a reminder per customer with overdue invoices, recorded on each invoice.

The plan appends ``{date, level}`` to the ``reminders`` of every invoice a letter
lists (all invoices together or none, :func:`officectl.workflows.run`); the letters
themselves are rendered while planning, so a template error writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from officectl.atomic import PlannedWrite
from officectl.dunning.overdue import Reminder, reminders
from officectl.dunning.rates import RateTable
from officectl.repository import Repository
from officectl.workflows import WriteBooks, WritePlan


@dataclass
class Letters:
    """The letters a run made (filled in while planning), rendered to bytes."""

    documents: list[tuple[Reminder, bytes]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def remind(
    books: WriteBooks,
    today: date,
    letters: Letters,
    *,
    level: int | None,
    fee: Decimal | None,
    customers: list[str] | None,
    render: Callable[[Repository, Reminder], bytes],
) -> WritePlan:
    table = RateTable.for_config(books.config.interest_rates)
    for customer_id in customers or ():
        books.record(customer_id, "customers")
    found, skipped = reminders(books.repo, today, table, level=level, fee=fee, customers=customers)
    letters.skipped += skipped
    changes = []
    messages = []
    for reminder in found:
        letters.documents.append((reminder, render(books.repo, reminder)))
        for item in reminder.invoices:
            document = books.document(item.record)
            document.append("reminders", {"date": today, "level": item.level})
            changes.append(PlannedWrite(item.record.path, document.text()))
        ids = ", ".join(i.id for i in reminder.invoices)
        messages.append(f"{reminder.customer.id}: reminder level {reminder.level} for {ids}")
        messages += reminder.notes
    return WritePlan(tuple(changes), tuple(messages))
