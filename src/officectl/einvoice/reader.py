"""Reading a supplier's e-invoice (Peppol UBL 2.1 Invoice/CreditNote, or ISDOC 6.0.2)
into the data of a ``bills`` record: the purchase side's first step.

The file is untrusted: parsed by lxml with entities left unexpanded, no DTD loaded,
nothing fetched from the network, no huge-tree mode, and at most
:data:`MAX_BYTES`; a DOCTYPE is refused outright. Amounts stay ``Decimal`` text.
A credit note's quantities and totals come back negative, as officectl's own credit
notes are written, so exporting an invoice and importing it gives the same figures.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from lxml import etree

from officectl.errors import RecordError

MAX_BYTES = 10 * 1024 * 1024
UBL = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
ISDOC = {"i": "http://isdoc.cz/namespace/2013"}

BILLS_DEFINITION = """\
kinds:
  bills:
    singular: bill
    description: A supplier's invoice or credit note, read from its e-invoice.
    id_pattern: "BILL-[0-9]{4}-[0-9]{4,}"
    fields:
      supplier: {type: str, required: true}
      supplier_vat_id: {type: str}
      supplier_company_id: {type: str}
      supplier_endpoint: {type: str}
      supplier_address: {type: str}
      buyer: {type: str}
      buyer_vat_id: {type: str}
      buyer_company_id: {type: str}
      buyer_endpoint: {type: str}
      buyer_address: {type: str}
      number: {type: str, required: true}
      credit_note_for: {type: str}
      issue_date: {type: date, required: true}
      due_date: {type: date}
      currency: {type: str, required: true, pattern: "[A-Z]{3}"}
      lines: {type: list, required: true}
      net: {type: decimal, required: true}
      vat: {type: decimal}
      total: {type: decimal, required: true}
      prepaid: {type: decimal}
      payable: {type: decimal}
      iban: {type: str}
      bic: {type: str}
      payment_reference: {type: str}
      source: {type: str}
    columns: [id, supplier, number, issue_date, due_date, currency, total]
"""
"""What to paste into officectl.yaml to define the kind ``import einvoice`` fills."""


def parse(path: Path) -> etree._Element:
    """The document's root; RecordError (exit 1) naming the file when it is too large,
    not XML, or carries a DOCTYPE."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise RecordError(
                f"{path}: {size} bytes; an e-invoice is read up to {MAX_BYTES // (1024 * 1024)} MiB"
            )
        data = path.read_bytes()
    except OSError as error:
        raise RecordError(f"{path}: cannot be read: {error.strerror}") from None
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise RecordError(f"{path}: not XML: {error}") from None
    if root.getroottree().docinfo.doctype:
        raise RecordError(f"{path}: a DOCTYPE is not allowed in an e-invoice")
    return root


def read_einvoice(path: Path) -> dict[str, Any]:
    """The bill's data (without its ID) from a Peppol UBL or ISDOC file."""
    root = parse(path)
    name = etree.QName(root)
    try:
        if name.namespace in (
            "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
            "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
        ):
            data = _ubl(root, name.localname == "CreditNote")
        elif name.namespace == ISDOC["i"] and name.localname == "Invoice":
            data = _isdoc(root)
        else:
            raise RecordError(
                f"{path}: neither a UBL Invoice/CreditNote nor an ISDOC invoice "
                f"(root element {name.localname} in {name.namespace})"
            )
    except _NotANumber as exc:
        raise RecordError(f"{path}: {exc}") from None
    _require_essentials(path, data)
    for name in ("issue_date", "due_date"):
        if name in data:
            try:
                data[name] = date.fromisoformat(data[name])
            except ValueError:
                raise RecordError(f"{path}: {name} {data[name]!r} is not a date") from None
    data["source"] = path.name
    return _flat(data)


def _require_essentials(path: Path, data: dict[str, Any]) -> None:
    """What every e-invoice states (EN 16931: the number, issue date, currency, the
    seller's name, the total, at least one line); a file without them is no invoice to
    record, and saying so here names the file rather than a bill never written."""
    essentials = {
        "invoice number": data.get("number"),
        "issue date": data.get("issue_date"),
        "currency": data.get("currency"),
        "supplier name": (data.get("supplier") or {}).get("name"),
        "total": (data.get("totals") or {}).get("total"),
        "lines": data.get("lines"),
    }
    missing = [name for name, value in essentials.items() if value in (None, "", [])]
    if missing:
        raise RecordError(
            f"{path}: not a complete e-invoice: no {', no '.join(missing)}",
            hint="import the supplier's Peppol UBL or ISDOC invoice as it was sent",
        )


def _flat(data: dict[str, Any]) -> dict[str, Any]:
    """The bill as the ``bills`` kind stores it: one field per value (a company-defined
    kind has no nested mappings), the lines as read."""
    flat: dict[str, Any] = {}
    for role, prefix in (("supplier", "supplier"), ("customer", "buyer")):
        party = data.get(role) or {}
        address = party.get("address") or {}
        town = " ".join(filter(None, (address.get("postal_code"), address.get("city"))))
        flat[prefix] = party.get("name")
        for key in ("vat_id", "company_id", "endpoint"):
            flat[f"{prefix}_{key}"] = party.get(key)
        flat[f"{prefix}_address"] = ", ".join(
            filter(None, (address.get("street"), town, address.get("country")))
        )
    for key in ("number", "credit_note_for", "issue_date", "due_date", "currency", "lines"):
        flat[key] = data.get(key)
    flat.update(data.get("totals") or {})
    payment = data.get("payment") or {}
    flat.update(iban=payment.get("iban"), bic=payment.get("bic"))
    flat["payment_reference"] = payment.get("reference")
    flat["source"] = data.get("source")
    return _clean(flat)


class _NotANumber(ValueError):
    """A number in the file that XML's decimal type refuses; the caller names the file."""


_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def _number(text: str | None) -> Decimal:
    """An XML decimal (``xs:decimal``: digits, a decimal point, a sign): never NaN,
    Infinity or an exponent, which Decimal alone would take."""
    value = (text or "").strip()
    if not _DECIMAL.fullmatch(value):
        raise _NotANumber(f"{value!r} is not a number (digits and a decimal point)")
    return Decimal(value)


def _derived_price(net: Decimal, quantity: Decimal) -> Decimal:
    """A foreign-currency ISDOC line's unit price, which the file does not state: its
    amount over its quantity, at most 12 decimals (what a record's number holds; the
    division alone gives 28 digits), so quantity x price still gives the amount."""
    if not quantity:
        return Decimal(0)
    price = net / quantity
    try:
        return price.quantize(Decimal("1e-12")).normalize()
    except InvalidOperation:  # beyond 28 digits: no record holds it; validate says so
        return price


def _signed(value: Decimal, sign: Decimal) -> Decimal:
    """``value`` with a credit note's sign; a zero stays 0.00, never -0.00 (a reader
    would take a negated zero for a negative amount)."""
    signed = value * sign
    return signed.copy_abs() if signed.is_zero() else signed


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, "", {}, [])}


def _ubl(root: etree._Element, credit: bool) -> dict[str, Any]:
    def text(node: etree._Element, xpath: str) -> str | None:
        found = node.xpath(f"string({xpath})", namespaces=UBL)
        return str(found).strip() or None

    sign = Decimal(-1) if credit else Decimal(1)
    line_name, quantity_name = (
        ("cac:CreditNoteLine", "cbc:CreditedQuantity")
        if credit
        else ("cac:InvoiceLine", "cbc:InvoicedQuantity")
    )
    lines = []
    for line in root.xpath(line_name, namespaces=UBL):
        category = text(line, "cac:Item/cac:ClassifiedTaxCategory/cbc:ID")
        rate = text(line, "cac:Item/cac:ClassifiedTaxCategory/cbc:Percent") or "0"
        lines.append(
            _clean(
                {
                    "description": text(line, "cac:Item/cbc:Name"),
                    "quantity": _signed(_number(text(line, quantity_name)), sign),
                    "unit_code": str(
                        line.xpath(f"string({quantity_name}/@unitCode)", namespaces=UBL)
                    )
                    or None,
                    "unit_price": _number(text(line, "cac:Price/cbc:PriceAmount")),
                    "vat_rate": _number(rate),
                    "vat_category": category,
                }
            )
        )
    total = "cac:LegalMonetaryTotal/"

    def money(xpath: str) -> Decimal | None:
        value = text(root, xpath)
        return None if value is None else _signed(_number(value), sign)

    party = "cac:AccountingSupplierParty/cac:Party/"
    buyer = "cac:AccountingCustomerParty/cac:Party/"
    return _clean(
        {
            "supplier": _ubl_party(root, party, text),
            "customer": _ubl_party(root, buyer, text),
            "number": text(root, "cbc:ID"),
            "credit_note_for": text(
                root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"
            ),
            "issue_date": text(root, "cbc:IssueDate"),
            "due_date": text(root, "cbc:DueDate")
            or text(root, "cac:PaymentMeans/cbc:PaymentDueDate"),
            "currency": text(root, "cbc:DocumentCurrencyCode"),
            "lines": lines,
            "totals": _clean(
                {
                    "net": money(total + "cbc:TaxExclusiveAmount"),
                    "vat": money("cac:TaxTotal[cac:TaxSubtotal]/cbc:TaxAmount"),
                    "total": money(total + "cbc:TaxInclusiveAmount"),
                    "prepaid": money(total + "cbc:PrepaidAmount"),
                    "payable": money(total + "cbc:PayableAmount"),
                }
            ),
            "payment": _clean(
                {
                    "iban": text(root, "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID"),
                    "bic": text(
                        root,
                        "cac:PaymentMeans/cac:PayeeFinancialAccount/"
                        "cac:FinancialInstitutionBranch/cbc:ID",
                    ),
                    "reference": text(root, "cac:PaymentMeans/cbc:PaymentID"),
                }
            ),
        }
    )


def _ubl_party(root: etree._Element, base: str, text: Any) -> dict[str, Any]:
    scheme = str(root.xpath(f"string({base}cbc:EndpointID/@schemeID)", namespaces=UBL))
    endpoint = text(root, base + "cbc:EndpointID")
    return _clean(
        {
            "name": text(root, base + "cac:PartyLegalEntity/cbc:RegistrationName")
            or text(root, base + "cac:PartyName/cbc:Name"),
            "vat_id": text(root, base + "cac:PartyTaxScheme/cbc:CompanyID"),
            "company_id": text(root, base + "cac:PartyLegalEntity/cbc:CompanyID"),
            "address": _clean(
                {
                    "street": text(root, base + "cac:PostalAddress/cbc:StreetName"),
                    "city": text(root, base + "cac:PostalAddress/cbc:CityName"),
                    "postal_code": text(root, base + "cac:PostalAddress/cbc:PostalZone"),
                    "country": text(
                        root, base + "cac:PostalAddress/cac:Country/cbc:IdentificationCode"
                    ),
                }
            ),
            "endpoint": f"{scheme}:{endpoint}" if scheme and endpoint else None,
        }
    )


def _isdoc(root: etree._Element) -> dict[str, Any]:
    def text(node: etree._Element, xpath: str) -> str | None:
        found = node.xpath(f"string({xpath})", namespaces=ISDOC)
        return str(found).strip() or None

    credit = text(root, "i:DocumentType") in ("2", "6")
    sign = Decimal(-1) if credit else Decimal(1)
    foreign = text(root, "i:ForeignCurrencyCode")
    suffix = "Curr" if foreign else ""
    lines = []
    for line in root.xpath("i:InvoiceLines/i:InvoiceLine", namespaces=ISDOC):
        quantity = _number(text(line, "i:InvoicedQuantity"))
        net = _number(text(line, f"i:LineExtensionAmount{suffix}"))
        price = _number(text(line, "i:UnitPrice")) if not foreign else _derived_price(net, quantity)
        lines.append(
            _clean(
                {
                    "description": text(line, "i:Item/i:Description"),
                    "quantity": _signed(quantity, sign),
                    "unit_code": str(
                        line.xpath("string(i:InvoicedQuantity/@unitCode)", namespaces=ISDOC)
                    )
                    or None,
                    "unit_price": price.normalize() if foreign else price,
                    "vat_rate": _number(text(line, "i:ClassifiedTaxCategory/i:Percent")),
                }
            )
        )
    total = "i:LegalMonetaryTotal/"

    def money(name: str) -> Decimal | None:
        value = text(root, f"{name}{suffix}")
        return None if value is None else _signed(_number(value), sign)

    return _clean(
        {
            "supplier": _isdoc_party(root, "i:AccountingSupplierParty/i:Party/", text),
            "customer": _isdoc_party(root, "i:AccountingCustomerParty/i:Party/", text),
            "number": text(root, "i:ID"),
            "credit_note_for": text(
                root, "i:OriginalDocumentReferences/i:OriginalDocumentReference/i:ID"
            ),
            "issue_date": text(root, "i:IssueDate"),
            "due_date": text(root, "i:PaymentMeans/i:Payment/i:Details/i:PaymentDueDate"),
            "currency": foreign or text(root, "i:LocalCurrencyCode"),
            "lines": lines,
            "totals": _clean(
                {
                    "net": money(total + "i:TaxExclusiveAmount"),
                    "vat": money("i:TaxTotal/i:TaxAmount"),
                    "total": money(total + "i:TaxInclusiveAmount"),
                    "prepaid": money(total + "i:PaidDepositsAmount"),
                    "payable": money(total + "i:PayableAmount"),
                }
            ),
            "payment": _clean(
                {
                    "iban": text(root, "i:PaymentMeans/i:Payment/i:Details/i:IBAN"),
                    "bic": text(root, "i:PaymentMeans/i:Payment/i:Details/i:BIC"),
                    "reference": text(root, "i:PaymentMeans/i:Payment/i:Details/i:VariableSymbol"),
                }
            ),
        }
    )


def _isdoc_party(root: etree._Element, base: str, text: Any) -> dict[str, Any]:
    street = " ".join(
        filter(
            None,
            (
                text(root, base + "i:PostalAddress/i:StreetName"),
                text(root, base + "i:PostalAddress/i:BuildingNumber"),
            ),
        )
    )
    return _clean(
        {
            "name": text(root, base + "i:PartyName/i:Name"),
            "vat_id": text(root, base + "i:PartyTaxScheme/i:CompanyID"),
            "company_id": text(root, base + "i:PartyIdentification/i:ID"),
            "address": _clean(
                {
                    "street": street,
                    "city": text(root, base + "i:PostalAddress/i:CityName"),
                    "postal_code": text(root, base + "i:PostalAddress/i:PostalZone"),
                    "country": text(root, base + "i:PostalAddress/i:Country/i:IdentificationCode"),
                }
            ),
        }
    )


def bill_yaml(data: dict[str, Any]) -> str:
    """The bill as YAML text (numbers as written, dates plain), for ``--dry-run``."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
        text = f"{value:f}"
        tag = "int" if "." not in text else "float"
        return dumper.represent_scalar(f"tag:yaml.org,2002:{tag}", text)

    Dumper.add_representer(Decimal, decimal)
    return str(
        yaml.dump(
            data,
            Dumper=Dumper,
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=False,
            width=100,
        )
    )


def bill_key(data: Any) -> tuple[str, str]:
    """What makes two bills the same document: the supplier (its VAT number, else its
    name, spaces and case ignored) and the supplier's document number."""
    supplier = str(data.get("supplier_vat_id") or data.get("supplier") or "")
    return "".join(supplier.split()).upper(), str(data.get("number") or "")


def already_imported(bills: list[dict[str, Any]], existing: Any) -> str | None:
    """Why importing ``bills`` would record a document twice (one already among the
    ``existing`` bill records, or two of the files the same), or None."""
    seen: dict[tuple[str, str], str] = {
        bill_key(record.data): f"{record.id} ({record.path})" for record in existing
    }
    for bill in bills:
        key = bill_key(bill)
        what = f"{bill.get('source')}: {bill.get('supplier')}'s {bill.get('number')}"
        if key in seen:
            return f"{what} is already {seen[key]}"
        seen[key] = f"in {bill.get('source')}"
    return None


def next_bill_id(existing: Any, year: int) -> str:
    """``BILL-<year>-<nnnn>``, one past the highest of ``year`` among ``existing`` IDs."""
    import re

    pattern = re.compile(rf"BILL-{year}-([0-9]{{4,}})")
    numbers = [int(m[1]) for record_id in existing if (m := pattern.fullmatch(record_id))]
    return f"BILL-{year}-{max(numbers, default=0) + 1:04d}"
