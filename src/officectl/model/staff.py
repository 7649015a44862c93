"""Staff: the people of the company, front office and back office."""

from __future__ import annotations

from decimal import Decimal

from officectl.model.common import META, ref
from officectl.schema import Field, Kind

FRONT_OFFICE = ("sales", "marketing", "support")
BACK_OFFICE = ("finance", "hr", "it", "legal", "operations", "management")

KIND = Kind(
    "staff",
    "staff",
    r"EMP-[0-9]{3,}",
    "EMP-001",
    description=("An employee or contractor."),
    fields=(
        Field("id", "str"),
        Field("name", "str", required=True),
        Field("email", "email", required=True),
        Field("department", "str", required=True, enum=FRONT_OFFICE + BACK_OFFICE),
        Field("start_date", "date", required=True),
        Field("title", "str"),
        ref("manager", "staff"),
        Field("end_date", "date"),
        Field("employment", "str", enum=("full_time", "part_time", "contractor")),
        Field(
            "salary",
            "map",
            sensitive=True,
            fields=(
                Field("amount", "decimal", required=True, min=Decimal(0)),
                Field("currency", "currency"),
                Field("period", "str", enum=("month", "year")),
            ),
        ),
        Field("personal_id", "str", sensitive=True),
        META,
    ),
    columns=("id", "name", "department", "title", "email", "manager", "end_date"),
)
