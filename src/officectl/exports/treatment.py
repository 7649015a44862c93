"""How a VAT return and the recapitulative statement group sales: the *treatment* of
each part of an invoice, from its rate, its lines' ``vat_exemption`` codes, reverse
charge and where the customer is.

- ``Domestic``: VAT charged at home, one row per rate (a 0 % line without an exemption
  code lands here too; ``validate`` warns about it);
- ``EU reverse charge``: services to a business in another member state, the customer
  accounts for the VAT (Art. 196 of Directive 2006/112/EC); ``Domestic reverse charge``
  (CZ § 92a …) and ``Reverse charge outside the EU`` (a mistake ``validate`` warns of)
  are kept apart;
- ``EU supply of goods`` (``VATEX-EU-IC``, Art. 138), ``Export`` (``VATEX-EU-G``,
  Art. 146), ``Outside the scope`` (``VATEX-EU-O``), ``Exempt`` (every other code).

Each part is an invoice's base and VAT of one rate (from :func:`model.totals`), the 0 %
base split by exemption code (:func:`model.zero_rate_bases`), so the parts of an
invoice sum exactly to its totals.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from officectl.codelists import vatex
from officectl.codes import EU_COUNTRIES
from officectl.exports.books import BookedInvoice
from officectl.model import invoice as model
from officectl.money import ZERO

DOMESTIC = "Domestic"
EU_REVERSE_CHARGE = "EU reverse charge"
EU_GOODS = "EU supply of goods"
_BY_CATEGORY = {"K": EU_GOODS, "G": "Export", "O": "Outside the scope", "E": "Exempt"}


@dataclass(frozen=True, slots=True)
class Part:
    rate: Decimal
    treatment: str
    code: str | None
    """The lines' VATEX code (None for taxed lines and lines without one)."""
    base: Decimal
    vat: Decimal


def parts(entry: BookedInvoice, home: str) -> Iterator[Part]:
    """An invoice's base and VAT by rate, its 0 % base by treatment, in the invoice's
    currency."""
    for total in entry.totals.by_rate:
        if total.rate != 0:
            yield Part(total.rate, _treatment(None, entry, home), None, total.base, total.vat)
            continue
        for code, base in sorted(
            model.zero_rate_bases(entry.record.data).items(), key=lambda item: item[0] or ""
        ):
            yield Part(total.rate, _treatment(code, entry, home), code, base, ZERO)


def _treatment(code: str | None, entry: BookedInvoice, home: str) -> str:
    category = vatex.category(code) if code is not None else None
    if category is not None and category != "AE":
        return _BY_CATEGORY[category]
    if not entry.reverse_charge:
        return DOMESTIC
    country = entry.customer.get("country") if entry.customer is not None else None
    if country == home:
        return "Domestic reverse charge"
    return EU_REVERSE_CHARGE if country in EU_COUNTRIES else "Reverse charge outside the EU"
