"""``officectl report pipeline`` and ``report receivables``, end to end on the sample.

Expected amounts are computed here with Decimal from the deals' own fields, so the
reports are checked against the definition, not against themselves.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest

from conftest import TODAY, RunCli

DEFAULT_PROBABILITY = {"lead": 10, "qualified": 25, "proposal": 50, "negotiation": 75}
BUCKETS = ["current", "1–30", "31–60", "61–90", "90+"]

EXTRA = {
    # 100.10 × 5 % = 5.005: half up gives 5.01 (half-even would give 5.00)
    "deals/DEAL-0013.yaml": """\
title: Tiny add-on
customer: CUS-0006
owner: EMP-001
stage: lead
amount: 100.10
currency: EUR
probability: 5
expected_close: 2027-05-10
""",
    # no currency: the customer's (CUS-0006 invoices in EUR); probability by stage (75)
    "deals/DEAL-0014.yaml": """\
title: Support extension
customer: CUS-0006
owner: EMP-001
stage: negotiation
amount: 1000.00
expected_close: 2027-05-20
""",
    "customers/CUS-0014.yaml": """\
name: Pozdní Platby s.r.o.
country: CZ
currency: CZK
account_manager: EMP-005
""",
    "invoices/2026/INV-2026-0029.yaml": """\
customer: CUS-0014
currency: CZK
lines:
  - {description: Implementation, quantity: 1, unit_price: 10000.00, vat_rate: 21}
status: issued
issue_date: 2026-11-21
due_date: 2026-12-05
payments:
  - {date: 2026-12-01, amount: 2100.00}
""",
    "invoices/2026/INV-2026-0030.yaml": """\
customer: CUS-0014
currency: EUR
lines:
  - {description: Licence, quantity: 1, unit_price: 1000.00, vat_rate: 21}
status: issued
issue_date: 2026-11-22
due_date: 2026-11-29
exchange_rate: 25.20
""",
    "invoices/2026/INV-2026-0031.yaml": """\
customer: CUS-0014
currency: CZK
lines:
  - {description: Implementation — correction, quantity: -1, unit_price: 1000.00,
     vat_rate: 21}
status: issued
issue_date: 2026-12-10
due_date: 2026-12-10
credit_note_for: INV-2026-0029
""",
}


@pytest.fixture
def books(sample_repo: Path) -> Path:
    for relpath, text in EXTRA.items():
        (sample_repo / "records" / relpath).write_text(text, encoding="utf-8")
    return sample_repo


def report(run_cli: RunCli, root: Path, *args: str) -> Any:
    result = run_cli(root, "report", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_extra_records_validate(books: Path, run_cli: RunCli) -> None:
    result = run_cli(books, "validate", "--today", TODAY)
    assert result.exit_code == 0, result.output


# --- pipeline ------------------------------------------------------------------------------


def expected_pipeline(deals: list[dict[str, Any]]) -> dict[str, dict[str, Decimal]]:
    """Per currency: weighted and amount sums of open deals, from the deals' fields."""
    totals: dict[str, dict[str, Decimal]] = {}
    for deal in deals:
        if deal["stage"] in ("won", "lost"):
            continue
        chance = deal.get("probability", DEFAULT_PROBABILITY[deal["stage"]])
        amount = Decimal(deal["amount"])
        weighted = (amount * chance / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
        currency = deal.get("currency", "EUR")  # DEAL-0014 has none: its customer's EUR
        sums = totals.setdefault(currency, {"amount": Decimal(0), "weighted": Decimal(0)})
        sums["amount"] += amount
        sums["weighted"] += weighted
    return totals


def test_pipeline_weights_open_deals_per_currency(books: Path, run_cli: RunCli) -> None:
    deals = json.loads(run_cli(books, "list", "deals", "--format", "json").stdout)
    expected = expected_pipeline(deals)
    document = report(run_cli, books, "pipeline")
    assert set(document["totals"]) == set(expected) == {"CZK", "EUR"}
    for currency, sums in expected.items():
        assert Decimal(document["totals"][currency]["amount"]) == sums["amount"]
        assert Decimal(document["totals"][currency]["weighted"]) == sums["weighted"]
    listed = {deal["id"]: deal for deal in document["deals"]}
    assert "DEAL-0001" not in listed  # won
    assert "DEAL-0005" not in listed  # lost
    assert listed["DEAL-0013"]["weighted"] == "5.01"
    assert (
        listed["DEAL-0014"] | {"currency": "EUR", "probability": 75, "weighted": "750.00"}
        == listed["DEAL-0014"]
    )


def test_pipeline_groups_by_stage_owner_and_month(books: Path, run_cli: RunCli) -> None:
    document = report(run_cli, books, "pipeline")
    rows = document["rows"]
    assert {
        "currency": "EUR",
        "stage": "lead",
        "owner": "EMP-001",
        "owner_name": "Kateřina Horáková",
        "close_month": "2027-05",
        "deals": 1,
        "amount": "100.10",
        "weighted": "5.01",
    } in rows
    for currency, stages in document["by_stage"].items():
        for stage, sums in stages.items():
            members = [r for r in rows if r["currency"] == currency and r["stage"] == stage]
            assert sum(Decimal(r["weighted"]) for r in members) == Decimal(sums["weighted"])
            assert sum(r["deals"] for r in members) == sums["deals"]
    eur_owner = document["by_owner"]["EUR"]["EMP-001"]
    assert eur_owner["deals"] == 3  # DEAL-0009 in the sample, and the two added


def test_pipeline_table_and_csv(books: Path, run_cli: RunCli) -> None:
    table = run_cli(books, "report", "pipeline").stdout
    assert table.splitlines()[0].split() == [
        "currency",
        "stage",
        "owner",
        "owner_name",
        "close",
        "deals",
        "amount",
        "weighted",
    ]
    totals = [line.split() for line in table.splitlines() if "all open" in line]
    assert [(t[0], t[-1]) for t in totals] == [("CZK", "783750.00"), ("EUR", "41255.01")]
    rows = list(
        csv.DictReader(io.StringIO(run_cli(books, "report", "pipeline", "--format", "csv").stdout))
    )
    assert sum(Decimal(r["weighted"]) for r in rows if r["currency"] == "EUR") == Decimal(
        "41255.01"
    )


# --- receivables ---------------------------------------------------------------------------


def customer_row(document: dict[str, Any], customer: str, currency: str) -> dict[str, Any]:
    matches = [
        row
        for row in document["customers"]
        if row["customer"] == customer and row["currency"] == currency
    ]
    assert len(matches) == 1, document["customers"]
    return matches[0]


def buckets(row: dict[str, Any]) -> dict[str, str]:
    return {name: row[name] for name in BUCKETS if row[name] != "0.00"}


@pytest.mark.parametrize(
    ("today", "czk", "eur"),
    [
        # not yet due; the payment and the credit note come later, so they don't count yet
        ("2026-11-25", {"current": "12100.00"}, {"current": "1210.00"}),
        # 12100.00 − 2100.00 paid − 1210.00 credited
        ("2026-12-20", {"1–30": "8790.00"}, {"1–30": "1210.00"}),
        ("2026-12-05", {"current": "10000.00"}, {"1–30": "1210.00"}),
        ("2027-01-04", {"1–30": "8790.00"}, {"31–60": "1210.00"}),
        ("2027-01-05", {"31–60": "8790.00"}, {"31–60": "1210.00"}),
        ("2027-03-10", {"90+": "8790.00"}, {"90+": "1210.00"}),
    ],
)
def test_receivables_age_open_balances(
    books: Path, run_cli: RunCli, today: str, czk: dict[str, str], eur: dict[str, str]
) -> None:
    document = report(run_cli, books, "receivables", "--today", today)
    assert document["as_of"] == today
    assert buckets(customer_row(document, "CUS-0014", "CZK")) == czk
    assert buckets(customer_row(document, "CUS-0014", "EUR")) == eur


def test_receivables_totals_stay_per_currency(books: Path, run_cli: RunCli) -> None:
    document = report(run_cli, books, "receivables", "--today", "2026-12-20")
    assert set(document["totals"]) == {"CZK", "EUR"}
    for currency, totals in document["totals"].items():
        rows = [r for r in document["customers"] if r["currency"] == currency]
        for name in [*BUCKETS, "total"]:
            assert Decimal(totals[name]) == sum(Decimal(r[name]) for r in rows)
    open_ids = {item["id"] for item in document["invoices"]}
    assert {"INV-2026-0029", "INV-2026-0030"} <= open_ids
    assert "INV-2026-0031" not in open_ids  # a credit note is never itself open


def test_receivables_table_shows_totals(books: Path, run_cli: RunCli) -> None:
    result = run_cli(books, "report", "receivables", "--today", "2026-12-20")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["customer", "name", "currency", *BUCKETS, "total"]
    assert [line.split()[:2] for line in lines if line.startswith("total")] == [
        ["total", "CZK"],
        ["total", "EUR"],
    ]


def test_receivables_csv_neutralises_customer_names(books: Path, run_cli: RunCli) -> None:
    customer = books / "records" / "customers" / "CUS-0014.yaml"
    customer.write_text(
        customer.read_text(encoding="utf-8").replace(
            "name: Pozdní Platby s.r.o.", "name: \"@SUM(1+1)*cmd|' /C calc'!A0\""
        ),
        encoding="utf-8",
    )
    result = run_cli(books, "report", "receivables", "--today", "2026-12-20", "--format", "csv")
    rows = [r for r in csv.DictReader(io.StringIO(result.stdout)) if r["customer"] == "CUS-0014"]
    assert [r["name"] for r in rows] == ["'@SUM(1+1)*cmd|' /C calc'!A0"] * 2
    assert [r["total"] for r in rows] == ["8790.00", "1210.00"]


def test_report_rejects_a_bad_date(sample_repo: Path, run_cli: RunCli) -> None:
    result = run_cli(sample_repo, "report", "receivables", "--today", "2026-13-01")
    assert result.exit_code == 2
    assert "not a date" in result.stderr


def test_console_script_report(books: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "officectl",
            "-C",
            str(books),
            "report",
            "receivables",
            "--today",
            "2026-12-20",
            "--format",
            "csv",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    header = next(csv.reader(io.StringIO(done.stdout)))
    assert header == ["customer", "name", "currency", *BUCKETS, "total"]
