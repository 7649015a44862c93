"""The fast reader (rapidyaml, :mod:`officectl.yaml.rapid`) gives exactly the strict
reader's raw data, or steps aside.

Whatever text it answers for, its answer is what :func:`officectl.yaml.reading.load`
gives; where the strict reader refuses a text (a duplicate key, an alias, a control
character, a list at the top), the fast one never answers, so every refusal keeps
its message and position. Checked on every sample record, on a generated repository,
on hand-picked tricky texts, and on generated and mutated texts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import PROJECT, TODAY, RunCli, benchmark_generator
from officectl.yaml import rapid, reading
from yaml_values import values


def _strict(text: str) -> Any:
    try:
        return reading.load(text)
    except reading.LoadError as exc:
        return ("refused", exc.code, exc.message, exc.line, exc.column)


def _exact(value: Any) -> Any:
    """``value`` with its keys' order and its scalars' types spelled out: ``==`` on
    dictionaries ignores the order, which the records keep."""
    if isinstance(value, dict):
        return [(key, _exact(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [_exact(item) for item in value]
    return (type(value).__name__, value)


def _agree(text: str) -> Any:
    """The fast reader answers the strict reader's data or nothing; ``load(bulk=True)``
    answers exactly what ``load`` does, refusals included. Returns the fast answer."""
    strict = _strict(text)
    fast = rapid.load(text)
    if fast is not None:
        assert _exact(fast) == _exact(strict), text
    try:
        bulk: Any = reading.load(text, bulk=True)
    except reading.LoadError as exc:
        bulk = ("refused", exc.code, exc.message, exc.line, exc.column)
    assert _exact(bulk) == _exact(strict), text
    return fast


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated")
    benchmark_generator().generate(root, 300)
    return root


SAMPLE_TEXTS = [
    path.read_text(encoding="utf-8") for path in sorted(PROJECT.rglob("records/**/*.yaml"))
]


def test_every_sample_record_reads_the_same() -> None:
    for text in SAMPLE_TEXTS:
        _agree(text)


def test_generated_records_read_the_same_and_mostly_fast(generated: Path) -> None:
    paths = sorted((generated / "records").rglob("*.yaml"))
    answered = sum(_agree(path.read_text(encoding="utf-8")) is not None for path in paths)
    assert answered >= 0.9 * len(paths)  # the plain records a company keeps go fast


TRICKY = [
    "a: true\nb: True\nc: TRUE\nd: 'true'\ne: \"TRUE\"\nf: false\ng: False\n",
    "a: null\nb: Null\nc: ~\nd:\ne: '~'\nf: ''\ng: \"\"\nh: NULL\ni: 'null'\n",
    "a: 12\nb: +12\nc: 1e3\nd: .inf\ne: 012\nf: 0x1F\ng: -0\nh: 1.\ni: .5\nj: 1_000\n",
    "a: -.5\nb: -1.\nc: nan\nd: -inf\ne: .NaN\nf: 1.50\ng: 0.000000000001\n",
    "a: 14500.00\nb: 99999999999999999999999999.5\nc: 2026-11-25\nd: 12:30\n",
    "a: yes\nb: no\nc: on\nd: off\ne: NO\nf: y\n",
    "a: b: c\n",
    "a:b\n",
    "a: [1, 2,]\nb: {c: 1}\n",
    "a: x #c\nb: x#c\n# comment\nc: 'x # y'\n",
    "a: |\n  x\n  y\nb: >\n  x\n  y\nc: |-\n  z\n",
    'a: \'it\'\'s\'\nb: "q\\"x\\ty"\nc: "\\N\\_\\L\\P"\nd: "\\u00e9\\x41"\n',
    "a: plain\n  continued\n  again\nb: 'single\n  folded'\nc: \"double\n  folded\"\n",
    "a: 1\na: 2\n",
    "a:\n  b: 1\n  b: 2\n",
    'a: 1\n"a": 2\n',
    "- a\n",
    "a\n",
    "",
    "# only a comment\n",
    "a: \x01\n",
    "a: \x7f\n",
    "a: x\u2028y\n",
    "a: x\ufeffy\n",
    "? a\n: b\n",
    "[a]: b\n",
    ": x\n",
    "a: &x 1\nb: *x\n",
    "a: *x\n",
    "a: !!str 1\nb: !custom x\n",
    "a: 1\n---\nb: 2\n",
    "%YAML 1.2\n---\na: 1\n",
    "a: 1\n...\n",
    "a:\n  - b\n  -\n  - c\n",
    "\"a\": 1\n'b': 2\n",
    "a: é ü 中 🙂\n",
    "a: -\n",
    "a: - b\n",
    "a: 1\n b: 2\n",
    "a:\n\tb: 1\n",
    "a: 1\tb\n",
    "a:   \n",
    "a: x\r\nb: y\r\n",
    "1: a\nnull: b\n~: c\ntrue: d\n",
    "<<: {a: 1}\nb: 2\n",
    "a: @x\n",
    "a: `x\n",
    "a: x@y.example\n",
    "a: 50%\n",
    "a:\n- b: 1\n  c:\n  - d\n  - e: f\n",
    "- - - x\n",
    "a:\n  - - x\n",
    "".join(f"{'  ' * depth}k{depth}:\n" for depth in range(40)) + f"{'  ' * 40}x: 1\n",
    "a: " + "[" * 50 + "]" * 50 + "\n",
    "a: 'unclosed\n",
    'a: "unclosed\n',
    "a: x\n  - y\n",
    "a:\n  b\n  c: d\n",
    "a: >\n\n  x\n\n\n",
    "a: x \nb: 'y '  \n",
    "key with spaces: v\n'quoted key': w\n",
    "a: 1 # 2\nb: '1 # 2'\n",
    "a: -12\nb: - 12\n",
    "a: ' leading'\nb: \"trailing \"\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_texts_read_the_same(text: str) -> None:
    _agree(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: True\n",  # YAML 1.2 core: a boolean; rapidyaml's JSON: text
        "a: NULL\n",
        "a: ~\n",
        "a: .5\n",  # rapidyaml's JSON writes 0.5
        "a: 1.\n",  # … and 1.0: another Decimal exponent
        "a: inf\n",
        "a: 1\na: 2\n",  # a duplicate key: the strict reader says where
        "a: &x 1\nb: *x\n",
        "a: \x7f\n",
        "a:b\n",
        "",
    ],
)
def test_the_fast_reader_steps_aside(text: str) -> None:
    assert rapid.load(text) is None
    _agree(text)


_values = values("True", "NULL", "~", ".5", "1.", "-0", "+1", "1e3", "yes", "a: b", "# x")


@settings(max_examples=300, deadline=None)
@given(_values, st.booleans(), st.integers(min_value=2, max_value=6))
def test_generated_documents_read_the_same(value: Any, flow: bool, indent: int) -> None:
    text = yaml.safe_dump(
        {"top": value, "more": [value]}, default_flow_style=flow, allow_unicode=True, indent=indent
    )
    _agree(text)


_PIECES = [
    *" :-#'\"[]{},&*!|>?%@`\\\n\t.~0123456789aTNx_/é",
    "true",
    "True",
    "null",
    "NULL",
    "- ",
    "  ",
    ": ",
    "\n  ",
    "\n- ",
    "1.",
    "---",
    "...",
    "<<: ",
    "!!str ",
    ".inf",
    "0x",
    "\r\n",
    "\x7f",
    "\u2028",
    "\ufeff",
    "\x85",
    "\n      ",
]


@st.composite
def _mutated(draw: st.DrawFn) -> str:
    """A sample record with a few characters inserted, deleted or replaced, or a line
    repeated, re-indented or followed by a new one: the texts people mistype."""
    text = draw(st.sampled_from(SAMPLE_TEXTS))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        how = draw(st.sampled_from(["insert", "delete", "replace", "line"]))
        piece = draw(st.sampled_from(_PIECES))
        if how == "insert":
            text = text[:at] + piece + text[at:]
        elif how == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 3)) :]
        elif how == "replace":
            text = text[:at] + piece + text[at + 1 :]
        else:
            lines = text.split("\n")
            row = at % len(lines)
            spaces = " " * draw(st.integers(0, 6))
            extra = draw(st.sampled_from(["x", "- y", "z: w", "'q'", '"q"', "#c", "", "k:"]))
            choice = draw(st.integers(0, 2))
            if choice == 0:
                lines.insert(draw(st.integers(0, len(lines))), lines[row])
            elif choice == 1:
                lines[row] = spaces + lines[row].lstrip()
            else:
                lines[row] += "\n" + spaces + extra
            text = "\n".join(lines)
    return text


@settings(max_examples=1500, deadline=None)
@given(_mutated())
def test_mistyped_records_read_the_same(text: str) -> None:
    _agree(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*_PIECES, "a", "b", "key", "12", "x y"]), max_size=30))
def test_arbitrary_texts_read_the_same(pieces: list[str]) -> None:
    _agree("".join(pieces))


def test_validate_reports_the_same_without_the_fast_reader(
    generated: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """End to end, on a repository with problems in it: the report is the same."""
    first, second = sorted((generated / "records/invoices").rglob("*.yaml"))[:2]
    first.write_text(first.read_text(encoding="utf-8") + "status: sent\n")  # a duplicate
    text = second.read_text(encoding="utf-8")
    second.write_text(text.replace("unit_price: ", "unit_price: x", 1) + "colour: red\n")
    args = ("validate", "--no-cache", "--format", "json", "--today", TODAY)
    from officectl import validation

    monkeypatch.setattr(validation, "BULK_FILES", 1)  # a few hundred files: fast too
    answered = []
    real = rapid.load

    def counted(text: str) -> Any:
        data = real(text)
        answered.append(data is not None)
        return data

    monkeypatch.setattr(rapid, "load", counted)
    fast = run_cli(generated, *args)
    assert sum(answered) >= 0.9 * len(answered) > 0
    monkeypatch.setattr(rapid, "load", lambda text: None)
    strict = run_cli(generated, *args)
    assert fast.stdout == strict.stdout
    problems = json.loads(fast.stdout)["problems"]
    assert {p["code"] for p in problems} >= {"yaml-duplicate-key", "invalid-type", "unknown-field"}


def test_a_few_files_are_read_without_the_fast_reader(
    generated: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its import costs more than it saves on a few hundred files (a warm run that
    parses what changed): below ``BULK_FILES`` only the strict reader reads."""

    def refuse(text: str) -> None:
        raise AssertionError("the fast reader was asked")

    monkeypatch.setattr(rapid, "load", refuse)
    result = run_cli(generated, "validate", "--no-cache", "--today", TODAY)
    assert result.exit_code in (0, 1) and "Traceback" not in result.output
