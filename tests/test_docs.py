"""Docs, help and registries agree: every command is documented and has examples, every
problem code the code can emit is registered and explained in the README."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conftest import PROJECT
from officectl.cli import COMMANDS, cli
from officectl.problem_codes import CODES

README = (PROJECT / "README.md").read_text(encoding="utf-8")
SOURCES = sorted((PROJECT / "src" / "officectl").rglob("*.py"))
_CODE = re.compile(r"[a-z]+(-[a-z0-9]+)*")
_SEVERITIES = {"error", "warning"}
_EMITTERS = {"error", "warning", "LoadError", "Problem", "_report"}
_DYNAMIC = {
    "invalid-iban",
    "invalid-bic",
    "invalid-vat-id",
    "invalid-company-id",
    "invalid-pattern",
}
"""Codes config.py builds as f"invalid-{name}" for the company's identifiers, or
returns for its caller to emit (an extra field's declaration)."""


def _emitted_codes() -> set[str]:
    codes: set[str] = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name not in _EMITTERS:
                continue
            codes |= {
                arg.value
                for arg in node.args
                if isinstance(arg, ast.Constant)
                and isinstance(arg.value, str)
                and _CODE.fullmatch(arg.value)
                and arg.value not in _SEVERITIES
            }
    return codes


def test_every_emitted_code_is_registered() -> None:
    emitted = _emitted_codes()
    assert len(emitted) > 40  # the scan itself works
    assert emitted - set(CODES) == set()
    assert set(CODES) - emitted - _DYNAMIC == set(), "registered codes nothing emits"


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_is_in_the_readme(code: str) -> None:
    assert f"`{code}`" in README


def _commands() -> list[tuple[str, click.Command]]:
    found = []
    for name in COMMANDS:
        command = cli.get_command(click.Context(cli), name)
        assert command is not None, name
        if isinstance(command, click.Group):
            found += [(f"{name} {sub}", command.commands[sub]) for sub in command.commands]
        else:
            found.append((name, command))
    return found


@pytest.mark.parametrize(("name", "command"), _commands(), ids=lambda v: str(v))
def test_every_command_has_help_with_examples_and_readme_mention(
    name: str,
    command: click.Command,
) -> None:
    assert command.help and "Example" in command.help, f"{name}: --help needs examples"
    assert f"officectl {name}" in README, f"README does not show 'officectl {name}'"
    result = CliRunner().invoke(cli, [*name.split(), "--help"])
    assert result.exit_code == 0


def test_readme_quick_start_and_ci_agree() -> None:
    ci = (PROJECT / ".ci" / "run").read_text(encoding="utf-8")
    assert "tests/run-all" in ci and "bash tests/run-all" in README
    assert Path(PROJECT / "tests" / "run-all").read_text(encoding="utf-8").count("pytest") >= 1
