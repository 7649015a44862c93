"""``officectl init``: a new repository that validates, formats, bills and checks in CI."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from ruamel.yaml import YAML

from conftest import PROJECT, TODAY, RunCli, git
from officectl.scaffold.files import WORKFLOW

LOCALES = ("cs_CZ", "fi_FI", "en_GB", "en_IE")


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("locale", LOCALES)
def test_a_new_repository_validates_and_is_canonical(
    tmp_path: Path, run_cli: RunCli, locale: str
) -> None:
    root = tmp_path / "books"
    result = run_cli(tmp_path, "init", str(root), "--locale", locale, "--today", TODAY)
    assert result.exit_code == 0, result.output
    files = tree(root)
    for kind, example in (
        ("customers", "CUS-0001"),
        ("deals", "DEAL-0001"),
        ("staff", "EMP-001"),
        ("contracts", "CON-2026-001"),
        ("invoices", "INV-DRAFT-0001"),
    ):
        assert f"records/{kind}/.gitkeep" in files
        assert f"records/{kind}/{example}.yaml" in files
    assert {
        ".gitignore",
        "officectl.yaml",
        "templates/README.md",
        ".github/workflows/officectl.yml",
        ".vscode/settings.json",
    } <= set(files)
    assert files[".gitignore"].decode().splitlines()[1:] == ["reports/", ".officectl-cache/"]
    checked = run_cli(root, "validate", "--strict", "--today", TODAY)
    assert checked.exit_code == 0, checked.output
    assert "5 records checked: 0 errors, 0 warnings" in checked.stderr
    assert run_cli(root, "fmt", "--check").exit_code == 0
    assert f"locale: {locale}" in files["officectl.yaml"].decode()


@pytest.mark.parametrize("locale", LOCALES)
def test_the_examples_work_with_the_workflows(tmp_path: Path, run_cli: RunCli, locale: str) -> None:
    root = tmp_path / "books"
    assert run_cli(tmp_path, "init", str(root), "--locale", locale, "--today", TODAY).exit_code == 0
    assert run_cli(root, "invoice", "recurring", "--period", "2026-11").stdout.startswith(
        "nothing to bill"
    )  # the example draft bills November
    issued = run_cli(root, "invoice", "issue", "INV-DRAFT-0001", "--date", TODAY)
    assert issued.exit_code == 0, issued.output
    assert (root / "records/invoices/INV-2026-0001.yaml").is_file()
    december = run_cli(root, "invoice", "recurring", "--period", "2026-12")
    assert december.stdout.startswith("INV-DRAFT-0001: CON-2026-001 2026-12")
    assert run_cli(root, "deal", "won", "DEAL-0001", "--date", TODAY).exit_code == 0
    assert run_cli(root, "validate", "--strict", "--today", TODAY).exit_code == 0


def test_the_ci_workflow_and_editor_settings(tmp_path: Path, run_cli: RunCli) -> None:
    root = tmp_path / "books"
    assert run_cli(tmp_path, "init", str(root), "--today", TODAY).exit_code == 0
    workflow = yaml.safe_load((root / ".github/workflows/officectl.yml").read_text("utf-8"))
    steps = workflow["jobs"]["records"]["steps"]
    commands = [step.get("run", "") for step in steps]
    assert any(c.startswith("officectl validate --format github") for c in commands)
    assert "officectl fmt --check" in commands
    assert 'officectl audit --since "origin/$BASE_REF" --format github' in commands
    assert workflow[True]["push"]["branches"] == ["main", "master"]  # YAML 1.1: on → True
    export = next(step for step in steps if "export finance" in step.get("run", ""))
    upload = next(
        step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@")
    )
    assert export["if"] == upload["if"] == "github.event_name == 'push'"
    assert upload["with"]["path"] in export["run"]
    assert steps[0]["with"]["fetch-depth"] == 0
    readme = (PROJECT / "README.md").read_text("utf-8")
    assert (root / ".github/workflows/officectl.yml").read_text("utf-8") in readme

    settings = json.loads((root / ".vscode/settings.json").read_text("utf-8"))
    schemas = settings["yaml.schemas"]
    for kind in ("customers", "deals", "staff", "contracts", "invoices"):
        assert schemas[f".officectl/schemas/{kind}.schema.json"][0] == (f"records/{kind}/**/*.yaml")
        assert (root / f".officectl/schemas/{kind}.schema.json").is_file()


def _editor_view(text: str) -> Any:
    """What a YAML 1.2 language server hands to the schema (dates as text)."""
    reader = YAML(typ="safe", pure=True)
    reader.version = (1, 2)
    data = reader.load(text)
    return {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in data.items()}


@pytest.mark.parametrize("locale", LOCALES)
def test_the_schemas_accept_the_examples(tmp_path: Path, run_cli: RunCli, locale: str) -> None:
    root = tmp_path / "books"
    assert run_cli(tmp_path, "init", str(root), "--locale", locale, "--today", TODAY).exit_code == 0
    for path in sorted((root / "records").rglob("*.yaml")):
        kind = path.relative_to(root / "records").parts[0]
        schema = json.loads((root / f".officectl/schemas/{kind}.schema.json").read_text())
        jsonschema.validate(_editor_view(path.read_text("utf-8")), schema)


def test_init_writes_the_same_bytes_for_the_same_day(tmp_path: Path, run_cli: RunCli) -> None:
    for name in ("one", "two"):
        assert (
            run_cli(
                tmp_path, "init", str(tmp_path / name), "--locale", "fi_FI", "--today", TODAY
            ).exit_code
            == 0
        )
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_init_overwrites_nothing(tmp_path: Path, run_cli: RunCli) -> None:
    root = tmp_path / "books"
    assert run_cli(tmp_path, "init", str(root), "--today", TODAY).exit_code == 0
    before = tree(root)
    again = run_cli(tmp_path, "init", str(root), "--today", TODAY)
    assert again.exit_code == 2
    assert "is a records repository already" in again.stderr
    assert tree(root) == before

    other = tmp_path / "other"
    (other / "templates").mkdir(parents=True)
    (other / "templates/README.md").write_text("mine\n", "utf-8")
    (other / ".gitignore").write_text("node_modules/\nreports/", "utf-8")
    clash = run_cli(tmp_path, "init", str(other), "--today", TODAY)
    assert clash.exit_code == 2
    assert "templates/README.md" in clash.stderr
    assert sorted(p.name for p in other.rglob("*")) == [".gitignore", "README.md", "templates"]
    (other / "templates/README.md").unlink()
    assert run_cli(tmp_path, "init", str(other), "--today", TODAY).exit_code == 0
    assert (other / ".gitignore").read_text("utf-8").splitlines() == [
        "node_modules/",
        "reports/",
        "# officectl output: documents and exports are made from the records, not kept",
        ".officectl-cache/",
    ]


def test_init_needs_a_folder(tmp_path: Path, run_cli: RunCli) -> None:
    target = tmp_path / "file"
    target.write_text("x", "utf-8")
    result = run_cli(tmp_path, "init", str(target))
    assert result.exit_code == 2
    assert run_cli(tmp_path, "init", str(tmp_path / "x"), "--locale", "de_DE").exit_code == 2


def test_the_workflows_push_audit_reports_a_bad_commit_once(sample_repo: Path) -> None:
    """The push step's script, run as GitHub runs it: the pushed commits are audited
    (an edit is caught); the next push, after it, is not failed by it again; a first
    push (no commit before) audits everything."""
    script = next(
        step["run"]
        for step in yaml.safe_load(WORKFLOW)["jobs"]["records"]["steps"]
        if "BEFORE" in step.get("run", "")
    )
    path = sample_repo / "records/invoices/2026/INV-2026-0010.yaml"
    before = git(sample_repo, "rev-parse", "HEAD").strip()
    path.write_text(
        path.read_text("utf-8").replace("unit_price: ", "unit_price: 1", 1), encoding="utf-8"
    )
    git(sample_repo, "commit", "-qam", "edit an issued invoice")
    bad = git(sample_repo, "rev-parse", "HEAD").strip()
    (sample_repo / "notes.txt").write_text("unrelated\n")
    git(sample_repo, "add", "notes.txt")
    git(sample_repo, "commit", "-qm", "a later push")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}

    def push(previous: str) -> int:
        return subprocess.run(
            ["bash", "-c", script],
            cwd=sample_repo,
            capture_output=True,
            env={**env, "BEFORE": previous},
        ).returncode

    assert push(before) == 1  # the push that brought the edit
    assert push(bad) == 0  # the next push
    assert push("0" * 40) == 1  # a first push: everything
