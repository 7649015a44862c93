"""A write right after ``validate`` checks its plan against validate's findings.

``bank import`` of a large statement used to run the repository rules twice: over
the books as they are (to know which errors were there before) and as the plan
leaves them. Right after a ``validate`` of the same date the first run is its stored
findings (officectl.incremental); these tests hold the write's verdict to be the same
either way: an error the plan causes elsewhere is refused, an error that was there
before is not the plan's doing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TODAY, RunCli, broken_credit_note, git
from officectl import workflows


def status(root: Path) -> str:
    return git(root, "status", "--porcelain", "--untracked-files=no")


@pytest.mark.parametrize("validated", [False, True])
def test_an_error_the_write_causes_elsewhere_is_refused(
    sample_repo: Path, run_cli: RunCli, validated: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken_credit_note(sample_repo)
    rules_over_the_books = []
    original = workflows._repo_problems

    def counted(books, repo, today, written):  # type: ignore[no-untyped-def]
        rules_over_the_books.append(written)
        return original(books, repo, today, written)

    monkeypatch.setattr(workflows, "_repo_problems", counted)
    if validated:
        assert run_cli(sample_repo, "validate", "--today", TODAY).exit_code == 1
    result = run_cli(
        sample_repo, "invoice", "issue", "INV-DRAFT-0002", "--date", TODAY, "--today", TODAY
    )
    assert result.exit_code == 1
    assert (
        "records/invoices/2026/INV-2026-0026.yaml:13:18: error ref-missing: "
        "credit_note_for INV-DRAFT-0002 does not exist"
    ) in result.stderr
    assert "credit-note-target" not in result.stderr  # there before: not the write's doing
    assert status(sample_repo) == ""
    # after a validate of that date, the rules run once (the books after the plan)
    assert len(rules_over_the_books) == (1 if validated else 2)


@pytest.mark.parametrize("validated", [False, True])
def test_an_error_there_before_does_not_block_a_write(
    sample_repo: Path, run_cli: RunCli, validated: bool
) -> None:
    broken_credit_note(sample_repo)
    if validated:
        assert run_cli(sample_repo, "validate", "--today", TODAY).exit_code == 1
    result = run_cli(
        sample_repo, "invoice", "pay", "INV-2026-0021", "--amount", "1000.00", "--date", TODAY
    )
    assert result.exit_code == 0, result.output
    assert "88460.00 CZK still open" in result.stdout


def test_findings_of_another_date_are_not_used(sample_repo: Path, run_cli: RunCli) -> None:
    broken_credit_note(sample_repo)
    assert run_cli(sample_repo, "validate", "--today", "2026-11-20").exit_code == 1
    result = run_cli(
        sample_repo, "invoice", "issue", "INV-DRAFT-0002", "--date", TODAY, "--today", TODAY
    )
    assert result.exit_code == 1
    assert "credit_note_for INV-DRAFT-0002 does not exist" in result.stderr
    assert "credit-note-target" not in result.stderr
