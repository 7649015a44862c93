"""Committed symbolic links never redirect a write.

A pull request can commit a link where officectl writes: ``.officectl-cache`` pointing
at ``.git`` (once made ``validate`` overwrite ``.git/config``), ``reports`` pointing
anywhere, a record folder or a report file that is a link. Each is refused with a
message naming the link (exit 2; exit 1 for a record folder); for the cache, ``validate``
skips it with a warning and checks as usual. ``-o`` may leave the repository, since the
user named it on the command line.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TODAY, RunCli, git


@pytest.fixture(autouse=True)
def _private_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache secret lives in a temporary home, not the developer's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def git_config(root: Path) -> bytes:
    return (root / ".git" / "config").read_bytes()


# -- the cache ------------------------------------------------------------------------


def test_a_cache_folder_linked_to_git_is_skipped_with_a_warning(
    sample_repo: Path, run_cli: RunCli
) -> None:
    before = git_config(sample_repo)
    listing = sorted(p.name for p in (sample_repo / ".git").iterdir())
    (sample_repo / ".officectl-cache").symlink_to(".git", target_is_directory=True)
    for _ in range(2):
        result = run_cli(sample_repo, "validate", "--today", TODAY)
        assert result.exit_code == 0, result.output
        assert (
            "warning: .officectl-cache is a symbolic link; validating without the cache"
        ) in result.stderr
    assert git_config(sample_repo) == before
    assert sorted(p.name for p in (sample_repo / ".git").iterdir()) == listing
    assert git(sample_repo, "status", "--porcelain") == "?? .officectl-cache\n"


def test_other_commands_skip_a_linked_cache_too(sample_repo: Path, run_cli: RunCli) -> None:
    before = git_config(sample_repo)
    listing = sorted(p.name for p in (sample_repo / ".git").iterdir())
    (sample_repo / ".officectl-cache").symlink_to(".git", target_is_directory=True)
    result = run_cli(sample_repo, "export", "finance", "--period", "2026", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "validating without the cache" not in result.stderr
    result = run_cli(
        sample_repo, "invoice", "pay", "INV-2026-0027", "--date", TODAY, "--amount", "100.00"
    )
    assert result.exit_code == 0, result.output
    assert git_config(sample_repo) == before
    assert sorted(p.name for p in (sample_repo / ".git").iterdir()) == listing


def test_a_cache_file_that_is_a_link_is_never_read(sample_repo: Path, run_cli: RunCli) -> None:
    """A linked shard leading to /dev/zero would be read until memory runs out: run in a
    process with 1 GiB of address space, which that exhausts at once."""
    assert run_cli(sample_repo, "validate", "--today", TODAY).exit_code == 0
    cache = sample_repo / ".officectl-cache"
    shards = sorted(cache.glob("files-*"))
    assert shards
    for shard in [*shards, cache / "state", cache / "config"]:
        shard.unlink(missing_ok=True)
        shard.symlink_to("/dev/zero")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    done = subprocess.run(
        [sys.executable, "-m", "officectl", "-C", str(sample_repo), "validate", "--today", TODAY],
        preexec_fn=limit,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, ""), done.stderr
    assert "Traceback" not in done.stderr


# -- reports and -o ---------------------------------------------------------------------


def link_reports(root: Path, target: Path) -> None:
    reports = root / "reports"
    if reports.exists():
        for child in reports.iterdir():
            child.unlink()
        reports.rmdir()
    reports.symlink_to(target, target_is_directory=True)


@pytest.mark.parametrize(
    "command",
    [
        ["render", "INV-2026-0025", "--format", "html"],
        ["export", "finance", "--period", "2026", "--today", TODAY],
        ["export", "finance", "--period", "2026", "--today", TODAY, "--format", "csv"],
        ["export", "journal", "--period", "2026", "--today", TODAY],
    ],
    ids=["render", "finance", "finance-csv", "journal"],
)
def test_a_linked_reports_folder_is_refused(
    sample_repo: Path, run_cli: RunCli, elsewhere: Path, command: list[str]
) -> None:
    link_reports(sample_repo, elsewhere)
    result = run_cli(sample_repo, *command)
    assert result.exit_code == 2, result.output
    assert "reports is a symbolic link in the repository" in result.stderr
    assert list(elsewhere.iterdir()) == []


def test_a_report_file_that_is_a_link_is_refused(sample_repo: Path, run_cli: RunCli) -> None:
    before = git_config(sample_repo)
    target = sample_repo / "reports" / "INV-2026-0025.html"
    target.parent.mkdir()
    target.symlink_to("../.git/config")
    result = run_cli(sample_repo, "render", "INV-2026-0025", "--format", "html")
    assert result.exit_code == 2, result.output
    assert "reports/INV-2026-0025.html is a symbolic link in the repository" in result.stderr
    assert target.is_symlink() and git_config(sample_repo) == before


def test_output_into_git_is_refused(sample_repo: Path, run_cli: RunCli) -> None:
    result = run_cli(
        sample_repo,
        "render",
        "INV-2026-0025",
        "--format",
        "html",
        "-o",
        str(sample_repo / ".git" / "hooks"),
    )
    assert result.exit_code == 2, result.output
    assert ".git" in result.stderr
    assert not (sample_repo / ".git" / "hooks" / "INV-2026-0025.html").exists()


def test_a_named_output_through_a_link_in_the_repository_is_refused(
    sample_repo: Path, run_cli: RunCli, elsewhere: Path
) -> None:
    (sample_repo / "out").symlink_to(elsewhere, target_is_directory=True)
    result = run_cli(
        sample_repo,
        "export",
        "finance",
        "--period",
        "2026",
        "--today",
        TODAY,
        "-o",
        str(sample_repo / "out" / "books.xlsx"),
    )
    assert result.exit_code == 2, result.output
    assert "out is a symbolic link in the repository" in result.stderr
    assert list(elsewhere.iterdir()) == []


def test_an_output_the_user_names_outside_the_repository_is_written(
    sample_repo: Path, run_cli: RunCli, elsewhere: Path
) -> None:
    render = run_cli(
        sample_repo, "render", "INV-2026-0025", "--format", "html", "-o", str(elsewhere / "docs")
    )
    assert render.exit_code == 0, render.output
    assert (elsewhere / "docs" / "INV-2026-0025.html").is_file()
    journal = run_cli(
        sample_repo,
        "export",
        "journal",
        "--period",
        "2026",
        "--today",
        TODAY,
        "-o",
        str(elsewhere / "books.beancount"),
    )
    assert journal.exit_code == 0, journal.output
    assert (elsewhere / "books.beancount").is_file()


def test_schema_files_go_through_no_link(
    sample_repo: Path, run_cli: RunCli, elsewhere: Path
) -> None:
    (sample_repo / "schemas").symlink_to(elsewhere, target_is_directory=True)
    result = run_cli(sample_repo, "schema", "--all", "-o", str(sample_repo / "schemas"))
    assert result.exit_code == 2, result.output
    assert "schemas is a symbolic link in the repository" in result.stderr
    assert list(elsewhere.iterdir()) == []
    real = sample_repo / "real-schemas"
    real.mkdir()
    (real / "customers.schema.json").symlink_to("../.git/config")
    result = run_cli(sample_repo, "schema", "--all", "-o", str(real))
    assert result.exit_code == 2, result.output
    assert "real-schemas/customers.schema.json is a symbolic link" in result.stderr


def test_a_copied_template_goes_through_no_link(
    sample_repo: Path, run_cli: RunCli, elsewhere: Path
) -> None:
    link_templates = sample_repo / "templates"
    for child in link_templates.iterdir():
        child.unlink()
    link_templates.rmdir()
    link_templates.symlink_to(elsewhere, target_is_directory=True)
    result = run_cli(sample_repo, "templates", "--copy", "invoice.html")
    assert result.exit_code == 2, result.output
    assert "templates is a symbolic link in the repository" in result.stderr
    assert list(elsewhere.iterdir()) == []


def test_a_new_record_goes_through_no_linked_folder(
    sample_repo: Path, run_cli: RunCli, elsewhere: Path
) -> None:
    customers = sample_repo / "records" / "customers"
    for child in customers.iterdir():
        (elsewhere / child.name).write_bytes(child.read_bytes())
        child.unlink()
    customers.rmdir()
    customers.symlink_to(elsewhere, target_is_directory=True)
    before = sorted(p.name for p in elsewhere.iterdir())
    result = run_cli(
        sample_repo, "new", "customer", "--set", "name=Fjord AS", "--set", "country=NO"
    )
    assert result.exit_code == 1, result.output
    assert "records/customers is a symbolic link in the repository" in result.stderr
    assert sorted(p.name for p in elsewhere.iterdir()) == before


def test_validate_json_is_unchanged_by_a_linked_cache(sample_repo: Path, run_cli: RunCli) -> None:
    cold = run_cli(sample_repo, "validate", "--format", "json", "--today", TODAY, "--no-cache")
    (sample_repo / ".officectl-cache").symlink_to(".git", target_is_directory=True)
    linked = run_cli(sample_repo, "validate", "--format", "json", "--today", TODAY)
    assert json.loads(linked.stdout) == json.loads(cold.stdout)


def test_a_link_outside_leading_into_the_repository_is_checked_where_it_leads(
    sample_repo: Path, run_cli: RunCli, elsewhere: Path, tmp_path: Path
) -> None:
    """The user's own link outside is followed; the committed one it leads to is not."""
    link_reports(sample_repo, elsewhere)
    shortcut = tmp_path / "books-shortcut"
    shortcut.symlink_to(sample_repo, target_is_directory=True)
    result = run_cli(
        sample_repo, "render", "INV-2026-0025", "--format", "html", "-o", str(shortcut / "reports")
    )
    assert result.exit_code == 2, result.output
    assert "reports is a symbolic link in the repository" in result.stderr
    assert list(elsewhere.iterdir()) == []
    fine = run_cli(
        sample_repo, "render", "INV-2026-0025", "--format", "html", "-o", str(shortcut / "out")
    )
    assert fine.exit_code == 0, fine.output
    assert (sample_repo / "out" / "INV-2026-0025.html").is_file()
