"""Kinds a company defines in ``officectl.yaml`` (``kinds:``), and the field
declarations they share with ``fields:``.

A defined kind is data: a folder name, a singular, an ID pattern (``new`` derives
its numbering, see :func:`officectl.schema.numbering_of`) and fields with the same
types and options as ``fields:`` (str, int, decimal, bool, date, email, ref with
kind, list with items; required, enum, pattern, min, max, default), plus ``unique:``,
``sensitive:``, ``columns:`` and ``export:``. The result is a :class:`Kind` like a
built-in one, so every command treats both the same. Each mistake in a definition
is reported at its place in ``officectl.yaml`` through the configuration's collector.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from officectl.model.common import META
from officectl.problems import FieldPath
from officectl.schema import INVALID, Collector, Field, FieldType, Kind, convert

FIELD_TYPES: tuple[FieldType, ...] = (
    "str",
    "int",
    "decimal",
    "bool",
    "date",
    "email",
    "ref",
    "list",
)
FIELD_SPEC = Field(
    "field",
    "map",
    fields=(
        Field("type", "str", required=True, enum=FIELD_TYPES),
        Field("required", "bool"),
        Field("enum", "list", items=Field("value", "str")),
        Field("pattern", "str"),
        Field("kind", "str"),
        Field("items", "str", enum=FIELD_TYPES),
        Field("min", "decimal"),
        Field("max", "decimal"),
        Field("default", "any", description="The value an absent field stands for."),
        Field("description", "str"),
    ),
)
"""One field's declaration, under ``fields:`` and under a defined kind's ``fields:``."""

_FIELD_NAMES = Field("field", "list", items=Field("field", "str"))
KIND_SPEC = Field(
    "kind",
    "map",
    fields=(
        Field("singular", "str", required=True),
        Field("id_pattern", "str", required=True),
        Field("id_example", "str"),
        Field("description", "str"),
        Field("fields", "map", required=True),
        dataclasses.replace(_FIELD_NAMES, name="unique"),
        dataclasses.replace(_FIELD_NAMES, name="sensitive"),
        dataclasses.replace(_FIELD_NAMES, name="columns"),
        Field("export", "bool"),
    ),
)
PLAIN_NAME = re.compile(r"[a-z][a-z0-9_]{0,30}")
"""A defined kind's name is its folder under ``records/``: a plain lower-case word."""
RESERVED = ("id", "meta")
"""Fields every defined kind has already."""
_UNIQUE_TYPES = ("str", "int", "decimal", "date", "email", "ref")


def defined_kinds(
    raw: Mapping[str, Any],
    builtin: Mapping[str, Kind],
    out: Collector,
) -> dict[str, Kind]:
    """The kinds ``kinds:`` defines; each mistake reported at its place."""
    specs: dict[str, dict[str, Any]] = {}
    for name, value in raw.items():
        where: FieldPath = ("kinds", name)
        if not PLAIN_NAME.fullmatch(name):
            out.error(
                "invalid-value",
                f"kind name '{name}' is not a plain folder name; use "
                "lower-case letters, digits and _ (like tickets)",
                where,
                on_key=True,
            )
        elif name in builtin:
            out.error(
                "kind-clash",
                f"kind '{name}' is built in; choose another name "
                "(or add fields to it under fields:)",
                where,
                on_key=True,
            )
        elif (spec := _checked(KIND_SPEC, value, where, out)) is not None:
            specs[name] = spec
    names = [*builtin, *specs]
    kinds: dict[str, Kind] = {}
    for name, spec in specs.items():
        kind = _kind(name, spec, names, out)
        if kind is not None and not _clashes(kind, {**builtin, **kinds}, out):
            kinds[name] = kind
    return kinds


def _checked(
    spec: Field,
    value: Any,
    where: FieldPath,
    out: Collector,
) -> dict[str, Any] | None:
    """``value`` typed by ``spec``; None when anything in it was reported."""
    before = len(out.problems)
    typed = convert(spec, value, where, out)
    return None if typed is INVALID or len(out.problems) > before else dict(typed)


def _kind(
    name: str,
    spec: dict[str, Any],
    kind_names: list[str],
    out: Collector,
) -> Kind | None:
    where: FieldPath = ("kinds", name)
    before = len(out.problems)
    pattern = spec["id_pattern"]
    try:
        re.compile(pattern)
        from officectl import patterns

        patterns.check(pattern)
    except (re.error, ValueError) as exc:
        out.error(
            "invalid-pattern",
            f"id_pattern is not a usable regular expression: {exc}",
            (*where, "id_pattern"),
        )
    fields = [Field("id", "str")]
    for field_name, raw in spec["fields"].items():
        field_where = (*where, "fields", field_name)
        if field_name in RESERVED:
            out.error(
                "duplicate-field",
                f"'{field_name}' is a field of every kind already",
                field_where,
                on_key=True,
            )
        elif field := field_from_spec(field_name, raw, field_where, kind_names, out):
            fields.append(field)
    fields.append(META)
    by_name = {f.name: f for f in fields}
    sensitive = set(_names(spec, "sensitive", by_name, where, out))
    unique = tuple(_names(spec, "unique", by_name, where, out))
    for index, field_name in enumerate(spec.get("unique", ())):
        if field_name in by_name and by_name[field_name].type not in _UNIQUE_TYPES:
            out.error(
                "invalid-value",
                f"unique: {field_name} is {by_name[field_name].type}; "
                f"only {', '.join(_UNIQUE_TYPES)} fields can be unique",
                (*where, "unique", index),
            )
    columns = tuple(_names(spec, "columns", by_name, where, out))
    for index, column in enumerate(spec.get("columns", ())):
        if column in sensitive:
            out.error(
                "invalid-value",
                f"columns: {column} is sensitive; list shows it only "
                "when asked (--columns … --show-sensitive)",
                (*where, "columns", index),
            )
    if len(out.problems) > before:
        return None
    fields = [dataclasses.replace(f, sensitive=True) if f.name in sensitive else f for f in fields]
    if not columns:
        columns = ("id", *[f.name for f in fields[1:-1] if not f.sensitive][:7])
    kind = Kind(
        name,
        spec["singular"],
        pattern,
        "",
        tuple(fields),
        spec.get("description", ""),
        columns=columns,
        unique=unique,
        export=spec.get("export", False),
        defined=True,
    )
    example = spec.get("id_example") or (
        kind.numbering.format(1, date.today().year) if kind.numbering else pattern
    )
    if "id_example" in spec and not kind.id_regex.fullmatch(example):
        out.error(
            "pattern-mismatch",
            f"id_example {example} does not match id_pattern {pattern}",
            (*where, "id_example"),
        )
        return None
    return dataclasses.replace(kind, id_example=example)


def _names(
    spec: dict[str, Any], key: str, by_name: Mapping[str, Field], where: FieldPath, out: Collector
) -> Iterable[str]:
    """The field names a list option names; an unknown one is reported with a hint."""
    for index, name in enumerate(spec.get(key, ())):
        if name in by_name or (key == "columns" and name == "id"):
            yield name
        else:
            known = ", ".join(n for n in by_name if n not in RESERVED)
            out.error(
                "unknown-field",
                f"{key}: the kind has no field '{name}' (fields: {known})",
                (*where, key, index),
            )


def _clashes(kind: Kind, others: Mapping[str, Kind], out: Collector) -> bool:
    """Whether the kind's singular or ID pattern clashes with another kind's: an ID
    must tell its kind (references, ``show``), so no two patterns may share an ID."""
    where: FieldPath = ("kinds", kind.name)
    for other in others.values():
        if kind.singular in (other.name, other.singular):
            out.error(
                "kind-clash",
                f"singular '{kind.singular}' is already the {other.name} kind's name",
                (*where, "singular"),
            )
            return True
        if kind.name == other.singular:
            out.error(
                "kind-clash",
                f"kind '{kind.name}' is already the singular of {other.name}; choose another name",
                where,
                on_key=True,
            )
            return True
        shared = next((e for e in _examples(other) if kind.id_regex.fullmatch(e)), None) or next(
            (e for e in _examples(kind) if other.id_regex.fullmatch(e)), None
        )
        if shared is not None:
            out.error(
                "kind-clash",
                f"id_pattern {kind.id_pattern} overlaps the {other.name} "
                f"kind's IDs ({shared} would be both); give it a prefix of its own",
                (*where, "id_pattern"),
            )
            return True
    return False


def _examples(kind: Kind) -> list[str]:
    """IDs of a kind to test other patterns against."""
    examples = [kind.id_example]
    if kind.numbering is not None:
        examples += [kind.numbering.format(n, 2026) for n in (1, 12345)]
    if kind.name == "invoices":
        examples.append("INV-DRAFT-0001")
    return examples


def field_from_spec(
    name: str, raw: Any, where: FieldPath, kind_names: Iterable[str], out: Collector
) -> Field | None:
    """One declared field (``fields:`` or a defined kind's); None when it was reported."""
    spec = _checked(FIELD_SPEC, raw, where, out)
    if spec is None:
        return None
    if (problem := _spec_problem(spec, list(kind_names))) is not None:
        code, message, key = problem
        out.error(code, message, (*where, key) if key else where)
        return None
    items = Field(name, spec["items"], ref=spec.get("kind")) if "items" in spec else None
    field = Field(
        name,
        spec["type"],
        required=spec.get("required", False),
        description=spec.get("description", ""),
        enum=tuple(spec["enum"]) if "enum" in spec else None,
        pattern=spec.get("pattern"),
        ref=spec.get("kind"),
        items=items,
        min=spec.get("min"),
        max=spec.get("max"),
    )
    if "default" in spec:
        before = len(out.problems)
        default = convert(field, spec["default"], (*where, "default"), out)
        if default is INVALID or len(out.problems) > before:
            return None
        field = dataclasses.replace(field, default=default)
    return field


def _spec_problem(spec: dict[str, Any], kind_names: list[str]) -> tuple[str, str, str] | None:
    """(code, message, offending key) of what makes a declared field unusable, if any."""
    is_ref = "ref" in (spec["type"], spec.get("items"))
    if is_ref and "kind" not in spec:
        return "missing-field", "a ref field (or a list of refs) needs 'kind'", ""
    if "kind" in spec and spec["kind"] not in kind_names:
        return (
            "unknown-kind",
            (f"kind '{spec['kind']}' does not exist; kinds: {', '.join(kind_names)}"),
            "kind",
        )
    if "kind" in spec and not is_ref:
        return "invalid-value", "kind applies to ref fields (and lists of refs) only", "kind"
    if "items" in spec and spec["type"] != "list":
        return "invalid-value", "items applies to list fields only", "items"
    for key in ("min", "max"):
        if key in spec and spec["type"] not in ("int", "decimal"):
            return "invalid-value", f"{key} applies to int and decimal fields only", key
    if "min" in spec and "max" in spec and spec["min"] > spec["max"]:
        return "invalid-value", f"min {spec['min']} is more than max {spec['max']}", "min"
    if "default" in spec and spec["type"] == "list":
        return "invalid-value", "a list field has no default", "default"
    if "pattern" in spec:
        from officectl import patterns

        try:
            patterns.check(spec["pattern"])
        except patterns.PatternError as exc:
            return (
                "invalid-pattern",
                f"pattern is not a usable regular expression: {exc}",
                "pattern",
            )
    return None
