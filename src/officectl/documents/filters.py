"""Template filters: money, numbers, percentages, dates and account numbers in the
document's locale (Babel).

Babel rounds half-even (``0.125`` → ``0,12``); money must round half up, so every
amount is quantized with ``ROUND_HALF_UP`` to its currency's precision *before*
Babel sees it, and Babel then only places separators and the symbol. Floats are
refused: ``{{ 0.1 | money('EUR') }}`` in a template is a bug, not an amount.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from officectl.documents.references import group_reference
from officectl.money import round_money


class FilterError(ValueError):
    """A filter got a value it cannot format exactly."""


def exact(value: Any) -> Decimal:
    """A Decimal from a Decimal, an int or decimal text; never from a float."""
    if isinstance(value, bool | float):
        raise FilterError(f"{value!r} is not an exact decimal (floats are refused)")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            raise FilterError(f"{value!r} is not a number") from None
    raise FilterError(f"{value!r} is not a number")


def _unsigned_zero(amount: Decimal) -> Decimal:
    """0 for -0.00: a credit note's zero VAT (0 % of a negative base) is no "−0,00 €"."""
    return abs(amount) if amount == 0 else amount


class Formatter:
    """Formats values for one locale (``cs_CZ``, ``fi_FI``, ``en_GB`` …)."""

    def __init__(self, locale: str) -> None:
        self.locale = locale

    def money(self, value: Any, currency: str) -> str:
        """``12 345,50 Kč``: rounded half up to the currency's digits, then formatted."""
        from babel.numbers import format_currency, get_currency_precision

        digits = get_currency_precision(currency)
        amount = exact(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
        return str(format_currency(_unsigned_zero(amount), currency, locale=self.locale))

    def amount(self, value: Any) -> str:
        """``12 345,50``: an amount to the cent without a currency (table columns)."""
        from babel.numbers import format_decimal

        return str(format_decimal(_unsigned_zero(round_money(exact(value))),
                                  format="#,##0.00", locale=self.locale))

    def number(self, value: Any) -> str:
        """A quantity or exchange rate with the digits it was written with, locale
        separators: ``8,5``, ``24,310``."""
        from babel.numbers import format_decimal

        number = exact(value)
        exponent = number.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        pattern = "#,##0" + ("." + "0" * places if places else "")
        return str(format_decimal(number, format=pattern, locale=self.locale,
                                  decimal_quantization=False))

    def percent(self, value: Any) -> str:
        """A rate given in percent (``21``, ``25.5``) as ``21 %`` / ``25,5 %``."""
        from babel.numbers import format_percent

        return str(format_percent(exact(value).normalize() / 100, locale=self.locale,
                                  decimal_quantization=False))

    def date(self, value: Any, format: str = "medium") -> str:
        """``25. 11. 2026`` (cs), ``25.11.2026`` (fi), ``25 Nov 2026`` (en)."""
        from babel.dates import format_date

        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                raise FilterError(f"{value!r} is not a date (YYYY-MM-DD)") from None
        if not isinstance(value, date):
            raise FilterError(f"{value!r} is not a date")
        return str(format_date(value, format=format, locale=self.locale))

    def filters(self) -> dict[str, Callable[..., str]]:
        return {"money": self.money, "amount": self.amount, "number": self.number,
                "percent": self.percent, "date": self.date, "iban": format_iban,
                "reference": group_reference}


def format_iban(value: str) -> str:
    """In groups of four, as printed on paper: ``CZ65 0800 0000 1920 0014 5399``."""
    compact = str(value).replace(" ", "").upper()
    return " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))
