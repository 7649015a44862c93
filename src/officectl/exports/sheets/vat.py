"""``VAT``: taxable base and VAT per month of supply and rate, as a VAT return needs them.

Reverse-charge supplies are kept apart (the customer accounts for their VAT), and so
is each treatment a VAT return reports on its own line (:mod:`officectl.exports.treatment`:
domestic sales per rate, EU reverse-charge services, EU supplies of goods, exports,
supplies outside the scope, exempt sales with their VATEX code). Each invoice's base
and VAT per rate and treatment are converted to the base currency on their own
(amount × exchange rate, rounded half up), then summed. Credit notes count in the
month of their own supply date, negative, as the correction they are. An amount
that cannot be converted (a foreign invoice without an exchange rate) stays in its
own currency on a row of its own rather than being guessed.
"""

from __future__ import annotations

from decimal import Decimal

from officectl.exports.finance_export import FinanceExport
from officectl.exports.table import Money, SheetRow, SheetTable
from officectl.exports.treatment import parts
from officectl.money import ZERO

COLUMNS = (
    "Month",
    "VAT rate",
    "Reverse charge",
    "Taxable base",
    "VAT",
    "Currency",
    "Invoices",
    "Treatment",
    "Exemption code",
)

Key = tuple[bool, Decimal, str, str, str]
"""Reverse charge, rate, currency, treatment, exemption code ("" for none)."""


def vat_sheet(export: FinanceExport) -> SheetTable:
    months: dict[tuple[str, Key], list[Decimal]] = {}
    counted: dict[tuple[str, Key], set[str]] = {}
    home = export.books.repo.config.company_country
    for entry in export.books.invoices:
        month = entry.supply_date.strftime("%Y-%m")
        for part in parts(entry, home):
            base, tax = entry.in_base(part.base), entry.in_base(part.vat)
            if base is None or tax is None:
                base, tax, currency = part.base, part.vat, entry.currency
            else:
                currency = entry.base_currency
            where = (
                month,
                (entry.reverse_charge, part.rate, currency, part.treatment, part.code or ""),
            )
            sums = months.setdefault(where, [ZERO, ZERO])
            sums[0] += base
            sums[1] += tax
            counted.setdefault(where, set()).add(entry.id)
    rows = [
        _row(month, key, sums, len(counted[month, key]))
        for (month, key), sums in sorted(months.items(), key=_order)
    ]
    whole: dict[Key, list[Decimal]] = {}
    ids: dict[Key, set[str]] = {}
    for (month, key), sums in months.items():
        total = whole.setdefault(key, [ZERO, ZERO])
        total[0] += sums[0]
        total[1] += sums[1]
        ids.setdefault(key, set()).update(counted[month, key])
    totals = [
        _row("Total", key, sums, len(ids[key]))
        for key, sums in sorted(whole.items(), key=lambda item: _key_order(item[0]))
    ]
    return SheetTable(COLUMNS, rows, totals)


def _row(month: str, key: Key, sums: list[Decimal], invoices: int) -> SheetRow:
    reverse_charge, rate, currency, treatment, code = key
    return (
        month,
        rate,
        reverse_charge,
        Money(sums[0], currency),
        Money(sums[1], currency),
        currency,
        invoices,
        treatment,
        code or None,
    )


def _key_order(key: Key) -> tuple[bool, Decimal, str, str, str]:
    reverse_charge, rate, currency, treatment, code = key
    return reverse_charge, -rate, currency, treatment, code


def _order(
    item: tuple[tuple[str, Key], list[Decimal]],
) -> tuple[str, tuple[bool, Decimal, str, str, str]]:
    (month, key), _ = item
    return month, _key_order(key)
