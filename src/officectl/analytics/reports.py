"""The analytics reports: each a thin SQL query over the views ``officectl query`` sees.

So a report and a query can never disagree: the figures are sums of the same
columns. Arithmetic that SQL would do in floating point (averages, ratios) is done
here on the integer and DECIMAL sums the query returns, with Decimal, rounded half
up to one decimal.

*Revenue* is the net (VAT excluded) of every non-draft invoice and credit note in the
company's currency (``net_base``), by taxable supply date; credit notes count
negative. A foreign-currency invoice without an ``exchange_rate`` has no base amount
and is counted in ``unconverted``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from officectl.analytics.session import Analysis
from officectl.errors import UsageError
from officectl.model.contract import add_months
from officectl.model.deal import STAGES
from officectl.money import ZERO
from officectl.periods import Period, month_period, parse_period, quarter_period, year_period

DIMENSIONS = ("customer", "month", "quarter", "owner", "tag", "segment")
REVENUE_VIEWS = ("invoices", "customers", "deals")
KPI_VIEWS = (*REVENUE_VIEWS, "payments", "tickets")
FORECAST_VIEWS = (*KPI_VIEWS, "contract_periods")
"""The views each report reads (only those are built)."""
TENTH = Decimal("0.1")
ISSUED = "i.status <> 'draft' AND NOT starts_with(i.id, 'INV-DRAFT-')"


def rows(analysis: Analysis, sql: str, parameters: Sequence[Any] = ()) -> list[dict[str, Any]]:
    result = analysis.query(sql, list(parameters))
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def ratio(
    numerator: Decimal | int | None, denominator: Decimal | int | None, scale: Decimal | int = 1
) -> Decimal | None:
    """numerator × scale / denominator, rounded half up to 0.1; None without a base."""
    if numerator is None or not denominator:
        return None
    value = Decimal(numerator) * Decimal(scale) / Decimal(denominator)
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def default_period(period: str | None, today: date) -> Period:
    return parse_period(period) if period else year_period(today.year)


def previous(period: Period) -> Period:
    """The period of the same kind just before (year, quarter, month, or as many days)."""
    label = period.label
    if len(label) == 4:
        return year_period(period.start.year - 1)
    if "-Q" in label:
        first = add_months(period.start, -3)
        return quarter_period(first.year, (first.month - 1) // 3 + 1)
    if len(label) == 7:
        first = add_months(period.start, -1)
        return month_period(first.year, first.month)
    days = (period.end - period.start).days + 1
    return Period(period.start - timedelta(days=days), period.start - timedelta(days=1), "previous")


# -- revenue -------------------------------------------------------------------------


def _segment_column(analysis: Analysis) -> str:
    """The customers' ``segment`` field if the company declares one, else ``type``."""
    fields = analysis.config.kinds["customers"].by_name
    return "c.segment" if "segment" in fields else "c.type"


def revenue_sql(analysis: Analysis, by: Sequence[str]) -> tuple[str, list[str]]:
    expressions = {
        "customer": ["i.customer AS customer", "any_value(c.name) AS name"],
        "month": ["strftime(i.supply_date, '%Y-%m') AS month"],
        "quarter": ["concat(year(i.supply_date), '-Q', quarter(i.supply_date)) AS quarter"],
        "owner": ["coalesce(d.owner, c.account_manager) AS owner"],
        "tag": ["t.tag AS tag"],
        "segment": [f"{_segment_column(analysis)} AS segment"],
    }
    selected = [e for b in by for e in expressions[b]]
    keys = [
        e.rsplit(" AS ", 1)[1] for b in by for e in expressions[b] if not e.startswith("any_value")
    ]
    tags = (
        ", unnest(CASE WHEN len(c.tags) > 0 THEN c.tags ELSE [NULL] END) AS t(tag)"
        if "tag" in by
        else ""
    )
    sql = (
        f"SELECT {', '.join([*selected, ''])}"
        "sum(i.net_base) AS revenue, count(*) AS invoices, "
        "count(*) FILTER (WHERE i.net_base IS NULL) AS unconverted "
        f"FROM invoices i LEFT JOIN customers c ON c.id = i.customer "
        f"LEFT JOIN deals d ON d.id = i.deal{tags} "
        f"WHERE {ISSUED} AND i.supply_date BETWEEN ? AND ? "
        + ("GROUP BY ALL ORDER BY ALL" if keys else "")
    )
    return sql, keys


def revenue(analysis: Analysis, period: Period, by: Sequence[str]) -> list[dict[str, Any]]:
    sql, _ = revenue_sql(analysis, by)
    found = rows(analysis, sql, [period.start, period.end])
    return [r for r in found if r["invoices"]]


# -- KPIs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Kpis:
    period: Period
    figures: dict[str, Any]
    late_by_customer: list[dict[str, Any]]
    conversion: list[dict[str, Any]]


def revenue_total(analysis: Analysis, period: Period) -> Decimal:
    found = revenue(analysis, period, ())
    return (found[0]["revenue"] or ZERO) if found else ZERO


def late_by_customer(analysis: Analysis, until: date) -> list[dict[str, Any]]:
    """Per customer, invoices settled by ``until`` and the days they were paid after
    the due date (early counts as 0): the last payment's date − due_date."""
    found = rows(
        analysis,
        """
        WITH settled AS (
          SELECT p.invoice, any_value(p.customer) AS customer,
                 greatest(max(p.date) - any_value(p.due_date), 0) AS late
          FROM payments p JOIN invoices i ON i.id = p.invoice
          WHERE NOT p.refund AND p.amount > 0 AND p.due_date IS NOT NULL
            AND NOT i.is_credit_note AND i.balance = 0 AND p.date <= ?
          GROUP BY p.invoice)
        SELECT s.customer, any_value(c.name) AS name, count(*) AS invoices,
               sum(s.late) AS days_late
        FROM settled s LEFT JOIN customers c ON c.id = s.customer
        GROUP BY s.customer ORDER BY s.customer""",
        [until],
    )
    for row in found:
        row["average_days_late"] = ratio(row["days_late"], row["invoices"])
    return found


def delays(analysis: Analysis) -> dict[str, int]:
    """Each customer's average days late, rounded half up to whole days."""
    return {
        row["customer"]: int(Decimal(row["days_late"]) / row["invoices"] + Decimal("0.5"))
        for row in late_by_customer(analysis, analysis.today)
    }


def conversion(analysis: Analysis) -> list[dict[str, Any]]:
    """The funnel: how many deals reached each stage, and what share of those went on to
    the next. A deal's stage is where it is now, so an open or won deal has passed
    every stage before it; a lost deal's last stage is not recorded, so it counts as
    having reached the first stage only."""
    counts = {
        row["stage"]: row["deals"]
        for row in rows(analysis, "SELECT stage, count(*) AS deals FROM deals GROUP BY stage")
    }
    funnel = [s for s in STAGES if s != "lost"]
    reached = {
        stage: sum(counts.get(s, 0) for s in funnel[index:]) for index, stage in enumerate(funnel)
    }
    reached[funnel[0]] += counts.get("lost", 0)
    return [
        {
            "from": stage,
            "to": following,
            "reached": reached[stage],
            "went_on": reached[following],
            "percent": ratio(reached[following], reached[stage], 100),
        }
        for stage, following in itertools.pairwise(funnel)
    ]


def kpis(analysis: Analysis, period: Period) -> Kpis:
    current = revenue_total(analysis, period)
    before = revenue_total(analysis, previous(period))
    days = (period.end - period.start).days + 1
    invoiced = rows(
        analysis,
        f"SELECT sum(i.total_base) AS gross FROM invoices i "
        f"WHERE {ISSUED} AND i.supply_date BETWEEN ? AND ?",
        [period.start, period.end],
    )[0]["gross"]
    owed = rows(
        analysis,
        f"SELECT sum(i.balance_base) AS owed FROM invoices i WHERE {ISSUED} "
        "AND NOT i.is_credit_note AND i.issue_date <= ?",
        [analysis.today],
    )[0]["owed"]
    deals = rows(
        analysis,
        """SELECT count(*) FILTER (WHERE stage = 'won') AS won,
        count(*) FILTER (WHERE stage = 'lost') AS lost FROM deals
        WHERE closed_on BETWEEN ? AND ?""",
        [period.start, period.end],
    )[0]
    late = late_by_customer(analysis, analysis.today)
    figures: dict[str, Any] = {
        "revenue": current,
        "revenue_previous": before,
        "growth_percent": ratio(current - before, before, 100),
        "receivables": owed or ZERO,
        "dso_days": ratio(owed or ZERO, invoiced, days),
        "average_days_late": ratio(
            sum(r["days_late"] for r in late), sum(r["invoices"] for r in late)
        ),
        "deals_won": deals["won"],
        "deals_lost": deals["lost"],
        "win_rate_percent": ratio(deals["won"], deals["won"] + deals["lost"], 100),
        "average_sales_cycle_days": _sales_cycle(analysis, period),
        **_tickets(analysis, period),
    }
    return Kpis(period, figures, late, conversion(analysis))


def _date_column(analysis: Analysis, view: str, prefix: str) -> str | None:
    return next(
        (
            c.name
            for c in analysis.views[view].columns
            if c.type == "DATE" and c.name.startswith(prefix)
        ),
        None,
    )


def _sales_cycle(analysis: Analysis, period: Period) -> Decimal | None:
    """Days from a won deal's ``opened_on`` to its ``closed_on``, over the deals won
    in the period that say when they were opened; None if none does."""
    found = rows(
        analysis,
        """SELECT sum(closed_on - opened_on) AS days, count(*) AS won
        FROM deals WHERE stage = 'won' AND opened_on IS NOT NULL
        AND closed_on BETWEEN ? AND ?""",
        [period.start, period.end],
    )[0]
    return ratio(found["days"], found["won"])


def _tickets(analysis: Analysis, period: Period) -> dict[str, Any]:
    """Open tickets and the average days to close one, when a ``tickets`` kind exists:
    its first date field named ``open…`` and first named ``close…``."""
    if "tickets" not in analysis.views:
        return {}
    opened = _date_column(analysis, "tickets", "open")
    closed = _date_column(analysis, "tickets", "close")
    if opened is None or closed is None:
        return {}
    found = rows(
        analysis,
        f"""SELECT
        count(*) FILTER (WHERE "{closed}" IS NULL OR "{closed}" > ?) AS open,
        sum("{closed}" - "{opened}") FILTER (WHERE "{closed}" BETWEEN ? AND ?) AS days,
        count(*) FILTER (WHERE "{closed}" BETWEEN ? AND ?) AS closed
        FROM tickets WHERE "{opened}" <= ?""",
        [analysis.today, period.start, period.end, period.start, period.end, analysis.today],
    )[0]
    return {
        "open_tickets": found["open"],
        "tickets_closed": found["closed"],
        "average_days_to_close": ratio(found["days"], found["closed"]),
    }


# -- forecast ------------------------------------------------------------------------

SOURCES = ("receivables", "contracts", "deals")


def forecast_items(analysis: Analysis, months: int) -> list[dict[str, Any]]:
    """Every expected payment: open balances (due date + the customer's average delay),
    contract periods no invoice bills yet (when their invoice falls due to be made +
    the customer's terms + delay), open deals not yet a contract (weighted, at the
    expected close + terms). A date already past counts as today. A period billed by
    an issued invoice is only its invoice's balance, and a deal with a contract only
    that contract's periods: nothing is counted twice."""
    if months < 1:
        raise UsageError("--months must be at least 1")
    today = analysis.today
    horizon = add_months(date(today.year, today.month, 1), months)
    terms = analysis.config.payment_terms_days
    delay = delays(analysis)
    analysis.query(
        "CREATE OR REPLACE TEMP TABLE _delay (customer VARCHAR, days INTEGER)", select_only=False
    )
    if delay:
        analysis.query(
            "INSERT INTO _delay VALUES " + ", ".join(["(?, ?)"] * len(delay)),
            [v for item in sorted(delay.items()) for v in item],
            select_only=False,
        )
    return rows(
        analysis,
        f"""
        WITH items AS (
          SELECT 'receivables' AS source, i.id AS ref, i.customer, i.currency,
                 i.due_date + coalesce(l.days, 0) AS expected, i.balance AS amount
          FROM invoices i LEFT JOIN _delay l ON l.customer = i.customer
          WHERE {ISSUED} AND NOT i.is_credit_note AND i.balance <> 0 AND i.issue_date <= ?
          UNION ALL
          SELECT 'contracts', p.contract || ' ' || p.period, p.customer, p.currency,
                 p.invoice_due + CAST(coalesce(c.payment_terms_days, {terms}) AS INTEGER)
                   + coalesce(l.days, 0),
                 p.total
          FROM contract_periods p LEFT JOIN customers c ON c.id = p.customer
          LEFT JOIN _delay l ON l.customer = p.customer
          WHERE p.invoice IS NULL
          UNION ALL
          SELECT 'deals', d.id, d.customer, d.currency,
                 greatest(coalesce(d.expected_close, ?), ?)
                   + CAST(coalesce(c.payment_terms_days, {terms}) AS INTEGER), d.weighted
          FROM deals d LEFT JOIN customers c ON c.id = d.customer
          WHERE d.stage NOT IN ('won', 'lost') AND d.contract IS NULL)
        SELECT source, ref, customer, currency, greatest(expected, ?) AS expected,
               strftime(greatest(expected, ?), '%Y-%m') AS month, amount
        FROM items WHERE greatest(expected, ?) < ?
        ORDER BY month, currency, source, ref""",
        [today, today, today, today, today, today, horizon],
    )


def forecast(analysis: Analysis, months: int) -> list[dict[str, Any]]:
    """Per month and currency, the expected cash from each source (amounts are never
    summed across currencies)."""
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    for item in forecast_items(analysis, months):
        row = grouped.setdefault(
            (item["month"], item["currency"]),
            {
                "month": item["month"],
                "currency": item["currency"],
                **dict.fromkeys(SOURCES, ZERO),
                "total": ZERO,
            },
        )
        row[item["source"]] += item["amount"]
        row["total"] += item["amount"]
    return list(grouped.values())
