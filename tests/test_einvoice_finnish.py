"""A Finnish company's Peppol invoices: OVT endpoints (0216), several rates, an exempt
line, a discount line, a partial payment, reverse charge to a Czech customer and a
credit note, each through the UBL schema and the rules; the viitenumero as payment
reference."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from lxml import etree

from cases.finnish_company import finnish_books
from conftest import RunCli
from einvoice_rules import NS, rule_failures, schema_errors


def _reference(base: str) -> str:
    weights = (7, 3, 1)
    total = sum(int(d) * weights[i % 3] for i, d in enumerate(reversed(base)))
    return base + str((10 - total % 10) % 10)


def test_finnish_company_peppol(tmp_path: Path, run_cli: RunCli) -> None:
    root = finnish_books(tmp_path / "fi")
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
