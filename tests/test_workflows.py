"""``invoice issue|pay|recurring`` and ``deal won|lost``, end to end in temporary git
repositories: the diff holds only the intended lines, comments survive, refusals
write nothing, the same command writes the same bytes, and the result validates."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, RunCli, broken_credit_note, git, make_repo, next_invoice

LAST_2026 = next_invoice(PROJECT, offset=0)
LAST_2026_DATE = next(
    line.split(": ", 1)[1]
    for line in next((PROJECT / "records/invoices").rglob(f"{LAST_2026}.yaml"))
    .read_text("utf-8")
    .splitlines()
    if line.startswith("issue_date: ")
)
"""The sample's last 2026 invoice and its issue date, read from its file."""


def diff_lines(root: Path, *paths: str) -> list[str]:
    """The added and removed lines of the working tree against HEAD (new files too)."""
    git(root, "add", "-A")
    out = git(root, "diff", "--cached", "-M", "--unified=0", "--", *paths)
    return [
        line
        for line in out.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def status(root: Path) -> str:
    git(root, "add", "-A")
    return git(root, "status", "--short")


def validates(run_cli: RunCli, root: Path) -> None:
    result = run_cli(root, "validate", "--today", TODAY)
    assert result.exit_code == 0, result.output


# -- invoice pay -------------------------------------------------------------------


def test_a_part_payment_appends_and_keeps_the_comment(sample_repo: Path, run_cli: RunCli) -> None:
    result = run_cli(
        sample_repo,
        "invoice",
        "pay",
        "INV-2026-0017",
        "--amount",
        "500",
        "--date",
        TODAY,
        "--reference",
        "SEPA 1183",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "INV-2026-0017: payment of 500.00 EUR on 2026-11-25 recorded; 1265.63 EUR still open\n"
    )
    assert diff_lines(sample_repo) == [
        "+  - date: 2026-11-25",
        "+    amount: 500.00",
        "+    reference: SEPA 1183",
    ]
    text = (sample_repo / "records/invoices/2026/INV-2026-0017.yaml").read_text("utf-8")
    assert "# partially paid: 1765.63 EUR outstanding\npayments:\n" in text
    validates(run_cli, sample_repo)
    assert run_cli(sample_repo, "fmt", "--check").exit_code == 0


def test_the_last_payment_marks_the_invoice_paid(sample_repo: Path, run_cli: RunCli) -> None:
    result = run_cli(
        sample_repo, "invoice", "pay", "INV-2026-0021", "--amount", "89460", "--date", TODAY
    )
    assert result.exit_code == 0, result.output
    assert diff_lines(sample_repo) == [
        "-status: issued",
        "+status: paid",
        "+  - date: 2026-11-25",
        "+    amount: 89460.00",
    ]
    validates(run_cli, sample_repo)


def test_credit_notes_count_towards_what_is_open(sample_repo: Path, run_cli: RunCli) -> None:
    too_much = run_cli(
        sample_repo, "invoice", "pay", "INV-2026-0024", "--amount", "26032.21", "--date", TODAY
    )
    assert too_much.exit_code == 1
    assert "26032.20 CZK open" in too_much.stderr
    assert status(sample_repo) == ""
    exact = run_cli(
        sample_repo, "invoice", "pay", "INV-2026-0024", "--amount", "26032.20", "--date", TODAY
    )
    assert exact.exit_code == 0, exact.output
    assert "+status: paid" in diff_lines(sample_repo)
    validates(run_cli, sample_repo)


@pytest.mark.parametrize(
    ("invoice", "amount", "code", "message"),
    [
        ("INV-2026-0017", "1765.64", 1, "overpayment refused: INV-2026-0017 has 1765.63 EUR open"),
        ("INV-2026-0001", "1", 1, "overpayment refused: INV-2026-0001 has nothing open"),
        ("INV-DRAFT-0001", "1", 1, "INV-DRAFT-0001 is a draft; issue it first"),
        ("INV-2025-0009", "1", 1, "INV-2025-0009 is cancelled"),
        ("INV-2026-0026", "1", 1, "INV-2026-0026 is a credit note"),
        ("INV-2026-0017", "1.001", 2, "more than two decimals"),
        ("INV-2026-0017", "-5", 2, "must be a positive amount"),
        ("INV-2026-0017", "abc", 2, "is not a plain amount"),
        ("INV-2026-0017", "1e2", 2, "is not a plain amount"),  # Decimal would take it as 100
        ("INV-2026-0017", "1_000", 2, "is not a plain amount"),
        ("INV-2026-0017", "1,50", 2, "is not a plain amount"),
        ("INV-2026-9999", "1", 2, "no invoice INV-2026-9999"),
        ("CUS-0001", "1", 2, "CUS-0001 is a customer, not an invoice"),
    ],
)
def test_payments_that_are_refused_write_nothing(
    sample_repo: Path, run_cli: RunCli, invoice: str, amount: str, code: int, message: str
) -> None:
    result = run_cli(sample_repo, "invoice", "pay", invoice, "--amount", amount, "--date", TODAY)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert status(sample_repo) == ""


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (
            ("invoice", "pay", "INV-2026-0017", "--amount", "10", "--date", "2026-01-01"),
            "a payment on 2026-01-01 is before INV-2026-0017 was issued (2026-08-20)",
        ),
        (
            ("invoice", "pay", "INV-2026-0017", "--amount", "10", "--date", "2099-01-01"),
            "2099-01-01 is in the future",
        ),
        (("deal", "won", "DEAL-0012", "--date", "2099-01-01"), "2099-01-01 is in the future"),
        # issue 12, item 11: an issue date ahead would take INV-2062-0001 for ever
        (
            ("invoice", "issue", "INV-DRAFT-0001", "--date", "2062-12-07"),
            "2062-12-07 is in the future",
        ),
        (
            ("invoice", "issue", "INV-DRAFT-0001", "--date", "2026-11-26", "--today", TODAY),
            "2026-11-26 is in the future (today is 2026-11-25)",
        ),
        (
            ("invoice", "issue", "INV-DRAFT-0001", "--date", "2026-09-01"),
            f"{LAST_2026} was issued on {LAST_2026_DATE}; {next_invoice(PROJECT)} cannot be dated "
            "earlier",
        ),
        (
            ("deal", "lost", "DEAL-0012", "--reason", "x", "--date", "2099-01-01"),
            "2099-01-01 is in the future",
        ),
    ],
)
def test_a_date_that_cannot_be_right_is_refused(
    sample_repo: Path, run_cli: RunCli, command: tuple[str, ...], message: str
) -> None:
    """A typo in the year must not go into the books."""
    result = run_cli(sample_repo, *command)
    assert result.exit_code in (1, 2)
    assert message in result.stderr
    assert status(sample_repo) == ""


# -- invoice issue -----------------------------------------------------------------


def test_issuing_numbers_renames_and_dates_the_draft(sample_repo: Path, run_cli: RunCli) -> None:
    first, second_number = next_invoice(sample_repo), next_invoice(sample_repo, offset=2)
    result = run_cli(sample_repo, "invoice", "issue", "INV-DRAFT-0002", "--date", "2026-12-01")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"INV-DRAFT-0002 issued as {first}, due 2026-12-22: records/invoices/2026/{first}.yaml\n"
    )
    assert status(sample_repo) == (
        f"R  records/invoices/INV-DRAFT-0002.yaml -> records/invoices/2026/{first}.yaml\n"
    )
    # CUS-0001 pays in 21 days; the comment line stays (it is the user's to drop)
    assert diff_lines(sample_repo) == [
        "-status: draft",
        "+status: issued",
        "+issue_date: 2026-12-01",
        "+due_date: 2026-12-22",
    ]
    validates(run_cli, sample_repo)
    second = run_cli(sample_repo, "invoice", "issue", "INV-DRAFT-0001", "--date", "2026-12-01")
    assert second.exit_code == 0, second.output
    assert f"as {second_number}, due 2026-12-15" in second.stdout  # repo terms: 14 days
    validates(run_cli, sample_repo)


def test_the_first_invoice_of_a_year_opens_its_year_folder(
    sample_repo: Path, run_cli: RunCli
) -> None:
    result = run_cli(
        sample_repo,
        "invoice",
        "issue",
        "INV-DRAFT-0001",
        "--date",
        "2027-01-04",
        "--today",
        "2027-01-04",
    )
    assert result.exit_code == 0, result.output
    issued = sample_repo / "records/invoices/2027/INV-2027-0001.yaml"
    assert issued.is_file()
    assert "issue_date: 2027-01-04\ndue_date: 2027-01-18\n" in issued.read_text("utf-8")
    validates(run_cli, sample_repo)


def test_an_id_key_follows_the_new_number(sample_repo: Path, run_cli: RunCli) -> None:
    draft = sample_repo / "records/invoices/INV-DRAFT-0001.yaml"
    draft.write_text(
        draft.read_text("utf-8").replace("customer:", "id: INV-DRAFT-0001\ncustomer:"), "utf-8"
    )
    git(sample_repo, "commit", "-qam", "id key")
    number = next_invoice(sample_repo)
    assert (
        run_cli(sample_repo, "invoice", "issue", "INV-DRAFT-0001", "--date", TODAY).exit_code == 0
    )
    issued = sample_repo / f"records/invoices/2026/{number}.yaml"
    assert issued.read_text("utf-8").splitlines()[1] == f"id: {number}"


@pytest.mark.parametrize(
    ("invoice", "message"),
    [
        ("INV-2026-0021", "INV-2026-0021 is not a draft (status issued)"),
        ("INV-2026-0001", "INV-2026-0001 is not a draft (status paid)"),
    ],
)
def test_only_a_draft_is_issued(
    sample_repo: Path, run_cli: RunCli, invoice: str, message: str
) -> None:
    result = run_cli(sample_repo, "invoice", "issue", invoice, "--date", TODAY)
    assert result.exit_code == 1
    assert message in result.stderr
    assert status(sample_repo) == ""


def test_a_draft_that_would_not_validate_once_issued_is_refused(
    sample_repo: Path, run_cli: RunCli
) -> None:
    assert (
        run_cli(
            sample_repo, "invoice", "recurring", "--period", "2027-01", "--today", "2027-01-04"
        ).exit_code
        == 0
    )
    git(sample_repo, "add", "-A")
    git(sample_repo, "commit", "-qm", "drafts")
    result = run_cli(
        sample_repo,
        "invoice",
        "issue",
        "INV-DRAFT-0004",
        "--date",
        "2027-01-05",
        "--today",
        "2027-01-05",
    )
    assert result.exit_code == 1
    assert "refused, nothing was written" in result.stderr
    assert (
        "records/invoices/2027/INV-2027-0001.yaml:1:1: error exchange-rate-missing: "
        "a EUR invoice needs exchange_rate"
    ) in result.stderr
    assert (
        "fix records/invoices/INV-DRAFT-0004.yaml: it is the file that would become "
        "records/invoices/2027/INV-2027-0001.yaml"
    ) in result.stderr
    assert status(sample_repo) == ""


# -- invoice recurring -------------------------------------------------------------

DRAFT_3 = """\
customer: CUS-0008
currency: EUR
lines:
  - description: Data platform support retainer — 2026-10-01 – 2026-12-31
    quantity: 1
    unit_price: 9600.00
    vat_rate: 0
status: draft
taxable_supply_date: 2026-12-31
billing_period: 2026-Q4
contract: CON-2025-003
reverse_charge: true
"""
DRAFT_4 = """\
customer: CUS-0002
currency: CZK
lines:
  - description: Provoz e-shopu a SEO — 2027-01-01 – 2027-01-31
    quantity: 1
    unit_price: 28000.00
    vat_rate: 21
status: draft
billing_period: 2027-01
contract: CON-2026-002
"""


def test_recurring_drafts_each_due_contract_once(sample_repo: Path, run_cli: RunCli) -> None:
    january = ("invoice", "recurring", "--period", "2027-01", "--today", "2027-01-04")
    first = run_cli(sample_repo, *january)
    assert first.exit_code == 0, first.output
    # CON-2025-002 ended on 2026-12-31 but renews itself (auto_renew): still billed;
    # CON-2025-003 and CON-2026-010 bill the quarter that has just ended (in arrears)
    assert first.stdout.splitlines() == [
        "INV-DRAFT-0003: CON-2025-002 2027-Q1 — records/invoices/INV-DRAFT-0003.yaml",
        "INV-DRAFT-0004: CON-2025-003 2026-Q4 — records/invoices/INV-DRAFT-0004.yaml",
        "INV-DRAFT-0005: CON-2026-002 2027-01 — records/invoices/INV-DRAFT-0005.yaml",
        "INV-DRAFT-0006: CON-2026-010 2026-Q4 — records/invoices/INV-DRAFT-0006.yaml",
        "INV-DRAFT-0007: CON-2026-011 2027-01 — records/invoices/INV-DRAFT-0007.yaml",
    ]
    drafts = sample_repo / "records/invoices"
    assert "billing_period: 2027-Q1\ncontract: CON-2025-002\n" in (
        drafts / "INV-DRAFT-0003.yaml"
    ).read_text("utf-8")
    assert (drafts / "INV-DRAFT-0004.yaml").read_text("utf-8") == DRAFT_3
    assert (drafts / "INV-DRAFT-0005.yaml").read_text("utf-8") == DRAFT_4
    added = "".join(f"A  records/invoices/INV-DRAFT-000{n}.yaml\n" for n in range(3, 8))
    assert status(sample_repo) == added
    validates(run_cli, sample_repo)

    again = run_cli(sample_repo, *january)
    assert again.exit_code == 0
    assert again.stdout.startswith("nothing to bill for 2027-01")
    assert status(sample_repo) == added


def test_issued_invoices_count_too(sample_repo: Path, run_cli: RunCli) -> None:
    # the sample billed every 2026 period but CON-2026-001's Q4 (December is drafted);
    # CON-2026-011 starts on 2026-12-10: its December is a part-month
    result = run_cli(
        sample_repo, "invoice", "recurring", "--period", "2026-Q4", "--today", "2026-12-31"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "INV-DRAFT-0003: CON-2026-001 2026-Q4 — records/invoices/INV-DRAFT-0003.yaml",
        "INV-DRAFT-0004: CON-2026-011 2026-12 — records/invoices/INV-DRAFT-0004.yaml",
    ]
    assert run_cli(
        sample_repo, "invoice", "recurring", "--period", "2026", "--today", "2026-12-31"
    ).stdout.startswith("nothing to bill for 2026")


def test_billing_periods_by_frequency(sample_repo: Path, run_cli: RunCli) -> None:
    contract = sample_repo / "records/contracts/CON-2026-003.yaml"
    contract.write_text(
        contract.read_text("utf-8")
        .replace("status: draft", "status: active")
        .replace("2027-01-01", "2027-03-15")
        .replace("2027-12-31", "2029-12-31"),
        "utf-8",
    )
    git(sample_repo, "commit", "-qam", "yearly contract from March")
    result = run_cli(sample_repo, "invoice", "recurring", "--period", "2028")
    yearly = [line for line in result.stdout.splitlines() if "CON-2026-003" in line]
    assert len(yearly) == 1
    assert " CON-2026-003 2028-03-15..2029-03-14 — records/invoices/INV-DRAFT-" in yearly[0]
    draft = (sample_repo / yearly[0].split(" — ")[1]).read_text("utf-8")
    assert "billing_period: 2028-03-15..2029-03-14\n" in draft and "currency: EUR\n" in draft
    february = run_cli(sample_repo, "invoice", "recurring", "--period", "2027-02").stdout
    assert "CON-2026-003" not in february
    march = run_cli(sample_repo, "invoice", "recurring", "--period", "2027-03").stdout
    assert " CON-2026-003 2027-03-15..2028-03-14 — " in march


def test_recurring_rejects_a_bad_period(sample_repo: Path, run_cli: RunCli) -> None:
    result = run_cli(sample_repo, "invoice", "recurring", "--period", "2026-13")
    assert result.exit_code == 2
    assert "month 13 does not exist" in result.stderr


# -- deal won / lost ---------------------------------------------------------------

CONTRACT = """\
title: "B2B portál — fáze 2: reklamace a servis"
customer: CUS-0001
start_date: 2027-01-01
status: draft
deal: DEAL-0012
billing:
  amount: 1450000.00
  currency: CZK
  frequency: once
"""


def test_a_won_deal_gets_a_draft_contract_linked_both_ways(
    sample_repo: Path, run_cli: RunCli
) -> None:
    result = run_cli(
        sample_repo, "deal", "won", "DEAL-0012", "--date", TODAY, "--start", "2027-01-01"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "DEAL-0012 won on 2026-11-25; draft contract CON-2026-012: "
        "records/contracts/CON-2026-012.yaml\n"
    )
    assert diff_lines(sample_repo, "records/deals") == [
        "-stage: proposal",
        "+stage: won",
        "-probability: 45",
        "+probability: 100",
        "+closed_on: 2026-11-25",
        "+contract: CON-2026-012",
    ]
    contract = sample_repo / "records/contracts/CON-2026-012.yaml"
    assert contract.read_text("utf-8") == CONTRACT
    validates(run_cli, sample_repo)

    again = run_cli(sample_repo, "deal", "won", "DEAL-0012", "--date", TODAY)
    assert again.exit_code == 1
    assert "DEAL-0012 is won already (closed on 2026-11-25)" in again.stderr


def test_a_won_deal_takes_the_contract_drafted_for_it(sample_repo: Path, run_cli: RunCli) -> None:
    result = run_cli(sample_repo, "deal", "won", "DEAL-0009", "--date", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout == "DEAL-0009 won on 2026-11-25; its contract is CON-2026-003\n"
    assert status(sample_repo) == "M  records/deals/DEAL-0009.yaml\n"
    assert diff_lines(sample_repo)[-1] == "+contract: CON-2026-003"
    validates(run_cli, sample_repo)


@pytest.mark.parametrize("verb", ["won", "lost"])
def test_a_deal_cannot_close_before_it_was_opened(
    sample_repo: Path, run_cli: RunCli, verb: str
) -> None:
    text = (sample_repo / "records/deals/DEAL-0010.yaml").read_text("utf-8")
    opened = next(line.split(": ")[1] for line in text.splitlines() if line.startswith("opened_on"))
    before = (date.fromisoformat(opened) - timedelta(days=1)).isoformat()
    reason = ["--reason", "price"] if verb == "lost" else []
    result = run_cli(sample_repo, "deal", verb, "DEAL-0010", "--date", before, *reason)
    assert result.exit_code == 2
    assert f"opened on {opened}" in result.output and "hint:" in result.output
    assert diff_lines(sample_repo) == []


def test_a_lost_deal(sample_repo: Path, run_cli: RunCli) -> None:
    result = run_cli(
        sample_repo,
        "deal",
        "lost",
        "DEAL-0010",
        "--reason",
        "NO budget: chose a cheaper agency",
        "--date",
        TODAY,
    )
    assert result.exit_code == 0, result.output
    assert diff_lines(sample_repo) == [
        "-stage: qualified",
        "+stage: lost",
        "-probability: 25",
        "+probability: 0",
        "+closed_on: 2026-11-25",
        '+lost_reason: "NO budget: chose a cheaper agency"',
    ]
    validates(run_cli, sample_repo)
    assert run_cli(sample_repo, "deal", "lost", "DEAL-0010", "--reason", "x").exit_code == 1
    assert run_cli(sample_repo, "deal", "lost", "DEAL-0011", "--reason", " ").exit_code == 2


# -- every write -------------------------------------------------------------------


COMMANDS = [
    ("invoice", "pay", "INV-2026-0017", "--amount", "12.5", "--date", TODAY),
    ("invoice", "issue", "INV-DRAFT-0002", "--date", TODAY),
    ("invoice", "recurring", "--period", "2027-Q1"),
    ("deal", "won", "DEAL-0011", "--date", TODAY),
    ("deal", "lost", "DEAL-0011", "--reason", "too late", "--date", TODAY),
    ("new", "customer", "--set", "name=Nový zákazník", "--set", "country=SK"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_the_same_command_on_the_same_input_writes_the_same_bytes(
    tmp_path: Path, run_cli: RunCli, command: tuple[str, ...]
) -> None:
    outputs = []
    for name in ("one", "two"):
        root = make_repo(tmp_path / name)
        result = run_cli(root, *command)
        assert result.exit_code == 0, result.output
        validates(run_cli, root)
        assert run_cli(root, "fmt", "--check").exit_code == 0
        outputs.append(
            {
                p.relative_to(root): p.read_bytes()
                for p in sorted((root / "records").rglob("*.yaml"))
            }
        )
    assert outputs[0] == outputs[1]


def test_a_write_that_would_break_another_record_is_refused(
    sample_repo: Path, run_cli: RunCli
) -> None:
    broken_credit_note(sample_repo)
    result = run_cli(sample_repo, "invoice", "issue", "INV-DRAFT-0002", "--date", TODAY)
    assert result.exit_code == 1
    assert (
        "records/invoices/2026/INV-2026-0026.yaml:13:18: error ref-missing: "
        "credit_note_for INV-DRAFT-0002 does not exist"
    ) in result.stderr
    assert "credit-note-target" not in result.stderr  # there before: not the write's doing
    assert status(sample_repo) == ""


def test_a_real_subprocess_pays_an_invoice(sample_repo: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "src")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "officectl",
            "invoice",
            "pay",
            "INV-2026-0021",
            "--amount",
            "1000.00",
            "--date",
            TODAY,
        ],
        cwd=sample_repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "88460.00 CZK still open" in done.stdout
    assert diff_lines(sample_repo) == ["+  - date: 2026-11-25", "+    amount: 1000.00"]


@pytest.mark.parametrize(
    ("customer", "reverse_charged"),
    [
        ("CUS-0004", True),  # a VAT-registered company in Slovakia: the customer accounts
        ("CUS-0002", False),  # a Czech company: Czech VAT
    ],
)
def test_a_first_invoice_to_an_eu_business_is_reverse_charged(
    sample_repo: Path, run_cli: RunCli, customer: str, reverse_charged: bool
) -> None:
    (sample_repo / "records/contracts/CON-2026-099.yaml").write_text(
        f"title: Support\ncustomer: {customer}\nstart_date: 2027-01-01\nstatus: active\n"
        "billing:\n  amount: 1000.00\n  currency: EUR\n  frequency: monthly\n"
        "  vat_rate: 21\n",
        encoding="utf-8",
    )
    result = run_cli(sample_repo, "invoice", "recurring", "--period", "2027-01")
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stdout.splitlines() if "CON-2026-099" in line)
    draft = (sample_repo / line.rsplit(" — ", 1)[1]).read_text("utf-8")
    assert ("reverse_charge: true" in draft) is reverse_charged
    assert ("vat_rate: 0\n" in draft) is reverse_charged
    validates(run_cli, sample_repo)


# -- invoice refund (issue 12, item 4) ----------------------------------------------

PARTLY_PAID = "records/invoices/2026/INV-2026-0017.yaml"
REFUND_NOTE = """\
customer: CUS-0007
currency: EUR
lines:
  - description: "Storno: Analytics dashboard setup (Looker Studio)"
    quantity: -4.5
    unit: day
    unit_price: 700.00
    vat_rate: 0
status: issued
issue_date: 2026-11-25
due_date: 2026-11-25
credit_note_for: INV-2026-0017
reverse_charge: true
exchange_rate: 24.480
"""


def _owed_after_the_note(root: Path) -> Decimal:
    """What the customer is owed on INV-2026-0017 after REFUND_NOTE, from the texts."""
    import yaml

    data = yaml.safe_load((root / PARTLY_PAID).read_text("utf-8"))
    total = sum(
        (Decimal(str(line["quantity"])) * Decimal(str(line["unit_price"]))).quantize(
            Decimal("0.01"), ROUND_HALF_UP
        )
        for line in data["lines"]
    )
    paid = sum(Decimal(str(p["amount"])) for p in data["payments"])
    credited = (Decimal("4.5") * Decimal("700.00")).quantize(Decimal("0.01"))
    return paid + credited - total


def test_a_credit_note_on_a_partly_paid_invoice_is_refunded(
    sample_repo: Path, run_cli: RunCli
) -> None:
    nothing = run_cli(
        sample_repo, "invoice", "refund", "INV-2026-0017", "--amount", "1", "--date", TODAY
    )
    assert nothing.exit_code == 1
    assert "INV-2026-0017 owes the customer nothing" in nothing.stderr
    note = next_invoice(sample_repo)
    (sample_repo / f"records/invoices/2026/{note}.yaml").write_text(REFUND_NOTE, "utf-8")
    git(sample_repo, "add", "-A")
    git(sample_repo, "commit", "-qm", "credit note on a partly paid invoice")
    validates(run_cli, sample_repo)  # no longer "overpaid"
    owed = _owed_after_the_note(sample_repo)
    assert owed > 0
    shown = run_cli(sample_repo, "report", "receivables", "--today", TODAY, "--format", "json")
    items = {i["id"]: Decimal(i["balance"]) for i in json.loads(shown.stdout)["invoices"]}
    assert items["INV-2026-0017"] == -owed
    too_much = run_cli(
        sample_repo,
        "invoice",
        "refund",
        "INV-2026-0017",
        "--amount",
        str(owed + Decimal("0.01")),
        "--date",
        TODAY,
    )
    assert too_much.exit_code == 1
    assert f"owes the customer {owed} EUR" in too_much.stderr
    on_note = run_cli(sample_repo, "invoice", "refund", note, "--amount", "1", "--date", TODAY)
    assert on_note.exit_code == 1
    assert "the refund is recorded on the invoice it corrects" in on_note.stderr
    assert status(sample_repo) == ""
    done = run_cli(
        sample_repo,
        "invoice",
        "refund",
        "INV-2026-0017",
        "--amount",
        str(owed),
        "--date",
        TODAY,
        "--reference",
        "SEPA refund 77",
    )
    assert done.exit_code == 0, done.output
    assert done.stdout == (
        f"INV-2026-0017: refund of {owed} EUR on {TODAY} recorded; settled (paid)\n"
    )
    assert diff_lines(sample_repo) == [
        "-status: issued",
        "+status: paid",
        f"+  - date: {TODAY}",
        f"+    amount: -{owed}",
        "+    reference: SEPA refund 77",
        "+    refund: true",
    ]
    validates(run_cli, sample_repo)
    assert run_cli(sample_repo, "fmt", "--check").exit_code == 0
    shown = run_cli(sample_repo, "report", "receivables", "--today", TODAY, "--format", "json")
    assert "INV-2026-0017" not in {i["id"] for i in json.loads(shown.stdout)["invoices"]}


def test_a_fully_credited_invoice_is_cancelled_once_refunded(
    sample_repo: Path, run_cli: RunCli
) -> None:
    note = REFUND_NOTE.replace(
        "  - description",
        "  - description: Storno call\n"
        "    quantity: -1.25\n    unit: h\n    unit_price: 92.50\n"
        "    vat_rate: 0\n  - description",
        1,
    )
    (sample_repo / f"records/invoices/2026/{next_invoice(sample_repo)}.yaml").write_text(
        note, "utf-8"
    )
    git(sample_repo, "add", "-A")
    git(sample_repo, "commit", "-qm", "credit note for all of it")
    done = run_cli(
        sample_repo, "invoice", "refund", "INV-2026-0017", "--amount", "1500", "--date", TODAY
    )
    assert done.exit_code == 0, done.output
    assert "settled (cancelled)" in done.stdout
    assert "+status: cancelled" in diff_lines(sample_repo)
    validates(run_cli, sample_repo)
