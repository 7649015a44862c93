"""A rule is an object that declares what it reads.

There are two shapes of rule. A *record rule* looks at one record and the
configuration only, so its result depends on the file's bytes alone and can be cached
per file. A *repository rule* looks across records (references, numbering, balances)
or at the date; a warm ``validate`` runs it again only when a file changed in a way
it can see.

Each rule says, next to its code:

- ``id``: its name in the README's rule table;
- ``codes``: the problem codes it can emit (all in :mod:`officectl.problem_codes`);
- ``reads``: per kind (``"*"``: any kind), the fields of ``Record.data`` and the
  values of ``Record.derived`` it looks at; :data:`REFERENCES` stands for every
  reference field of the kind. From these, :mod:`officectl.checks` derives the fields
  no repository rule sees (the warm run's shortcut), and a test watches every rule's
  reads against them;
- ``involves`` (repository rules): how it brings records together, which decides
  what else a change puts in ``validate --changed-since``'s scope
  (:mod:`officectl.changes`);
- its docstring, which is its documentation.

Write a rule with :func:`record_rule` or :func:`repo_rule` over its check function.
A record rule of one built-in kind lives with that kind (``model/<kind>.py``), and the
kind lists it (``Kind(..., rules=(...))``); a repository rule lives in ``checks/`` and
is listed in ``REPO_RULES`` (:mod:`officectl.checks`)::

    @repo_rule("reverse-charge-customer", codes=("reverse-charge-no-vat-id",),
               reads={"invoices": ("reverse_charge", "customer"),
                      "customers": ("vat_id",)},
               involves=(Links(),))
    def reverse_charge_customer(repo: Repository, today: date) -> Iterator[Problem]:
        '''Reverse charge moves the VAT to a customer who is registered for it …'''

tests/test_rules_registry.py fails for a registered rule without declarations, with
codes it does not declare, or while the README's rule table is not regenerated.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from officectl.problems import Problem
from officectl.records import Record
from officectl.schema import Collector

if TYPE_CHECKING:
    from officectl.config import Config
    from officectl.repository import Repository

RecordCheck = Callable[[Record, "Config", Collector], None]
RepoCheck = Callable[["Repository", date], Iterable[Problem]]

ANY_KIND = "*"
"""The ``reads`` key for what a rule reads of every kind, built-in or defined."""
REFERENCES = "<references>"
"""In ``reads``: every reference field of the kind (nested ones too)."""
UNIQUE = "<unique>"
"""In ``reads``: the fields a defined kind's ``unique:`` names."""


@dataclass(frozen=True)
class Links:
    """The rule compares a record with the records it references and that reference it."""


@dataclass(frozen=True)
class SameId:
    """The rule compares records whose IDs share ``key(id)`` (None: the record takes no
    part), e.g. the same ID, or the same year of issued invoice numbers."""

    kind: str
    key: Callable[[str], str | None]


@dataclass(frozen=True)
class SameValue:
    """The rule compares the records of ``kind`` whose ``field`` holds the same text
    (compared without case and spaces), e.g. two customers with one VAT ID."""

    kind: str
    field: str
    derive: Callable[[Record], list[str]] | None = None
    """Where the values are not one field's text: the record's values to compare
    (e.g. the bank entries of an invoice's payments)."""


@dataclass(frozen=True)
class Chain:
    """The rule follows ``field`` from a record of ``kind`` to another of the same kind,
    and on (a manager's manager)."""

    kind: str
    field: str


@dataclass(frozen=True)
class File:
    """The rule looks at the file that ``field`` of a record of ``kind`` names."""

    kind: str
    field: str


Relation = Links | SameId | SameValue | Chain | File


@dataclass(frozen=True, eq=False)
class Rule:
    """What every rule declares (see the module docstring). Each rule is one object,
    compared by identity: a kind lists its record rules, and a kind is hashed."""

    id: str
    codes: tuple[str, ...]
    reads: Mapping[str, frozenset[str]]
    doc: str

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds the rule involves (``"*"``: every kind)."""
        return tuple(self.reads)

    def reads_of(self, kind: str) -> frozenset[str]:
        """The fields and derived values the rule may read of a record of ``kind``."""
        return self.reads.get(kind, frozenset()) | self.reads.get(ANY_KIND, frozenset())

    @property
    def summary(self) -> str:
        """The docstring's first paragraph, on one line: the README's rule table."""
        return " ".join(self.doc.split("\n\n")[0].split())

    def applies_to(self, kind: str) -> bool:
        return kind in self.reads or ANY_KIND in self.reads

    def __reduce__(self) -> tuple[Callable[[str, str], Rule], tuple[str, str]]:
        """Pickled by reference, as a function is: the rule its check's module names
        (the decorator put it in place of the function). A kind, which lists its
        record rules, pickles with them."""
        check = self.check  # type: ignore[attr-defined]
        return (rule_named, (check.__module__, check.__name__))


def rule_named(module: str, name: str) -> Rule:
    """The rule ``name`` of ``module`` (see :meth:`Rule.__reduce__`)."""
    rule = getattr(importlib.import_module(module), name)
    if not isinstance(rule, Rule):
        raise TypeError(f"{module}.{name} is no rule")
    return rule


@dataclass(frozen=True, eq=False)
class RecordRule(Rule):
    """A rule over one record and the configuration."""

    check: RecordCheck

    def __call__(self, record: Record, config: Config, out: Collector) -> None:
        self.check(record, config, out)


@dataclass(frozen=True, eq=False)
class RepoRule(Rule):
    """A rule over the whole repository on a given day."""

    check: RepoCheck
    involves: tuple[Relation, ...] = ()

    def __call__(self, repo: Repository, today: date) -> Iterable[Problem]:
        return self.check(repo, today)


Reads = Mapping[str, Iterable[str]]


def _reads(reads: Reads) -> dict[str, frozenset[str]]:
    return {kind: frozenset(names) for kind, names in reads.items()}


def _doc(function: Callable[..., object]) -> str:
    return inspect.cleandoc(function.__doc__ or "")


def record_rule(
    id: str,
    *,
    codes: Iterable[str],
    reads: Reads,
) -> Callable[[RecordCheck], RecordRule]:
    """Declare a record rule over its check function (whose docstring documents it)."""

    def declare(check: RecordCheck) -> RecordRule:
        return RecordRule(id, tuple(codes), _reads(reads), _doc(check), check)

    return declare


def repo_rule(
    id: str, *, codes: Iterable[str], reads: Reads, involves: Iterable[Relation] = ()
) -> Callable[[RepoCheck], RepoRule]:
    """Declare a repository rule over its check function (whose docstring documents it)."""

    def declare(check: RepoCheck) -> RepoRule:
        return RepoRule(id, tuple(codes), _reads(reads), _doc(check), check, tuple(involves))

    return declare
