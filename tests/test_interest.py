"""Late-payment interest, each case computed by hand (principal × yearly rate × days /
365, rounded half up once): the arithmetic is in each case's comment.

Rates: CZ = ČNB repo on the first day of the half-year the delay began + 8 (2022 H2
7.00 → 15.00; 2024 H1 6.75 → 14.75; 2024 H2 4.75 → 12.75; 2025 H1 4.00 → 12.00;
2025 H2 3.50 → 11.50; 2026 H1 3.50 → 11.50), fixed for the whole delay. FI = the
reference rate of each half-year + 8 (business) / + 7 (consumer): 2026 H1 2.50. The
FI rates for 2025 H2 (3.00) and 2026 H2 (2.00) below are *test values* only, given
to the table the way officectl.yaml would, to exercise a delay crossing half-years.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from officectl.dunning.interest import late_interest
from officectl.dunning.rates import SHIPPED, Rate, RateTable
from officectl.errors import ConfigError

TABLE = RateTable(
    (
        *SHIPPED,
        Rate("FI", date(2025, 7, 1), Decimal("3.00"), "test value"),
        Rate("FI", date(2026, 7, 1), Decimal("2.00"), "test value"),
    )
)
D = Decimal


def _pay(*items: tuple[str, str]) -> list[dict[str, object]]:
    return [{"date": date.fromisoformat(d), "amount": D(a)} for d, a in items]


CASES = [
    # 1000 × 11.50 % × 31/365 = 9.767 → 9.77
    ("CZ", True, "1000.00", [], "2025-09-30", "2025-10-31", "9.77"),
    # delay begins 2025-12-16 (H2 2025: 11.50 % fixed into 2026): 47 days → 14.808
    ("CZ", True, "1000.00", [], "2025-12-15", "2026-01-31", "14.81"),
    # H2 2024 4.75 + 8 = 12.75 %: 50000 × 0.1275 × 184/365 = 3213.699
    ("CZ", True, "50000.00", [], "2024-06-30", "2024-12-31", "3213.70"),
    # leap February: 19 + 10 = 29 days at 14.75 %: 12345.67 × 0.1475 × 29/365 = 144.681
    ("CZ", True, "12345.67", [], "2024-02-10", "2024-03-10", "144.68"),
    # partial payment of 4000 on 04-15: 15 days on 10000 + 15 on 6000 at 12 % = 78.904
    ("CZ", True, "10000.00", [("2025-04-15", "4000.00")], "2025-03-31", "2025-04-30", "78.90"),
    # paid 2500 before the due date: 7500 × 0.12 × 30/365 = 73.973
    ("CZ", True, "10000.00", [("2025-03-20", "2500.00")], "2025-03-31", "2025-04-30", "73.97"),
    # paid in full on day 10 of the delay: 5000 × 0.12 × 10/365 = 16.438
    ("CZ", True, "5000.00", [("2025-04-10", "5000.00")], "2025-03-31", "2025-05-31", "16.44"),
    # not overdue yet on its due date
    ("CZ", True, "5000.00", [], "2025-04-30", "2025-04-30", "0.00"),
    # one day: 100000 × 0.12 / 365 = 32.877
    ("CZ", True, "100000.00", [], "2025-04-29", "2025-04-30", "32.88"),
    # H2 2022 7.00 + 8 = 15 %, fixed across the new year: 181 days × 2000 = 148.767
    ("CZ", True, "2000.00", [], "2022-08-31", "2023-02-28", "148.77"),
    # two partial payments: (10 × 3000 + 10 × 2000 + 11 × 1000) × 0.115 / 365 = 19.219
    (
        "CZ",
        True,
        "3000.00",
        [("2025-08-10", "1000.00"), ("2025-08-20", "1000.00")],
        "2025-07-31",
        "2025-08-31",
        "19.22",
    ),
    # delay begins 2026-01-01: H1 2026 3.50 + 8; 800 × 0.115 × 90/365 = 22.685
    ("CZ", True, "800.00", [], "2025-12-31", "2026-03-31", "22.68"),
    # a consumer in Czechia: the same rate (NV 351/2013 § 2 has no consumer margin)
    ("CZ", False, "1000.00", [], "2025-09-30", "2025-10-31", "9.77"),
    # 1234567.89 × 0.115 × 61/365 = 23727.380
    ("CZ", True, "1234567.89", [], "2025-10-31", "2025-12-31", "23727.38"),
    # FI business: 2.50 + 8 = 10.50 %, 30 days: 1000 × 0.105 × 30/365 = 8.630
    ("FI", True, "1000.00", [], "2026-01-31", "2026-03-02", "8.63"),
    # FI consumer: 2.50 + 7 = 9.50 %: 1000 × 0.095 × 30/365 = 7.808
    ("FI", False, "1000.00", [], "2026-01-31", "2026-03-02", "7.81"),
    # FI business across 1 July: 15 days at 10.50 + 15 at 10.00 = 3.075 × 1000/365 = 8.425
    ("FI", True, "1000.00", [], "2026-06-15", "2026-07-15", "8.42"),
    # FI consumer across 1 July: 15 × 9.50 + 15 × 9.00 → 2.775 × 1000/365 = 7.603
    ("FI", False, "1000.00", [], "2026-06-15", "2026-07-15", "7.60"),
    # FI partial payment across the half-year: 2000 × 0.105 × 30 + 1500 × 0.10 × 31 = 10950/365
    ("FI", True, "2000.00", [("2026-06-30", "500.00")], "2026-05-31", "2026-07-31", "30.00"),
    # FI consumer across the new year: 11 days × 10.00 + 10 × 9.50 on 500 = 2.808
    ("FI", False, "500.00", [], "2025-12-20", "2026-01-10", "2.81"),
    # FI: a payment dated on the due date counts before the delay: 600 × 0.105 × 30/365
    ("FI", True, "1000.00", [("2026-01-31", "400.00")], "2026-01-31", "2026-03-02", "5.18"),
]


@pytest.mark.parametrize(
    ("country", "business", "claim", "payments", "due", "today", "expected"), CASES
)
def test_interest_by_hand(
    country: str,
    business: bool,
    claim: str,
    payments: list[tuple[str, str]],
    due: str,
    today: str,
    expected: str,
) -> None:
    result = late_interest(
        D(claim),
        _pay(*payments),
        date.fromisoformat(due),
        date.fromisoformat(today),
        country,
        business,
        TABLE,
    )
    assert result.amount == D(expected)


def test_at_least_twenty_cases_in_both_countries() -> None:
    assert len(CASES) >= 20
    assert {c[0] for c in CASES} == {"CZ", "FI"}


@pytest.mark.parametrize(
    ("country", "due", "start"),
    [
        ("CZ", "2026-06-30", "2026-07-01"),
        ("FI", "2026-06-15", "2026-07-01"),
        ("FI", "2025-12-15", "2025-07-01"),
    ],
)
def test_a_missing_rate_tells_the_user_to_add_it(country: str, due: str, start: str) -> None:
    with pytest.raises(ConfigError) as error:
        late_interest(
            D("100"),
            [],
            date.fromisoformat(due),
            date(2026, 8, 1),
            country,
            True,
            RateTable(SHIPPED),
        )
    assert f"from: {start}" in str(error.value) and "officectl.yaml" in str(error.value)
