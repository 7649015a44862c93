"""A customer's statement of account (``report statement``): per currency, the
opening balance, every invoice, credit note, payment and refund of the period, and
the closing balance.

The opening and closing balances are sums of the one balance
(:func:`officectl.model.invoice.balance`) as of the day before ``--from`` and as of
``--to``, over the invoices issued by then, with the credit notes issued by then;
the lines are the amounts that move it (invoice totals from
:func:`officectl.model.invoice.invoice_total`, payments as recorded). So opening +
debits − credits = closing, and the closing balance is what ``show`` says is due.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from officectl.model.invoice import balance, invoice_total, is_credit_note, is_draft
from officectl.money import ZERO
from officectl.records import Record
from officectl.repository import Repository
from officectl.tabular import ViewTable, columns


@dataclass(frozen=True, slots=True)
class StatementLine:
    day: date
    kind: str
    """``invoice``, ``credit_note``, ``payment`` or ``refund``."""
    document: str
    reference: str
    debit: Decimal
    credit: Decimal
    balance: Decimal


@dataclass(frozen=True, slots=True)
class CurrencyStatement:
    currency: str
    opening: Decimal
    lines: tuple[StatementLine, ...]
    closing: Decimal


@dataclass(frozen=True, slots=True)
class Statement:
    customer: Record
    start: date | None
    end: date
    currencies: tuple[CurrencyStatement, ...]


def _issued(record: Record) -> date | None:
    day = record.get("issue_date")
    return day if isinstance(day, date) else None


def _counts(record: Record) -> bool:
    return (
        not is_draft(record.id) and record.get("status") != "draft" and _issued(record) is not None
    )


def _credited(notes: list[Record], day: date) -> dict[str, Decimal]:
    credited: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for note in notes:
        issued = _issued(note)
        if issued is not None and issued <= day:
            credited[str(note.get("credit_note_for"))] -= invoice_total(note)
    return credited


def _balances(invoices: list[Record], notes: list[Record], day: date) -> dict[str, Decimal]:
    """Per currency, the sum of the invoices' balances as of ``day``."""
    credited = _credited(notes, day)
    sums: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for invoice in invoices:
        issued = _issued(invoice)
        if issued is not None and issued <= day:
            sums[str(invoice.get("currency"))] += balance(
                invoice.data, credited.get(invoice.id, ZERO), as_of=day
            )
    return sums


def statement(repo: Repository, customer: Record, start: date | None, end: date) -> Statement:
    mine = [
        r
        for r in repo.of_kind("invoices")
        if r.get("customer") == customer.id and _counts(r) and r.readable
    ]
    invoices = [r for r in mine if not is_credit_note(r.data)]
    notes = [r for r in mine if is_credit_note(r.data)]
    before = start - timedelta(days=1) if start else None
    opening = _balances(invoices, notes, before) if before else {}
    closing = _balances(invoices, notes, end)
    events: dict[str, list[tuple[date, str, str, str, Decimal, Decimal]]] = defaultdict(list)
    for record in mine:
        currency = str(record.get("currency"))
        issued = _issued(record)
        assert issued is not None
        if issued > end:
            continue
        in_opening = before is not None and issued <= before
        if not in_opening:
            total = invoice_total(record)
            if is_credit_note(record.data):
                events[currency].append(
                    (
                        issued,
                        "credit_note",
                        record.id,
                        str(record.get("credit_note_for")),
                        ZERO,
                        -total,
                    )
                )
            else:
                events[currency].append((issued, "invoice", record.id, "", total, ZERO))
        if is_credit_note(record.data):
            continue
        for payment in record.get("payments") or ():
            day, amount = payment.get("date"), payment.get("amount")
            if not isinstance(day, date) or not isinstance(amount, Decimal) or day > end:
                continue
            if in_opening and before is not None and day <= before:
                continue
            refund = payment.get("refund") is True or amount < 0
            events[currency].append(
                (
                    day,
                    "refund" if refund else "payment",
                    record.id,
                    str(payment.get("reference") or payment.get("entry") or ""),
                    -amount if refund else ZERO,
                    ZERO if refund else amount,
                )
            )
    result = []
    for currency in sorted(set(opening) | set(closing) | set(events)):
        running = opening.get(currency, ZERO)
        lines = []
        order = {"invoice": 0, "credit_note": 1, "payment": 2, "refund": 3}
        for day, kind, document, reference, debit, credit in sorted(
            events[currency], key=lambda e: (e[0], order[e[1]], e[2])
        ):
            running += debit - credit
            lines.append(StatementLine(day, kind, document, reference, debit, credit, running))
        result.append(
            CurrencyStatement(
                currency, opening.get(currency, ZERO), tuple(lines), closing.get(currency, ZERO)
            )
        )
    return Statement(customer, start, end, tuple(result))


COLUMNS = columns(
    "currency", "date", "entry", "document", "reference", "debit", "credit", "balance"
)


def table(result: Statement) -> ViewTable:
    """The statement as rows (CSV): an ``opening`` row, the lines, a ``closing`` row."""
    rows: list[dict[str, object]] = []
    for part in result.currencies:
        rows.append(
            {
                "currency": part.currency,
                "date": result.start,
                "entry": "opening",
                "balance": part.opening,
            }
        )
        rows += [
            {
                "currency": part.currency,
                "date": line.day,
                "entry": line.kind,
                "document": line.document,
                "reference": line.reference,
                "debit": line.debit,
                "credit": line.credit,
                "balance": line.balance,
            }
            for line in part.lines
        ]
        rows.append(
            {
                "currency": part.currency,
                "date": result.end,
                "entry": "closing",
                "balance": part.closing,
            }
        )
    return ViewTable(COLUMNS, rows)
