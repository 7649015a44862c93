"""JSON Schema (draft 2020-12) of each record kind, for editors and other tools.

The schema describes the YAML as an editor's language server reads it (YAML 1.2:
dates are strings, numbers numbers) and accepts what ``validate``'s loader accepts:
decimals and whole numbers written as numbers or as quoted text, text written as a
plain number (``postal_code: 60200``), an empty optional field (``notes:``). It
rejects what the loader rejects by type, key or value: a wrong type, an unknown
key (outside ``meta``), a value outside an enum, an ID of the wrong pattern.
Checksums, references and cross-record rules stay ``validate``'s.
"""

from __future__ import annotations

from typing import Any

from officectl.codes import COUNTRIES, CURRENCIES
from officectl.schema import Field, Kind

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_DECIMAL_TEXT = r"^\s*[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)\s*$"
_INT_TEXT = r"^[-+]?[0-9]+$"


def kind_schema(kind: Kind, kinds: dict[str, Kind]) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "$schema": DIALECT,
        "$id": f"https://officectl.example/schema/{kind.name}.json",
        "title": f"officectl {kind.singular} record",
        "description": kind.description,
    }
    schema.update(_object(kind.fields, kinds))
    schema["properties"]["id"] = _optional(
        {
            "type": "string",
            "pattern": f"^(?:{kind.id_pattern})$",
            "description": f"Optional; equals the file name (like {kind.id_example}).",
        }
    )
    return schema


def _object(fields: tuple[Field, ...], kinds: dict[str, Kind]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            f.name: _field(f, kinds) if f.required else _optional(_field(f, kinds)) for f in fields
        },
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }


def _optional(schema: dict[str, Any]) -> dict[str, Any]:
    """An optional key may be present and empty (``notes:``): the loader skips it."""
    kinds = schema.get("type")
    if isinstance(kinds, str):
        schema["type"] = [kinds, "null"]
    elif isinstance(kinds, list):
        schema["type"] = [*kinds, "null"]
    if "enum" in schema:
        schema["enum"] = [*schema["enum"], None]
    return schema


def _field(spec: Field, kinds: dict[str, Kind]) -> dict[str, Any]:
    schema = _base(spec, kinds)
    if spec.description:
        schema["description"] = spec.description
    if spec.enum is not None:
        schema["enum"] = list(spec.enum)
    if spec.default is not None:
        schema["default"] = (
            spec.default if isinstance(spec.default, bool | int | str) else str(spec.default)
        )  # a Decimal's or a date's text
    if spec.pattern is not None:
        schema["pattern"] = f"^(?:{spec.pattern})$"
    if spec.min is not None and spec.type in ("int", "decimal"):
        schema["minimum"] = int(spec.min) if spec.min == int(spec.min) else float(spec.min)
    if spec.max is not None and spec.type in ("int", "decimal"):
        schema["maximum"] = int(spec.max) if spec.max == int(spec.max) else float(spec.max)
    return schema


def _base(spec: Field, kinds: dict[str, Kind]) -> dict[str, Any]:
    simple: dict[str, dict[str, Any]] = {
        "str": {"type": ["string", "number"]},
        "int": {"type": ["integer", "string"], "pattern": _INT_TEXT},
        "decimal": {"type": ["number", "string"], "pattern": _DECIMAL_TEXT},
        "bool": {"type": "boolean"},
        "date": {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        "email": {"type": "string", "format": "email"},
        "country": {"type": "string", "enum": sorted(COUNTRIES)},
        "currency": {"type": "string", "enum": sorted(CURRENCIES)},
        "any": {},
    }
    if spec.type in simple:
        return dict(simple[spec.type])
    if spec.type == "ref":
        target = kinds.get(spec.ref or "")
        pattern = f"^(?:{target.id_pattern})$" if target else ".*"
        return {
            "type": "string",
            "pattern": pattern,
            "description": f"ID of a {target.singular if target else 'record'}",
        }
    if spec.type == "list":
        items = _field(spec.items, kinds) if spec.items is not None else {}
        return {"type": "array", "items": items}
    if spec.fields:
        mapping = _object(spec.fields, kinds)
        if spec.shorthand is not None:  # the plain text form stands for that one field
            return {
                "type": ["object", "string"],
                **{k: v for k, v in mapping.items() if k != "type"},
            }
        return mapping
    return {"type": "object"}
