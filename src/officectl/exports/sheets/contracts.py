"""``Contracts``: active contracts in the period with their recurring amount and MRR.

MRR (monthly recurring revenue) is the billing amount over the months it covers
(monthly 1, quarterly 3, yearly 12), rounded half up to the cent, net of VAT as the
contract states it; a one-off (``once``) contract recurs not at all (MRR 0). An
auto-renewing contract stays active past its ``end_date`` (see
:func:`officectl.model.contract.term_end`): its renewal date is the day after the term
in force when the period starts, and its notice date the last day notice can be given
before that; for others, the notice date is counted back from the end date.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from officectl.exports.books import PeriodBooks
from officectl.exports.finance_export import FinanceExport
from officectl.exports.table import Money, SheetRow, SheetTable, field
from officectl.model.contract import MONTHS_PER_PERIOD, billing_currency, term_end
from officectl.money import ZERO, round_money
from officectl.periods import shifted
from officectl.records import Record

COLUMNS = (
    "Contract",
    "Title",
    "Customer",
    "Customer name",
    "Status",
    "Frequency",
    "Amount",
    "Currency",
    "VAT rate",
    "MRR",
    "Start date",
    "End date",
    "Auto renew",
    "Renewal date",
    "Notice period (days)",
    "Notice date",
    "Deal",
)


def active_contracts(books: PeriodBooks) -> list[Record]:
    """Contracts with status ``active`` whose term overlaps the period, in ID order."""
    period = books.period
    chosen = []
    for contract in books.repo.of_kind("contracts"):
        start, end = contract.get("start_date"), contract.get("end_date")
        if (
            contract.readable
            and contract.get("status") == "active"
            and isinstance(start, date)
            and start <= period.end
            and (end is None or end >= period.start or contract.get("auto_renew"))
        ):
            chosen.append(contract)
    return sorted(chosen, key=lambda r: r.id)


def mrr(billing: dict[str, object]) -> Decimal:
    amount, frequency = billing.get("amount"), billing.get("frequency")
    if not isinstance(amount, Decimal) or frequency not in MONTHS_PER_PERIOD:
        return ZERO
    return round_money(amount / MONTHS_PER_PERIOD[str(frequency)])


def contracts_sheet(export: FinanceExport) -> SheetTable:
    repo = export.books.repo
    rows: list[SheetRow] = []
    sums: dict[str, Decimal] = {}
    for contract in active_contracts(export.books):
        customer = repo.linked(contract, "customer", "customers")
        billing = contract.get("billing") or {}
        currency = billing_currency(
            contract.data, customer.data if customer else None, repo.config.currency
        )
        amount, monthly = billing.get("amount"), mrr(billing) if billing else None
        end, notice = contract.get("end_date"), contract.get("notice_period_days")
        renews = bool(contract.get("auto_renew", False)) and isinstance(end, date)
        term = (
            term_end(contract.get("start_date"), end, export.books.period.start) if renews else end
        )
        rows.append(
            (
                contract.id,
                contract.get("title"),
                contract.get("customer"),
                field(customer, "name"),
                contract.get("status"),
                billing.get("frequency"),
                None if amount is None else Money(amount, currency),
                currency if billing else None,
                billing.get("vat_rate"),
                None if monthly is None else Money(monthly, currency),
                contract.get("start_date"),
                end,
                bool(contract.get("auto_renew", False)),
                shifted(term, 1) if renews and term else None,
                notice,
                shifted(term, -notice) if term and notice is not None else None,
                contract.get("deal"),
            )
        )
        if monthly is not None:
            sums[currency] = sums.get(currency, ZERO) + monthly
    totals: list[SheetRow] = [
        (f"Total {currency}", *(None,) * 6, currency, None, Money(amount, currency), *(None,) * 7)
        for currency, amount in sorted(sums.items())
    ]
    return SheetTable(COLUMNS, rows, totals)
