"""Every registered rule declares itself: a docstring, its codes, what it reads, and the
README's rule table is generated from those declarations."""

from __future__ import annotations

import ast
import inspect
import pickle
import re
import textwrap

import pytest

from conftest import PROJECT
from officectl import model
from officectl.checks import EVERY_KIND_RULES, RECORD_RULES, REPO_RULES, RULES
from officectl.checks.catalog import BEGIN, END, REGENERATE, with_rules_table
from officectl.config import load_config
from officectl.model import KINDS
from officectl.problem_codes import CODES
from officectl.rules import ANY_KIND, REFERENCES, UNIQUE, RecordRule, RepoRule, Rule
from officectl.validation import load_repository

_ID = re.compile(r"[a-z]+(-[a-z0-9]+)*")


def _derived_names() -> dict[str, set[str]]:
    """The ``Record.derived`` values each kind's records carry (the sample's)."""
    repo, _ = load_repository(load_config(PROJECT))
    names: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for record in repo.all():
        if record.kind in names:  # built-in kinds; a defined kind has no derived values
            names[record.kind] |= set(record.derived)
    return names


DERIVED = _derived_names()


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: getattr(rule, "id", repr(rule)))
def test_every_rule_declares_itself(rule: Rule) -> None:
    assert isinstance(rule, Rule), (
        f"{rule!r} is registered without declarations: wrap it in @record_rule(...) or "
        "@repo_rule(...) from officectl.rules"
    )
    assert _ID.fullmatch(rule.id), rule.id
    assert rule.doc.strip(), f"rule {rule.id} has no docstring (its documentation)"
    assert rule.codes, f"rule {rule.id} declares no problem codes"
    assert set(rule.codes) <= set(CODES), (
        f"rule {rule.id} declares codes not in problem_codes.py: "
        f"{sorted(set(rule.codes) - set(CODES))}"
    )
    assert rule.reads, f"rule {rule.id} declares no reads (the kinds it involves)"
    for kind, names in rule.reads.items():
        assert kind == ANY_KIND or kind in KINDS, f"rule {rule.id}: unknown kind {kind}"
        known = (
            {REFERENCES, UNIQUE, "id"}
            if kind == ANY_KIND
            else {spec.name for spec in KINDS[kind].fields} | DERIVED[kind] | {REFERENCES}
        )
        assert names <= known, f"rule {rule.id} reads {sorted(names - known)} of {kind}"


def test_rules_are_registered_once_by_shape() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids)), "two rules share an id"
    assert all(isinstance(rule, RecordRule) for rule in RECORD_RULES)
    assert all(isinstance(rule, RepoRule) for rule in REPO_RULES)


def test_a_kinds_own_record_rules_live_in_its_module_and_its_kind_lists_them() -> None:
    """A rule over one built-in kind's records alone is part of that kind's
    description: defined in ``model/<kind>.py`` and in its ``Kind.rules``; only the
    rules of every kind are listed in ``checks/``."""
    module_of = {m.KIND.name: m.__name__ for m in model.MODULES}
    for rule in EVERY_KIND_RULES:
        assert set(rule.reads) == {ANY_KIND}, rule.id
    for kind in KINDS.values():
        for rule in kind.rules:
            assert set(rule.reads) == {kind.name}, f"{kind.name} lists {rule.id}"
            assert rule.check.__module__ == module_of[kind.name], rule.id
    listed = [rule for kind in KINDS.values() for rule in kind.rules]
    assert len(set(listed)) == len(listed)
    assert set(RECORD_RULES) == {*EVERY_KIND_RULES, *listed}


def test_a_kind_pickles_with_its_rules() -> None:
    """A kind is rebuilt where it is unpickled (a worker, the cache); its rules come
    back as the very rule objects, found by name as functions are."""
    invoices = KINDS["invoices"]
    again = pickle.loads(pickle.dumps(invoices))
    assert again == invoices and hash(again) == hash(invoices)
    assert all(a is b for a, b in zip(again.rules, invoices.rules, strict=True))


def _codes_in(source: str) -> set[str]:
    """Problem codes given as a literal to an ``error``/``warning`` call in ``source``."""
    found = set()
    for node in ast.walk(ast.parse(textwrap.dedent(source))):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name in ("error", "warning"):
                found |= {
                    arg.value
                    for arg in node.args
                    if isinstance(arg, ast.Constant)
                    and isinstance(arg.value, str)
                    and arg.value in CODES
                }
    return found


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_every_code_a_rule_emits_is_declared(rule: Rule) -> None:
    check = rule.check  # type: ignore[attr-defined]
    emitted = _codes_in(inspect.getsource(check))
    module = inspect.getsource(inspect.getmodule(check))  # type: ignore[arg-type]
    # Codes of the module's private helpers go to the rules that declare them.
    helpers = {
        name
        for name in re.findall(r"^def (_\w+)", module, re.M)
        if re.search(rf"\b{name}\(", inspect.getsource(check))
    }
    tree = ast.parse(module)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in helpers:
            emitted |= _codes_in(ast.get_source_segment(module, node) or "")
    assert emitted <= set(rule.codes), (
        f"rule {rule.id} emits {sorted(emitted - set(rule.codes))} without declaring them"
    )


def test_every_code_of_every_rule_has_a_failing_case() -> None:
    """Each rule's tests (tests/test_checks_*.py, and the input bounds' and defined
    kinds' own modules) make it emit every code it declares."""
    files = [
        *sorted((PROJECT / "tests").glob("test_checks_*.py")),
        PROJECT / "tests/test_input_bounds.py",
        PROJECT / "tests/test_defined_kinds.py",
        PROJECT / "tests/test_einvoice_validate.py",
    ]
    tests = "".join(p.read_text(encoding="utf-8") for p in files)
    untested = {
        rule.id: [code for code in rule.codes if f'"{code}"' not in tests] for rule in RULES
    }
    assert {rule: codes for rule, codes in untested.items() if codes} == {}


def test_the_readme_rule_table_is_current() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert BEGIN in readme and END in readme
    assert with_rules_table(readme) == readme, (
        f"README.md's rule table is not current: run '{REGENERATE}' at the repository root"
    )
