"""Figures computed straight from the sample's YAML text with Decimal, for the analytics
tests: an independent second derivation of what the views and reports show."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import yaml

CENT = Decimal("0.01")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def records(root: Path, kind: str) -> dict[str, dict[str, Any]]:
    """Every record of ``kind`` as raw strings (BaseLoader: no float ever)."""
    found = {}
    for path in sorted((root / "records" / kind).rglob("*.yaml")):
        found[path.stem] = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return found


def issued(invoice_id: str, invoice: dict[str, Any]) -> bool:
    return not invoice_id.startswith("INV-DRAFT-") and invoice["status"] != "draft"


def supply(invoice: dict[str, Any]) -> date:
    return date.fromisoformat(invoice.get("taxable_supply_date") or invoice["issue_date"])


def nets_by_rate(invoice: dict[str, Any]) -> dict[Decimal, Decimal]:
    nets: dict[Decimal, Decimal] = {}
    for line in invoice["lines"]:
        rate = Decimal(line["vat_rate"])
        nets[rate] = nets.get(rate, Decimal(0)) + cents(
            Decimal(line["quantity"]) * Decimal(line["unit_price"])
        )
    return nets


def net(invoice: dict[str, Any]) -> Decimal:
    return sum(nets_by_rate(invoice).values(), Decimal(0))


def total(invoice: dict[str, Any]) -> Decimal:
    return sum(
        (base + cents(base * rate / 100) for rate, base in nets_by_rate(invoice).items()),
        Decimal(0),
    )


def net_base(invoice: dict[str, Any], base_currency: str) -> Decimal:
    """Each rate's base converted at the exchange rate, rounded half up, then summed."""
    if invoice["currency"] == base_currency:
        return net(invoice)
    rate = Decimal(invoice["exchange_rate"])
    return sum((cents(base * rate) for base in nets_by_rate(invoice).values()), Decimal(0))


def revenue_by_month(root: Path, year: int, base_currency: str = "CZK") -> dict[str, Decimal]:
    months: dict[str, Decimal] = {}
    for invoice_id, invoice in records(root, "invoices").items():
        if not issued(invoice_id, invoice) or supply(invoice).year != year:
            continue
        key = f"{supply(invoice):%Y-%m}"
        months[key] = months.get(key, Decimal(0)) + net_base(invoice, base_currency)
    return months
