"""Every rule reads only what it declares, and the warm run trusts the declarations.

A warm ``validate`` keeps the repository rules' last findings after an edit to fields
no repository rule declares it reads (``UNSEEN_BY_REPO_RULES``, officectl.incremental),
and ``--changed-since`` follows the relations the rules declare. A rule that starts
reading a field it does not declare must fail here, not give stale results.
"""

from __future__ import annotations

import inspect
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import PROJECT, benchmark_generator
from officectl.checks import (
    RECORD_RULES,
    REPO_RULES,
    UNSEEN_BY_REPO_RULES,
    declared_reads,
    read_by_repo_rules,
    repo_rule_view,
)
from officectl.checks.references import ref_fields
from officectl.config import Config, load_config
from officectl.model import KINDS
from officectl.records import Record
from officectl.repository import Repository
from officectl.rules import UNIQUE, Rule
from officectl.schema import Collector
from officectl.validation import load_repository

WHOLE = "<every field>"


class Watch:
    """Who is reading now, and what each rule read of each kind."""

    def __init__(self) -> None:
        self.rule = "(none)"
        self.reads: dict[tuple[str, str], set[str]] = {}

    def read(self, kind: str, name: str) -> None:
        self.reads.setdefault((self.rule, kind), set()).add(name)


class WatchedData(dict[str, Any]):
    """A record's data (or derived values) that tells the watch which top-level names
    were asked for."""

    def __init__(self, data: dict[str, Any], watch: Watch, kind: str) -> None:
        super().__init__(data)
        self.watch, self.kind = watch, kind

    def get(self, key: str, default: Any = None) -> Any:
        self.watch.read(self.kind, key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> Any:
        self.watch.read(self.kind, key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self.watch.read(self.kind, str(key))
        return super().__contains__(key)

    def _everything(self) -> None:
        self.watch.read(self.kind, WHOLE)

    def keys(self) -> Any:
        self._everything()
        return super().keys()

    def values(self) -> Any:
        self._everything()
        return super().values()

    def items(self) -> Any:
        self._everything()
        return super().items()

    def __iter__(self) -> Any:
        self._everything()
        return super().__iter__()


def _watched(record: Record, watch: Watch) -> Record:
    return Record(
        record.kind,
        record.id,
        record.path,
        WatchedData(record.data, watch, record.kind),
        record.readable,
        WatchedData(record.derived, watch, record.kind),
    )


def _declared(rule: Rule, kind: str, config: Config) -> set[str]:
    """What the rule declares, as the warm run reads the declaration: it runs a rule
    again only after an edit to one of these (officectl.incremental)."""
    return set(declared_reads(rule, config.kinds[kind]))


def _undeclared(watch: Watch, rules: dict[str, Rule], config: Config) -> list[str]:
    return [
        f"rule {name} reads {sorted(names - _declared(rules[name], kind, config))} of "
        f"{kind} without declaring it (add them to its reads=)"
        for (name, kind), names in sorted(watch.reads.items())
        if names - _declared(rules[name], kind, config)
    ]


def _generated(tmp_path: Path) -> Path:
    benchmark_generator().generate(tmp_path / "generated", 300)
    return tmp_path / "generated"


@pytest.fixture(params=["sample", "broken-books", "generated"])
def repository(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    if request.param == "sample":
        return PROJECT
    if request.param == "broken-books":
        return PROJECT / "tests/cases/broken-books"
    return _generated(tmp_path)


@pytest.mark.parametrize("today", [date(2026, 11, 25), date(2031, 1, 1), date(2020, 1, 1)])
def test_every_repository_rule_reads_only_what_it_declares(repository: Path, today: date) -> None:
    config = load_config(repository)
    loaded, _ = load_repository(config)
    watch = Watch()
    repo = Repository(
        config, [_watched(r, watch) for r in [*loaded.records.values(), *loaded.duplicates]]
    )
    problems = []
    for rule in REPO_RULES:
        watch.rule = rule.id
        problems += list(rule(repo, today))
    assert _undeclared(watch, {rule.id: rule for rule in REPO_RULES}, config) == []
    for (_, kind), names in watch.reads.items():
        assert not names & UNSEEN_BY_REPO_RULES.get(kind, frozenset()), kind
    if repository.name == "broken-books":
        assert problems  # the rules did run, through their error branches too
        reading = {
            rule.id
            for rule in REPO_RULES  # (no defined kind has unique: there)
            if any(set(names) - {UNIQUE} for names in rule.reads.values())
        }
        assert {rule for rule, _ in watch.reads} == reading  # and the watch saw them read


def test_every_record_rule_reads_only_what_it_declares(repository: Path) -> None:
    config = load_config(repository)
    loaded, _ = load_repository(config)
    watch = Watch()
    for record in [*loaded.records.values(), *loaded.duplicates]:
        for rule in RECORD_RULES:
            if record.readable and rule.applies_to(record.kind):
                watch.rule = rule.id
                rule(_watched(record, watch), config, Collector(record.path, record.id))
    assert _undeclared(watch, {rule.id: rule for rule in RECORD_RULES}, config) == []
    assert {rule for rule, _ in watch.reads} == {rule.id for rule in RECORD_RULES}


def test_an_undeclared_read_fails_the_watch() -> None:
    """The watch itself: a rule reading a field it did not declare is named."""
    config = load_config(PROJECT)
    sneaky = Rule("sneaky", (), {"invoices": frozenset({"status"})}, "")
    watch = Watch()
    watch.rule = "sneaky"
    record = _watched(
        Record("invoices", "INV-2026-0001", "x.yaml", {"status": "paid", "notes": "n"}), watch
    )
    record.get("status"), record.get("notes")
    assert _undeclared(watch, {"sneaky": sneaky}, config) == [
        "rule sneaky reads ['notes'] of invoices without declaring it (add them to its reads=)"
    ]


def test_unseen_fields_are_the_fields_no_rule_declares() -> None:
    for name, kind in KINDS.items():
        fields = {spec.name for spec in kind.fields}
        assert UNSEEN_BY_REPO_RULES[name] == fields - read_by_repo_rules(name), name
    assert {"notes", "meta", "lines", "payments"} <= UNSEEN_BY_REPO_RULES["invoices"]


def test_no_rule_names_an_unseen_field() -> None:
    """The watch above sees only the branches its data reaches; the rules' own text
    must not read a field that is unseen in every kind that has it either."""
    unseen = {
        name
        for fields in UNSEEN_BY_REPO_RULES.values()
        for name in fields
        if all(
            name in UNSEEN_BY_REPO_RULES.get(kind.name, ())
            for kind in KINDS.values()
            if name in {spec.name for spec in kind.fields}
        )
    }
    assert {"notes", "meta", "lines", "payments", "title"} <= unseen
    for rule in REPO_RULES:
        source = inspect.getsource(rule.check)
        named = {
            name
            for name in unseen
            if re.search(rf'\.get\(\s*"{name}"|\[\s*"{name}"\s*\]|"{name}"\s+(not\s+)?in\b', source)
        }
        assert not named, f"{rule.id} reads {named}"


def test_unseen_fields_exist() -> None:
    for kind, fields in UNSEEN_BY_REPO_RULES.items():
        assert fields <= {spec.name for spec in KINDS[kind].fields}, kind


def test_references_are_always_seen() -> None:
    for kind in KINDS.values():
        refs = {str(path[0]) for path, _ in ref_fields(kind)}
        assert not refs & UNSEEN_BY_REPO_RULES.get(kind.name, frozenset()), kind.name


def test_the_view_leaves_out_only_unseen_fields() -> None:
    record = Record(
        "invoices",
        "INV-2026-0001",
        "records/invoices/INV-2026-0001.yaml",
        {"customer": "CUS-0001", "notes": "call first", "status": "issued"},
    )
    same = Record(record.kind, record.id, record.path, {**record.data, "notes": "changed"})
    paid = Record(record.kind, record.id, record.path, {**record.data, "status": "paid"})
    assert repo_rule_view(record) == repo_rule_view(same)
    assert repo_rule_view(record) != repo_rule_view(paid)
    assert repo_rule_view(record) != repo_rule_view(
        Record(record.kind, record.id, record.path, record.data, readable=False)
    )
    from decimal import Decimal

    one = Record(
        record.kind,
        record.id,
        record.path,
        record.data,
        derived={"total": Decimal("1.0"), "paid": Decimal(0), "total_known": True},
    )
    other = Record(
        one.kind, one.id, one.path, one.data, derived={**one.derived, "total": Decimal("1.00")}
    )
    assert repo_rule_view(one) != repo_rule_view(other)  # equal numbers, printed apart
