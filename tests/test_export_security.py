"""Records from an untrusted pull request: their text stays text in every export, numbers
stay exact, and staff salaries and personal IDs never leave the repository."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from beancount import loader
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from conftest import TODAY, make_repo
from export_helpers import raw_rows
from officectl.cli import cli

HOSTILE_NAME = '=HYPERLINK("http://evil.example","click")'
DESCRIPTIONS = [
    "=1+2",
    "+1",
    "-2",
    "@SUM(A1)",
    "\tx",
    "\rx",
    "_x0041_ stays",
    "#N/A",
    "\x01bell",
    "＝1+2",
    "  padded  ",
]
PERSONAL_ID = "8506101234"
SALARY = "123456.78"

STAFF = f"""\
name: Tajný Zaměstnanec
email: secret@severka.example
department: sales
start_date: 2020-01-01
personal_id: "{PERSONAL_ID}"
salary: {{amount: {SALARY}, currency: CZK, period: month}}
"""
CUSTOMER = """\
name: '=HYPERLINK("http://evil.example","click")'
country: CZ
account_manager: EMP-900
address: {street: "+1 Main", city: "-2", postal_code: "@SUM(A1)", country: CZ}
"""


def _yaml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\t", "\\t").replace("\r", "\\r").replace("\x01", "\\x01") + '"'


def _invoice() -> str:
    lines = [
        f"  - {{description: {_yaml_string(text)}, quantity: 1, unit_price: 1, vat_rate: 21}}"
        for text in DESCRIPTIONS
    ]
    return "\n".join(
        [
            "customer: CUS-0100",
            "currency: CZK",
            "lines:",
            "  - {description: exact, quantity: 1, unit_price: 1250.10, vat_rate: 21, "
            "unit: \"=cmd|' /C calc'!A0\"}",
            "  - {description: tenths, quantity: 3, unit_price: 0.10, vat_rate: 21}",
            *lines,
            "status: issued",
            "issue_date: 2026-11-24",
            "due_date: 2026-12-08",
            "payments:",
            '  - {date: 2026-11-24, amount: 100, reference: "=2+3\\n2026-01-01 open Assets:Evil"}',
            "",
        ]
    )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_repo(tmp_path_factory.mktemp("hostile") / "books", with_git=False)
    records = root / "records"
    (records / "staff" / "EMP-900.yaml").write_text(STAFF, encoding="utf-8")
    (records / "customers" / "CUS-0100.yaml").write_text(CUSTOMER, encoding="utf-8")
    (records / "invoices" / "2026" / "INV-2026-0029.yaml").write_text(_invoice(), encoding="utf-8")
    for args in (["finance"], ["finance", "--format", "csv"], ["journal"]):
        result = CliRunner().invoke(
            cli,
            ["-C", str(root), "export", *args, "--period", "2026-11", "--today", TODAY],
            catch_exceptions=False,
        )
        assert result.exit_code == 0, result.output
    return root


def _workbook(root: Path) -> Path:
    return root / "reports" / "finance-2026-11.xlsx"


def test_record_text_is_a_text_cell_holding_exactly_the_text(hostile: Path) -> None:
    path = _workbook(hostile)
    lines = [
        row
        for row in raw_rows(path, "Invoice lines")
        if row.get("Invoice") and row["Invoice"].text == "INV-2026-0029"
    ]
    for row in lines:
        for column in ("Description", "Unit"):
            if column in row:
                assert row[column].type == "inlineStr" and not row[column].formula
    name = next(
        row["Customer name"]
        for row in raw_rows(path, "Invoices")
        if row.get("Customer") and row["Customer"].text == "CUS-0100"
    )
    assert name.type == "inlineStr" and not name.formula
    # what Excel shows: python-calamine decodes cells as Excel does
    calamine = CalamineWorkbook.from_path(str(path))
    shown = [
        r[2]
        for r in calamine.get_sheet_by_name("Invoice lines").to_python()
        if r[0] == "INV-2026-0029"
    ]
    assert shown == ["exact", "tenths", *DESCRIPTIONS]
    units = [
        r[4]
        for r in calamine.get_sheet_by_name("Invoice lines").to_python()
        if r[0] == "INV-2026-0029"
    ]
    assert units[0] == "=cmd|' /C calc'!A0"
    names = [
        r[4] for r in calamine.get_sheet_by_name("Invoices").to_python() if r[0] == "INV-2026-0029"
    ]
    assert names == [HOSTILE_NAME]
    customers = {r[0]: r for r in calamine.get_sheet_by_name("Customers").to_python()}
    assert customers["CUS-0100"][7:10] == ["+1 Main", "-2", "@SUM(A1)"]
    # openpyxl sees strings, not formulas or errors
    sheet = openpyxl.load_workbook(path)["Invoice lines"]
    cells = [row[2] for row in sheet.iter_rows(min_row=2) if row[0].value == "INV-2026-0029"]
    assert all(cell.data_type == "s" for cell in cells)
    # openpyxl does not decode OOXML's _xHHHH_ escapes (Excel and calamine do)
    readable = [text for text in DESCRIPTIONS if text not in ("_x0041_ stays", "\x01bell")]
    assert [c.value for c in cells if c.value in readable] == readable


def test_numbers_are_stored_as_their_exact_decimal_text(hostile: Path) -> None:
    path = _workbook(hostile)
    lines = [
        row
        for row in raw_rows(path, "Invoice lines")
        if row.get("Invoice") and row["Invoice"].text == "INV-2026-0029"
    ]
    assert (lines[0]["Unit price"].text, lines[0]["Net"].text) == ("1250.1", "1250.1")
    assert (lines[1]["Unit price"].text, lines[1]["Net"].text) == ("0.1", "0.3")
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode("utf-8")
                for value in re.findall(r'<c [^>]*t="n"[^>]*><v>([^<]*)</v>', xml):
                    assert re.fullmatch(r"-?[0-9]+(\.[0-9]{1,6})?", value), (name, value)


def test_staff_salaries_and_personal_ids_never_appear(hostile: Path) -> None:
    reports = hostile / "reports"
    texts = [(reports / "journal-2026-11.beancount").read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8-sig") for p in (reports / "finance-2026-11").iterdir()]
    with zipfile.ZipFile(_workbook(hostile)) as archive:
        texts += [archive.read(name).decode("utf-8") for name in archive.namelist()]
    for text in texts:
        for secret in (PERSONAL_ID, SALARY, "Tajný Zaměstnanec"):
            assert secret not in text


def test_csv_cells_that_look_like_formulas_are_neutralised(hostile: Path) -> None:
    folder = hostile / "reports" / "finance-2026-11"
    assert sorted(p.name for p in folder.iterdir()) == [
        "about.csv",
        "campaigns.csv",
        "contracts.csv",
        "customers.csv",
        "eu-sales.csv",
        "invoice-lines.csv",
        "invoices.csv",
        "receivables.csv",
        "vat.csv",
    ]
    raw = (folder / "invoice-lines.csv").read_bytes()
    assert raw.startswith(b'\xef\xbb\xbf"Invoice","Line","Description"')
    with (folder / "invoice-lines.csv").open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    ours = [row for row in rows if row["Invoice"] == "INV-2026-0029"]
    assert [row["Description"] for row in ours] == [
        "exact",
        "tenths",
        "'=1+2",
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "_x0041_ stays",
        "#N/A",
        "\x01bell",
        "'＝1+2",
        "  padded  ",
    ]
    assert ours[0]["Unit"] == "'=cmd|' /C calc'!A0"
    assert (ours[0]["Net"], ours[0]["VAT"], ours[1]["Net"]) == ("1250.10", "262.52", "0.30")
    credit = next(row for row in rows if row["Invoice"] == "INV-2026-0026")
    assert credit["Net"] == "-980.00"  # a computed negative amount stays a number
    with (folder / "customers.csv").open(encoding="utf-8-sig", newline="") as stream:
        customer = next(r for r in csv.DictReader(stream) if r["Customer"] == "CUS-0100")
    assert customer["Name"] == "'" + HOSTILE_NAME


def test_hostile_text_cannot_add_journal_directives(hostile: Path) -> None:
    entries, errors, _ = loader.load_file(str(hostile / "reports" / "journal-2026-11.beancount"))
    assert errors == []
    opened = {entry.account for entry in entries if type(entry).__name__ == "Open"}
    assert "Assets:Evil" not in opened
    payment = next(
        e for e in entries if getattr(e, "narration", "").startswith("Payment of INV-2026-0029")
    )
    assert payment.payee == HOSTILE_NAME
    assert payment.narration == "Payment of INV-2026-0029: =2+3 2026-01-01 open Assets:Evil"
