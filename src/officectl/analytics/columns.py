"""The columns of the analytics views, as SQL types, generated from the kinds' fields.

A kind's view has one column per scalar field (a ``map``'s scalar fields flattened as
``parent_child``, a ``list`` of scalars as a list column); lists of mappings have views
of their own (``invoice_lines``, ``payments``) and free-form ``meta`` is left out.
Sensitive fields are left out unless asked for.

Decimal fields are ``DECIMAL(27,12)``: a record's decimal is below 10^15 with at most
12 decimals (see :mod:`officectl.schema`), so every value fits exactly. Derived money
(line nets, totals, balances, always whole cents) is ``DECIMAL(38,2)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from officectl.schema import Field, Kind

NUMBER = "DECIMAL(27,12)"
MONEY = "DECIMAL(38,2)"
SCALAR_TYPES = {
    "str": "VARCHAR",
    "email": "VARCHAR",
    "ref": "VARCHAR",
    "country": "VARCHAR",
    "currency": "VARCHAR",
    "int": "BIGINT",
    "decimal": NUMBER,
    "bool": "BOOLEAN",
    "date": "DATE",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    """The DuckDB type: VARCHAR, BIGINT, BOOLEAN, DATE, DECIMAL(p,s) or T[]."""
    description: str = ""
    value: Callable[[Any], Any] | None = None
    """Reads the column's value from a row source (a record's data, a line …)."""
    key: str | None = None
    """The source's key whose value it is, when it is one (``value`` is then
    ``source.get(key)``: a view reads all such columns in one pass)."""


def _key(name: str) -> Callable[[Any], Any]:
    return lambda data: data.get(name)


def _nested(parent: str, name: str) -> Callable[[Any], Any]:
    def value(data: Any) -> Any:
        inner = data.get(parent)
        return inner.get(name) if isinstance(inner, dict) else None

    return value


def _list(name: str) -> Callable[[Any], Any]:
    def value(data: Any) -> Any:
        items = data.get(name)
        return list(items) if isinstance(items, list) else None

    return value


def field_columns(kind: Kind, *, show_sensitive: bool = False) -> list[Column]:
    """A kind's stored fields as columns (``id`` first)."""
    found = [Column("id", "VARCHAR", "The record's ID (its file name).")]
    # A defined kind may list its sensitive fields on the kind (`sensitive: [...]`).
    listed = set(getattr(kind, "sensitive", None) or ())
    for spec in kind.fields:
        if spec.name == "id" or ((spec.sensitive or spec.name in listed) and not show_sensitive):
            continue
        found += _columns_of(spec, show_sensitive)
    return found


def _columns_of(spec: Field, show_sensitive: bool) -> list[Column]:
    scalar = SCALAR_TYPES.get(spec.type)
    if scalar is not None:
        return [Column(spec.name, scalar, spec.description, _key(spec.name), spec.name)]
    if spec.type == "list" and spec.items is not None and spec.items.type in SCALAR_TYPES:
        return [
            Column(
                spec.name, SCALAR_TYPES[spec.items.type] + "[]", spec.description, _list(spec.name)
            )
        ]
    if spec.type == "map" and spec.fields:
        return [
            Column(
                f"{spec.name}_{child.name}",
                SCALAR_TYPES[child.type],
                child.description,
                _nested(spec.name, child.name),
            )
            for child in spec.fields
            if child.type in SCALAR_TYPES and (show_sensitive or not child.sensitive)
        ]
    return []


def arrow_type(sql_type: str) -> Any:
    """The Arrow type holding a column of ``sql_type`` exactly."""
    import pyarrow as pa

    if sql_type.endswith("[]"):
        return pa.list_(arrow_type(sql_type[:-2]))
    if sql_type.startswith("DECIMAL("):
        precision, scale = sql_type[8:-1].split(",")
        return pa.decimal128(int(precision), int(scale))
    return {
        "VARCHAR": pa.string(),
        "BIGINT": pa.int64(),
        "INTEGER": pa.int32(),
        "BOOLEAN": pa.bool_(),
        "DATE": pa.date32(),
    }[sql_type]
