"""Accounting periods: a month (``2026-11``), a quarter (``2026-Q4``), a year (``2026``)
or any inclusive date range.

A period is the unit exports and billing speak in. Its ``label`` is what a user
typed (or would type) for it and names output files (``finance-2026-Q4.xlsx``), so
it stays free of characters a file system dislikes. Both ends are inclusive: an
invoice supplied on 31 December belongs to ``2026``.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from officectl.errors import UsageError

_PATTERN = re.compile(r"(?P<year>[0-9]{4})(?:-(?:(?P<month>[0-9]{2})|Q(?P<quarter>[1-4])))?")
FORMATS = "YYYY, YYYY-MM or YYYY-Qn (e.g. 2026, 2026-11, 2026-Q4)"


@dataclass(frozen=True, slots=True, order=True)
class Period:
    start: date
    end: date
    """Inclusive."""
    label: str

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def months(self) -> Iterator[Period]:
        """The calendar months the period touches, each clipped to the period."""
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):  # 9999-12 has no next month
            whole = month_period(year, month)
            yield Period(max(whole.start, self.start), min(whole.end, self.end), whole.label)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def month_period(year: int, month: int) -> Period:
    return Period(
        date(year, month, 1),
        date(year, month, monthrange(year, month)[1]),
        f"{year:04d}-{month:02d}",
    )


def quarter_period(year: int, quarter: int) -> Period:
    first, last = 3 * quarter - 2, 3 * quarter
    return Period(
        date(year, first, 1), date(year, last, monthrange(year, last)[1]), f"{year:04d}-Q{quarter}"
    )


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), f"{year:04d}")


def shifted(day: date, days: int) -> date | None:
    """``day`` moved by ``days``, or None past the calendar's ends (0001-01-01 and
    9999-12-31, which a record may well hold)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def date_range(start: date, end: date) -> Period:
    """An arbitrary inclusive range, labelled ``2026-01-15..2026-03-31``."""
    if end < start:
        raise UsageError(f"the period ends ({end}) before it starts ({start})")
    return Period(start, end, f"{start.isoformat()}..{end.isoformat()}")


def parse_period(text: str) -> Period:
    """``2026`` → the year, ``2026-11`` → November, ``2026-Q4`` → October–December."""
    match = _PATTERN.fullmatch(text.strip())
    if match is None:
        raise UsageError(f"{text!r} is not a period", hint=f"use {FORMATS}")
    year = int(match["year"])
    if year < 1:
        raise UsageError(f"{text!r} is not a period: there is no year 0", hint=f"use {FORMATS}")
    if match["quarter"]:
        return quarter_period(year, int(match["quarter"]))
    if match["month"]:
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise UsageError(
                f"{text!r} is not a period: month {month} does not exist", hint=f"use {FORMATS}"
            )
        return month_period(year, month)
    return year_period(year)


def choose_period(period: str | None, start: date | None, end: date | None, today: date) -> Period:
    """The period a command's ``--period`` / ``--from`` / ``--to`` options name.

    With none of them it is the calendar year of ``today``; ``--from`` alone runs
    to ``today``.
    """
    if period is not None:
        if start is not None or end is not None:
            raise UsageError("give either --period or --from/--to, not both")
        return parse_period(period)
    if start is None and end is None:
        return year_period(today.year)
    if start is None:
        raise UsageError("--to needs --from", hint="or name a whole period with --period")
    return date_range(start, end if end is not None else today)


def period_arguments(period: Period) -> list[str]:
    """The command-line options that name ``period`` (to record how an export was made)."""
    try:
        if parse_period(period.label) == period:
            return ["--period", period.label]
    except UsageError:
        pass
    return ["--from", period.start.isoformat(), "--to", period.end.isoformat()]
