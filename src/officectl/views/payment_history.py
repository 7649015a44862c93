"""How a customer pays, for the 360° view: the last payment, the average days late
and the reminders sent.

*Days late* of a settled invoice: the days from its due date to the payment that
brought its balance (:func:`officectl.model.invoice.balance`, payments by then) to
zero, 0 when paid on time; the average is over the customer's settled invoices,
rounded half up to one decimal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from officectl.model.invoice import balance, is_credit_note, is_draft
from officectl.money import ZERO
from officectl.records import Record
from officectl.repository import Repository


@dataclass(frozen=True, slots=True)
class PaymentHistory:
    last_payment: dict[str, Any] | None
    """{date, amount, currency, invoice} of the latest payment (refunds aside)."""
    average_days_late: Decimal | None
    """None when no invoice is settled yet."""
    settled: int
    reminders: tuple[dict[str, Any], ...]
    """{date, level, invoice}, newest first."""

    def document(self) -> dict[str, Any]:
        last = self.last_payment
        return {
            "last_payment": None
            if last is None
            else {**last, "date": last["date"].isoformat(), "amount": str(last["amount"])},
            "average_days_late": None
            if self.average_days_late is None
            else str(self.average_days_late),
            "settled_invoices": self.settled,
            "reminders": [{**r, "date": r["date"].isoformat()} for r in self.reminders],
        }

    def text(self) -> str:
        last = self.last_payment
        lines = ["\nPayments\n"]
        lines.append(
            f"  last payment: {last['date']}  {last['amount']} {last['currency']}  "
            f"{last['invoice']}\n"
            if last
            else "  last payment: none\n"
        )
        lines.append(
            f"  average days late: {self.average_days_late} (over {self.settled} "
            "settled invoices)\n"
            if self.average_days_late is not None
            else "  average days late: no settled invoice\n"
        )
        lines.append(
            "  reminders sent: "
            + (
                ", ".join(f"{r['date']} level {r['level']} {r['invoice']}" for r in self.reminders)
                or "none"
            )
            + "\n"
        )
        return "".join(lines)


def payment_history(repo: Repository, invoices: list[Record]) -> PaymentHistory:
    last: dict[str, Any] | None = None
    late: list[int] = []
    reminders = []
    for invoice in invoices:
        if is_draft(invoice.id) or is_credit_note(invoice.data):
            continue
        payments = [
            p
            for p in invoice.get("payments") or ()
            if isinstance(p.get("date"), date) and isinstance(p.get("amount"), Decimal)
        ]
        for p in payments:
            if (
                p["amount"] > 0
                and p.get("refund") is not True
                and (last is None or (p["date"], invoice.id) > (last["date"], last["invoice"]))
            ):
                last = {
                    "date": p["date"],
                    "amount": p["amount"],
                    "currency": invoice.get("currency"),
                    "invoice": invoice.id,
                }
        due = invoice.get("due_date")
        credited = repo.credited.get(invoice.id, ZERO)
        if isinstance(due, date) and invoice.get("status") == "paid":
            for day in sorted({p["date"] for p in payments}):
                if balance(invoice.data, credited, as_of=day) <= 0:
                    late.append(max((day - due).days, 0))
                    break
        for r in invoice.get("reminders") or ():
            if isinstance(r.get("date"), date):
                reminders.append(
                    {"date": r["date"], "level": r.get("level"), "invoice": invoice.id}
                )
    average = (
        (Decimal(sum(late)) / len(late)).quantize(Decimal("0.1"), ROUND_HALF_UP) if late else None
    )
    return PaymentHistory(
        last,
        average,
        len(late),
        tuple(sorted(reminders, key=lambda r: (r["date"], r["invoice"]), reverse=True)),
    )
