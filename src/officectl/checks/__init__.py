"""Every check ``validate`` makes, registered by shape (see :mod:`officectl.checks.base`).

Adding a rule means writing it in the module of its family and listing it here.
"""

from __future__ import annotations

from officectl.checks import (
    deals_contracts,
    einvoice,
    identity,
    invoices,
    ledger,
    parties,
    references,
    vat,
)
from officectl.checks.base import RecordRule, RepoRule
from officectl.model import DERIVED
from officectl.records import Record

RECORD_RULES: dict[str, tuple[RecordRule, ...]] = {
    "customers": (identity.id_format, parties.customer_identifiers,
                  einvoice.customer_einvoice),
    "deals": (identity.id_format, deals_contracts.deal_closing),
    "staff": (identity.id_format, parties.staff_dates),
    "contracts": (identity.id_format, deals_contracts.contract_dates),
    "invoices": (identity.id_format, invoices.invoice_status, invoices.invoice_dates,
                 invoices.invoice_lines, invoices.invoice_amounts,
                 invoices.invoice_payments, vat.line_codes, vat.tax_document_late),
}

REPO_RULES: tuple[RepoRule, ...] = (
    identity.unique_ids,
    references.references_resolve,
    parties.duplicate_vat_ids,
    parties.unique_staff_emails,
    parties.manager_cycles,
    parties.departed_owners,
    deals_contracts.won_deal_contract,
    deals_contracts.contract_customer,
    deals_contracts.active_contract_ended,
    deals_contracts.contract_documents,
    ledger.contiguous_numbers,
    ledger.linked_customers,
    ledger.credit_notes,
    ledger.cancellations,
    ledger.payments_match,
    ledger.reverse_charge_customer,
    vat.eu_business_charged_vat,
    vat.reverse_charge_outside_eu,
    einvoice.einvoice_invoices,
)

UNSEEN_BY_REPO_RULES: dict[str, frozenset[str]] = {
    "customers": frozenset({
        "id", "name", "status", "company_id", "email", "phone",
        "address", "currency", "payment_terms_days", "contacts", "tags", "notes", "meta"}),
    "deals": frozenset({
        "id", "title", "amount", "currency", "probability", "closed_on", "lost_reason",
        "notes", "meta"}),
    "staff": frozenset({
        "id", "name", "department", "start_date", "title", "employment", "salary",
        "personal_id", "meta"}),
    "contracts": frozenset({
        "id", "title", "notice_period_days", "signed_on", "billing", "notes", "meta"}),
    "invoices": frozenset({
        "id", "lines", "issue_date", "due_date", "taxable_supply_date",
        "billing_period", "payments", "notes", "meta"}),
}
"""Per kind, the built-in fields no repository rule reads: an edit to only these leaves
every repository rule's findings as they were, so a warm ``validate`` need not run the
rules again (:mod:`officectl.incremental`), and loads records without them. What the
rules do read: references, a customer's vat_id, country and type, a deal's stage and
expected_close, a person's email and end_date, a contract's status, dates, auto_renew
and document, an invoice's status, reverse_charge, currency and exchange_rate (a credit
note's must be its original's), and its derived total, payments and VAT
(``Record.derived``) in place of its lines. Fields a configuration adds are always
seen. tests/test_checks_inputs.py watches every rule's reads to keep this true."""


def seen_by_repo_rules(record: Record) -> Record:
    """The record as the repository rules see it: without its unseen fields. A warm
    ``validate`` loads these from the cache, not whole records: a third of the objects
    to unpickle. Its derived values (an invoice's total) stand in for the lines."""
    unseen = UNSEEN_BY_REPO_RULES.get(record.kind)
    if not unseen:
        return record
    if record.readable:
        for derive in DERIVED.get(record.kind, ()):
            derive(record)
    return Record(record.kind, record.id, record.path,
                  {name: value for name, value in record.data.items() if name not in unseen},
                  record.readable, record.derived)


def repo_rule_view(record: Record | None) -> str:
    """All that the repository rules can see of a record, as text: two versions of a
    file with the same view give every repository rule the same findings. Text, not
    ``==``: ``Decimal("1.0") == Decimal("1.00")``, yet messages print them apart."""
    if record is None:
        return ""
    seen = seen_by_repo_rules(record)
    return repr((seen.kind, seen.id, seen.path, seen.readable, list(seen.data.items()),
                 sorted(seen.derived.items())))
