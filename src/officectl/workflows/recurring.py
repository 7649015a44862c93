"""``invoice recurring``: draft the invoices that active contracts fall due for.

A contract is billed for exactly its term, in the *billing periods* of
:mod:`officectl.billing_periods`: calendar months (``monthly``) or quarters
(``quarterly``) and years from the start date (``yearly``), each clipped to
``start_date`` … ``end_date``; a part-period at either end is pro-rated by its days
(half up to 0.01) unless ``billing.prorate`` is false. The term of an ``auto_renew``
contract runs on while it is active; only ``active`` contracts are billed, so set
status ``expired`` or ``terminated`` once the last period has its invoice.
``once`` contracts are never billed by this command.

``billing.timing`` says when a period falls due: ``advance`` (the default) on its
first day; ``arrears`` on the day after its last, and only once that day has come
(``today``): the service has then been supplied, and the draft carries
``taxable_supply_date`` = the period's last day.

``--period`` (a month, quarter or year) selects the billing periods *due* within
it. A contract that already has an invoice -- draft or issued, but not a credit
note -- for a billing period (its ``billing_period`` is the period's label, or the
year an older officectl gave a yearly period) gets none, so running the command
twice creates nothing the second time.

Each draft has one line: the contract's title and the dates the period covers
(``Licence — 2025-03-15 – 2026-03-14``), quantity 1, the period's amount and the
billing VAT rate (else the first of the repository's rates in force on the period's
first day, or for arrears on its tax point), in the contract's billing currency
(:func:`officectl.model.contract.billing_currency`). ``reverse_charge`` is copied
from the contract's latest invoice; for a contract's first invoice it is set, at
0 %, when a VAT-registered customer in another EU member state is billed. A
foreign-currency draft has no ``exchange_rate`` yet: it is added before the draft
is issued.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from officectl.atomic import PlannedWrite
from officectl.billing_periods import BillingPeriod, billing_periods, prorates, timing
from officectl.codes import EU_COUNTRIES
from officectl.model.contract import billing_currency
from officectl.model.invoice import is_credit_note
from officectl.periods import Period
from officectl.records import Record
from officectl.workflows import WriteBooks, WritePlan
from officectl.workflows.ids import draft_path, new_ids
from officectl.yaml.formatting import format_data


def recurring(books: WriteBooks, period: Period, today: date) -> WritePlan:
    repo, config = books.repo, books.config
    billed = {
        (r.get("contract"), r.get("billing_period"))
        for r in repo.of_kind("invoices")
        if r.get("contract") and not is_credit_note(r.data)
    }
    wanted: list[tuple[Record, BillingPeriod]] = []
    waiting: list[str] = []
    for contract in sorted(repo.of_kind("contracts"), key=lambda r: r.id):
        if not contract.readable or contract.get("status") != "active":
            continue
        when = timing(contract.data)
        for part in billing_periods(contract.data, period.end):
            if part.due(when) not in period or any(
                (contract.id, label) in billed for label in part.labels
            ):
                continue
            if when == "arrears" and part.due(when) > today:
                waiting.append(
                    f"{contract.id} {part.label}: billed in arrears once it has "
                    f"ended, from {part.due(when)}"
                )
            else:
                wanted.append((contract, part))
    ids = new_ids(repo, "invoices", period.start.year, len(wanted))
    changes, messages = [], []
    for (contract, part), draft_id in zip(wanted, ids, strict=True):
        data = _draft(books, contract, part)
        path = draft_path(repo, draft_id)
        changes.append(PlannedWrite(path, format_data(data, config.kinds["invoices"]), create=True))
        messages.append(f"{draft_id}: {contract.id} {part.label} — {path}")
    if not messages:
        messages.append(
            f"nothing to bill for {period.label} yet"
            if waiting
            else f"nothing to bill for {period.label}: every active contract due in "
            "it has its invoice"
        )
    return WritePlan(tuple(changes), (*messages, *waiting))


def _draft(books: WriteBooks, contract: Record, part: BillingPeriod) -> dict[str, Any]:
    repo, config = books.repo, books.config
    billing = contract.get("billing")
    customer = repo.linked(contract, "customer", "customers")
    previous = [
        r
        for r in repo.of_kind("invoices")
        if r.get("contract") == contract.id and not is_credit_note(r.data)
    ]
    latest = max(previous, key=lambda r: (r.get("issue_date") or date.max, r.id), default=None)
    reverse_charge = (
        latest.get("reverse_charge")
        if latest is not None
        else _cross_border_b2b(books, customer) or None
    )
    # Billed in arrears, a period's service has been supplied by its last day: that is
    # the tax point, which decides the VAT period and rate (CZ § 21 of Act 235/2004
    # Coll.: the tax is due as of the day of the taxable supply, for a supply agreed in
    # parts the day each part is supplied; FI AVL 15 §: when the service is performed).
    # In advance the tax point is the issue (or payment) date, set when it is issued.
    arrears = timing(contract.data) == "arrears"
    tax_point = part.end if arrears else part.start
    rate = Decimal(0) if reverse_charge else billing.get("vat_rate")
    if rate is None:
        rate = next((r.rate for r in config.vat_rates if r.applies_on(tax_point)), Decimal(0))
    amount = part.amount(billing["amount"], prorates(contract.data))
    data: dict[str, Any] = {
        "customer": contract.get("customer"),
        "currency": billing_currency(
            contract.data, customer.data if customer else None, config.currency
        ),
        "lines": [
            {
                "description": f"{contract.get('title')} — {part.dates}",
                "quantity": 1,
                "unit_price": amount,
                "vat_rate": rate,
            }
        ],
        "status": "draft",
    }
    if arrears:
        data["taxable_supply_date"] = part.end
    data |= {"billing_period": part.label, "contract": contract.id}
    if reverse_charge is not None:
        data["reverse_charge"] = reverse_charge
    return data


def _cross_border_b2b(books: WriteBooks, customer: Record | None) -> bool:
    """A VAT-registered company billing a VAT-registered customer in another EU state:
    the customer accounts for the VAT (reverse charge, Art. 196 of the VAT Directive)."""
    company_vat, country = books.config.company.get("vat_id"), books.config.company_country
    if customer is None or not company_vat or not customer.get("vat_id"):
        return False
    other = customer.get("country")
    return country in EU_COUNTRIES and other in EU_COUNTRIES and other != country
