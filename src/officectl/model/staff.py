"""Staff: the people of the company, front office and back office."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from officectl.model.common import META, date_order, ref
from officectl.records import Record
from officectl.rules import record_rule
from officectl.schema import Collector, Field, Kind

if TYPE_CHECKING:
    from officectl.config import Config

FRONT_OFFICE = ("sales", "marketing", "support")
BACK_OFFICE = ("finance", "hr", "it", "legal", "operations", "management")


@record_rule("staff-dates", codes=("date-order",), reads={"staff": ("start_date", "end_date")})
def staff_dates(record: Record, config: Config, out: Collector) -> None:
    """A person leaves (``end_date``) no earlier than they started."""
    date_order(record, out, "start_date", "end_date")


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
    rules=(staff_dates,),
)
