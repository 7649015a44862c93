"""The README's "Your own company" walkthrough works as printed.

Its console block is run line by line in a real shell with the installed
``officectl`` on PATH, each command's output compared with the lines the README
shows under it; then the repository it leaves is checked as CI checks it, and the
money is recomputed from the commands' own figures. The credit-note example of the
README is dropped into that repository and must validate and settle its invoice.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml

from conftest import GIT_ENV, PROJECT

README = (PROJECT / "README.md").read_text(encoding="utf-8")
MARK = "@@officectl-walkthrough@@"
CENT = Decimal("0.01")


def section(title: str) -> str:
    """The README from the heading ``title`` to the next heading (outside code)."""
    lines = README[README.index(f"\n{title}\n") + 1 :].splitlines(keepends=True)
    fenced = False
    for count, line in enumerate(lines[1:], start=1):
        fenced ^= line.startswith("```")
        if not fenced and re.match(r"#{1,4} ", line):
            return "".join(lines[:count])
    return "".join(lines)


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


def walkthrough() -> list[tuple[str, list[str]]]:
    """(command, the output lines the README shows for it), in order."""
    steps: list[tuple[str, list[str]]] = []
    lines = iter(blocks(section("## Your own company"), "console")[0].splitlines())
    for line in lines:
        if line.startswith("$ "):
            command = line[2:]
            while command.endswith("\\"):
                command = command[:-1] + next(lines).strip()
            steps.append((command, []))
        elif line.strip():
            steps[-1][1].append(line)
    return steps


def run_walkthrough(workdir: Path) -> list[str]:
    """Run every command in one bash (``set -e``: a failing command stops it); the
    output of each command, stdout and stderr together."""
    script = "set -e\n" + "".join(f"echo {MARK}\n{command}\n" for command, _ in walkthrough())
    env = {
        **os.environ,
        **GIT_ENV,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    done = subprocess.run(
        ["bash", "-c", script],
        cwd=workdir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=600,
    )
    outputs = done.stdout.split(f"{MARK}\n")[1:]
    assert done.returncode == 0, f"failed at: {walkthrough()[len(outputs) - 1][0]}\n" + (
        outputs[-1] if outputs else done.stdout
    )
    return outputs


@pytest.fixture(scope="module")
def company(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    workdir = tmp_path_factory.mktemp("walkthrough")
    return workdir / "acme-books", run_walkthrough(workdir)


def test_the_walkthrough_covers_a_new_company_from_init_to_commit() -> None:
    commands = [command for command, _ in walkthrough()]
    for expected in (
        "officectl init ",
        "officectl new customer",
        "officectl deal won",
        "officectl new contract",
        "officectl invoice issue",
        "officectl invoice pay",
        "officectl render",
        "officectl export finance",
        "git commit",
    ):
        assert any(
            command.startswith(expected) or f" {expected}" in command for command in commands
        ), expected


def test_every_command_prints_what_the_readme_shows(company: tuple[Path, list[str]]) -> None:
    _, outputs = company
    steps = walkthrough()
    assert len(outputs) == len(steps)
    for (command, shown), output in zip(steps, outputs, strict=True):
        printed = output.splitlines()
        for line in shown:
            assert line in printed, f"{command}\nREADME: {line}\nprinted:\n{output}"


def test_the_committed_repository_passes_ci_and_the_books_add_up(
    company: tuple[Path, list[str]],
) -> None:
    root, _ = company
    env = {**os.environ, **GIT_ENV}
    status = subprocess.run(
        ["git", "status", "--porcelain"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert status.stdout == ""  # everything committed; reports/ is ignored
    officectl = str(Path(sys.executable).parent / "officectl")
    for check in (["fmt", "--check"], ["audit"], ["validate", "--strict", "--today", "2026-12-04"]):
        done = subprocess.run([officectl, *check], cwd=root, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
    assert (root / "reports/INV-2026-0001.pdf").read_bytes().startswith(b"%PDF")
    assert (root / "reports/finance-2026-12.xlsx").is_file()

    # The payment the README records is the invoice's total, recomputed here from the
    # contract's billing amount and VAT rate as the README sets them.
    command = next(c for c, _ in walkthrough() if c.startswith("officectl new contract"))
    amount = Decimal(re.search(r"billing\.amount=([\d.]+)", command)[1])  # type: ignore[index]
    rate = Decimal(re.search(r"billing\.vat_rate=([\d.]+)", command)[1])  # type: ignore[index]
    total = amount + (amount * rate / 100).quantize(CENT, ROUND_HALF_UP)
    pay = next(c for c, _ in walkthrough() if c.startswith("officectl invoice pay"))
    assert Decimal(re.search(r"--amount ([\d.]+)", pay)[1]) == total  # type: ignore[index]
    invoice = yaml.safe_load((root / "records/invoices/INV-2026-0001.yaml").read_text())
    assert invoice["status"] == "paid"


def test_the_credit_note_example_validates_and_settles(
    company: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """The README's credit note, in a copy of the walkthrough's repository with the
    invoice it corrects (issued as the README says it was)."""
    import shutil

    root = tmp_path / "books"
    shutil.copytree(company[0], root)
    officectl = str(Path(sys.executable).parent / "officectl")

    def run(*args: str) -> str:
        done = subprocess.run([officectl, *args], cwd=root, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    text = section("#### Credit notes")
    story = re.search(r"INV-2026-0002 billed (\d+) days of training at ([\d.]+)", text)
    assert story is not None
    days, price = int(story[1]), Decimal(story[2])
    run(
        "new",
        "invoice",
        "--set",
        "customer=CUS-0001",
        "--set",
        "lines.0.description=Training",
        "--set",
        f"lines.0.quantity={days}",
        "--set",
        "lines.0.unit=day",
        "--set",
        f"lines.0.unit_price={price}",
        "--set",
        "lines.0.vat_rate=23",
    )
    run("invoice", "issue", "INV-DRAFT-0001", "--date", "2026-12-02")
    (note_text,) = [b for b in blocks(text, "yaml") if "credit_note_for" in b]
    path = re.search(r"# (records/invoices/\S+\.yaml)", note_text)
    assert path is not None
    (root / path[1]).write_text(note_text, encoding="utf-8")
    run("validate", "--strict", "--today", "2026-12-04")

    note = yaml.safe_load(note_text)
    assert note["credit_note_for"] == "INV-2026-0002"
    credited = sum(
        (Decimal(str(line["quantity"])) * Decimal(str(line["unit_price"]))).quantize(
            CENT, ROUND_HALF_UP
        )
        for line in note["lines"]
    )
    assert credited < 0
    rate = Decimal(23)

    def gross(net: Decimal) -> Decimal:
        return net + (net * rate / 100).quantize(CENT, ROUND_HALF_UP)

    expected = gross((days * price).quantize(CENT)) + gross(credited)
    listed = json.loads(
        run(
            "list",
            "invoices",
            "--where",
            "id=INV-2026-0002",
            "--columns",
            "id,balance",
            "--format",
            "json",
        )
    )
    assert Decimal(listed[0]["balance"]) == expected
    assert f"= {expected:,.2f} EUR" in " ".join(text.split())


def test_the_ci_workflow_passes_on_the_first_push(
    company: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """Every step of the workflow ``init`` wrote that runs on a push, run as the runner
    runs it (bash -e), on the walkthrough's repository; ``pip`` is a stand-in that
    checks the requirements file names officectl (the officectl on PATH is this one)."""
    import shutil

    root = tmp_path / "acme-books"
    shutil.copytree(company[0], root)
    requirements = root / ".officectl/requirements.txt"
    if not any(
        line.strip() and not line.startswith("#")
        for line in requirements.read_text("utf-8").splitlines()
    ):
        # init could not tell where this (development) install came from: the README
        # tells the user to fill it in before the first push.
        with requirements.open("a", encoding="utf-8") as file:
            file.write(f"officectl @ {PROJECT.as_uri()}\n")
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "pip").write_text('#!/bin/sh\ngrep -q "^officectl" "$3"\n', "utf-8")
    (fake / "pip").chmod(0o755)
    env = {
        **os.environ,
        **GIT_ENV,
        "BEFORE": "0" * 40,
        "PATH": f"{fake}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    workflow = yaml.safe_load((root / ".github/workflows/officectl.yml").read_text("utf-8"))
    ran = []
    for step in workflow["jobs"]["records"]["steps"]:
        if "run" not in step or "pull_request" in step.get("if", ""):
            continue
        done = subprocess.run(
            ["bash", "-e", "-c", step["run"]], cwd=root, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, (step["run"], done.stdout, done.stderr)
        ran.append(step["run"])
    assert len(ran) >= 5  # install, validate, fmt, audit, export
    upload = next(
        step
        for step in workflow["jobs"]["records"]["steps"]
        if step.get("uses", "").startswith("actions/upload-artifact@")
    )
    assert (root / upload["with"]["path"]).is_file()
