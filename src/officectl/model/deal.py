"""Deals: the sales pipeline."""

from __future__ import annotations

from decimal import Decimal

from officectl.model.common import META, NOTES, ref
from officectl.schema import Field, Kind

STAGES = ("lead", "qualified", "proposal", "negotiation", "won", "lost")
CLOSED_STAGES = ("won", "lost")
DEFAULT_PROBABILITY = {"lead": 10, "qualified": 25, "proposal": 50, "negotiation": 75,
                       "won": 100, "lost": 0}

KIND = Kind("deals", "deal", r"DEAL-[0-9]{4,}", "DEAL-0001", description=(
    "A sales opportunity with one customer."), fields=(
    Field("id", "str"),
    Field("title", "str", required=True),
    ref("customer", "customers", required=True),
    ref("owner", "staff", required=True),
    Field("stage", "str", required=True, enum=STAGES),
    Field("amount", "decimal", required=True, min=Decimal(0)),
    Field("currency", "currency"),
    Field("probability", "int", min=Decimal(0), max=Decimal(100),
          description="Percent; default by stage."),
    Field("expected_close", "date"),
    Field("closed_on", "date", description="Required once won or lost."),
    Field("lost_reason", "str", description="Required when lost."),
    ref("contract", "contracts"),
    NOTES,
    META,
))


def probability(deal: dict[str, object]) -> int:
    value = deal.get("probability")
    if isinstance(value, int):
        return value
    return DEFAULT_PROBABILITY.get(str(deal.get("stage")), 0)
