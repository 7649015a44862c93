"""What a party's identifiers are called where they were issued.

A Czech IČO printed on a Finnish invoice is still an IČO, and a Norwegian
organisation number is no IČO: a register or VAT number is labelled by its party's
country, whatever the document's language. A country not listed here has its
numbers labelled with the language's own words (``t.company_id``, ``t.vat_id``).
"""

from __future__ import annotations

from typing import NamedTuple


class IdentifierNames(NamedTuple):
    company_id: str
    """The business register number's name."""
    vat_id: str
    """The VAT number's name."""


BY_COUNTRY: dict[str, IdentifierNames] = {
    "CZ": IdentifierNames("IČO", "DIČ"),
    "SK": IdentifierNames("IČO", "IČ DPH"),
    "FI": IdentifierNames("Y-tunnus", "ALV-numero"),
    "NO": IdentifierNames("Org.nr.", "MVA-nr."),
    "DE": IdentifierNames("Handelsregister", "USt-IdNr."),
}


def identifier_names(country: str | None) -> IdentifierNames | None:
    """The national names of a party's identifiers, or None for the language's words."""
    return BY_COUNTRY.get(str(country or "").upper())
