"""A kind a company defines in officectl.yaml works with every command as a built-in one.

The repository is the sample company plus an ``assets`` kind (IT, back office) that
this test defines: a ref to staff, a unique serial number, a sensitive licence key,
a decimal price, dates, a list of refs; and a built-in kind's extra field that
refers to it (``staff.laptop``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import TODAY, RunCli, git, make_repo

ASSETS = r"""
  assets:
    singular: asset
    description: Company equipment.
    id_pattern: 'AST-\d{3,}'
    fields:
      name: {type: str, required: true}
      serial: {type: str, required: true}
      holder: {type: ref, kind: staff}
      purchased: {type: date, required: true}
      price: {type: decimal, min: 0, required: true}
      state: {type: str, enum: [in_use, spare, retired], default: in_use}
      licence_key: {type: str}
      customers: {type: list, items: ref, kind: customers}
    unique: [serial]
    sensitive: [licence_key]
    columns: [id, name, holder, state, price]
    export: true
"""
STAFF_LAPTOP = """
fields:
  staff:
    laptop: {type: ref, kind: assets}
"""
AST_001 = """\
name: ThinkPad T14 Gen 5
serial: PF-4XK2
holder: EMP-002
purchased: 2026-02-03
price: 38990.50
licence_key: SECRET-KEY-1
"""
AST_002 = """\
name: "=HYPERLINK(\\"http://evil.example\\")"
serial: PF-9QQ1
purchased: 2025-11-30
price: 1234567.891
state: spare
customers: [CUS-0001, CUS-0006]
"""


def add_assets(root: Path) -> None:
    config = (root / "officectl.yaml").read_text("utf-8")
    config = config.replace("\nkinds:", "\nkinds:" + ASSETS.rstrip("\n"), 1) + STAFF_LAPTOP
    (root / "officectl.yaml").write_text(config, "utf-8")
    folder = root / "records/assets"
    folder.mkdir()
    (folder / "AST-001.yaml").write_text(AST_001, "utf-8")
    (folder / "AST-002.yaml").write_text(AST_002, "utf-8")
    staff = root / "records/staff/EMP-002.yaml"
    staff.write_text(staff.read_text("utf-8") + "laptop: AST-001\n", "utf-8")


@pytest.fixture
def assets_repo(tmp_path: Path) -> Path:
    root = make_repo(tmp_path / "books", with_git=False)
    add_assets(root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "assets")
    return root


def validate(run_cli: RunCli, root: Path, *args: str) -> tuple[int, str]:
    result = run_cli(root, "validate", "--today", TODAY, "--strict", *args)
    return result.exit_code, result.output


def test_validate_is_clean_and_warm_output_equals_cold(assets_repo: Path, run_cli: RunCli) -> None:
    cold = validate(run_cli, assets_repo, "--no-cache")
    assert cold[0] == 0, cold[1]
    assert "checked: 0 errors, 0 warnings" in cold[1]
    assert validate(run_cli, assets_repo) == cold  # fills the cache
    assert validate(run_cli, assets_repo) == cold  # from the cache


def test_every_check_of_a_defined_kind_at_file_line_column(
    assets_repo: Path, run_cli: RunCli
) -> None:
    folder = assets_repo / "records/assets"
    (folder / "AST-003.yaml").write_text(
        "name: Dock\nserial: pf-4xk2\nholder: CUS-0001\npurchased: 2026-13-01\n"
        "price: -5\nstate: lost\nprise: 3\ncustomers: [CUS-0001, EMP-001]\n",
        "utf-8",
    )
    (folder / "laptop-4.yaml").write_text(
        "id: AST-004\nname: Spare\nserial: X\npurchased: 2026-01-01\nprice: 1\n", "utf-8"
    )
    (assets_repo / "records/tickets/AST-001.yaml").write_text(
        "title: x\ncustomer: CUS-0001\nopened: 2026-01-01\n", "utf-8"
    )
    staff = assets_repo / "records/staff/EMP-003.yaml"
    staff.write_text(staff.read_text("utf-8") + "laptop: AST-999\n", "utf-8")
    staff_line = staff.read_text("utf-8").count("\n")
    cold = validate(run_cli, assets_repo, "--no-cache")
    assert cold[0] == 1
    for expected in (
        "records/assets/AST-003.yaml:2:9: error duplicate-value: serial pf-4xk2 is already "
        "used by AST-001",
        "records/assets/AST-003.yaml:3:9: error ref-wrong-kind: holder CUS-0001 is a "
        "customer, not a staff",
        "records/assets/AST-003.yaml:4:12: error invalid-date:",
        "records/assets/AST-003.yaml:5:8: error out-of-range:",
        "records/assets/AST-003.yaml:6:8: error invalid-value: state must be one of in_use, "
        "spare, retired; got 'lost'",
        "records/assets/AST-003.yaml:7:1: error unknown-field: unknown field 'prise'; did "
        "you mean 'price'?",
        "records/assets/AST-003.yaml:8:23: error ref-wrong-kind: customers EMP-001 is a "
        "staff, not a customer",
        "records/assets/laptop-4.yaml:1:1: error id-format: file name laptop-4 is not an "
        "asset ID (like AST-001); rename the file",
        "records/assets/laptop-4.yaml:1:5: error id-mismatch:",
        "records/tickets/AST-001.yaml:1:1: error id-format: file name AST-001 is not a ticket ID",
        "error duplicate-id: ID AST-001 is already used by",
        f"records/staff/EMP-003.yaml:{staff_line}:9: error ref-missing: laptop AST-999 does "
        "not exist",
    ):
        assert expected in cold[1], (expected, cold[1])
    assert validate(run_cli, assets_repo) == cold
    assert validate(run_cli, assets_repo) == cold
    # The incremental path: fix one file, and warm output still equals cold.
    (folder / "AST-003.yaml").write_text(
        "name: Dock\nserial: D-1\nholder: EMP-003\npurchased: 2026-12-01\nprice: 5\n", "utf-8"
    )
    warm = validate(run_cli, assets_repo)
    assert warm == validate(run_cli, assets_repo, "--no-cache")
    assert "AST-003.yaml" not in warm[1]


def test_changed_since_reports_the_changed_defined_record(
    assets_repo: Path, run_cli: RunCli
) -> None:
    path = assets_repo / "records/assets/AST-002.yaml"
    path.write_text(path.read_text("utf-8").replace("state: spare", "state: broken"), "utf-8")
    exit_code, output = validate(run_cli, assets_repo, "--changed-since", "HEAD")
    assert exit_code == 1
    assert "records/assets/AST-002.yaml:5:8: error invalid-value: state must be one of" in output


def test_changed_since_reports_defined_records_that_refer_to_a_changed_one(
    assets_repo: Path, run_cli: RunCli
) -> None:
    git(assets_repo, "mv", "records/customers/CUS-0006.yaml", "records/customers/CUS-0099.yaml")
    exit_code, output = validate(run_cli, assets_repo, "--changed-since", "HEAD")
    assert exit_code == 1
    assert (
        "records/assets/AST-002.yaml:6:23: error ref-missing: customers CUS-0006 does "
        "not exist" in output
    )
    tickets = [
        p
        for p in (assets_repo / "records/tickets").glob("*.yaml")
        if "customer: CUS-0006\n" in p.read_text("utf-8")
    ]
    assert tickets
    for path in tickets:
        assert f"records/tickets/{path.name}:" in output


def test_list_filters_sorts_columns_and_formats(assets_repo: Path, run_cli: RunCli) -> None:
    table = run_cli(assets_repo, "list", "assets")
    assert table.exit_code == 0
    assert table.stdout.splitlines()[0].split() == ["id", "name", "holder", "state", "price"]
    assert "in_use" in table.stdout  # AST-001's state is the default
    assert "SECRET" not in table.stdout
    rows = json.loads(
        run_cli(assets_repo, "list", "asset", "--where", "price>40000", "--format", "json").stdout
    )
    assert [row["id"] for row in rows] == ["AST-002"]
    assert "licence_key" not in json.dumps(rows)
    csv = run_cli(
        assets_repo,
        "list",
        "assets",
        "--sort",
        "-price",
        "--columns",
        "id,price,purchased,customers",
        "--format",
        "csv",
    ).stdout
    rows = [row.split(",", 2) for row in csv.splitlines()]  # the one CSV cell policy:
    assert csv.splitlines()[0] == '"id","price","purchased","customers"'  # text quoted,
    assert [row[:2] for row in rows[1:]] == [
        ['"AST-002"', "1234567.891"],  # numbers bare
        ['"AST-001"', "38990.50"],
    ]
    assert "CUS-0001, CUS-0006" in rows[1][2] and "2025-11-30" in rows[1][2]
    hidden = run_cli(assets_repo, "list", "assets", "--columns", "id,licence_key")
    assert hidden.exit_code == 2
    assert "licence_key is sensitive" in hidden.stderr
    shown = run_cli(
        assets_repo, "list", "assets", "--columns", "id,licence_key", "--show-sensitive"
    )
    assert "SECRET-KEY-1" in shown.stdout
    typo = run_cli(assets_repo, "list", "assests")
    assert typo.exit_code == 2 and "did you mean 'assets'?" in typo.stderr


def test_show_links_both_ways(assets_repo: Path, run_cli: RunCli) -> None:
    shown = run_cli(assets_repo, "show", "AST-001", "--format", "json")
    view = json.loads(shown.stdout)
    assert view["kind"] == "assets"
    assert view["hidden"] == ["licence_key"]
    assert view["computed"] == {"state": "in_use"}
    assert [(link["field"], link["id"]) for link in view["links"]] == [("holder", "EMP-002")]
    assert [(link["field"], link["id"]) for link in view["referrers"]] == [("laptop", "EMP-002")]
    staff = json.loads(run_cli(assets_repo, "show", "EMP-002", "--format", "json").stdout)
    assert {
        "field": "laptop",
        "id": "AST-001",
        "kind": "assets",
        "label": "ThinkPad T14 Gen 5",
    } in staff["links"]
    customer = run_cli(assets_repo, "show", "CUS-0006").stdout
    assert "Assets (1)" in customer and "AST-002" in customer


def test_new_numbers_from_the_pattern_and_writes_defaults(
    assets_repo: Path, run_cli: RunCli
) -> None:
    result = run_cli(
        assets_repo,
        "new",
        "asset",
        "--set",
        "name=Monitor",
        "--set",
        "serial=M-1",
        "--set",
        "purchased=2026-11-20",
        "--set",
        "price=4990",
    )
    assert result.exit_code == 0, result.output
    path = assets_repo / "records/assets/AST-003.yaml"
    assert Path(result.stdout.strip()).resolve() == path
    assert path.read_text("utf-8") == (
        "name: Monitor\nserial: M-1\npurchased: 2026-11-20\nprice: 4990\nstate: in_use\n"
    )
    refused = run_cli(
        assets_repo,
        "new",
        "asset",
        "--set",
        "name=Dup",
        "--set",
        "serial=PF-4XK2",
        "--set",
        "purchased=2026-11-20",
        "--set",
        "price=1",
    )
    assert refused.exit_code == 1
    assert "duplicate-value" in refused.output


@pytest.mark.parametrize("pattern", [r"AST-[A-Z0-9]+", r"\.\./\.\./AST-\d+"])
def test_new_refuses_a_pattern_it_cannot_number(
    assets_repo: Path, run_cli: RunCli, pattern: str
) -> None:
    config = assets_repo / "officectl.yaml"
    config.write_text(
        config.read_text("utf-8").replace(r"id_pattern: 'AST-\d{3,}'", f"id_pattern: '{pattern}'"),
        "utf-8",
    )
    (assets_repo / "records/assets/AST-002.yaml").unlink()
    (assets_repo / "records/assets/AST-001.yaml").unlink()
    staff = assets_repo / "records/staff/EMP-002.yaml"
    staff.write_text(staff.read_text("utf-8").replace("laptop: AST-001\n", ""), "utf-8")
    assert validate(run_cli, assets_repo)[0] == 0

    def files() -> list[Path]:
        return sorted(
            p for p in assets_repo.parent.rglob("*") if p.is_file() and ".officectl-" not in str(p)
        )

    before = files()
    result = run_cli(
        assets_repo,
        "new",
        "asset",
        "--set",
        "name=x",
        "--set",
        "serial=1",
        "--set",
        "purchased=2026-01-01",
        "--set",
        "price=1",
    )
    assert result.exit_code == 2
    assert (
        f"assets: cannot number a new record: the ID pattern {pattern} is not a "
        "fixed prefix and a counter" in result.stderr
    )
    assert files() == before


def test_fmt_orders_a_defined_kind_by_its_fields(assets_repo: Path, run_cli: RunCli) -> None:
    path = assets_repo / "records/assets/AST-001.yaml"
    path.write_text(
        "price: 38990.50\nname:   ThinkPad T14 Gen 5\nserial: PF-4XK2\n"
        "purchased: 2026-02-03\nholder: EMP-002\nlicence_key: SECRET-KEY-1\n",
        "utf-8",
    )
    assert run_cli(assets_repo, "fmt", "--check").exit_code == 1
    assert run_cli(assets_repo, "fmt").exit_code == 0
    assert path.read_text("utf-8") == AST_001


def test_schema_of_a_defined_kind(assets_repo: Path, run_cli: RunCli, tmp_path: Path) -> None:
    schema = json.loads(run_cli(assets_repo, "schema", "asset").stdout)
    assert schema["title"] == "officectl asset record"
    assert schema["properties"]["state"]["enum"][:3] == ["in_use", "spare", "retired"]
    assert schema["properties"]["state"]["default"] == "in_use"
    assert schema["properties"]["holder"]["pattern"] == "^(?:EMP-[0-9]{3,})$"
    assert set(schema["required"]) == {"name", "serial", "purchased", "price"}
    staff = json.loads(run_cli(assets_repo, "schema", "staff").stdout)
    assert staff["properties"]["laptop"]["pattern"] == r"^(?:AST-\d{3,})$"
    out = tmp_path / "schemas"
    assert run_cli(assets_repo, "schema", "--all", "-o", str(out)).exit_code == 0
    assert {p.name for p in out.iterdir()} >= {
        "assets.schema.json",
        "tickets.schema.json",
        "campaigns.schema.json",
    }


def test_render_with_the_companys_template(assets_repo: Path, run_cli: RunCli) -> None:
    missing = run_cli(assets_repo, "render", "AST-001", "--format", "md")
    assert missing.exit_code == 2
    assert "assets have no built-in template" in missing.stderr
    (assets_repo / "templates").mkdir(exist_ok=True)
    (assets_repo / "templates/asset.md").write_text(
        "# {{ record.name }} ({{ record.id }})\n\nHolder: {{ linked.holder.name }}\n"
        "Price: {{ record.price }}\nState: {{ record.state }}\n"
        "Key: {{ record.licence_key | default('hidden') }}\n",
        "utf-8",
    )
    result = run_cli(
        assets_repo, "render", "AST-001", "--format", "md", "-o", str(assets_repo / "out")
    )
    assert result.exit_code == 0, result.output
    holder = (assets_repo / "records/staff/EMP-002.yaml").read_text("utf-8")
    name = next(line.split(": ", 1)[1] for line in holder.splitlines() if line.startswith("name: "))
    assert (assets_repo / "out/AST-001.md").read_text("utf-8") == (
        f"# ThinkPad T14 Gen 5 (AST-001)\n\nHolder: {name}\nPrice: 38990.50\n"
        "State: in\\_use\nKey: hidden\n"
    )  # the default (Markdown-escaped); key hidden


def test_export_finance_has_a_sheet_per_exported_kind(assets_repo: Path, run_cli: RunCli) -> None:
    import openpyxl

    target = assets_repo / "books.xlsx"
    result = run_cli(
        assets_repo, "export", "finance", "--period", "2026", "-o", str(target), "--today", TODAY
    )
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[-2:] == ["Assets", "Campaigns"]  # tickets: no export
    sheet = book["Assets"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("ID", "name", "serial", "holder", "purchased", "price", "state", "customers")
    assert rows[1][0] == "AST-001" and rows[2][0] == "AST-002"
    assert rows[1][6] == "in_use"  # the default
    assert "SECRET-KEY-1" not in {cell for row in rows for cell in row}
    formula = sheet.cell(row=3, column=2)
    assert formula.data_type == "s" and formula.value == '=HYPERLINK("http://evil.example")'
    assert sheet.cell(row=3, column=5).is_date
    # Exact: the cell's text is the record's decimal, never a float's rounding.
    import zipfile

    with zipfile.ZipFile(target) as package:
        names = [n for n in package.namelist() if n.startswith("xl/worksheets/")]
        xml = "".join(package.read(n).decode() for n in names)
    assert f"<v>{Decimal('1234567.891')}</v>" in xml and "<v>38990.5</v>" in xml


def test_a_real_process_validates_lists_and_shows_a_defined_kind(assets_repo: Path) -> None:
    env = {**os.environ, "OFFICECTL_JOBS": "1"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "officectl", "-C", str(assets_repo), *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )

    checked = run("validate", "--strict", "--today", TODAY)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    listed = run("list", "assets", "--format", "json")
    assert [r["id"] for r in json.loads(listed.stdout)] == ["AST-001", "AST-002"]
    shown = run("show", "CUS-0001")
    assert "Tickets (2)" in shown.stdout and "Campaigns (2)" in shown.stdout
    assert "Assets (1)" in shown.stdout


@pytest.mark.parametrize("locale", ["cs_CZ", "fi_FI", "en_GB"])
def test_init_shows_a_defined_kind_that_works_once_uncommented(
    tmp_path: Path, run_cli: RunCli, locale: str
) -> None:
    root = tmp_path / "new"
    assert run_cli(tmp_path, "init", str(root), "--locale", locale, "--today", TODAY).exit_code == 0
    config = root / "officectl.yaml"
    text = config.read_text("utf-8")
    start = text.index("# kinds:")
    example = text[start:].split("\n\n")[0]
    assert "\n#   tickets:\n" in example
    config.write_text(
        text[:start]
        + "\n".join(line[2:] for line in example.splitlines())
        + text[start + len(example) :],
        "utf-8",
    )
    customer = next((root / "records/customers").glob("*.yaml")).stem
    made = run_cli(
        root,
        "new",
        "ticket",
        "--set",
        "title=Printer",
        "--set",
        f"customer={customer}",
        "--set",
        f"opened={TODAY}",
    )
    assert made.exit_code == 0, made.output
    assert (root / "records/tickets/TIC-0001.yaml").read_text("utf-8") == (
        f"title: Printer\ncustomer: {customer}\nopened: {TODAY}\nstatus: open\n"
    )
    checked = run_cli(root, "validate", "--strict", "--today", TODAY)
    assert checked.exit_code == 0, checked.output


def test_the_sample_customer_360_view(tmp_path: Path, run_cli: RunCli) -> None:
    root = make_repo(tmp_path / "books", with_git=False)
    text = run_cli(root, "show", "CUS-0001").stdout
    sections = [
        line.split(" (")[0]
        for line in text.splitlines()
        if line.endswith(")") and not line.startswith(" ")
    ]
    assert sections == ["Deals", "Tickets", "Campaigns", "Contracts", "Invoices"]
    tickets = sorted(
        p.stem
        for p in (root / "records/tickets").glob("*.yaml")
        if "customer: CUS-0001\n" in p.read_text("utf-8")
    )
    campaigns = sorted(
        p.stem
        for p in (root / "records/campaigns").glob("*.yaml")
        if "CUS-0001" in p.read_text("utf-8")
    )
    view = json.loads(run_cli(root, "show", "CUS-0001", "--format", "json").stdout)
    assert view["related"] == {"tickets": tickets, "campaigns": campaigns}
    assert f"Tickets ({len(tickets)})" in text and f"Campaigns ({len(campaigns)})" in text
