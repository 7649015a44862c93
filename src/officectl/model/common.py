"""Field shapes that several kinds share."""

from __future__ import annotations

from decimal import Decimal

from officectl.schema import Field

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
