"""Invoices on their own: dates, lines, VAT rates, the number's year, totals' signs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from officectl.checks.base import record_rule
from officectl.config import Config
from officectl.model.invoice import (
    ISSUED_ID,
    invoice_total,
    invoice_total_known,
    is_credit_note,
    is_draft,
    supply_date,
)
from officectl.records import Record
from officectl.schema import MAX_DECIMAL, Collector

_ISSUED = ISSUED_ID
MAX_LINES = 1000
"""Lines one invoice may have: a document of 1,000 lines renders to PDF in well under
the default time and memory limits of ``render``; a few thousand do not."""
MAX_PLACES = 6
"""Decimal places of a quantity or unit price: their product then stays exact."""


@record_rule(
    "invoice-status",
    codes=("draft-numbered", "draft-not-issued", "missing-field"),
    reads={"invoices": ("status", "issue_date", "due_date")},
)
def invoice_status(record: Record, config: Config, out: Collector) -> None:
    """A draft has no number and an invoice with a number is no draft; an issued invoice
    has its issue and due dates."""
    status = record.get("status")
    draft_id = is_draft(record.id)
    if status == "draft" and not draft_id:
        out.error(
            "draft-numbered",
            "a draft must not have an issued number; name it "
            "INV-DRAFT-… or set the status it was issued with",
            ("status",),
        )
    elif status and status != "draft" and draft_id:
        out.error(
            "draft-not-issued",
            f"{record.id} is {status} but has no number; run 'officectl invoice issue {record.id}'",
            ("status",),
        )
    if status != "draft" and not (status is None and draft_id):
        for name in ("issue_date", "due_date"):
            if name not in record.data and not out.reported((name,)):
                out.error(
                    "missing-field", f"missing required field '{name}' (required unless draft)"
                )


@record_rule(
    "invoice-dates",
    codes=("date-order", "invalid-date", "invoice-year"),
    reads={"invoices": ("issue_date", "due_date", "billing_period")},
)
def invoice_dates(record: Record, config: Config, out: Collector) -> None:
    """Due after issue, a billing period of two real dates in order, and an issued number
    that carries the year of issue."""
    issued, due = record.get("issue_date"), record.get("due_date")
    if issued and due and due < issued:
        out.error("date-order", f"due_date {due} is before issue_date {issued}", ("due_date",))
    period = record.get("billing_period")
    if isinstance(period, str) and ".." in period and not out.reported(("billing_period",)):
        _billing_range(period, out)
    if issued and _ISSUED.fullmatch(record.id) and record.id[4:8] != f"{issued.year:04d}":
        out.error(
            "invoice-year",
            f"{record.id} carries year {record.id[4:8]} but was issued "
            f"in {issued.year}; the number's year is the issue year",
            ("issue_date",),
        )


def _billing_range(text: str, out: Collector) -> None:
    """A ``billing_period`` given as its first and last day: two real dates, in order."""
    try:
        first, last = (date.fromisoformat(part) for part in text.split(".."))
    except ValueError:
        out.error(
            "invalid-date",
            f"billing_period {text} is not two real dates (YYYY-MM-DD..YYYY-MM-DD)",
            ("billing_period",),
        )
        return
    if last < first:
        out.error("date-order", f"billing_period {text} ends before it starts", ("billing_period",))


@record_rule(
    "invoice-lines",
    codes=("invoice-no-lines", "vat-rate-reverse-charge", "vat-rate-not-allowed"),
    reads={"invoices": ("lines", "reverse_charge", "taxable_supply_date", "issue_date")},
)
def invoice_lines(record: Record, config: Config, out: Collector) -> None:
    """An invoice has lines, each at a VAT rate in force on the taxable supply date (0 under
    reverse charge, where the customer accounts for the VAT)."""
    lines = record.get("lines")
    if lines is not None and not lines and not _line_reported(out):
        out.error("invoice-no-lines", "an invoice needs at least one line", ("lines",))
    day = supply_date(record.data)
    reverse_charge = record.get("reverse_charge", False)
    for index, line in enumerate(lines or ()):
        rate = line.get("vat_rate")
        if rate is None:
            continue
        where = ("lines", index, "vat_rate")
        if reverse_charge and rate != 0:
            out.error(
                "vat-rate-reverse-charge",
                f"a reverse-charge line has vat_rate 0, not "
                f"{rate}: the customer accounts for the VAT",
                where,
            )
        elif not reverse_charge and not _rate_allowed(config, rate, day):
            allowed = ", ".join(
                sorted(
                    {str(r.rate) for r in config.vat_rates if day is None or r.applies_on(day)},
                    key=Decimal,
                )
            )
            dated = any(r.start or r.end for r in config.vat_rates)
            when = (
                ""
                if not dated
                else f" on {day}"
                if day
                else " until the invoice has a date (only undated rates apply)"
            )
            out.error(
                "vat-rate-not-allowed",
                f"vat_rate {rate} is not allowed{when} "
                f"(allowed: {allowed}; see vat_rates in officectl.yaml)",
                where,
            )


def _rate_allowed(config: Config, rate: Decimal, day: date | None) -> bool:
    """A rate in force on the taxable supply date; with no date yet (a draft), any rate
    the repository knows: the date decides once the invoice is issued."""
    if day is None:
        return any(r.rate == rate for r in config.vat_rates)
    return config.vat_rate_allowed(rate, day)


def _line_reported(out: Collector) -> bool:
    """Whether a line was reported as invalid (and maybe left out of the typed data)."""
    return any(
        p.field is not None and len(p.field) == 2 and p.field[0] == "lines" for p in out.problems
    )


@record_rule(
    "invoice-size",
    codes=("invoice-too-many-lines", "too-many-decimals", "amount-too-large"),
    reads={"invoices": ("lines", "payments", "total", "total_known")},
)
def invoice_size(record: Record, config: Config, out: Collector) -> None:
    """Bounds that keep every accepted invoice computable, printable and renderable:
    at most :data:`MAX_LINES` lines, :data:`MAX_PLACES` decimals in a quantity or unit
    price, line amounts and the total under 10^15 (the bound of every amount), payments
    in cents."""
    lines = record.get("lines") or ()
    if len(lines) > MAX_LINES:
        out.error(
            "invoice-too-many-lines",
            f"{len(lines)} lines; an invoice has at most "
            f"{MAX_LINES}: split it into several invoices",
            ("lines",),
        )
    too_large = False
    for index, line in enumerate(lines):
        quantity, price = line.get("quantity"), line.get("unit_price")
        for name, value in (("quantity", quantity), ("unit_price", price)):
            exponent = value.as_tuple().exponent if isinstance(value, Decimal) else 0
            if isinstance(exponent, int) and -exponent > MAX_PLACES:
                out.error(
                    "too-many-decimals",
                    f"{name} {value} has more than {MAX_PLACES} decimal places",
                    ("lines", index, name),
                )
        if (
            isinstance(quantity, Decimal)
            and isinstance(price, Decimal)
            and abs(quantity * price) >= MAX_DECIMAL
        ):
            too_large = True
            out.error(
                "amount-too-large",
                f"quantity × unit_price is {quantity * price:.3E}; "
                "a line amount has at most 15 digits before the decimal point",
                ("lines", index, "quantity"),
            )
    if (
        not too_large
        and invoice_total_known(record)
        and abs(total := invoice_total(record)) >= MAX_DECIMAL
    ):
        out.error(
            "amount-too-large",
            f"the total is {total:.3E}; an invoice total has at "
            "most 15 digits before the decimal point",
            ("lines",),
        )
    for index, payment in enumerate(record.get("payments") or ()):
        amount = payment.get("amount")
        exponent = amount.as_tuple().exponent if isinstance(amount, Decimal) else 0
        if isinstance(exponent, int) and exponent < -2 and amount != round(amount, 2):
            out.error(
                "too-many-decimals",
                f"payment amount {amount} has more than two decimals: money is paid in cents",
                ("payments", index, "amount"),
            )


@record_rule(
    "invoice-amounts",
    codes=("invoice-total", "credit-note-total", "exchange-rate-missing"),
    reads={
        "invoices": (
            "lines",
            "total",
            "total_known",
            "credit_note_for",
            "currency",
            "exchange_rate",
            "status",
        )
    },
)
def invoice_amounts(record: Record, config: Config, out: Collector) -> None:
    """An invoice's total is positive and a credit note's negative; a foreign-currency
    invoice of a VAT payer gives its exchange rate."""
    total = invoice_total(record)
    if not invoice_total_known(record) or _line_reported(out):
        pass  # the line's problem is reported; its total would only repeat it
    elif is_credit_note(record.data):
        if total >= 0:
            out.error(
                "credit-note-total",
                f"a credit note's total must be negative, not {total}",
                ("lines",),
            )
    elif total <= 0:
        out.error(
            "invoice-total",
            f"an invoice's total must be positive, not {total}; "
            "corrections are credit notes (credit_note_for)",
            ("lines",),
        )
    # A draft may wait for its rate: the rate of the taxable supply date is known only
    # once that date has come; issuing checks it (`invoice recurring` makes such drafts).
    currency = record.get("currency")
    if (
        currency
        and currency != config.currency
        and config.company.get("vat_id")
        and "exchange_rate" not in record.data
        and record.get("status") != "draft"
        and not out.reported(("exchange_rate",))
    ):
        out.error(
            "exchange-rate-missing",
            f"a {currency} invoice needs exchange_rate "
            f"({config.currency} per 1 {currency} on the taxable supply date)",
        )


@record_rule(
    "invoice-payments",
    codes=("payment-negative", "refund-positive", "refund-exceeds"),
    reads={"invoices": ("payments",)},
)
def invoice_payments(record: Record, config: Config, out: Collector) -> None:
    """A payment is money received (a positive amount); money paid back is a refund, a
    negative amount marked ``refund: true``, and it never returns more than was
    received by then. So a mistyped minus sign is not silently booked as a refund."""
    received = Decimal(0)
    for index, payment in enumerate(record.get("payments") or ()):
        amount = payment.get("amount")
        if not isinstance(amount, Decimal):
            continue
        where = ("payments", index, "amount")
        if payment.get("refund") is True:
            if amount >= 0:
                out.error(
                    "refund-positive",
                    f"a refund is money paid back: a negative amount, not {amount}",
                    where,
                )
            elif -amount > received:
                out.error(
                    "refund-exceeds",
                    f"a refund of {-amount} is more than the "
                    f"{received} received before it; a refund returns only what was "
                    "paid",
                    where,
                )
        elif amount < 0:
            out.error(
                "payment-negative",
                f"a payment of {amount} is negative; money paid "
                "back to the customer is a refund: add 'refund: true' (or record it "
                "with 'officectl invoice refund')",
                where,
            )
            continue
        received += amount
