"""Every reference resolves to a record of the right kind."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from officectl.model import kind_of_id
from officectl.problems import FieldPath, Problem, error
from officectl.rules import ANY_KIND, REFERENCES, Links, repo_rule
from officectl.schema import Field, Kind

if TYPE_CHECKING:
    from officectl.records import Record
    from officectl.repository import Repository


@cache
def ref_fields(kind: Kind) -> tuple[tuple[FieldPath, str], ...]:
    """(field path pattern, target kind) of every ref in a kind; ``-1`` stands for any index."""
    return tuple(_walk(kind.fields, ()))


def _walk(fields: Iterable[Field], prefix: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    for spec in fields:
        yield from _walk_one(spec, (*prefix, spec.name))


def _walk_one(spec: Field, where: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    if spec.type == "ref" and spec.ref:
        yield where, spec.ref
    elif spec.type == "map":
        yield from _walk(spec.fields, where)
    elif spec.type == "list" and spec.items is not None:
        yield from _walk_one(spec.items, (*where, -1))


def values_at(
    data: Any, pattern: FieldPath, where: FieldPath = ()
) -> Iterator[tuple[FieldPath, Any]]:
    """The values a field path pattern selects, with their concrete paths."""
    if not pattern:
        yield where, data
        return
    step, rest = pattern[0], pattern[1:]
    if step == -1 and isinstance(data, list):
        for index, item in enumerate(data):
            yield from values_at(item, rest, (*where, index))
    elif isinstance(step, str) and isinstance(data, dict) and step in data:
        yield from values_at(data[step], rest, (*where, step))


@repo_rule(
    "references-resolve",
    codes=("ref-missing", "ref-wrong-kind"),
    reads={ANY_KIND: (REFERENCES,)},
    involves=(Links(),),
)
def references_resolve(repo: Repository, today: date) -> Iterator[Problem]:
    """Every reference, nested ones too, names an existing record of the kind the field
    wants."""
    records = repo.records
    # Per kind: its top-level refs (most of them: looked up without a generator), and
    # the refs inside maps and lists.
    top: dict[str, list[tuple[str, FieldPath, str]]] = {}
    nested: dict[str, list[tuple[FieldPath, str]]] = {}
    for name, kind in repo.config.kinds.items():
        fields = ref_fields(kind)
        top[name] = [(p[0], p, k) for p, k in fields if len(p) == 1 and isinstance(p[0], str)]
        nested[name] = [(p, k) for p, k in fields if len(p) != 1 or not isinstance(p[0], str)]
    for record in repo.all():
        data = record.data
        for field, where, target_kind in top[record.kind]:
            if field in data:
                target = records.get(data[field])
                if target is None or target.kind != target_kind:
                    yield _unresolved(repo, record, where, data[field], target, target_kind)
        for pattern, target_kind in nested[record.kind]:
            for where, target_id in values_at(data, pattern):
                target = records.get(target_id)
                if target is None or target.kind != target_kind:
                    yield _unresolved(repo, record, where, target_id, target, target_kind)


def _unresolved(
    repo: Repository,
    record: Record,
    where: FieldPath,
    target_id: str,
    target: Record | None,
    target_kind: str,
) -> Problem:
    # The field's name, not a list index; kinds by their singular ("staff").
    name = next(str(step) for step in reversed(where) if isinstance(step, str))
    wanted = _a(repo.config.kinds[target_kind].singular)
    if target is None:
        actual = kind_of_id(target_id, repo.config.kinds)
        hint = (
            f" (it looks like {_a(repo.config.kinds[actual].singular)} ID, not {wanted} ID)"
            if actual and actual != target_kind
            else ""
        )
        return error(
            record.path,
            "ref-missing",
            f"{name} {target_id} does not exist{hint}",
            record=record.id,
            field=where,
        )
    return error(
        record.path,
        "ref-wrong-kind",
        f"{name} {target_id} is {_a(repo.config.kinds[target.kind].singular)}, not {wanted}",
        record=record.id,
        field=where,
    )


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"
