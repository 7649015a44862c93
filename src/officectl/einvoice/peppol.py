"""Peppol BIS Billing 3.0: a UBL 2.1 ``Invoice`` or ``CreditNote`` from :class:`Facts`.

Elements follow the UBL schema's order (an ``xs:sequence``: another order is invalid);
the comments name the EN 16931 business terms. A credit note has no ``DueDate`` (the
schema has none) and cites the invoice it corrects in ``BillingReference``.
"""

from __future__ import annotations

import base64
from decimal import Decimal

from lxml import etree

from officectl.einvoice.facts import Facts, Party, VatGroup

CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
ROOT_NS = {
    "Invoice": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "CreditNote": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
}


def amount(value: Decimal) -> str:
    """Two decimals; a zero is never written ``-0.00`` (a credit note negates its
    zeros, and a reader that looks at the sign would see a negative tax)."""
    return f"{value.copy_abs() if value.is_zero() else value:.2f}"


def number(value: Decimal) -> str:
    """A quantity or price as written, without an exponent or trailing zeros past 2
    (and, as :func:`amount`, no negative zero)."""
    text = f"{value.copy_abs() if value.is_zero() else value:f}"
    if "." in text:
        text = text.rstrip("0")
        whole, _, fraction = text.partition(".")
        text = f"{whole}.{fraction:0<2}"
    return text


class _Builder:
    def __init__(self, root: etree._Element) -> None:
        self.root = root

    def cbc(
        self, parent: etree._Element, name: str, text: str | None, **attributes: str
    ) -> etree._Element | None:
        if text is None or text == "":
            return None  # PEPPOL-EN16931-R008: no empty elements
        element = etree.SubElement(parent, f"{{{CBC}}}{name}", attributes)
        element.text = text
        return element

    def cac(self, parent: etree._Element, name: str) -> etree._Element:
        return etree.SubElement(parent, f"{{{CAC}}}{name}")


def peppol_xml(facts: Facts, pdf: bytes | None = None) -> bytes:
    """The UBL document's bytes (UTF-8, the same for the same facts)."""
    kind = "CreditNote" if facts.credit_note else "Invoice"
    root = etree.Element(
        f"{{{ROOT_NS[kind]}}}{kind}", nsmap={None: ROOT_NS[kind], "cac": CAC, "cbc": CBC}
    )
    b = _Builder(root)
    b.cbc(root, "CustomizationID", CUSTOMIZATION)
    b.cbc(root, "ProfileID", PROFILE)
    b.cbc(root, "ID", facts.number)
    b.cbc(root, "IssueDate", facts.issue_date.isoformat())
    supplied = facts.supply_date.isoformat() if facts.supply_date is not None else None
    if facts.credit_note:  # the CreditNote schema: TaxPointDate first, and no DueDate
        b.cbc(root, "TaxPointDate", supplied)  # BT-7
        b.cbc(root, "CreditNoteTypeCode", "381")
        b.cbc(root, "Note", facts.note)
    else:
        if facts.due_date is not None:
            b.cbc(root, "DueDate", facts.due_date.isoformat())
        b.cbc(root, "InvoiceTypeCode", "380")
        b.cbc(root, "Note", facts.note)
        b.cbc(root, "TaxPointDate", supplied)  # BT-7
    b.cbc(root, "DocumentCurrencyCode", facts.currency)
    if facts.exchange_rate is not None:
        b.cbc(root, "TaxCurrencyCode", facts.base_currency)  # BT-6
    b.cbc(root, "BuyerReference", facts.buyer_reference)  # BT-10 (R003)
    if facts.corrects is not None:
        reference = b.cac(b.cac(root, "BillingReference"), "InvoiceDocumentReference")
        b.cbc(reference, "ID", facts.corrects[0])  # BT-25
        if facts.corrects[1] is not None:
            b.cbc(reference, "IssueDate", facts.corrects[1].isoformat())
    if pdf is not None:
        document = b.cac(root, "AdditionalDocumentReference")
        b.cbc(document, "ID", facts.number)
        b.cbc(document, "DocumentDescription", "The invoice as a PDF")
        attachment = b.cac(document, "Attachment")
        b.cbc(
            attachment,
            "EmbeddedDocumentBinaryObject",
            base64.b64encode(pdf).decode("ascii"),
            mimeCode="application/pdf",
            filename=f"{facts.number}.pdf",
        )
    vat_free = any(g.category == "O" for g in facts.groups)
    _party(b, b.cac(root, "AccountingSupplierParty"), facts.seller, vat_free)
    _party(b, b.cac(root, "AccountingCustomerParty"), facts.buyer, vat_free)
    delivery = b.cac(root, "Delivery")
    if facts.supply_date is not None:
        b.cbc(delivery, "ActualDeliveryDate", facts.supply_date.isoformat())  # BT-72
    if any(g.category == "K" for g in facts.groups):
        location = b.cac(b.cac(delivery, "DeliveryLocation"), "Address")
        b.cbc(b.cac(location, "Country"), "IdentificationCode", facts.buyer.country)
    _payment(b, root, facts)
    _tax_totals(b, root, facts)
    _monetary_total(b, root, facts)
    for line in facts.lines:
        _line(b, root, facts, line, kind)
    text: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return text


def _party(b: _Builder, holder: etree._Element, party: Party, vat_free: bool) -> None:
    element = b.cac(holder, "Party")
    if party.endpoint is not None:
        b.cbc(element, "EndpointID", party.endpoint[1], schemeID=party.endpoint[0])
    b.cbc(b.cac(element, "PartyName"), "Name", party.name)
    address = b.cac(element, "PostalAddress")
    b.cbc(address, "StreetName", party.street)
    b.cbc(address, "CityName", party.city)
    b.cbc(address, "PostalZone", party.postal_code)
    b.cbc(b.cac(address, "Country"), "IdentificationCode", party.country)
    if party.vat_id and not vat_free:  # BR-O-02/03: no VAT ids when not subject to VAT
        scheme = b.cac(element, "PartyTaxScheme")
        b.cbc(scheme, "CompanyID", party.vat_id)  # BT-31 / BT-48
        b.cbc(b.cac(scheme, "TaxScheme"), "ID", "VAT")
    legal = b.cac(element, "PartyLegalEntity")
    b.cbc(legal, "RegistrationName", party.name)
    b.cbc(legal, "CompanyID", party.company_id)  # BT-30 / BT-47
    if party.email:
        b.cbc(b.cac(element, "Contact"), "ElectronicMail", party.email)


def _payment(b: _Builder, root: etree._Element, facts: Facts) -> None:
    if facts.credit_note:
        # BR-CO-25: an amount to pay needs a due date or terms; a credit note has no
        # DueDate, so the terms say what it does.
        terms = b.cac(root, "PaymentTerms")
        b.cbc(
            terms,
            "Note",
            f"Credit note to {facts.corrects[0]}" if facts.corrects else "Credit note",
        )
        return
    if facts.iban is not None:
        means = b.cac(root, "PaymentMeans")
        code = "58" if facts.currency == "EUR" else "30"  # SEPA credit transfer / transfer
        b.cbc(means, "PaymentMeansCode", code)
        b.cbc(means, "PaymentID", facts.payment_reference)  # BT-83
        account = b.cac(means, "PayeeFinancialAccount")
        b.cbc(account, "ID", facts.iban)  # BT-84
        if facts.bic:
            b.cbc(b.cac(account, "FinancialInstitutionBranch"), "ID", facts.bic)


def _tax_totals(b: _Builder, root: etree._Element, facts: Facts) -> None:
    total = b.cac(root, "TaxTotal")
    b.cbc(total, "TaxAmount", amount(facts.vat), currencyID=facts.currency)  # BT-110
    for group in facts.groups:
        _subtotal(b, total, group, facts.currency)
    if facts.exchange_rate is not None:  # BT-111, R054: without subtotals
        second = b.cac(root, "TaxTotal")
        b.cbc(second, "TaxAmount", amount(facts.vat_in_base), currencyID=facts.base_currency)


def _subtotal(b: _Builder, total: etree._Element, group: VatGroup, currency: str) -> None:
    subtotal = b.cac(total, "TaxSubtotal")
    b.cbc(subtotal, "TaxableAmount", amount(group.base), currencyID=currency)  # BT-116
    b.cbc(subtotal, "TaxAmount", amount(group.vat), currencyID=currency)  # BT-117
    category = b.cac(subtotal, "TaxCategory")
    b.cbc(category, "ID", group.category)  # BT-118
    if group.category != "O":
        b.cbc(category, "Percent", number(group.rate))  # BT-119
    b.cbc(category, "TaxExemptionReasonCode", group.exemption_code)  # BT-121
    b.cbc(category, "TaxExemptionReason", group.exemption_text)  # BT-120
    b.cbc(b.cac(category, "TaxScheme"), "ID", "VAT")


def _monetary_total(b: _Builder, root: etree._Element, facts: Facts) -> None:
    total = b.cac(root, "LegalMonetaryTotal")
    currency = facts.currency
    b.cbc(total, "LineExtensionAmount", amount(facts.net), currencyID=currency)  # BT-106
    b.cbc(total, "TaxExclusiveAmount", amount(facts.net), currencyID=currency)  # BT-109
    b.cbc(total, "TaxInclusiveAmount", amount(facts.total), currencyID=currency)  # BT-112
    if facts.prepaid != 0:
        b.cbc(total, "PrepaidAmount", amount(facts.prepaid), currencyID=currency)  # BT-113
    b.cbc(total, "PayableAmount", amount(facts.payable), currencyID=currency)  # BT-115


def _line(b: _Builder, root: etree._Element, facts: Facts, line: object, kind: str) -> None:
    from officectl.einvoice.facts import Line

    assert isinstance(line, Line)
    element = b.cac(root, f"{kind}Line")
    b.cbc(element, "ID", str(line.number))
    b.cbc(
        element,
        "CreditedQuantity" if kind == "CreditNote" else "InvoicedQuantity",
        number(line.quantity),
        unitCode=line.unit_code,
    )
    b.cbc(element, "LineExtensionAmount", amount(line.net), currencyID=facts.currency)
    item = b.cac(element, "Item")
    b.cbc(item, "Name", line.description or "-")
    category = b.cac(item, "ClassifiedTaxCategory")
    b.cbc(category, "ID", line.category)
    if line.category != "O":
        b.cbc(category, "Percent", number(line.rate))
    b.cbc(b.cac(category, "TaxScheme"), "ID", "VAT")
    price = b.cac(element, "Price")
    b.cbc(price, "PriceAmount", number(line.unit_price), currencyID=facts.currency)
