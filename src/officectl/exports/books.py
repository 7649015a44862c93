"""The books of a period: the invoices an export reports, with their derived figures.

An invoice belongs to the period of its taxable supply date (the VAT point), not of
its issue date. Drafts are never in the books; cancelled invoices are (they keep
their number, and the credit note that voids them is booked too). Every figure
comes from :mod:`officectl.model.invoice`, so the export and ``validate`` share one
arithmetic (totals derived from the lines, never stored). What is paid, credited
and open is as of ``--today``, as in the Receivables sheet: a payment dated later is
not counted yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from officectl.model import invoice as model
from officectl.money import ZERO, to_base
from officectl.open_items import OpenItem, credited_as_of, open_items
from officectl.periods import Period
from officectl.records import Record
from officectl.repository import Repository


@dataclass(frozen=True, slots=True)
class BookedInvoice:
    record: Record
    customer: Record | None
    supply_date: date
    totals: model.Totals
    paid: Decimal
    credited: Decimal
    """What credit notes take off this invoice (positive)."""
    balance: Decimal
    base_currency: str

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def currency(self) -> str:
        return str(self.record.get("currency", ""))

    @property
    def exchange_rate(self) -> Decimal | None:
        rate = self.record.get("exchange_rate")
        return rate if isinstance(rate, Decimal) else None

    @property
    def is_credit_note(self) -> bool:
        return model.is_credit_note(self.record.data)

    @property
    def reverse_charge(self) -> bool:
        return bool(self.record.get("reverse_charge", False))

    def in_base(self, amount: Decimal) -> Decimal | None:
        """``amount`` in the base currency; ``None`` when it cannot be known (a foreign
        currency without an exchange rate)."""
        return in_base(amount, self.currency, self.exchange_rate, self.base_currency)

    @property
    def base_totals(self) -> model.Totals | None:
        """The totals in the base currency (:func:`officectl.model.invoice.in_base_currency`,
        the one conversion rule); ``None`` when they cannot be known."""
        return base_totals(self.totals, self.currency, self.exchange_rate, self.base_currency)


def in_base(amount: Decimal, currency: str, rate: Decimal | None, base: str) -> Decimal | None:
    if currency == base:
        return amount
    return to_base(amount, rate) if rate is not None else None


def base_totals(
    figures: model.Totals,
    currency: str,
    rate: Decimal | None,
    base: str,
) -> model.Totals | None:
    if currency == base:
        return figures
    return model.in_base_currency(figures, rate) if rate is not None else None


def balance_in_base(
    figures: model.Totals, balance: Decimal, currency: str, rate: Decimal | None, base: str
) -> Decimal | None:
    """An open balance in the base currency, consistent with :func:`base_totals`."""
    if currency == base:
        return balance
    return model.balance_in_base(figures, balance, rate) if rate is not None else None


@dataclass(frozen=True)
class PeriodBooks:
    """The invoices of one export period, and every open item on ``today``."""

    repo: Repository
    period: Period
    today: date
    invoices: tuple[BookedInvoice, ...]
    """In ID order."""
    open_items: tuple[OpenItem, ...]
    """Every invoice with a balance on ``today``, whatever its period."""

    @property
    def base_currency(self) -> str:
        return self.repo.config.currency


def booked(
    repo: Repository,
    record: Record,
    as_of: date | None = None,
    credited_by: dict[str, Decimal] | None = None,
) -> BookedInvoice | None:
    """An invoice's figures, or ``None`` for a draft or an unreadable record. With
    ``as_of``, paid, credited and balance count only the payments dated by then and
    the credit notes in ``credited_by`` (those issued by then), as receivables do."""
    supplied = model.supply_date(record.data)
    if (
        not record.readable
        or model.is_draft(record.id)
        or record.get("status") == "draft"
        or not isinstance(supplied, date)
    ):
        return None
    credited = (repo.credited if credited_by is None else credited_by).get(record.id, ZERO)
    return BookedInvoice(
        record,
        repo.linked(record, "customer", "customers"),
        supplied,
        model.totals(record.data),
        model.paid(record.data, as_of),
        credited,
        model.balance(record.data, credited, as_of),
        repo.config.currency,
    )


def open_books(repo: Repository, period: Period, today: date) -> PeriodBooks:
    """The period's invoices, their paid, credited and balance as of ``today``."""
    in_period = (r for r in repo.of_kind("invoices") if model.supply_date(r.data) in period)
    credited = credited_as_of(repo, today)
    entries = (booked(repo, record, today, credited) for record in in_period)
    chosen = sorted((e for e in entries if e is not None), key=lambda e: e.id)
    return PeriodBooks(repo, period, today, tuple(chosen), tuple(open_items(repo, today)))
