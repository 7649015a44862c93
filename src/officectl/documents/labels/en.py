"""English labels."""

LABELS: dict[str, str] = {
    # document titles
    "invoice_title": "Invoice",
    "tax_document": "Tax invoice",
    "credit_note_title": "Credit note",
    "draft_title": "Draft invoice (pro forma)",
    "draft_stamp": "DRAFT",
    "draft_notice": (
        "Not a tax document. The invoice number is assigned when it is issued. Not for "
        "payment: the issued invoice carries the payment details."
    ),
    "draft_reference": "Draft reference",
    "cancelled_stamp": "CANCELLED",
    "paid_stamp": "PAID",
    "contract_title": "Contract",
    # parties
    "supplier": "Supplier",
    "customer": "Customer",
    "company_id": "Company ID",
    "vat_id": "VAT ID",
    "email": "Email",
    "phone": "Phone",
    "website": "Web",
    "registration": "Commercial register",
    # dates and references
    "number": "Invoice number",
    "credit_note_number": "Credit note number",
    "issue_date": "Issue date",
    "supply_date": "Date of supply",
    "correction_date": "Date of correction",
    "due_date": "Due date",
    "billing_period": "Billing period",
    "contract": "Contract",
    "deal": "Order",
    "currency": "Currency",
    # lines
    "description": "Description",
    "quantity": "Qty",
    "unit": "Unit",
    "unit_price": "Unit price excl. VAT",
    "vat_rate": "VAT rate",
    "net": "Net amount",
    "vat": "VAT",
    "gross": "Total incl. VAT",
    # totals
    "vat_summary": "VAT summary",
    "tax_base": "Taxable amount",
    "total_net": "Total excl. VAT",
    "total_vat": "Total VAT",
    "total": "Total",
    "paid": "Paid",
    "credited": "Credited",
    "amount_due": "Amount due",
    "amount_to_refund": "Amount credited",
    "refunded": "Refunded",
    "refund_due": "To be refunded to you",
    "paid_in_full": "Paid in full. Thank you.",
    "nothing_due": "Nothing to pay.",
    # foreign currency
    "in_base_currency": "VAT summary in",
    "exchange_rate": "Exchange rate",
    # reverse charge
    "reverse_charge": "Reverse charge",
    "reverse_charge_text": (
        "The customer accounts for the VAT (Art. 196 of Directive 2006/112/EC)."
    ),
    "no_vat_charged": "no VAT charged",
    # a 0 % line's legal basis (vat_exemption; the law: documents/exemptions.py)
    "vat_exempt": "Exempt from VAT",
    "vat_exempt_G": "Exempt: export outside the EU",
    "vat_exempt_IC": "Exempt intra-Community supply of goods",
    "vat_exempt_O": "Not subject to VAT",
    "vat_exempt_AE": "Reverse charge",
    "vat_exempt_D": "Intra-Community acquisition of a second-hand means of transport",
    "vat_exempt_F": "Margin scheme – second-hand goods",
    "vat_exempt_I": "Margin scheme – works of art",
    "vat_exempt_J": "Margin scheme – collector's items and antiques",
    # credit notes
    "corrects_invoice": "Corrects invoice",
    "corrected_issue_date": "of",
    "correction_reason": "Reason for correction",
    "differences": "Differences",
    "original": "Original",
    "change": "Change",
    "after_correction": "After correction",
    "credit_note_settles": "This credit note reduces the amount due on invoice",
    "credit_notes": "Credit notes",
    # payment
    "payment": "Payment details",
    "bank_transfer": "Bank transfer",
    "iban": "IBAN",
    "bic": "BIC/SWIFT",
    "variable_symbol": "Variable symbol",
    "reference": "Reference",
    "finnish_reference": "Reference number",
    "rf_reference": "RF creditor reference",
    "virtual_barcode": "Virtual bank barcode",
    "qr_spayd": "QR Platba",
    "qr_epc": "Scan to pay (SEPA)",
    "notes": "Notes",
    "page": "Page",
    "page_of": "of",
    # contracts
    "contract_number": "Contract number",
    "parties": "Parties",
    "and": "and",
    "terms": "Term",
    "start_date": "Start date",
    "end_date": "End date",
    "indefinite": "indefinite term",
    "auto_renew": "Automatic renewal",
    "yes": "yes",
    "no": "no",
    "notice_period": "Notice period",
    "days": "days",
    "status": "Status",
    "status_draft": "draft",
    "status_active": "in force",
    "status_terminated": "terminated",
    "status_expired": "expired",
    "billing": "Billing",
    "fee": "Fee excl. VAT",
    "frequency": "Invoiced",
    "frequency_monthly": "monthly",
    "frequency_quarterly": "quarterly",
    "frequency_yearly": "yearly",
    "frequency_once": "once",
    "payment_terms": "Payment terms",
    "signatures": "Signatures",
    "for_supplier": "For the supplier",
    "for_customer": "For the customer",
    "signed_on": "Signed on",
    "date_and_signature": "Date and signature",
    # reminders and statements of account (remind, report statement)
    "reminder_title_1": "Payment reminder",
    "reminder_title_2": "Second payment reminder",
    "reminder_title_3": "Final demand before legal action",
    "reminder_intro": "According to our records the following invoices are overdue and unpaid.",
    "reminder_closing": (
        "Please pay the amount due. If you have already paid, please disregard this reminder."
    ),
    "reminder_final": (
        "Unless the debt is paid within 7 days of this demand, we will pursue it in court."
    ),
    "reminder_date": "Date",
    "reminder_level": "Level",
    "days_overdue": "Days overdue",
    "overdue_since": "Overdue since",
    "open_balance": "Open amount",
    "late_interest": "Late-payment interest",
    "interest_rate": "Rate p.a.",
    "recovery_cost": "Fixed recovery costs",
    "reminder_fee": "Reminder fee",
    "amount_now_due": "Total now due",
    "interest_basis_CZ": (
        "Late-payment interest under Czech Government Regulation 351/2013: the ČNB repo "
        "rate valid on the first day of the calendar half-year in which the delay began "
        "plus 8 percentage points, for each day of delay (1/365 of the yearly rate)."
    ),
    "interest_basis_FI": (
        "Late-payment interest under the Finnish Interest Act (korkolaki) sections 4 and "
        "4 a: the reference rate of each half-year plus 7 (consumers) or 8 (businesses) "
        "percentage points, for each day of delay (1/365 of the yearly rate)."
    ),
    "interest_basis_EU": (
        "Late-payment interest under Directive 2011/7/EU on combating late payment in "
        "commercial transactions: the reference rate of each half-year (the ECB main "
        "refinancing rate, or the national central bank's rate outside the euro) plus 8 "
        "percentage points, for each day of delay (1/365 of the yearly rate)."
    ),
    "pay_by_qr": "Pay the invoice's open amount with the QR code",
    "statement_title": "Customer statement of account",
    "statement_period": "Period",
    "opening_balance": "Opening balance",
    "closing_balance": "Closing balance",
    "entry_date": "Date",
    "entry_kind": "Entry",
    "entry_document": "Document",
    "debit": "Debit",
    "credit": "Credit",
    "running_balance": "Balance",
    "entry_invoice": "Invoice",
    "entry_credit_note": "Credit note",
    "entry_payment": "Payment",
    "entry_refund": "Refund",
}
