"""The sales pipeline (``officectl report pipeline``): what open deals may bring in.

An *open* deal is one not yet won or lost. Its *weighted* amount is amount ×
probability / 100, rounded half up to the cent (probability defaults by stage). Rows
group open deals by currency, stage, owner and month of expected close; amounts are
only ever summed within one currency, never across.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from officectl.model.deal import CLOSED_STAGES, STAGES, deal_currency, probability, weighted
from officectl.money import ZERO
from officectl.repository import Repository
from officectl.tabular import ViewTable, columns
from officectl.views.links import label

COLUMNS = columns(
    "currency",
    "stage",
    "owner",
    "owner_name",
    ("close_month", "close"),
    "deals",
    "amount",
    "weighted",
)


@dataclass(frozen=True, slots=True)
class OpenDeal:
    id: str
    title: str
    customer: str
    stage: str
    owner: str
    currency: str
    amount: Decimal
    probability: int
    weighted: Decimal
    expected_close: date | None

    @property
    def close_month(self) -> str | None:
        return self.expected_close.strftime("%Y-%m") if self.expected_close else None


def open_deals(repo: Repository) -> list[OpenDeal]:
    """Every readable deal with a stage that is not won or lost, in ID order."""
    found = []
    for deal in sorted(repo.of_kind("deals"), key=lambda r: r.id):
        stage = deal.get("stage")
        if not deal.readable or stage is None or stage in CLOSED_STAGES:
            continue
        found.append(
            OpenDeal(
                deal.id,
                deal.get("title", ""),
                deal.get("customer", ""),
                stage,
                deal.get("owner", ""),
                deal_currency(deal, repo),
                deal.get("amount", ZERO),
                probability(deal.data),
                weighted(deal),
                deal.get("expected_close"),
            )
        )
    return found


def _sums(deals: Iterable[OpenDeal]) -> dict[str, Any]:
    chosen = list(deals)
    return {
        "deals": len(chosen),
        "amount": sum((d.amount for d in chosen), ZERO),
        "weighted": sum((d.weighted for d in chosen), ZERO),
    }


def _group_key(deal: OpenDeal) -> tuple[str, int, str, str]:
    return (deal.currency, STAGES.index(deal.stage), deal.owner, deal.close_month or "9999")


def pipeline(repo: Repository) -> ViewTable:
    deals = open_deals(repo)
    groups: dict[tuple[str, int, str, str], list[OpenDeal]] = {}
    for deal in sorted(deals, key=_group_key):
        groups.setdefault(_group_key(deal), []).append(deal)
    rows = [
        {
            "currency": first.currency,
            "stage": first.stage,
            "owner": first.owner,
            "owner_name": label(repo.records.get(first.owner)) if first.owner else "",
            "close_month": first.close_month,
            **_sums(members),
        }
        for members in groups.values()
        for first in members[:1]
    ]
    by_stage = _by(deals, lambda d: d.stage, STAGES.index)
    totals = {
        currency: _sums(d for d in deals if d.currency == currency)
        for currency in sorted({d.currency for d in deals})
    }
    summary = [
        {"currency": currency, "stage": stage, **sums}
        for currency, stages in by_stage.items()
        for stage, sums in stages.items()
    ]
    summary += [
        {"currency": currency, "stage": "all open", **sums} for currency, sums in totals.items()
    ]
    document = {
        "deals": [_deal_json(d) for d in deals],
        "rows": rows,
        "by_stage": by_stage,
        "by_owner": _by(deals, lambda d: d.owner),
        "by_month": _by(deals, lambda d: d.close_month or "none"),
        "totals": totals,
    }
    return ViewTable(COLUMNS, rows, summary, document)


def _by(
    deals: list[OpenDeal], key: Callable[[OpenDeal], str], order: Callable[[str], Any] = str
) -> dict[str, dict[str, dict[str, Any]]]:
    """Per currency, per value of ``key`` (sorted by ``order``), the sums of the deals."""
    grouped: dict[str, dict[str, list[OpenDeal]]] = {}
    for deal in deals:
        grouped.setdefault(deal.currency, {}).setdefault(key(deal), []).append(deal)
    return {
        currency: {value: _sums(values[value]) for value in sorted(values, key=order)}
        for currency, values in sorted(grouped.items())
    }


def _deal_json(deal: OpenDeal) -> dict[str, Any]:
    return {
        "id": deal.id,
        "title": deal.title,
        "customer": deal.customer,
        "stage": deal.stage,
        "owner": deal.owner,
        "currency": deal.currency,
        "amount": deal.amount,
        "probability": deal.probability,
        "weighted": deal.weighted,
        "expected_close": deal.expected_close,
    }
