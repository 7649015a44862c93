"""The reference rates late-payment interest is built on: a dated table the package
ships, extended (or corrected) by ``interest_rates:`` in ``officectl.yaml``.

Czech Republic: the ČNB two-week (2T) repo rate valid on the first day of each
calendar half-year (Government Regulation 351/2013 Coll. § 2). Finland: the reference
rate of each half-year (korkolaki 633/1982 § 12: the ECB main refinancing rate of the
last operation before the half-year, rounded up to the next half point). Every other
EU member state: the reference rate of Directive 2011/7/EU Art. 2(12), the rate in
force on 1 January or 1 July — for the euro area the ECB's main refinancing
operations rate (shipped), for a state outside it its central bank's equivalent
(from ``interest_rates:``). Only published values are shipped, each with its source;
a half-year that is missing is an error telling the user to add it:

.. code-block:: yaml

    interest_rates:
      - {country: CZ, from: 2026-07-01, rate: 3.50}   # ČNB 2T repo rate on that day
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from officectl.codes import EU_COUNTRIES
from officectl.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Rate:
    country: str
    start: date
    """The first day of the half-year (1 January or 1 July)."""
    rate: Decimal
    source: str


_CNB = "ČNB 2T repo rate history (cnb.cz), as collected in BANKING.md §3"
_CNB_2026 = (
    "penize.cz 2026-02-05 on the ČNB board decision: the 2T repo rate stayed 3.50 % "
    "(unchanged since May 2025)"
)
_FI_2026 = "Suomen Pankki via sttinfo.fi: reference rate 1.1.–30.6.2026 2.5 % (BANKING.md §3)"

_ECB = (
    "ECB main refinancing operations rate in force that day (ECB key rate decisions; "
    "the Official Journal C series repeats it for the first day of each half-year)"
)
_ECB_2026 = (
    "ECB main refinancing operations at 2.15 % since 2025-06-11: Banka Slovenije's "
    "table of the MRO tenders of 22 Dec 2025 – Jan 2026; OJ C/2026/01398 (2.15 % on "
    "1 April 2026)"
)
EURO_AREA = "EA"
"""The key of the ECB rates in the table: the reference rate of every euro member."""

SHIPPED: tuple[Rate, ...] = (
    Rate("CZ", date(2022, 1, 1), Decimal("3.75"), _CNB),
    Rate("CZ", date(2022, 7, 1), Decimal("7.00"), _CNB),
    Rate("CZ", date(2023, 1, 1), Decimal("7.00"), _CNB),
    Rate("CZ", date(2023, 7, 1), Decimal("7.00"), _CNB),
    Rate("CZ", date(2024, 1, 1), Decimal("6.75"), _CNB),
    Rate("CZ", date(2024, 7, 1), Decimal("4.75"), _CNB),
    Rate("CZ", date(2025, 1, 1), Decimal("4.00"), _CNB),
    Rate("CZ", date(2025, 7, 1), Decimal("3.50"), _CNB),
    Rate("CZ", date(2026, 1, 1), Decimal("3.50"), _CNB_2026),
    Rate("FI", date(2026, 1, 1), Decimal("2.50"), _FI_2026),
    Rate(EURO_AREA, date(2022, 1, 1), Decimal("0.00"), _ECB),
    Rate(EURO_AREA, date(2022, 7, 1), Decimal("0.00"), _ECB),  # 0.50 % from 27 July
    Rate(EURO_AREA, date(2023, 1, 1), Decimal("2.50"), _ECB),  # since 21 Dec 2022
    Rate(EURO_AREA, date(2023, 7, 1), Decimal("4.00"), _ECB),  # since 21 Jun 2023
    Rate(EURO_AREA, date(2024, 1, 1), Decimal("4.50"), _ECB),  # since 20 Sep 2023
    Rate(EURO_AREA, date(2024, 7, 1), Decimal("4.25"), _ECB),  # since 12 Jun 2024
    Rate(EURO_AREA, date(2025, 1, 1), Decimal("3.15"), _ECB),  # since 18 Dec 2024
    Rate(EURO_AREA, date(2025, 7, 1), Decimal("2.15"), _ECB),  # since 11 Jun 2025
    Rate(EURO_AREA, date(2026, 1, 1), Decimal("2.15"), _ECB_2026),
)
"""Published values only (see each source); add later half-years in officectl.yaml."""

COUNTRIES = ("CZ", "FI")
"""The member states whose own late-payment law is built in; every other EU state
follows the Directive (:data:`EURO_SINCE` says which of them use the ECB's rate)."""

EURO_SINCE: dict[str, date] = {
    **dict.fromkeys(
        ["AT", "BE", "DE", "ES", "FI", "FR", "IE", "IT", "LU", "NL", "PT"], date(1999, 1, 1)
    ),
    "GR": date(2001, 1, 1),
    "SI": date(2007, 1, 1),
    "CY": date(2008, 1, 1),
    "MT": date(2008, 1, 1),
    "SK": date(2009, 1, 1),
    "EE": date(2011, 1, 1),
    "LV": date(2014, 1, 1),
    "LT": date(2015, 1, 1),
    "HR": date(2023, 1, 1),
    "BG": date(2026, 1, 1),
}
"""When each euro member adopted the euro: from then on its reference rate is the ECB's."""


def half_year_start(day: date) -> date:
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def next_half_year(start: date) -> date:
    return date(start.year, 7, 1) if start.month == 1 else date(start.year + 1, 1, 1)


class RateTable:
    """Reference rates by (country, half-year start); configured ones win."""

    def __init__(self, rates: Iterable[Rate]) -> None:
        self.rates: dict[tuple[str, date], Rate] = {}
        for rate in rates:
            self.rates[(rate.country, rate.start)] = rate

    @classmethod
    def for_config(cls, configured: Iterable[Mapping[str, Any]]) -> RateTable:
        return cls((*SHIPPED, *(configured_rate(item) for item in configured)))

    def rate(self, country: str, day: date) -> Rate:
        """The reference rate of the half-year holding ``day``."""
        start = half_year_start(day)
        if country not in EU_COUNTRIES:
            raise ConfigError(
                f"late-payment interest is computed by the law of an EU member state "
                f"(Czech, Finnish, or Directive 2011/7/EU for the others), and the "
                f"company's country is {country}: officectl cannot write this reminder",
                hint="for a company outside the EU, list what is overdue with "
                "'officectl report receivables'",
            )
        found = self.rates.get((country, start))
        if found is None and country not in COUNTRIES and _uses_euro(country, start):
            found = self.rates.get((EURO_AREA, start))
        if found is None:
            raise ConfigError(
                f"no late-payment reference rate for {country} in the half-year from "
                f"{start}: interest for a delay then needs {_rate_name(country, start)} "
                f"on {start}",
                hint=f"add it to officectl.yaml: interest_rates: [{{country: {country}, "
                f"from: {start}, rate: …}}] (the published value, in percent)",
            )
        return found


def _uses_euro(country: str, start: date) -> bool:
    adopted = EURO_SINCE.get(country)
    return adopted is not None and adopted <= start


def _rate_name(country: str, start: date) -> str:
    if country == "CZ":
        return "the ČNB 2T repo rate"
    if country == "FI":
        return "the reference rate"
    if _uses_euro(country, start):
        return "the ECB main refinancing operations rate"
    return "the central bank's reference rate (Directive 2011/7/EU Art. 2(12))"


def configured_rate(item: Mapping[str, Any]) -> Rate:
    country, start, rate = item.get("country"), item.get("from"), item.get("rate")
    if country not in EU_COUNTRIES or not isinstance(start, date) or not isinstance(rate, Decimal):
        raise ConfigError(
            f"officectl.yaml: interest_rates entry {dict(item)} needs country "
            "(an EU member state's code), from (a date) and rate (percent)"
        )
    if half_year_start(start) != start:
        raise ConfigError(
            f"officectl.yaml: interest_rates from {start} is not the first "
            "day of a half-year (1 January or 1 July)"
        )
    return Rate(country, start, rate, "officectl.yaml")
