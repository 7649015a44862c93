"""Customers and staff across records: one VAT ID each, unique e-mails, manager cycles,
departed owners. A customer's or a person's own fields are checked by its kind
(``model/customer.py``, ``model/staff.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from officectl.model import KINDS
from officectl.model.deal import CLOSED_STAGES as CLOSED
from officectl.problems import Problem, error, warning
from officectl.records import Record
from officectl.rules import Chain, Links, SameValue, repo_rule

if TYPE_CHECKING:
    from officectl.repository import Repository


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
