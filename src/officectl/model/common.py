"""Field shapes and checks that several kinds share."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from officectl.records import Record
from officectl.schema import Collector, Field

ADDRESS = Field(
    "address",
    "map",
    description="Postal address.",
    fields=(
        Field("street", "str"),
        Field("city", "str"),
        Field("postal_code", "str"),
        Field("country", "country"),
    ),
)
META = Field("meta", "map", description="Free-form data, never validated.")
NOTES = Field("notes", "str")
PERCENT = {"min": Decimal(0), "max": Decimal(100)}


def ref(name: str, kind: str, *, required: bool = False, description: str = "") -> Field:
    return Field(name, "ref", required=required, ref=kind, description=description)


def date_order(record: Record, out: Collector, earlier: str, later: str) -> None:
    """``later`` is no earlier than ``earlier`` when both are given: else a
    ``date-order`` error at ``later``."""
    first, then = record.get(earlier), record.get(later)
    if isinstance(first, date) and isinstance(then, date) and then < first:
        out.error("date-order", f"{later} {then} is before {earlier} {first}", (later,))
