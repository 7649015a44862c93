"""``officectl audit``: issued invoices never change, disappear, move number or come back."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml

from conftest import RunCli, git, issued_invoices, make_repo, next_invoice
from officectl import gitutil

INVOICE = "records/invoices/2026/INV-2026-0003.yaml"
CENT = Decimal("0.01")
UNPAID = "records/invoices/2026/INV-2026-0027.yaml"
"""Issued, no payments yet."""


def commit(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)
    return git(root, "rev-parse", "--short", "HEAD").strip()


def edit(root: Path, relpath: str, old: str, new: str) -> None:
    path = root / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text, text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def audit(run_cli: RunCli, root: Path, *args: str) -> tuple[int, list[dict[str, object]]]:
    result = run_cli(root, "audit", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)["problems"]


def test_the_sample_history_is_clean(sample_repo: Path, run_cli: RunCli) -> None:
    result = run_cli(sample_repo, "audit")
    assert (result.exit_code, result.stdout) == (0, "")
    count = len(issued_invoices(sample_repo))
    assert f"{count} issued invoices audited over 1 commits" in result.stderr


def test_an_edited_issued_invoice_names_file_commit_and_field(
    sample_repo: Path, run_cli: RunCli
) -> None:
    issued = git(sample_repo, "rev-parse", "--short", "HEAD").strip()
    text = (sample_repo / INVOICE).read_text(encoding="utf-8")
    price = text.split("unit_price: ", 1)[1].split("\n", 1)[0]
    edit(sample_repo, INVOICE, f"unit_price: {price}", "unit_price: 99999.00")
    edited = commit(sample_repo, "raise the price")
    result = run_cli(sample_repo, "audit")
    assert result.exit_code == 1
    line = (sample_repo / INVOICE).read_text(encoding="utf-8").splitlines().index(
        "    unit_price: 99999.00"
    ) + 1
    assert result.stdout == (
        f"{INVOICE}:{line}:17: error invoice-changed: INV-2026-0003: lines[0].unit_price "
        f"changed in commit {edited} after the invoice was issued in commit {issued} "
        f"({price} → 99999.00); only status, payments, reminders, notes and meta may change on an "
        "issued invoice: correct it with a credit note\n"
    )
    github = run_cli(sample_repo, "audit", "--format", "github")
    assert github.stdout.startswith(
        f"::error file={INVOICE},line={line},col=17,"
        "title=invoice-changed::INV-2026-0003: lines[0].unit_price"
    )


def test_a_payment_and_reformatting_pass(sample_repo: Path, run_cli: RunCli) -> None:
    path = sample_repo / UNPAID
    text = path.read_text(encoding="utf-8")
    assert "payments:" not in text and "status: issued" in text
    first, rest = text.split("\n", 1)
    text = f"# reviewed\n{rest}{first}\n"  # keys reordered, a comment
    text = text.replace("unit_price: ", "unit_price: '", 1).replace(
        "\n    vat_rate", "'\n    vat_rate", 1
    )
    text = text.replace(
        "status: issued",
        "status: paid\npayments:\n  - {date: 2026-11-20, amount: 100.00, reference: bank}",
    )
    path.write_text(text + "meta: {checked: true}\n", encoding="utf-8")
    commit(sample_repo, "paid in part, reformatted")
    assert audit(run_cli, sample_repo) == (0, [])


def test_each_edit_is_reported_once_and_a_revert_is_not(sample_repo: Path, run_cli: RunCli) -> None:
    edit(sample_repo, UNPAID, "due_date: ", "due_date: 2027-01-01\nx_due: ")
    edit(sample_repo, UNPAID, "x_due: ", "# was: ")
    edited = commit(sample_repo, "extend the due date")
    edit(sample_repo, UNPAID, "status: issued", "status: paid")
    commit(sample_repo, "paid (status only)")
    edit(sample_repo, UNPAID, "due_date: 2027-01-01\n# was: ", "due_date: ")
    commit(sample_repo, "restore the due date")
    code, found = audit(run_cli, sample_repo)
    assert code == 1
    assert [(p["code"], p["path"]) for p in found] == [("invoice-changed", UNPAID)]
    assert f"due_date changed in commit {edited}" in str(found[0]["message"])


def test_deleted_and_renumbered_invoices(sample_repo: Path, run_cli: RunCli) -> None:
    new = next_invoice(sample_repo)
    git(
        sample_repo,
        "mv",
        "records/invoices/2026/INV-2026-0028.yaml",
        f"records/invoices/2026/{new}.yaml",
    )
    renumbered = commit(sample_repo, "renumber")
    git(sample_repo, "rm", "-q", "records/invoices/2025/INV-2025-0018.yaml")
    deleted = commit(sample_repo, "delete")
    code, found = audit(run_cli, sample_repo)
    assert code == 1
    assert [(p["code"], p["path"], p["record"]) for p in found] == [
        ("invoice-renumbered", f"records/invoices/2026/{new}.yaml", new),
        ("invoice-deleted", "records/invoices/2025/INV-2025-0018.yaml", "INV-2025-0018"),
    ]
    assert f"INV-2026-0028 renumbered in commit {renumbered}" in str(found[0]["message"])
    assert f"deleted in commit {deleted}" in str(found[1]["message"])


def test_a_number_reused_for_other_content(sample_repo: Path, run_cli: RunCli) -> None:
    path = sample_repo / INVOICE
    original = path.read_text(encoding="utf-8")
    path.unlink()
    deleted = commit(sample_repo, "delete INV-2026-0003")
    path.write_text(original.replace("quantity: 1\n", "quantity: 2\n", 1), encoding="utf-8")
    reused = commit(sample_repo, "a new invoice under the old number")
    code, found = audit(run_cli, sample_repo)
    assert code == 1
    assert [p["code"] for p in found] == ["invoice-deleted", "invoice-number-reused"]
    assert f"deleted in commit {deleted}; commit {reused} reuses the number" in str(
        found[1]["message"]
    )


def test_restoring_a_deleted_invoice_is_no_new_problem(sample_repo: Path, run_cli: RunCli) -> None:
    original = (sample_repo / INVOICE).read_text(encoding="utf-8")
    (sample_repo / INVOICE).unlink()
    commit(sample_repo, "delete")
    (sample_repo / INVOICE).write_text(original, encoding="utf-8")
    commit(sample_repo, "restore")
    assert [p["code"] for p in audit(run_cli, sample_repo)[1]] == ["invoice-deleted"]


def test_moving_an_invoice_to_another_folder_keeps_its_number(
    sample_repo: Path, run_cli: RunCli
) -> None:
    git(sample_repo, "mv", INVOICE, "records/invoices/INV-2026-0003.yaml")
    commit(sample_repo, "flatten")
    assert audit(run_cli, sample_repo) == (0, [])


def test_drafts_may_change_until_issued(sample_repo: Path, run_cli: RunCli) -> None:
    number = next_invoice(sample_repo)
    draft = sample_repo / f"records/invoices/2026/{number}.yaml"
    shutil.copy(sample_repo / UNPAID, draft)
    edit(sample_repo, draft.relative_to(sample_repo).as_posix(), "status: issued", "status: draft")
    commit(sample_repo, "prepare")
    edit(
        sample_repo, draft.relative_to(sample_repo).as_posix(), "quantity: ", "quantity: 3\n    x: "
    )
    edit(sample_repo, draft.relative_to(sample_repo).as_posix(), "    x: ", "    # ")
    commit(sample_repo, "change the draft")
    edit(sample_repo, draft.relative_to(sample_repo).as_posix(), "status: draft", "status: issued")
    issued = commit(sample_repo, "issue")
    edit(sample_repo, draft.relative_to(sample_repo).as_posix(), "status: issued", "status: draft")
    back = commit(sample_repo, "back to draft")
    code, found = audit(run_cli, sample_repo)
    assert code == 1
    assert [str(p["message"]) for p in found] == [
        f"{number}: status went back to draft in commit {back} after the invoice was "
        f"issued in commit {issued}; cancel it with a credit note instead"
    ]


def test_since_limits_the_walk(sample_repo: Path, run_cli: RunCli) -> None:
    edit(sample_repo, INVOICE, "quantity: 1\n", "quantity: 2\n")
    commit(sample_repo, "edit")
    commit_before = git(sample_repo, "rev-parse", "HEAD").strip()
    edit(
        sample_repo,
        "records/invoices/2026/INV-2026-0004.yaml",
        "due_date: ",
        "due_date: 2030-01-01\nx: ",
    )
    edit(sample_repo, "records/invoices/2026/INV-2026-0004.yaml", "x: ", "# ")
    commit(sample_repo, "another edit")
    assert len(audit(run_cli, sample_repo)[1]) == 2
    code, found = audit(run_cli, sample_repo, "--since", commit_before)
    assert code == 1
    assert [p["path"] for p in found] == ["records/invoices/2026/INV-2026-0004.yaml"]
    assert "issued by commit" in str(found[0]["message"])
    assert audit(run_cli, sample_repo, "--since", "HEAD") == (0, [])


def test_usage_errors(tmp_path: Path, sample_repo: Path, run_cli: RunCli) -> None:
    unknown = run_cli(sample_repo, "audit", "--since", "v9.9")
    assert unknown.exit_code == 2
    assert "v9.9 not found" in unknown.stderr
    plain = run_cli(make_repo(tmp_path / "plain", with_git=False), "audit")
    assert plain.exit_code == 2
    assert "not inside a git repository" in plain.stderr


def test_a_repository_without_commits_is_clean(tmp_path: Path, run_cli: RunCli) -> None:
    root = make_repo(tmp_path / "new", with_git=False)
    git(root, "init", "-q")
    assert run_cli(root, "audit").exit_code == 0


def test_records_root_below_the_git_top_level(tmp_path: Path, run_cli: RunCli) -> None:
    top = tmp_path / "company"
    root = make_repo(top / "books", with_git=False)
    git(top, "init", "-q")
    commit(top, "books in a sub-folder")
    edit(root, INVOICE, "quantity: 1\n", "quantity: 2\n")
    commit(top, "edit")
    found = audit(run_cli, root)[1]
    assert [(p["path"], p["code"]) for p in found] == [(INVOICE, "invoice-changed")]


def test_history_is_read_in_one_pass(
    sample_repo: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The number of git processes does not grow with the number of commits or files."""
    calls: list[tuple[str, ...]] = []
    real_run = gitutil.run

    def counting(root: Path, *args: str, input: bytes | None = None) -> bytes:
        calls.append(args)
        return real_run(root, *args, input=input)

    monkeypatch.setattr(gitutil, "run", counting)

    def git_processes() -> int:
        calls.clear()
        assert run_cli(sample_repo, "audit").exit_code in (0, 1)
        return len(calls)

    few = git_processes()
    for number in range(1, 13):
        relpath = f"records/invoices/2026/INV-2026-{number:04d}.yaml"
        (sample_repo / relpath).write_text(
            (sample_repo / relpath).read_text(encoding="utf-8") + f"meta: {{round: {number}}}\n",
            encoding="utf-8",
        )
        commit(sample_repo, f"note {number}")
    edit(sample_repo, INVOICE, "quantity: 1\n", "quantity: 2\n")
    commit(sample_repo, "edit")
    assert git_processes() == few + 1  # the abbreviation of the commits named
    assert [c[0] for c in calls].count("log") == 2
    assert [c[0] for c in calls].count("cat-file") == 1


def test_a_shallow_clone_without_the_history_is_refused(sample_repo: Path, tmp_path: Path) -> None:
    """As CI runs it with actions/checkout's default fetch-depth of 1 (a subprocess): a
    pass there would hide the edit, so it is exit 2 with the fix, until the history is
    there; --since needs only the history after REF."""
    edit(sample_repo, INVOICE, "quantity: 1\n", "quantity: 2\n")
    commit(sample_repo, "edit")
    clone = tmp_path / "ci"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{sample_repo}", str(clone))

    def audit(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "officectl", "audit", *args],
            cwd=clone,
            capture_output=True,
            text=True,
        )

    done = audit()
    assert (done.returncode, done.stdout) == (2, "")
    assert "shallow" in done.stderr and "fetch-depth: 0" in done.stderr
    assert "Traceback" not in done.stderr
    git(clone, "fetch", "-q", "--deepen", "1")
    assert audit("--since", "HEAD~1").returncode == 1  # the edit is after HEAD~1: seen
    assert audit().returncode == 2  # the start of history is still missing
    git(clone, "fetch", "-q", "--unshallow")
    done = audit()
    assert done.returncode == 1
    assert done.stdout.startswith(f"{INVOICE}:")
    assert "shallow" not in done.stderr


def test_a_merged_branch_names_its_own_commit(sample_repo: Path, run_cli: RunCli) -> None:
    """As CI checks out a pull request: a merge commit whose second parent is the branch."""
    git(sample_repo, "checkout", "-qb", "feature")
    edit(sample_repo, INVOICE, "quantity: 1\n", "quantity: 2\n")
    edited = commit(sample_repo, "edit on the branch")
    git(sample_repo, "checkout", "-q", "main")
    edit(
        sample_repo,
        "records/invoices/2026/INV-2026-0004.yaml",
        "status: paid",
        "status: paid\nmeta: {filed: true}",
    )
    commit(sample_repo, "a note on main meanwhile")
    git(sample_repo, "merge", "-q", "--no-ff", "-m", "merge the branch", "feature")
    code, found = audit(run_cli, sample_repo)
    assert code == 1
    assert len(found) == 1
    assert f"changed in commit {edited} " in str(found[0]["message"])


def test_cancelled_without_a_credit_note(sample_repo: Path, run_cli: RunCli) -> None:
    """Issue 12, item 1: a status change is allowed after issue, but ``cancelled`` only
    once credit notes bring the invoice to zero (Art. 219; CZ § 45)."""
    edit(sample_repo, UNPAID, "status: issued", "status: cancelled")
    commit(sample_repo, "cancel it by hand")
    code, problems = audit(run_cli, sample_repo)
    assert code == 1
    line = (sample_repo / UNPAID).read_text(encoding="utf-8").splitlines().index(
        "status: cancelled"
    ) + 1
    assert [(p["path"], p["line"], p["code"]) for p in problems] == [
        (UNPAID, line, "cancelled-not-credited")
    ]
    data = yaml.safe_load((sample_repo / UNPAID).read_text(encoding="utf-8"))
    nets: dict[Decimal, Decimal] = {}
    for item in data["lines"]:
        net = Decimal(str(item["quantity"])) * Decimal(str(item["unit_price"]))
        rate = Decimal(str(item["vat_rate"]))
        nets[rate] = nets.get(rate, Decimal(0)) + net.quantize(CENT, ROUND_HALF_UP)
    total = sum(
        (net + (net * rate / 100).quantize(CENT, ROUND_HALF_UP) for rate, net in nets.items()),
        Decimal(0),
    )
    assert f"its total {total}" in str(problems[0]["message"])
    note = (
        "\n".join(
            f"{key}: {value}"
            for key, value in (
                ("customer", data["customer"]),
                ("currency", data["currency"]),
                ("status", "issued"),
                ("issue_date", "2026-11-25"),
                ("due_date", "2026-11-25"),
                ("credit_note_for", "INV-2026-0027"),
            )
        )
        + "\nlines:\n"
        + "".join(
            f"  - {{description: Storno, quantity: -1, unit_price: {net}, vat_rate: {rate}}}\n"
            for rate, net in nets.items()
        )
    )
    number = next_invoice(sample_repo)
    (sample_repo / f"records/invoices/2026/{number}.yaml").write_text(note, encoding="utf-8")
    commit(sample_repo, "credit note")
    assert audit(run_cli, sample_repo) == (0, [])


# -- a rewritten history (force-push) ----------------------------------------------------

PROJECT = Path(__file__).resolve().parents[1]
NUMBER = next_invoice(PROJECT)  # the sample's next number, as invoice issue gives it
NEW = f"records/invoices/2026/{NUMBER}.yaml"


def _publish_new_invoice(root: Path) -> tuple[str, str]:
    """Commit an issued NUMBER (a copy of 0027 for another amount); return the
    commit before it and the commit that holds it."""
    before = git(root, "rev-parse", "HEAD").strip()
    text = (root / UNPAID).read_text(encoding="utf-8")
    (root / NEW).write_text(text.replace("quantity: 9", "quantity: 3"), encoding="utf-8")
    commit(root, f"issue {NUMBER}")
    return before, git(root, "rev-parse", "HEAD").strip()


def test_a_rewritten_history_that_drops_an_issued_invoice_is_reported(
    sample_repo: Path, run_cli: RunCli
) -> None:
    before, published = _publish_new_invoice(sample_repo)
    git(sample_repo, "reset", "-q", "--hard", before)  # then force-pushed
    edit(sample_repo, "records/customers/CUS-0001.yaml", "name: ", "notes: rewritten\nname: ")
    commit(sample_repo, "another history")
    result = run_cli(sample_repo, "audit", "--since", published)
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith(
        f"{NEW}:1:1: error invoice-deleted: issued invoice {NUMBER} was issued by commit "
    )
    assert "is gone from HEAD" in result.stdout
    assert result.stdout.count("\n") == 1
    assert f"{published[:7]} is not an ancestor of HEAD: the history was rewritten" in result.stderr


def test_a_rewritten_history_that_changes_an_issued_invoice_is_reported(
    sample_repo: Path, run_cli: RunCli
) -> None:
    before, published = _publish_new_invoice(sample_repo)
    git(sample_repo, "reset", "-q", "--hard", before)
    text = (sample_repo / UNPAID).read_text(encoding="utf-8")
    (sample_repo / NEW).write_text(text.replace("quantity: 9", "quantity: 30"), "utf-8")
    commit(sample_repo, f"{NUMBER} again, for more")
    code, found = audit(run_cli, sample_repo, "--since", published)
    assert code == 1
    assert [(p["path"], p["code"]) for p in found] == [(NEW, "invoice-changed")]
    assert "(3 → 30)" in str(found[0]["message"])


def test_a_rewritten_history_that_keeps_every_invoice_is_clean(
    sample_repo: Path, run_cli: RunCli
) -> None:
    before, published = _publish_new_invoice(sample_repo)
    git(sample_repo, "reset", "-q", "--hard", before)
    text = (sample_repo / UNPAID).read_text(encoding="utf-8")
    (sample_repo / NEW).write_text(
        "# reworded\n" + text.replace("quantity: 9", "quantity: 3"), "utf-8"
    )
    commit(sample_repo, "the same invoice, reworded commit")
    result = run_cli(sample_repo, "audit", "--since", published)
    assert (result.exit_code, result.stdout) == (0, "")
    assert "not an ancestor of HEAD" in result.stderr


def test_an_ancestor_since_says_nothing_about_history(sample_repo: Path, run_cli: RunCli) -> None:
    _, published = _publish_new_invoice(sample_repo)
    result = run_cli(sample_repo, "audit", "--since", published)
    assert (result.exit_code, result.stdout) == (0, "")
    assert "ancestor" not in result.stderr


def test_reminders_recorded_by_remind_pass_the_audit(sample_repo: Path, run_cli: RunCli) -> None:
    """The month's routine (README): `remind` records `reminders:` on the overdue
    issued invoices, the user commits, and CI's `audit` (and the pre-push hook)
    failed on every one of them: invoice-changed, reminders added."""
    with (sample_repo / "officectl.yaml").open("a", encoding="utf-8") as config:
        config.write("interest_rates:\n  - {country: CZ, from: 2026-07-01, rate: 3.50}\n")
    commit(sample_repo, "rate")
    result = run_cli(sample_repo, "remind", "--today", "2026-11-25", "--format", "md")
    assert result.exit_code == 0, result.output
    assert "reminders:" in (sample_repo / "records/invoices/2026/INV-2026-0021.yaml").read_text(
        encoding="utf-8"
    )
    commit(sample_repo, "November reminders")
    assert audit(run_cli, sample_repo) == (0, [])


def test_a_line_code_added_after_issue_passes(sample_repo: Path, run_cli: RunCli) -> None:
    """A VAT exemption's legal basis or a unit code an older invoice lacked may be added:
    they classify a line for the VAT return and e-invoices and change no amount."""
    edit(
        sample_repo,
        "records/invoices/2026/INV-2026-0021.yaml",
        "    unit: měsíc\n",
        "    unit: měsíc\n    unit_code: MON\n",
    )
    commit(sample_repo, "a unit code for the e-invoice")
    assert audit(run_cli, sample_repo) == (0, [])


def test_a_line_code_that_was_there_may_not_change(sample_repo: Path, run_cli: RunCli) -> None:
    edit(sample_repo, UNPAID, "vat_exemption: VATEX-EU-O", "vat_exemption: VATEX-EU-G")
    commit(sample_repo, "call it an export of goods instead")
    code, problems = audit(run_cli, sample_repo)
    assert code == 1
    assert [(p["path"], p["code"]) for p in problems] == [(UNPAID, "invoice-changed")]
    assert "lines[0].vat_exemption" in str(problems[0]["message"])
