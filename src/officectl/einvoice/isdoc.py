"""ISDOC 6.0.2, the Czech e-invoice (``Invoice`` in ``http://isdoc.cz/namespace/2013``).

Unsuffixed amounts are in the company's currency (``LocalCurrencyCode``); a
foreign-currency invoice adds each amount's ``…Curr`` twin in its own currency and the
rate (``CurrRate`` per ``RefCurrRate`` 1). Amounts in the company's currency are the
model's conversion (:func:`officectl.model.invoice.in_base_currency`) for the totals
and VAT; a line's own converted net and VAT are informative (ISDOC lets the subtotal's
VAT win over the lines'). A credit note is DocumentType 2 with positive amounts and
its original in ``OriginalDocumentReferences``. Element order follows the schema.
"""

from __future__ import annotations

import re
import uuid
from decimal import Decimal

from lxml import etree

from officectl.einvoice.facts import Facts, Line, Party
from officectl.einvoice.peppol import amount, number
from officectl.money import ZERO, round_money, to_base

NS = "http://isdoc.cz/namespace/2013"
VERSION = "6.0.2"
_NUMBERED = re.compile(r"^(.*?)[\s,]+([0-9][0-9A-Za-z/ -]*)$")


def document_uuid(facts: Facts) -> str:
    """The same UUID on every export of the same document (a re-sent UUID marks a
    correction in ISDOC): derived from the seller and the number."""
    seller = facts.seller.vat_id or facts.seller.company_id or facts.seller.name
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"officectl:{seller}:{facts.number}")).upper()


def split_street(street: str | None) -> tuple[str, str]:
    """("Tovární", "1123/14") from "Tovární 1123/14": ISDOC has both parts."""
    if not street:
        return "", ""
    match = _NUMBERED.match(street.strip())
    return (match[1], match[2]) if match else (street, "")


class _Writer:
    def __init__(self, facts: Facts, country_name: dict[str, str]) -> None:
        self.facts = facts
        self.country_name = country_name
        self.foreign = facts.exchange_rate is not None

    def el(
        self, parent: etree._Element, name: str, text: str | None = None, **attributes: str
    ) -> etree._Element:
        element = etree.SubElement(parent, f"{{{NS}}}{name}", attributes)
        if text is not None:
            element.text = text
        return element

    def local(self, value: Decimal) -> Decimal:
        return to_base(value, self.facts.exchange_rate) if self.foreign else value

    def money(
        self,
        parent: etree._Element,
        name: str,
        value: Decimal,
        local: Decimal | None,
        *,
        curr_first: bool,
    ) -> None:
        """An amount in the company's currency and, for a foreign invoice, its twin."""
        shown = self.local(value) if local is None else local
        if self.foreign and curr_first:
            self.el(parent, f"{name}Curr", amount(value))
        self.el(parent, name, amount(shown))
        if self.foreign and not curr_first:
            self.el(parent, f"{name}Curr", amount(value))


def isdoc_xml(facts: Facts, country_name: dict[str, str]) -> bytes:
    """The ISDOC document's bytes; ``country_name`` names the parties' countries."""
    w = _Writer(facts, country_name)
    root = etree.Element(f"{{{NS}}}Invoice", {"version": VERSION}, nsmap={None: NS})
    w.el(root, "DocumentType", "2" if facts.credit_note else "1")
    w.el(root, "ID", facts.number)
    w.el(root, "UUID", document_uuid(facts))
    w.el(root, "IssueDate", facts.issue_date.isoformat())
    if facts.supply_date is not None:
        w.el(root, "TaxPointDate", facts.supply_date.isoformat())
    w.el(root, "VATApplicable", "true")
    w.el(root, "ElectronicPossibilityAgreementReference", "")
    if facts.note:
        w.el(root, "Note", facts.note)
    w.el(root, "LocalCurrencyCode", facts.base_currency)
    if w.foreign:
        w.el(root, "ForeignCurrencyCode", facts.currency)
        w.el(root, "CurrRate", number(facts.exchange_rate or Decimal(1)))
    else:
        w.el(root, "CurrRate", "1")
    w.el(root, "RefCurrRate", "1")
    _party(w, w.el(root, "AccountingSupplierParty"), facts.seller)
    _party(w, w.el(root, "AccountingCustomerParty"), facts.buyer)
    if facts.corrects is not None:
        references = w.el(root, "OriginalDocumentReferences")
        original = w.el(references, "OriginalDocumentReference", id=facts.corrects[0])
        w.el(original, "ID", facts.corrects[0])
        if facts.corrects[1] is not None:
            w.el(original, "IssueDate", facts.corrects[1].isoformat())
    lines = w.el(root, "InvoiceLines")
    for line in facts.lines:
        _line(w, lines, line)
    _tax_total(w, root)
    _monetary_total(w, root)
    if facts.iban is not None and not facts.credit_note:
        _payment(w, root)
    text: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return text


def _party(w: _Writer, holder: etree._Element, party: Party) -> None:
    element = w.el(holder, "Party")
    w.el(w.el(element, "PartyIdentification"), "ID", party.company_id or "")
    w.el(w.el(element, "PartyName"), "Name", party.name)
    address = w.el(element, "PostalAddress")
    street, building = split_street(party.street)
    w.el(address, "StreetName", street)
    w.el(address, "BuildingNumber", building)
    w.el(address, "CityName", party.city or "")
    w.el(address, "PostalZone", party.postal_code or "")
    country = w.el(address, "Country")
    w.el(country, "IdentificationCode", party.country)
    w.el(country, "Name", w.country_name.get(party.country, party.country))
    if party.vat_id:
        scheme = w.el(element, "PartyTaxScheme")
        w.el(scheme, "CompanyID", party.vat_id)
        w.el(scheme, "TaxScheme", "VAT")


def _line(w: _Writer, lines: etree._Element, line: Line) -> None:
    element = w.el(lines, "InvoiceLine")
    w.el(element, "ID", str(line.number))
    w.el(element, "InvoicedQuantity", number(line.quantity), unitCode=line.unit_code)
    # A line's VAT is informative in ISDOC (the subtotal's wins), so it is rounded here.
    vat = round_money(line.net * line.rate / 100)
    local_net = w.local(line.net)
    local_vat = round_money(local_net * line.rate / 100)
    w.money(element, "LineExtensionAmount", line.net, local_net, curr_first=True)
    w.money(
        element,
        "LineExtensionAmountTaxInclusive",
        line.net + vat,
        local_net + local_vat,
        curr_first=True,
    )
    w.el(element, "LineExtensionTaxAmount", amount(local_vat))
    w.el(element, "UnitPrice", number(w.local(line.unit_price) if w.foreign else line.unit_price))
    gross = line.unit_price * (100 + line.rate) / 100
    w.el(
        element,
        "UnitPriceTaxInclusive",
        number(round_money(w.local(gross) if w.foreign else gross)),
    )
    category = w.el(element, "ClassifiedTaxCategory")
    w.el(category, "Percent", number(line.rate))
    w.el(category, "VATCalculationMethod", "0")
    w.el(category, "VATApplicable", "true" if line.category in ("S", "AE", "K") else "false")
    if line.exemption:
        w.el(element, "VATNote", line.exemption)  # the legal basis of a line without VAT
    w.el(w.el(element, "Item"), "Description", line.description)


def _tax_total(w: _Writer, root: etree._Element) -> None:
    facts = w.facts
    total = w.el(root, "TaxTotal")
    for group, local in zip(facts.groups, facts.groups_in_base, strict=True):
        subtotal = w.el(total, "TaxSubTotal")
        w.money(subtotal, "TaxableAmount", group.base, local.base, curr_first=True)
        w.money(subtotal, "TaxAmount", group.vat, local.vat, curr_first=True)
        w.money(
            subtotal,
            "TaxInclusiveAmount",
            group.base + group.vat,
            local.base + local.vat,
            curr_first=True,
        )
        for name in (
            "AlreadyClaimedTaxableAmount",
            "AlreadyClaimedTaxAmount",
            "AlreadyClaimedTaxInclusiveAmount",
        ):
            w.money(subtotal, name, ZERO, ZERO, curr_first=True)
        w.money(subtotal, "DifferenceTaxableAmount", group.base, local.base, curr_first=True)
        w.money(subtotal, "DifferenceTaxAmount", group.vat, local.vat, curr_first=True)
        w.money(
            subtotal,
            "DifferenceTaxInclusiveAmount",
            group.base + group.vat,
            local.base + local.vat,
            curr_first=True,
        )
        category = w.el(subtotal, "TaxCategory")
        w.el(category, "Percent", number(group.rate))
        if group.category == "AE":
            w.el(category, "VATApplicable", "true")
    w.money(total, "TaxAmount", facts.vat, facts.vat_in_base, curr_first=True)


def _monetary_total(w: _Writer, root: etree._Element) -> None:
    facts = w.facts
    net_local = sum((g.base for g in facts.groups_in_base), ZERO)
    total_local = net_local + facts.vat_in_base
    total = w.el(root, "LegalMonetaryTotal")
    w.money(total, "TaxExclusiveAmount", facts.net, net_local, curr_first=False)
    w.money(total, "TaxInclusiveAmount", facts.total, total_local, curr_first=False)
    for name in ("AlreadyClaimedTaxExclusiveAmount", "AlreadyClaimedTaxInclusiveAmount"):
        w.money(total, name, ZERO, ZERO, curr_first=False)
    w.money(total, "DifferenceTaxExclusiveAmount", facts.net, net_local, curr_first=False)
    w.money(total, "DifferenceTaxInclusiveAmount", facts.total, total_local, curr_first=False)
    prepaid_local = w.local(facts.prepaid)
    w.money(total, "PaidDepositsAmount", facts.prepaid, prepaid_local, curr_first=False)
    w.money(total, "PayableAmount", facts.payable, total_local - prepaid_local, curr_first=False)


def _payment(w: _Writer, root: etree._Element) -> None:
    facts = w.facts
    means = w.el(root, "PaymentMeans")
    payment = w.el(means, "Payment")
    w.el(payment, "PaidAmount", amount(w.local(facts.payable)))
    w.el(payment, "PaymentMeansCode", "42")
    details = w.el(payment, "Details")
    if facts.due_date is not None:
        w.el(details, "PaymentDueDate", facts.due_date.isoformat())
    iban = facts.iban or ""
    czech = iban.upper().startswith("CZ") and len(iban) == 24
    account = f"{int(iban[8:14]) or ''}-{iban[14:]}".lstrip("-").lstrip("0") if czech else iban
    w.el(details, "ID", account)
    w.el(details, "BankCode", iban[4:8] if czech else "")
    w.el(details, "Name", facts.bic or "")
    w.el(details, "IBAN", iban)
    w.el(details, "BIC", facts.bic or "")
    if facts.variable_symbol:
        w.el(details, "VariableSymbol", facts.variable_symbol)
