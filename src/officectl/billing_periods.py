"""A contract's billing periods: the days each recurring invoice covers, and its amount.

Vocabulary:

- a *slot* is one whole period of the contract's ``billing.frequency``: a calendar
  month (``monthly``), a calendar quarter (``quarterly``), or a year from the start
  date's anniversary (``yearly``: 2025-03-15 – 2026-03-14, 2026-03-15 – …). Months and
  quarters follow the calendar because VAT returns, the books and customers count in
  them (and every invoice made before this module did); a yearly licence runs from
  the day it starts.
- a *billing period* is a slot clipped to the contract's *term*, ``start_date``
  through ``end_date``. The term of an ``auto_renew`` contract has no end while it is
  active: it renews itself (see :func:`officectl.model.contract.term_end`), and its
  slots run on from ``start_date`` without a break, so a renewal never starts a
  period that overlaps one already billed.
- a *part-period* is a billing period shorter than its slot. It costs
  ``amount × days in the part / days in the slot``, rounded half up to 0.01, unless
  the contract says ``billing.prorate: false`` (then the whole amount).

A billing period is named by its slot's *label*, the invoice's ``billing_period``:
``2026-12``, ``2026-Q4``, ``2026`` for a yearly slot that is a calendar year, else the
slot's dates ``2025-03-15..2026-03-14``. The label of the slot, not of the clipped
days, so that it stays the same when ``end_date`` moves after the invoice was made.
Invoices made before yearly slots had dates named them by the slot's first year
(``2025``); :attr:`BillingPeriod.labels` includes that name, so they still count.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import count
from typing import Any

from officectl.model.contract import add_months
from officectl.money import EXACT, round_money
from officectl.periods import Period, month_period, quarter_period


@dataclass(frozen=True, slots=True)
class BillingPeriod:
    slot: Period
    """The whole month, quarter or anniversary year."""
    start: date
    end: date
    """Inclusive: the slot clipped to the contract's term."""
    legacy_label: str | None = None
    """The name an invoice made by an older officectl gave the slot, if different."""

    @property
    def label(self) -> str:
        return self.slot.label

    @property
    def labels(self) -> frozenset[str]:
        """Every ``billing_period`` an invoice billing this period may carry."""
        return frozenset(filter(None, (self.slot.label, self.legacy_label)))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def slot_days(self) -> int:
        return (self.slot.end - self.slot.start).days + 1

    @property
    def is_part(self) -> bool:
        return self.days < self.slot_days

    @property
    def dates(self) -> str:
        """The days it covers as a line of an invoice says them: ``2025-03-15 – 2026-03-14``."""
        return f"{self.start.isoformat()} – {self.end.isoformat()}"

    def amount(self, whole: Decimal, prorate: bool = True) -> Decimal:
        """What the period costs when its slot costs ``whole``."""
        if not prorate or not self.is_part:
            return whole
        return round_money(
            EXACT.divide(EXACT.multiply(whole, Decimal(self.days)), Decimal(self.slot_days))
        )

    def due(self, timing: str) -> date:
        """The day the invoice falls due to be made: the period's first day in advance,
        the day after its last in arrears (once the service has been supplied)."""
        return self.end + timedelta(days=1) if timing == "arrears" else self.start


def timing(contract: Mapping[str, Any]) -> str:
    """``billing.timing``: ``advance`` unless the contract says ``arrears``."""
    billing = contract.get("billing") or {}
    return "arrears" if billing.get("timing") == "arrears" else "advance"


def prorates(contract: Mapping[str, Any]) -> bool:
    """``billing.prorate``: part-periods are pro-rated unless it is ``false``."""
    return (contract.get("billing") or {}).get("prorate") is not False


def billing_periods(contract: Mapping[str, Any], until: date) -> Iterator[BillingPeriod]:
    """The contract's billing periods in order, up to the one that starts after ``until``.

    None for a contract without ``start_date``, with ``end_date`` before it, or billed
    ``once`` (or with no frequency).
    """
    billing = contract.get("billing") or {}
    frequency, start = billing.get("frequency"), contract.get("start_date")
    end = None if contract.get("auto_renew") else contract.get("end_date")
    if not isinstance(start, date) or (end is not None and end < start):
        return
    for index in count():
        slot = _slot(frequency, start, index)
        if slot is None or slot.start > until or (end is not None and slot.start > end):
            return
        legacy = f"{slot.start.year:04d}" if frequency == "yearly" else None
        yield BillingPeriod(
            slot,
            max(slot.start, start),
            slot.end if end is None else min(slot.end, end),
            None if legacy == slot.label else legacy,
        )


def _slot(frequency: object, start: date, index: int) -> Period | None:
    """The ``index``-th slot of a contract starting on ``start`` (0: the one holding it);
    None past the calendar's last day (9999-12-31), where the periods end."""
    try:
        return _slot_in_calendar(frequency, start, index)
    except (ValueError, OverflowError):
        return None


def _slot_in_calendar(frequency: object, start: date, index: int) -> Period | None:
    if frequency == "monthly":
        first = add_months(date(start.year, start.month, 1), index)
        return month_period(first.year, first.month)
    if frequency == "quarterly":
        first = add_months(date(start.year, 3 * ((start.month - 1) // 3) + 1, 1), 3 * index)
        return quarter_period(first.year, (first.month - 1) // 3 + 1)
    if frequency == "yearly":
        first = add_months(start, 12 * index)
        try:
            last = add_months(start, 12 * (index + 1)) - timedelta(days=1)
        except (ValueError, OverflowError):  # the last year the calendar has
            last = date.max
        label = (
            f"{first.year:04d}"
            if (first.month, first.day) == (1, 1)
            else f"{first.isoformat()}..{last.isoformat()}"
        )
        return Period(first, last, label)
    return None
