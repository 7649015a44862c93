"""``officectl query`` and ``officectl.open``: SQL over the records, exact and read-only.

Expected sums are computed here from the YAML text with Decimal (see analytics_helpers).
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from analytics_helpers import issued, net, records, total
from conftest import PROJECT, TODAY, RunCli


def query(run_cli: RunCli, root: Path, sql: str, *extra: str) -> list[dict[str, str]]:
    result = run_cli(root, "query", sql, "--today", TODAY, "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_every_sum_equals_the_decimal_sum_of_the_records(
    sample_repo: Path, run_cli: RunCli
) -> None:
    invoices = records(sample_repo, "invoices")
    row = query(
        run_cli,
        sample_repo,
        "SELECT sum(net) AS net, sum(total) AS total, count(*) AS n FROM invoices",
    )[0]
    assert Decimal(row["net"]) == sum((net(i) for i in invoices.values()), Decimal(0))
    assert Decimal(row["total"]) == sum((total(i) for i in invoices.values()), Decimal(0))
    assert row["n"] == len(invoices)
    lines = query(
        run_cli,
        sample_repo,
        "SELECT sum(unit_price) AS prices, sum(quantity) AS quantities FROM invoice_lines",
    )[0]
    assert Decimal(lines["prices"]) == sum(
        (Decimal(line["unit_price"]) for i in invoices.values() for line in i["lines"]), Decimal(0)
    )
    assert Decimal(lines["quantities"]) == sum(
        (Decimal(line["quantity"]) for i in invoices.values() for line in i["lines"]), Decimal(0)
    )
    paid = query(run_cli, sample_repo, "SELECT sum(amount) AS amount FROM payments")[0]
    assert Decimal(paid["amount"]) == sum(
        (Decimal(p["amount"]) for i in invoices.values() for p in i.get("payments", [])), Decimal(0)
    )
    deals = query(run_cli, sample_repo, "SELECT sum(amount) AS amount FROM deals")[0]
    assert Decimal(deals["amount"]) == sum(
        (Decimal(d["amount"]) for d in records(sample_repo, "deals").values()), Decimal(0)
    )


def test_tenths_sum_exactly_as_decimals(sample_repo: Path, run_cli: RunCli) -> None:
    """0.1 + 0.2 is 0.3 here: a float would give 0.30000000000000004."""
    (sample_repo / "records/invoices/2026/INV-2026-0090.yaml").write_text(
        "customer: CUS-0001\ncurrency: CZK\nstatus: issued\nissue_date: 2026-11-20\n"
        "due_date: 2026-12-04\nlines:\n"
        "  - {description: a, quantity: 1, unit_price: 0.1, vat_rate: 21}\n"
        "  - {description: b, quantity: 1, unit_price: 0.2, vat_rate: 21}\n"
        "  - {description: c, quantity: 0.000000000001, unit_price: 999999999999999, "
        "vat_rate: 21}\n",
        encoding="utf-8",
    )
    row = query(
        run_cli,
        sample_repo,
        "SELECT sum(unit_price) AS s, typeof(sum(unit_price)) "
        "AS t, sum(quantity) AS q FROM invoice_lines WHERE invoice = 'INV-2026-0090' "
        "AND line <= 2",
    )[0]
    assert row["s"] == "0.30"
    assert row["t"].startswith("DECIMAL")
    big = query(
        run_cli,
        sample_repo,
        "SELECT unit_price, quantity FROM invoice_lines WHERE "
        "invoice = 'INV-2026-0090' AND line = 3",
    )[0]
    assert Decimal(big["unit_price"]) == Decimal("999999999999999")
    assert Decimal(big["quantity"]) == Decimal("0.000000000001")


def test_a_bad_query_is_the_engines_message_and_exit_2(sample_repo: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "officectl",
            "-C",
            str(sample_repo),
            "query",
            "SELECT nothing FROM nowhere",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "nowhere does not exist" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "sql",
    [
        "COPY invoices TO '{out}/stolen.csv'",
        "SELECT * FROM read_csv('{root}/officectl.yaml')",
        "SELECT * FROM read_text('{root}/officectl.yaml')",
        "ATTACH '{out}/other.db' AS other",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SET enable_external_access = true",
        "RESET lock_configuration",
        "EXPORT DATABASE '{out}/dump'",
        "SELECT 1; COPY invoices TO '{out}/stolen.csv'",
        "CREATE TABLE x AS SELECT 1",
    ],
)
def test_no_sql_reaches_a_file(
    sample_repo: Path, tmp_path: Path, run_cli: RunCli, sql: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = run_cli(sample_repo, "query", sql.format(out=out, root=sample_repo))
    assert result.exit_code == 2, result.output
    assert "query failed" in result.stderr
    assert list(out.iterdir()) == []


def test_sensitive_fields_only_when_asked(sample_repo: Path, run_cli: RunCli) -> None:
    columns = {
        r["column"]
        for r in query(
            run_cli, sample_repo, "SELECT \"column\" FROM officectl_schema WHERE view = 'staff'"
        )
    }
    assert "salary_amount" not in columns and "personal_id" not in columns
    failed = run_cli(sample_repo, "query", "SELECT salary_amount FROM staff")
    assert failed.exit_code == 2
    shown = query(
        run_cli, sample_repo, "SELECT id, salary_amount FROM staff ORDER BY id", "--show-sensitive"
    )
    staff = records(sample_repo, "staff")
    assert {r["id"]: Decimal(r["salary_amount"]) for r in shown} == {
        k: Decimal(v["salary"]["amount"]) for k, v in staff.items() if "salary" in v
    }


def test_derived_invoice_columns(sample_repo: Path, run_cli: RunCli) -> None:
    invoices = records(sample_repo, "invoices")
    rows = query(
        run_cli,
        sample_repo,
        "SELECT id, total, paid, credited, balance, days_overdue, due_date FROM invoices",
    )
    credited: dict[str, Decimal] = {}
    for invoice_id, invoice in invoices.items():
        target = invoice.get("credit_note_for")
        if target and issued(invoice_id, invoice) and invoice["issue_date"] <= TODAY:
            credited[target] = credited.get(target, Decimal(0)) - total(invoice)
    today = date.fromisoformat(TODAY)
    for row in rows:
        invoice = invoices[row["id"]]
        received = sum(
            (Decimal(p["amount"]) for p in invoice.get("payments", []) if p["date"] <= TODAY),
            Decimal(0),
        )
        assert Decimal(row["paid"]) == received
        if "credit_note_for" in invoice or not issued(row["id"], invoice):
            assert Decimal(row["balance"]) == 0
            continue
        owed = total(invoice) - received - credited.get(row["id"], Decimal(0))
        assert Decimal(row["balance"]) == owed, row["id"]
        late = (today - date.fromisoformat(invoice["due_date"])).days
        assert row["days_overdue"] == (max(late, 0) if owed > 0 else 0), row["id"]


def test_a_field_a_company_adds_is_a_column(sample_repo: Path, run_cli: RunCli) -> None:
    config = sample_repo / "officectl.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "fields:\n  customers:\n"
        "    segment: {type: str, enum: [smb, enterprise]}\n",
        encoding="utf-8",
    )
    customer = sample_repo / "records/customers/CUS-0001.yaml"
    customer.write_text(
        customer.read_text(encoding="utf-8") + "segment: enterprise\n", encoding="utf-8"
    )
    rows = query(
        run_cli, sample_repo, "SELECT id, segment FROM customers WHERE segment IS NOT NULL"
    )
    assert rows == [{"id": "CUS-0001", "segment": "enterprise"}]
    by_segment = json.loads(
        run_cli(
            sample_repo,
            "report",
            "revenue",
            "--by",
            "segment",
            "--today",
            TODAY,
            "--format",
            "json",
        ).stdout
    )
    assert {r["segment"] for r in by_segment["rows"]} == {"enterprise", None}


def test_every_kind_in_the_registry_gets_a_view(sample_repo: Path) -> None:
    """A kind the configuration defines (as `kinds:` will) has its view, columns from its
    declared fields, its sensitive fields hidden: no analytics code names it."""
    from officectl.analytics.session import Analysis
    from officectl.config import load_config
    from officectl.records import Record
    from officectl.repository import Repository
    from officectl.schema import Field, Kind
    from officectl.validation import load_repository

    tickets = Kind(
        "tickets",
        "ticket",
        r"TIC-\d{4,}",
        "TIC-0001",
        fields=(
            Field("customer", "ref", ref="customers"),
            Field("opened", "date"),
            Field("closed", "date"),
            Field("status", "str"),
            Field("effort", "decimal"),
            Field("caller_phone", "str", sensitive=True),
        ),
    )
    config = load_config(sample_repo)
    config = replace(config, kinds={**config.kinds, "tickets": tickets})
    repo, _ = load_repository(config)
    rows = [
        Record(
            "tickets",
            "TIC-0001",
            "records/tickets/TIC-0001.yaml",
            {
                "customer": "CUS-0001",
                "opened": date(2026, 11, 1),
                "closed": date(2026, 11, 4),
                "status": "closed",
                "effort": Decimal("1.5"),
                "caller_phone": "+420 1",
            },
        ),
        Record(
            "tickets",
            "TIC-0002",
            "records/tickets/TIC-0002.yaml",
            {
                "customer": "CUS-0002",
                "opened": date(2026, 11, 20),
                "status": "open",
                "effort": Decimal("0.25"),
            },
        ),
    ]
    others = [r for r in repo.all() if r.kind != "tickets"]  # the sample's own, replaced
    repo = Repository(config, [*others, *rows])
    analysis = Analysis(repo, date.fromisoformat(TODAY))
    result = analysis.query(
        "SELECT id, opened, sum(effort) OVER () AS effort FROM tickets ORDER BY id"
    )
    assert result.columns == ["id", "opened", "effort"]
    assert result.rows[0][:2] == ("TIC-0001", date(2026, 11, 1))
    assert result.rows[0][2] == Decimal("1.75")
    assert "caller_phone" not in [c.name for c in analysis.views["tickets"].columns]
    from officectl.analytics.reports import kpis
    from officectl.periods import year_period

    figures = kpis(analysis, year_period(2026)).figures
    assert figures["open_tickets"] == 1
    assert figures["average_days_to_close"] == Decimal("3.0")


def test_open_gives_exact_frames(sample_repo: Path) -> None:
    import officectl

    analysis = officectl.open(sample_repo, today=date.fromisoformat(TODAY))
    frame = analysis.frame("invoices")
    assert frame["total"].dtype == object
    invoices = records(sample_repo, "invoices")
    assert sum(frame["total"], Decimal(0)) == sum((total(i) for i in invoices.values()), Decimal(0))
    assert all(isinstance(v, Decimal) for v in frame["net"].dropna())


def test_import_officectl_and_help_stay_light() -> None:
    code = (
        "import sys, officectl\nfrom officectl.cli import cli\n"
        "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
        "print([m for m in ('duckdb', 'pandas', 'pyarrow') if m in sys.modules])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PROJECT
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_schema_view_is_versioned_and_documented(sample_repo: Path, run_cli: RunCli) -> None:
    """The README's table of views is the catalogue the code builds (regenerate it with
    ``python -m officectl.analytics.docs``)."""
    from officectl.analytics.docs import views_markdown
    from officectl.config import load_config

    rows = query(run_cli, sample_repo, "SELECT DISTINCT version FROM officectl_schema")
    assert [r["version"] for r in rows] == [1]
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert views_markdown(load_config(PROJECT)) in readme


@pytest.mark.parametrize("output_format", ["json", "csv", "table"])
def test_every_column_type_a_query_can_return_is_printed(
    sample_repo: Path, run_cli: RunCli, output_format: str
) -> None:
    """`--format json` of a query returning an interval (age(due_date)), a time, a
    UUID or a BLOB ended in a Python traceback (TypeError: not JSON serializable)."""
    result = run_cli(
        sample_repo,
        "query",
        "--format",
        output_format,
        "SELECT age(DATE '2026-11-25', due_date) AS late, TIME '10:30:00' AS at,"
        " '9b2f0c1e-4d5a-4c3b-8e7f-1a2b3c4d5e6f'::UUID AS u, 'x'::BLOB AS b "
        "FROM invoices WHERE id = 'INV-2026-0021'",
    )
    assert result.exit_code == 0, result.output
    assert "10:30:00" in result.output
    assert "9b2f0c1e-4d5a-4c3b-8e7f-1a2b3c4d5e6f" in result.output
    if output_format == "json":
        row = json.loads(result.output)[0]
        assert row["at"] == "10:30:00" and row["late"] and row["b"]


@pytest.mark.parametrize("output_format", ["json", "csv", "table"])
def test_a_blob_prints_as_the_engine_writes_it(
    sample_repo: Path, run_cli: RunCli, output_format: str
) -> None:
    """A BLOB printed as Python's ``b'\\x00\\xff'``, text no other tool reads back.
    It prints as DuckDB casts a BLOB to text: printable ASCII as is, every other byte
    (and the quotes and the backslash) as ``\\xHH``, which ``::BLOB`` reads back."""
    import duckdb

    raw = bytes([0, 255]) + b'ab"\\'
    # printable ASCII kept; NUL, 0xFF, '"' and '\' escaped (DuckDB's blob text form)
    expected = "\\x00\\xFFab\\x22\\x5C"
    result = run_cli(
        sample_repo, "query", "--format", output_format, "SELECT from_hex('00FF6162225C') AS b"
    )
    assert result.exit_code == 0, result.output
    if output_format == "json":
        assert json.loads(result.output) == [{"b": expected}]
    elif output_format == "csv":
        assert result.output.splitlines()[1] == '"' + expected.replace('"', '""') + '"'
    else:
        assert result.output.splitlines()[2].strip() == expected
    with duckdb.connect() as engine:  # its own: the shared default one stays untouched
        assert engine.execute("SELECT ?::BLOB", [expected]).fetchall() == [(raw,)]
