"""What an e-invoice needs that the records may lack, and where a party is reached:
light enough for ``validate`` (no XML, no documents imported)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from officectl.codelists.eas import REGISTRY_PREFIXES, REGISTRY_SCHEMES, SCHEMES, VAT_SCHEMES
from officectl.einvoice.units import unit_code
from officectl.records import Record

FORMATS = ("peppol", "isdoc")


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


def line_category(line: Mapping[str, Any]) -> tuple[str, str | None]:
    """A line's e-invoice VAT category and its exemption code (upper case): S with VAT,
    else the category of the VATEX code, else AE (reverse charge)."""
    from officectl.codelists import vatex

    code = (line.get("vat_exemption") or {}).get("code")
    upper = str(code).upper() if code else None
    if line.get("vat_rate", 0) != 0:
        return "S", None
    return (vatex.category(upper), upper) if upper else ("AE", None)


def _category_problems(invoice: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """The exemptions an EN 16931 invoice cannot state together: a line not subject to
    VAT (O) beside a line of another category (BR-O-11), and two exemption codes of
    one category, which has one VAT breakdown and so one reason (BR-E-10 …)."""
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
    if fmt == "isdoc" and not data.get("company_id") and data.get("type") != "person":
        found.append(("company_id", "an ISDOC invoice needs the customer's company_id (IČO)"))
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
