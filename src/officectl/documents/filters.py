"""Template filters: money, numbers, percentages, dates and account numbers in the
document's locale (Babel).

Babel rounds half-even (``0.125`` → ``0,12``); money must round half up, so every
amount is quantized with ``ROUND_HALF_UP`` to its currency's precision *before*
Babel sees it, and Babel then only places separators and the symbol. Floats are
refused: ``{{ 0.1 | money('EUR') }}`` in a template is a bug, not an amount.

A unit price is not an amount: ``0.125`` per SMS is a price of its own, and printing
it as ``0,13`` beside a net of ``125,00`` would make the line wrong on paper. It is
printed with the decimals it has (at least two), never rounded.
"""

from __future__ import annotations

import re
import unicodedata
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
        text = str(format_currency(_unsigned_zero(amount), currency, locale=self.locale))
        return _currency_spacing(text, currency, self.locale)

    def unit_price(self, value: Any) -> str:
        """``0,125``, ``12,3456``, ``1 250,10``: the price's own decimals (trailing zeros
        beyond the cents dropped, as ``0.1250`` and ``0.125`` are one number), at least
        two. The schema bounds how many there can be; none is rounded away here."""
        from babel.numbers import format_decimal

        price = exact(value)
        exponent = price.normalize().as_tuple().exponent
        places = max(2, -exponent if isinstance(exponent, int) else 2)
        return str(
            format_decimal(
                _unsigned_zero(price),
                format="#,##0." + "0" * places,
                locale=self.locale,
                decimal_quantization=False,
            )
        )

    def amount(self, value: Any) -> str:
        """``12 345,50``: an amount to the cent without a currency (table columns)."""
        from babel.numbers import format_decimal

        return str(
            format_decimal(
                _unsigned_zero(round_money(exact(value))), format="#,##0.00", locale=self.locale
            )
        )

    def number(self, value: Any) -> str:
        """A quantity or exchange rate with the digits it was written with, locale
        separators: ``8,5``, ``24,310``."""
        from babel.numbers import format_decimal

        number = exact(value)
        exponent = number.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        pattern = "#,##0" + ("." + "0" * places if places else "")
        return str(
            format_decimal(number, format=pattern, locale=self.locale, decimal_quantization=False)
        )

    def percent(self, value: Any) -> str:
        """A rate given in percent (``21``, ``25.5``) as ``21 %`` / ``25,5 %``."""
        from babel.numbers import format_percent

        return str(
            format_percent(
                exact(value).normalize() / 100, locale=self.locale, decimal_quantization=False
            )
        )

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
        return {
            "money": self.money,
            "amount": self.amount,
            "unit_price": self.unit_price,
            "number": self.number,
            "percent": self.percent,
            "date": self.date,
            "iban": format_iban,
            "reference": group_reference,
        }


def _currency_spacing(text: str, currency: str, locale: str) -> str:
    """CLDR's ``currencySpacing`` rule, which Babel does not apply: a currency sign that
    ends (or starts) with a letter is kept apart from the digits by a no-break space, so
    en_GB prints ``CZK 79,942.62`` (U+00A0) where Babel gives ``CZK79,942.62``, while
    ``€4.00`` and ``£4.00`` (symbols) stay as they are."""
    from babel.numbers import get_currency_symbol

    symbol = str(get_currency_symbol(currency, locale))
    if not symbol:
        return text
    sign = re.escape(symbol)
    if not _is_symbol(symbol[-1]):
        text = re.sub(rf"({sign})(?=[0-9])", "\\1\xa0", text)
    if not _is_symbol(symbol[0]):
        text = re.sub(rf"(?<=[0-9])({sign})", "\xa0\\1", text)
    return text


def _is_symbol(char: str) -> bool:
    """CLDR's ``[[:^S:]&[:^Z:]]`` inverted: a symbol (``€``, ``$``) or a space."""
    return unicodedata.category(char)[0] in "SZ"


def format_iban(value: str) -> str:
    """In groups of four, as printed on paper: ``CZ65 0800 0000 1920 0014 5399``."""
    compact = str(value).replace(" ", "").upper()
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
