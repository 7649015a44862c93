"""Contracts: what a won deal becomes, and what recurring invoices are made from."""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from officectl.model.common import META, NOTES, date_order, ref
from officectl.records import Record
from officectl.rules import record_rule
from officectl.schema import Collector, Field, Kind

if TYPE_CHECKING:
    from officectl.config import Config

STATUSES = ("draft", "active", "terminated", "expired")
FREQUENCIES = ("monthly", "quarterly", "yearly", "once")
TIMINGS = ("advance", "arrears")
MONTHS_PER_PERIOD = {"monthly": 1, "quarterly": 3, "yearly": 12}


@record_rule(
    "contract-dates", codes=("date-order",), reads={"contracts": ("start_date", "end_date")}
)
def contract_dates(record: Record, config: Config, out: Collector) -> None:
    """A contract ends no earlier than it starts."""
    date_order(record, out, "start_date", "end_date")


KIND = Kind(
    "contracts",
    "contract",
    r"CON-[0-9]{4}-[0-9]{3,}",
    "CON-2026-001",
    description=("An agreement with a customer, optionally billed on a schedule."),
    fields=(
        Field("id", "str"),
        Field("title", "str", required=True),
        ref("customer", "customers", required=True),
        Field("start_date", "date", required=True),
        Field("status", "str", required=True, enum=STATUSES),
        ref("deal", "deals"),
        Field("end_date", "date"),
        Field("auto_renew", "bool"),
        Field("notice_period_days", "int", min=Decimal(0)),
        Field("signed_on", "date"),
        Field(
            "signed_by",
            "map",
            fields=(
                Field("customer", "str", description="Name of the customer's signatory."),
                ref("company", "staff"),
            ),
        ),
        Field(
            "billing",
            "map",
            fields=(
                Field("amount", "decimal", required=True, min=Decimal(0)),
                Field("currency", "currency"),
                Field("frequency", "str", required=True, enum=FREQUENCIES),
                Field("vat_rate", "decimal", min=Decimal(0), max=Decimal(100)),
                Field(
                    "timing",
                    "str",
                    enum=TIMINGS,
                    description=(
                        "advance (default): invoiced when the period starts; arrears: after "
                        "it ends, with the taxable supply date on its last day."
                    ),
                ),
                Field(
                    "prorate",
                    "bool",
                    description=(
                        "Default true: a part-period at either end of the term is billed by "
                        "its days; false bills whole periods."
                    ),
                ),
            ),
        ),
        Field("document", "str", description="Path of the signed file, relative to the root."),
        NOTES,
        META,
    ),
    columns=(
        "id",
        "title",
        "customer",
        "status",
        "start_date",
        "end_date",
        "billing.amount",
        "billing.currency",
        "billing.frequency",
    ),
    new_defaults=(("status", "draft"),),
    document="officectl.documents.contract:contract_context",
    rules=(contract_dates,),
)


def term_end(start: date, end: date, on: date) -> date:
    """The last day of the term in force on ``on`` of a contract that renews itself.

    An auto-renewing contract (``auto_renew: true``, still ``active``) runs on after
    ``end_date`` in renewal terms as long as its first one (``start_date`` through
    ``end_date``) or a year, whichever is shorter, the usual clause: a month-to-month
    contract renews monthly, a two-year one yearly. Terms count in whole months when the
    first one is whole months, else in days. Before ``end_date`` it is just that.
    """
    if on <= end or end < start:
        return end
    following = end + timedelta(days=1)
    months = (following.year - start.year) * 12 + following.month - start.month
    if following.day == start.day and months > 0:
        step, terms = min(months, 12), 1
        try:
            while (renewed := add_months(following, step * terms) - timedelta(days=1)) < on:
                terms += 1
        except (ValueError, OverflowError):  # the term runs past 9999-12-31
            return date.max
        return renewed
    days = min((end - start).days + 1, 365)
    try:
        return end + timedelta(days=days * -(-(on - end).days // days))
    except OverflowError:
        return date.max


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the month's last day where it is shorter."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def billing_currency(
    contract: Mapping[str, Any], customer: Mapping[str, Any] | None, company_currency: str
) -> str:
    """The currency a contract is billed in: ``billing.currency``, else the customer's
    ``currency``, else the company's. Recurring invoices, the workbook and the contract
    document all ask this one function, so they never disagree."""
    billing = contract.get("billing") or {}
    return str(billing.get("currency") or (customer or {}).get("currency") or company_currency)
