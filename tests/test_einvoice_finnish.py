"""A Finnish company's Peppol invoices: OVT endpoints (0216), several rates, an exempt
line, a discount line, a partial payment, reverse charge to a Czech customer and a
credit note, each through the UBL schema and the rules; the viitenumero as payment
reference."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from lxml import etree

from cases.books import FINNISH_CONFIG, BooksCase
from conftest import RunCli, git
from einvoice_rules import NS, rule_failures, schema_errors

CUSTOMER_FI = """\
name: Malli Kauppa Oy
country: FI
company_id: 2718282-8
vat_id: FI27182828
address: {street: Aleksanterinkatu 5, city: Helsinki, postal_code: "00100", country: FI}
"""
CUSTOMER_CZ = """\
name: Moravská strojírna a.s.
country: CZ
company_id: "26719347"
vat_id: CZ26719347
address: {street: Tovární 1123/14, city: Zlín, postal_code: 760 01, country: CZ}
"""
INVOICE = """\
customer: CUS-0001
currency: EUR
lines:
  - {description: Ohjelmistokehitys, quantity: 12.5, unit: h, unit_price: 95.00, vat_rate: 25.5}
  - {description: Kirjat, quantity: 3, unit: kpl, unit_price: 19.90, vat_rate: 13.5}
  - {description: Koulutus, quantity: 1, unit_price: 400.00, vat_rate: 0,
     vat_exemption: VATEX-EU-132-1I}
  - {description: Alennus, quantity: 1, unit_price: -50.00, vat_rate: 25.5}
status: issued
issue_date: 2026-03-02
due_date: 2026-03-16
payments:
  - {date: 2026-03-10, amount: 500.00}
"""
REVERSE = """\
customer: CUS-0002
currency: EUR
lines:
  - {description: Konsultointi, quantity: 2, unit: day, unit_price: 900.00, vat_rate: 0}
status: issued
issue_date: 2026-03-03
due_date: 2026-03-17
reverse_charge: true
"""
CREDIT = """\
customer: CUS-0001
currency: EUR
lines:
  - {description: Kirjat palautettu, quantity: -1, unit: kpl, unit_price: 19.90, vat_rate: 13.5}
status: issued
issue_date: 2026-03-04
due_date: 2026-03-04
credit_note_for: INV-2026-0001
"""


def _books(tmp_path: Path) -> Path:
    books = BooksCase(tmp_path / "fi")
    books.config(FINNISH_CONFIG)
    books.add("customers/CUS-0001", CUSTOMER_FI)
    books.add("customers/CUS-0002", CUSTOMER_CZ)
    books.add("invoices/2026/INV-2026-0001", INVOICE)
    books.add("invoices/2026/INV-2026-0002", REVERSE)
    books.add("invoices/2026/INV-2026-0003", CREDIT)
    git(books.root, "init", "-q")
    return books.root


def _reference(base: str) -> str:
    weights = (7, 3, 1)
    total = sum(int(d) * weights[i % 3] for i, d in enumerate(reversed(base)))
    return base + str((10 - total % 10) % 10)


def test_finnish_company_peppol(tmp_path: Path, run_cli: RunCli) -> None:
    root = _books(tmp_path)
    assert run_cli(root, "validate", "--today", "2026-03-20").exit_code == 0
    result = run_cli(root, "export", "einvoice", "--all")
    assert result.exit_code == 0, result.output
    folder = root / "reports" / "einvoices"
    assert sorted(p.name for p in folder.iterdir()) == [
        "INV-2026-0001.xml",
        "INV-2026-0002.xml",
        "INV-2026-0003.xml",
    ]
    for path in folder.iterdir():
        document = path.read_bytes()
        assert schema_errors(document) == [], path.name
        assert rule_failures(document) == [], path.name
    tree = etree.fromstring((folder / "INV-2026-0001.xml").read_bytes())
    assert tree.xpath(
        "cac:AccountingSupplierParty/cac:Party/cbc:EndpointID/@schemeID", namespaces=NS
    ) == ["0216"]
    assert (
        tree.findtext("cac:AccountingSupplierParty/cac:Party/cbc:EndpointID", namespaces=NS)
        == "003726174164"
    )
    assert tree.findtext("cac:PaymentMeans/cbc:PaymentID", namespaces=NS) == _reference("20260001")
    net = (
        Decimal("12.5") * Decimal("95.00")
        + 3 * Decimal("19.90")
        + Decimal("400.00")
        - Decimal("50.00")
    )
    vat = ((Decimal("12.5") * Decimal("95.00") - Decimal("50.00")) * Decimal("0.255")).quantize(
        Decimal("0.01")
    ) + (3 * Decimal("19.90") * Decimal("0.135")).quantize(Decimal("0.01"))
    credited = Decimal("19.90") + (Decimal("19.90") * Decimal("0.135")).quantize(
        Decimal("0.01")
    )  # the credit note, which settles part of the invoice as payments do
    money = "cac:LegalMonetaryTotal/cbc:"
    assert Decimal(tree.findtext(money + "TaxExclusiveAmount", namespaces=NS)) == net
    assert Decimal(tree.findtext(money + "PrepaidAmount", namespaces=NS)) == (
        Decimal("500.00") + credited
    )
    assert Decimal(tree.findtext(money + "PayableAmount", namespaces=NS)) == (
        net + vat - Decimal("500.00") - credited
    )
    categories = tree.xpath(
        "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID/text()", namespaces=NS
    )
    assert sorted(categories) == ["E", "S", "S"]
    reverse = etree.fromstring((folder / "INV-2026-0002.xml").read_bytes())
    assert reverse.xpath(
        "cac:AccountingCustomerParty/cac:Party/cbc:EndpointID/@schemeID", namespaces=NS
    ) == ["9929"]
