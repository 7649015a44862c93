"""What an e-invoice needs that the records may lack, and where a party is reached:
light enough for ``validate`` (no XML, no documents imported)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from officectl.codelists import vatex
from officectl.codelists.eas import REGISTRY_PREFIXES, REGISTRY_SCHEMES, SCHEMES, VAT_SCHEMES
from officectl.codes import COUNTRIES
from officectl.einvoice.units import unit_code
from officectl.records import Record

FORMATS = ("peppol", "isdoc")
VAT_ID_PREFIXES = (COUNTRIES - {"XK"}) | {"EL", "XI", "1A"}
"""The prefixes EN 16931 accepts on a VAT number (rule BR-CO-09): ISO 3166 codes, EL
for Greece, XI for Northern Ireland, 1A for Kosovo."""


def _country(data: Mapping[str, Any]) -> str:
    return str((data.get("address") or {}).get("country") or data.get("country") or "")


def default_format(country: str) -> str:
    return "isdoc" if country == "CZ" else "peppol"


def format_for(company_country: str, customer: Mapping[str, Any]) -> str:
    """The customer's ``einvoice.format``, else the company country's default."""
    chosen = (customer.get("einvoice") or {}).get("format")
    return str(chosen) if chosen else default_format(company_country)


def endpoint_of(data: Mapping[str, Any]) -> tuple[str, str] | None:
    """A party's Peppol address: its ``einvoice.endpoint`` (SCHEME:ID), else one made
    from its identifiers (Finland: 0216 OVT code from the Y-tunnus; Norway, Sweden,
    Denmark: the register number, a Danish one as ``DK`` and the CVR digits; elsewhere
    the country's VAT scheme and the VAT number)."""
    written = (data.get("einvoice") or {}).get("endpoint")
    if isinstance(written, str) and ":" in written:
        scheme, identifier = written.split(":", 1)
        return scheme, identifier
    country = _country(data)
    if country == "FI" and data.get("company_id"):
        digits = re.sub(r"\D", "", str(data["company_id"]))
        return ("0216", "0037" + digits) if len(digits) == 8 else None
    if country in REGISTRY_SCHEMES and data.get("company_id"):
        digits = re.sub(r"\D", "", str(data["company_id"]))
        if not digits:
            return None
        return REGISTRY_SCHEMES[country], REGISTRY_PREFIXES.get(country, "") + digits
    vat_scheme = VAT_SCHEMES.get(country)
    vat_id = data.get("vat_id")
    return (vat_scheme, str(vat_id)) if vat_scheme and vat_id else None


def endpoint_problem(value: str) -> str | None:
    """Why an ``einvoice.endpoint`` is not a Peppol address, or None."""
    scheme, _, identifier = value.partition(":")
    if scheme not in SCHEMES:
        return (
            f"{scheme} is not a Peppol endpoint scheme (EAS); Finland is 0216, a Czech "
            "VAT number 9929"
        )
    if not identifier:
        return "the identifier after the scheme is missing"
    from officectl.einvoice.endpoint_ids import identifier_problem

    return identifier_problem(scheme, identifier)


def line_problems(invoice: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """(field path, message) of what an e-invoice needs that the lines lack."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    reverse = bool(invoice.get("reverse_charge"))
    for index, line in enumerate(invoice.get("lines", ())):
        if not isinstance(line, Mapping):
            continue
        if "unit_code" not in line and unit_code(line) is None:
            found.append(
                (
                    ("lines", index, "unit"),
                    (
                        f"unit {line.get('unit')!r} has no UN/ECE Recommendation 20 code: add "
                        "unit_code to the line (HUR, DAY, MON, H87, C62 …)"
                    ),
                )
            )
        if (
            line.get("vat_rate") == 0
            and not reverse
            and not (line.get("vat_exemption") or {}).get("code")
        ):
            found.append(
                (
                    ("lines", index),
                    (
                        "a 0 % line needs vat_exemption (a VATEX code) in an e-invoice: it is the "
                        "VAT category's legal basis (BT-121)"
                    ),
                )
            )
    return found + _category_problems(invoice)


def _has_zero_rate(invoice: Mapping[str, Any]) -> bool:
    for line in invoice.get("lines", ()):  # a loop, not any(): asked of every invoice
        if isinstance(line, Mapping) and line.get("vat_rate", 0) == 0:
            return True
    return False


def line_category(line: Mapping[str, Any]) -> tuple[str, str | None]:
    """A line's e-invoice VAT category and its exemption code (upper case): S with VAT,
    else the category of the VATEX code, else AE (reverse charge)."""
    code = (line.get("vat_exemption") or {}).get("code")
    upper = str(code).upper() if code else None
    if line.get("vat_rate", 0) != 0:
        return "S", None
    return (vatex.category(upper), upper) if upper else ("AE", None)


def _category_problems(invoice: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """The exemptions an EN 16931 invoice cannot state together: a line not subject to
    VAT (O) beside a line of another category (BR-O-11), and two exemption codes of
    one category, which has one VAT breakdown and so one reason (BR-E-10 …)."""
    if not _has_zero_rate(invoice):
        return []  # every line standard rated: the common case, kept cheap
    lines = [
        (index, line_category(line))
        for index, line in enumerate(invoice.get("lines", ()))
        if isinstance(line, Mapping)
    ]
    found: list[tuple[tuple[str | int, ...], str]] = []
    outside = next((index for index, (category, _) in lines if category == "O"), None)
    if outside is not None and any(category != "O" for _, (category, _) in lines):
        found.append(
            (
                ("lines", outside, "vat_exemption"),
                "a line not subject to VAT (VATEX-EU-O) cannot share an e-invoice with lines "
                "of another VAT category (EN 16931 rule BR-O-11): invoice them separately",
            )
        )
    first: dict[str, tuple[int, str]] = {}
    for index, (category, code) in lines:
        if code is None:
            continue
        seen = first.setdefault(category, (index, code))
        if seen[1] != code:
            found.append(
                (
                    ("lines", index, "vat_exemption"),
                    (
                        f"{code} and {seen[1]} (line {seen[0] + 1}) are both VAT category "
                        f"{category}: an e-invoice states one exemption reason per category, "
                        "so invoice them separately or use one code"
                    ),
                )
            )
    return found


def party_problems(data: Mapping[str, Any], fmt: str) -> list[tuple[str, str]]:
    """(field, message) of what a customer lacks for ``fmt``."""
    found: list[tuple[str, str]] = []
    address = data.get("address") or {}
    for key in ("street", "city", "postal_code", "country"):
        if not address.get(key):
            found.append(
                (f"address.{key}", f"an e-invoice ({fmt}) needs the customer's address.{key}")
            )
    written = (data.get("einvoice") or {}).get("endpoint")
    if isinstance(written, str) and (reason := endpoint_problem(written)):
        found.append(("einvoice.endpoint", reason))
    elif fmt == "peppol" and endpoint_of(data) is None:
        found.append(
            (
                "einvoice.endpoint",
                (
                    "a Peppol e-invoice needs the customer's endpoint: set einvoice.endpoint "
                    "(SCHEME:ID, e.g. 0216:003712345671) or a VAT number with a Peppol scheme"
                ),
            )
        )
    vat_id = str(data.get("vat_id") or "")
    if fmt == "peppol" and vat_id and vat_id[:2] not in VAT_ID_PREFIXES:
        found.append(
            (
                "vat_id",
                (
                    "a VAT number in an e-invoice starts with its country's code (EN 16931 "
                    f"rule BR-CO-09): write {_country(data) or 'the country code'}{vat_id}"
                ),
            )
        )
    if fmt == "isdoc" and not data.get("company_id") and data.get("type") != "person":
        found.append(("company_id", "an ISDOC invoice needs the customer's company_id (IČO)"))
    return found


def buyer_needs(invoice: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """(field path, VAT category) of the first line of each category that needs the
    customer's identifiers: K (intra-Community supply) and AE (reverse charge)."""
    if not _has_zero_rate(invoice):
        return []
    found: dict[str, tuple[str | int, ...]] = {}
    for index, line in enumerate(invoice.get("lines", ())):
        if not isinstance(line, Mapping):
            continue
        category, code = line_category(line)
        if category in ("K", "AE") and category not in found:
            reverse = category == "AE" and code is None and invoice.get("reverse_charge")
            found[category] = ("reverse_charge",) if reverse else ("lines", index, "vat_exemption")
    return [(path, category) for category, path in found.items()]


def buyer_problems(
    needs: Iterable[tuple[tuple[str | int, ...], str]], customer: Record
) -> list[tuple[tuple[str | int, ...], str]]:
    """(field path in the invoice, message) of what its VAT categories need that the
    customer lacks: a VAT number for an intra-Community supply (EN 16931 BR-IC-02), a
    VAT number or company ID for reverse charge (BR-AE-02)."""
    vat_id, company_id = customer.get("vat_id"), customer.get("company_id")
    found: list[tuple[tuple[str | int, ...], str]] = []
    for path, category in needs:
        if category == "K" and not vat_id:
            found.append(
                (
                    path,
                    "an intra-Community supply needs the customer's VAT number in an "
                    f"e-invoice (EN 16931 rule BR-IC-02): {customer.id} has no vat_id",
                )
            )
        elif category == "AE" and not vat_id and not company_id:
            found.append(
                (
                    path,
                    "reverse charge needs the customer's VAT number or company ID in an "
                    f"e-invoice (EN 16931 rule BR-AE-02): {customer.id} has neither",
                )
            )
    return found


def einvoice_buyer_needs(record: Record) -> tuple[tuple[tuple[str | int, ...], str], ...]:
    """:func:`buyer_needs` of an invoice, computed once with its lines (as
    :func:`einvoice_lines`)."""
    found: tuple[tuple[tuple[str | int, ...], str], ...] | None = record.derived.get(
        "einvoice_buyer_needs"
    )
    if found is None:
        found = record.derived["einvoice_buyer_needs"] = tuple(buyer_needs(record.data))
    return found


def einvoice_lines(record: Record) -> tuple[tuple[tuple[str | int, ...], str], ...]:
    """The lines' e-invoice problems (field path, message), computed once per record
    with its lines: a repository rule sees the invoice without them."""
    found: tuple[tuple[tuple[str | int, ...], str], ...] | None = record.derived.get(
        "einvoice_lines"
    )
    if found is None:
        found = record.derived["einvoice_lines"] = tuple(line_problems(record.data))
    return found
