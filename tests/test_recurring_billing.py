"""``invoice recurring`` bills a contract for exactly its term (issue 12, items 2 and 3).

Every expected amount is recomputed here from the contract's text with plain
``Decimal``: amount × days in the part / days in the whole period, half up to 0.01.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml
from openpyxl import load_workbook

from conftest import RunCli, git

CENT = Decimal("0.01")


def add_contract(root: Path, contract_id: str, text: str) -> None:
    (root / "records/contracts" / f"{contract_id}.yaml").write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", f"add {contract_id}")


def contract(
    customer: str,
    start: str,
    end: str | None,
    frequency: str,
    amount: str,
    *extra: str,
    currency: str | None = "CZK",
    auto_renew: bool = False,
) -> str:
    lines = [
        f"title: Care {frequency}",
        f"customer: {customer}",
        f"start_date: {start}",
        "status: active",
    ]
    if end:
        lines.append(f"end_date: {end}")
    lines.append(f"auto_renew: {'true' if auto_renew else 'false'}")
    lines += ["billing:", f"  amount: {amount}"]
    if currency:
        lines.append(f"  currency: {currency}")
    lines += [f"  frequency: {frequency}", "  vat_rate: 21", *(f"  {e}" for e in extra)]
    return "\n".join(lines) + "\n"


def bill(run_cli: RunCli, root: Path, period: str, today: str = "2030-01-01") -> list[str]:
    result = run_cli(root, "invoice", "recurring", "--period", period, "--today", today)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def drafts_of(root: Path, contract_id: str) -> list[dict[str, object]]:
    """The drafts written for a contract, read back with PyYAML, in billing order."""
    found = [
        yaml.safe_load(p.read_text("utf-8"))
        for p in sorted((root / "records/invoices").glob("INV-DRAFT-*.yaml"))
    ]
    return [d for d in found if d.get("contract") == contract_id]


def share(amount: str, days: int, whole: int) -> Decimal:
    return (Decimal(amount) * days / whole).quantize(CENT, rounding=ROUND_HALF_UP)


def validates(run_cli: RunCli, root: Path, today: str) -> None:
    result = run_cli(root, "validate", "--today", today)  # contracts may have ended by then
    assert result.exit_code == 0, result.output


# -- item 2: periods clipped to the term, pro-rated ---------------------------------


def test_a_two_year_yearly_contract_is_billed_twice_with_dated_lines(
    sample_repo: Path, run_cli: RunCli
) -> None:
    add_contract(
        sample_repo,
        "CON-2025-090",
        contract("CUS-0002", "2025-03-15", "2027-03-14", "yearly", "12000.00"),
    )
    for year in ("2025", "2026", "2027", "2028", "2025"):
        bill(run_cli, sample_repo, year)
    drafts = drafts_of(sample_repo, "CON-2025-090")
    assert [d["billing_period"] for d in drafts] == [
        "2025-03-15..2026-03-14",
        "2026-03-15..2027-03-14",
    ]
    assert [d["lines"][0]["description"] for d in drafts] == [  # type: ignore[index]
        "Care yearly — 2025-03-15 – 2026-03-14",
        "Care yearly — 2026-03-15 – 2027-03-14",
    ]
    assert {Decimal(str(d["lines"][0]["unit_price"])) for d in drafts} == {  # type: ignore[index]
        Decimal("12000.00")
    }
    validates(run_cli, sample_repo, "2026-11-25")


def test_part_months_at_either_end_are_pro_rated_by_days(
    sample_repo: Path, run_cli: RunCli
) -> None:
    add_contract(
        sample_repo,
        "CON-2027-090",
        contract("CUS-0002", "2027-01-10", "2027-03-20", "monthly", "1000.00"),
    )
    bill(run_cli, sample_repo, "2027")
    drafts = drafts_of(sample_repo, "CON-2027-090")
    assert [d["billing_period"] for d in drafts] == ["2027-01", "2027-02", "2027-03"]
    prices = [Decimal(str(d["lines"][0]["unit_price"])) for d in drafts]  # type: ignore[index]
    # 10–31 January is 22 of 31 days, 1–20 March 20 of 31
    assert prices == [share("1000.00", 22, 31), Decimal("1000.00"), share("1000.00", 20, 31)]
    assert prices[0] == Decimal("709.68") and prices[2] == Decimal("645.16")
    assert drafts[0]["lines"][0]["description"] == (  # type: ignore[index]
        "Care monthly — 2027-01-10 – 2027-01-31"
    )
    assert drafts[2]["lines"][0]["description"] == (  # type: ignore[index]
        "Care monthly — 2027-03-01 – 2027-03-20"
    )


def test_part_quarters_round_half_up(sample_repo: Path, run_cli: RunCli) -> None:
    # 15 Feb – 31 Mar 2027 is 45 of Q1's 90 days: 1234.57 / 2 = 617.285, half up 617.29
    # (half-even would say 617.28); 1 Oct – 30 Nov is 61 of Q4's 92 days
    add_contract(
        sample_repo,
        "CON-2027-091",
        contract("CUS-0002", "2027-02-15", "2027-11-30", "quarterly", "1234.57"),
    )
    bill(run_cli, sample_repo, "2027")
    drafts = drafts_of(sample_repo, "CON-2027-091")
    assert [d["billing_period"] for d in drafts] == ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"]
    prices = [Decimal(str(d["lines"][0]["unit_price"])) for d in drafts]  # type: ignore[index]
    assert prices == [
        share("1234.57", 45, 90),
        Decimal("1234.57"),
        Decimal("1234.57"),
        share("1234.57", 61, 92),
    ]
    assert prices[0] == Decimal("617.29")


def test_prorate_false_bills_whole_periods(sample_repo: Path, run_cli: RunCli) -> None:
    add_contract(
        sample_repo,
        "CON-2027-092",
        contract("CUS-0002", "2027-01-10", "2027-02-20", "monthly", "1000.00", "prorate: false"),
    )
    bill(run_cli, sample_repo, "2027")
    drafts = drafts_of(sample_repo, "CON-2027-092")
    assert [str(d["lines"][0]["unit_price"]) for d in drafts] == [  # type: ignore[index]
        "1000.0",
        "1000.0",
    ]
    assert drafts[1]["lines"][0]["description"] == (  # type: ignore[index]
        "Care monthly — 2027-02-01 – 2027-02-20"
    )


def test_a_yearly_contract_ending_early_is_pro_rated_by_its_days(
    sample_repo: Path, run_cli: RunCli
) -> None:
    add_contract(
        sample_repo,
        "CON-2027-093",
        contract("CUS-0002", "2027-03-15", "2028-12-31", "yearly", "36500.00"),
    )
    bill(run_cli, sample_repo, "2027")
    bill(run_cli, sample_repo, "2028")
    drafts = drafts_of(sample_repo, "CON-2027-093")
    assert [d["billing_period"] for d in drafts] == [
        "2027-03-15..2028-03-14",
        "2028-03-15..2029-03-14",
    ]
    # 15 March – 31 December 2028 is 292 of the 365 days to 14 March 2029
    days = (date(2028, 12, 31) - date(2028, 3, 15)).days + 1
    whole = (date(2029, 3, 14) - date(2028, 3, 15)).days + 1
    assert (days, whole) == (292, 365)
    assert Decimal(str(drafts[1]["lines"][0]["unit_price"])) == share(  # type: ignore[index]
        "36500.00", days, whole
    )
    assert drafts[1]["lines"][0]["description"].endswith(  # type: ignore[index]
        "— 2028-03-15 – 2028-12-31"
    )


def test_an_invoice_made_under_the_old_yearly_label_still_bills_its_period(
    sample_repo: Path, run_cli: RunCli
) -> None:
    add_contract(
        sample_repo,
        "CON-2025-090",
        contract("CUS-0002", "2025-03-15", "2027-03-14", "yearly", "12000.00"),
    )
    (sample_repo / "records/invoices/INV-DRAFT-0090.yaml").write_text(
        "customer: CUS-0002\ncurrency: CZK\nlines:\n  - description: Care — 2025\n"
        "    quantity: 1\n    unit_price: 12000.00\n    vat_rate: 21\nstatus: draft\n"
        'billing_period: "2025"\ncontract: CON-2025-090\n',
        encoding="utf-8",
    )
    assert not any("CON-2025-090" in line for line in bill(run_cli, sample_repo, "2025"))
    assert [
        line.split()[2] for line in bill(run_cli, sample_repo, "2026") if "CON-2025-090" in line
    ] == ["2026-03-15..2027-03-14"]


def test_renewals_never_bill_a_period_twice(sample_repo: Path, run_cli: RunCli) -> None:
    # a one-month first term that renews itself monthly, from the 10th; and a yearly
    # licence whose first term ends mid-year and renews for as long
    add_contract(
        sample_repo,
        "CON-2026-090",
        contract("CUS-0002", "2026-01-10", "2026-02-09", "monthly", "3100.00", auto_renew=True),
    )
    add_contract(
        sample_repo,
        "CON-2026-091",
        contract("CUS-0002", "2026-03-15", "2026-09-30", "yearly", "1000.00", auto_renew=True),
    )
    for period in ("2026-01", "2026-Q1", "2026", "2027-Q1", "2027", "2028-02"):
        bill(run_cli, sample_repo, period)
    monthly = [d["billing_period"] for d in drafts_of(sample_repo, "CON-2026-090")]
    assert monthly == [f"{y}-{m:02d}" for y in (2026, 2027) for m in range(1, 13)] + ["2028-02"]
    first = drafts_of(sample_repo, "CON-2026-090")[0]
    assert Decimal(str(first["lines"][0]["unit_price"])) == share(  # type: ignore[index]
        "3100.00", 22, 31
    )
    yearly = drafts_of(sample_repo, "CON-2026-091")
    assert [d["billing_period"] for d in yearly] == [
        "2026-03-15..2027-03-14",
        "2027-03-15..2028-03-14",
    ]
    assert all(str(d["lines"][0]["unit_price"]) == "1000.0" for d in yearly)  # type: ignore[index]


def test_a_billing_period_range_must_be_real_dates_in_order(
    sample_repo: Path, run_cli: RunCli
) -> None:
    base = (
        "customer: CUS-0002\ncurrency: CZK\nlines:\n  - description: Care\n"
        "    quantity: 1\n    unit_price: 10.00\n    vat_rate: 21\nstatus: draft\n"
    )
    invoices = sample_repo / "records/invoices"
    (invoices / "INV-DRAFT-0090.yaml").write_text(
        base + "billing_period: 2026-02-30..2027-02-28\n", encoding="utf-8"
    )
    (invoices / "INV-DRAFT-0091.yaml").write_text(
        base + "billing_period: 2027-01-01..2026-12-31\n", encoding="utf-8"
    )
    (invoices / "INV-DRAFT-0092.yaml").write_text(
        base + "billing_period: 2026-03-15..2027-03-14\n", encoding="utf-8"
    )
    result = run_cli(sample_repo, "validate", "--today", "2026-11-25")
    assert result.exit_code == 1
    assert (
        "records/invoices/INV-DRAFT-0090.yaml:9:17: error invalid-date: billing_period "
        "2026-02-30..2027-02-28 is not two real dates"
    ) in result.stdout
    assert (
        "records/invoices/INV-DRAFT-0091.yaml:9:17: error date-order: billing_period "
        "2027-01-01..2026-12-31 ends before it starts"
    ) in result.stdout
    assert "INV-DRAFT-0092" not in result.stdout


# -- item 3: billing in arrears has a tax point ---------------------------------------


def test_arrears_are_billed_after_the_period_with_its_last_day_as_tax_point(
    sample_repo: Path, run_cli: RunCli
) -> None:
    add_contract(
        sample_repo,
        "CON-2027-094",
        contract("CUS-0002", "2027-01-01", "2027-05-15", "quarterly", "9000.00", "timing: arrears"),
    )
    add_contract(
        sample_repo,
        "CON-2027-095",
        contract("CUS-0002", "2027-01-01", "2027-12-31", "quarterly", "9000.00", "timing: advance"),
    )
    # in January only the advance contract is due: Q1 has not been supplied yet
    january = bill(run_cli, sample_repo, "2027-Q1", today="2027-01-04")
    assert [line.split()[1:3] for line in january if "CON-2027-09" in line] == [
        ["CON-2027-095", "2027-Q1"]
    ]
    assert drafts_of(sample_repo, "CON-2027-095")[0].get("taxable_supply_date") is None
    # April: Q1 has ended; run on 31 March it is not billed yet, and says so
    early = bill(run_cli, sample_repo, "2027-04", today="2027-03-31")
    assert "CON-2027-094 2027-Q1: billed in arrears once it has ended, from 2027-04-01" in early
    assert drafts_of(sample_repo, "CON-2027-094") == []
    bill(run_cli, sample_repo, "2027-04", today="2027-04-01")
    bill(run_cli, sample_repo, "2027-Q2", today="2027-07-01")
    bill(run_cli, sample_repo, "2027", today="2028-01-02")
    drafts = drafts_of(sample_repo, "CON-2027-094")
    assert [(d["billing_period"], d["taxable_supply_date"]) for d in drafts] == [
        ("2027-Q1", date(2027, 3, 31)),
        ("2027-Q2", date(2027, 5, 15)),
    ]
    # the term ends on 15 May: 45 of Q2's 91 days
    assert Decimal(str(drafts[1]["lines"][0]["unit_price"])) == share(  # type: ignore[index]
        "9000.00", 45, 91
    )
    # the part-quarter at the end falls due the day after the term ends
    assert (
        any(
            "CON-2027-094 2027-Q2" in line
            for line in bill(run_cli, sample_repo, "2027-05", today="2027-05-16")
        )
        is False
    )  # already drafted
    validates(run_cli, sample_repo, "2028-01-02")


def test_the_sample_arrears_contract_bills_the_quarter_just_ended(
    sample_repo: Path, run_cli: RunCli
) -> None:
    lines = bill(run_cli, sample_repo, "2027-01", today="2027-01-04")
    assert [line.split()[1:3] for line in lines if "CON-2026-010" in line] == [
        ["CON-2026-010", "2026-Q4"]
    ]
    draft = drafts_of(sample_repo, "CON-2026-010")[0]
    assert draft["taxable_supply_date"] == date(2026, 12, 31)
    assert draft["lines"][0]["unit_price"] == 13500  # type: ignore[index]


def test_the_sample_part_month_contract(sample_repo: Path, run_cli: RunCli) -> None:
    text = (sample_repo / "records/contracts/CON-2026-011.yaml").read_text("utf-8")
    amount = yaml.safe_load(text)["billing"]["amount"]
    bill(run_cli, sample_repo, "2026-12", today="2026-12-01")
    bill(run_cli, sample_repo, "2027-05", today="2027-05-01")
    drafts = drafts_of(sample_repo, "CON-2026-011")
    # 10–31 December is 22 of 31 days; 1–20 May 20 of 31
    assert [Decimal(str(d["lines"][0]["unit_price"])) for d in drafts] == [  # type: ignore[index]
        share(f"{amount:.2f}", 22, 31),
        share(f"{amount:.2f}", 20, 31),
    ]
    assert {d["currency"] for d in drafts} == {"EUR"}  # the customer's: none in billing


# -- the contract's billing currency, one rule everywhere ----------------------------


def test_a_contract_without_billing_currency_is_in_the_customers_everywhere(
    sample_repo: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    # CON-2026-001 bills a Finnish customer whose currency is EUR; drop billing.currency
    path = sample_repo / "records/contracts/CON-2026-001.yaml"
    path.write_text(path.read_text("utf-8").replace("  currency: EUR\n", ""), "utf-8")
    git(sample_repo, "commit", "-qam", "no billing currency")
    workbook = tmp_path / "book.xlsx"
    result = run_cli(
        sample_repo,
        "export",
        "finance",
        "--period",
        "2026",
        "--today",
        "2026-11-25",
        "-o",
        str(workbook),
    )
    assert result.exit_code == 0, result.output
    sheet = load_workbook(workbook)["Contracts"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "CON-2026-001")
    assert row[header.index("Currency")] == "EUR"
    rendered = run_cli(sample_repo, "render", "CON-2026-001", "--format", "html")
    assert rendered.exit_code == 0, rendered.output
    html = Path(rendered.stdout.strip()).read_text("utf-8")
    assert "Kč" not in html and "CZK" not in html
    assert "12\N{NO-BREAK SPACE}500,00\N{NO-BREAK SPACE}€" in html
    bill(run_cli, sample_repo, "2026-Q4", today="2026-12-31")
    assert drafts_of(sample_repo, "CON-2026-001")[0]["currency"] == "EUR"


# -- schema --------------------------------------------------------------------------


def test_timing_and_prorate_are_in_the_schema(sample_repo: Path, run_cli: RunCli) -> None:
    result = run_cli(sample_repo, "schema", "contracts")
    assert result.exit_code == 0, result.output
    billing = json.loads(result.stdout)["properties"]["billing"]["properties"]
    assert [e for e in billing["timing"]["enum"] if e is not None] == ["advance", "arrears"]
    assert "boolean" in billing["prorate"]["type"]
    add_contract(
        sample_repo,
        "CON-2027-096",
        contract(
            "CUS-0002",
            "2027-01-01",
            None,
            "monthly",
            "10.00",
            "timing: later",
            "prorate: sometimes",
        ),
    )
    result = run_cli(sample_repo, "validate", "--today", "2026-11-25")
    assert result.exit_code == 1
    assert "CON-2027-096.yaml:11:11: error invalid-value" in result.stdout
    assert "CON-2027-096.yaml:12:12: error invalid-type" in result.stdout


def test_an_arrears_period_takes_the_vat_rate_of_its_tax_point(
    sample_repo: Path, run_cli: RunCli
) -> None:
    # the standard rate changed on 2024-09-01 (as Finland's 24 → 25.5 %): Q3 2024 billed
    # in arrears is supplied on 30 September, at the new rate; in advance, on 1 July
    config = sample_repo / "officectl.yaml"
    config.write_text(
        config.read_text("utf-8").replace(
            "vat_rates: [21, 12, 0]",
            "vat_rates: [{rate: 24, to: 2024-08-31}, {rate: 25.5, from: 2024-09-01}, 0]",
        ),
        "utf-8",
    )
    for contract_id, timing in (("CON-2024-090", "arrears"), ("CON-2024-091", "advance")):
        add_contract(
            sample_repo,
            contract_id,
            contract(
                "CUS-0002", "2024-07-01", "2024-09-30", "quarterly", "100.00", f"timing: {timing}"
            ).replace("  vat_rate: 21\n", ""),
        )
    bill(run_cli, sample_repo, "2024", today="2024-10-01")
    (arrears,) = drafts_of(sample_repo, "CON-2024-090")
    (advance,) = drafts_of(sample_repo, "CON-2024-091")
    assert arrears["taxable_supply_date"] == date(2024, 9, 30)
    assert arrears["lines"][0]["vat_rate"] == 25.5  # type: ignore[index]
    assert advance["lines"][0]["vat_rate"] == 24  # type: ignore[index]
