"""Deals and contracts across records: the won deal's contract, an active contract's
end, signed documents. A deal's closing facts and a contract's dates are checked by
their kinds (``model/deal.py``, ``model/contract.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from officectl.model.contract import term_end
from officectl.problems import Problem, error, warning
from officectl.rules import File, Links, repo_rule

if TYPE_CHECKING:
    from officectl.repository import Repository


@repo_rule(
    "won-deal-contract",
    codes=("customer-mismatch",),
    reads={"deals": ("contract", "customer"), "contracts": ("customer",)},
    involves=(Links(),),
)
def won_deal_contract(repo: Repository, today: date) -> Iterator[Problem]:
    """A deal's contract is with the deal's customer."""
    for deal in repo.of_kind("deals"):
        contract = repo.linked(deal, "contract", "contracts")
        if contract and deal.get("customer") and contract.get("customer") != deal.get("customer"):
            yield error(
                deal.path,
                "customer-mismatch",
                f"contract {contract.id} belongs to "
                f"{contract.get('customer')}, not to this deal's customer "
                f"{deal.get('customer')}",
                record=deal.id,
                field=("contract",),
            )


@repo_rule(
    "contract-customer",
    codes=("customer-mismatch",),
    reads={"contracts": ("deal", "customer"), "deals": ("customer",)},
    involves=(Links(),),
)
def contract_customer(repo: Repository, today: date) -> Iterator[Problem]:
    """A contract's deal is with the contract's customer."""
    for contract in repo.of_kind("contracts"):
        deal = repo.linked(contract, "deal", "deals")
        if deal and contract.get("customer") and deal.get("customer") != contract.get("customer"):
            yield error(
                contract.path,
                "customer-mismatch",
                f"deal {deal.id} is with "
                f"{deal.get('customer')}, not with this contract's customer "
                f"{contract.get('customer')}",
                record=contract.id,
                field=("deal",),
            )


@repo_rule(
    "active-contract-ended",
    codes=("contract-ended",),
    reads={"contracts": ("status", "start_date", "end_date", "auto_renew")},
)
def active_contract_ended(repo: Repository, today: date) -> Iterator[Problem]:
    """An active contract has not ended by today (warning); one that renews itself is told
    its current term's end."""
    for contract in repo.of_kind("contracts"):
        end = contract.get("end_date")
        if contract.get("status") != "active" or not end or end >= today:
            continue
        start = contract.get("start_date")
        if contract.get("auto_renew") and start:
            message = (
                f"contract's term ended on {end} and it renewed itself; set end_date "
                f"to the current term's end, {term_end(start, end, today)}, or status "
                "terminated"
            )
        else:
            message = (
                f"contract is active but ended on {end}; set status expired or "
                "terminated, or extend end_date"
            )
        yield warning(
            contract.path, "contract-ended", message, record=contract.id, field=("end_date",)
        )


@repo_rule(
    "contract-documents",
    codes=("path-outside-repo", "document-missing"),
    reads={"contracts": ("document",)},
    involves=(File("contracts", "document"),),
)
def contract_documents(repo: Repository, today: date) -> Iterator[Problem]:
    """A contract's signed ``document`` is a file inside the repository."""
    for contract in repo.of_kind("contracts"):
        document = contract.get("document")
        if document is None:
            continue
        status = repo.document_status(document)
        if status == "outside":
            yield error(
                contract.path,
                "path-outside-repo",
                f"document {document} is outside the repository; give a path relative to its root",
                record=contract.id,
                field=("document",),
            )
        elif status == "missing":
            yield error(
                contract.path,
                "document-missing",
                f"document {document} does not exist",
                record=contract.id,
                field=("document",),
            )
