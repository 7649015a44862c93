"""PDF documents as a customer receives them: the text on the page holds every
mandatory item, the QR code a banking app scans pays the amount still due, the
bytes are reproducible, and nothing outside the repository is read."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from click.testing import CliRunner

from conftest import RunCli, make_repo
from officectl.cli import cli
from officectl.config import load_config
from officectl.validation import validate
from test_documents import HOSTILE_NAME, write_template

REPRESENTATIVE = (
    "INV-2026-0024",
    "INV-2026-0017",
    "INV-2026-0027",
    "INV-2026-0026",
    "INV-DRAFT-0002",
)
"""Two VAT rates, a discount and a credit note (CZK); reverse charge, partly paid, with an
exchange rate (EUR); outside the scope of VAT (EUR, Norway); the credit note; a draft."""


def pdf_text(path: Path) -> str:
    document = pdfium.PdfDocument(path)
    try:
        text = " ".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    return " ".join(text.replace("\xa0", " ").replace("\ufffe", "").split())


def pdf_qr_codes(path: Path) -> list[str]:
    """Every QR code on every page, as zxing-cpp reads a 216 dpi rendering."""
    return pdf_codes(path, zxingcpp.BarcodeFormat.QRCode)


def pdf_codes(path: Path, kind: zxingcpp.BarcodeFormat) -> list[str]:
    """Every code of one kind on every page, as zxing-cpp reads a 216 dpi rendering."""
    document = pdfium.PdfDocument(path)
    try:
        found = []
        for page in document:
            image = page.render(scale=3).to_pil()
            found += [r.text for r in zxingcpp.read_barcodes(image) if r.format == kind]
        return found
    finally:
        document.close()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The sample company with the representative invoices rendered to PDF once."""
    root = make_repo(tmp_path_factory.mktemp("pdf") / "books", with_git=False)
    result = CliRunner().invoke(
        cli, ["-C", str(root), "render", *REPRESENTATIVE], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    yield root / "reports"


SUPPLIER = ["Severka Digital s.r.o.", "Údolní 53", "602 00 Brno", "IČO 29083419", "DIČ CZ29083419"]
BANK = ["IBAN CZ65 0800 0000 1920 0014 5399", "BIC/SWIFT GIBACZPX"]

MANDATORY = {
    "INV-2026-0024": [
        "Faktura",
        "Daňový doklad",
        "Číslo faktury INV-2026-0024",
        "Kavárna U Hradu s.r.o.",
        "Horní náměstí 17/4",
        "779 00 Olomouc",
        "IČO 08740127",
        "DIČ CZ08740127",
        "Datum vystavení 21. 10. 2026",
        "Datum zdanitelného plnění 15. 10. 2026",
        "Datum splatnosti 4. 11. 2026",
        "Workshop: online objednávky a věrnostní program 1 den 14 000,00 21 % 14 000,00",
        "Catering na workshopu 12 os. 245,00 12 % 2 940,00",
        "Sleva pro stálé klienty 1 -1 500,00 21 % -1 500,00",
        "21 % 19 700,00 Kč 4 137,00 Kč 23 837,00 Kč",
        "12 % 2 940,00 Kč 352,80 Kč 3 292,80 Kč",
        "Celkem bez DPH 22 640,00 Kč",
        "DPH celkem 4 489,80 Kč",
        "Celkem 27 129,80 Kč",
        "Dobropisováno (INV-2026-0026) -1 097,60 Kč",
        "Zbývá uhradit 26 032,20 Kč",
        "Variabilní symbol 20260024",
        "Měna CZK",
        "QR Platba",
    ],
    "INV-2026-0017": [
        "Faktura",
        "Číslo faktury INV-2026-0017",
        "DIČ",
        "Datum splatnosti 19. 9. 2026",
        "Analytics dashboard setup (Looker Studio) 4,5 day 700,00 0 % 3 150,00",
        "Follow-up training call 1,25 h 92,50 0 % 115,63",
        "Přenesení daňové povinnosti",
        "Daň odvede zákazník (reverse charge",
        "Celkem bez DPH 3 265,63 €",
        "DPH bez DPH",
        "Celkem 3 265,63 €",
        "Uhrazeno -1 500,00 €",
        "Zbývá uhradit 1 765,63 €",
        "Rekapitulace DPH v CZK",
        "Kurz: 1 EUR = 24,480 CZK",
        "0 % 79 942,62 Kč bez DPH",
        "Měna EUR",
        "QR platba SEPA",
    ],
    "INV-2026-0027": [
        "Číslo faktury INV-2026-0027",
        "Datum zdanitelného plnění 16. 11. 2026",
        "Pilot extension: sensor data integration Plnění nepodléhá DPH (VATEX-EU-O) 9 day "
        "800,00 0 % 7 200,00",
        "0 % 7 200,00 € 0,00 € 7 200,00 €",
        "DPH celkem 0,00 €",
        "Kurz: 1 EUR = 24,305 CZK",
        "0 % 174 996,00 Kč 0,00 Kč 174 996,00 Kč",
        "place of supply is Norway",
        "Zbývá uhradit 7 200,00 €",
    ],
    "INV-2026-0026": [
        "Opravný daňový doklad",
        "Číslo dokladu INV-2026-0026",
        "Opravovaný doklad: INV-2026-0024 ze dne 21. 10. 2026",
        "Důvod opravy: Opravný daňový doklad k INV-2026-0024 (snížení počtu osob na cateringu)",
        "4 os. -245,00 12 % -980,00",
        "Částka opravy -1 097,60 Kč",
        "Rozdíly",
        "Původně (INV-2026-0024) 22 640,00 Kč 4 489,80 Kč 27 129,80 Kč",
        "Oprava (INV-2026-0026) -980,00 Kč -117,60 Kč -1 097,60 Kč",
        "Po opravě 21 660,00 Kč 4 372,20 Kč 26 032,20 Kč",
        "Tento doklad snižuje částku k úhradě faktury INV-2026-0024",
    ],
    "INV-DRAFT-0002": [
        "Návrh faktury (proforma)",
        "NÁVRH",
        "Nejedná se o daňový doklad",
        "Označení návrhu INV-DRAFT-0002",
        "Moravská strojírna a.s.",
        "Celkem 96 558,00 Kč",
    ],
}


@pytest.mark.parametrize("invoice_id", REPRESENTATIVE)
def test_pdf_text_has_every_mandatory_item(rendered: Path, invoice_id: str) -> None:
    text = pdf_text(rendered / f"{invoice_id}.pdf")
    # headings are upper-cased by CSS, so the text on the page is compared caselessly
    # a credit note asks for no payment, nor does a draft (it has nothing to match one by)
    bank = [] if invoice_id in ("INV-2026-0026", "INV-DRAFT-0002") else BANK
    missing = [
        item
        for item in SUPPLIER + bank + MANDATORY[invoice_id]
        if item.casefold() not in text.casefold()
    ]
    assert not missing, f"{invoice_id} lacks {missing}\n{text}"
    if invoice_id == "INV-DRAFT-0002":
        assert "Číslo faktury" not in text and "Variabilní symbol" not in text
    if invoice_id == "INV-2026-0017":
        assert "DPH celkem" not in text


def test_czk_qr_platba_pays_what_is_still_due(rendered: Path) -> None:
    [code] = pdf_qr_codes(rendered / "INV-2026-0024.pdf")
    assert code == (
        "SPD*1.0*ACC:CZ6508000000192000145399+GIBACZPX*AM:26032.20*CC:CZK"
        "*DT:20261104*X-VS:20260024*MSG:FAKTURA INV-2026-0024"
    )


def test_eur_epc_qr_pays_what_is_still_due(rendered: Path) -> None:
    [code] = pdf_qr_codes(rendered / "INV-2026-0017.pdf")
    lines = code.split("\n")
    assert lines[0:2] == ["BCD", "002"] and lines[3] == "SCT"
    assert lines[4:] == [
        "GIBACZPX",
        "Severka Digital s.r.o.",
        "CZ6508000000192000145399",
        "EUR1765.63",
        "",
        "",
        "INV-2026-0017 VS 20260017",
    ]


def test_credit_notes_and_drafts_carry_no_payment_code(rendered: Path) -> None:
    assert pdf_qr_codes(rendered / "INV-2026-0026.pdf") == []
    assert pdf_qr_codes(rendered / "INV-DRAFT-0002.pdf") == []


def test_pdf_is_byte_identical_across_runs_and_processes(rendered: Path, tmp_path: Path) -> None:
    root = rendered.parent
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "officectl",
            "-C",
            str(root),
            "render",
            "INV-2026-0024",
            "-o",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(tmp_path / "INV-2026-0024.pdf")
    again = (tmp_path / "INV-2026-0024.pdf").read_bytes()
    assert again == (rendered / "INV-2026-0024.pdf").read_bytes()
    document = pdfium.PdfDocument(again)
    assert document.get_metadata_dict()["CreationDate"].startswith("D:20261021")
    document.close()


def test_hostile_text_is_literal_on_the_page(sample_repo: Path, run_cli: RunCli) -> None:
    customer = sample_repo / "records" / "customers" / "CUS-0003.yaml"
    customer.write_text(
        customer.read_text("utf-8").replace(
            "name: Kavárna U Hradu s.r.o.", f"name: '{HOSTILE_NAME}'"
        ),
        encoding="utf-8",
    )
    result = run_cli(sample_repo, "render", "INV-2026-0026")
    assert result.exit_code == 0, result.output
    text = pdf_text(sample_repo / "reports" / "INV-2026-0026.pdf")
    assert HOSTILE_NAME in text


def test_contract_pdf_has_parties_billing_and_signatures(
    sample_repo: Path, run_cli: RunCli
) -> None:
    result = run_cli(sample_repo, "render", "CON-2026-002", "--lang", "en")
    assert result.exit_code == 0, result.output
    text = pdf_text(sample_repo / "reports" / "CON-2026-002.pdf")
    for item in [
        "Contract",
        "CON-2026-002",
        "Supplier",
        "Severka Digital s.r.o.",
        "Customer",
        "Zelená Louka s.r.o.",
        "Start date 1 Apr 2026",
        "End date indefinite term",
        "Notice period 60 days",
        "Fee excl. VAT CZK 28,000.00",
        "Invoiced monthly",
        "For the supplier",
        "For the customer",
        "Martin Dvořák, Head of Sales",
        "Barbora Němcová",
    ]:
        assert item.casefold() in text.casefold(), item


@pytest.mark.parametrize(
    "reference",
    ["file:///etc/hostname", "http://127.0.0.1:9/logo.png", "../../../../../../etc/hostname"],
)
def test_pdf_reads_no_file_outside_the_repository(
    sample_repo: Path, run_cli: RunCli, reference: str
) -> None:
    write_template(
        sample_repo, "invoice.html", f'<p>{{{{ supplier.name }}}}</p><img src="{reference}">\n'
    )
    result = run_cli(sample_repo, "render", "INV-2026-0025")
    assert result.exit_code == 1, result.output
    assert "templates/invoice.html: refused to read" in result.stderr
    assert "only files in templates/ or the built-in templates may be read" in result.stderr
    assert not (sample_repo / "reports" / "INV-2026-0025.pdf").exists()


def test_pdf_may_use_an_image_from_the_repository(sample_repo: Path, run_cli: RunCli) -> None:
    import segno

    segno.make_qr("logo").save(sample_repo / "templates" / "logo.png", scale=4)
    write_template(sample_repo, "invoice.html", '<p>{{ supplier.name }}</p><img src="logo.png">\n')
    result = run_cli(sample_repo, "render", "INV-2026-0025")
    assert result.exit_code == 0, result.output
    assert pdf_qr_codes(sample_repo / "reports" / "INV-2026-0025.pdf") == ["logo"]


# --- a Finnish company ----------------------------------------------------------------

FINNISH_CONFIG = """\
company:
  name: Revontuli Design Oy
  address: {street: Mannerheimintie 12 B, city: Helsinki, postal_code: "00100", country: FI}
  company_id: 2617416-4
  vat_id: FI26174164
  iban: FI3715903000000776
  bic: NDEAFIHH
  email: laskutus@revontuli.example
currency: EUR
locale: fi_FI
vat_rates: [{rate: 25.5, from: 2024-09-01}, {rate: 24, to: 2024-08-31},
            {rate: 13.5, from: 2026-01-01}, 10, 0]
payment_terms_days: 14
"""
FINNISH_CUSTOMER = """\
name: Kuura Kahvila Oy
country: FI
company_id: 0737546-2
vat_id: FI07375462
address: {street: Hämeenkatu 5, city: Tampere, postal_code: "33100", country: FI}
"""
FINNISH_INVOICE = """\
customer: CUS-0001
currency: EUR
lines:
  - description: Verkkosivujen päivitys — marraskuu
    quantity: 8
    unit: h
    unit_price: 95.00
    vat_rate: 25.5
  - description: Ylläpito
    quantity: 1
    unit_price: 250.00
    vat_rate: 25.5
status: issued
issue_date: 2026-11-20
due_date: 2026-12-04
"""


def _finnish_reference(base: str) -> str:
    """INVOICING.md's recipe, written out again: weights 7, 3, 1 from the right."""
    total = sum(int(d) * (7, 3, 1)[i % 3] for i, d in enumerate(reversed(base)))
    return base + str((10 - total % 10) % 10)


def test_finnish_invoice_has_reference_rf_barcode_and_epc_qr(
    tmp_path: Path, run_cli: RunCli
) -> None:
    root = tmp_path / "oy"
    (root / "records" / "customers").mkdir(parents=True)
    (root / "records" / "invoices").mkdir(parents=True)
    (root / "officectl.yaml").write_text(FINNISH_CONFIG, encoding="utf-8")
    (root / "records" / "customers" / "CUS-0001.yaml").write_text(FINNISH_CUSTOMER, "utf-8")
    (root / "records" / "invoices" / "INV-2026-0001.yaml").write_text(FINNISH_INVOICE, "utf-8")
    checked = validate(load_config(root), today=date(2026, 11, 25))
    assert checked.problems == ()

    result = run_cli(root, "render", "INV-2026-0001")
    assert result.exit_code == 0, result.output
    pdf = root / "reports" / "INV-2026-0001.pdf"
    text = pdf_text(pdf)
    reference = _finnish_reference("20260001")
    assert reference == "202600017"
    from stdnum import iso11649

    rf = f"RF{98 - int('202600017' + '271500') % 97:02d}202600017"
    assert iso11649.is_valid(rf)
    barcode = (
        "4" + "3715903000000776" + "001267" + "55" + "000" + reference.rjust(20, "0") + "261204"
    )
    for item in [
        "Lasku",
        "Laskun numero INV-2026-0001",
        "Revontuli Design Oy",
        "Y-tunnus 2617416-4",
        "ALV-numero FI26174164",
        "Kuura Kahvila Oy",
        "Y-tunnus 0737546-2",
        "Laskun päiväys 20.11.2026",
        "Eräpäivä 4.12.2026",
        "Verkkosivujen päivitys — marraskuu 8 h 95,00 25,5 % 760,00",
        "25,5 % 1 010,00 € 257,55 € 1 267,55 €",
        "ALV yhteensä 257,55 €",
        "Maksettavaa 1 267,55 €",
        "IBAN FI37 1590 3000 0007 76",
        "BIC NDEAFIHH",
        "Viitenumero 2026 00017",
        f"RF-viite {rf}",
        "Virtuaaliviivakoodi",
    ]:
        assert item.casefold() in text.casefold(), item
    assert barcode in text.replace(" ", "")
    assert pdf_codes(pdf, zxingcpp.BarcodeFormat.Code128) == [barcode]  # as a scanner reads it
    [code] = pdf_qr_codes(pdf)
    assert code.split("\n")[4:] == [
        "NDEAFIHH",
        "Revontuli Design Oy",
        "FI3715903000000776",
        "EUR1267.55",
        "",
        rf,
    ]
