"""Payment codes and references, against INVOICING.md's checked examples and an
independent re-implementation of each recipe, and decoded by a real QR reader."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
import zxingcpp
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from officectl.documents import payment_codes, references
from officectl.documents.filters import FilterError, Formatter


def _decode(qr: object) -> tuple[str, str]:
    """(text, error correction level) of a segno QR code, read by zxing-cpp."""
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=6)  # type: ignore[attr-defined]
    buffer.seek(0)
    [found] = zxingcpp.read_barcodes(Image.open(buffer))
    return found.text, found.ec_level


def _rf_by_the_book(reference: str) -> str:
    """ISO 11649 as INVOICING.md words it: 98 − (reference + RF00 as a number mod 97),
    letters as numbers (A = 10 … R = 27, F = 15)."""
    digits = "".join(str(int(c, 36)) for c in reference + "RF00")
    return f"RF{98 - int(digits) % 97:02d}{reference}"


# --- Finnish reference number (viitenumero) ------------------------------------------


@pytest.mark.parametrize(("base", "expected"), [("1111", "11112"), ("123456", "1234561")])
def test_finnish_reference_matches_invoicing_examples(base: str, expected: str) -> None:
    assert references.finnish_reference(base) == expected
    assert references.is_finnish_reference(expected)


@given(st.integers(min_value=100, max_value=10**19 - 1))
def test_every_finnish_reference_validates_and_a_changed_digit_does_not(number: int) -> None:
    reference = references.finnish_reference(str(number))
    assert references.is_finnish_reference(reference)
    assert 4 <= len(reference) <= 20
    last = reference[-1]
    wrong = reference[:-1] + str((int(last) + 1) % 10)
    assert not references.is_finnish_reference(wrong)


def test_references_print_in_groups_of_five_from_the_right() -> None:
    assert references.group_reference("1234561") == "12 34561"
    assert references.group_reference("11112") == "11112"
    assert references.group_reference("202600013") == "2026 00013"


def test_invoice_number_digits_give_the_reference_base() -> None:
    assert references.number_digits("INV-2026-0007") == "20260007"
    assert references.number_digits("INV-2026-0007", 10) == "20260007"
    assert references.number_digits("INV-2026-12345678", 10) == "2612345678"


# --- RF creditor reference (ISO 11649) ------------------------------------------------


def test_rf_reference_matches_invoicing_example() -> None:
    assert references.rf_reference("11112") == "RF9811112"


@given(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=21))
def test_rf_reference_agrees_with_the_formula(body: str) -> None:
    from stdnum import iso11649

    rf = references.rf_reference(body)
    assert rf == _rf_by_the_book(body)
    assert iso11649.is_valid(rf)


# --- Finnish virtual bank barcode -----------------------------------------------------


def test_virtual_barcode_v4_matches_invoicing_checked_example() -> None:
    code = payment_codes.virtual_barcode(
        "FI37 1590 3000 0007 76", Decimal("12.25"), "11112", date(2016, 12, 21)
    )
    assert code == "437159030000007760000122500000000000000000011112161221"


def test_virtual_barcode_v5_carries_the_rf_check_digits_and_body() -> None:
    code = payment_codes.virtual_barcode(
        "FI3715903000000776", Decimal("1225.5"), "RF9811112", date(2016, 12, 21)
    )
    assert len(code) == 54
    assert code == (
        "5" + "3715903000000776" + "001225" + "50" + "98" + "11112".rjust(21, "0") + "161221"
    )


def test_virtual_barcode_rounds_half_up_and_zeroes_what_does_not_fit() -> None:
    rounded = payment_codes.virtual_barcode("FI3715903000000776", Decimal("10.005"), "11112", None)
    assert rounded[17:25] == "00001001" and rounded.endswith("000000")
    huge = payment_codes.virtual_barcode(
        "FI3715903000000776", Decimal("1000000.00"), "11112", date(2026, 12, 4)
    )
    assert huge[17:25] == "00000000"


def test_virtual_barcode_needs_a_finnish_account_and_a_valid_reference() -> None:
    with pytest.raises(payment_codes.BarcodeError):
        payment_codes.virtual_barcode("CZ6508000000192000145399", Decimal(1), "11112", None)
    with pytest.raises(payment_codes.BarcodeError):
        payment_codes.virtual_barcode("FI3715903000000776", Decimal(1), "11113", None)


# --- SPAYD (QR Platba) ----------------------------------------------------------------


def test_spayd_text_follows_the_specification() -> None:
    text = payment_codes.spayd(
        "CZ7801000000000000000123",
        Decimal("799.5"),
        "CZK",
        variable_symbol="9562231077",
        due=date(2022, 10, 1),
    )
    assert (
        text == "SPD*1.0*ACC:CZ7801000000000000000123*AM:799.50*CC:CZK*DT:20221001*X-VS:9562231077"
    )


def test_spayd_escapes_stars_in_values_and_adds_the_bic() -> None:
    text = payment_codes.spayd(
        "CZ65 0800 0000 1920 0014 5399",
        Decimal("0.125"),
        "CZK",
        bic="GIBACZPX",
        message="FAKTURA *7*",
    )
    assert (
        text == "SPD*1.0*ACC:CZ6508000000192000145399+GIBACZPX*AM:0.13*CC:CZK*MSG:FAKTURA %2A7%2A"
    )
    assert text.count("*") == 5  # only the separators


def test_spayd_refuses_a_variable_symbol_that_is_not_up_to_ten_digits() -> None:
    with pytest.raises(ValueError, match="variable symbol"):
        payment_codes.spayd(
            "CZ6508000000192000145399", Decimal(1), "CZK", variable_symbol="12345678901"
        )


def test_spayd_qr_decodes_to_its_text_at_level_m() -> None:
    text = payment_codes.spayd(
        "CZ6508000000192000145399", Decimal("33880"), "CZK", variable_symbol="20260025"
    )
    assert _decode(payment_codes.spayd_qr(text)) == (text, "M")


# --- EPC QR (SEPA) --------------------------------------------------------------------


def test_epc_qr_carries_iban_amount_and_structured_reference() -> None:
    qr = payment_codes.epc_qr(
        "Revontuli Design Oy",
        "FI37 1590 3000 0007 76",
        Decimal("1255.005"),
        bic="NDEAFIHH",
        reference="RF9811112",
    )
    text, level = _decode(qr)
    lines = text.split("\n")
    assert level == "M"
    assert lines[:4] == ["BCD", "002", lines[2], "SCT"]
    assert lines[4:10] == [
        "NDEAFIHH",
        "Revontuli Design Oy",
        "FI3715903000000776",
        "EUR1255.01",
        "",
        "RF9811112",
    ]


def test_epc_qr_with_unstructured_text() -> None:
    qr = payment_codes.epc_qr(
        "Severka Digital s.r.o.",
        "CZ6508000000192000145399",
        Decimal("4800.00"),
        text="INV-2026-0028 VS 20260028",
    )
    lines = _decode(qr)[0].split("\n")
    assert lines[6:] == ["CZ6508000000192000145399", "EUR4800", "", "", "INV-2026-0028 VS 20260028"]


# --- Babel filters with exact rounding ------------------------------------------------

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("locale", "currency", "amount", "expected"),
    [
        ("cs_CZ", "CZK", "12345.5", f"12{NBSP}345,50{NBSP}Kč"),
        ("fi_FI", "EUR", "12345.50", f"12{NBSP}345,50{NBSP}€"),
        ("cs_CZ", "EUR", "0.125", f"0,13{NBSP}€"),  # Babel alone would say 0,12
        ("fi_FI", "EUR", "-0.125", f"-0,13{NBSP}€"),  # half up means away from zero
        ("en_GB", "EUR", "2.675", "€2.68"),
        ("en_GB", "JPY", "2.5", "JP¥3"),
    ],
)
def test_money_rounds_half_up_before_babel_formats(
    locale: str, currency: str, amount: str, expected: str
) -> None:
    assert Formatter(locale).money(Decimal(amount), currency) == expected


def test_other_filters_follow_the_locale() -> None:
    cs, en = Formatter("cs_CZ"), Formatter("en_GB")
    assert cs.percent(Decimal("21")) == f"21{NBSP}%"
    assert Formatter("fi_FI").percent(Decimal("25.5")) == f"25,5{NBSP}%"
    assert en.percent(Decimal("13.5")) == "13.5%"
    assert cs.number(Decimal("24.310")) == "24,310"
    assert cs.number(Decimal("1234.5")) == f"1{NBSP}234,5"
    assert cs.number(Decimal("3")) == "3"
    assert cs.amount(Decimal("28000")) == f"28{NBSP}000,00"
    assert cs.date(date(2026, 11, 25)) == "25. 11. 2026"
    assert Formatter("fi_FI").date(date(2026, 11, 25)) == "25.11.2026"
    assert en.date("2026-11-25") == "25 Nov 2026"


def test_filters_refuse_floats() -> None:
    with pytest.raises(FilterError, match="not an exact decimal"):
        Formatter("cs_CZ").money(0.1, "CZK")


def test_virtual_barcode_is_drawn_in_code_128_set_c_at_print_size() -> None:
    """Set C packs two digits a symbol: start, 27 symbols and the check symbol of 11
    modules each, a stop of 13, at 0.25 mm, plus 6.5 mm quiet zones: 96 mm wide."""
    import base64

    uri = payment_codes.barcode_data_uri("437159030000007760000122500000000000000000011112161221")
    assert uri.startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(uri.split(",", 1)[1]).decode()
    assert 'width="96.000mm" height="13.000mm"' in svg
    assert "<text" not in svg and "<script" not in svg
