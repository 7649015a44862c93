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

from conftest import GIT_ENV, PROJECT, git, make_repo

HOOKS = PROJECT / ".pre-commit-hooks.yaml"


def test_manifest_is_valid_for_pre_commit() -> None:
    from pre_commit.clientlib import load_manifest

    hooks = {hook["id"]: hook for hook in load_manifest(str(HOOKS))}
    assert set(hooks) == {"officectl-validate", "officectl-fmt"}
    assert hooks["officectl-fmt"]["entry"] == "officectl fmt --check"
    assert hooks["officectl-fmt"]["pass_filenames"] is True
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["files"] == r"^records/.*\.ya?ml$"


def project_clone(target: Path) -> Path:
    """The project as it is now (committed or not) in a fresh git repository."""
    target.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    shutil.copytree(PROJECT / "src", target / "src", ignore=ignore)
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "LICENSE",
                 "CHANGELOG.md"):
        if (PROJECT / name).is_file():
            shutil.copy(PROJECT / name, target / name)
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-qm", "officectl as tested")
    return target


def pre_commit(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=root,
                          capture_output=True, text=True, timeout=900)


def edit(root: Path, relpath: str, old: str, new: str) -> None:
    path = root / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_hooks_block_a_bad_commit_and_pass_a_good_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "pre-commit-home"))
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    hooks = project_clone(tmp_path / "officectl")
    rev = git(hooks, "rev-parse", "HEAD").strip()
    books = make_repo(tmp_path / "books")
    edit(books, "records/customers/CUS-0012.yaml", "name: ", "fax: '+420 1'\nname: ")
    (books / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n"
        "      - id: officectl-validate\n      - id: officectl-fmt\n", encoding="utf-8")
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
    return subprocess.run(["git", "commit", "-m", message], cwd=root, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, env={**os.environ, **GIT_ENV},
                          timeout=900)


def _dots(output: str) -> str:
    return re.sub(r"\.{4,}", "....", output)
