"""VAT treatment across records: the cases where the VAT charged (or not charged)
looks wrong for the customer. Why a line carries no VAT, its unit code and the tax
document's date are the invoice kind's own rules (``model/invoice.py``).

The rules cite the law they follow; a case the law allows but that is usually a
mistake is a warning, so that ``--strict`` makes a reviewer look at it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from officectl.codes import EU_COUNTRIES
from officectl.identifiers import vat_id_problem
from officectl.model.invoice import invoice_vat
from officectl.problems import Problem, warning
from officectl.records import Record
from officectl.rules import Links, repo_rule

if TYPE_CHECKING:
    from officectl.repository import Repository


@repo_rule(
    "eu-business-charged-vat",
    codes=("vat-charged-eu-business",),
    reads={
        "invoices": ("reverse_charge", "customer", "vat"),
        "customers": ("country", "vat_id", "type"),
    },
    involves=(Links(),),
)
def eu_business_charged_vat(repo: Repository, today: date) -> Iterator[Problem]:
    """Domestic VAT charged to a VAT-registered business in another member state: a
    service to it is usually taxed where the customer is, by the customer (Art. 44 and
    196 of Directive 2006/112/EC), and goods sent to it are an exempt intra-Community
    supply (Art. 138). A warning: some services (land, events, transport) stay taxed
    where they happen."""
    home = repo.config.company_country
    if home not in EU_COUNTRIES:
        return
    eu_business: dict[str, bool] = {}  # per customer, not per invoice: a VAT ID check each
    for invoice in repo.of_kind("invoices"):
        if invoice.data.get("reverse_charge") is True or not invoice.readable:
            continue
        customer = repo.linked(invoice, "customer", "customers")
        if customer is None:
            continue
        business = eu_business.get(customer.id)
        if business is None:
            business = eu_business[customer.id] = _eu_business(customer, home)
        if not business or invoice_vat(invoice) == 0:
            continue
        yield warning(
            invoice.path,
            "vat-charged-eu-business",
            f"VAT charged to "
            f"{customer.id}, a VAT-registered business in {customer.get('country')}"
            f" ({customer.get('vat_id')}): a service to it is usually reverse "
            "charge (Art. 196 of Directive 2006/112/EC; set reverse_charge: true "
            "and vat_rate 0) and goods an intra-Community supply (VATEX-EU-IC)",
            record=invoice.id,
            field=("customer",),
        )


def _eu_business(customer: Record, home: str) -> bool:
    """A business registered for VAT in another member state (a VAT ID that is not valid
    for its country is reported as invalid-vat-id, not judged here)."""
    country, vat_id = customer.get("country"), customer.get("vat_id")
    return (
        country in EU_COUNTRIES
        and country != home
        and bool(vat_id)
        and customer.get("type") != "person"
        and vat_id_problem(vat_id, country) is None
    )


@repo_rule(
    "reverse-charge-outside-eu",
    codes=("reverse-charge-outside-eu",),
    reads={"invoices": ("reverse_charge", "customer"), "customers": ("country",)},
    involves=(Links(),),
)
def reverse_charge_outside_eu(repo: Repository, today: date) -> Iterator[Problem]:
    """Reverse charge under Art. 196 of Directive 2006/112/EC moves the VAT to a customer
    in another member state; for a customer outside the EU the supply is outside the
    scope of EU VAT (an export of services, or goods exported): a 0 % line with
    ``vat_exemption: VATEX-EU-O`` (or ``VATEX-EU-G`` for goods) instead."""
    if repo.config.company_country not in EU_COUNTRIES:
        return
    for invoice in repo.of_kind("invoices"):
        if invoice.data.get("reverse_charge") is not True:
            continue
        customer = repo.linked(invoice, "customer", "customers")
        country = customer.get("country") if customer is not None else None
        if country and country not in EU_COUNTRIES:
            yield warning(
                invoice.path,
                "reverse-charge-outside-eu",
                f"reverse charge for "
                f"{customer.id if customer else ''} in {country}, outside the EU: "
                "reverse charge (Art. 196) is for customers in another member "
                "state; remove reverse_charge and give the 0 % lines vat_exemption"
                " VATEX-EU-O (services) or VATEX-EU-G (exported goods)",
                record=invoice.id,
                field=("reverse_charge",),
            )
