"""Every rule ``validate`` applies, registered here (see :mod:`officectl.rules`).

A record rule of one built-in kind lives in that kind's module and is listed by its
``Kind`` (``model/<kind>.py``); the record rules of every kind and the repository
rules live in this package, in the module of their family (or one of their own), and
are listed here. What the warm run and ``--changed-since`` need to know of the rules
is derived from their declarations.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from officectl import model
from officectl.checks import (
    deals_contracts,
    einvoice,
    identity,
    ledger,
    parties,
    references,
    vat,
)
from officectl.model import DERIVED, KINDS
from officectl.records import Record
from officectl.rules import REFERENCES, UNIQUE, RecordCheck, RecordRule, Relation, RepoRule, Rule
from officectl.schema import Kind

EVERY_KIND_RULES: tuple[RecordRule, ...] = (identity.id_format,)
"""The record rules of every kind, built-in or defined; they run first."""

RECORD_RULES: tuple[RecordRule, ...] = (
    *EVERY_KIND_RULES,
    *(rule for kind in KINDS.values() for rule in kind.rules),
)
"""Every record rule: those of every kind, then each built-in kind's own."""

REPO_RULES: tuple[RepoRule, ...] = (
    identity.unique_ids,
    identity.unique_values,
    references.references_resolve,
    parties.duplicate_vat_ids,
    parties.unique_staff_emails,
    parties.manager_cycles,
    parties.departed_owners,
    deals_contracts.won_deal_contract,
    deals_contracts.contract_customer,
    deals_contracts.active_contract_ended,
    deals_contracts.contract_documents,
    ledger.contiguous_numbers,
    ledger.linked_customers,
    ledger.credit_notes,
    ledger.cancellations,
    ledger.payments_match,
    ledger.bank_entry_once,
    ledger.reverse_charge_customer,
    vat.eu_business_charged_vat,
    vat.reverse_charge_outside_eu,
    einvoice.einvoice_invoices,
)

RULES: tuple[RecordRule | RepoRule, ...] = (*RECORD_RULES, *REPO_RULES)


def record_checks(kind: str) -> tuple[RecordCheck, ...]:
    """The check functions of the record rules for ``kind`` (built-in or defined): the
    rules of every kind, then the kind's own (``Kind.rules``, in the order it lists
    them). Called once per file, so without the rule objects in between."""
    return _checks_of(model.KINDS.get(kind))


@cache
def _checks_of(kind: Kind | None) -> tuple[RecordCheck, ...]:
    return tuple(rule.check for rule in (*EVERY_KIND_RULES, *(kind.rules if kind else ())))


def relations(rules: Iterable[RepoRule] = REPO_RULES) -> tuple[Relation, ...]:
    """How the repository rules bring records together, each relation once."""
    return tuple(dict.fromkeys(r for rule in rules for r in rule.involves))


def read_by_repo_rules(kind: str, rules: Iterable[RepoRule] = REPO_RULES) -> frozenset[str]:
    """The fields and derived values of ``kind`` some repository rule declares it reads
    (a reference field is read whenever a rule reads :data:`REFERENCES`)."""
    rules = list(rules)
    names = frozenset().union(*(rule.reads_of(kind) for rule in rules))
    if REFERENCES in names and kind in KINDS:
        from officectl.checks.references import ref_fields

        names |= {str(path[0]) for path, _ in ref_fields(KINDS[kind])}
    return names


def declared_reads(rule: Rule, kind: Kind) -> frozenset[str]:
    """The fields and derived values ``rule`` declares it reads of a record of ``kind``
    (built-in or defined), :data:`REFERENCES` and :data:`UNIQUE` spelled out as the
    kind's fields: an edit to none of them leaves the rule's findings as they were."""
    names = rule.reads_of(kind.name)
    if REFERENCES in names:
        names |= {str(path[0]) for path, _ in references.ref_fields(kind)}
    if UNIQUE in names:
        names |= set(kind.unique)
    return names


def _unseen() -> dict[str, frozenset[str]]:
    return {
        name: frozenset(spec.name for spec in kind.fields) - read_by_repo_rules(name)
        for name, kind in KINDS.items()
    }


UNSEEN_BY_REPO_RULES: dict[str, frozenset[str]] = _unseen()
"""Per built-in kind, the fields no repository rule declares it reads: an edit to only
these leaves every repository rule's findings as they were, so a warm ``validate``
need not run the rules again (:mod:`officectl.incremental`), and loads records without
them. An invoice's derived total and payments (``Record.derived``) stand in for its
lines. Fields a configuration adds, and defined kinds, are always seen.
tests/test_checks_inputs.py watches every rule's reads against its declaration."""


def seen_by_repo_rules(record: Record, *, derived: bool = False) -> Record:
    """The record as the repository rules see it: without its unseen fields. A warm
    ``validate`` loads these from the cache, not whole records: a third of the objects
    to unpickle. Its derived values (an invoice's total) stand in for the lines
    (``derived``: the per-file stage has just computed them)."""
    unseen = UNSEEN_BY_REPO_RULES.get(record.kind)
    if not unseen:
        return record
    if not derived and record.readable:
        for derive in DERIVED.get(record.kind, ()):
            derive(record)
    return Record(
        record.kind,
        record.id,
        record.path,
        {name: value for name, value in record.data.items() if name not in unseen},
        record.readable,
        record.derived,
    )


def repo_rule_view(record: Record | None) -> str:
    """All that the repository rules can see of a record, as text: two versions of a
    file with the same view give every repository rule the same findings. Text, not
    ``==``: ``Decimal("1.0") == Decimal("1.00")``, yet messages print them apart."""
    if record is None:
        return ""
    seen = seen_by_repo_rules(record)
    return repr(
        (
            seen.kind,
            seen.id,
            seen.path,
            seen.readable,
            list(seen.data.items()),
            sorted(seen.derived.items()),
        )
    )
