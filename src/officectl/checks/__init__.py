"""Every check ``validate`` makes, registered by shape (see :mod:`officectl.checks.base`).

Adding a rule means writing it in the module of its family and listing it here.
"""

from __future__ import annotations

from officectl.checks import (
    deals_contracts,
    identity,
    invoices,
    ledger,
    parties,
    references,
)
from officectl.checks.base import RecordRule, RepoRule
from officectl.records import Record

RECORD_RULES: dict[str, tuple[RecordRule, ...]] = {
    "customers": (identity.id_format, parties.customer_identifiers),
    "deals": (identity.id_format, deals_contracts.deal_closing),
    "staff": (identity.id_format, parties.staff_dates),
    "contracts": (identity.id_format, deals_contracts.contract_dates),
    "invoices": (identity.id_format, invoices.invoice_status, invoices.invoice_dates,
                 invoices.invoice_lines, invoices.invoice_amounts),
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
    ledger.payments_match,
)

UNSEEN_BY_REPO_RULES: dict[str, frozenset[str]] = {
    "customers": frozenset({"name", "address", "phone", "contacts", "tags", "notes", "meta"}),
    "deals": frozenset({"title", "notes", "meta"}),
    "staff": frozenset({"name", "title", "employment", "salary", "personal_id", "notes",
                        "meta"}),
    "contracts": frozenset({"title", "notes", "meta"}),
    "invoices": frozenset({"notes", "meta"}),
}
"""Per kind, the top-level fields no repository rule reads (names, notes, free-form
data): an edit to only these leaves every repository rule's findings as they were, so
a warm ``validate`` need not run the rules again (:mod:`officectl.incremental`).
tests/test_checks_inputs.py watches every rule's reads to keep this true."""


def repo_rule_view(record: Record | None) -> str:
    """All that the repository rules can see of a record, as text: two versions of a
    file with the same view give every repository rule the same findings. Text, not
    ``==``: ``Decimal("1.0") == Decimal("1.00")``, yet messages print them apart."""
    if record is None:
        return ""
    unseen = UNSEEN_BY_REPO_RULES.get(record.kind, frozenset())
    fields = [(name, value) for name, value in record.data.items() if name not in unseen]
    return repr((record.kind, record.id, record.path, record.readable, fields,
                 sorted(record.derived.items())))
