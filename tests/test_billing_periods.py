"""A contract's billing periods on their own: slots that tile time, clipped to the term."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import Any

import pytest

from officectl.billing_periods import BillingPeriod, billing_periods
from officectl.periods import Period


def contract(start: date, end: date | None, frequency: str, **billing: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "start_date": start,
        "billing": {"amount": Decimal("100.00"), "frequency": frequency, **billing},
    }
    if end is not None:
        data["end_date"] = end
    return data


@pytest.mark.parametrize("frequency", ["monthly", "quarterly", "yearly"])
@pytest.mark.parametrize(
    "start", [date(2024, 2, 29), date(2025, 1, 31), date(2026, 3, 15), date(2026, 1, 1)]
)
def test_periods_tile_the_term_without_gap_or_overlap(frequency: str, start: date) -> None:
    end = date(2031, 6, 30)
    periods = list(billing_periods(contract(start, end, frequency), end))
    assert periods[0].start == start and periods[-1].end == end
    for before, after in pairwise(periods):
        assert after.start == before.end + timedelta(days=1)
        assert after.slot.start == before.slot.end + timedelta(days=1)
    assert len({p.label for p in periods}) == len(periods)


def test_yearly_slots_from_29_february() -> None:
    periods = list(billing_periods(contract(date(2024, 2, 29), None, "yearly"), date(2028, 3, 1)))
    assert [p.label for p in periods] == [
        "2024-02-29..2025-02-27",
        "2025-02-28..2026-02-27",
        "2026-02-28..2027-02-27",
        "2027-02-28..2028-02-28",
        "2028-02-29..2029-02-27",
    ]
    assert [p.legacy_label for p in periods] == ["2024", "2025", "2026", "2027", "2028"]


def test_a_calendar_year_keeps_its_spec_label() -> None:
    (period,) = billing_periods(
        contract(date(2026, 1, 1), date(2026, 12, 31), "yearly"), date(2027, 12, 31)
    )
    assert period.label == "2026" and period.labels == {"2026"}


def test_once_and_broken_contracts_have_no_periods() -> None:
    assert list(billing_periods(contract(date(2026, 1, 1), None, "once"), date(2030, 1, 1))) == []
    assert (
        list(
            billing_periods(
                contract(date(2026, 1, 1), date(2025, 1, 1), "monthly"), date(2030, 1, 1)
            )
        )
        == []
    )
    assert list(billing_periods({"billing": {"frequency": "monthly"}}, date(2030, 1, 1))) == []


@pytest.mark.parametrize(
    ("amount", "days", "whole", "expected"),
    [
        ("1234.57", 45, 90, "617.29"),  # 617.285: half up, not half even
        ("0.01", 1, 31, "0.00"),
        ("2400.00", 22, 31, "1703.23"),  # 1703.2258…
        ("100.00", 31, 31, "100.00"),
    ],
)
def test_pro_rating_rounds_half_up_to_the_cent(
    amount: str, days: int, whole: int, expected: str
) -> None:
    slot = Period(date(2027, 1, 1), date(2027, 1, 1) + timedelta(days=whole - 1), "x")
    part = BillingPeriod(slot, slot.end - timedelta(days=days - 1), slot.end)
    assert part.amount(Decimal(amount)) == Decimal(expected)
    assert part.amount(Decimal(amount), prorate=False) == Decimal(amount)
