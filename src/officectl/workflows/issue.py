"""``invoice issue``: a draft gets the next number of its issue year.

The number is one more than the highest of that year, so numbers stay contiguous
within a year, with no gaps. The file is renamed to the new number (see
:mod:`officectl.workflows.ids` for the folder), and the draft becomes ``issued``
with its ``issue_date`` and a ``due_date`` after the customer's payment terms, or
the repository's. Everything else -- lines, ``taxable_supply_date``, comments --
stays as the draft had it. An invoice in a foreign currency needs its
``exchange_rate`` by now: the check refuses to issue it without one. Numbers follow
the order of issue, so the date may not be earlier than that of an invoice already
issued that year.
"""

from __future__ import annotations

from datetime import date, timedelta

from officectl.atomic import PlannedWrite
from officectl.errors import RecordError, UsageError
from officectl.model.invoice import is_draft
from officectl.workflows import WriteBooks, WritePlan
from officectl.workflows.ids import issued_path, next_issued_id


def issue(books: WriteBooks, draft_id: str, on: date) -> WritePlan:
    record = books.record(draft_id, "invoices")
    status = record.get("status")
    if not is_draft(record.id) or status != "draft":
        raise RecordError(
            f"{record.id} is not a draft (status {status}); only a draft is "
            "issued, and an issued invoice keeps its number"
        )
    repo = books.repo
    number = next_issued_id(repo, on.year)
    latest = max(
        (
            (r.get("issue_date"), r.id)
            for r in repo.of_kind("invoices")
            if not is_draft(r.id)
            and isinstance(r.get("issue_date"), date)
            and r.get("issue_date").year == on.year
        ),
        default=None,
    )
    if latest is not None and on < latest[0]:
        raise RecordError(
            f"{latest[1]} was issued on {latest[0]}; {number} cannot be dated "
            f"earlier ({on}): numbers follow the order of issue",
            hint=f"issue it on {latest[0]} or later (--date)",
        )
    customer = repo.linked(record, "customer", "customers")
    terms = customer.get("payment_terms_days") if customer is not None else None
    if terms is None:
        terms = books.config.payment_terms_days
    document = books.document(record)
    if "id" in document.data:
        document.set("id", number)
    try:
        due = on + timedelta(days=terms)
    except OverflowError:
        raise UsageError(
            f"--date {on} + {terms} days of payment terms is past the last "
            "date there is (9999-12-31)"
        ) from None
    document.set("status", "issued")
    document.set("issue_date", on)
    document.set("due_date", due)
    path = issued_path(repo, record.path, number, on.year)
    return WritePlan(
        (PlannedWrite(path, document.text(), old_path=record.path),),
        (f"{record.id} issued as {number}, due {due}: {path}",),
    )
