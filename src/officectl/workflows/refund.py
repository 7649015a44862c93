"""``invoice refund``: record money paid back to a customer after a credit note.

A credit note on a paid or partly paid invoice leaves a negative balance (total −
paid − credited): the company owes the customer that much. The refund is a payment
of negative amount marked ``refund: true`` on the invoice the credit note corrects;
once the balance is zero the invoice is settled: ``cancelled`` when credit notes
took off its whole total, else ``paid``. A refund of more than is owed, or on an
invoice that owes the customer nothing, is refused.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from officectl.atomic import PlannedWrite
from officectl.errors import RecordError
from officectl.model.invoice import balance, invoice_total, is_credit_note, is_draft
from officectl.money import ZERO
from officectl.workflows import WriteBooks, WritePlan


def refund(
    books: WriteBooks, invoice_id: str, amount: Decimal, on: date, reference: str | None = None
) -> WritePlan:
    record = books.record(invoice_id, "invoices")
    status = record.get("status")
    if is_draft(record.id) or status == "draft":
        raise RecordError(f"{record.id} is a draft; nothing was paid on it to refund")
    if is_credit_note(record.data):
        original = record.get("credit_note_for")
        raise RecordError(
            f"{record.id} is a credit note; the refund is recorded on the "
            f"invoice it corrects ('officectl invoice refund {original} "
            f"--amount …')"
        )
    issued = record.get("issue_date")
    if isinstance(issued, date) and on < issued:
        raise RecordError(
            f"a refund on {on} is before {record.id} was issued ({issued}); check --date"
        )
    currency = record.get("currency", "")
    credited = books.repo.credited.get(record.id, ZERO)
    owed = balance(record.data, credited)
    if owed >= 0:
        raise RecordError(
            f"refund refused: {record.id} owes the customer nothing (balance {owed} {currency})",
            hint="a refund follows a credit note on a paid invoice; issue the credit note first",
        )
    if amount > -owed:
        raise RecordError(
            f"refund refused: {record.id} owes the customer {-owed} {currency}; "
            f"a refund of {amount} {currency} is {amount + owed} too much"
        )
    document = books.document(record)
    payment: dict[str, object] = {"date": on, "amount": -amount, "refund": True}
    if reference:
        payment["reference"] = reference
    document.append("payments", payment)
    left = owed + amount
    settled = "cancelled" if credited == invoice_total(record) else "paid"
    if left == 0 and status != settled:
        document.set("status", settled)
    done = f"settled ({settled})" if left == 0 else f"{-left} {currency} still owed to the customer"
    return WritePlan(
        (PlannedWrite(record.path, document.text()),),
        (f"{record.id}: refund of {amount} {currency} on {on} recorded; {done}",),
    )
