"""The ISDOC 6.0.2 business rules ("ISDOC – obchodní pravidla a implementační
poznámky", ICT Unie, 2014), checked in Python.

ISDOC publishes these rules as text with a Schematron assertion under each; the
Schematron file itself is built from that document and is on no package registry, so
each rule is written out here from the published text, numbered as there. Rules 6 and
7 (store batches) and 8 and 9 (item identifications) are checked too, although
officectl writes neither batches nor secondary identifications: a document that
starts to carry them must still follow them.
"""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

NS = {"i": "http://isdoc.cz/namespace/2013"}
CORRECTING_TYPES = {"2", "3", "6"}
"""Credit note, debit note, and the advance invoice's tax document: they point back."""
AMOUNTS = (
    "LineExtensionAmount",
    "LineExtensionAmountTaxInclusive",
    "DepositAmount",
    "TaxableDepositAmount",
    "TaxInclusiveDepositAmount",
    "TaxAmount",
    "TaxableAmount",
    "TaxInclusiveAmount",
    "AlreadyClaimedTaxableAmount",
    "AlreadyClaimedTaxAmount",
    "AlreadyClaimedTaxInclusiveAmount",
    "DifferenceTaxableAmount",
    "DifferenceTaxAmount",
    "DifferenceTaxInclusiveAmount",
    "TaxExclusiveAmount",
    "AlreadyClaimedTaxExclusiveAmount",
    "DifferenceTaxExclusiveAmount",
    "PayableRoundingAmount",
    "PaidDepositsAmount",
    "PayableAmount",
)
"""Rule 2's and 3's amounts: each has a twin ending in ``Curr`` for the foreign currency."""
SUB_DOCUMENT_TYPE_ORIGINS = {"CBA"}


def _text(root: etree._Element, path: str) -> str | None:
    found = root.find(path, NS)
    return None if found is None or found.text is None else found.text.strip()


def isdoc_rule_failures(document: bytes) -> list[str]:
    """The numbers of the rules ``document`` breaks, each with where (empty: none)."""
    root = etree.fromstring(document)
    failures = _document_rules(root) + _amount_rules(root)
    for line in root.findall("i:InvoiceLines/i:InvoiceLine", NS):
        failures += _line_rules(line)
    return failures


def _document_rules(root: etree._Element) -> list[str]:
    failures = []
    foreign = _text(root, "i:ForeignCurrencyCode")
    # 1: a correcting document refers to the document it corrects
    if _text(root, "i:DocumentType") in CORRECTING_TYPES and not len(
        root.findall("i:OriginalDocumentReferences/*", NS)
    ):
        failures.append("rule 1: no OriginalDocumentReference")
    if not foreign:  # 3: in the local currency both rates are 1
        for rate in ("CurrRate", "RefCurrRate"):
            value = _text(root, f"i:{rate}")
            if value is None or Decimal(value) != 1:
                failures.append(f"rule 3: {rate} is {value}, not 1")
    # 4: the foreign currency is not the local one
    if foreign and foreign == _text(root, "i:LocalCurrencyCode"):
        failures.append("rule 4: ForeignCurrencyCode equals LocalCurrencyCode")
    # 5: a document outside VAT has only lines outside VAT
    if _text(root, "i:VATApplicable") == "false":
        for line in root.findall("i:InvoiceLines/i:InvoiceLine", NS):
            if _text(line, "i:ClassifiedTaxCategory/i:VATApplicable") != "false":
                failures.append(f"rule 5: line {_text(line, 'i:ID')} is subject to VAT")
    # SubDocumentTypeOrigin: only the values of the rules' table
    origin = _text(root, "i:SubDocumentTypeOrigin")
    if origin is not None and origin not in SUB_DOCUMENT_TYPE_ORIGINS:
        failures.append(f"SubDocumentTypeOrigin {origin!r}")
    return failures


def _amount_rules(root: etree._Element) -> list[str]:
    failures = []
    foreign = _text(root, "i:ForeignCurrencyCode")
    for amount in AMOUNTS:
        if foreign:  # 2: in a foreign currency every amount has its foreign twin
            for element in root.iter(f"{{{NS['i']}}}{amount}"):
                parent = element.getparent()
                if parent is not None and parent.find(f"i:{amount}Curr", NS) is None:
                    where = parent.tag.split("}")[1]
                    failures.append(f"rule 2: {where}/{amount} without {amount}Curr")
        elif next(root.iter(f"{{{NS['i']}}}{amount}Curr"), None) is not None:
            failures.append(f"rule 3: {amount}Curr in a local-currency document")
    return failures


def _line_rules(line: etree._Element) -> list[str]:
    failures = []
    number = _text(line, "i:ID")
    batches = line.findall("i:Item/i:StoreBatches/i:StoreBatch/i:Quantity", NS)
    if batches:
        quantity = line.find("i:InvoicedQuantity", NS)
        units = {b.get("unitCode") for b in batches if b.get("unitCode")}
        line_unit = quantity.get("unitCode") if quantity is not None else None
        # 6: the batches of a line share one unit, the line's
        if len(units) > 1 or (line_unit and units - {line_unit}):
            failures.append(f"rule 6: line {number} batch units {sorted(map(str, units))}")
        # 7: the batches add up to the line's quantity
        total = sum(Decimal(b.text or "0") for b in batches)
        if quantity is None or total != Decimal(quantity.text or "0"):
            failures.append(f"rule 7: line {number} batch quantities")
    item = line.find("i:Item", NS)
    if item is not None:
        has = {name: item.find(f"i:{name}", NS) is not None for name in _IDENTIFICATIONS}
        primary, secondary, tertiary = (has[name] for name in _IDENTIFICATIONS)
        if secondary and not primary:  # 8: a secondary one only beside a primary one
            failures.append(f"rule 8: line {number}")
        if tertiary and not (primary and secondary):  # 9: a tertiary one beside both
            failures.append(f"rule 9: line {number}")
    return failures


_IDENTIFICATIONS = (
    "SellersItemIdentification",
    "SecondarySellersItemIdentification",
    "TertiarySellersItemIdentification",
)
