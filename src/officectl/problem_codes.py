"""Every problem code officectl reports, with what it means: the reference users and
scripts rely on (a test keeps this list, the code and the README in agreement)."""

from __future__ import annotations

CODES: dict[str, str] = {
    # Whole files: reading and YAML
    "file-unreadable": "The file or folder cannot be read (permissions, not a regular file).",
    "record-symlink": "A symbolic link under records/ (to a file or a folder): a record "
    "file must be a regular file; the link is never followed.",
    "yaml-too-large": "A record file is over 1 MiB.",
    "yaml-encoding": "The file is not UTF-8 (e.g. UTF-16, or binary data).",
    "yaml-syntax": "Not valid YAML; the position is where the parser stopped.",
    "yaml-multi-document": "More than one YAML document in the file.",
    "yaml-empty": "The file holds no data.",
    "yaml-not-mapping": "The top of the file is not a mapping of fields.",
    "yaml-duplicate-key": "The same key twice in one mapping.",
    "yaml-alias": "Anchors and aliases are not allowed in records.",
    "yaml-tag": "Custom YAML tags (e.g. !!python/object) are not allowed.",
    "yaml-key-type": "A key is not plain text.",
    "yaml-too-deep": "Nesting deeper than the loader allows.",
    "unknown-kind": "A record file outside records/<kind>/, or an unknown kind named in "
    "officectl.yaml (fields:, a ref field's kind).",
    "change-interrupted": "A write was interrupted (a crash); the next write command completes it.",
    # Schema
    "unknown-field": "A key the kind does not have (with a did-you-mean hint).",
    "missing-field": "A required field is missing (reported at the mapping that lacks it) "
    "or empty.",
    "invalid-type": "A value of the wrong type (text, number, date, list, mapping …).",
    "invalid-value": "A value outside the field's allowed values.",
    "pattern-mismatch": "A value that does not match the field's pattern.",
    "out-of-range": "A number outside the field's bounds, or not a usable amount.",
    "invalid-date": "Not a real date (e.g. 2026-02-30).",
    "invalid-email": "Not an e-mail address.",
    "invalid-country": "Not an ISO 3166-1 alpha-2 country code.",
    "invalid-currency": "Not an ISO 4217 currency code.",
    "duplicate-field": "officectl.yaml declares an extra field a kind already has.",
    "invalid-pattern": "An extra field's pattern in officectl.yaml is no RE2 regular expression.",
    "kind-clash": "A kind defined in officectl.yaml clashes with another: its name, "
    "singular or ID pattern.",
    # Identity and identifiers
    "id-format": "The file name is not an ID of its kind.",
    "id-mismatch": "The id: key differs from the file name.",
    "duplicate-id": "Two files with the same ID.",
    "invalid-vat-id": "A VAT ID whose check digits or format are wrong for its country.",
    "invalid-company-id": "A company ID (IČO, Y-tunnus, …) wrong for its country.",
    "invalid-iban": "The company's IBAN has wrong check digits or length.",
    "invalid-bic": "The company's BIC is malformed.",
    # References
    "ref-missing": "A reference to a record that does not exist.",
    "ref-wrong-kind": "A reference to a record of another kind.",
    "customer-mismatch": "Linked records (contract, deal, credit note) belong to another customer.",
    # Parties
    "duplicate-vat-id": "Two customers with the same VAT ID (warning).",
    "duplicate-email": "Two staff members with the same e-mail.",
    "duplicate-value": "Two records of a defined kind share a value of a unique: field.",
    "manager-cycle": "Staff managers form a cycle.",
    "owner-departed": "An account manager or open deal's owner has left (warning).",
    "owner-leaves-before-close": "A deal's owner leaves before its expected close (warning).",
    # Dates, deals and contracts
    "date-order": "An end or due date before its start or issue date.",
    "contract-ended": "An active contract whose end_date has passed (warning).",
    "document-missing": "A contract's document does not exist.",
    "path-outside-repo": "A contract's document path leaves the repository.",
    # Invoices
    "draft-numbered": "A draft carries an issued number.",
    "draft-not-issued": "A non-draft invoice still has an INV-DRAFT- name.",
    "invoice-year": "An issued number's year differs from the issue year.",
    "invoice-no-lines": "An invoice without lines.",
    "invoice-too-many-lines": "An invoice with more than 1,000 lines.",
    "too-many-decimals": "A quantity or unit price with more than 6 decimal places, or a "
    "payment with more than 2.",
    "amount-too-large": "A line amount (quantity × unit price) or an invoice total of "
    "10^15 or more.",
    "invoice-total": "An invoice whose total is not positive.",
    "credit-note-total": "A credit note whose total is not negative.",
    "vat-rate-not-allowed": "A VAT rate not allowed on the taxable supply date.",
    "vat-rate-reverse-charge": "A reverse-charge line with a VAT rate other than 0.",
    "reverse-charge-no-vat-id": "Reverse charge for a customer without a VAT ID, who "
    "cannot account for the VAT (warning).",
    "exchange-rate-missing": "A foreign-currency invoice without exchange_rate.",
    "vat-exemption-missing": "A 0 % line that is not reverse charge without vat_exemption, "
    "its legal basis (warning).",
    "vat-exemption-unknown": "A vat_exemption that is not a code of the VATEX list.",
    "vat-exemption-conflict": "A vat_exemption on a line with VAT, or a reverse-charge code "
    "on an invoice that is not reverse charge.",
    "unit-code-unknown": "A unit_code that is not a UN/ECE Recommendation 20 code.",
    "vat-charged-eu-business": "VAT charged to a VAT-registered business in another EU "
    "member state, usually reverse charge (warning).",
    "reverse-charge-outside-eu": "Reverse charge for a customer outside the EU, where the "
    "supply is outside the scope of EU VAT (warning).",
    "tax-document-late": "A Czech company's invoice issued more than 15 days after its "
    "taxable supply date (warning).",
    "numbering-gap": "Issued numbers of a year skip a number.",
    "numbering-duplicate": "The same number twice in a year, spelled differently.",
    "credit-note-target": "A credit note that corrects a draft or another credit note.",
    "credit-note-exceeds": "Credit notes take off more than the invoice's total.",
    "overpaid": "Payments (less refunds) exceed the total.",
    "paid-mismatch": "Status paid, but payments, refunds and credits leave a balance.",
    "cancelled-not-credited": "Status cancelled, but credit notes do not bring the invoice "
    "to zero.",
    "credit-note-currency": "A credit note in another currency than the invoice it corrects.",
    "credit-note-rate": "A credit note at another exchange rate than the invoice it corrects "
    "(warning).",
    "payment-negative": "A negative payment not marked as a refund.",
    "refund-positive": "A refund whose amount is not negative.",
    "refund-exceeds": "A refund that returns more than was received before it.",
    "payment-entry-twice": "Two payments recorded from the same bank statement entry.",
    # E-invoices (customers that set einvoice:, or every one with validate --einvoice)
    "einvoice-endpoint": "A customer's Peppol endpoint is missing (none set, none to make "
    "from its VAT number), its scheme is not a Peppol one, or its identifier is not the "
    "shape the Peppol rules demand of that scheme (GLN, CVR, OVT code …).",
    "einvoice-customer": "A customer lacks an address part or identifier its e-invoice "
    "format or its invoices' VAT categories need (a VAT number for an intra-EU supply, a "
    "VAT number or company ID for reverse charge), or its VAT number lacks the country "
    "prefix.",
    "einvoice-unit": "An e-invoiced line's unit text has no UN/ECE Recommendation 20 code: "
    "add unit_code.",
    "einvoice-exemption": "An e-invoiced 0 % line that is not reverse charge has no "
    "vat_exemption code, or its code cannot stand with the invoice's other lines (not "
    "subject to VAT beside another category; two codes of one category).",
    # audit: the history of issued invoices
    "invoice-changed": "An issued invoice's content changed after it was issued.",
    "invoice-deleted": "An issued invoice was deleted.",
    "invoice-renumbered": "An issued invoice reappeared under another number.",
    "invoice-number-reused": "An issued number was reused for different content.",
}
