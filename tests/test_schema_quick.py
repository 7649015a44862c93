"""A field's quick converter (:attr:`officectl.schema.Field.quick`) changes nothing.

It takes the values that pass every check of their field in one call; every other
value goes to :func:`officectl.schema.convert`, which reports it. These tests convert
the same raw data with and without the quick converters and require the same typed
data (types included), the same problems and the same interned texts.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from officectl.schema import Collector, Field, convert_mapping


def _without_quick(spec: Field) -> Field:
    copy = dataclasses.replace(
        spec,
        items=_without_quick(spec.items) if spec.items is not None else None,
        fields=tuple(_without_quick(f) for f in spec.fields),
    )
    copy.__dict__["quick"] = None  # the cached property, decided: convert() alone
    return copy


def _convert(fields: tuple[Field, ...], raw: dict[str, Any]) -> tuple[Any, Any]:
    out = Collector("records/x/X-1.yaml", "X-1")
    data = convert_mapping(fields, raw, (), out, by_name={f.name: f for f in fields})
    return data, out.problems


def _typed(value: Any) -> Any:
    """The value with every scalar's type (Decimal('1.0') and Decimal('1.00') differ)."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, str(value))


_TEXTS = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "a",
            "open",
            "paid",
            "12",
            "-3",
            "+4",
            "1.50",
            "1.",
            ".5",
            "1e3",
            "0.0000000000001",
            "9" * 20,
            "1000000000000000",
            "2026-11-25",
            "2026-02-30",
            "CZ",
            "EUR",
            "XX",
            "a@b.example",
            "CUS-0001",
        ]
    ),
    st.text(max_size=6),
)
_VALUES = st.one_of(
    _TEXTS, st.booleans(), st.none(), st.just({"a": "1"}), st.just(["x"]), st.just([])
)
_TYPES = ["str", "ref", "int", "decimal", "bool", "date", "email", "country", "currency", "any"]


@st.composite
def _field(draw: st.DrawFn, name: str) -> Field:
    kind = draw(st.sampled_from([*_TYPES, "map", "list"]))
    bounds = kind in ("int", "decimal") and draw(st.booleans())
    enum = kind == "str" and draw(st.booleans())
    return Field(
        name,
        kind,  # type: ignore[arg-type]
        required=draw(st.booleans()),
        enum=("open", "paid", "") if enum else None,
        pattern="[a-z]+" if kind == "str" and not enum and draw(st.booleans()) else None,
        min=Decimal("0") if bounds else None,
        max=Decimal("100") if bounds and draw(st.booleans()) else None,
        items=Field("item", draw(st.sampled_from(_TYPES))) if kind == "list" else None,  # type: ignore[arg-type]
        fields=(Field("code", "str", required=True), Field("rate", "decimal"))
        if kind == "map" and draw(st.booleans())
        else (),
    )


@settings(max_examples=600, deadline=None)
@given(st.data())
def test_quick_converters_change_nothing(data: st.DataObject) -> None:
    fields = tuple(data.draw(_field(f"f{index}")) for index in range(3))
    raw = {
        f"f{index}": data.draw(_VALUES)
        for index in range(3)
        if data.draw(st.booleans()) or index == 0
    }
    if data.draw(st.booleans()):
        raw["unknown"] = "x"
    quick_data, quick_problems = _convert(fields, raw)
    slow_data, slow_problems = _convert(tuple(_without_quick(f) for f in fields), raw)
    assert _typed(quick_data) == _typed(slow_data)
    assert quick_problems == slow_problems


def test_quick_texts_are_interned_like_slow_ones() -> None:
    """IDs and codes recur across records: both ways share one string object."""
    fields = (Field("customer", "ref", required=True), Field("status", "str", enum=("paid",)))
    raw = {"customer": "".join(["CUS-", "0001"]), "status": "".join(["pa", "id"])}
    quick, _ = _convert(fields, raw)
    slow, _ = _convert(tuple(_without_quick(f) for f in fields), dict(raw))
    assert quick["customer"] is slow["customer"]
    assert quick["status"] is slow["status"]
