"""The context of a payment reminder (upomínka / maksumuistutus): the overdue
invoices with their open balance, interest and recovery costs
(:mod:`officectl.dunning.overdue`), the sums due per currency, and a payment QR code
per invoice for its open balance, carrying the invoice's own reference (variable
symbol, RF reference) so that ``bank import`` matches the payment by itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from officectl.documents import letters
from officectl.documents import payment_codes as codes
from officectl.documents.references import payment_references
from officectl.documents.template_context import Settings, party
from officectl.dunning.interest import InterestPeriod
from officectl.dunning.overdue import CurrencyDue, Reminder
from officectl.repository import Repository


@dataclass(frozen=True, slots=True)
class ReminderRow:
    id: str
    issue_date: date | None
    due_date: date
    since: date
    days_overdue: int
    currency: str
    total: Decimal
    balance: Decimal
    interest: Decimal
    periods: tuple[InterestPeriod, ...]
    recovery: Decimal
    level: int
    variable_symbol: str | None
    reference: str | None
    rf_reference: str | None
    qr: str | None


def reminder_context(
    repo: Repository,
    reminder: Reminder,
    settings: Settings,
) -> dict[str, Any]:
    country = repo.config.company_country
    rows = []
    for item in reminder.invoices:
        vs, reference, rf = payment_references(item.id, country)
        rows.append(
            ReminderRow(
                item.id,
                item.record.get("issue_date"),
                item.due_date,
                item.interest.since,
                item.days_overdue,
                item.currency,
                item.total,
                item.balance,
                item.interest.amount,
                item.interest.periods,
                item.recovery,
                item.level,
                vs,
                reference,
                rf,
                _qr(repo, item.currency, item.balance, item.id, vs, rf, settings),
            )
        )
    due: tuple[CurrencyDue, ...] = reminder.due
    return {
        **letters.base(repo, settings),
        "customer": party(reminder.customer.data, settings.locale, reminder.customer.id),
        "reminder": {
            "level": reminder.level,
            "date": reminder.today,
            "title": settings.labels[f"reminder_title_{reminder.level}"],
            "business": reminder.business,
        },
        "invoices": rows,
        "due": due,
        "interest_basis": _interest_basis(settings, country, reminder.business),
    }


def _interest_basis(settings: Settings, country: str, business: bool) -> str | None:
    """The sentence naming the law behind the interest: the Czech or Finnish act, else
    (any other EU company) Directive 2011/7/EU, which gives interest only between
    businesses; a consumer's letter there charges none and cites none."""
    national = settings.labels.get(f"interest_basis_{country}")
    if national is not None:
        return national
    return settings.labels.get("interest_basis_EU") if business else None


def _qr(
    repo: Repository,
    currency: str,
    amount: Decimal,
    invoice_id: str,
    vs: str | None,
    rf: str | None,
    settings: Settings,
) -> str | None:
    company = repo.config.company
    iban, bic = company.get("iban"), company.get("bic")
    if not iban or amount <= 0:
        return None
    if currency == "CZK":
        message = f"{settings.labels['invoice_title']} {invoice_id}".upper()
        return codes.qr_data_uri(
            codes.spayd_qr(
                codes.spayd(iban, amount, currency, bic=bic, variable_symbol=vs, message=message)
            )
        )
    if currency == "EUR":
        text = invoice_id + (f" VS {vs}" if vs else "")
        return codes.qr_data_uri(
            codes.epc_qr(str(company["name"]), iban, amount, bic=bic, reference=rf, text=text)
        )
    return None
