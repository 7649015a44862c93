"""Which records a command acts on: IDs, ``--all KIND`` and ``--where FIELD=VALUE``.

``--where`` compares a field's value as the YAML file spells it: dates as
``2026-11-02``, amounts as numbers (``28000`` matches ``28000.00``), booleans as
``true``/``false``; a dotted name reaches into a mapping (``address.country=CZ``);
on a list it matches any item (``tags=retainer``). Conditions combine with *and*.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from officectl.errors import RecordError, UsageError
from officectl.model import resolve_kind_name
from officectl.records import Record
from officectl.repository import Repository

Condition = tuple[tuple[str, ...], str]


def parse_where(kinds: Iterable[str], items: Sequence[str], repo: Repository,
                ) -> list[Condition]:
    """``FIELD=VALUE`` texts → conditions, the field checked against the kinds' fields."""
    known = {f.name for kind in kinds for f in repo.config.kinds[kind].fields} | {"id"}
    conditions = []
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise UsageError(f"--where {item!r}: expected FIELD=VALUE")
        path = tuple(name.strip().split("."))
        if path[0] not in known:
            close = difflib.get_close_matches(path[0], sorted(known), n=1)
            raise UsageError(f"--where: no field {path[0]!r}",
                             hint=f"did you mean {close[0]!r}?" if close else None)
        conditions.append((path, value.strip()))
    return conditions


def select(repo: Repository, ids: Sequence[str], all_kind: str | None,
           where: Sequence[str]) -> list[Record]:
    """The records named by ``ids`` and ``--all``, in order, then filtered by ``where``."""
    chosen: dict[str, Record] = {}
    for record_id in ids:
        record = repo.records.get(record_id)
        if record is None:
            close = difflib.get_close_matches(record_id, list(repo.records), n=1)
            raise UsageError(f"no record {record_id!r}",
                             hint=f"did you mean {close[0]}?" if close else None)
        chosen[record.id] = record
    if all_kind is not None:
        kind = resolve_kind_name(all_kind)
        if kind is None:
            raise UsageError(f"--all: unknown kind {all_kind!r}",
                             hint=f"kinds: {', '.join(repo.config.kinds)}")
        for record in sorted(repo.of_kind(kind), key=lambda r: r.id):
            chosen.setdefault(record.id, record)
    if not chosen:
        raise UsageError("name record IDs or pass --all KIND")
    records = list(chosen.values())
    conditions = parse_where({r.kind for r in records}, where, repo)
    for record in records:
        if not record.readable:
            raise RecordError(f"{record.path}: cannot be read",
                              hint="run 'officectl validate' to see why")
    return [r for r in records if all(matches(r, c) for c in conditions)]


def matches(record: Record, condition: Condition) -> bool:
    path, expected = condition
    value: Any = {**record.data, "id": record.id}
    for name in path:
        if not isinstance(value, dict) or name not in value:
            return False
        value = value[name]
    values = value if isinstance(value, list) else [value]
    return any(_equal(v, expected) for v in values)


def _equal(value: Any, expected: str) -> bool:
    if isinstance(value, bool):
        return expected.lower() == str(value).lower()
    if isinstance(value, Decimal | int):
        try:
            return Decimal(value) == Decimal(expected)
        except InvalidOperation:
            return False
    if isinstance(value, date):
        return value.isoformat() == expected
    return str(value) == expected
