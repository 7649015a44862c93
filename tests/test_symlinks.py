"""A record file is a regular file: a symbolic link anywhere under ``records/`` (to a
file or a folder, inside the repository or out of it) is one ``record-symlink`` error at
the link's path, and what it points to is never read. The same in every way of running
``validate`` (cold, warm cache, incremental, ``--changed-since``, explicit PATHs) and
in ``audit``, so that an issued invoice cannot be changed through a link whose target
lies where no check looks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import TODAY, RunCli, git

SECRET = "name: top-secret-value\ncountry: CZ\n"
INVOICE = "records/invoices/2026/INV-2026-0028.yaml"
"""Issued, EUR: six days at 800.00."""
COPY = "docs/INV-2026-0028.yaml"


@pytest.fixture(autouse=True)
def _private_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache secret lives in a temporary home, not the developer's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


def problems(run_cli: RunCli, root: Path, *args: str) -> tuple[int, list[tuple[str, str]]]:
    result = run_cli(root, "validate", "--format", "json", "--today", TODAY, *args)
    assert result.exit_code in (0, 1), result.output
    found = json.loads(result.stdout)["problems"]
    return result.exit_code, [(p["path"], p["code"]) for p in found]


def forge(root: Path) -> None:
    """The attack: the issued invoice becomes a link to an edited copy in docs/, where
    4,800.00 becomes 48,000.00."""
    invoice = root / INVOICE
    text = invoice.read_text(encoding="utf-8")
    assert "unit_price: 800.00" in text
    copy = root / COPY
    copy.parent.mkdir(exist_ok=True)
    copy.write_text(text.replace("unit_price: 800.00", "unit_price: 8000.00"), "utf-8")
    invoice.unlink()
    invoice.symlink_to(Path("../../../docs/INV-2026-0028.yaml"))
    assert "8000.00" in invoice.read_text(encoding="utf-8")


FORGED = (INVOICE, "record-symlink")


@pytest.mark.parametrize("cache", [["--no-cache"], []])
def test_an_invoice_forged_through_a_link_is_an_error_cold_and_warm(
    sample_repo: Path, run_cli: RunCli, cache: list[str]
) -> None:
    forge(sample_repo)
    for _ in range(2):  # the second run may come from the cache
        assert problems(run_cli, sample_repo, *cache) == (1, [FORGED])


def test_a_link_appearing_after_a_clean_warm_run_is_reported(
    sample_repo: Path, run_cli: RunCli
) -> None:
    assert problems(run_cli, sample_repo) == (0, [])
    assert problems(run_cli, sample_repo) == (0, [])  # the incremental state is stored
    forge(sample_repo)
    assert problems(run_cli, sample_repo) == (1, [FORGED])
    (sample_repo / COPY).write_text("customer: CUS-0004\n", encoding="utf-8")
    assert problems(run_cli, sample_repo) == (1, [FORGED])


def test_the_link_is_reported_for_its_own_path_and_folders(
    sample_repo: Path, run_cli: RunCli
) -> None:
    forge(sample_repo)
    for path in (INVOICE, "records/invoices/2026", "records"):
        assert problems(run_cli, sample_repo, path) == (1, [FORGED]), path
    assert problems(run_cli, sample_repo, "records/customers") == (0, [])


def test_changed_since_reports_the_link_and_a_later_edit_of_its_target(
    sample_repo: Path, run_cli: RunCli
) -> None:
    base = git(sample_repo, "rev-parse", "HEAD").strip()
    forge(sample_repo)
    git(sample_repo, "add", "-A")
    git(sample_repo, "commit", "-qm", "looks harmless")
    assert problems(run_cli, sample_repo, "--changed-since", base) == (1, [FORGED])
    linked = git(sample_repo, "rev-parse", "HEAD").strip()
    copy = sample_repo / COPY
    copy.write_text(copy.read_text("utf-8").replace("8000.00", "80000.00"), "utf-8")
    git(sample_repo, "commit", "-qam", "only docs/ changed")
    assert problems(run_cli, sample_repo, "--changed-since", linked) == (1, [FORGED])


def test_a_linked_folder_is_one_error_at_the_folder(sample_repo: Path, run_cli: RunCli) -> None:
    year = sample_repo / "records" / "invoices" / "2026"
    shutil.move(year, sample_repo / "docs")
    year.symlink_to(Path("../../docs"), target_is_directory=True)
    for cache in (["--no-cache"], [], []):
        code, found = problems(run_cli, sample_repo, *cache)
        assert code == 1
        assert ("records/invoices/2026", "record-symlink") in found
        assert not any(path.startswith("docs/") for path, _ in found)


def test_a_link_to_another_record_is_an_error_too(sample_repo: Path, run_cli: RunCli) -> None:
    customers = sample_repo / "records" / "customers"
    (customers / "CUS-0777.yaml").symlink_to(customers / "CUS-0001.yaml")
    assert problems(run_cli, sample_repo) == (
        1,
        [("records/customers/CUS-0777.yaml", "record-symlink")],
    )


@pytest.mark.parametrize("cache", [[], ["--no-cache"]])
def test_a_link_out_of_the_repository_is_one_problem_and_never_read(
    sample_repo: Path, run_cli: RunCli, tmp_path: Path, cache: list[str]
) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(SECRET, encoding="utf-8")
    (sample_repo / "records" / "customers" / "CUS-0777.yaml").symlink_to(outside)
    for _ in range(2):
        result = run_cli(sample_repo, "validate", "--format", "json", "--today", TODAY, *cache)
        document = json.loads(result.stdout)
        assert result.exit_code == 1
        assert [(p["path"], p["line"], p["code"]) for p in document["problems"]] == [
            ("records/customers/CUS-0777.yaml", 1, "record-symlink")
        ]
        assert "top-secret" not in result.output


def test_the_text_report_says_what_to_do(sample_repo: Path, run_cli: RunCli) -> None:
    forge(sample_repo)
    result = run_cli(sample_repo, "validate", "--today", TODAY)
    assert result.stdout == (
        f"{INVOICE}:1:1: error record-symlink: a record file must be a regular file, not "
        "a symbolic link; replace the link with the file itself\n"
    )


# -- audit ------------------------------------------------------------------------------


def audit(run_cli: RunCli, root: Path, *args: str) -> tuple[int, list[tuple[str, str]]]:
    result = run_cli(root, "audit", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, [(p["path"], p["code"]) for p in json.loads(result.stdout)["problems"]]


def test_audit_reports_an_issued_invoice_replaced_by_a_link(
    sample_repo: Path, run_cli: RunCli
) -> None:
    forge(sample_repo)
    git(sample_repo, "add", "-A")
    git(sample_repo, "commit", "-qm", "looks harmless")
    sha = git(sample_repo, "rev-parse", "--short", "HEAD").strip()
    result = run_cli(sample_repo, "audit")
    assert result.exit_code == 1
    assert result.stdout == (
        f"{INVOICE}:1:1: error record-symlink: INV-2026-0028 became a symbolic link in "
        f"commit {sha}; a record file must be a regular file, and what a link points to "
        "is not audited: replace the link with the file itself\n"
    )
    copy = sample_repo / COPY  # an edit of the target, outside records/, stays caught
    copy.write_text(copy.read_text("utf-8").replace("8000.00", "80000.00"), "utf-8")
    git(sample_repo, "commit", "-qam", "only docs/ changed")
    assert audit(run_cli, sample_repo) == (1, [FORGED])


def test_audit_reports_a_link_even_after_the_since_commit(
    sample_repo: Path, run_cli: RunCli
) -> None:
    forge(sample_repo)
    git(sample_repo, "add", "-A")
    git(sample_repo, "commit", "-qm", "looks harmless")
    assert audit(run_cli, sample_repo, "--since", "HEAD") == (1, [FORGED])


def test_audit_reports_any_link_under_records(sample_repo: Path, run_cli: RunCli) -> None:
    customers = sample_repo / "records" / "customers"
    (customers / "CUS-0777.yaml").symlink_to("CUS-0001.yaml")
    git(sample_repo, "add", "-A")
    git(sample_repo, "commit", "-qm", "an alias")
    assert audit(run_cli, sample_repo) == (
        1,
        [("records/customers/CUS-0777.yaml", "record-symlink")],
    )


def test_replacing_the_link_by_the_file_again_is_an_ordinary_edit(
    sample_repo: Path, run_cli: RunCli
) -> None:
    original = (sample_repo / INVOICE).read_text(encoding="utf-8")
    forge(sample_repo)
    git(sample_repo, "add", "-A")
    git(sample_repo, "commit", "-qm", "a link")
    (sample_repo / INVOICE).unlink()
    (sample_repo / INVOICE).write_text(original.replace("800.00", "8000.00"), "utf-8")
    git(sample_repo, "add", "-A")
    git(sample_repo, "commit", "-qm", "the file again, edited")
    assert audit(run_cli, sample_repo) == (1, [FORGED, (INVOICE, "invoice-changed")])
