"""The fast loader reads exactly what PyYAML's plain composer reads.

``reading._NodeLoader`` answers the composer's resolver questions itself instead of
through PyYAML's ``BaseResolver`` (a tenth of the load time). These tests compose the
same texts with a reference loader built the ordinary way and require the same node
trees (tags, values, styles, positions), the same errors and the same raw data.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from conftest import PROJECT
from officectl.yaml import reading
from yaml_values import values


class _Reference(yaml.cyaml.CParser, yaml.resolver.BaseResolver):  # type: ignore[misc]
    def __init__(self, stream: str) -> None:
        yaml.cyaml.CParser.__init__(self, stream)
        yaml.resolver.BaseResolver.__init__(self)


def _compose(loader: type[Any], text: str) -> Node | str:
    parser = loader(text)
    try:
        return parser.get_single_node()  # type: ignore[no-any-return]
    except yaml.YAMLError as exc:
        return f"{type(exc).__name__}: {exc}"
    finally:
        parser.dispose()


def _shape(node: Node | str | None) -> Any:
    """Everything a node tree says, as comparable plain values."""
    if node is None or isinstance(node, str):
        return node
    marks = (node.start_mark.line, node.start_mark.column, node.end_mark.line, node.end_mark.column)
    if isinstance(node, ScalarNode):
        return ("scalar", node.tag, node.value, node.style, marks)
    if isinstance(node, SequenceNode):
        return ("seq", node.tag, node.flow_style, marks, [_shape(n) for n in node.value])
    assert isinstance(node, MappingNode)
    return (
        "map",
        node.tag,
        node.flow_style,
        marks,
        [(_shape(k), _shape(v)) for k, v in node.value],
    )


def _same(text: str) -> None:
    assert _shape(_compose(reading._NodeLoader, text)) == _shape(_compose(_Reference, text))


def _records() -> Iterator[Any]:
    for path in sorted((PROJECT / "records").rglob("*.yaml")):
        yield pytest.param(path.read_text(encoding="utf-8"), id=path.name)


@pytest.mark.parametrize("text", list(_records()))
def test_sample_records_compose_the_same(text: str) -> None:
    _same(text)


TRICKY = [
    "a: !!str 1\nb: !custom x\nc: ! y\n",
    "a: &x [1, 2]\nb: *x\n",
    "? [complex, key]\n: value\n",
    "- 1\n- {a: b}\n- [c, 'd', \"e\"]\n- |\n  block\n- >\n  folded\n",
    "a: b\n---\nc: d\n",
    "a: [unclosed\n",
    "a:\n\t- tab\n",
    "",
    "# only a comment\n",
    "!!map {a: 1}\n",
    "a: null\nb: ~\nc:\nd: yes\ne: NO\nf: 2026-11-25\ng: 1.50\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_texts_compose_the_same(text: str) -> None:
    _same(text)


_values = values()


@settings(max_examples=150, deadline=None)
@given(_values, st.booleans())
def test_generated_documents_compose_and_load_the_same(value: Any, flow: bool) -> None:
    text = yaml.safe_dump({"top": value}, default_flow_style=flow, allow_unicode=True)
    _same(text)
    node = _compose(_Reference, text)
    assert isinstance(node, MappingNode)
    try:
        expected: Any = reading._mapping(node, 0, None)
    except reading.LoadError as exc:
        expected = exc.code
    try:
        actual: Any = reading.load(text)
    except reading.LoadError as exc:
        actual = exc.code
    assert actual == expected
