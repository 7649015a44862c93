"""What ``query`` and the analytics reports share: loading, and results as tables."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

import click

from officectl.cli.app import App

if TYPE_CHECKING:
    from officectl.analytics.engine import Result
    from officectl.analytics.session import Analysis
    from officectl.tabular import ViewTable


def analysis(
    app: App,
    today: date | None,
    *,
    show_sensitive: bool = False,
    until: date | None = None,
    only: Iterable[str] | None = None,
) -> Analysis:
    from officectl.analytics.session import Analysis
    from officectl.analytics.table_cache import cached_views, repository_config

    day = today or date.today()
    config = repository_config(app.root)  # as a warm validate reads it
    cached = cached_views(config, day, show_sensitive=show_sensitive, until=until, only=only)
    if cached is not None:
        views, warning = cached
        if warning:
            click.echo(warning, err=True)
        return Analysis.of_views(config, day, views)
    from officectl.views import load_cached

    repo, warning = load_cached(app.config)
    if warning:
        click.echo(warning, err=True)
    return Analysis(repo, day, show_sensitive=show_sensitive, until=until, only=only)


def result_table(result: Result) -> ViewTable:
    from officectl.analytics.session import plain
    from officectl.tabular import ViewTable, columns

    names = _unique(result.columns)
    rows = [
        {name: plain(value) for name, value in zip(names, row, strict=True)} for row in result.rows
    ]
    return ViewTable(columns(*names), rows)


def _unique(names: list[str]) -> list[str]:
    """Column names as keys: a repeated name gets ``_2``, ``_3`` …"""
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return unique


def revenue_table(session: Analysis, period: str | None, by: tuple[str, ...]) -> ViewTable:
    from officectl.analytics.reports import default_period, revenue
    from officectl.money import ZERO
    from officectl.tabular import ViewTable, columns

    chosen = default_period(period, session.today)
    found = revenue(session, chosen, by)
    keys = [k for b in by for k in (("customer", "name") if b == "customer" else (b,))]
    label, whole = "total", found
    if "tag" in by:  # an invoice is in a row per tag: the rows overlap, the total may not
        label, whole = "total (each invoice once)", revenue(session, chosen, ())
    total = sum((r["revenue"] or ZERO for r in whole), ZERO)
    invoices = sum(r["invoices"] for r in whole)
    summary = [{keys[0]: label, "revenue": total, "invoices": invoices}] if keys else []
    document = {
        "period": chosen.label,
        "from": chosen.start,
        "to": chosen.end,
        "currency": session.config.currency,
        "by": list(by),
        "rows": found,
        "total": total,
    }
    return ViewTable(columns(*keys, "revenue", "invoices", "unconverted"), found, summary, document)


def kpis_table(session: Analysis, period: str | None) -> ViewTable:
    from officectl.analytics.reports import default_period, kpis
    from officectl.tabular import ViewTable, columns

    found = kpis(session, default_period(period, session.today))
    rows = [{"kpi": name, "value": value} for name, value in found.figures.items()]
    rows += [
        {"kpi": f"conversion {c['from']} → {c['to']} %", "value": c["percent"]}
        for c in found.conversion
    ]
    rows += [
        {"kpi": f"average days late {r['customer']}", "value": r["average_days_late"]}
        for r in found.late_by_customer
    ]
    document = {
        "period": found.period.label,
        "from": found.period.start,
        "to": found.period.end,
        "as_of": session.today,
        "currency": session.config.currency,
        **found.figures,
        "conversion": found.conversion,
        "late_by_customer": found.late_by_customer,
    }
    return ViewTable(columns("kpi", "value"), rows, (), document)


def forecast_table(session: Analysis, months: int) -> ViewTable:
    from officectl.analytics.reports import SOURCES, forecast, forecast_items
    from officectl.money import ZERO
    from officectl.tabular import ViewTable, columns

    items = forecast_items(session, months)
    found = forecast(session, months)
    totals: dict[str, dict[str, Any]] = {}
    for row in found:
        sums = totals.setdefault(
            row["currency"],
            {
                "month": "total",
                "currency": row["currency"],
                **dict.fromkeys((*SOURCES, "total"), ZERO),
            },
        )
        for key in (*SOURCES, "total"):
            sums[key] += row[key]
    summary = [totals[c] for c in sorted(totals)]
    document = {
        "as_of": session.today,
        "months": months,
        "rows": found,
        "totals": summary,
        "items": items,
    }
    return ViewTable(columns("month", "currency", *SOURCES, "total"), found, summary, document)
