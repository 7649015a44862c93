"""A mistake in a kind's definition is a configuration error at its place in
officectl.yaml (exit 2), never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import RunCli, make_repo

TICKET = r"""kinds:
  tickets:
    singular: ticket
    id_pattern: 'TIC-\d{4,}'
    fields:
      title: {type: str, required: true}
"""
CASES = {
    "unknown type": (
        "  notes_kind:\n    singular: note\n    id_pattern: 'NTE-\\d+'\n    fields:\n"
        "      body: {type: strng}\n",
        "strng",
        "invalid-value",
        "type must be one of str, int, decimal, bool, date, email, ref, list; got 'strng'; "
        "did you mean 'str'?",
    ),
    "ref to a kind that does not exist": (
        "  notes_kind:\n    singular: note\n    id_pattern: 'NTE-\\d+'\n    fields:\n"
        "      about: {type: ref, kind: clients}\n",
        "clients",
        "unknown-kind",
        "kind 'clients' does not exist; kinds: customers, deals, staff, contracts, invoices, "
        "tickets, notes_kind",
    ),
    "a built-in kind's name": (
        "  customers:\n    singular: client\n    id_pattern: 'CLI-\\d+'\n    fields: {}\n",
        "customers:",
        "kind-clash",
        "kind 'customers' is built in; choose another name",
    ),
    "another kind's singular": (
        "  offers:\n    singular: deal\n    id_pattern: 'OFF-\\d+'\n    fields: {}\n",
        "deal\n",
        "kind-clash",
        "singular 'deal' is already the deals kind's name",
    ),
    "another kind's singular as its name": (
        "  customer:\n    singular: client\n    id_pattern: 'CLI-\\d+'\n    fields: {}\n",
        "customer:",
        "kind-clash",
        "kind 'customer' is already the singular of customers",
    ),
    "a pattern overlapping a built-in one": (
        "  accounts:\n    singular: account\n    id_pattern: 'CUS-\\d{5,}'\n    fields: {}\n",
        "'CUS-",
        "kind-clash",
        "id_pattern CUS-\\d{5,} overlaps the customers kind's IDs "
        "(CUS-12345 would be both); give it a prefix of its own",
    ),
    "a pattern overlapping another defined kind's": (
        "  tasks:\n    singular: task\n    id_pattern: 'TIC-\\d{5,}'\n    fields: {}\n",
        "'TIC-\\d{5",
        "kind-clash",
        "id_pattern TIC-\\d{5,} overlaps the tickets kind's IDs (TIC-12345 would be both)",
    ),
    "a bad regular expression": (
        "  tasks:\n    singular: task\n    id_pattern: 'TSK-(\\d+'\n    fields: {}\n",
        "'TSK-",
        "invalid-pattern",
        "id_pattern is not a usable regular expression: "
        "missing ), unterminated subpattern at position 4",
    ),
    "a backreference, which RE2 does not run": (
        "  tasks:\n    singular: task\n    id_pattern: '(T)\\1-\\d{4,}'\n    fields: {}\n",
        "'(T)",
        "invalid-pattern",
        "id_pattern is not a usable regular expression: ",
    ),
    "a folder name that is not a plain name": (
        "  ../outside:\n    singular: thing\n    id_pattern: 'THG-\\d+'\n    fields: {}\n",
        "../outside",
        "invalid-value",
        "kind name '../outside' is not a plain folder name",
    ),
    "an unknown key": (
        "  tasks:\n    singular: task\n    id_pattern: 'TSK-\\d+'\n    fields: {}\n"
        "    colums: [id]\n",
        "colums",
        "unknown-field",
        "unknown field 'colums'; did you mean 'columns'?",
    ),
    "unique names no field": (
        "  tasks:\n    singular: task\n    id_pattern: 'TSK-\\d+'\n"
        "    fields:\n      code: {type: str}\n    unique: [cod]\n",
        "cod]",
        "unknown-field",
        "unique: the kind has no field 'cod' (fields: code)",
    ),
    "a default outside the enum": (
        "  tasks:\n    singular: task\n    id_pattern: 'TSK-\\d+'\n    fields:\n"
        "      state: {type: str, enum: [open, done], default: maybe}\n",
        "maybe",
        "invalid-value",
        "state must be one of open, done; got 'maybe'",
    ),
    "no id_pattern": (
        "  tasks:\n    singular: task\n    fields: {}\n",
        "singular: task",
        "missing-field",
        "missing required field 'id_pattern'",
    ),
}


def position(text: str, needle: str, after: str) -> tuple[int, int]:
    """1-based line and column of ``needle``'s first occurrence after ``after``."""
    offset = text.index(needle, text.index(after))
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


@pytest.mark.parametrize("case", list(CASES))
def test_definition_error_at_its_line(case: str, tmp_path: Path, run_cli: RunCli) -> None:
    snippet, needle, code, message = CASES[case]
    root = make_repo(tmp_path / "books", with_git=False)
    config = root / "officectl.yaml"
    base = config.read_text("utf-8").split("\nkinds:")[0]
    text = f"{base}\n{TICKET}{snippet}"
    config.write_text(text, "utf-8")
    # (a missing field is reported at the start of the mapping that lacks it)
    line, column = position(text, needle, TICKET.splitlines()[-1])
    result = run_cli(root, "validate")
    assert result.exit_code == 2
    assert f"officectl.yaml:{line}:{column}: {code}: {message}" in result.stderr, result.stderr
    assert "Traceback" not in result.output
    for command in (("list", "customers"), ("show", "CUS-0001")):
        assert run_cli(root, *command).exit_code == 2


def test_a_ref_from_a_builtin_extra_field_to_a_missing_kind(
    tmp_path: Path, run_cli: RunCli
) -> None:
    root = make_repo(tmp_path / "books", with_git=False)
    config = root / "officectl.yaml"
    text = config.read_text("utf-8") + (
        "fields:\n  staff:\n    phone_kind: {type: ref, kind: phones}\n"
    )
    config.write_text(text, "utf-8")
    line = text.count("\n")
    column = text.splitlines()[-1].index("phones") + 1
    result = run_cli(root, "validate")
    assert result.exit_code == 2
    assert (
        f"officectl.yaml:{line}:{column}: unknown-kind: kind 'phones' does not exist"
        in result.stderr
    )
