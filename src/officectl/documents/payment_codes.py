"""Payment codes: what a banking app scans or a payer types, built exactly as
INVOICING.md specifies.

- SPAYD 1.0 (Czech QR Platba): ``SPD*1.0*ACC:…*AM:…*CC:…`` with ``*`` inside a value
  written ``%2A``;
- EPC QR (SEPA credit transfer, EPC069-12), through ``segno.helpers.make_epc_qr``;
- the Finnish virtual bank barcode (*virtuaaliviivakoodi*), 54 digits, version 4
  (national reference) or 5 (RF reference).

Amounts are Decimals rounded half up to the cent before they are written; none of
them passes through a float.
"""

from __future__ import annotations

import base64
from datetime import date
from decimal import Decimal
from typing import Any

from officectl.documents.references import is_finnish_reference, rf_body, rf_check_digits
from officectl.money import round_money

SPAYD_MESSAGE_MAX = 60
SPAYD_AMOUNT_MAX = Decimal("9999999.99")
"""SPAYD's ``AM`` has at most 10 characters, the point included."""
EPC_AMOUNT_MAX = Decimal("999999999.99")
"""The EPC QR standard's largest amount (EUR 999,999,999.99)."""
SPAYD_VS_MAX = 10


def _spayd_value(value: str) -> str:
    return value.replace("*", "%2A")


def spayd(
    iban: str,
    amount: Decimal,
    currency: str,
    *,
    bic: str | None = None,
    variable_symbol: str | None = None,
    message: str | None = None,
    due: date | None = None,
) -> str:
    """The QR Platba text. ``ACC`` is the IBAN, ``+BIC`` when known."""
    account = iban.replace(" ", "").upper() + (f"+{bic.strip().upper()}" if bic else "")
    pairs = [("ACC", account), ("AM", f"{round_money(amount):.2f}"), ("CC", currency)]
    if due is not None:
        pairs.append(("DT", due.strftime("%Y%m%d")))
    if variable_symbol:
        if not variable_symbol.isdigit() or len(variable_symbol) > SPAYD_VS_MAX:
            raise ValueError(f"a variable symbol has 1–10 digits, not {variable_symbol!r}")
        pairs.append(("X-VS", variable_symbol))
    if message:
        pairs.append(("MSG", message[:SPAYD_MESSAGE_MAX]))
    return "SPD*1.0*" + "*".join(f"{key}:{_spayd_value(value)}" for key, value in pairs)


def epc_qr(
    name: str,
    iban: str,
    amount: Decimal,
    *,
    bic: str | None = None,
    reference: str | None = None,
    text: str | None = None,
) -> Any:
    """A ``segno.QRCode`` of an EPC (SEPA) credit transfer; the beneficiary name is
    cut to the standard's 70 characters and the text to 140."""
    from segno.helpers import make_epc_qr

    return make_epc_qr(
        name=name.strip()[:70],
        iban=iban.replace(" ", "").upper(),
        amount=round_money(amount),
        reference=reference,
        text=None if reference else (text or "")[:140] or None,
        bic=bic.strip().upper() if bic else None,
    )


def spayd_qr(text: str) -> Any:
    """A ``segno.QRCode`` at error correction level M, as the QR Platba spec asks."""
    import segno

    return segno.make_qr(text, error="m", boost_error=False)


def qr_data_uri(qr: Any) -> str:
    """An SVG data URI: the HTML stays one self-contained file and the PDF needs no
    file at all. Scaled by CSS, so the modules stay crisp at any size."""
    return str(
        qr.svg_data_uri(scale=1, border=4, dark="#000", light="#fff", omitsize=True, nl=False)
    )


BARCODE_MODULE_MM = 0.25
BARCODE_HEIGHT_MM = 13.0
BARCODE_QUIET_ZONE_MM = 6.5
"""The Finnish banks' barcode guide: Code 128, modules of at least 0.25 mm, bars at
least 10 mm high, a quiet zone of at least 6.4 mm on each side."""


def barcode_data_uri(digits: str) -> str:
    """The virtual barcode drawn as bank scanners read it: Code 128 (character set C,
    two digits a symbol), an SVG data URI at its printed size."""
    from barcode import Code128  # type: ignore[import-untyped]
    from barcode.writer import SVGWriter  # type: ignore[import-untyped]

    svg = Code128(digits, writer=SVGWriter()).render(
        {
            "module_width": BARCODE_MODULE_MM,
            "module_height": BARCODE_HEIGHT_MM,
            "quiet_zone": BARCODE_QUIET_ZONE_MM,
            "write_text": False,
            "font_size": 0,
            "text_distance": 0,
            "margin_top": 0,
            "margin_bottom": 0,
        }
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


class BarcodeError(ValueError):
    """The invoice cannot carry a virtual barcode (not a Finnish account or reference)."""


def virtual_barcode(iban: str, amount: Decimal, reference: str, due: date | None) -> str:
    """The 54-digit Finnish virtual bank barcode.

    ``reference`` decides the version: a national reference gives version 4, an RF
    reference version 5. An amount above 999 999,99 € or no due date is written as
    zeros, which the standard allows (the payer fills it in).
    """
    compact = iban.replace(" ", "").upper()
    if not (compact.startswith("FI") and len(compact) == 18 and compact[2:].isdigit()):
        raise BarcodeError(f"the virtual barcode needs a Finnish IBAN, not {iban}")
    cents = int(round_money(amount) * 100)
    if not 0 <= cents <= 99_999_999:
        cents = 0
    money = f"{cents // 100:06d}{cents % 100:02d}"
    due_text = due.strftime("%y%m%d") if due else "000000"
    ref = reference.replace(" ", "").upper()
    if ref.startswith("RF"):
        body = rf_body(ref)
        if not body.isdigit() or len(body) > 21:
            raise BarcodeError("a version 5 barcode needs an RF reference of digits only")
        code = f"5{compact[2:]}{money}{rf_check_digits(ref)}{body:0>21}{due_text}"
    else:
        if not is_finnish_reference(ref):
            raise BarcodeError(f"{reference} is not a Finnish reference number")
        code = f"4{compact[2:]}{money}000{ref:0>20}{due_text}"
    assert len(code) == 54, code
    return code
