"""Who is reminded of what: a customer's overdue invoices, each with its open balance
(the one :func:`officectl.model.invoice.balance`), interest to today, the flat
recovery cost the law allows and the reminder level it is at.

*Overdue*: an issued invoice (not a draft, credit note or cancelled invoice) whose
due date has passed with something still open. *Level*: one more than the highest
level already sent for the invoice (1 for the first), at most 3, or ``--level``.
An invoice reminded less than :data:`QUIET_DAYS` days ago is left out, so nobody is
reminded twice in a week.

Recovery costs (B2B only, once per invoice): a Czech company claims 1 200 CZK per
claim in CZK (NV 351/2013 § 3), 40 EUR per invoice in EUR (Directive 2011/7/EU Art. 6,
CJEU C-78/22); a Finnish company 40 EUR per invoice (vakiokorvaus); a company in
another EU member state 40 EUR per EUR invoice (Directive Art. 6). A reminder fee
(``--fee``) is charged once per letter in the company's currency; Finnish law caps it
at 5 € for consumers and 12 € between businesses (perintälaki, from 2022-05-01).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from officectl.codes import EU_COUNTRIES
from officectl.dunning.interest import Interest, late_interest, margin
from officectl.dunning.rates import RateTable
from officectl.model.invoice import balance, invoice_total, is_credit_note, is_draft
from officectl.money import ZERO
from officectl.records import Record
from officectl.repository import Repository

QUIET_DAYS = 7
MAX_LEVEL = 3
NATIONAL_RECOVERY: dict[tuple[str, str], Decimal] = {
    ("CZ", "CZK"): Decimal("1200.00"),
}
"""(company country, invoice currency) → a national law's flat recovery cost per
invoice, B2B, where it is not the Directive's 40 EUR (NV 351/2013 § 3)."""
DIRECTIVE_RECOVERY = Decimal("40.00")
"""Directive 2011/7/EU Art. 6: at least 40 EUR per late EUR invoice between businesses,
in every member state (the Czech and Finnish laws included)."""
FEE_CAP: dict[tuple[str, bool], Decimal] = {
    ("FI", False): Decimal("5.00"),
    ("FI", True): Decimal("12.00"),
}
"""(company country, business customer) → the most a reminder may cost (EUR)."""


@dataclass(frozen=True, slots=True)
class OverdueInvoice:
    record: Record
    currency: str
    due_date: date
    total: Decimal
    balance: Decimal
    interest: Interest
    recovery: Decimal
    level: int
    reminded: tuple[date, ...]

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def days_overdue(self) -> int:
        return self.interest.days


@dataclass(frozen=True, slots=True)
class CurrencyDue:
    currency: str
    balance: Decimal
    interest: Decimal
    recovery: Decimal
    fee: Decimal

    @property
    def total(self) -> Decimal:
        return self.balance + self.interest + self.recovery + self.fee


@dataclass(frozen=True)
class Reminder:
    customer: Record
    business: bool
    level: int
    today: date
    invoices: tuple[OverdueInvoice, ...]
    due: tuple[CurrencyDue, ...]
    notes: tuple[str, ...] = field(default=())


def is_business(customer: Record) -> bool:
    return bool(customer.get("type") != "person")


def reminded_on(record: Record) -> list[tuple[date, int]]:
    items = record.get("reminders") or ()
    return [
        (r["date"], int(r["level"]))
        for r in items
        if isinstance(r, dict)
        and isinstance(r.get("date"), date)
        and isinstance(r.get("level"), int)
    ]


def overdue_invoices(repo: Repository, customer: Record, today: date) -> list[Record]:
    found = []
    for invoice in repo.referrers.get(customer.id, ()):
        if invoice.kind != "invoices" or invoice.get("customer") != customer.id:
            continue
        due = invoice.get("due_date")
        if (
            is_draft(invoice.id)
            or is_credit_note(invoice.data)
            or invoice.get("status") != "issued"
            or not isinstance(due, date)
            or due >= today
        ):
            continue
        if balance(invoice.data, repo.credited.get(invoice.id, ZERO), as_of=today) > 0:
            found.append(invoice)
    return sorted(found, key=lambda r: (r.get("due_date"), r.id))


def reminders(
    repo: Repository,
    today: date,
    table: RateTable,
    *,
    level: int | None = None,
    fee: Decimal | None = None,
    customers: list[str] | None = None,
) -> tuple[list[Reminder], list[str]]:
    """The reminders to send today, and why some customers get none."""
    country = repo.config.company_country
    letters = []
    skipped = []
    for customer in repo.of_kind("customers"):
        if customers and customer.id not in customers:
            continue
        business = is_business(customer)
        items = []
        for record in overdue_invoices(repo, customer, today):
            sent = reminded_on(record)
            recent = [d for d, _ in sent if d > today - timedelta(days=QUIET_DAYS)]
            if recent:
                skipped.append(
                    f"{record.id}: reminded on {max(recent)}, less than "
                    f"{QUIET_DAYS} days ago; not reminded again"
                )
                continue
            items.append(_overdue(repo, record, today, table, country, business, sent, level))
        if not items:
            continue
        notes = []
        if margin(country, business) is None:
            notes.append(
                f"{customer.id}: no late-payment interest computed: a consumer's debt "
                f"follows {country} national law, outside Directive 2011/7/EU"
            )
        letter_fee = ZERO
        if fee:
            cap = FEE_CAP.get((country, business))
            letter_fee = min(fee, cap) if cap is not None else fee
            if letter_fee != fee:
                notes.append(
                    f"{customer.id}: reminder fee capped at {cap} {repo.config.currency} by law"
                )
        letters.append(
            Reminder(
                customer,
                business,
                max(i.level for i in items),
                today,
                tuple(items),
                _due(items, letter_fee, repo.config.currency),
                tuple(notes),
            )
        )
    return letters, skipped


def _overdue(
    repo: Repository,
    record: Record,
    today: date,
    table: RateTable,
    country: str,
    business: bool,
    sent: list[tuple[date, int]],
    level: int | None,
) -> OverdueInvoice:
    credited = repo.credited.get(record.id, ZERO)
    total = invoice_total(record)
    currency = str(record.get("currency"))
    interest = late_interest(
        total - credited,
        record.get("payments") or (),
        record.get("due_date"),
        today,
        country,
        business,
        table,
    )
    next_level = min(max((lv for _, lv in sent), default=0) + 1, MAX_LEVEL)
    recovery = _recovery(country, currency) if business else ZERO
    return OverdueInvoice(
        record,
        currency,
        record.get("due_date"),
        total,
        balance(record.data, credited, as_of=today),
        interest,
        recovery,
        level or next_level,
        tuple(d for d, _ in sent),
    )


def _recovery(country: str, currency: str) -> Decimal:
    """The flat recovery cost per invoice between businesses."""
    if (country, currency) in NATIONAL_RECOVERY:
        return NATIONAL_RECOVERY[(country, currency)]
    return DIRECTIVE_RECOVERY if country in EU_COUNTRIES and currency == "EUR" else ZERO


def _due(items: list[OverdueInvoice], fee: Decimal, base: str) -> tuple[CurrencyDue, ...]:
    sums: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, ZERO, ZERO])
    for item in items:
        row = sums[item.currency]
        row[0] += item.balance
        row[1] += item.interest.amount
        row[2] += item.recovery
    if fee:
        sums[base][3] += fee
    return tuple(CurrencyDue(c, *v) for c, v in sorted(sums.items()))
