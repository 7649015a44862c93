"""Exact money arithmetic: ``Decimal`` from the source text to the output, rounded half up.

"Half up" is ``decimal.ROUND_HALF_UP``: ties away from zero, negatives too, for
every amount and VAT. Babel and Python's ``round`` round half-even; never use them
on money.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
EXACT = Context(prec=100, rounding=ROUND_HALF_UP)
"""Wide enough that no product or sum of schema-bounded amounts is ever rounded early
(the default context keeps 28 digits and would round silently, or fail to quantize)."""


def round_money(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP, context=EXACT)


def to_base(amount: Decimal, exchange_rate: Decimal | None) -> Decimal:
    """An amount in the company's base currency (no rate: it is in the base already)."""
    if exchange_rate is None:
        return amount
    return round_money(EXACT.multiply(amount, exchange_rate))
