"""How an auto-renewing contract's terms run on past its end date."""

from __future__ import annotations

from datetime import date

import pytest

from officectl.model.contract import term_end


@pytest.mark.parametrize(
    ("start", "end", "on", "expected"),
    [
        # before or on the end date: the first term
        (date(2026, 1, 1), date(2026, 12, 31), date(2026, 6, 1), date(2026, 12, 31)),
        (date(2026, 1, 1), date(2026, 12, 31), date(2026, 12, 31), date(2026, 12, 31)),
        # a year's term renews yearly
        (date(2026, 1, 1), date(2026, 12, 31), date(2027, 1, 1), date(2027, 12, 31)),
        (date(2026, 1, 1), date(2026, 12, 31), date(2029, 7, 1), date(2029, 12, 31)),
        # longer first terms renew for a year; shorter ones for their own length
        (date(2025, 7, 1), date(2026, 12, 31), date(2027, 1, 1), date(2027, 12, 31)),
        (date(2026, 3, 1), date(2026, 3, 31), date(2026, 5, 15), date(2026, 5, 31)),
        (date(2026, 1, 1), date(2026, 6, 30), date(2026, 7, 1), date(2026, 12, 31)),
        # a term that is not whole months counts in days
        (date(2026, 1, 10), date(2026, 1, 19), date(2026, 1, 25), date(2026, 1, 29)),
        # 31 January to 27 February is not whole months either: 28-day terms
        (date(2026, 1, 31), date(2026, 2, 27), date(2026, 3, 5), date(2026, 3, 27)),
    ],
)
def test_terms_as_long_as_the_first_or_a_year(
    start: date, end: date, on: date, expected: date
) -> None:
    assert term_end(start, end, on) == expected
