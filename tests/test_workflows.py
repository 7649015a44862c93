"""``invoice issue|pay|recurring`` and ``deal won|lost``, end to end in temporary git
repositories: the diff holds only the intended lines, comments survive, refusals
write nothing, the same command writes the same bytes, and the result validates."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, RunCli, git, make_repo


def diff_lines(root: Path, *paths: str) -> list[str]:
    """The added and removed lines of the working tree against HEAD (new files too)."""
    git(root, "add", "-A")
    out = git(root, "diff", "--cached", "-M", "--unified=0", "--", *paths)
    return [line for line in out.splitlines()
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def status(root: Path) -> str:
    git(root, "add", "-A")
    return git(root, "status", "--short")


def validates(run_cli: RunCli, root: Path) -> None:
    result = run_cli(root, "validate", "--today", TODAY)
    assert result.exit_code == 0, result.output


# -- invoice pay -------------------------------------------------------------------


def test_a_part_payment_appends_and_keeps_the_comment(sample_repo: Path,
                                                      run_cli: RunCli) -> None:
    result = run_cli(sample_repo, "invoice", "pay", "INV-2026-0017", "--amount", "500",
                     "--date", TODAY, "--reference", "SEPA 1183")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("INV-2026-0017: payment of 500.00 EUR on 2026-11-25 recorded; "
                             "1265.63 EUR still open\n")
    assert diff_lines(sample_repo) == ["+  - date: 2026-11-25", "+    amount: 500.00",
                                       "+    reference: SEPA 1183"]
    text = (sample_repo / "records/invoices/2026/INV-2026-0017.yaml").read_text("utf-8")
    assert "# partially paid: 1765.63 EUR outstanding\npayments:\n" in text
    validates(run_cli, sample_repo)
    assert run_cli(sample_repo, "fmt", "--check").exit_code == 0


def test_the_last_payment_marks_the_invoice_paid(sample_repo: Path, run_cli: RunCli) -> None:
    result = run_cli(sample_repo, "invoice", "pay", "INV-2026-0021", "--amount", "89460",
                     "--date", TODAY)
    assert result.exit_code == 0, result.output
    assert diff_lines(sample_repo) == ["-status: issued", "+status: paid",
                                       "+  - date: 2026-11-25", "+    amount: 89460.00"]
    validates(run_cli, sample_repo)


def test_credit_notes_count_towards_what_is_open(sample_repo: Path, run_cli: RunCli) -> None:
    too_much = run_cli(sample_repo, "invoice", "pay", "INV-2026-0024", "--amount",
                       "26032.21", "--date", TODAY)
    assert too_much.exit_code == 1
    assert "26032.20 CZK open" in too_much.stderr
    assert status(sample_repo) == ""
    exact = run_cli(sample_repo, "invoice", "pay", "INV-2026-0024", "--amount", "26032.20",
                    "--date", TODAY)
    assert exact.exit_code == 0, exact.output
    assert "+status: paid" in diff_lines(sample_repo)
    validates(run_cli, sample_repo)


@pytest.mark.parametrize(("invoice", "amount", "code", "message"), [
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
])
def test_payments_that_are_refused_write_nothing(sample_repo: Path, run_cli: RunCli,
                                                 invoice: str, amount: str, code: int,
                                                 message: str) -> None:
    result = run_cli(sample_repo, "invoice", "pay", invoice, "--amount", amount,
                     "--date", TODAY)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert status(sample_repo) == ""


@pytest.mark.parametrize(("command", "message"), [
    (("invoice", "pay", "INV-2026-0017", "--amount", "10", "--date", "2026-01-01"),
     "a payment on 2026-01-01 is before INV-2026-0017 was issued (2026-08-20)"),
    (("invoice", "pay", "INV-2026-0017", "--amount", "10", "--date", "2099-01-01"),
     "2099-01-01 is in the future"),
    (("deal", "won", "DEAL-0012", "--date", "2099-01-01"), "2099-01-01 is in the future"),
    (("invoice", "issue", "INV-DRAFT-0001", "--date", "2026-09-01"),
     "INV-2026-0028 was issued on 2026-11-20; INV-2026-0029 cannot be dated earlier"),
    (("deal", "lost", "DEAL-0012", "--reason", "x", "--date", "2099-01-01"),
     "2099-01-01 is in the future"),
])
def test_a_date_that_cannot_be_right_is_refused(sample_repo: Path, run_cli: RunCli,
                                                command: tuple[str, ...], message: str) -> None:
    """A typo in the year must not go into the books."""
    result = run_cli(sample_repo, *command)
    assert result.exit_code in (1, 2)
    assert message in result.stderr
    assert status(sample_repo) == ""


# -- invoice issue -----------------------------------------------------------------


def test_issuing_numbers_renames_and_dates_the_draft(sample_repo: Path,
                                                     run_cli: RunCli) -> None:
    result = run_cli(sample_repo, "invoice", "issue", "INV-DRAFT-0002", "--date",
                     "2026-12-01")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("INV-DRAFT-0002 issued as INV-2026-0029, due 2026-12-22: "
                             "records/invoices/2026/INV-2026-0029.yaml\n")
    assert status(sample_repo) == ("R  records/invoices/INV-DRAFT-0002.yaml -> "
                                   "records/invoices/2026/INV-2026-0029.yaml\n")
    # CUS-0001 pays in 21 days; the comment line stays (it is the user's to drop)
    assert diff_lines(sample_repo) == ["-status: draft", "+status: issued",
                                       "+issue_date: 2026-12-01", "+due_date: 2026-12-22"]
    validates(run_cli, sample_repo)
    second = run_cli(sample_repo, "invoice", "issue", "INV-DRAFT-0001", "--date",
                     "2026-12-01")
    assert second.exit_code == 0, second.output
    assert "as INV-2026-0030, due 2026-12-15" in second.stdout  # repo terms: 14 days
    validates(run_cli, sample_repo)


def test_the_first_invoice_of_a_year_opens_its_year_folder(sample_repo: Path,
                                                           run_cli: RunCli) -> None:
    result = run_cli(sample_repo, "invoice", "issue", "INV-DRAFT-0001", "--date",
                     "2027-01-04")
    assert result.exit_code == 0, result.output
    issued = sample_repo / "records/invoices/2027/INV-2027-0001.yaml"
    assert issued.is_file()
    assert "issue_date: 2027-01-04\ndue_date: 2027-01-18\n" in issued.read_text("utf-8")
    validates(run_cli, sample_repo)


def test_an_id_key_follows_the_new_number(sample_repo: Path, run_cli: RunCli) -> None:
    draft = sample_repo / "records/invoices/INV-DRAFT-0001.yaml"
    draft.write_text(draft.read_text("utf-8").replace(
        "customer:", "id: INV-DRAFT-0001\ncustomer:"), "utf-8")
    git(sample_repo, "commit", "-qam", "id key")
    assert run_cli(sample_repo, "invoice", "issue", "INV-DRAFT-0001", "--date",
                   TODAY).exit_code == 0
    issued = sample_repo / "records/invoices/2026/INV-2026-0029.yaml"
    assert issued.read_text("utf-8").splitlines()[1] == "id: INV-2026-0029"


@pytest.mark.parametrize(("invoice", "message"), [
    ("INV-2026-0021", "INV-2026-0021 is not a draft (status issued)"),
    ("INV-2026-0001", "INV-2026-0001 is not a draft (status paid)"),
])
def test_only_a_draft_is_issued(sample_repo: Path, run_cli: RunCli, invoice: str,
                                message: str) -> None:
    result = run_cli(sample_repo, "invoice", "issue", invoice, "--date", TODAY)
    assert result.exit_code == 1
    assert message in result.stderr
    assert status(sample_repo) == ""


def test_a_draft_that_would_not_validate_once_issued_is_refused(
        sample_repo: Path, run_cli: RunCli) -> None:
    assert run_cli(sample_repo, "invoice", "recurring", "--period", "2027-01").exit_code == 0
    git(sample_repo, "add", "-A")
    git(sample_repo, "commit", "-qm", "drafts")
    result = run_cli(sample_repo, "invoice", "issue", "INV-DRAFT-0004", "--date",
                     "2027-01-05")
    assert result.exit_code == 1
    assert "refused, nothing was written" in result.stderr
    assert ("records/invoices/2027/INV-2027-0001.yaml:1:1: error exchange-rate-missing: "
            "a EUR invoice needs exchange_rate") in result.stderr
    assert ("fix records/invoices/INV-DRAFT-0004.yaml: it is the file that would become "
            "records/invoices/2027/INV-2027-0001.yaml") in result.stderr
    assert status(sample_repo) == ""


# -- invoice recurring -------------------------------------------------------------

DRAFT_3 = """\
customer: CUS-0008
currency: EUR
lines:
  - description: Data platform support retainer — 2027-Q1
    quantity: 1
    unit_price: 9600.00
    vat_rate: 0
status: draft
billing_period: 2027-Q1
contract: CON-2025-003
reverse_charge: true
"""
DRAFT_4 = """\
customer: CUS-0002
currency: CZK
lines:
  - description: Provoz e-shopu a SEO — 2027-01
    quantity: 1
    unit_price: 28000.00
    vat_rate: 21
status: draft
billing_period: 2027-01
contract: CON-2026-002
"""


def test_recurring_drafts_each_due_contract_once(sample_repo: Path, run_cli: RunCli) -> None:
    first = run_cli(sample_repo, "invoice", "recurring", "--period", "2027-01")
    assert first.exit_code == 0, first.output
    # CON-2025-002 ended on 2026-12-31 but renews itself (auto_renew): still billed
    assert first.stdout.splitlines() == [
        "INV-DRAFT-0003: CON-2025-002 2027-Q1 — records/invoices/INV-DRAFT-0003.yaml",
        "INV-DRAFT-0004: CON-2025-003 2027-Q1 — records/invoices/INV-DRAFT-0004.yaml",
        "INV-DRAFT-0005: CON-2026-002 2027-01 — records/invoices/INV-DRAFT-0005.yaml"]
    drafts = sample_repo / "records/invoices"
    assert "billing_period: 2027-Q1\ncontract: CON-2025-002\n" in (
        drafts / "INV-DRAFT-0003.yaml").read_text("utf-8")
    assert (drafts / "INV-DRAFT-0004.yaml").read_text("utf-8") == DRAFT_3
    assert (drafts / "INV-DRAFT-0005.yaml").read_text("utf-8") == DRAFT_4
    added = ("A  records/invoices/INV-DRAFT-0003.yaml\nA  records/invoices/INV-DRAFT-0004.yaml\n"
             "A  records/invoices/INV-DRAFT-0005.yaml\n")
    assert status(sample_repo) == added
    validates(run_cli, sample_repo)

    again = run_cli(sample_repo, "invoice", "recurring", "--period", "2027-01")
    assert again.exit_code == 0
    assert again.stdout.startswith("nothing to bill for 2027-01")
    assert status(sample_repo) == added


def test_issued_invoices_count_too(sample_repo: Path, run_cli: RunCli) -> None:
    # the sample billed every 2026 period but these two Q4s (December is drafted)
    result = run_cli(sample_repo, "invoice", "recurring", "--period", "2026-Q4")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "INV-DRAFT-0003: CON-2025-003 2026-Q4 — records/invoices/INV-DRAFT-0003.yaml",
        "INV-DRAFT-0004: CON-2026-001 2026-Q4 — records/invoices/INV-DRAFT-0004.yaml"]
    assert run_cli(sample_repo, "invoice", "recurring", "--period", "2026").stdout.startswith(
        "nothing to bill for 2026")


def test_billing_periods_by_frequency(sample_repo: Path, run_cli: RunCli) -> None:
    contract = sample_repo / "records/contracts/CON-2026-003.yaml"
    contract.write_text(contract.read_text("utf-8").replace("status: draft", "status: active")
                        .replace("2027-01-01", "2027-03-15").replace("2027-12-31",
                                                                     "2029-12-31"), "utf-8")
    git(sample_repo, "commit", "-qam", "yearly contract from March")
    result = run_cli(sample_repo, "invoice", "recurring", "--period", "2028")
    yearly = [line for line in result.stdout.splitlines() if "CON-2026-003" in line]
    assert len(yearly) == 1
    assert " CON-2026-003 2028 — records/invoices/INV-DRAFT-" in yearly[0]
    draft = (sample_repo / yearly[0].split(" — ")[1]).read_text("utf-8")
    assert 'billing_period: "2028"\n' in draft and "currency: EUR\n" in draft
    february = run_cli(sample_repo, "invoice", "recurring", "--period", "2027-02").stdout
    assert "CON-2026-003" not in february
    march = run_cli(sample_repo, "invoice", "recurring", "--period", "2027-03").stdout
    assert " CON-2026-003 2027 — " in march


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


def test_a_won_deal_gets_a_draft_contract_linked_both_ways(sample_repo: Path,
                                                          run_cli: RunCli) -> None:
    result = run_cli(sample_repo, "deal", "won", "DEAL-0012", "--date", TODAY,
                     "--start", "2027-01-01")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("DEAL-0012 won on 2026-11-25; draft contract CON-2026-004: "
                             "records/contracts/CON-2026-004.yaml\n")
    assert diff_lines(sample_repo, "records/deals") == [
        "-stage: proposal", "+stage: won", "-probability: 45", "+probability: 100",
        "+closed_on: 2026-11-25", "+contract: CON-2026-004"]
    contract = sample_repo / "records/contracts/CON-2026-004.yaml"
    assert contract.read_text("utf-8") == CONTRACT
    validates(run_cli, sample_repo)

    again = run_cli(sample_repo, "deal", "won", "DEAL-0012", "--date", TODAY)
    assert again.exit_code == 1
    assert "DEAL-0012 is won already (closed on 2026-11-25)" in again.stderr


def test_a_won_deal_takes_the_contract_drafted_for_it(sample_repo: Path,
                                                     run_cli: RunCli) -> None:
    result = run_cli(sample_repo, "deal", "won", "DEAL-0009", "--date", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout == "DEAL-0009 won on 2026-11-25; its contract is CON-2026-003\n"
    assert status(sample_repo) == "M  records/deals/DEAL-0009.yaml\n"
    assert diff_lines(sample_repo)[-1] == "+contract: CON-2026-003"
    validates(run_cli, sample_repo)


def test_a_lost_deal(sample_repo: Path, run_cli: RunCli) -> None:
    result = run_cli(sample_repo, "deal", "lost", "DEAL-0010", "--reason",
                     "NO budget: chose a cheaper agency", "--date", TODAY)
    assert result.exit_code == 0, result.output
    assert diff_lines(sample_repo) == [
        "-stage: qualified", "+stage: lost", "-probability: 25", "+probability: 0",
        "+closed_on: 2026-11-25", '+lost_reason: "NO budget: chose a cheaper agency"']
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
        tmp_path: Path, run_cli: RunCli, command: tuple[str, ...]) -> None:
    outputs = []
    for name in ("one", "two"):
        root = make_repo(tmp_path / name)
        result = run_cli(root, *command)
        assert result.exit_code == 0, result.output
        validates(run_cli, root)
        assert run_cli(root, "fmt", "--check").exit_code == 0
        outputs.append({p.relative_to(root): p.read_bytes()
                        for p in sorted((root / "records").rglob("*.yaml"))})
    assert outputs[0] == outputs[1]


def test_a_write_that_would_break_another_record_is_refused(sample_repo: Path,
                                                            run_cli: RunCli) -> None:
    # a (wrong) credit note for the draft: issuing would leave it pointing at nothing
    note = sample_repo / "records/invoices/2026/INV-2026-0026.yaml"
    note.write_text(note.read_text("utf-8").replace("credit_note_for: INV-2026-0024",
                                                    "credit_note_for: INV-DRAFT-0002"), "utf-8")
    git(sample_repo, "commit", "-qam", "state before")
    result = run_cli(sample_repo, "invoice", "issue", "INV-DRAFT-0002", "--date", TODAY)
    assert result.exit_code == 1
    assert ("records/invoices/2026/INV-2026-0026.yaml:13:18: error ref-missing: "
            "credit_note_for INV-DRAFT-0002 does not exist") in result.stderr
    assert "credit-note-target" not in result.stderr  # there before: not the write's doing
    assert status(sample_repo) == ""


def test_a_real_subprocess_pays_an_invoice(sample_repo: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "src")}
    done = subprocess.run([sys.executable, "-m", "officectl", "invoice", "pay",
                           "INV-2026-0021", "--amount", "1000.00", "--date", TODAY],
                          cwd=sample_repo, env=env, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "88460.00 CZK still open" in done.stdout
    assert diff_lines(sample_repo) == ["+  - date: 2026-11-25", "+    amount: 1000.00"]


@pytest.mark.parametrize(("customer", "reverse_charged"), [
    ("CUS-0004", True),    # a VAT-registered company in Slovakia: the customer accounts
    ("CUS-0002", False),   # a Czech company: Czech VAT
])
def test_a_first_invoice_to_an_eu_business_is_reverse_charged(
        sample_repo: Path, run_cli: RunCli, customer: str, reverse_charged: bool) -> None:
    (sample_repo / "records/contracts/CON-2026-010.yaml").write_text(
        f"title: Support\ncustomer: {customer}\nstart_date: 2027-01-01\nstatus: active\n"
        "billing:\n  amount: 1000.00\n  currency: EUR\n  frequency: monthly\n"
        "  vat_rate: 21\n", encoding="utf-8")
    result = run_cli(sample_repo, "invoice", "recurring", "--period", "2027-01")
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stdout.splitlines() if "CON-2026-010" in line)
    draft = (sample_repo / line.rsplit(" — ", 1)[1]).read_text("utf-8")
    assert ("reverse_charge: true" in draft) is reverse_charged
    assert ("vat_rate: 0\n" in draft) is reverse_charged
    validates(run_cli, sample_repo)
