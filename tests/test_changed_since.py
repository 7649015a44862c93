"""``validate --changed-since REF``: the changed records and those they involve, nothing older."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TODAY, RunCli, git, make_repo

OLD_PROBLEM = "records/customers/CUS-0012.yaml"
"""Has an unknown field since before the change; only DEAL-0006 references it."""


@pytest.fixture
def books(sample_repo: Path) -> Path:
    """The sample with an old, committed problem in a record no test below touches."""
    path = sample_repo / OLD_PROBLEM
    path.write_text(path.read_text(encoding="utf-8") + "fax: '+420 000 000'\n", encoding="utf-8")
    git(sample_repo, "commit", "-qam", "an old problem")
    return sample_repo


def problems(run_cli: RunCli, root: Path, *args: str) -> tuple[int, list[dict[str, object]]]:
    result = run_cli(root, "validate", "--format", "json", "--today", TODAY, *args)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)["problems"]


def paths(found: list[dict[str, object]]) -> set[object]:
    return {p["path"] for p in found}


def edit(root: Path, relpath: str, old: str, new: str) -> None:
    path = root / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_nothing_changed_reports_nothing_old(books: Path, run_cli: RunCli) -> None:
    assert paths(problems(run_cli, books)[1]) == {OLD_PROBLEM}
    assert problems(run_cli, books, "--changed-since", "HEAD") == (0, [])


def test_a_broken_record_is_reported_and_nothing_older(books: Path, run_cli: RunCli) -> None:
    edit(books, "records/deals/DEAL-0001.yaml", "stage: ", "stage: wonn\nx_stage: ")
    code, found = problems(run_cli, books, "--changed-since", "HEAD")
    assert code == 1
    assert paths(found) == {"records/deals/DEAL-0001.yaml"}
    assert {p["code"] for p in found} == {"invalid-value", "unknown-field"}
    text = run_cli(books, "validate", "--changed-since", "HEAD", "--today", TODAY)
    assert text.stdout.startswith("records/deals/DEAL-0001.yaml:")
    assert "CUS-0012" not in text.stdout


def test_committed_changes_on_a_branch_count(books: Path, run_cli: RunCli) -> None:
    git(books, "checkout", "-qb", "feature")
    edit(books, "records/staff/EMP-003.yaml", "email: ", "email: not-an-address\nold_email: ")
    git(books, "commit", "-qam", "break a person")
    code, found = problems(run_cli, books, "--changed-since", "main")
    assert code == 1
    assert paths(found) == {"records/staff/EMP-003.yaml"}


def test_deleting_a_referenced_record_reports_the_referrers(books: Path, run_cli: RunCli) -> None:
    git(books, "rm", "-q", "records/customers/CUS-0011.yaml")
    code, found = problems(run_cli, books, "--changed-since", "HEAD")
    assert code == 1
    assert {(p["path"], p["code"]) for p in found} == {
        ("records/invoices/2025/INV-2025-0013.yaml", "ref-missing"),
        ("records/invoices/2026/INV-2026-0019.yaml", "ref-missing"),
    }


def test_renaming_a_record_reports_references_to_the_old_id(books: Path, run_cli: RunCli) -> None:
    free = max(int(p.stem[4:]) for p in (books / "records/customers").glob("CUS-*.yaml")) + 1
    git(books, "mv", "records/customers/CUS-0011.yaml", f"records/customers/CUS-{free:04d}.yaml")
    git(books, "commit", "-qm", "renumber a customer")
    code, found = problems(run_cli, books, "--changed-since", "HEAD~1")
    assert code == 1
    assert paths(found) == {
        "records/invoices/2025/INV-2025-0013.yaml",
        "records/invoices/2026/INV-2026-0019.yaml",
    }


def test_a_deleted_invoice_leaves_a_gap_reported_on_its_neighbour(
    books: Path, run_cli: RunCli
) -> None:
    (books / "records/invoices/2026/INV-2026-0010.yaml").unlink()
    code, found = problems(run_cli, books, "--changed-since", "HEAD")
    assert code == 1
    assert [(p["path"], p["code"]) for p in found] == [
        ("records/invoices/2026/INV-2026-0011.yaml", "numbering-gap")
    ]


def test_a_deleted_credit_note_reopens_the_invoice_it_corrected(
    books: Path, run_cli: RunCli
) -> None:
    """INV-2026-0024 does not reference its credit note: the note's old text does."""
    amount = _paid_in_full(books)
    edit(
        books,
        "records/invoices/2026/INV-2026-0024.yaml",
        "status: issued",
        f"status: paid\npayments:\n  - {{date: 2026-11-20, amount: {amount}}}",
    )
    git(books, "commit", "-qam", "INV-2026-0024 paid, less its credit note")
    assert problems(run_cli, books, "--changed-since", "HEAD~1")[0] == 0
    git(books, "rm", "-q", "records/invoices/2026/INV-2026-0026.yaml")
    code, found = problems(run_cli, books, "--changed-since", "HEAD")
    assert code == 1
    assert {(p["path"], p["code"]) for p in found} == {
        ("records/invoices/2026/INV-2026-0024.yaml", "paid-mismatch"),
        ("records/invoices/2026/INV-2026-0027.yaml", "numbering-gap"),
    }


def _paid_in_full(root: Path) -> str:
    from officectl.config import load_config
    from officectl.loader import load_file
    from officectl.model.invoice import totals

    config = load_config(root)
    invoice = load_file(root, "records/invoices/2026/INV-2026-0024.yaml", config).record
    note = load_file(root, "records/invoices/2026/INV-2026-0026.yaml", config).record
    assert invoice is not None and note is not None
    return str(totals(invoice.data).total + totals(note.data).total)


def test_new_untracked_record_is_checked(books: Path, run_cli: RunCli) -> None:
    (books / "records/customers/CUS-0014.yaml").write_text(
        "name: Nový zákazník\ncountry: XX\naccount_manager: EMP-999\n", encoding="utf-8"
    )
    code, found = problems(run_cli, books, "--changed-since", "HEAD")
    assert code == 1
    assert {(p["path"], p["code"]) for p in found} == {
        ("records/customers/CUS-0014.yaml", "invalid-country"),
        ("records/customers/CUS-0014.yaml", "ref-missing"),
    }


def test_a_changed_configuration_puts_everything_in_scope(books: Path, run_cli: RunCli) -> None:
    edit(books, "officectl.yaml", "payment_terms_days: 14", "payment_terms_days: 30")
    assert paths(problems(run_cli, books, "--changed-since", "HEAD")[1]) == {OLD_PROBLEM}


def test_paths_narrow_the_changed_scope(books: Path, run_cli: RunCli) -> None:
    edit(books, "records/deals/DEAL-0001.yaml", "stage: ", "stage: wonn\nx_stage: ")
    edit(books, "records/staff/EMP-003.yaml", "email: ", "email: not-an-address\nold_email: ")
    found = problems(run_cli, books, str(books / "records/staff"), "--changed-since", "HEAD")[1]
    assert paths(found) == {"records/staff/EMP-003.yaml"}


def test_changes_on_the_base_branch_since_the_fork_are_not_the_branchs(
    books: Path, run_cli: RunCli
) -> None:
    """REF is compared through its merge base with HEAD, as a pull request's diff is."""
    git(books, "checkout", "-qb", "feature")
    git(books, "checkout", "-q", "main")
    edit(books, OLD_PROBLEM, "fax: ", "meta:\n  fax: ")
    git(books, "commit", "-qam", "fix the old problem on main")
    git(books, "checkout", "-q", "feature")
    edit(books, "records/deals/DEAL-0001.yaml", "stage: ", "stage: wonn\nx_stage: ")
    found = problems(run_cli, books, "--changed-since", "main")[1]
    assert paths(found) == {"records/deals/DEAL-0001.yaml"}


def test_unknown_ref_is_a_usage_error(books: Path, run_cli: RunCli) -> None:
    result = run_cli(books, "validate", "--changed-since", "no-such-branch")
    assert result.exit_code == 2
    assert "no-such-branch not found" in result.stderr
    assert "fetch-depth: 0" in result.stderr
    assert run_cli(books, "validate", "--changed-since", "--strict").exit_code == 2


def test_outside_a_git_repository_is_a_usage_error(tmp_path: Path, run_cli: RunCli) -> None:
    root = make_repo(tmp_path / "plain", with_git=False)
    result = run_cli(root, "validate", "--changed-since", "HEAD")
    assert result.exit_code == 2
    assert "not inside a git repository" in result.stderr
    assert "Traceback" not in result.output


def test_shallow_clone_names_the_fix(books: Path, tmp_path: Path) -> None:
    """A CI checkout with the default fetch-depth 1, run as CI runs it (a subprocess)."""
    edit(books, "records/deals/DEAL-0001.yaml", "stage: ", "stage: wonn\nx_stage: ")
    git(books, "commit", "-qam", "break a deal")
    clone = tmp_path / "ci"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{books}", str(clone))

    def validate(ref: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "officectl",
                "validate",
                "--today",
                TODAY,
                "--changed-since",
                ref,
            ],
            cwd=clone / "records",
            capture_output=True,
            text=True,
        )

    missing = validate("HEAD~1")
    assert missing.returncode == 2
    assert "HEAD~1 not found (this clone is shallow)" in missing.stderr
    assert "fetch-depth: 0" in missing.stderr
    assert "Traceback" not in missing.stderr
    git(clone, "fetch", "-q", "--depth", "2", "origin", "main")
    found = validate("HEAD~1")
    assert found.returncode == 1, found.stderr
    assert found.stdout.splitlines() == [
        line
        for line in found.stdout.splitlines()
        if line.startswith("records/deals/DEAL-0001.yaml:")
    ]
    assert found.stdout


def test_records_root_below_the_git_top_level(tmp_path: Path, run_cli: RunCli) -> None:
    top = tmp_path / "company"
    root = make_repo(top / "books", with_git=False)
    (top / "README.md").write_text("The company's repository.\n", encoding="utf-8")
    git(top, "init", "-q")
    git(top, "add", "-A")
    git(top, "commit", "-qm", "books in a sub-folder")
    shutil.move(root / "records/customers/CUS-0011.yaml", top / "CUS-0011.yaml")
    code, found = problems(run_cli, root, "--changed-since", "HEAD")
    assert code == 1
    assert paths(found) == {
        "records/invoices/2025/INV-2025-0013.yaml",
        "records/invoices/2026/INV-2026-0019.yaml",
    }


def test_a_shared_vat_id_is_reported_where_validate_puts_it(books: Path, run_cli: RunCli) -> None:
    """The warning lands on the later customer, CUS-0002, which did not change."""
    edit(books, "records/customers/CUS-0001.yaml", "vat_id: CZ26719347", "vat_id: CZ06182755")
    code, found = problems(run_cli, books, "--changed-since", "HEAD")
    assert code == 0
    assert [(p["path"], p["code"]) for p in found] == [
        ("records/customers/CUS-0002.yaml", "duplicate-vat-id")
    ]


def test_a_deleted_signed_document_is_reported_on_its_contract(
    books: Path, run_cli: RunCli
) -> None:
    (books / "contracts").mkdir()
    (books / "contracts/CON-2026-001.pdf").write_bytes(b"%PDF-1.7 signed")
    edit(
        books,
        "records/contracts/CON-2026-001.yaml",
        "title: ",
        "document: contracts/CON-2026-001.pdf\ntitle: ",
    )
    git(books, "add", "-A")
    git(books, "commit", "-qm", "the signed contract")
    (books / "contracts/CON-2026-001.pdf").unlink()
    code, found = problems(run_cli, books, "--changed-since", "HEAD")
    assert code == 1
    assert [(p["path"], p["code"]) for p in found] == [
        ("records/contracts/CON-2026-001.yaml", "document-missing")
    ]


def test_head_before_the_first_commit_is_the_empty_tree(tmp_path: Path, run_cli: RunCli) -> None:
    """A new repository's first commit: its pre-commit hook runs ``--changed-since
    HEAD`` with no HEAD yet; every file is new, so every record is checked."""
    root = make_repo(tmp_path / "books", with_git=False)
    git(root, "init", "-q")
    assert run_cli(root, "validate", "--changed-since", "HEAD").exit_code == 0
    path = root / "records/deals/DEAL-0001.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "x_stage: won\n", encoding="utf-8")
    git(root, "add", "-A")
    code, found = problems(run_cli, root, "--changed-since", "HEAD")
    assert code == 1
    assert [(p["path"], p["code"]) for p in found] == [
        ("records/deals/DEAL-0001.yaml", "unknown-field")
    ]
    other = run_cli(root, "validate", "--changed-since", "main")
    assert other.exit_code == 2 and "main not found" in other.stderr


def test_the_scope_follows_what_the_rules_declare(books: Path) -> None:
    """The scope is derived from the rules' declared relations, not kept by hand: with
    no rule comparing customers' VAT IDs, the other customer is not involved; a rule
    that declares it (as duplicate-vat-ids does) brings it in."""
    from officectl.changes import Changes, involved
    from officectl.checks import REPO_RULES
    from officectl.config import load_config
    from officectl.rules import SameValue, repo_rule
    from officectl.validation import load_repository

    edit(books, "records/customers/CUS-0001.yaml", "vat_id: CZ26719347", "vat_id: CZ06182755")
    repo, _ = load_repository(load_config(books))
    changes = Changes("HEAD", frozenset({"records/customers/CUS-0001.yaml"}), frozenset())
    other = "records/customers/CUS-0002.yaml"
    without = tuple(rule for rule in REPO_RULES if rule.id != "duplicate-vat-ids")
    assert other not in involved(repo, changes, without)
    assert other in involved(repo, changes, REPO_RULES)

    @repo_rule(
        "same-vat",
        codes=(),
        reads={"customers": ("vat_id",)},
        involves=(SameValue("customers", "vat_id"),),
    )
    def same_vat(repo: object, today: object) -> list[object]:
        """A rule that compares customers by VAT ID."""
        return []

    assert other in involved(repo, changes, (*without, same_vat))
