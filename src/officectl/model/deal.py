"""Deals: the sales pipeline."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from officectl.model import customer
from officectl.model.common import META, NOTES, date_order, ref
from officectl.money import ZERO, round_money
from officectl.records import Record
from officectl.rules import record_rule
from officectl.schema import Collector, Computed, Field, Kind

if TYPE_CHECKING:
    from officectl.config import Config

STAGES = ("lead", "qualified", "proposal", "negotiation", "won", "lost")
CLOSED_STAGES = ("won", "lost")
DEFAULT_PROBABILITY = {
    "lead": 10,
    "qualified": 25,
    "proposal": 50,
    "negotiation": 75,
    "won": 100,
    "lost": 0,
}


def probability(deal: dict[str, object]) -> int:
    value = deal.get("probability")
    if isinstance(value, int):
        return value
    return DEFAULT_PROBABILITY.get(str(deal.get("stage")), 0)


def default_currency(record: Any, repo: Any) -> Any:
    """An absent deal currency is its customer's, else the repository's."""
    linked = repo.linked(record, "customer", "customers")
    return customer.currency(linked, repo) if linked else repo.config.currency


def deal_currency(record: Any, repo: Any) -> str:
    return str(record.get("currency") or default_currency(record, repo))


def weighted(record: Any) -> Decimal:
    """amount × probability / 100, rounded half up to the cent."""
    return round_money(record.get("amount", ZERO) * probability(record.data) / 100)


def record_probability(record: Any, repo: Any) -> int:
    return probability(record.data)


def record_weighted(record: Any, repo: Any) -> Decimal:
    return weighted(record)


@record_rule(
    "deal-closing",
    codes=("missing-field", "date-order"),
    reads={"deals": ("stage", "closed_on", "lost_reason", "opened_on")},
)
def deal_closing(record: Record, config: Config, out: Collector) -> None:
    """A won or lost deal says when it closed, and a lost one why; a deal closes no
    earlier than it was opened (the sales cycle is never negative)."""
    stage = record.get("stage")
    if (
        stage in ("won", "lost")
        and "closed_on" not in record.data
        and not out.reported(("closed_on",))
    ):
        out.error("missing-field", f"a {stage} deal needs closed_on")
    if stage == "lost" and not record.get("lost_reason") and not out.reported(("lost_reason",)):
        out.error("missing-field", "a lost deal needs lost_reason")
    date_order(record, out, "opened_on", "closed_on")


KIND = Kind(
    "deals",
    "deal",
    r"DEAL-[0-9]{4,}",
    "DEAL-0001",
    description=("A sales opportunity with one customer."),
    fields=(
        Field("id", "str"),
        Field("title", "str", required=True),
        ref("customer", "customers", required=True),
        ref("owner", "staff", required=True),
        Field("stage", "str", required=True, enum=STAGES),
        Field("amount", "decimal", required=True, min=Decimal(0)),
        Field("currency", "currency"),
        Field(
            "probability",
            "int",
            min=Decimal(0),
            max=Decimal(100),
            description="Percent; default by stage.",
        ),
        Field(
            "opened_on",
            "date",
            description="The day the deal was opened, the start of its sales cycle "
            "(`new deals` sets today).",
        ),
        Field("expected_close", "date"),
        Field("closed_on", "date", description="Required once won or lost."),
        Field("lost_reason", "str", description="Required when lost."),
        ref("contract", "contracts"),
        NOTES,
        META,
    ),
    columns=(
        "id",
        "title",
        "customer",
        "owner",
        "stage",
        "amount",
        "currency",
        "probability",
        "expected_close",
    ),
    new_defaults=(("stage", "lead"),),
    new_today=("opened_on",),
    computed=(
        ("probability", Computed("int", record_probability, "Default by stage.", derived=False)),
        (
            "currency",
            Computed("str", default_currency, "Default: the customer's currency.", derived=False),
        ),
        ("weighted", Computed("decimal", record_weighted, "amount × probability / 100.")),
    ),
    rules=(deal_closing,),
)
