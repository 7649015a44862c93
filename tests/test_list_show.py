"""``officectl list`` and ``officectl show``, end to end on a temporary copy of the sample.

The 360° view is checked on a customer added for the purpose: deals, a contract, and
paid, partially paid and credited invoices in CZK and EUR, plus a draft that must
not count. Expected amounts are computed here with Decimal, independently of officectl.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from conftest import TODAY, RunCli

CENT = Decimal("0.01")

RECORDS = {
    "customers/CUS-0014.yaml": """\
name: Dvojměna Trading s.r.o.
country: CZ
type: company
currency: CZK
account_manager: EMP-002
tags: [export, retainer]
""",
    "deals/DEAL-0013.yaml": """\
title: Export portal — phase 2
customer: CUS-0014
owner: EMP-002
stage: proposal
amount: 12000.00
currency: EUR
expected_close: 2027-01-15
""",
    "deals/DEAL-0014.yaml": """\
title: Export portal
customer: CUS-0014
owner: EMP-002
stage: won
amount: 18150.00
currency: CZK
expected_close: 2026-10-31
closed_on: 2026-10-20
contract: CON-2026-004
""",
    "contracts/CON-2026-004.yaml": """\
title: Export portal build
customer: CUS-0014
start_date: 2026-11-01
status: active
deal: DEAL-0014
end_date: 2027-10-31
signed_by: {customer: Jana Dvořáková, company: EMP-002}
""",
    # paid in full: 3 × 1234.45 at 21 %
    "invoices/2026/INV-2026-0029.yaml": """\
customer: CUS-0014
currency: CZK
lines:
  - {description: Analysis, quantity: 3, unit_price: 1234.45, vat_rate: 21}
status: paid
issue_date: 2026-11-21
due_date: 2026-12-05
deal: DEAL-0014
payments:
  - {date: 2026-11-22, amount: 4481.05, reference: bank}
""",
    # EUR, partially paid; 100.005 rounds half up to 100.01
    "invoices/2026/INV-2026-0030.yaml": """\
customer: CUS-0014
currency: EUR
lines:
  - {description: Hosting, quantity: 1, unit_price: 100.005, vat_rate: 21}
  - {description: Training, quantity: 2.5, unit_price: 80.00, vat_rate: 12}
status: issued
issue_date: 2026-11-22
due_date: 2026-12-06
exchange_rate: 25.125
payments:
  - {date: 2026-11-23, amount: 100.00, reference: SEPA}
""",
    # CZK, partially paid and partially credited by INV-2026-0032
    "invoices/2026/INV-2026-0031.yaml": """\
customer: CUS-0014
currency: CZK
lines:
  - {description: Development, quantity: 10, unit: hod, unit_price: 1500.00, vat_rate: 21}
status: issued
issue_date: 2026-11-23
due_date: 2026-11-24
contract: CON-2026-004
payments:
  - {date: 2026-11-24, amount: 5000.00}
""",
    "invoices/2026/INV-2026-0032.yaml": """\
customer: CUS-0014
currency: CZK
lines:
  - {description: Development not delivered, quantity: -2, unit_price: 1500.00, vat_rate: 21}
status: issued
issue_date: 2026-11-24
due_date: 2026-11-24
credit_note_for: INV-2026-0031
""",
    "invoices/INV-DRAFT-0003.yaml": """\
customer: CUS-0014
currency: CZK
lines:
  - {description: Next month, quantity: 1, unit_price: 999.00, vat_rate: 21}
status: draft
""",
}


def money(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def invoice_total(lines: list[tuple[str, str, str]]) -> Decimal:
    """(quantity, unit price, rate) lines → total: nets rounded half up, VAT per rate."""
    nets: dict[Decimal, Decimal] = {}
    for quantity, price, rate in lines:
        nets[Decimal(rate)] = nets.get(Decimal(rate), Decimal(0)) + money(
            Decimal(quantity) * Decimal(price)
        )
    return sum((net + money(net * rate / 100) for rate, net in nets.items()), Decimal(0))


TOTAL_29 = invoice_total([("3", "1234.45", "21")])
TOTAL_30 = invoice_total([("1", "100.005", "21"), ("2.5", "80.00", "12")])
TOTAL_31 = invoice_total([("10", "1500.00", "21")])
TOTAL_32 = invoice_total([("-2", "1500.00", "21")])
BALANCE_30 = TOTAL_30 - Decimal("100.00")
BALANCE_31 = TOTAL_31 - Decimal("5000.00") + TOTAL_32  # the credit note's total is negative


@pytest.fixture
def books(sample_repo: Path) -> Path:
    for relpath, text in RECORDS.items():
        path = sample_repo / "records" / relpath
        path.write_text(text, encoding="utf-8")
    return sample_repo


def write_customer(root: Path, record_id: str, text: str) -> None:
    (root / "records" / "customers" / f"{record_id}.yaml").write_text(text, encoding="utf-8")


def test_the_added_records_validate(books: Path, run_cli: RunCli) -> None:
    result = run_cli(books, "validate", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert (Decimal("4481.05"), Decimal("345.01")) == (TOTAL_29, TOTAL_30)


# --- show: the 360° view of a customer ---------------------------------------------------


def test_customer_360_json(books: Path, run_cli: RunCli) -> None:
    result = run_cli(books, "show", "CUS-0014", "--format", "json")
    assert result.exit_code == 0, result.output
    view = json.loads(result.stdout)
    assert view["id"] == "CUS-0014"
    assert view["record"]["name"] == "Dvojměna Trading s.r.o."
    assert view["deals"] == ["DEAL-0013", "DEAL-0014"]
    assert view["contracts"] == ["CON-2026-004"]
    assert view["invoices"] == [
        "INV-2026-0029",
        "INV-2026-0030",
        "INV-2026-0031",
        "INV-2026-0032",
        "INV-DRAFT-0003",
    ]
    # never added across currencies; the draft and the credit note add nothing themselves
    assert view["balance_due"] == {"CZK": str(BALANCE_31), "EUR": str(BALANCE_30)}
    assert view["balance_due"] == {"CZK": "9520.00", "EUR": "245.01"}
    assert view["account_manager"]["id"] == "EMP-002"
    assert view["account_manager"]["name"] == "Martin Dvořák"
    rows = {row["id"]: row for row in view["invoice_balances"]}
    assert rows["INV-2026-0029"]["balance"] == "0.00"
    assert rows["INV-2026-0031"]["credited"] == str(-TOTAL_32)
    assert rows["INV-2026-0032"]["total"] == str(TOTAL_32)
    assert rows["INV-2026-0032"]["balance"] == "0.00"


def test_customer_360_text(books: Path, run_cli: RunCli) -> None:
    result = run_cli(books, "show", "CUS-0014")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "Account manager: EMP-002  Martin Dvořák <martin.dvorak@severka.example>" in text
    for heading in ("Deals (2)", "Contracts (1)", "Invoices (5)", "Balance due"):
        assert heading in text
    balance = text.split("Balance due\n", 1)[1]
    assert balance.split() == ["CZK", "9520.00", "EUR", "245.01"]


def test_customer_without_invoices_owes_nothing(sample_repo: Path, run_cli: RunCli) -> None:
    write_customer(sample_repo, "CUS-0020", "name: Nový zákazník\ncountry: CZ\n")
    view = json.loads(run_cli(sample_repo, "show", "CUS-0020", "--format", "json").stdout)
    assert (view["deals"], view["contracts"], view["invoices"]) == ([], [], [])
    assert view["balance_due"] == {}
    assert view["account_manager"] is None


def test_show_invoice_links_both_ways(books: Path, run_cli: RunCli) -> None:
    view = json.loads(run_cli(books, "show", "INV-2026-0031", "--format", "json").stdout)
    assert view["computed"]["total"] == str(TOTAL_31)
    assert view["computed"]["balance"] == str(BALANCE_31)
    assert {(link["field"], link["id"]) for link in view["links"]} == {
        ("customer", "CUS-0014"),
        ("contract", "CON-2026-004"),
    }
    assert [(link["id"], link["field"]) for link in view["referrers"]] == [
        ("INV-2026-0032", "credit_note_for")
    ]


def test_show_staff_finds_nested_references(books: Path, run_cli: RunCli) -> None:
    view = json.loads(run_cli(books, "show", "EMP-002", "--format", "json").stdout)
    referrers = {(link["id"], link["field"]) for link in view["referrers"]}
    assert ("CON-2026-004", "signed_by.company") in referrers
    assert ("CUS-0014", "account_manager") in referrers


def test_show_hides_sensitive_fields_unless_asked(sample_repo: Path, run_cli: RunCli) -> None:
    hidden = run_cli(sample_repo, "show", "EMP-001", "--format", "json")
    view = json.loads(hidden.stdout)
    assert "salary" not in view["record"] and view["hidden"] == ["salary"]
    assert "145000" not in run_cli(sample_repo, "show", "EMP-001").stdout
    shown = json.loads(
        run_cli(sample_repo, "show", "EMP-001", "--format", "json", "--show-sensitive").stdout
    )
    assert shown["record"]["salary"]["amount"] == "145000.00"


def test_show_unknown_id_exits_2_with_a_suggestion(sample_repo: Path, run_cli: RunCli) -> None:
    result = run_cli(sample_repo, "show", "CUS-00001")
    assert result.exit_code == 2
    assert "no record with ID CUS-00001" in result.stderr
    assert "did you mean CUS-0001" in result.stderr
    assert result.stdout == ""


# --- list -----------------------------------------------------------------------------------


def test_list_json_is_records_with_their_id(sample_repo: Path, run_cli: RunCli) -> None:
    result = run_cli(
        sample_repo, "list", "customer", "--where", "address.country=FI", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert [r["id"] for r in records] == ["CUS-0006", "CUS-0007"]
    assert all(r["address"]["country"] == "FI" and r["country"] == "FI" for r in records)
    assert records[0]["payment_terms_days"] == 30


def test_list_table_and_count(sample_repo: Path, run_cli: RunCli) -> None:
    result = run_cli(sample_repo, "list", "customers", "--where", "country=SK")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["id", "name", "country"]
    assert [line.split()[0] for line in lines[2:]] == ["CUS-0004", "CUS-0005"]
    count = len(list((sample_repo / "records/customers").glob("CUS-*.yaml")))
    assert result.stderr.strip() == f"2 of {count} customers"


def test_where_on_computed_fields_with_numbers(books: Path, run_cli: RunCli) -> None:
    result = run_cli(
        books,
        "list",
        "invoices",
        "--where",
        "customer=CUS-0014",
        "--where",
        "balance>0",
        "--columns",
        "id,total,balance",
        "--format",
        "json",
    )
    assert json.loads(result.stdout) == [
        {"id": "INV-2026-0030", "total": str(TOTAL_30), "balance": str(BALANCE_30)},
        {"id": "INV-2026-0031", "total": str(TOTAL_31), "balance": str(BALANCE_31)},
    ]
    # numbers compare as numbers: 4481.05 == 4481.050
    same = run_cli(books, "list", "invoices", "--where", "total=4481.050", "--format", "json")
    assert [r["id"] for r in json.loads(same.stdout)] == ["INV-2026-0029"]


def test_where_through_lists_and_missing_values(books: Path, run_cli: RunCli) -> None:
    tagged = run_cli(books, "list", "customers", "--where", "tags=export", "--format", "json")
    assert [r["id"] for r in json.loads(tagged.stdout)] == ["CUS-0014"]
    drafts = run_cli(books, "list", "invoices", "--where", "issue_date=", "--format", "json")
    assert {r["id"] for r in json.loads(drafts.stdout)} == {
        "INV-DRAFT-0001",
        "INV-DRAFT-0002",
        "INV-DRAFT-0003",
    }
    contains = run_cli(
        books,
        "list",
        "deals",
        "--where",
        "title~EXPORT",
        "--where",
        "stage!=won",
        "--format",
        "json",
    )
    assert [r["id"] for r in json.loads(contains.stdout)] == ["DEAL-0013"]


def test_sort_descending_by_amount_then_id(sample_repo: Path, run_cli: RunCli) -> None:
    result = run_cli(sample_repo, "list", "deals", "--sort", "-amount", "--format", "json")
    amounts = [Decimal(r["amount"]) for r in json.loads(result.stdout)]
    assert amounts == sorted(amounts, reverse=True) and len(amounts) == 12


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("list", "custmers"), "did you mean 'customers'?"),
        (("list", "customers", "--where", "contry=FI"), "did you mean 'country'?"),
        (("list", "customers", "--where", "address.cuntry=FI"), "did you mean 'address.country'?"),
        (("list", "customers", "--sort", "nmae"), "did you mean 'name'?"),
        (("list", "customers", "--where", "country"), "is not FIELD=VALUE"),
        (("list", "invoices", "--where", "total>lots"), "needs a number"),
        (("list", "staff", "--where", "salary.amount>0"), "add --show-sensitive"),
        (("list", "customers", "--where", "nosuch=1"), "fields of customers: id, name, country,"),
    ],
)
def test_bad_kind_or_field_is_a_usage_error(
    sample_repo: Path, run_cli: RunCli, args: tuple[str, ...], message: str
) -> None:
    result = run_cli(sample_repo, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_list_hides_sensitive_fields_unless_asked(sample_repo: Path, run_cli: RunCli) -> None:
    staff = json.loads(run_cli(sample_repo, "list", "staff", "--format", "json").stdout)
    assert staff and not any({"salary", "personal_id"} & set(person) for person in staff)
    shown = json.loads(
        run_cli(sample_repo, "list", "staff", "--format", "json", "--show-sensitive").stdout
    )
    assert any("salary" in person for person in shown)


def test_csv_neutralises_formulas_but_not_numbers(books: Path, run_cli: RunCli) -> None:
    write_customer(
        books,
        "CUS-0015",
        'name: "=HYPERLINK(\\"http://x.example\\",\\"hi\\")"\n'
        "country: CZ\nphone: +420 777 000 111\n",
    )
    result = run_cli(
        books,
        "list",
        "customers",
        "--where",
        "country=CZ",
        "--columns",
        "id,name,phone",
        "--format",
        "csv",
    )
    rows = {row[0]: row for row in csv.reader(io.StringIO(result.stdout))}
    assert rows["id"] == ["id", "name", "phone"]
    assert rows["CUS-0015"][1] == '\'=HYPERLINK("http://x.example","hi")'
    assert rows["CUS-0015"][2] == "'+420 777 000 111"
    notes = run_cli(books, "list", "invoices", "--where", "id=INV-2026-0032", "--format", "csv")
    row = next(csv.DictReader(io.StringIO(notes.stdout)))
    assert row["total"] == str(TOTAL_32) == "-3630.00"


def test_table_escapes_terminal_control_characters(sample_repo: Path, run_cli: RunCli) -> None:
    write_customer(sample_repo, "CUS-0016", 'name: "Evil \\e[2J Corp"\ncountry: CZ\n')
    result = run_cli(sample_repo, "list", "customers", "--where", "id=CUS-0016")
    assert "\x1b" not in result.stdout
    assert "Evil \\x1b[2J Corp" in result.stdout


def test_console_script_list_and_show(books: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "officectl", "-C", str(books), *args],
            capture_output=True,
            text=True,
            check=False,
        )

    shown = run("show", "CUS-0014", "--format", "json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["balance_due"] == {"CZK": "9520.00", "EUR": "245.01"}
    missing = run("show", "DEAL-9999")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_where_orders_dates(books: Path, run_cli: RunCli) -> None:
    result = run_cli(
        books,
        "list",
        "invoices",
        "--where",
        "issue_date>=2026-11-22",
        "--where",
        "issue_date<2026-11-24",
        "--format",
        "json",
    )
    assert [r["id"] for r in json.loads(result.stdout)] == ["INV-2026-0030", "INV-2026-0031"]


def test_a_broken_file_does_not_stop_list(sample_repo: Path, run_cli: RunCli) -> None:
    broken = sample_repo / "records" / "customers" / "CUS-0002.yaml"
    broken.write_text("name: [unclosed\n", encoding="utf-8")
    result = run_cli(sample_repo, "list", "customers", "--format", "json")
    assert result.exit_code == 0
    assert "1 record file has errors" in result.stderr
    ids = [r["id"] for r in json.loads(result.stdout)]
    assert "CUS-0002" not in ids and "CUS-0001" in ids
    assert run_cli(sample_repo, "show", "CUS-0002").exit_code == 1
