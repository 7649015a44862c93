"""Field paths: how ``list``, ``show`` and the reports name a value of a record.

A *field path* is a field's name, or names joined by dots into mappings and lists:
``address.country``, ``billing.amount``, ``lines.description``, ``meta.anything``.
Through a list it stands for every item's value (``contacts.email`` is all of a
customer's contact addresses).

Besides stored fields, a kind has *computed fields* (declared by the kind, see
:class:`officectl.schema.Kind`): **defaults** that stand for an absent field (a
customer's ``status``, a deal's ``probability``) and **derived** values that are never
stored (an invoice's ``total`` and ``balance``, a deal's ``weighted`` amount). Both read
like stored fields everywhere a path is taken. *Sensitive* fields (staff ``salary`` and
``personal_id``, a defined kind's ``sensitive:``) are hidden unless asked for.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from officectl.errors import UsageError
from officectl.records import Record
from officectl.repository import Repository
from officectl.schema import Computed, Field, Kind
from officectl.tabular import text_form


@cache
def computed_of(kind: Kind) -> dict[str, Computed]:
    """A kind's computed fields: those it declares, and a default for each field that
    has a constant ``default`` (a defined kind's ``status: {default: open}``)."""
    found = {
        spec.name: Computed(
            _COMPARE_TYPE.get(spec.type, "str"),
            _constant(spec.default),
            f"Default: {text_form(spec.default)}.",
            derived=False,
        )
        for spec in kind.fields
        if spec.default is not None
    }
    found.update(kind.computed_by_name)
    return found


@dataclass(frozen=True)
class _constant:
    """A function of (record, repository) that returns one value: picklable, unlike a
    lambda, so a kind holding it can be cached."""

    value: Any

    def __call__(self, record: Record, repo: Repository) -> Any:
        return self.value


_COMPARE_TYPE = {"int": "decimal", "decimal": "decimal", "date": "date", "bool": "bool"}


@dataclass(frozen=True)
class FieldRef:
    """A dotted field path resolved against a kind: how its values compare, whether
    it is sensitive, and what computes it."""

    path: str
    names: tuple[str, ...]
    type: str
    """How values compare: ``decimal``, ``date``, ``bool``, ``str`` or ``any``."""
    sensitive: bool = False
    computed: Computed | None = None

    def values(self, record: Record, repo: Repository) -> list[Any]:
        """Every value the path reaches, lists flattened; [] when there is none."""
        if self.path == "id":
            return [record.id]
        computed = self.computed
        if computed is not None and (computed.derived or self.names[0] not in record.data):
            value = computed.value(record, repo)
            return [] if value is None else [value]
        return list(_walk(record.data, self.names))

    def value(self, record: Record, repo: Repository) -> Any:
        """The one value (or the list of them) to show in a cell."""
        found = self.values(record, repo)
        return None if not found else found[0] if len(found) == 1 else found


def _walk(value: Any, names: tuple[str, ...]) -> Iterator[Any]:
    if isinstance(value, list):
        for item in value:
            yield from _walk(item, names)
    elif not names:
        if value is not None:
            yield value
    elif isinstance(value, Mapping) and names[0] in value:
        yield from _walk(value[names[0]], names[1:])


def resolve(kind: Kind, path: str, *, show_sensitive: bool = False) -> FieldRef:
    """The field a path names; a usage error (with a hint) when the kind has none."""
    names = tuple(path.split("."))
    computed = computed_of(kind).get(path)
    if path == "id" or (computed is not None and computed.derived):
        return FieldRef(path, names, computed.type if computed else "str", computed=computed)
    spec = kind.by_name.get(names[0])
    if spec is None:
        raise _unknown(kind, path)
    sensitive = spec.sensitive
    for depth, name in enumerate(names[1:], start=1):
        while spec.type == "list" and spec.items is not None:
            spec = spec.items
        if spec.type in ("map", "any") and not spec.fields:
            return FieldRef(path, names, "any", sensitive)  # meta: anything below goes
        child = spec.child(name)
        if child is None:
            raise _unknown(kind, path, ".".join(names[:depth]))
        spec = child
        sensitive = sensitive or spec.sensitive
    if sensitive and not show_sensitive:
        raise UsageError(f"{path} is sensitive and hidden", hint="add --show-sensitive")
    compare = _COMPARE_TYPE.get(_leaf(spec).type, "str")
    return FieldRef(path, names, compare, sensitive, computed)


def _leaf(spec: Field) -> Field:
    while spec.type == "list" and spec.items is not None:
        spec = spec.items
    return spec


def paths(kind: Kind) -> list[str]:
    """Every path a user may name: fields, their sub-fields and the computed ones."""
    found = ["id"]
    for spec in kind.fields:
        found.append(spec.name)
        leaf = _leaf(spec)
        found += [f"{spec.name}.{child.name}" for child in leaf.fields]
    found += [name for name in computed_of(kind) if name not in found]
    return found


def _unknown(kind: Kind, path: str, parent: str = "") -> UsageError:
    known = paths(kind)
    close = difflib.get_close_matches(path, known, n=1, cutoff=0.6)
    if close:
        hint = f"did you mean '{close[0]}'?"
    elif parent:
        children = [p.split(".")[-1] for p in known if p.startswith(parent + ".")]
        hint = f"{parent} has: {', '.join(children)}" if children else f"{parent} has no sub-fields"
    else:
        hint = f"fields of {kind.name}: " + ", ".join(
            dict.fromkeys(p for p in known if "." not in p)
        )
    return UsageError(f"{kind.name} have no field '{path}'", hint=hint)


def public_data(
    kind: Kind,
    data: Mapping[str, Any],
    *,
    show_sensitive: bool = False,
) -> dict[str, Any]:
    """The record's fields without the sensitive ones (unless asked for)."""
    if show_sensitive:
        return dict(data)
    hidden = {f.name for f in kind.fields if f.sensitive}
    return {key: value for key, value in data.items() if key not in hidden}
