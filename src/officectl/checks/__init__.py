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
