"""Editing records in place.

An edit goes through ruamel.yaml's round trip, which keeps what the user wrote:
comments, blank lines, key order, quoting, flow or block style, indentation. Only
the touched values change. Scalars are loaded as their source text (numbers and
dates too, as in :mod:`officectl.yaml.reading`), so no amount passes through a float; new
values are written by the rules of :mod:`officectl.yaml.style`. A key that is added
goes to its place in the schema's order, and the comment lines above the key that
follows it stay above that key. The edited text is written by :mod:`officectl.atomic`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.resolver import VersionedResolver, implicit_resolvers
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from officectl.errors import RecordError
from officectl.schema import Field, Kind
from officectl.yaml import reading, style

_TEXT_RESOLVERS: dict[str | None, list[tuple[str, Any]]] = {}
for _versions, _tag, _regexp, _first in implicit_resolvers:
    if (1, 2) in _versions and _tag.endswith((":bool", ":null")):
        for _char in _first:
            _TEXT_RESOLVERS.setdefault(_char, []).append((_tag, _regexp))


class _TextResolver(VersionedResolver):
    """Only ``true``/``false`` and null are typed; every other plain scalar stays text."""

    @property
    def versioned_resolver(self) -> dict[str | None, list[tuple[str, Any]]]:
        return _TEXT_RESOLVERS


_KEY_LINE = re.compile(r"^( *)[^\s#-][^#]*:\s*(#.*)?$")


def _yaml(text: str) -> YAML:
    yaml = YAML(typ="rt")
    yaml.Resolver = _TextResolver
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never fold a long line
    yaml.allow_unicode = True
    yaml.default_flow_style = False
    offset = _dash_offset(text)
    yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
    return yaml


def _dash_offset(text: str) -> int:
    """How far this file indents a block sequence's dash under its key (2 by default)."""
    lines = text.split("\n")
    for number, line in enumerate(lines):
        dash = re.match(r"( *)- ", line)
        if dash is None or number == 0:
            continue
        previous = next(
            (p for p in reversed(lines[:number]) if p.strip() and not p.lstrip().startswith("#")),
            "",
        )
        key = _KEY_LINE.match(previous)
        if key is not None and previous.rstrip().endswith(":"):
            return max(0, len(dash.group(1)) - len(key.group(1)))
    return 2


class RecordEdit:
    """One record's text, opened for editing."""

    def __init__(self, text: str, kind: Kind) -> None:
        self.kind = kind
        self._crlf = "\r\n" in text
        self._yaml = _yaml(text)
        try:
            data = self._yaml.load(text)
        except Exception as exc:  # ruamel raises many types; the loader said why already
            raise RecordError(f"cannot edit: the file does not parse ({exc})") from None
        if not isinstance(data, CommentedMap):
            raise RecordError("cannot edit: the top of the record is not a mapping")
        self.data: CommentedMap = data
        self._original = _raw(text) or {}
        self._touched: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def set(self, key: str, value: Any) -> None:
        """Set a top-level field, adding it at its schema position if it is missing."""
        self._touched.add(key)
        _set(self.data, key, value, self.kind.fields)

    def append(self, key: str, item: Any) -> None:
        """Append to a top-level list, creating the list if it is missing."""
        self._touched.add(key)
        spec = self.kind.by_name.get(key)
        items = spec.items if spec is not None else None
        current = self.data.get(key)
        if not isinstance(current, CommentedSeq):
            self.set(key, [item])
            return
        node = to_node(item, items)
        if len(current) > 0:
            trailing = _take_trailing(current)
            current.append(node)
            _give_trailing(current, trailing)
        else:
            current.append(node)

    def text(self) -> str:
        out = io.StringIO()
        self._yaml.dump(self.data, out)
        text = out.getvalue()
        after = _raw(text)
        untouched = {k: v for k, v in self._original.items() if k not in self._touched}
        if after is None or {k: after.get(k) for k in untouched} != untouched:
            raise RecordError(
                "editing would change fields it was not asked to touch; "
                "nothing was written (please report this)"
            )
        return text.replace("\n", "\r\n") if self._crlf else text


def _raw(text: str) -> dict[str, Any] | None:
    """The record's raw data as ``validate`` reads it (None if it does not load)."""
    try:
        return reading.load(text)
    except reading.LoadError:
        return None


def _set(mapping: CommentedMap, key: str, value: Any, fields: Sequence[Field]) -> None:
    spec = next((f for f in fields if f.name == key), None)
    node = to_node(value, spec)
    if key in mapping:
        old = mapping[key]
        trailing = _take_trailing(old) if not _is_flow(old) else None
        mapping[key] = node
        _give_trailing(mapping, trailing, at=list(mapping).index(key))
        return
    position = _schema_position(list(mapping), key, fields)
    trailing = _take_trailing(mapping, upto=position)
    mapping.insert(position, key, node)
    _give_trailing(mapping, trailing, at=position)


def _schema_position(keys: list[str], key: str, fields: Sequence[Field]) -> int:
    """Where ``key`` goes: after the last present key that the schema puts before it."""
    rank = {f.name: i for i, f in enumerate(fields)}
    mine = rank.get(key, len(rank))
    position = 0
    for index, existing in enumerate(keys):
        if rank.get(existing, len(rank)) <= mine:
            position = index + 1
    return position


def to_node(value: Any, spec: Field | None = None) -> Any:
    """A Python value as ruamel.yaml should write it (see :mod:`officectl.yaml.style`)."""
    if isinstance(value, Mapping):
        children = spec.fields if spec is not None and spec.type == "map" else ()
        rank = {f.name: i for i, f in enumerate(children)}
        node = CommentedMap()
        for name in sorted(value, key=lambda k: rank.get(k, len(rank))):
            child = next((f for f in children if f.name == name), None)
            node[name] = to_node(value[name], child)
        return node
    if isinstance(value, list | tuple):
        items = spec.items if spec is not None and spec.type == "list" else None
        return CommentedSeq(to_node(v, items) for v in value)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, Decimal | int | date):
        return style.scalar(value)
    text = str(value)
    if "\n" in text and style.literal_lines(text) is not None:
        return LiteralScalarString(text)
    if style.scalar(text, spec.type if spec else "str") != text:
        return DoubleQuotedScalarString(text)
    return text


# -- comments that belong below the last entry -------------------------------------
#
# ruamel.yaml attaches whole-line comments to the entry *above* them; they belong to
# the entry below. Before something is inserted after an entry, those comment lines
# are taken off it and given to the new entry, so that they still come right before
# the entry that followed.


def _last_slot(container: Any) -> tuple[Any, Any, int] | None:
    """The (container, key or index, token index) of the deepest last entry."""
    if isinstance(container, CommentedMap) and len(container) > 0:
        key = list(container)[-1]
        inner = _last_slot(container[key]) if not _is_flow(container[key]) else None
        return inner or (container, key, 2)
    if isinstance(container, CommentedSeq) and len(container) > 0:
        index = len(container) - 1
        inner = _last_slot(container[index]) if not _is_flow(container[index]) else None
        return inner or (container, index, 0)
    return None


def _is_flow(node: Any) -> bool:
    style = getattr(node, "fa", None)
    return bool(style is not None and style.flow_style())


def _take_trailing(container: Any, upto: int | None = None) -> str | None:
    """Remove and return the whole-line comments after the entry before ``upto``."""
    slot: tuple[Any, Any, int] | None
    if isinstance(container, CommentedMap):
        keys = list(container)
        end = len(keys) if upto is None else upto
        if end == 0:
            return None
        last = container[keys[end - 1]]
        slot = (_last_slot(last) if not _is_flow(last) else None) or (container, keys[end - 1], 2)
    else:
        slot = _last_slot(container)
    if slot is None:
        return None
    owner, key, index = slot
    entry = owner.ca.items.get(key)
    token = entry[index] if entry is not None and len(entry) > index else None
    if not isinstance(token, CommentToken) or "\n" not in token.value:
        return None
    head, rest = token.value.split("\n", 1)
    if not rest:
        return None
    if head:
        token.value = head + "\n"
    else:
        entry[index] = None
    return rest


def _give_trailing(container: Any, rest: str | None, at: int | None = None) -> None:
    """Attach whole-line comments after the entry at ``at`` (default: the last)."""
    if rest is None:
        return
    slot: tuple[Any, Any, int] | None
    if isinstance(container, CommentedMap):
        key = list(container)[len(container) - 1 if at is None else at]
        value = container[key]
        slot = (_last_slot(value) if not _is_flow(value) else None) or (container, key, 2)
    else:
        slot = _last_slot(container)
    assert slot is not None
    owner, key, index = slot
    size = 4 if isinstance(owner, CommentedMap) else 2
    entry = owner.ca.items.setdefault(key, [None] * size)
    token = entry[index]
    if isinstance(token, CommentToken):
        token.value = token.value.rstrip("\n") + "\n" + rest
    else:
        entry[index] = CommentToken("\n" + rest, CommentMark(0), None)
