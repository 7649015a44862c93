"""VAT treatment: why a line carries no VAT, its unit code, and the cases where the
VAT charged (or not charged) looks wrong for the customer or the dates.

The rules cite the law they follow; a case the law allows but that is usually a
mistake is a warning, so that ``--strict`` makes a reviewer look at it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from officectl.checks.base import Links, record_rule, repo_rule
from officectl.codelists import rec20, vatex
from officectl.codes import EU_COUNTRIES
from officectl.config import Config
from officectl.identifiers import vat_id_problem
from officectl.model.invoice import invoice_vat, is_credit_note, is_draft
from officectl.problems import Problem, warning
from officectl.records import Record
from officectl.schema import Collector

if TYPE_CHECKING:
    from officectl.repository import Repository

TAX_DOCUMENT_DAYS = 15
"""CZ § 28(5) of Act 235/2004: a tax document is issued within 15 days of the taxable
supply."""
_REVERSE_CHARGE_CODES = frozenset(c for c, cat in vatex.CATEGORIES.items() if cat == "AE")


@record_rule(
    "line-codes",
    codes=(
        "unit-code-unknown",
        "vat-exemption-unknown",
        "vat-exemption-conflict",
        "vat-exemption-missing",
    ),
    reads={"invoices": ("lines", "reverse_charge")},
)
def line_codes(record: Record, config: Config, out: Collector) -> None:
    """Each line's ``vat_exemption`` and ``unit_code`` are codes of their lists, an
    exemption sits on a 0 % line only, and a 0 % line that is not reverse charge says
    why it carries no VAT (Art. 226(11) of Directive 2006/112/EC; § 29(2)(b) of the
    Czech VAT Act): a warning, so that repositories written before the field existed
    still validate."""
    reverse_charge = record.get("reverse_charge", False)
    for index, line in enumerate(record.get("lines") or ()):
        where = ("lines", index)
        unit = line.get("unit_code")
        if unit is not None and unit not in rec20.UNIT_CODES:
            out.error(
                "unit-code-unknown",
                f"unit_code {unit!r} is not a UN/ECE "
                f"Recommendation 20 code{_hint(unit, rec20.UNIT_CODES)}",
                (*where, "unit_code"),
            )
        exemption = line.get("vat_exemption")
        rate = line.get("vat_rate")
        if exemption is not None:
            _check_exemption(exemption, rate, reverse_charge, (*where, "vat_exemption"), out)
        elif rate == 0 and not reverse_charge and not out.reported((*where, "vat_exemption")):
            out.warning(
                "vat-exemption-missing",
                "a 0 % line that is not reverse charge "
                "needs its legal basis: add vat_exemption with a VATEX code "
                "(VATEX-EU-O not subject to VAT, VATEX-EU-G export, VATEX-EU-IC "
                "intra-EU supply of goods, VATEX-EU-132-… exempt …)",
                (*where, "vat_rate"),
            )


def _check_exemption(
    exemption: dict[str, Any],
    rate: Any,
    reverse_charge: bool,
    where: tuple[str | int, ...],
    out: Collector,
) -> None:
    code = exemption.get("code")
    if code is None:
        return  # reported as a missing field
    if code not in vatex.NAMES:
        out.error(
            "vat-exemption-unknown",
            f"vat_exemption {code!r} is not a VATEX code{_hint(code, vatex.NAMES)}",
            where,
        )
    elif rate is not None and rate != 0:
        out.error(
            "vat-exemption-conflict",
            f"vat_exemption {code} on a line at {rate} %: "
            "an exemption means no VAT; set vat_rate 0 or remove vat_exemption",
            where,
        )
    elif code in _REVERSE_CHARGE_CODES and not reverse_charge:
        out.error(
            "vat-exemption-conflict",
            f"vat_exemption {code} means reverse charge; "
            "set reverse_charge: true on the invoice instead",
            where,
        )


def _hint(value: str, known: Any) -> str:
    upper = value.upper()
    if upper != value and upper in known:
        return f"; did you mean {upper!r}? (codes are upper case)"
    close = difflib.get_close_matches(upper, list(known), n=1, cutoff=0.8)
    return f"; did you mean {close[0]!r}?" if close else ""


@record_rule(
    "tax-document-late",
    codes=("tax-document-late",),
    reads={"invoices": ("credit_note_for", "issue_date", "taxable_supply_date")},
)
def tax_document_late(record: Record, config: Config, out: Collector) -> None:
    """A Czech tax document is issued within 15 days of the taxable supply (§ 28(5) of
    Act 235/2004). Only for Czech companies, only for invoices: a credit note has its own
    deadline (§ 45), counted from when the reason for the correction arose."""
    if config.company_country != "CZ" or is_draft(record.id) or is_credit_note(record.data):
        return
    issued, supplied = record.get("issue_date"), record.get("taxable_supply_date")
    if not isinstance(issued, date) or not isinstance(supplied, date):
        return
    late = (issued - supplied).days
    if late > TAX_DOCUMENT_DAYS:
        out.warning(
            "tax-document-late",
            f"issued {late} days after the taxable supply on "
            f"{supplied}: a Czech tax document is due within {TAX_DOCUMENT_DAYS} "
            "days of it (§ 28(5) of the VAT Act); check the dates",
            ("issue_date",),
        )


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
    for invoice in repo.of_kind("invoices"):
        if invoice.get("reverse_charge") is True or not invoice.readable:
            continue
        customer = repo.linked(invoice, "customer", "customers")
        if customer is None or not _eu_business(customer, home) or invoice_vat(invoice) == 0:
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
        if invoice.get("reverse_charge") is not True:
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
