"""Statutory late-payment interest on one invoice, to the cent.

**Czech Republic** (§ 1970 of the Civil Code, Government Regulation 351/2013 Coll.
§ 2): the yearly rate is the ČNB repo rate valid on the first day of the calendar
half-year in which the delay began, plus 8 percentage points, and it stays fixed for
the whole delay.

**Finland** (korkolaki 633/1982): the reference rate of each half-year plus 8
points between businesses (§ 4 a), plus 7 otherwise (§ 4); the rate follows the
reference rate half-year by half-year during the delay.

**Every other EU member state** (Directive 2011/7/EU, which each of them has
transposed): between businesses, the reference rate of each half-year plus 8 points
(Art. 2(6), the Directive's minimum: a state may allow more, e.g. Germany 9, which
officectl does not claim); the reference rate applies half-year by half-year
(Art. 2(12)). Interest on a consumer's debt is national law outside the Directive:
none is computed.

The delay begins the day after the due date and runs to ``today`` inclusive. Each day
of delay earns interest on what was still open at the start of that day: a payment
dated day *d* lowers the amount from day *d* + 1 (the day it arrives still counts).
Credit notes lower the claim from the start.

**Day count: actual/365 (fixed).** Neither law fixes a day count; they give a yearly
rate. One day of delay earns 1/365 of it, in leap years too (the convention of the
common Czech and Finnish interest calculators; actual/actual would give 1/366 per
day in a leap year). Interest is summed exactly and rounded half up to the cent once
per invoice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, localcontext
from itertools import pairwise
from typing import Any

from officectl.dunning.rates import Rate, RateTable, half_year_start, next_half_year
from officectl.money import ZERO, round_money

DAYS_IN_YEAR = Decimal(365)
CZ_MARGIN = Decimal(8)
FI_MARGIN_BUSINESS = Decimal(8)
FI_MARGIN_CONSUMER = Decimal(7)
DIRECTIVE_MARGIN = Decimal(8)


@dataclass(frozen=True, slots=True)
class InterestPeriod:
    """A run of days with the same open amount and the same yearly rate."""

    start: date
    end: date
    """Inclusive."""
    principal: Decimal
    rate: Decimal
    """Yearly, in percent (reference rate + margin)."""
    interest: Decimal
    """Exact, unrounded."""

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True, slots=True)
class Interest:
    since: date
    """The first day of delay (the day after the due date)."""
    days: int
    periods: tuple[InterestPeriod, ...]
    amount: Decimal
    """Rounded half up to the cent."""


def margin(country: str, business: bool) -> Decimal | None:
    """Points over the reference rate; None where no statutory interest is computed
    (a consumer's debt outside the Czech and Finnish laws)."""
    if country == "FI":
        return FI_MARGIN_BUSINESS if business else FI_MARGIN_CONSUMER
    if country == "CZ":
        return CZ_MARGIN
    return DIRECTIVE_MARGIN if business else None


def late_interest(
    claim: Decimal,
    payments: Iterable[Mapping[str, Any]],
    due: date,
    today: date,
    country: str,
    business: bool,
    table: RateTable,
) -> Interest:
    """The interest on ``claim`` (the invoice's total less credit notes) unpaid after
    ``due``, to ``today`` inclusive, by the law of ``country`` (see the module)."""
    since = due + timedelta(days=1)
    points = margin(country, business)
    if today < since or points is None:
        return Interest(since, max((today - since).days + 1, 0), (), ZERO)
    paid_on: dict[date, Decimal] = {}
    open_amount = claim
    for payment in payments:
        day, amount = payment.get("date"), payment.get("amount")
        if not isinstance(day, date) or not isinstance(amount, Decimal):
            continue
        if day < since:
            open_amount -= amount
        else:
            paid_on[day] = paid_on.get(day, ZERO) + amount
    fixed: Rate | None = table.rate(country, since) if country == "CZ" else None
    cuts = {since, today + timedelta(days=1)}
    cuts |= {day + timedelta(days=1) for day in paid_on if day < today}
    if fixed is None:
        start = next_half_year(half_year_start(since))
        while start <= today:
            cuts.add(start)
            start = next_half_year(start)
    bounds = sorted(cuts)
    periods = []
    with localcontext(prec=60):
        for start, after in pairwise(bounds):
            end = after - timedelta(days=1)
            principal = open_amount - sum((a for d, a in paid_on.items() if d < start), ZERO)
            reference = fixed or table.rate(country, start)
            rate = reference.rate + points
            if principal > 0:
                days = (end - start).days + 1
                periods.append(
                    InterestPeriod(
                        start, end, principal, rate, principal * rate / 100 * days / DAYS_IN_YEAR
                    )
                )
        total = sum((p.interest for p in periods), ZERO)
    return Interest(since, (today - since).days + 1, tuple(periods), round_money(total))
