"""Customers and staff: identifiers, unique e-mails, manager cycles, departed owners."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from officectl.checks.base import Chain, Links, SameValue, record_rule, repo_rule
from officectl.config import Config
from officectl.identifiers import company_id_problem, vat_id_problem
from officectl.model import KINDS
from officectl.model.deal import CLOSED_STAGES as CLOSED
from officectl.problems import Problem, error, warning
from officectl.records import Record
from officectl.schema import Collector

if TYPE_CHECKING:
    from officectl.repository import Repository


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


@record_rule("staff-dates", codes=("date-order",), reads={"staff": ("start_date", "end_date")})
def staff_dates(record: Record, config: Config, out: Collector) -> None:
    """A person leaves (``end_date``) no earlier than they started."""
    start, end = record.get("start_date"), record.get("end_date")
    if start and end and end < start:
        out.error("date-order", f"end_date {end} is before start_date {start}", ("end_date",))


@repo_rule(
    "duplicate-vat-ids",
    codes=("duplicate-vat-id",),
    reads={"customers": ("vat_id",)},
    involves=(SameValue("customers", "vat_id"),),
)
def duplicate_vat_ids(repo: Repository, today: date) -> Iterator[Problem]:
    """Two customers with one VAT ID are most likely one customer entered twice (warning)."""
    seen: dict[str, Record] = {}
    for customer in repo.of_kind("customers"):
        vat_id = customer.get("vat_id")
        if not vat_id:
            continue
        key = vat_id.upper().replace(" ", "")
        if key in seen:
            yield warning(
                customer.path,
                "duplicate-vat-id",
                f"vat_id {vat_id} is also {seen[key].id}'s; merge the customers or fix one",
                record=customer.id,
                field=("vat_id",),
            )
        else:
            seen[key] = customer


@repo_rule(
    "unique-staff-emails",
    codes=("duplicate-email",),
    reads={"staff": ("email",)},
    involves=(SameValue("staff", "email"),),
)
def unique_staff_emails(repo: Repository, today: date) -> Iterator[Problem]:
    """Every person has an e-mail address of their own (compared without case)."""
    seen: dict[str, Record] = {}
    for person in repo.of_kind("staff"):
        email = person.get("email")
        if not email:
            continue
        if email.lower() in seen:
            yield error(
                person.path,
                "duplicate-email",
                f"email {email} is also {seen[email.lower()].id}'s",
                record=person.id,
                field=("email",),
            )
        else:
            seen[email.lower()] = person


@repo_rule(
    "manager-cycles",
    codes=("manager-cycle",),
    reads={"staff": ("manager",)},
    involves=(Chain("staff", "manager"),),
)
def manager_cycles(repo: Repository, today: date) -> Iterator[Problem]:
    """Following managers upwards ends at someone without one, never back at the start."""
    reported: set[str] = set()
    for person in repo.of_kind("staff"):
        chain = [person.id]
        current = person.get("manager")
        while current and current not in reported:
            if current in chain:
                cycle = chain[chain.index(current) :]
                reported.update(cycle)
                # Reported once, at the first member reached: the chain may have come in
                # from someone outside the cycle, who is then not the one to blame.
                member = repo.records[cycle[0]]
                yield error(
                    member.path,
                    "manager-cycle",
                    "manager cycle: " + " → ".join([*cycle, current]),
                    record=member.id,
                    field=("manager",),
                )
                break
            chain.append(current)
            manager = repo.records.get(current)
            current = manager.get("manager") if manager and manager.kind == "staff" else None


@repo_rule(
    "departed-owners",
    codes=("owner-departed", "owner-leaves-before-close"),
    reads={
        "customers": ("account_manager",),
        "deals": ("owner", "stage", "expected_close"),
        "staff": ("end_date",),
    },
    involves=(Links(),),
)
def departed_owners(repo: Repository, today: date) -> Iterator[Problem]:
    """Warn when an owner or account manager has left, or leaves before a deal closes.

    Closed deals are history: who owned them then does not need handing over.
    """
    owned = [(c, "account_manager") for c in repo.of_kind("customers")]
    owned += [(d, "owner") for d in repo.of_kind("deals") if d.get("stage") not in CLOSED]
    for record, field in owned:
        person = repo.linked(record, field, "staff")
        end = person.get("end_date") if person else None
        if person is None or end is None:
            continue
        if end < today:
            yield warning(
                record.path,
                "owner-departed",
                f"{field} {person.id} left on {end}; "
                f"hand the {KINDS[record.kind].singular} over to someone else",
                record=record.id,
                field=(field,),
            )
        elif record.kind == "deals" and (close := record.get("expected_close")) and end < close:
            yield warning(
                record.path,
                "owner-leaves-before-close",
                f"owner {person.id} leaves on {end}, before the expected close {close}",
                record=record.id,
                field=(field,),
            )
