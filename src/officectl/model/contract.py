"""Contracts: what a won deal becomes, and what recurring invoices are made from."""

from __future__ import annotations

from decimal import Decimal

from officectl.model.common import META, NOTES, ref
from officectl.schema import Field, Kind

STATUSES = ("draft", "active", "terminated", "expired")
FREQUENCIES = ("monthly", "quarterly", "yearly", "once")
MONTHS_PER_PERIOD = {"monthly": 1, "quarterly": 3, "yearly": 12}

KIND = Kind("contracts", "contract", r"CON-[0-9]{4}-[0-9]{3,}", "CON-2026-001", description=(
    "An agreement with a customer, optionally billed on a schedule."), fields=(
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
    Field("signed_by", "map", fields=(
        Field("customer", "str", description="Name of the customer's signatory."),
        ref("company", "staff"),
    )),
    Field("billing", "map", fields=(
        Field("amount", "decimal", required=True, min=Decimal(0)),
        Field("currency", "currency"),
        Field("frequency", "str", required=True, enum=FREQUENCIES),
        Field("vat_rate", "decimal", min=Decimal(0), max=Decimal(100)),
    )),
    Field("document", "str", description="Path of the signed file, relative to the root."),
    NOTES,
    META,
))
