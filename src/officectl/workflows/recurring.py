"""``invoice recurring``: draft the invoices that active contracts fall due for.

A contract's *billing periods* follow its ``billing.frequency``, billed in advance:

- ``monthly``: every calendar month of the term, due in that month
  (``billing_period: 2026-12``);
- ``quarterly``: every calendar quarter of the term, due in its first month, or in
  the month the contract starts if it starts within the quarter
  (``billing_period: 2026-Q4``);
- ``yearly``: one period a year, due in the month of the start date's anniversary
  and named by that year (``billing_period: 2027``);
- ``once``: never billed by this command.

The *term* runs from ``start_date`` to ``end_date`` (open-ended without one, and for
an ``auto_renew`` contract, which renews itself until its status changes); only
``active`` contracts are billed. ``--period`` (a month, quarter or year) selects the
billing periods *due* within it. A contract that already has an invoice -- draft
or issued, but not a credit note -- for a billing period gets none, so running the
command twice creates nothing the second time.

Each draft has one line: the contract's title and the billing period, quantity 1,
the billing amount and VAT rate (else the first of the repository's rates in force
at the start of the billing period), in ``billing.currency``, else the customer's,
else the repository's. ``reverse_charge`` is copied from the contract's latest
invoice; for a contract's first invoice it is set, at 0 %, when a VAT-registered
customer in another EU member state is billed. A foreign-currency draft has no
``exchange_rate`` yet: it is added before the draft is issued.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import MAXYEAR, date, timedelta
from decimal import Decimal
from typing import Any

from officectl.codes import EU_COUNTRIES
from officectl.edit import Change
from officectl.formatting import format_data
from officectl.model.invoice import is_credit_note
from officectl.periods import Period, month_period, quarter_period
from officectl.records import Record
from officectl.workflows import Books, Plan
from officectl.workflows.ids import draft_path, new_ids


def billing_periods(contract: Record, period: Period) -> Iterator[Period]:
    """The contract's billing periods that fall due within ``period``."""
    billing = contract.get("billing") or {}
    frequency, start = billing.get("frequency"), contract.get("start_date")
    if start is None or frequency not in ("monthly", "quarterly", "yearly"):
        return
    end, renews = contract.get("end_date"), bool(contract.get("auto_renew"))
    for month in period.months():
        first = date(month.start.year, month.start.month, 1)
        if frequency == "monthly":
            candidate = month_period(first.year, first.month)
            due = candidate.start
        elif frequency == "quarterly":
            candidate = quarter_period(first.year, (first.month - 1) // 3 + 1)
            due = max(candidate.start, date(start.year, start.month, 1))
        else:
            if first.month != start.month:
                continue
            last = (date(first.year + 1, first.month, 1) - timedelta(days=1)
                    if first.year < MAXYEAR else date.max)
            candidate = Period(first, last, f"{first.year:04d}")
            due = first
        within_term = candidate.end >= start and (
            end is None or renews or candidate.start <= end)
        if within_term and due == first and first >= date(start.year, start.month, 1):
            yield candidate


def recurring(books: Books, period: Period) -> Plan:
    repo, config = books.repo, books.config
    billed = {(r.get("contract"), r.get("billing_period")) for r in repo.of_kind("invoices")
              if r.get("contract") and not is_credit_note(r.data)}
    wanted: list[tuple[Record, Period]] = []
    for contract in sorted(repo.of_kind("contracts"), key=lambda r: r.id):
        if contract.readable and contract.get("status") == "active":
            wanted += [(contract, p) for p in billing_periods(contract, period)
                       if (contract.id, p.label) not in billed]
    ids = new_ids(repo, "invoices", period.start.year, len(wanted))
    changes, messages = [], []
    for (contract, billing_period), draft_id in zip(wanted, ids, strict=True):
        data = _draft(books, contract, billing_period)
        path = draft_path(repo, draft_id)
        changes.append(Change(path, format_data(data, config.kinds["invoices"]), create=True))
        messages.append(f"{draft_id}: {contract.id} {billing_period.label} — {path}")
    if not messages:
        messages.append(f"nothing to bill for {period.label}: every active contract due in "
                        "it has its invoice")
    return Plan(tuple(changes), tuple(messages))


def _draft(books: Books, contract: Record, billing_period: Period) -> dict[str, Any]:
    repo, config = books.repo, books.config
    billing = contract.get("billing")
    customer = repo.linked(contract, "customer", "customers")
    currency = (billing.get("currency") or (customer.get("currency") if customer else None)
                or config.currency)
    previous = [r for r in repo.of_kind("invoices")
                if r.get("contract") == contract.id and not is_credit_note(r.data)]
    latest = max(previous, key=lambda r: (r.get("issue_date") or date.max, r.id),
                 default=None)
    reverse_charge = (latest.get("reverse_charge") if latest is not None
                      else _cross_border_b2b(books, customer) or None)
    rate = Decimal(0) if reverse_charge else billing.get("vat_rate")
    if rate is None:
        rate = next((r.rate for r in config.vat_rates if r.applies_on(billing_period.start)),
                    Decimal(0))
    data: dict[str, Any] = {
        "customer": contract.get("customer"),
        "currency": currency,
        "lines": [{"description": f"{contract.get('title')} — {billing_period.label}",
                   "quantity": 1, "unit_price": billing["amount"], "vat_rate": rate}],
        "status": "draft",
        "billing_period": billing_period.label,
        "contract": contract.id,
    }
    if reverse_charge is not None:
        data["reverse_charge"] = reverse_charge
    return data


def _cross_border_b2b(books: Books, customer: Record | None) -> bool:
    """A VAT-registered company billing a VAT-registered customer in another EU state:
    the customer accounts for the VAT (reverse charge, Art. 196 of the VAT Directive)."""
    company_vat, country = books.config.company.get("vat_id"), books.config.company_country
    if customer is None or not company_vat or not customer.get("vat_id"):
        return False
    other = customer.get("country")
    return country in EU_COUNTRIES and other in EU_COUNTRIES and other != country
