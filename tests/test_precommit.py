"""The project's pre-commit hooks, run by the real pre-commit framework.

pre-commit installs officectl from a git repository into an environment of its
own (pip, from PyPI for the dependencies), so the project's current files are
committed into a temporary repository first. A records repository then refers to
it in ``.pre-commit-config.yaml``, ``pre-commit install`` sets up its git hook,
and real ``git commit`` runs are refused or let through. (``pre-commit try-repo``
would install the environment a second time, into a store of its own: the one
install here is most of the test's time.)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import GIT_ENV, PROJECT, TODAY, RunCli, git, make_repo

HOOKS = PROJECT / ".pre-commit-hooks.yaml"


def test_manifest_is_valid_for_pre_commit() -> None:
    from pre_commit.clientlib import load_manifest

    hooks = {hook["id"]: hook for hook in load_manifest(str(HOOKS))}
    assert set(hooks) == {"officectl-validate", "officectl-fmt", "officectl-audit"}
    assert hooks["officectl-fmt"]["entry"] == "officectl fmt --check"
    assert hooks["officectl-fmt"]["pass_filenames"] is True
    for hook in hooks.values():
        assert hook["language"] == "python"
    for name in ("officectl-validate", "officectl-fmt"):
        assert hooks[name]["files"] == r"^records/.*\.ya?ml$"
    assert hooks["officectl-audit"]["stages"] == ["pre-push"]


def test_init_hooks_match_the_manifests() -> None:
    """The hooks ``init`` writes are the manifest's, run from PATH: one behaviour."""
    from officectl.scaffold.files import PRE_COMMIT_CONFIG

    shipped = {hook["id"]: hook for hook in yaml.safe_load(HOOKS.read_text("utf-8"))}
    (local,) = yaml.safe_load(PRE_COMMIT_CONFIG)["repos"]
    for hook in local["hooks"]:
        assert hook["entry"] == shipped[hook["id"]]["entry"]
        assert hook["language"] == "system"
        defaults = {
            "files": "",
            "pass_filenames": True,
            "always_run": False,
            "require_serial": False,
        }
        for key, default in defaults.items():
            assert hook.get(key, default) == shipped[hook["id"]].get(key, default), key
        assert hook["stages"] == shipped[hook["id"]].get("stages", ["pre-commit"])


def project_clone(target: Path) -> Path:
    """The project as it is now (committed or not) in a fresh git repository."""
    target.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    shutil.copytree(PROJECT / "src", target / "src", ignore=ignore)
    for name in (
        "pyproject.toml",
        "README.md",
        ".pre-commit-hooks.yaml",
        "LICENSE",
        "CHANGELOG.md",
    ):
        if (PROJECT / name).is_file():
            shutil.copy(PROJECT / name, target / name)
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-qm", "officectl as tested")
    return target


def pre_commit(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=900,
    )


def edit(root: Path, relpath: str, old: str, new: str) -> None:
    path = root / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_hooks_block_a_bad_commit_and_pass_a_good_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "pre-commit-home"))
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    hooks = project_clone(tmp_path / "officectl")
    rev = git(hooks, "rev-parse", "HEAD").strip()
    books = make_repo(tmp_path / "books")
    edit(books, "records/customers/CUS-0012.yaml", "name: ", "fax: '+420 1'\nname: ")
    (books / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n"
        "      - id: officectl-validate\n      - id: officectl-fmt\n",
        encoding="utf-8",
    )
    git(books, "add", "-A")
    git(books, "commit", "-qm", "an old problem, and the hooks")

    # The installed git hook refuses the commit ...
    installed = pre_commit(books, "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    edit(books, "records/deals/DEAL-0001.yaml", "stage: ", "stage: wonn\nx_stage: ")
    git(books, "add", "records/deals/DEAL-0001.yaml")
    refused = commit(books, "a broken deal")
    assert refused.returncode == 1
    assert "officectl validate (changed records)....Failed" in _dots(refused.stdout)
    assert "records/deals/DEAL-0001.yaml:4:8: error invalid-value:" in refused.stdout
    assert "CUS-0012" not in refused.stdout
    assert git(books, "rev-list", "--count", "HEAD").strip() == "2"

    # ... and lets the fixed one through, older problems elsewhere notwithstanding.
    edit(books, "records/deals/DEAL-0001.yaml", "stage: wonn\nx_stage: ", "stage: ")
    edit(books, "records/deals/DEAL-0001.yaml", "title: ", "title: Renamed — ")
    git(books, "add", "records/deals/DEAL-0001.yaml")
    accepted = commit(books, "a good change")
    assert accepted.returncode == 0, accepted.stdout
    assert "officectl validate (changed records)....Passed" in _dots(accepted.stdout)
    assert "officectl fmt --check....Passed" in _dots(accepted.stdout)
    assert git(books, "rev-list", "--count", "HEAD").strip() == "3"

    # A valid record out of the canonical layout is refused by the fmt hook alone.
    customer = books / "records/customers/CUS-0001.yaml"
    name, country, rest = customer.read_text(encoding="utf-8").split("\n", 2)
    assert name.startswith("name: ") and country.startswith("country: ")
    customer.write_text(f"{country}\n{name}\n{rest}", encoding="utf-8")
    git(books, "add", "records/customers/CUS-0001.yaml")
    unformatted = commit(books, "keys out of order")
    assert unformatted.returncode == 1
    assert "officectl validate (changed records)....Passed" in _dots(unformatted.stdout)
    assert "officectl fmt --check....Failed" in _dots(unformatted.stdout)
    assert "records/customers/CUS-0001.yaml" in unformatted.stdout


def commit(root: Path, message: str) -> subprocess.CompletedProcess[str]:
    """``git commit``, which runs the installed hook; its output is all in ``stdout``."""
    return subprocess.run(
        ["git", "commit", "-m", message],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **GIT_ENV},
        timeout=900,
    )


def _dots(output: str) -> str:
    return re.sub(r"\.{4,}", "....", output)


def test_init_writes_local_hooks_that_run_the_installed_officectl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: RunCli
) -> None:
    """No tag, no download: ``init``'s ``.pre-commit-config.yaml`` runs the officectl on
    PATH. A repository's very first commit passes; a bad record fails ``pre-commit run
    --all-files`` and a good one passes; an edit to an issued invoice stops the push."""
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "pre-commit-home"))
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    books = tmp_path / "books"
    assert (
        run_cli(
            tmp_path, "init", str(books), "--today", TODAY, "--install-source", str(PROJECT)
        ).exit_code
        == 0
    )
    from pre_commit.clientlib import load_config

    config = load_config(str(books / ".pre-commit-config.yaml"))
    (local,) = config["repos"]
    assert local["repo"] == "local"
    hooks = {hook["id"]: hook for hook in local["hooks"]}
    assert set(hooks) == {"officectl-validate", "officectl-fmt", "officectl-audit"}
    assert {hook["language"] for hook in hooks.values()} <= {"system", "unsupported"}
    assert hooks["officectl-audit"]["stages"] == ["pre-push"]
    git(books, "init", "-q")
    installed = pre_commit(books, "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert (books / ".git/hooks/pre-commit").is_file()
    assert (books / ".git/hooks/pre-push").is_file()

    git(books, "add", "-A")
    first = commit(books, "a records repository")  # no HEAD yet: everything is new
    assert first.returncode == 0, first.stdout
    assert "officectl validate (changed records)....Passed" in _dots(first.stdout)

    # pre-commit run --all-files: a bad record fails, the fixed one passes.
    edit(books, "records/deals/DEAL-0001.yaml", "stage: ", "stage: wonn\nx_stage: ")
    bad = pre_commit(books, "run", "--all-files")
    assert bad.returncode == 1
    assert "officectl validate (changed records)....Failed" in _dots(bad.stdout)
    assert "records/deals/DEAL-0001.yaml:" in bad.stdout and "invalid-value" in bad.stdout
    edit(books, "records/deals/DEAL-0001.yaml", "stage: wonn\nx_stage: ", "stage: ")
    good = pre_commit(books, "run", "--all-files")
    assert good.returncode == 0, good.stdout
    assert "officectl fmt --check....Passed" in _dots(good.stdout)

    # pre-push: the first push audits all history; an edit to an issued invoice in
    # the commits being pushed stops the push.
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(books, "remote", "add", "origin", str(remote))
    assert run_cli(books, "invoice", "issue", "INV-DRAFT-0001", "--date", TODAY).exit_code == 0
    git(books, "add", "-A")
    assert commit(books, "the first invoice").returncode == 0
    pushed = push(books, "-u", "origin", "main")
    assert pushed.returncode == 0, pushed.stdout
    assert "officectl audit (the commits being pushed)....Passed" in _dots(pushed.stdout)
    invoice = "records/invoices/INV-2026-0001.yaml"
    edit(books, invoice, "unit_price: ", "unit_price: 1")
    git(books, "add", invoice)
    assert commit(books, "an issued invoice edited").returncode == 0  # valid, so committed
    refused = push(books)
    assert refused.returncode != 0
    assert "officectl audit (the commits being pushed)....Failed" in _dots(refused.stdout)
    assert invoice in refused.stdout
    assert git(remote, "rev-parse", "main") != git(books, "rev-parse", "HEAD")
    assert pre_commit(books, "run", "--hook-stage", "pre-push", "--all-files").returncode == 1


def push(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``git push``, which runs the installed pre-push hook; all output in ``stdout``."""
    return subprocess.run(
        ["git", "push", "-q", *args],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **GIT_ENV},
        timeout=900,
    )
