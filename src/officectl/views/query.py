"""Selecting records of one kind: conditions, sort order and columns (``officectl list``).

A *condition* is ``FIELD OP VALUE`` with OP one of ``=``, ``!=``, ``<``, ``<=``,
``>``, ``>=`` or ``~`` (contains, ignoring case). ``=`` compares the value with the
field's text form (see :mod:`officectl.tabular`), except that numbers compare as
numbers (``amount=672000`` matches ``672000.00``); the order operators compare numbers,
dates and text by their own order. Through a list a condition holds when any item
matches (``tags=retainer``); an absent field has the text form "" (``account_manager=``
finds customers without one). Conditions are all required (AND).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from officectl.errors import UsageError
from officectl.model import kind_named
from officectl.records import Record
from officectl.repository import Repository
from officectl.schema import Kind
from officectl.tabular import ViewColumn, ViewTable, text_form
from officectl.views.fields import FieldRef, public_data, resolve

_CONDITION = re.compile(r"\s*([A-Za-z_][\w.]*)\s*(!=|<=|>=|=|<|>|~)(.*)", re.DOTALL)
_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


@dataclass(frozen=True)
class Condition:
    field: FieldRef
    op: str
    text: str
    operand: Any
    """The text parsed by the field's type (Decimal, date) or None when it does not parse."""

    def matches(self, record: Record, repo: Repository) -> bool:
        values = self.field.values(record, repo)
        if self.op == "!=":
            return not self._equal_any(values)
        if self.op == "=":
            return self._equal_any(values)
        if self.op == "~":
            wanted = self.text.casefold()
            return any(wanted in text_form(v).casefold() for v in values or [""])
        compare = _ORDER[self.op]
        return any(
            compare(_typed(self.field, v), self.operand)
            for v in values
            if _typed(self.field, v) is not None
        )

    def _equal_any(self, values: list[Any]) -> bool:
        if not values:
            return self.text == ""
        if self.operand is not None and self.field.type == "decimal":
            return any(_typed(self.field, v) == self.operand for v in values)
        wanted = self.operand if self.field.type == "bool" else self.text
        return any(text_form(v) == wanted for v in values)


def parse_condition(kind: Kind, text: str, *, show_sensitive: bool = False) -> Condition:
    match = _CONDITION.fullmatch(text)
    if match is None:
        raise UsageError(
            f"--where {text!r} is not FIELD=VALUE",
            hint="operators: = != < <= > >= ~ (contains), e.g. --where address.country=FI",
        )
    path, op, value = match.groups()
    field = resolve(kind, path, show_sensitive=show_sensitive)
    operand = _parse(field, value)
    if op in _ORDER and operand is None:
        expected = {"decimal": "a number", "date": "a date (YYYY-MM-DD)"}.get(field.type, "a value")
        raise UsageError(f"--where {text!r}: {op} needs {expected}, not {value!r}")
    return Condition(field, op, value, operand)


def _parse(field: FieldRef, text: str) -> Any:
    if field.type == "decimal":
        try:
            number = Decimal(text.strip())
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    if field.type == "date":
        try:
            return date.fromisoformat(text.strip())
        except ValueError:
            return None
    return text if field.type in ("str", "any") else text.strip().lower()


def _typed(field: FieldRef, value: Any) -> Any:
    """A value in the order its field compares by; None when it is not comparable."""
    if field.type == "decimal":
        is_number = isinstance(value, Decimal | int) and not isinstance(value, bool)
        return Decimal(value) if is_number else None
    if field.type == "date":
        return value if isinstance(value, date) else None
    return text_form(value)


@dataclass(frozen=True)
class SortKey:
    field: FieldRef
    descending: bool = False


def parse_sort(kind: Kind, text: str, *, show_sensitive: bool = False) -> SortKey:
    descending = text.startswith("-")
    return SortKey(resolve(kind, text.lstrip("-"), show_sensitive=show_sensitive), descending)


def sort_records(
    records: Iterable[Record], keys: Sequence[SortKey], repo: Repository
) -> list[Record]:
    """Sorted by the keys (then by ID); records without a value come last either way."""
    ordered = sorted(records, key=lambda r: r.id)
    for key in reversed(keys):
        typed = {r.id: _sort_value(key.field, r, repo) for r in ordered}
        present = [r for r in ordered if typed[r.id] is not None]
        present.sort(key=lambda r: typed[r.id], reverse=key.descending)
        ordered = present + [r for r in ordered if typed[r.id] is None]
    return ordered


def _sort_value(field: FieldRef, record: Record, repo: Repository) -> Any:
    values = field.values(record, repo)
    return _typed(field, values[0]) if values else None


@dataclass(frozen=True)
class Query:
    """What ``list`` was asked for, parsed and checked against the kind's fields."""

    kind: Kind
    conditions: tuple[Condition, ...] = ()
    sort: tuple[SortKey, ...] = ()
    columns: tuple[FieldRef, ...] | None = None
    """None: the kind's default columns, and JSON shows whole records."""
    show_sensitive: bool = False

    def select(self, repo: Repository) -> list[Record]:
        chosen = [
            r
            for r in repo.of_kind(self.kind.name)
            if r.readable and all(c.matches(r, repo) for c in self.conditions)
        ]
        return sort_records(chosen, self.sort, repo)

    def table(self, repo: Repository, records: Sequence[Record]) -> ViewTable:
        fields = self.columns or tuple(resolve(self.kind, path) for path in self.kind.columns)
        rows = [{f.path: f.value(r, repo) for f in fields} for r in records]
        if self.columns is not None:
            document: list[dict[str, Any]] = rows
        else:
            document = [
                {"id": r.id, **public_data(self.kind, r.data, show_sensitive=self.show_sensitive)}
                for r in records
            ]
        return ViewTable(tuple(ViewColumn(f.path) for f in fields), rows, document=document)


def parse_query(
    kinds: dict[str, Kind],
    kind_name: str,
    *,
    where: Sequence[str] = (),
    sort: Sequence[str] = (),
    columns: str | None = None,
    show_sensitive: bool = False,
) -> Query:
    kind = kind_named(kind_name, kinds)
    conditions = tuple(parse_condition(kind, w, show_sensitive=show_sensitive) for w in where)
    keys = tuple(parse_sort(kind, s, show_sensitive=show_sensitive) for s in sort)
    chosen = None
    if columns is not None:
        names = [name.strip() for name in columns.split(",") if name.strip()]
        if not names:
            raise UsageError("--columns names no field", hint="e.g. --columns id,name,country")
        chosen = tuple(resolve(kind, name, show_sensitive=show_sensitive) for name in names)
    return Query(kind, conditions, keys, chosen, show_sensitive)
