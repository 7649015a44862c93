"""Periods: what ``--period`` / ``--from`` / ``--to`` mean, for exports and billing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from officectl.errors import UsageError
from officectl.periods import (
    Period,
    choose_period,
    date_range,
    parse_period,
    period_arguments,
)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-11", date(2026, 11, 1), date(2026, 11, 30)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2025-02", date(2025, 2, 1), date(2025, 2, 28)),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
    ],
)
def test_named_periods(text: str, start: date, end: date) -> None:
    period = parse_period(text)
    assert (period.start, period.end, period.label) == (start, end, text)
    assert start in period and end in period
    assert start - timedelta(days=1) not in period and end + timedelta(days=1) not in period


@pytest.mark.parametrize(
    "text",
    [
        "26",
        "2026-13",
        "2026-00",
        "2026-Q5",
        "2026-q4",
        "0000",
        "2026-1",
        "2026/11",
        "",
        "2026-11-01",
    ],
)
def test_bad_periods_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError, match="is not a period"):
        parse_period(text)


def test_choose_period_defaults_to_the_year_of_today() -> None:
    assert choose_period(None, None, None, date(2026, 11, 25)).label == "2026"


def test_from_alone_runs_to_today_and_to_alone_is_refused() -> None:
    period = choose_period(None, date(2026, 10, 15), None, date(2026, 11, 25))
    assert (period.start, period.end, period.label) == (
        date(2026, 10, 15),
        date(2026, 11, 25),
        "2026-10-15..2026-11-25",
    )
    with pytest.raises(UsageError, match="--to needs --from"):
        choose_period(None, None, date(2026, 1, 1), date(2026, 11, 25))
    with pytest.raises(UsageError, match="not both"):
        choose_period("2026", date(2026, 1, 1), None, date(2026, 11, 25))
    with pytest.raises(UsageError, match="before it starts"):
        date_range(date(2026, 2, 1), date(2026, 1, 31))


def test_months_are_clipped_to_the_period() -> None:
    months = list(date_range(date(2026, 1, 15), date(2026, 3, 2)).months())
    assert [(m.label, m.start, m.end) for m in months] == [
        ("2026-01", date(2026, 1, 15), date(2026, 1, 31)),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("2026-03", date(2026, 3, 1), date(2026, 3, 2)),
    ]
    assert [m.label for m in parse_period("2026-Q4").months()] == ["2026-10", "2026-11", "2026-12"]


def test_period_arguments_name_the_same_period() -> None:
    assert period_arguments(parse_period("2026-Q4")) == ["--period", "2026-Q4"]
    custom = date_range(date(2026, 1, 1), date(2026, 1, 31))  # a month, but typed as a range
    assert period_arguments(custom) == ["--from", "2026-01-01", "--to", "2026-01-31"]


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_every_day_lies_in_its_month_quarter_and_year(day: date) -> None:
    labels = (
        f"{day.year:04d}",
        f"{day.year:04d}-{day.month:02d}",
        f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}",
    )
    periods: list[Period] = [parse_period(label) for label in labels]
    assert all(day in period for period in periods)
    month = periods[1]
    assert month.start.day == 1
    assert month.end == date.max or (month.end + timedelta(days=1)).day == 1
