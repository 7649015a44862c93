"""Customers: the front office's counterparties."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from officectl.einvoice.needs import format_for, party_problems
from officectl.identifiers import company_id_problem, vat_id_problem
from officectl.model.common import ADDRESS, META, NOTES, ref
from officectl.records import Record
from officectl.rules import record_rule
from officectl.schema import Collector, Computed, Field, Kind

if TYPE_CHECKING:
    from officectl.config import Config

STATUSES = ("lead", "active", "inactive")
EINVOICE_FORMATS = ("peppol", "isdoc")
ENDPOINT_PATTERN = r"[0-9]{4}:[^\s:]+"
"""An electronic address scheme (EAS) code, a colon and the identifier; whether the
scheme is a known one is checked by :func:`customer_einvoice`."""


def currency(record: Any, repo: Any) -> Any:
    """An absent customer currency is the repository's."""
    return record.get("currency") or repo.config.currency


@record_rule(
    "customer-identifiers",
    codes=("invalid-vat-id", "invalid-company-id"),
    reads={"customers": ("country", "vat_id", "company_id")},
)
def customer_identifiers(record: Record, config: Config, out: Collector) -> None:
    """A customer's VAT ID and company ID are valid for its country (format and check digits)."""
    country = record.get("country")
    if not country:
        return
    if "vat_id" in record.data and (reason := vat_id_problem(record.data["vat_id"], country)):
        out.error(
            "invalid-vat-id",
            f"vat_id {record.data['vat_id']} is not valid for {country}: {reason}",
            ("vat_id",),
        )
    company_id = record.get("company_id")
    if company_id is not None and (reason := company_id_problem(company_id, country)):
        out.error(
            "invalid-company-id",
            f"company_id {company_id} is not valid for {country}: {reason}",
            ("company_id",),
        )


@record_rule(
    "customer-einvoice",
    codes=("einvoice-endpoint", "einvoice-customer"),
    reads={"customers": ("einvoice", "address", "company_id", "vat_id", "type", "country", "name")},
)
def customer_einvoice(record: Record, config: Config, out: Collector) -> None:
    """A customer that sets ``einvoice:`` has what its format needs."""
    if not isinstance(record.get("einvoice"), dict):
        return
    fmt = format_for(config.company_country, record.data)
    for name, message in party_problems(record.data, fmt):
        if name == "einvoice.endpoint":
            out.error("einvoice-endpoint", message, ("einvoice", "endpoint"))
        else:
            out.error("einvoice-customer", message, tuple(name.split(".")))


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
    rules=(customer_identifiers, customer_einvoice),
)
