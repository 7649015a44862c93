"""``officectl report dashboard``: one self-contained HTML page of the business at a glance.

Key figures (those of ``report kpis``) and bar charts of revenue by month, receivables
ageing, the pipeline by stage, the cash forecast and the top customers, all drawn as
inline SVG from the reports' own rows: no script, no network, no font to fetch, the
same bytes for the same records and date. Amounts in other currencies than the
company's are charted per currency, never summed into it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html import escape
from typing import Any

from officectl.analytics.charts import bar_chart, grouped, svg_to_png
from officectl.analytics.reports import SOURCES, forecast, kpis, revenue, rows
from officectl.analytics.session import Analysis
from officectl.model.contract import add_months
from officectl.model.deal import STAGES
from officectl.money import ZERO
from officectl.open_items import BUCKETS
from officectl.periods import Period, month_period, year_period

TOP_CUSTOMERS = 10
STYLE = """
body{font-family:sans-serif;margin:24px;color:#222;background:#fff}
h1{font-size:22px}h2{font-size:17px;margin-top:28px}
.kpis{display:flex;flex-wrap:wrap;gap:12px}
.kpi{border:1px solid #ccc;border-radius:6px;padding:8px 12px;min-width:150px}
.kpi .name{font-size:12px;color:#555}.kpi .value{font-size:18px}
"""


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    unit: str
    labels: list[str]
    values: list[Decimal]

    def svg(self) -> str:
        return bar_chart(self.id, self.title, self.labels, self.values, self.unit)

    def png(self) -> bytes:
        """The chart drawn by resvg at twice its size (sharp on a slide), on white."""
        return svg_to_png(self.svg())


def charts(analysis: Analysis, months: int = 12) -> list[Chart]:
    """Every chart of the dashboard, from the reports' rows."""
    today, base = analysis.today, analysis.config.currency
    first = add_months(date(today.year, today.month, 1), 1 - months)
    last = month_period(today.year, today.month)
    window = Period(first, last.end, f"{first:%Y-%m}..{last.label}")
    by_month = {r["month"]: r["revenue"] or ZERO for r in revenue(analysis, window, ["month"])}
    labels = [p.label for p in window.months()]
    found = [
        Chart(
            "revenue-by-month",
            "Revenue by month",
            base,
            labels,
            [by_month.get(label, ZERO) for label in labels],
        )
    ]
    ageing = {r["bucket"]: r["owed"] for r in rows(analysis, _AGEING_SQL, [today])}
    found.append(
        Chart(
            "receivables-ageing",
            "Receivables by days overdue",
            base,
            list(BUCKETS),
            [ageing.get(b, ZERO) for b in BUCKETS],
        )
    )
    stages = [s for s in STAGES if s not in ("won", "lost")]
    pipeline: dict[str, dict[str, Decimal]] = {}
    for row in rows(analysis, _PIPELINE_SQL):
        pipeline.setdefault(row["currency"], {})[row["stage"]] = row["weighted"]
    for currency in sorted(pipeline, key=lambda c: (c != base, c)):
        found.append(
            Chart(
                f"pipeline-{currency}",
                "Pipeline by stage, weighted",
                currency,
                stages,
                [pipeline[currency].get(s, ZERO) for s in stages],
            )
        )
    cash: dict[str, dict[str, Decimal]] = {}
    for row in forecast(analysis, months):
        cash.setdefault(row["currency"], {})[row["month"]] = row["total"]
    ahead = [add_months(date(today.year, today.month, 1), i) for i in range(months)]
    ahead_labels = [f"{m:%Y-%m}" for m in ahead]
    for currency in sorted(cash, key=lambda c: (c != base, c)):
        found.append(
            Chart(
                f"forecast-{currency}",
                "Cash forecast",
                currency,
                ahead_labels,
                [cash[currency].get(m, ZERO) for m in ahead_labels],
            )
        )
    year = year_period(today.year)
    top = sorted(
        revenue(analysis, year, ["customer"]),
        key=lambda r: (-(r["revenue"] or ZERO), r["customer"]),
    )[:TOP_CUSTOMERS]
    found.append(
        Chart(
            "top-customers",
            f"Top customers by revenue {year.label}",
            base,
            [r["customer"] for r in top],
            [r["revenue"] or ZERO for r in top],
        )
    )
    return found


_AGEING_SQL = """
SELECT CASE WHEN days_overdue <= 0 THEN 'current' WHEN days_overdue <= 30 THEN '1–30'
            WHEN days_overdue <= 60 THEN '31–60' WHEN days_overdue <= 90 THEN '61–90'
            ELSE '90+' END AS bucket, sum(balance_base) AS owed
FROM invoices WHERE status <> 'draft' AND NOT starts_with(id, 'INV-DRAFT-')
  AND NOT is_credit_note AND balance <> 0 AND issue_date <= ?
GROUP BY bucket"""
_PIPELINE_SQL = """
SELECT currency, stage, sum(weighted) AS weighted FROM deals
WHERE stage NOT IN ('won', 'lost') GROUP BY ALL"""


def _kpi_tiles(figures: dict[str, Any]) -> str:
    tiles = []
    for name, value in figures.items():
        shown = (
            "–" if value is None else (grouped(value) if isinstance(value, Decimal) else str(value))
        )
        data = "" if value is None else str(value)
        tiles.append(
            f'<div class="kpi" data-kpi="{escape(name)}" data-value="{escape(data)}">'
            f'<div class="name">{escape(name.replace("_", " "))}</div>'
            f'<div class="value">{escape(shown)}</div></div>'
        )
    return '<div class="kpis">' + "".join(tiles) + "</div>"


def dashboard(analysis: Analysis) -> tuple[str, list[Chart]]:
    """The page's HTML and its charts (for ``--images``)."""
    company = str(analysis.config.company.get("name", ""))
    period = year_period(analysis.today.year)
    figures = kpis(analysis, period).figures
    drawn = charts(analysis)
    body = "".join(
        f"<section><h2>{escape(c.title)} — {escape(c.unit)}</h2>{c.svg()}</section>" for c in drawn
    )
    html = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(company)} — dashboard</title>"
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<style>{STYLE}</style></head><body>"
        f"<h1>{escape(company)} — as of {analysis.today.isoformat()}</h1>"
        f"<h2>Key figures {period.label} ({escape(analysis.config.currency)})</h2>"
        f"{_kpi_tiles(figures)}{body}"
        f"<p>Forecast sources: {', '.join(SOURCES)}. Made by officectl report "
        f"dashboard --today {analysis.today.isoformat()}.</p></body></html>\n"
    )
    return html, drawn
