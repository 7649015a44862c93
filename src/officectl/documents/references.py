"""Payment references a payer types or a bank matches: the Finnish *viitenumero* and
the international RF creditor reference (ISO 11649), as INVOICING.md describes.

An invoice's reference is built from the digits of its number (``INV-2026-0007`` →
``20260007``), so the payment can be matched to the invoice without a lookup table.
"""

from __future__ import annotations

import re

from officectl.errors import RecordError

_WEIGHTS = (7, 3, 1)


def number_digits(invoice_id: str, limit: int | None = None) -> str:
    """The digits of an invoice number, leading zeros dropped (at most ``limit``,
    keeping the last ones: the sequence number is what tells invoices apart)."""
    digits = re.sub(r"\D", "", invoice_id).lstrip("0")
    if not digits:
        raise RecordError(f"{invoice_id} has no digits to build a payment reference from")
    return digits[-limit:].lstrip("0") if limit else digits


def finnish_check_digit(base: str) -> str:
    """7-3-1 weights from the right; the check digit tops the sum up to a multiple of ten."""
    if not base.isdigit():
        raise ValueError(f"a Finnish reference base is digits only, not {base!r}")
    total = sum(int(digit) * _WEIGHTS[i % 3] for i, digit in enumerate(reversed(base)))
    return str((10 - total % 10) % 10)


def finnish_reference(base: str) -> str:
    """``base`` with its check digit appended: 4–20 digits, no leading zero."""
    base = base.lstrip("0")
    if not 3 <= len(base) <= 19:
        raise ValueError(f"a Finnish reference base has 3–19 digits, not {len(base)}")
    return base + finnish_check_digit(base)


def is_finnish_reference(reference: str) -> bool:
    compact = reference.replace(" ", "")
    return (
        compact.isdigit()
        and 4 <= len(compact) <= 20
        and not compact.startswith("0")
        and finnish_check_digit(compact[:-1]) == compact[-1]
    )


def group_reference(reference: str) -> str:
    """Printed in groups of five from the right: ``1234561`` → ``12 34561``."""
    compact = reference.replace(" ", "")
    head = len(compact) % 5
    groups = [compact[:head]] if head else []
    groups += [compact[i : i + 5] for i in range(head, len(compact), 5)]
    return " ".join(groups)


def rf_reference(reference: str) -> str:
    """The ISO 11649 form ``RF`` + two check digits + ``reference``, checked by
    python-stdnum: check digits = 98 − (reference + ``RF00`` as a number mod 97)."""
    from stdnum import iso11649
    from stdnum.iso7064 import mod_97_10

    body = reference.replace(" ", "").upper()
    if not body.isalnum() or len(body) > 21:
        raise ValueError(f"an RF reference body has 1–21 letters or digits, not {body!r}")
    check = mod_97_10.calc_check_digits(body + "RF")
    return str(iso11649.validate(f"RF{check}{body}"))


def rf_check_digits(rf: str) -> str:
    return rf[2:4]


def rf_body(rf: str) -> str:
    return rf[4:]


VARIABLE_SYMBOL_MAX = 10
"""A Czech variable symbol has at most ten digits (QR Platba ``X-VS``)."""


def payment_references(
    invoice_id: str,
    country: str,
    *,
    with_rf: bool = True,
) -> tuple[str | None, str | None, str | None]:
    """(variable symbol, reference, RF reference) an invoice prints, by the issuing
    company's country: Czech banks match a variable symbol, Finnish ones a
    *viitenumero* (or its RF form); elsewhere the invoice number is the reference.
    The one definition: the document prints it and the bank matcher matches it
    (which reads an RF reference's body, so it asks ``with_rf=False``: no checksum
    to compute for every invoice)."""
    if country == "CZ":
        return number_digits(invoice_id, VARIABLE_SYMBOL_MAX), None, None
    if country == "FI":
        reference = finnish_reference(number_digits(invoice_id, 19))
        return None, reference, rf_reference(reference) if with_rf else None
    return None, invoice_id, None
