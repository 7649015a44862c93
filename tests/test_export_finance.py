"""``officectl export finance`` on the sample company: every figure against Decimal
arithmetic recomputed from the YAML, read back from the raw XML, with openpyxl and
with python-calamine."""

from __future__ import annotations

import csv
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from conftest import TODAY, RunCli, git, make_repo
from export_helpers import Expected, RawCell, expected_invoices, raw_rows, round_half_up
from officectl.cli import cli

SHEETS = [
    "Invoices",
    "Invoice lines",
    "VAT",
    "Receivables",
    "Customers",
    "Contracts",
    "About",
    "EU sales",
    "Campaigns",
]
"""The built-in sheets, then the sample's defined kind with ``export: true``."""
INVOICE_HEADERS = [
    "Invoice",
    "Type",
    "Status",
    "Customer",
    "Customer name",
    "Customer VAT ID",
    "Country",
    "Issue date",
    "Taxable supply date",
    "Due date",
    "Currency",
    "Net",
    "VAT",
    "Total",
    "Paid",
    "Balance",
    "Exchange rate",
    "Net (base)",
    "VAT (base)",
    "Total (base)",
    "Reverse charge",
    "Contract",
    "Deal",
]
LINE_HEADERS = [
    "Invoice",
    "Line",
    "Description",
    "Quantity",
    "Unit",
    "Unit price",
    "VAT rate",
    "Net",
    "VAT",
    "Currency",
]
RECEIVABLE_HEADERS = [
    "Invoice",
    "Customer",
    "Due date",
    "Days overdue",
    "Balance",
    "Currency",
    "Bucket",
]


def export(root: Path, *args: str) -> Path:
    result = CliRunner().invoke(
        cli, ["-C", str(root), "export", "finance", "--today", TODAY, *args], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip())


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample company and its 2026 workbook (exported once for the module)."""
    root = make_repo(tmp_path_factory.mktemp("finance") / "books")
    return root, export(root)


@pytest.fixture(scope="module")
def expected(books: tuple[Path, Path]) -> dict[str, Expected]:
    return expected_invoices(books[0])


def data_rows(path: Path, sheet: str) -> list[dict[str, RawCell]]:
    """Rows above the first empty one (the totals follow it), with raw text values."""
    rows = raw_rows(path, sheet)
    return rows[: next((i for i, row in enumerate(rows) if not row), len(rows))]


def total_rows(path: Path, sheet: str) -> list[dict[str, RawCell]]:
    rows = raw_rows(path, sheet)
    return rows[next(i for i, row in enumerate(rows) if not row) + 1 :]


def about_sheet(path: Path) -> dict[str, str | None]:
    return {
        row["Item"].text: row["Value"].text if "Value" in row else None
        for row in data_rows(path, "About")
    }


def test_default_output_and_sheet_layout(books: tuple[Path, Path]) -> None:
    root, path = books
    assert path == root / "reports" / "finance-2026.xlsx"
    reader = CalamineWorkbook.from_path(str(path))
    assert reader.sheet_names == SHEETS
    headers = {name: reader.get_sheet_by_name(name).to_python()[0] for name in SHEETS}
    assert headers["Invoices"][: len(INVOICE_HEADERS)] == INVOICE_HEADERS
    assert headers["Invoice lines"][: len(LINE_HEADERS)] == LINE_HEADERS
    assert headers["Receivables"][: len(RECEIVABLE_HEADERS)] == RECEIVABLE_HEADERS


def test_invoices_follow_the_taxable_supply_date_and_skip_drafts(
    books: tuple[Path, Path], expected: dict[str, Expected]
) -> None:
    root, path = books
    ids = [row["Invoice"].text for row in data_rows(path, "Invoices")]
    wanted = sorted(i for i, e in expected.items() if e.supply.year == 2026)
    assert ids == wanted
    assert "INV-2026-0001" not in ids  # issued in 2026, supplied on 2025-12-31
    assert not any(i.startswith("INV-DRAFT") for i in ids)
    q4 = export(root, "--period", "2025-Q4", "-o", str(root / "q4.xlsx"))
    q4_ids = [row["Invoice"].text for row in data_rows(q4, "Invoices")]
    assert "INV-2026-0001" in q4_ids
    assert q4_ids == sorted(
        i for i, e in expected.items() if date(2025, 10, 1) <= e.supply <= date(2025, 12, 31)
    )


def test_every_invoice_figure_equals_decimal_arithmetic(
    books: tuple[Path, Path], expected: dict[str, Expected]
) -> None:
    _, path = books
    sums: dict[str, dict[str, Decimal]] = {}
    for row in data_rows(path, "Invoices"):
        cells = {name: cell.text for name, cell in row.items()}
        entry = expected[cells["Invoice"]]
        for column, amount in (
            ("Net", entry.net),
            ("VAT", entry.vat),
            ("Total", entry.total),
            ("Paid", entry.paid),
            ("Balance", entry.balance),
        ):
            assert Decimal(cells[column]) == amount, (entry.id, column)
            sums.setdefault(entry.data["currency"], {}).setdefault(column, Decimal(0))
            sums[entry.data["currency"]][column] += amount
        rate = entry.rate if entry.data["currency"] != "CZK" else Decimal(1)
        assert rate is not None
        assert Decimal(cells["Total (base)"]) == round_half_up(entry.total * rate)
        assert Decimal(cells["Net (base)"]) == round_half_up(entry.net * rate)
        assert cells["Type"] == ("credit note" if "credit_note_for" in entry.data else "invoice")
    totals = {row["Invoice"].text: row for row in total_rows(path, "Invoices")}
    for currency, columns in sums.items():
        row = totals[f"Total {currency}"]
        for column, amount in columns.items():
            assert Decimal(row[column].text) == amount, (currency, column)
    assert set(sums) == {"CZK", "EUR"}
    # the credit note INV-2026-0026 settles part of INV-2026-0024
    invoice = expected["INV-2026-0024"]
    assert invoice.balance == invoice.total - Decimal("1097.60")


def test_lines_add_up_to_their_invoices(
    books: tuple[Path, Path], expected: dict[str, Expected]
) -> None:
    _, path = books
    per_invoice: dict[str, list[Decimal]] = {}
    for row in data_rows(path, "Invoice lines"):
        cells = {name: cell.text for name, cell in row.items()}
        assert Decimal(cells["Net"]) == round_half_up(
            Decimal(cells["Quantity"]) * Decimal(cells["Unit price"])
        )
        sums = per_invoice.setdefault(cells["Invoice"], [Decimal(0), Decimal(0)])
        sums[0] += Decimal(cells["Net"])
        sums[1] += Decimal(cells["VAT"])
    for invoice_id, (net, vat) in per_invoice.items():
        assert (net, vat) == (expected[invoice_id].net, expected[invoice_id].vat), invoice_id


def test_vat_sheet_sums_base_currency_per_month_rate_and_regime(
    books: tuple[Path, Path], expected: dict[str, Expected]
) -> None:
    _, path = books
    wanted: dict[tuple[str, Decimal, bool], list[Decimal]] = {}
    for entry in expected.values():
        if entry.supply.year != 2026:
            continue
        rate_to_base = entry.rate if entry.data["currency"] != "CZK" else Decimal(1)
        assert rate_to_base is not None
        reverse = entry.data.get("reverse_charge") == "true"
        for vat_rate, (net, vat) in entry.by_rate.items():
            key = (entry.supply.strftime("%Y-%m"), vat_rate, reverse)
            sums = wanted.setdefault(key, [Decimal(0), Decimal(0)])
            sums[0] += round_half_up(net * rate_to_base)
            sums[1] += round_half_up(vat * rate_to_base)
    got = {}
    for row in data_rows(path, "VAT"):
        cells = {name: cell.text for name, cell in row.items()}
        assert cells["Currency"] == "CZK"
        key = (cells["Month"], Decimal(cells["VAT rate"]), cells["Reverse charge"] == "1")
        sums = got.setdefault(key, [Decimal(0), Decimal(0)])  # treatments split a rate
        sums[0] += Decimal(cells["Taxable base"])
        sums[1] += Decimal(cells["VAT"])
    assert got == wanted
    assert got["2026-11", Decimal(12), False] == [Decimal("-980.00"), Decimal("-117.60")]


def test_receivables_as_of_today_with_buckets(
    books: tuple[Path, Path], expected: dict[str, Expected]
) -> None:
    _, path = books
    today = date.fromisoformat(TODAY)
    wanted = {}
    for entry in expected.values():
        if "credit_note_for" in entry.data:
            continue
        paid = sum(
            (
                Decimal(p["amount"])
                for p in entry.data.get("payments", [])
                if date.fromisoformat(p["date"]) <= today
            ),
            Decimal(0),
        )
        if entry.total - paid - entry.credited:
            wanted[entry.id] = entry.total - paid - entry.credited
    rows = {row["Invoice"].text: row for row in data_rows(path, "Receivables")}
    assert {k: Decimal(r["Balance"].text) for k, r in rows.items()} == wanted
    late = rows["INV-2026-0017"]  # due 2026-09-19: 67 days late
    assert (late["Days overdue"].text, late["Bucket"].text) == ("67", "61–90")
    assert rows["INV-2026-0028"]["Bucket"].text == "current"
    totals = {
        (r["Currency"].text, r["Bucket"].text): Decimal(r["Balance"].text)
        for r in total_rows(path, "Receivables")
    }
    assert totals["CZK", "all"] == sum(
        (v for k, v in wanted.items() if expected[k].data["currency"] == "CZK"), Decimal(0)
    )


def test_cell_types_formats_and_layout(books: tuple[Path, Path]) -> None:
    _, path = books
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Invoices"]
    headers = [cell.value for cell in sheet[1]]
    row = {h: c for h, c in zip(headers, sheet[2], strict=True)}
    assert row["Invoice"].data_type == "s"
    assert row["Issue date"].is_date and row["Issue date"].number_format == "yyyy-mm-dd"
    assert row["Total"].data_type == "n"
    assert row["Total"].number_format.startswith('#,##0.00 "CZK"')
    assert row["Reverse charge"].data_type == "b"
    assert all(cell.font.bold for cell in sheet[1])
    for name in SHEETS:
        assert workbook[name].freeze_panes == "A2"
        assert workbook[name].auto_filter.ref.startswith("A1:")
    assert sheet.auto_filter.ref == f"A1:Z{1 + len(data_rows(path, 'Invoices'))}"
    assert sheet.column_dimensions["E"].width > 20  # customer names fit
    eur = next(r for r in sheet.iter_rows(min_row=2) if r[10].value == "EUR")
    assert eur[13].number_format.startswith('#,##0.00 "EUR"')
    calamine = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Invoices").to_python()
    assert isinstance(calamine[1][7], date) and isinstance(calamine[1][13], float)


def test_contracts_customers_and_about(books: tuple[Path, Path]) -> None:
    root, path = books
    contracts = {r["Contract"].text: r for r in data_rows(path, "Contracts")}
    assert set(contracts) == {
        "CON-2025-002",
        "CON-2025-003",
        "CON-2026-001",
        "CON-2026-002",
        "CON-2026-010",
        "CON-2026-011",
    }
    quarterly = contracts["CON-2026-001"]  # 12,500 EUR a quarter
    assert quarterly["MRR"].text == "4166.67"
    assert quarterly["Frequency"].text == "quarterly"
    customers = [r["Customer"].text for r in data_rows(path, "Customers")]
    invoiced = {r["Customer"].text for r in data_rows(path, "Invoices")}
    assert invoiced <= set(customers) and customers == sorted(customers)
    about = about_sheet(path)
    assert about["Repository commit"] == git(root, "rev-parse", "HEAD").strip()
    assert about["Uncommitted changes in records"] == "0"
    assert about["Period"] == "2026"
    assert about["Command"] == f"officectl export finance --period 2026 --today {TODAY}"
    assert about["officectl version"] == __import__("officectl").__version__


def test_invoices_and_receivables_agree_as_of_a_past_day(tmp_path: Path) -> None:
    """Exported on 2026-10-10, a payment dated 2026-10-20 is not in yet, on either sheet."""
    root = make_repo(tmp_path / "books")
    path = (
        CliRunner()
        .invoke(
            cli,
            [
                "-C",
                str(root),
                "export",
                "finance",
                "--period",
                "2026-Q4",
                "--today",
                "2026-10-10",
                "-o",
                str(tmp_path / "q4.xlsx"),
            ],
        )
        .stdout.strip()
    )
    invoices = {r["Invoice"].text: r for r in data_rows(Path(path), "Invoices")}
    open_items = {r["Invoice"].text: r for r in data_rows(Path(path), "Receivables")}
    shared = set(invoices) & set(open_items)
    assert "INV-2026-0021" in shared
    for invoice in shared:
        assert Decimal(invoices[invoice]["Balance"].text) == Decimal(
            open_items[invoice]["Balance"].text
        ), invoice
    row = invoices["INV-2026-0021"]
    assert Decimal(row["Paid"].text) + Decimal(row["Balance"].text) + Decimal(
        row["Credited"].text
    ) == Decimal(row["Total"].text)


def test_an_auto_renewing_contract_stays_in_the_books(tmp_path: Path) -> None:
    """CON-2025-002 ended on 2026-12-31 but renews itself (for a year: its first term
    was 18 months); CON-2026-001 ended the same day and does not."""
    root = make_repo(tmp_path / "books")
    path = export(root, "--period", "2027-02", "-o", str(tmp_path / "2027-02.xlsx"))
    contracts = {r["Contract"].text: r for r in data_rows(path, "Contracts")}
    assert "CON-2026-001" not in contracts
    renewing = contracts["CON-2025-002"]

    def day(column: str) -> date:  # a date cell holds its serial number, 1 = 1900-01-01
        return date(1899, 12, 30) + timedelta(days=int(renewing[column].text))

    assert day("End date") == date(2026, 12, 31) and renewing["Auto renew"].text == "1"
    assert day("Renewal date") == date(2028, 1, 1)
    assert day("Notice date") == date(2027, 10, 2)  # 90 days before the term ends
    assert Decimal(renewing["MRR"].text) == Decimal("42000.00")


def test_same_state_gives_identical_bytes_and_dirty_is_reported(
    tmp_path: Path, run_cli: RunCli
) -> None:
    root = make_repo(tmp_path / "books")
    first = export(root, "--period", "2026-Q4")
    content = first.read_bytes()
    again = export(root, "--period", "2026-Q4", "-o", str(tmp_path / "elsewhere.xlsx"))
    assert again.read_bytes() == content  # the output path and the clock leave no trace
    assert export(root, "--period", "2026-Q4").read_bytes() == content
    record = root / "records" / "customers" / "CUS-0001.yaml"
    record.write_text(record.read_text(encoding="utf-8") + "# touched\n", encoding="utf-8")
    dirty = export(root, "--period", "2026-Q4")
    about = about_sheet(dirty)
    assert about["Uncommitted changes in records"] == "1"


def test_outside_git_the_about_sheet_says_so(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "plain", with_git=False)
    path = export(root, "--period", "2026-11")
    about = about_sheet(path)
    assert about["Repository commit"].startswith("not a git repository")
    assert about["Uncommitted changes in records"] is None


def test_bad_input_exits_cleanly(tmp_path: Path, run_cli: RunCli) -> None:
    root = make_repo(tmp_path / "books", with_git=False)
    for args in (
        ["--period", "2026-13"],
        ["--period", "2026", "--from", "2026-01-01"],
        ["--to", "2026-01-01"],
        ["--from", "2026-02-01", "--to", "2026-01-01"],
    ):
        result = run_cli(root, "export", "finance", *args)
        assert result.exit_code == 2, args
        assert "Traceback" not in result.output
    (root / "taken").mkdir()
    result = run_cli(root, "export", "finance", "--today", TODAY, "-o", str(root / "taken"))
    assert result.exit_code == 2 and "it is a folder" in result.output
    (root / "file.txt").write_text("x", encoding="utf-8")
    result = run_cli(
        root, "export", "finance", "--today", TODAY, "--format", "csv", "-o", str(root / "file.txt")
    )
    assert result.exit_code == 2 and "it is a file" in result.output
    broken = root / "records" / "invoices" / "2026" / "INV-2026-0005.yaml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("currency: EUR\n", ""), encoding="utf-8"
    )
    result = run_cli(root, "export", "finance", "--today", TODAY)
    assert result.exit_code == 1
    assert "1 error" in result.output and "officectl validate" in result.output
    assert not (root / "reports").exists()


def test_python_m_officectl_export_finance(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "books")
    target = tmp_path / "out" / "nov.xlsx"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "officectl",
            "-C",
            str(root),
            "export",
            "finance",
            "--period",
            "2026-11",
            "--today",
            TODAY,
            "-o",
            str(target),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(target)
    ids = [r["Invoice"].text for r in data_rows(target, "Invoices")]
    supplied = sorted(
        i
        for i, e in expected_invoices(root).items()
        if (e.supply.year, e.supply.month) == (2026, 11)
    )
    assert ids == supplied and "INV-2026-0028" in ids
    assert "supplied in 2026-11" in done.stderr


def test_csv_files_hold_the_same_figures_as_the_workbook(books: tuple[Path, Path]) -> None:
    root, workbook = books
    folder = export(root, "--format", "csv")
    assert folder == root / "reports" / "finance-2026"
    with (folder / "invoices.csv").open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    sheet = raw_rows(workbook, "Invoices")
    data = sheet[: sheet.index({})] if {} in sheet else sheet  # the totals follow a blank row
    assert len(rows) == len(data) and not any(r["Invoice"].startswith("Total") for r in rows)
    for row, cells in zip(rows, data, strict=True):
        assert row["Invoice"] == cells["Invoice"].text
        if "Total" not in cells:  # the all-currencies row has base amounts only
            assert row["Total"] == ""
            assert Decimal(row["Total (base)"]) == Decimal(cells["Total (base)"].text)
            continue
        assert Decimal(row["Total"]) == Decimal(cells["Total"].text)
        assert row["Total"] == f"{Decimal(cells['Total'].text):.2f}"  # two decimals in CSV
        if row["Invoice"].startswith("INV-"):
            assert date.fromisoformat(row["Issue date"])


def test_export_after_validate_sees_edits_made_since(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The export takes a validate's findings from the cache when nothing a rule reads
    changed since, and still refuses records that a later edit broke for the rules."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    root = make_repo(tmp_path / "books", with_git=False)
    fresh = export(root, "-o", str(tmp_path / "fresh.xlsx"))
    assert run_cli(root, "validate", "--today", TODAY).exit_code == 0
    assert export(root, "-o", str(tmp_path / "after.xlsx")).read_bytes() == fresh.read_bytes()
    invoice = root / "records" / "invoices" / "2026" / "INV-2026-0005.yaml"
    text = invoice.read_text(encoding="utf-8")
    broken = "".join(
        "customer: CUS-9999\n" if line.startswith("customer:") else line
        for line in text.splitlines(keepends=True)
    )
    assert broken != text
    invoice.write_text(broken, encoding="utf-8")
    result = run_cli(root, "export", "finance", "--today", TODAY, "-o", str(tmp_path / "x"))
    assert result.exit_code == 1 and "nothing was exported" in result.output
    assert run_cli(root, "validate", "--today", TODAY).exit_code == 1
    invoice.write_text(text, encoding="utf-8")
    assert export(root, "-o", str(tmp_path / "again.xlsx")).read_bytes() == fresh.read_bytes()
