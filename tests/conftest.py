"""Shared fixtures: the sample company copied into a temporary git repository, and a
CLI runner that invokes ``officectl`` in-process (crashes show their traceback)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner, Result

from officectl.cli import cli

if TYPE_CHECKING:
    from officectl.cache import Parse
    from officectl.config import Config
    from officectl.loader import FileResult

PROJECT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-25"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_AUTHOR_DATE": "2026-11-01T12:00:00+00:00",
    "GIT_COMMITTER_DATE": "2026-11-01T12:00:00+00:00",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": os.environ.get("HOME", "/tmp"),
}


def broken_credit_note(root: Path) -> None:
    """In the sample, a credit note for the draft (wrong, and a credit-note-target error
    already: issuing the draft would leave it pointing at nothing), committed."""
    note = root / "records/invoices/2026/INV-2026-0026.yaml"
    note.write_text(
        note.read_text("utf-8").replace(
            "credit_note_for: INV-2026-0024", "credit_note_for: INV-DRAFT-0002"
        ),
        "utf-8",
    )
    git(root, "commit", "-qam", "state before")


def benchmark_generator() -> ModuleType:
    """``benchmarks/generate.py`` as a module (it is a script, not a package)."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("generate", PROJECT / "benchmarks/generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def rules_counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every repository rule as it is, noting its ID each time it runs, wherever
    officectl takes the rules from (validate, the incremental run, a write's check)."""
    from datetime import date

    from officectl import checks, incremental, validation
    from officectl.problems import Problem
    from officectl.repository import Repository
    from officectl.rules import RepoRule

    ran: list[str] = []

    def counted(rule: RepoRule) -> RepoRule:
        def check(repo: Repository, today: date) -> list[Problem]:
            ran.append(rule.id)
            return list(rule.check(repo, today))

        return RepoRule(rule.id, rule.codes, rule.reads, rule.doc, check, rule.involves)

    wrapped = tuple(counted(rule) for rule in checks.REPO_RULES)
    for module in (checks, validation, incremental):
        monkeypatch.setattr(module, "REPO_RULES", wrapped)
    return ran


def file_parser(config: Config) -> Parse:
    """The cache's per-file stage run here, each file on its own (no workers)."""
    from officectl.cache import Parse
    from officectl.loader import load_data

    def each(items: Sequence[tuple[str, bytes]]) -> list[FileResult]:
        return [load_data(relpath, data, config) for relpath, data in items]

    return Parse(each, lambda items, bulk: each(items))


def no_parsing() -> Parse:
    """A per-file stage for the cache that fails the test if any file reaches it."""
    from officectl.cache import Parse

    def never(items: Sequence[tuple[str, bytes]], bulk: bool = False) -> list[FileResult]:
        assert not items, "a file was parsed: everything should be in the cache"
        return []

    return Parse(never, never)


def git(root: Path, *args: str) -> str:
    """Run git in ``root`` with a fixed identity; return its stdout."""
    env = {**os.environ, **GIT_ENV}
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def make_repo(target: Path, *, with_git: bool = True) -> Path:
    """A copy of the project's sample company (config, records, templates) at ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT / "officectl.yaml", target / "officectl.yaml")
    shutil.copytree(PROJECT / "records", target / "records")
    if (PROJECT / "templates").is_dir():
        shutil.copytree(PROJECT / "templates", target / "templates")
    if with_git:
        git(target, "init", "-q")
        git(target, "add", "-A")
        git(target, "commit", "-q", "-m", "sample company")
    return target


def next_invoice(root: Path, year: int = 2026, offset: int = 1) -> str:
    """The number ``invoice issue`` gives next in ``year`` (``offset`` 2: the one
    after), counted from the repository's files rather than written into a test."""
    numbers = [
        int(p.stem.rsplit("-", 1)[1])
        for p in (root / "records" / "invoices").rglob(f"INV-{year}-*.yaml")
    ]
    return f"INV-{year}-{max(numbers, default=0) + offset:04d}"


def issued_invoices(root: Path) -> list[str]:
    """The issued invoice numbers of a repository, from its file names."""
    return sorted(
        p.stem
        for p in (root / "records" / "invoices").rglob("INV-*.yaml")
        if not p.stem.startswith("INV-DRAFT-")
    )


@pytest.fixture
def sample_repo(tmp_path: Path) -> Path:
    """The sample company in a fresh temporary git repository."""
    return make_repo(tmp_path / "books")


RunCli = Callable[..., Result]


@pytest.fixture
def run_cli() -> RunCli:
    """``run_cli(root, "validate", "--strict")`` → click Result (exit_code, stdout, stderr)."""

    def run(root: Path, *args: str, input: str | None = None) -> Result:
        runner = CliRunner()
        return runner.invoke(cli, ["-C", str(root), *args], input=input, catch_exceptions=False)

    return run
