"""What a document says, item by item, where the law or a reader expects more than the
first version printed: unit prices as exact as the record, credit notes dated by their
correction, the commercial-register entry, identifiers named by their country, and
British amounts that a British reader can read."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from conftest import RunCli
from officectl.documents.filters import Formatter
from test_documents import page_text, render_html
from test_documents_pdf import pdf_text

REGISTRATION = "C 81234 vedená u Krajského soudu v Brně"
"""The sample company's commercial-register entry (officectl.yaml, company.registration)."""


def write_record(root: Path, relpath: str, text: str) -> None:
    path = root / "records" / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


SUPPLIER = {"cs": "Dodavatel", "en": "Supplier", "fi": "Myyjä"}
CUSTOMER = {"cs": "Odběratel", "en": "Customer", "fi": "Ostaja"}


def party_block(markup: str, heading: str) -> str:
    """The text of the party box under ``heading`` (the supplier's or the customer's)."""
    return page_text("<body>" + markup.split(f"<h2>{heading}</h2>", 1)[1].split("</table>", 1)[0])


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- unit prices ----------------------------------------------------------------------

PRICED = """\
customer: CUS-0002
currency: CZK
lines:
  - description: Odeslané SMS zprávy
    quantity: 1000
    unit: ks
    unit_price: 0.125
    vat_rate: 21
  - description: Datový přenos
    quantity: 3
    unit: GB
    unit_price: 12.3456
    vat_rate: 21
  - description: Poplatek
    quantity: 1
    unit_price: 0.1
    vat_rate: 21
  - description: Licence
    quantity: 2
    unit_price: 1250.1000
    vat_rate: 21
status: issued
issue_date: 2026-11-24
due_date: 2026-12-08
"""


def test_unit_prices_print_the_decimals_they_have(sample_repo: Path, run_cli: RunCli) -> None:
    write_record(sample_repo, "invoices/2026/INV-2026-0029.yaml", PRICED)
    assert run_cli(sample_repo, "validate", "--strict", "--today", "2026-11-25").exit_code == 0
    text = page_text(render_html(run_cli, sample_repo, "INV-2026-0029"))
    # quantity × unit price, rounded to the cent half up, from the record's text
    sms = _cents(Decimal(1000) * Decimal("0.125"))
    data = _cents(Decimal(3) * Decimal("12.3456"))
    assert (sms, data) == (Decimal("125.00"), Decimal("37.04"))
    for row in [
        "Odeslané SMS zprávy 1 000 ks 0,125 21 % 125,00",
        "Datový přenos 3 GB 12,3456 21 % 37,04",
        "Poplatek 1 0,10 21 % 0,10",
        "Licence 2 1 250,10 21 % 2 500,20",
    ]:
        assert row in text, text
    assert "0,13" not in text


@pytest.mark.parametrize(
    ("locale", "value", "shown"),
    [
        ("cs_CZ", "0.125", "0,125"),
        ("cs_CZ", "0.1250", "0,125"),
        ("cs_CZ", "0.1", "0,10"),
        ("cs_CZ", "1250", "1\xa0250,00"),
        ("fi_FI", "12.3456", "12,3456"),
        ("en_GB", "-0.0625", "-0.0625"),
        ("en_GB", "1234.5", "1,234.50"),
        ("cs_CZ", "0.123456", "0,123456"),  # more than validate lets through: still not rounded
    ],
)
def test_unit_price_filter_keeps_two_to_four_decimals(locale: str, value: str, shown: str) -> None:
    assert Formatter(locale).unit_price(Decimal(value)) == shown


# --- credit notes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "label", "day", "gone"),
    [
        (
            "cs",
            "Datum uskutečnění opravy",
            "9. 11. 2026",
            ["Datum zdanitelného plnění", "Datum splatnosti"],
        ),
        ("en", "Date of correction", "9 Nov 2026", ["Date of supply", "Due date"]),
        ("fi", "Hyvityspäivä", "9.11.2026", ["Toimituspäivä", "Eräpäivä"]),
    ],
)
def test_credit_note_is_dated_by_its_correction_and_has_no_due_date(
    sample_repo: Path, run_cli: RunCli, lang: str, label: str, day: str, gone: list[str]
) -> None:
    """CZ § 42(2) and § 45: a correction is a supply of its own on the day its cause
    arose; a credit note asks for no payment, so it has no due date."""
    text = page_text(render_html(run_cli, sample_repo, "INV-2026-0026", "--lang", lang))
    assert f"{label} {day}" in text
    assert [g for g in gone if g in text] == []


def test_credit_note_prints_its_own_date_of_correction(sample_repo: Path, run_cli: RunCli) -> None:
    note = sample_repo / "records" / "invoices" / "2026" / "INV-2026-0026.yaml"
    note.write_text(
        note.read_text("utf-8").replace(
            "issue_date: 2026-11-09", "issue_date: 2026-11-09\ntaxable_supply_date: 2026-11-05"
        ),
        encoding="utf-8",
    )
    text = page_text(render_html(run_cli, sample_repo, "INV-2026-0026"))
    assert "Datum uskutečnění opravy 5. 11. 2026" in text
    assert "Datum vystavení 9. 11. 2026" in text


REVERSE_CHARGE_CREDIT_NOTE = """\
customer: CUS-0007
currency: EUR
lines:
  - description: Follow-up training call not held
    quantity: -1.25
    unit: h
    unit_price: 92.50
    vat_rate: 0
status: issued
issue_date: 2026-11-24
due_date: 2026-12-08
credit_note_for: INV-2026-0017
reverse_charge: true
exchange_rate: 24.480
notes: The training call was cancelled.
"""


@pytest.mark.parametrize(
    ("lang", "wording"),
    [
        ("fi", "Käännetty verovelvollisuus"),
        ("en", "Reverse charge"),
        ("cs", "Přenesení daňové povinnosti"),
    ],
)
def test_reverse_charge_wording_is_printed_once(
    sample_repo: Path, run_cli: RunCli, lang: str, wording: str
) -> None:
    write_record(sample_repo, "invoices/2026/INV-2026-0029.yaml", REVERSE_CHARGE_CREDIT_NOTE)
    assert run_cli(sample_repo, "validate", "--today", "2026-11-25").exit_code == 0
    for invoice in ("INV-2026-0029", "INV-2026-0017"):  # the credit note and its original
        markup = render_html(run_cli, sample_repo, invoice, "--lang", lang)
        text = page_text(markup.split('class="box notes-box"')[0])  # not the user's notes
        assert text.casefold().count(wording.casefold()) == 1, (invoice, text)


# --- commercial register (Civil Code § 435) --------------------------------------------


@pytest.mark.parametrize(
    ("lang", "label"),
    [
        ("cs", "Zápis v obchodním rejstříku"),
        ("en", "Commercial register"),
        ("fi", "Kaupparekisteri"),
    ],
)
def test_supplier_block_carries_the_commercial_register_entry(
    sample_repo: Path, run_cli: RunCli, lang: str, label: str
) -> None:
    for record_id in ("INV-2026-0025", "INV-2026-0026", "INV-DRAFT-0002", "CON-2026-002"):
        markup = render_html(run_cli, sample_repo, record_id, "--lang", lang)
        assert f"{label} {REGISTRATION}" in party_block(markup, SUPPLIER[lang]), record_id
    markdown = run_cli(sample_repo, "render", "CON-2026-002", "--format", "md", "--lang", lang)
    assert markdown.exit_code == 0, markdown.output
    assert f"{label} {REGISTRATION}" in (sample_repo / "reports" / "CON-2026-002.md").read_text(
        "utf-8"
    )


def test_czech_init_company_prints_its_register_entry(tmp_path: Path, run_cli: RunCli) -> None:
    made = run_cli(
        tmp_path, "init", str(tmp_path / "sro"), "--locale", "cs_CZ", "--today", "2026-11-25"
    )
    assert made.exit_code == 0, made.output
    config = (tmp_path / "sro" / "officectl.yaml").read_text("utf-8")
    entry = re.search(r"^  registration: (.+?)\s*(#.*)?$", config, re.MULTILINE)
    assert entry is not None, config
    result = run_cli(tmp_path / "sro", "render", "INV-DRAFT-0001")
    assert result.exit_code == 0, result.output
    assert f"Zápis v obchodním rejstříku {entry.group(1)}" in pdf_text(
        tmp_path / "sro" / "reports" / "INV-DRAFT-0001.pdf"
    )


# --- identifiers by country, British amounts -------------------------------------------

IRISH_CUSTOMER = """\
name: Harbour Lights Ltd
country: IE
type: company
company_id: "654321"
vat_id: IE6388047V
address: {street: 2 Quay Street, city: Galway, postal_code: H91 AB12, country: IE}
"""
IRISH_INVOICE = """\
customer: CUS-0099
currency: EUR
lines:
  - description: Design review
    quantity: 1
    unit_price: 900.00
    vat_rate: 0
status: issued
issue_date: 2026-11-24
due_date: 2026-12-08
reverse_charge: true
exchange_rate: 24.310
"""

GENERIC = {
    "cs": ("Registrační číslo", "DIČ"),
    "en": ("Company ID", "VAT ID"),
    "fi": ("Rekisterinumero", "ALV-tunniste"),
}


@pytest.mark.parametrize("lang", ["cs", "en", "fi"])
@pytest.mark.parametrize(
    ("invoice", "company_id", "vat_id"),
    [
        ("INV-2026-0024", "IČO 08740127", "DIČ CZ08740127"),
        ("INV-2026-0028", "IČO 51697246", "IČ DPH SK2021847366"),
        ("INV-2026-0017", "Y-tunnus 1937246-1", "ALV-numero FI19372461"),
        ("INV-2026-0027", "Org.nr. 921547366", "MVA-nr. NO921547366MVA"),
        (
            "INV-2026-0023",
            "Handelsregister Berlin (Charlottenburg) HRB 187452 B",
            "USt-IdNr. DE318465720",
        ),
        ("INV-2026-0029", None, None),
    ],
)
def test_identifiers_are_named_by_their_partys_country(
    sample_repo: Path,
    run_cli: RunCli,
    lang: str,
    invoice: str,
    company_id: str | None,
    vat_id: str | None,
) -> None:
    write_record(sample_repo, "customers/CUS-0099.yaml", IRISH_CUSTOMER)
    write_record(sample_repo, "invoices/2026/INV-2026-0029.yaml", IRISH_INVOICE)
    markup = render_html(run_cli, sample_repo, invoice, "--lang", lang)
    customer = party_block(markup, CUSTOMER[lang])
    if company_id is None:  # a country without a name of its own: the language's words
        company_id, vat_id = (f"{GENERIC[lang][0]} 654321", f"{GENERIC[lang][1]} IE6388047V")
    assert company_id in customer and vat_id in customer, customer
    assert "IČO 29083419" in page_text(markup)  # the Czech supplier's, in every language
    assert "DIČ CZ29083419" in page_text(markup)


@pytest.mark.parametrize(
    ("value", "currency", "shown"),
    [
        ("79942.62", "CZK", "CZK\xa079,942.62"),
        ("-1097.60", "CZK", "-CZK\xa01,097.60"),
        ("4800", "EUR", "€4,800.00"),
        ("1234.5", "GBP", "£1,234.50"),
        ("10", "SEK", "SEK\xa010.00"),
        ("10", "USD", "US$10.00"),
    ],
)
def test_british_amounts_keep_a_currency_code_apart_from_the_digits(
    value: str, currency: str, shown: str
) -> None:
    """CLDR's currency spacing: a code of letters is set off by a no-break space."""
    assert Formatter("en_GB").money(Decimal(value), currency) == shown


def test_english_invoice_reads_code_space_amount(sample_repo: Path, run_cli: RunCli) -> None:
    text = page_text(render_html(run_cli, sample_repo, "INV-2026-0017", "--lang", "en"))
    base = _cents(Decimal("3265.63") * Decimal("24.480"))
    assert base == Decimal("79942.62")
    assert "CZK 79,942.62" in text and "CZK79" not in text
