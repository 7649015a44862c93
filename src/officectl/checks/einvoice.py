"""E-invoices: what a Peppol or ISDOC file needs that the records lack.

Checked for the customers that set ``einvoice:`` (and their invoices) on every run, so
a company that sends no e-invoices sees nothing new; ``validate --einvoice`` checks
every customer with invoices, and every issued invoice, as if each received one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING

from officectl.einvoice.needs import (
    buyer_problems,
    einvoice_buyer_needs,
    einvoice_lines,
    format_for,
    party_problems,
)
from officectl.problems import Problem, error
from officectl.records import Record
from officectl.rules import Links, repo_rule

if TYPE_CHECKING:
    from officectl.repository import Repository


@repo_rule(
    "einvoice-invoices",
    codes=("einvoice-unit", "einvoice-exemption", "einvoice-customer"),
    reads={
        "invoices": ("customer", "einvoice_lines", "einvoice_buyer_needs"),
        "customers": ("einvoice", "vat_id", "company_id"),
    },
    involves=(Links(),),
)
def einvoice_invoices(repo: Repository, today: date) -> Iterator[Problem]:
    """The invoices of customers that set ``einvoice:``: units with a code, 0 % lines
    with an exemption code an e-invoice can state beside the others, and the customer
    identifiers their VAT category needs."""
    for invoice in repo.of_kind("invoices"):
        customer = repo.linked(invoice, "customer", "customers")
        if customer is not None and isinstance(customer.get("einvoice"), dict):
            yield from _line_findings(invoice, customer)


def _line_findings(invoice: Record, customer: Record) -> Iterator[Problem]:
    for field, message in einvoice_lines(invoice):
        if field[-1] == "unit":
            yield error(invoice.path, "einvoice-unit", message, record=invoice.id, field=field)
        else:
            yield error(invoice.path, "einvoice-exemption", message, record=invoice.id, field=field)
    for field, message in buyer_problems(einvoice_buyer_needs(invoice), customer):
        yield error(invoice.path, "einvoice-customer", message, record=invoice.id, field=field)


def every_einvoice_problem(repo: Repository) -> Iterable[Problem]:
    """``validate --einvoice``: every customer with an issued invoice and every issued
    invoice, as if each were sent as an e-invoice in its customer's format."""
    from officectl.model.invoice import is_draft

    customers: dict[str, Record] = {}
    for invoice in repo.of_kind("invoices"):
        if is_draft(invoice.id) or invoice.get("status") == "draft":
            continue
        customer = repo.linked(invoice, "customer", "customers")
        if customer is not None and not isinstance(customer.get("einvoice"), dict):
            customers[customer.id] = customer
            yield from _line_findings(invoice, customer)
    country = repo.config.company_country
    for customer in customers.values():
        fmt = format_for(country, customer.data)
        for name, message in party_problems(customer.data, fmt):
            field = tuple(name.split("."))
            if name == "einvoice.endpoint":
                yield error(
                    customer.path, "einvoice-endpoint", message, record=customer.id, field=field
                )
            else:
                yield error(
                    customer.path, "einvoice-customer", message, record=customer.id, field=field
                )
