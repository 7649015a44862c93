"""``report revenue``, ``report kpis`` and ``report forecast`` on the sample company,
checked against figures computed here from the YAML with Decimal."""

from __future__ import annotations

import csv
import io
import itertools
import json
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from analytics_helpers import (
    cents,
    issued,
    nets_by_rate,
    records,
    revenue_by_month,
    supply,
    total,
)
from conftest import TODAY, RunCli

TENTH = Decimal("0.1")
DEFAULT_PROBABILITY = {"lead": 10, "qualified": 25, "proposal": 50, "negotiation": 75}


def report(run_cli: RunCli, root: Path, *args: str) -> Any:
    result = run_cli(root, "report", *args, "--today", TODAY, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_revenue_by_month_is_the_net_of_invoices_and_credit_notes(
    sample_repo: Path, run_cli: RunCli
) -> None:
    expected = revenue_by_month(sample_repo, 2026)
    found = report(run_cli, sample_repo, "revenue", "--by", "month", "--period", "2026")
    assert {r["month"]: Decimal(r["revenue"]) for r in found["rows"]} == expected
    assert Decimal(found["total"]) == sum(expected.values(), Decimal(0))
    assert found["currency"] == "CZK"
    credit_notes = [
        i
        for k, i in records(sample_repo, "invoices").items()
        if "credit_note_for" in i and issued(k, i) and supply(i).year == 2026
    ]
    assert credit_notes, "the sample has credit notes in 2026: they must count"


def test_revenue_by_customer_and_quarter_add_up(sample_repo: Path, run_cli: RunCli) -> None:
    invoices = records(sample_repo, "invoices")
    expected: dict[tuple[str, str], Decimal] = {}
    for invoice_id, invoice in invoices.items():
        if issued(invoice_id, invoice) and supply(invoice).year == 2025:
            day = supply(invoice)
            key = (invoice["customer"], f"{day.year}-Q{(day.month - 1) // 3 + 1}")
            expected[key] = expected.get(key, Decimal(0)) + _net_base(invoice)
    found = report(
        run_cli, sample_repo, "revenue", "--by", "customer", "--by", "quarter", "--period", "2025"
    )
    assert {(r["customer"], r["quarter"]): Decimal(r["revenue"]) for r in found["rows"]} == expected
    table = run_cli(
        sample_repo,
        "report",
        "revenue",
        "--by",
        "customer",
        "--period",
        "2025",
        "--today",
        TODAY,
        "--format",
        "csv",
    ).stdout
    rows = list(csv.DictReader(io.StringIO(table)))
    assert sum(Decimal(r["revenue"]) for r in rows) == sum(expected.values())


def test_revenue_by_tag_totals_each_invoice_once(sample_repo: Path, run_cli: RunCli) -> None:
    """By tag, an invoice of a customer with two tags is in two rows, so the rows do
    not add up to the revenue; the total line is the period's revenue, each invoice
    counted once (it was missing: a reader had no total at all)."""
    invoices = records(sample_repo, "invoices")
    customers = records(sample_repo, "customers")
    chosen = {k: i for k, i in invoices.items() if issued(k, i) and supply(i).year == 2025}
    expected = sum((_net_base(i) for i in chosen.values()), Decimal(0))
    by_tag: dict[str, Decimal] = {}
    for invoice in chosen.values():
        for tag in customers[invoice["customer"]].get("tags") or [""]:
            by_tag[tag] = by_tag.get(tag, Decimal(0)) + _net_base(invoice)
    assert sum(by_tag.values()) != expected, "the sample has customers with several tags"
    found = report(run_cli, sample_repo, "revenue", "--by", "tag", "--period", "2025")
    assert {r["tag"] or "": Decimal(r["revenue"]) for r in found["rows"]} == by_tag
    assert Decimal(found["total"]) == expected
    table = run_cli(
        sample_repo, "report", "revenue", "--by", "tag", "--period", "2025", "--today", TODAY
    ).stdout
    last = table.splitlines()[-1].split()
    assert last[:4] == ["total", "(each", "invoice", "once)"]
    assert Decimal(last[4]) == expected and int(last[5]) == len(chosen)


def _net_base(invoice: dict[str, Any]) -> Decimal:
    if invoice["currency"] == "CZK":
        return sum(nets_by_rate(invoice).values(), Decimal(0))
    rate = Decimal(invoice["exchange_rate"])
    return sum((cents(b * rate) for b in nets_by_rate(invoice).values()), Decimal(0))


def _total_base(invoice: dict[str, Any]) -> Decimal:
    if invoice["currency"] == "CZK":
        return total(invoice)
    rate = Decimal(invoice["exchange_rate"])
    return sum(
        (
            cents(b * rate) + cents(cents(b * r / 100) * rate)
            for r, b in nets_by_rate(invoice).items()
        ),
        Decimal(0),
    )


def _owed_base(root: Path) -> Decimal:
    """Open balances on TODAY in CZK: the converted total less what was settled
    (payments dated by TODAY and credit notes issued by then) converted."""
    invoices = records(root, "invoices")
    credited: dict[str, Decimal] = {}
    for key, invoice in invoices.items():
        if "credit_note_for" in invoice and issued(key, invoice) and invoice["issue_date"] <= TODAY:
            credited[invoice["credit_note_for"]] = credited.get(
                invoice["credit_note_for"], Decimal(0)
            ) - total(invoice)
    owed = Decimal(0)
    for key, invoice in invoices.items():
        if (
            not issued(key, invoice)
            or "credit_note_for" in invoice
            or invoice["issue_date"] > TODAY
        ):
            continue
        settled = credited.get(key, Decimal(0)) + sum(
            (Decimal(p["amount"]) for p in invoice.get("payments", []) if p["date"] <= TODAY),
            Decimal(0),
        )
        if invoice["currency"] == "CZK":
            owed += total(invoice) - settled
        else:
            owed += _total_base(invoice) - cents(settled * Decimal(invoice["exchange_rate"]))
    return owed


def _tenth(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def test_kpis_match_the_records(sample_repo: Path, run_cli: RunCli) -> None:
    found = report(run_cli, sample_repo, "kpis", "--period", "2026")
    this_year = sum(revenue_by_month(sample_repo, 2026).values(), Decimal(0))
    last_year = sum(revenue_by_month(sample_repo, 2025).values(), Decimal(0))
    assert Decimal(found["revenue"]) == this_year
    assert Decimal(found["revenue_previous"]) == last_year
    assert Decimal(found["growth_percent"]) == _tenth((this_year - last_year) * 100 / last_year)
    owed = _owed_base(sample_repo)
    assert Decimal(found["receivables"]) == owed
    invoiced = sum(
        (
            _total_base(i)
            for k, i in records(sample_repo, "invoices").items()
            if issued(k, i) and supply(i).year == 2026
        ),
        Decimal(0),
    )
    assert Decimal(found["dso_days"]) == _tenth(owed * 365 / invoiced)
    deals = records(sample_repo, "deals").values()
    closed = [d for d in deals if d.get("closed_on", "").startswith("2026")]
    won = sum(d["stage"] == "won" for d in closed)
    lost = sum(d["stage"] == "lost" for d in closed)
    assert (found["deals_won"], found["deals_lost"]) == (won, lost)
    assert Decimal(found["win_rate_percent"]) == _tenth(Decimal(won * 100) / (won + lost))
    stages = ["lead", "qualified", "proposal", "negotiation", "won"]
    reached = {s: sum(1 for d in deals if d["stage"] in stages[i:]) for i, s in enumerate(stages)}
    reached["lead"] += sum(d["stage"] == "lost" for d in deals)
    assert [(c["from"], c["reached"], c["went_on"]) for c in found["conversion"]] == [
        (s, reached[s], reached[t]) for s, t in itertools.pairwise(stages)
    ]
    cycles = [
        (date.fromisoformat(d["closed_on"]) - date.fromisoformat(d["opened_on"])).days
        for d in closed
        if d["stage"] == "won" and "opened_on" in d
    ]
    assert cycles, "the sample's deals won in 2026 say when they were opened"
    assert Decimal(found["average_sales_cycle_days"]) == _tenth(Decimal(sum(cycles)) / len(cycles))
    # the sample's tickets kind (customer service): open on --today, days to close
    today = date.fromisoformat(TODAY)
    tickets = [
        {key: date.fromisoformat(str(t[key])) for key in ("opened", "closed") if key in t}
        for t in records(sample_repo, "tickets").values()
    ]
    tickets = [t for t in tickets if t["opened"] <= today]
    still_open = [t for t in tickets if t.get("closed") is None or t["closed"] > today]
    closed = [
        t
        for t in tickets
        if t.get("closed") is not None and date(2026, 1, 1) <= t["closed"] <= date(2026, 12, 31)
    ]
    assert found["open_tickets"] == len(still_open)
    assert found["tickets_closed"] == len(closed)
    days = sum((t["closed"] - t["opened"]).days for t in closed)
    assert Decimal(str(found["average_days_to_close"])) == _tenth(Decimal(days) / len(closed))


def test_days_late_per_customer(sample_repo: Path, run_cli: RunCli) -> None:
    invoices = records(sample_repo, "invoices")
    found = {r["customer"]: r for r in report(run_cli, sample_repo, "kpis")["late_by_customer"]}
    balances = {
        r["id"]: Decimal(r["balance"])
        for r in json.loads(
            run_cli(
                sample_repo,
                "query",
                "SELECT id, balance FROM invoices",
                "--today",
                TODAY,
                "--format",
                "json",
            ).stdout
        )
    }
    late: dict[str, list[int]] = {}
    for key, invoice in invoices.items():
        payments = [
            p
            for p in invoice.get("payments", [])
            if p["date"] <= TODAY and Decimal(p["amount"]) > 0 and p.get("refund") != "true"
        ]
        if not payments or "credit_note_for" in invoice or balances[key] != 0:
            continue
        last = max(date.fromisoformat(p["date"]) for p in payments)
        days = (last - date.fromisoformat(invoice["due_date"])).days
        late.setdefault(invoice["customer"], []).append(max(days, 0))
    assert {c: (r["invoices"], Decimal(r["average_days_late"])) for c, r in found.items()} == {
        c: (len(d), _tenth(Decimal(sum(d)) / len(d))) for c, d in late.items()
    }


def test_forecast_deals_are_weighted_and_nothing_counts_twice(
    sample_repo: Path, run_cli: RunCli
) -> None:
    found = report(run_cli, sample_repo, "forecast", "--months", "12")
    today = date.fromisoformat(TODAY)
    horizon = date(2027, 11, 1)
    customers = records(sample_repo, "customers")
    expected: dict[str, Decimal] = {}
    for key, deal in records(sample_repo, "deals").items():
        if deal["stage"] in ("won", "lost") or "contract" in deal:
            continue
        terms = int(customers[deal["customer"]].get("payment_terms_days", 14))
        when = max(date.fromisoformat(deal["expected_close"]), today) + timedelta(days=terms)
        probability = int(deal.get("probability") or DEFAULT_PROBABILITY[deal["stage"]])
        if when < horizon:
            expected[key] = cents(Decimal(deal["amount"]) * probability / 100)
    items = {i["ref"]: Decimal(i["amount"]) for i in found["items"] if i["source"] == "deals"}
    assert items == expected
    refs = [(i["source"], i["ref"]) for i in found["items"]]
    assert len(refs) == len(set(refs))
    contract_deals = {
        d["contract"] for d in records(sample_repo, "deals").values() if "contract" in d
    }
    assert not contract_deals & set(items)


def _forecast_totals(run_cli: RunCli, root: Path) -> dict[str, Decimal]:
    found = report(run_cli, root, "forecast", "--months", "12")
    return {t["currency"]: Decimal(t["total"]) for t in found["totals"]}


def test_issuing_a_contracts_invoice_leaves_the_forecast_unchanged(
    sample_repo: Path, run_cli: RunCli
) -> None:
    before = _forecast_totals(run_cli, sample_repo)
    drafted = run_cli(sample_repo, "invoice", "recurring", "--period", "2026-12", "--today", TODAY)
    assert drafted.exit_code == 0, drafted.output
    assert _forecast_totals(run_cli, sample_repo) == before  # a draft changes nothing
    drafts = sorted(
        p.stem
        for p in (sample_repo / "records/invoices").glob("INV-DRAFT-*")
        if "billing_period: 2026-12" in (text := p.read_text(encoding="utf-8"))
        and "currency: CZK" in text
    )  # a EUR one would need its exchange rate
    assert drafts
    for draft in drafts:
        done = run_cli(sample_repo, "invoice", "issue", draft, "--date", TODAY, "--today", TODAY)
        assert done.exit_code == 0, done.output
    after = report(run_cli, sample_repo, "forecast", "--months", "12")
    assert {t["currency"]: Decimal(t["total"]) for t in after["totals"]} == before
    assert any(
        i["source"] == "receivables" and i["customer"] == "CUS-0002" and i["month"] == "2026-12"
        for i in after["items"]
    )


def test_report_help_says_which_reports_convert_currencies(
    sample_repo: Path, run_cli: RunCli
) -> None:
    """`report --help` said every amount is summed per currency, never across
    currencies, above `revenue` and `kpis`, which add everything up in the
    company's currency."""
    text = " ".join(run_cli(sample_repo, "report", "--help").output.split())
    assert "never across currencies" not in text
    assert "revenue and kpis" in text and "company's currency" in text
