"""A new repository's CI installs officectl from the one setting ``init`` wrote.

officectl is on no package index: the workflow installs what
``.officectl/requirements.txt`` names, which ``init`` pins to where the running
officectl came from (or to ``--install-source``), and stops with a message naming
the file when that is unknown.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import PROJECT, TODAY, RunCli, git
from officectl.scaffold import install

REQUIREMENTS = ".officectl/requirements.txt"
SHA = "0123456789abcdef0123456789abcdef01234567"


def requirement_lines(root: Path) -> list[str]:
    """What pip installs from the file: its lines that are not comments or blank."""
    text = (root / REQUIREMENTS).read_text("utf-8")
    return [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def steps(root: Path) -> list[dict[str, Any]]:
    workflow = yaml.safe_load((root / ".github/workflows/officectl.yml").read_text("utf-8"))
    result: list[dict[str, Any]] = workflow["jobs"]["records"]["steps"]
    return result


def install_step(root: Path) -> str:
    script: str = next(step["run"] for step in steps(root) if "pip install" in step.get("run", ""))
    return script


def run_step(root: Path, script: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """The step's script as the runner runs it (bash), with a ``pip`` that records its
    arguments and the requirements it was given instead of downloading anything."""
    fake = tmp_path / "fake-bin"
    fake.mkdir(exist_ok=True)
    pip = fake / "pip"
    pip.write_text('#!/bin/sh\necho "$@" > "$PIP_LOG"\ncat "$3" >> "$PIP_LOG"\n', "utf-8")
    pip.chmod(pip.stat().st_mode | stat.S_IEXEC)
    env = {
        **os.environ,
        "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}",
        "PIP_LOG": str(tmp_path / "pip.log"),
    }
    return subprocess.run(
        ["bash", "-e", "-c", script], cwd=root, env=env, capture_output=True, text=True
    )


def test_the_workflow_installs_the_pinned_source_before_running_officectl(
    tmp_path: Path, run_cli: RunCli
) -> None:
    root = tmp_path / "books"
    source = "git+https://github.com/acme/officectl@v0.1.0"
    assert (
        run_cli(tmp_path, "init", str(root), "--today", TODAY, "--install-source", source).exit_code
        == 0
    )
    assert requirement_lines(root) == [f"officectl @ {source}"]

    all_steps = steps(root)
    runs = [step.get("run", "") for step in all_steps]
    at = next(i for i, run in enumerate(runs) if "pip install" in run)
    assert "pip install -r .officectl/requirements.txt" in runs[at]
    assert not any("officectl" in run.replace(REQUIREMENTS, "") for run in runs[:at])
    assert all(run.lstrip().startswith(("officectl", "if")) for run in runs[at + 1 :] if run)
    assert not any("pip install officectl" in run or "$OFFICECTL" in run for run in runs)
    python = next(
        step for step in all_steps if step.get("uses", "").startswith("actions/setup-python@")
    )
    assert python["with"]["cache-dependency-path"] == REQUIREMENTS

    done = run_step(root, runs[at], tmp_path)
    assert done.returncode == 0, done.stderr
    log = (tmp_path / "pip.log").read_text("utf-8")
    assert log.splitlines()[0] == f"install -r {REQUIREMENTS}"
    assert f"officectl @ {source}" in log.splitlines()


def test_without_a_known_source_ci_stops_with_a_message_naming_the_file(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        install, "running", lambda target: install.Pin(None, "installed from a local folder")
    )
    root = tmp_path / "books"
    result = run_cli(tmp_path, "init", str(root), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "CI cannot install officectl yet" in result.stderr
    assert str(root / REQUIREMENTS) in result.stderr
    assert requirement_lines(root) == []

    done = run_step(root, install_step(root), tmp_path)
    assert done.returncode == 1
    assert done.stdout.startswith(f"::error file={REQUIREMENTS},line=1,title=no install source::")
    assert "add one pip requirement for officectl" in done.stdout
    assert not (tmp_path / "pip.log").exists()  # pip never ran


@pytest.mark.parametrize(
    ("direct", "expected"),
    [
        (None, "officectl==0.1.0"),
        (
            {
                "url": "https://github.com/acme/officectl",
                "vcs_info": {"vcs": "git", "commit_id": SHA, "requested_revision": "main"},
            },
            f"officectl @ git+https://github.com/acme/officectl@{SHA}",
        ),
        (
            {
                "url": "https://x-access-token:s3cret@github.com/acme/officectl",
                "vcs_info": {"vcs": "git", "commit_id": SHA},
            },
            f"officectl @ git+https://github.com/acme/officectl@{SHA}",
        ),
        (
            {
                "url": "ssh://git@git.acme.example/tools/mono.git",
                "subdirectory": "officectl",
                "vcs_info": {"vcs": "git", "commit_id": SHA},
            },
            f"officectl @ git+ssh://git@git.acme.example/tools/mono.git@{SHA}"
            "#subdirectory=officectl",
        ),
        (
            {
                "url": "https://files.acme.example/officectl-0.1.0-py3-none-any.whl",
                "archive_info": {"hashes": {"sha256": "ab" * 32}},
            },
            "officectl @ https://files.acme.example/officectl-0.1.0-py3-none-any.whl"
            f"#sha256={'ab' * 32}",
        ),
    ],
)
def test_the_default_source_is_where_the_running_officectl_came_from(
    tmp_path: Path, direct: dict[str, Any] | None, expected: str
) -> None:
    pin = install.from_direct_url(direct, "0.1.0", tmp_path / "books")
    assert pin.requirement == expected
    assert "s3cret" not in pin.origin


def clone(tmp_path: Path, remote: str, *, pushed: bool) -> tuple[Path, str]:
    """A git clone of officectl whose ``origin`` is ``remote``; its commit is on the
    remote (a remote-tracking branch has it) when ``pushed``."""
    folder = tmp_path / "officectl"
    folder.mkdir()
    (folder / "pyproject.toml").write_text("[project]\nname = 'officectl'\n", "utf-8")
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "officectl")
    git(folder, "remote", "add", "origin", remote)
    commit = git(folder, "rev-parse", "HEAD").strip()
    if pushed:
        git(folder, "update-ref", "refs/remotes/origin/main", commit)
    return folder, commit


@pytest.mark.parametrize(
    ("remote", "url"),
    [
        (
            "https://x-access-token:s3cret@github.com/acme/officectl.git",
            "https://github.com/acme/officectl.git",
        ),
        ("git@github.com:acme/officectl.git", "https://github.com/acme/officectl.git"),
    ],
)
def test_an_install_from_a_published_clone_pins_its_commit(
    tmp_path: Path, remote: str, url: str
) -> None:
    folder, commit = clone(tmp_path, remote, pushed=True)
    pin = install.from_direct_url(
        {"url": folder.as_uri(), "dir_info": {"editable": True}}, "0.1.0", tmp_path / "books"
    )
    assert pin.requirement == f"officectl @ git+{url}@{commit}"
    assert "s3cret" not in pin.origin


def test_an_unpushed_clone_or_a_plain_folder_is_no_source(tmp_path: Path) -> None:
    folder, _ = clone(tmp_path, "https://github.com/acme/officectl.git", pushed=False)
    for direct in (
        {"url": folder.as_uri(), "dir_info": {"editable": True}},
        {"url": (tmp_path / "nowhere").as_uri(), "dir_info": {}},
        {"url": (tmp_path / "officectl-0.1.0.whl").as_uri(), "archive_info": {}},
    ):
        pin = install.from_direct_url(direct, "0.1.0", tmp_path / "books")
        assert pin.requirement is None
        assert "0.1.0" in pin.origin


def test_install_source_takes_a_requirement_a_url_or_a_path(
    tmp_path: Path, run_cli: RunCli
) -> None:
    wheel = tmp_path / "books/vendor/officectl-0.1.0-py3-none-any.whl"
    wheel.parent.mkdir(parents=True)
    wheel.write_bytes(b"PK")
    outside = tmp_path / "officectl"
    outside.mkdir()
    (outside / "pyproject.toml").write_text("[project]\nname = 'officectl'\n", "utf-8")
    for source, expected in (
        ("officectl==0.1.0", "officectl==0.1.0"),
        (
            f"officectl @ git+https://github.com/acme/officectl@{SHA}",
            f"officectl @ git+https://github.com/acme/officectl@{SHA}",
        ),
        (
            "https://files.acme.example/officectl-0.1.0-py3-none-any.whl",
            "officectl @ https://files.acme.example/officectl-0.1.0-py3-none-any.whl",
        ),
        (str(wheel), "./vendor/officectl-0.1.0-py3-none-any.whl"),
        (str(outside), f"officectl @ {outside.as_uri()}"),
    ):
        root = tmp_path / "books"
        for written in ("officectl.yaml", REQUIREMENTS):
            (root / written).unlink(missing_ok=True)
        result = run_cli(tmp_path, "init", str(root), "--today", TODAY, "--install-source", source)
        assert result.exit_code == 0, result.output  # the rest is the same: a re-run
        assert requirement_lines(root) == [expected], source
        assert "CI cannot install" not in result.stderr


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("requests==2.32.0", "names the package 'requests', not officectl"),
        ("./no/such/folder", "no officectl there"),
        ("https://bob:hunter2@git.acme.example/officectl.whl", "holds a password"),
        ("git+https://bob:hunter2@github.com/acme/officectl@v1", "holds a password"),
        ("officectl==0.1.0\n--index-url https://evil.example", "must be one line"),
    ],
)
def test_a_bad_install_source_is_a_usage_error(
    tmp_path: Path, run_cli: RunCli, source: str, message: str
) -> None:
    result = run_cli(tmp_path, "init", str(tmp_path / "books"), "--install-source", source)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "books").exists()


def test_a_variable_in_place_of_a_token_is_accepted(tmp_path: Path, run_cli: RunCli) -> None:
    source = "git+https://${GITHUB_TOKEN}@github.com/acme/officectl@v0.1.0"
    assert (
        run_cli(
            tmp_path, "init", str(tmp_path / "books"), "--today", TODAY, "--install-source", source
        ).exit_code
        == 0
    )
    assert requirement_lines(tmp_path / "books") == [f"officectl @ {source}"]


@pytest.mark.slow
def test_the_requirements_file_installs_officectl_into_a_fresh_venv(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """What CI does, for real: a new venv, ``pip install -r`` the file ``init`` wrote
    (here pointing at this project's folder), then the installed officectl checks the
    new repository. Needs the package index for the dependencies (slow: run with
    ``-m slow``)."""
    root = tmp_path / "books"
    assert (
        run_cli(
            tmp_path, "init", str(root), "--today", TODAY, "--install-source", str(PROJECT)
        ).exit_code
        == 0
    )
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    done = subprocess.run(
        [str(venv / "bin/pip"), "install", "-q", "-r", REQUIREMENTS],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert done.returncode == 0, done.stderr
    checked = subprocess.run(
        [str(venv / "bin/officectl"), "validate", "--strict", "--today", TODAY],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    assert "5 records checked: 0 errors, 0 warnings" in checked.stderr


def test_the_running_install_is_read_from_its_own_metadata(tmp_path: Path) -> None:
    """Whatever this test environment installed officectl from, the pin is consistent
    with its PEP 610 record (no crash, no credential, the version named)."""
    import json
    from importlib.metadata import distribution

    dist = distribution("officectl")
    recorded = dist.read_text("direct_url.json")
    pin = install.running(tmp_path)
    assert pin == install.from_direct_url(
        json.loads(recorded) if recorded else None, dist.version, tmp_path
    )
    assert dist.version in pin.origin or (pin.requirement or "").endswith(dist.version)
