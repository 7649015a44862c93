"""The shape the Peppol validation demands of an electronic address's identifier, per
scheme, so that a customer's written ``einvoice.endpoint`` the rules would refuse is a
record problem before any file is written, not a rejection at the access point.

The checks are those of the Peppol BIS Billing 3.0 rules PEPPOL-COMMON-R040 to R050,
in the form of the current release (3.0.21) where it is more lenient than older ones;
the check digits come from python-stdnum. A Finnish OVT code (0216) has no Peppol rule
of its own; its Y-tunnus check digit is checked all the same, as a wrong one reaches
nobody.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from stdnum import ean
from stdnum.au import abn
from stdnum.be import vat as be_vat
from stdnum.fi import ytunnus
from stdnum.no import orgnr as no_orgnr
from stdnum.se import orgnr as se_orgnr


def _gln(value: str) -> bool:
    return bool(re.fullmatch(r"\d{2,}", value)) and ean.calc_check_digit(value[:-1]) == value[-1]


def _matches(pattern: str, check: Callable[[str], bool] | None = None) -> Callable[[str], bool]:
    def valid(value: str) -> bool:
        return bool(re.fullmatch(pattern, value)) and (check is None or check(value))

    return valid


_RULES: dict[str, tuple[Callable[[str], bool], str]] = {
    "0088": (_gln, "a GLN: digits ending in a GS1 check digit (PEPPOL-COMMON-R040)"),
    "0192": (
        _matches(r"\d{9}", no_orgnr.is_valid),
        "a Norwegian organisasjonsnummer: nine digits with a valid check digit "
        "(PEPPOL-COMMON-R041)",
    ),
    "0184": (
        _matches(r"(DK)?\d{8}"),
        "a Danish CVR number: eight digits, best written after DK (PEPPOL-COMMON-R042)",
    ),
    "0208": (
        _matches(r"[01]\d{9}", be_vat.is_valid),
        "a Belgian enterprise number: ten digits starting 0 or 1 with valid check digits "
        "(PEPPOL-COMMON-R043)",
    ),
    "0007": (
        _matches(r"\d{10}", se_orgnr.is_valid),
        "a Swedish organisationsnummer: ten digits, no hyphen, with a valid check digit "
        "(PEPPOL-COMMON-R049)",
    ),
    "0151": (
        _matches(r"\d{11}", abn.is_valid),
        "an Australian ABN: eleven digits with valid check digits (PEPPOL-COMMON-R050)",
    ),
    "0216": (
        _matches(r"0037(\d{8})[0-9A-Za-z]{0,5}", lambda v: ytunnus.is_valid(v[4:12])),
        "a Finnish OVT code: 0037, the Y-tunnus's eight digits without the hyphen (a "
        "valid check digit), and an optional suffix of up to five characters",
    ),
}


def identifier_problem(scheme: str, identifier: str) -> str | None:
    """Why ``identifier`` cannot be a Peppol address of ``scheme``, or None."""
    rule = _RULES.get(scheme)
    if rule is None or rule[0](identifier):
        return None
    return f"{identifier} is not {rule[1]}"
