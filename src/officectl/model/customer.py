"""Customers: the front office's counterparties."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from officectl.model.common import ADDRESS, META, NOTES, ref
from officectl.schema import Computed, Field, Kind

STATUSES = ("lead", "active", "inactive")
EINVOICE_FORMATS = ("peppol", "isdoc")
ENDPOINT_PATTERN = r"[0-9]{4}:[^\s:]+"
"""An electronic address scheme (EAS) code, a colon and the identifier; whether the
scheme is a known one is checked by :mod:`officectl.checks.einvoice`."""


def currency(record: Any, repo: Any) -> Any:
    """An absent customer currency is the repository's."""
    return record.get("currency") or repo.config.currency


KIND = Kind(
    "customers",
    "customer",
    r"CUS-[0-9]{4,}",
    "CUS-0001",
    description=("A company or person the business sells to."),
    fields=(
        Field("id", "str"),
        Field("name", "str", required=True),
        Field("country", "country", required=True),
        Field("status", "str", enum=STATUSES, default="active", description="Default: active."),
        Field("type", "str", enum=("company", "person")),
        Field("company_id", "str", description="IČO / Y-tunnus / registration number."),
        Field("vat_id", "str", description="EU VAT number (or the country's own)."),
        Field("email", "email"),
        Field("phone", "str"),
        ADDRESS,
        Field("currency", "currency", description="Default: the repository currency."),
        Field("payment_terms_days", "int", min=Decimal(0), max=Decimal(365)),
        ref("account_manager", "staff"),
        Field(
            "contacts",
            "list",
            items=Field(
                "contact",
                "map",
                fields=(
                    Field("name", "str", required=True),
                    Field("email", "email"),
                    Field("phone", "str"),
                    Field("role", "str"),
                ),
            ),
        ),
        Field("tags", "list", items=Field("tag", "str")),
        Field(
            "einvoice",
            "map",
            description=(
                "How this customer receives e-invoices: format peppol or isdoc (default: by the "
                "company's country), and the Peppol endpoint as SCHEME:ID (0216:003712345671)."
            ),
            fields=(
                Field("format", "str", enum=EINVOICE_FORMATS),
                Field("endpoint", "str", pattern=ENDPOINT_PATTERN),
            ),
        ),
        NOTES,
        META,
    ),
    columns=("id", "name", "country", "status", "currency", "account_manager"),
    computed=(
        ("currency", Computed("str", currency, "Default: the repository currency.", derived=False)),
    ),
)
