"""``new``: a record with the next free ID, from ``--set FIELD=VALUE`` assignments.

A FIELD is a field name, or a dotted path into a mapping or list
(``address.city``, ``lines.0.unit_price``). A VALUE is text, as it would be written
in the file, except that a boolean field takes ``true``/``false`` and a list or
mapping may be given whole in YAML's flow style (``tags=[retail, b2b]``). Some
fields have a default a new record needs anyway (the kind's ``new_defaults``): a deal
starts as a ``lead``, a contract and an invoice as ``draft``, and an invoice is in the
customer's currency (else the repository's); a defined kind's record starts with
its fields' ``default:`` values. A record that would not pass ``validate`` -- a required
field missing, a reference to nothing -- is refused with the problems.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from officectl.atomic import PlannedWrite
from officectl.errors import UsageError
from officectl.model import kind_named
from officectl.schema import Field, Kind
from officectl.tabular import text_form
from officectl.workflows import WriteBooks, WritePlan
from officectl.workflows.ids import default_path, draft_path, new_ids
from officectl.yaml import reading
from officectl.yaml.formatting import format_data


def new(books: WriteBooks, kind_name: str, assignments: list[str], today: date) -> WritePlan:
    kind = kind_named(kind_name, books.config.kinds)
    data: dict[str, Any] = dict(kind.new_defaults)
    data.update(dict.fromkeys(kind.new_today, today.isoformat()))
    for assignment in assignments:
        where, value = _assignment(kind, assignment)
        _put(data, where, value)
    if kind.name == "invoices" and "currency" not in data:
        customer = books.repo.records.get(str(data.get("customer", "")))
        data["currency"] = (
            customer.get("currency") if customer is not None else None
        ) or books.config.currency
    for spec in kind.fields:
        if kind.defined and spec.default is not None and spec.name not in data:
            data[spec.name] = (
                spec.default if isinstance(spec.default, bool) else text_form(spec.default)
            )
    record_id = next(new_ids(books.repo, kind.name, today.year))
    path = (
        draft_path(books.repo, record_id)
        if kind.name == "invoices"
        else default_path(kind.name, record_id)
    )
    ordered = {f.name: data.pop(f.name) for f in kind.fields if f.name in data}
    ordered.update(data)
    text = format_data(ordered, kind)
    return WritePlan((PlannedWrite(path, text, create=True),), (path,))


def _assignment(kind: Kind, text: str) -> tuple[list[str | int], Any]:
    name, equals, raw = text.partition("=")
    if not equals or not name.strip():
        raise UsageError(f"--set {text!r}: expected FIELD=VALUE")
    path: list[str | int] = [
        int(step) if step.isdigit() else step for step in name.strip().split(".")
    ]
    if path[0] == "id":
        raise UsageError("--set id: new chooses the next free ID itself")
    if any(step == "" for step in path) or isinstance(path[0], int):
        raise UsageError(f"--set {text!r}: {name!r} is not a field path")
    return path, _value(_field_at(kind, path), raw, text)


def _field_at(kind: Kind, path: list[str | int]) -> Field | None:
    spec: Field | None = kind.by_name.get(str(path[0]))
    for step in path[1:]:
        if spec is None:
            return None
        if isinstance(step, int):
            spec = spec.items if spec.type == "list" else None
        else:
            spec = spec.child(step) if spec.type == "map" else None
    return spec


def _value(spec: Field | None, raw: str, text: str) -> Any:
    kind = spec.type if spec is not None else None
    if kind == "bool" and raw in ("true", "false"):
        return raw == "true"
    if kind in ("list", "map", None) and raw.lstrip().startswith(("[", "{")):
        try:
            return reading.load(f"value: {raw}")["value"]
        except reading.LoadError as exc:
            raise UsageError(f"--set {text!r}: {exc.message}") from None
    return raw


def _put(data: dict[str, Any], path: list[str | int], value: Any) -> None:
    container: Any = data
    for step, following in itertools.pairwise(path):
        fresh: Any = [] if isinstance(following, int) else {}
        container = _step(container, step, fresh)
    last = path[-1]
    if isinstance(container, list) and isinstance(last, int):
        _step(container, last, value)
        container[last] = value
    elif isinstance(container, dict) and isinstance(last, str):
        container[last] = value
    else:
        raise UsageError(f"--set {'.'.join(map(str, path))}: does not fit the record's shape")


def _step(container: Any, step: str | int, fresh: Any) -> Any:
    if isinstance(container, dict) and isinstance(step, str):
        if not isinstance(container.get(step), dict | list):
            container[step] = fresh
        return container[step]
    if isinstance(container, list) and isinstance(step, int):
        if step == len(container):
            container.append(fresh)
        elif step > len(container):
            raise UsageError(f"list index {step} skips items: number them from 0")
        return container[step]
    raise UsageError(f"--set: {step!r} does not fit the record's shape")
