"""``invoice pay``: record a payment, and mark the invoice paid once nothing is open.

What is open is the invoice's balance: total − paid − credited (its credit
notes' totals). A payment larger than that is refused, as is paying a draft, a cancelled
invoice or a credit note (a credit note settles the invoice it corrects).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from officectl.atomic import PlannedWrite
from officectl.errors import RecordError, UsageError
from officectl.model.invoice import balance, is_credit_note, is_draft
from officectl.money import CENT, ZERO
from officectl.schema import MAX_DECIMAL
from officectl.workflows import WriteBooks, WritePlan

_PLAIN_AMOUNT = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


def parse_amount(text: str) -> Decimal:
    """A positive amount of at most two decimals, as typed (``1500``, ``89460.00``):
    digits and a decimal point only, so ``1e2`` or ``1_000`` (which Python's Decimal
    takes) is not silently booked as 100 or 1000."""
    if not _PLAIN_AMOUNT.fullmatch(text.strip()):
        raise UsageError(
            f"--amount {text!r} is not a plain amount; write digits with "
            "an optional decimal point, like 1500 or 89460.00"
        )
    try:
        amount = Decimal(text.strip())
    except InvalidOperation:
        raise UsageError(f"--amount {text!r} is not a number") from None
    if not amount.is_finite() or amount <= 0:
        raise UsageError(f"--amount must be a positive amount, not {text}")
    if amount >= MAX_DECIMAL:
        raise UsageError(
            f"--amount {text} is too large: amounts have at most 15 digits before the decimal point"
        )
    if amount != amount.quantize(CENT):
        raise UsageError(f"--amount {text} has more than two decimals")
    return amount.quantize(CENT)


def pay(
    books: WriteBooks, invoice_id: str, amount: Decimal, on: date, reference: str | None = None
) -> WritePlan:
    record = books.record(invoice_id, "invoices")
    status = record.get("status")
    if is_draft(record.id) or status == "draft":
        raise RecordError(
            f"{record.id} is a draft; issue it first ('officectl invoice issue {record.id}')"
        )
    if status == "cancelled":
        raise RecordError(f"{record.id} is cancelled; a cancelled invoice is not paid")
    if is_credit_note(record.data):
        raise RecordError(
            f"{record.id} is a credit note; it settles "
            f"{record.get('credit_note_for')} and is not paid itself"
        )
    issued = record.get("issue_date")
    if isinstance(issued, date) and on < issued:
        raise RecordError(
            f"a payment on {on} is before {record.id} was issued ({issued}); check --date",
            hint="a genuine prepayment can be added to the file's payments by hand",
        )
    currency = record.get("currency", "")
    owed = balance(record.data, books.repo.credited.get(record.id, ZERO))
    if owed <= 0:
        raise RecordError(f"overpayment refused: {record.id} has nothing open (status {status})")
    if amount > owed:
        raise RecordError(
            f"overpayment refused: {record.id} has {owed} {currency} open; "
            f"a payment of {amount} {currency} is {amount - owed} too much"
        )
    document = books.document(record)
    payment: dict[str, object] = {"date": on, "amount": amount}
    if reference:
        payment["reference"] = reference
    document.append("payments", payment)
    left = owed - amount
    if left == 0:
        document.set("status", "paid")
    done = "paid in full" if left == 0 else f"{left} {currency} still open"
    return WritePlan(
        (PlannedWrite(record.path, document.text()),),
        (f"{record.id}: payment of {amount} {currency} on {on} recorded; {done}",),
    )
