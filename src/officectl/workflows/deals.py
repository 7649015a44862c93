"""``deal won`` and ``deal lost``: closing a deal, and handing a won one to the back office.

A won deal gets ``stage: won``, ``closed_on`` and, if it states one, probability 100;
and a contract, linked both ways (the deal's ``contract``, the contract's ``deal``).
That is the contract the deal names already, or the one contract that names the
deal; failing both, a new draft contract for the deal's customer: title and amount
from the deal (``billing`` with frequency ``once``, to be completed), starting on
the closing date unless another start is given. A lost deal gets ``stage: lost``,
``closed_on``, the ``lost_reason`` and, if it states one, probability 0. A deal
that is closed already is refused.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from officectl.atomic import PlannedWrite
from officectl.errors import RecordError, UsageError
from officectl.records import Record
from officectl.workflows import WriteBooks, WritePlan
from officectl.workflows.ids import default_path, new_ids
from officectl.yaml.formatting import format_data


def won(books: WriteBooks, deal_id: str, on: date, start: date | None = None) -> WritePlan:
    deal = _closing(books, deal_id, on)
    document = books.document(deal)
    document.set("stage", "won")
    document.set("closed_on", on)
    if "probability" in document.data:
        document.set("probability", 100)
    changes: list[PlannedWrite] = []
    contract = _existing_contract(books, deal)
    if contract is not None:
        contract_id = contract.id
        message = f"{deal.id} won on {on}; its contract is {contract_id}"
        if contract.get("deal") is None:
            linked = books.document(contract)
            linked.set("deal", deal.id)
            changes.append(PlannedWrite(contract.path, linked.text()))
    else:
        contract_id = next(new_ids(books.repo, "contracts", on.year))
        path = default_path("contracts", contract_id)
        data = _contract(deal, start or on)
        changes.append(
            PlannedWrite(path, format_data(data, books.config.kinds["contracts"]), create=True)
        )
        message = f"{deal.id} won on {on}; draft contract {contract_id}: {path}"
    if document.get("contract") is None:
        document.set("contract", contract_id)
    return WritePlan((PlannedWrite(deal.path, document.text()), *changes), (message,))


def lost(books: WriteBooks, deal_id: str, on: date, reason: str) -> WritePlan:
    if not reason.strip():
        raise UsageError("--reason must say why the deal was lost")
    deal = _closing(books, deal_id, on)
    document = books.document(deal)
    document.set("stage", "lost")
    document.set("closed_on", on)
    document.set("lost_reason", reason.strip())
    if "probability" in document.data:
        document.set("probability", 0)
    return WritePlan((PlannedWrite(deal.path, document.text()),), (f"{deal.id} lost on {on}",))


def _closing(books: WriteBooks, deal_id: str, on: date) -> Record:
    """The open deal ``deal_id``, to be closed ``on`` (not before it was opened)."""
    deal = _open_deal(books, deal_id)
    opened = deal.get("opened_on")
    if isinstance(opened, date) and on < opened:
        raise UsageError(
            f"{deal.id} was opened on {opened}: it cannot close on {on}, before that",
            hint=f"give --date {opened} or later, or correct opened_on in {deal.path}",
        )
    return deal


def _open_deal(books: WriteBooks, deal_id: str) -> Record:
    deal = books.record(deal_id, "deals")
    stage = deal.get("stage")
    if stage in ("won", "lost"):
        closed = deal.get("closed_on")
        raise RecordError(
            f"{deal.id} is {stage} already" + (f" (closed on {closed})" if closed else "")
        )
    return deal


def _existing_contract(books: WriteBooks, deal: Record) -> Record | None:
    """The contract the deal names, or else the only contract that names the deal."""
    named = books.repo.linked(deal, "contract", "contracts")
    if named is not None:
        return named
    naming = [r for r in books.repo.of_kind("contracts") if r.readable and r.get("deal") == deal.id]
    return naming[0] if len(naming) == 1 else None


def _contract(deal: Record, start: date) -> dict[str, Any]:
    billing: dict[str, Any] = {"amount": deal.get("amount")}
    if deal.get("currency"):
        billing["currency"] = deal.get("currency")
    billing["frequency"] = "once"
    data: dict[str, Any] = {
        "title": deal.get("title"),
        "customer": deal.get("customer"),
        "start_date": start,
        "status": "draft",
        "deal": deal.id,
    }
    if deal.get("amount") is not None:
        data["billing"] = billing
    return data
