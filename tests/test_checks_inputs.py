"""No repository rule reads a field that ``UNSEEN_BY_REPO_RULES`` names.

A warm ``validate`` trusts that list: after an edit to only those fields it keeps the
repository rules' last findings instead of running the rules (officectl.incremental).
A rule that starts reading one of them must fail here, not give stale results.
"""

from __future__ import annotations

import importlib.util
import inspect
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import PROJECT
from officectl.checks import REPO_RULES, UNSEEN_BY_REPO_RULES, repo_rule_view
from officectl.checks.references import ref_fields
from officectl.config import load_config
from officectl.model import KINDS
from officectl.records import Record
from officectl.repository import Repository
from officectl.validation import load_repository

WHOLE = "<every field>"


class WatchedData(dict[str, Any]):
    """A record's data that remembers which top-level fields were asked for."""

    def __init__(self, data: dict[str, Any], reads: set[str]) -> None:
        super().__init__(data)
        self.reads = reads

    def get(self, key: str, default: Any = None) -> Any:
        self.reads.add(key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> Any:
        self.reads.add(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self.reads.add(str(key))
        return super().__contains__(key)

    def _everything(self) -> None:
        self.reads.add(WHOLE)

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


def _generated(tmp_path: Path) -> Path:
    spec = importlib.util.spec_from_file_location("generate", PROJECT / "benchmarks/generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate"] = module
    spec.loader.exec_module(module)
    module.generate(tmp_path / "generated", 300)
    return tmp_path / "generated"


@pytest.fixture(params=["sample", "broken-books", "generated"])
def repository(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    if request.param == "sample":
        return PROJECT
    if request.param == "broken-books":
        return PROJECT / "tests/cases/broken-books"
    return _generated(tmp_path)


@pytest.mark.parametrize("today", [date(2026, 11, 25), date(2031, 1, 1), date(2020, 1, 1)])
def test_no_rule_reads_an_unseen_field(repository: Path, today: date) -> None:
    config = load_config(repository)
    loaded, _ = load_repository(config)
    reads: dict[str, set[str]] = {kind: set() for kind in config.kinds}
    watched = [Record(r.kind, r.id, r.path, WatchedData(r.data, reads[r.kind]), r.readable,
                      r.derived) for r in [*loaded.records.values(), *loaded.duplicates]]
    repo = Repository(config, watched)
    problems = [p for rule in REPO_RULES for p in rule(repo, today)]
    for kind, fields in reads.items():
        assert WHOLE not in fields, f"a repository rule reads every field of {kind}"
        assert not fields & UNSEEN_BY_REPO_RULES.get(kind, frozenset()), kind
    if repository.name == "broken-books":
        assert problems  # the rules did run, through their error branches too


def test_no_rule_names_an_unseen_field() -> None:
    """The watch above sees only the branches its data reaches; the rules' own text
    must not read a field that is unseen in every kind that has it either."""
    unseen = {name for fields in UNSEEN_BY_REPO_RULES.values() for name in fields
              if all(name in UNSEEN_BY_REPO_RULES.get(kind.name, ()) for kind in KINDS.values()
                     if name in {spec.name for spec in kind.fields})}
    assert {"notes", "meta", "lines", "payments", "title"} <= unseen
    for rule in REPO_RULES:
        source = inspect.getsource(rule)
        named = {name for name in unseen if re.search(
            rf'\.get\(\s*"{name}"|\[\s*"{name}"\s*\]|"{name}"\s+(not\s+)?in\b', source)}
        assert not named, f"{rule.__name__} reads {named}"


def test_unseen_fields_exist() -> None:
    for kind, fields in UNSEEN_BY_REPO_RULES.items():
        assert fields <= {spec.name for spec in KINDS[kind].fields}, kind


def test_references_are_always_seen() -> None:
    for kind in KINDS.values():
        refs = {str(path[0]) for path, _ in ref_fields(kind)}
        assert not refs & UNSEEN_BY_REPO_RULES.get(kind.name, frozenset()), kind.name


def test_the_view_leaves_out_only_unseen_fields() -> None:
    record = Record("invoices", "INV-2026-0001", "records/invoices/INV-2026-0001.yaml",
                    {"customer": "CUS-0001", "notes": "call first", "status": "issued"})
    same = Record(record.kind, record.id, record.path, {**record.data, "notes": "changed"})
    paid = Record(record.kind, record.id, record.path, {**record.data, "status": "paid"})
    assert repo_rule_view(record) == repo_rule_view(same)
    assert repo_rule_view(record) != repo_rule_view(paid)
    assert repo_rule_view(record) != repo_rule_view(
        Record(record.kind, record.id, record.path, record.data, readable=False))
    from decimal import Decimal

    one = Record(record.kind, record.id, record.path, record.data,
                 derived={"total": Decimal("1.0"), "paid": Decimal(0), "total_known": True})
    other = Record(one.kind, one.id, one.path, one.data,
                   derived={**one.derived, "total": Decimal("1.00")})
    assert repo_rule_view(one) != repo_rule_view(other)  # equal numbers, printed apart
