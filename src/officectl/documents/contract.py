"""The context of a contract: its parties, term, billing and signatures block."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from officectl.documents.template_context import (
    Settings,
    base_context,
    customer_of,
    party,
    record_dict,
)
from officectl.model.contract import billing_currency
from officectl.money import round_money
from officectl.records import Record
from officectl.repository import Repository


@dataclass(frozen=True, slots=True)
class Billing:
    amount: Decimal
    currency: str
    frequency: str | None
    vat_rate: Decimal | None

    @property
    def vat(self) -> Decimal | None:
        return None if self.vat_rate is None else round_money(self.amount * self.vat_rate / 100)


@dataclass(frozen=True, slots=True)
class Signatures:
    customer_name: str | None
    """Who signs (or signed) for the customer."""
    company_name: str | None
    company_title: str | None
    signed_on: date | None


@dataclass(frozen=True, slots=True)
class ContractDoc:
    title: str
    number: str
    status: str
    start_date: date | None
    end_date: date | None
    auto_renew: bool
    notice_period_days: int | None


def contract_context(repo: Repository, record: Record, settings: Settings) -> dict[str, Any]:
    data = record.data
    customer = customer_of(repo, record)
    signed_by = data.get("signed_by") or {}
    signer = repo.records.get(signed_by.get("company") or "")
    billing = data.get("billing")
    return {
        **base_context(repo, record, settings),
        "doc": ContractDoc(
            str(data.get("title", "")),
            record.id,
            str(data.get("status", "")),
            data.get("start_date"),
            data.get("end_date"),
            bool(data.get("auto_renew")),
            data.get("notice_period_days"),
        ),
        "contract": record_dict(record),
        "customer": party(customer.data, settings.locale, customer.id),
        "customer_record": record_dict(customer),
        "deal": record_dict(repo.linked(record, "deal", "deals")),
        "billing": None
        if not billing or "amount" not in billing
        else Billing(
            billing["amount"],
            billing_currency(data, customer.data, repo.config.currency),
            billing.get("frequency"),
            billing.get("vat_rate"),
        ),
        "signatures": Signatures(
            signed_by.get("customer"),
            signer.get("name") if signer is not None and signer.kind == "staff" else None,
            signer.get("title") if signer is not None and signer.kind == "staff" else None,
            data.get("signed_on"),
        ),
        "payment_terms_days": customer.get("payment_terms_days", repo.config.payment_terms_days),
        "notes": data.get("notes"),
    }
