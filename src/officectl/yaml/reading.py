"""Strict YAML reading with positions, on libyaml's C parser.

Vocabulary: *raw data* is what a record file says, as plain Python: ``dict`` (keys
in file order), ``list``, ``str``, ``bool`` and ``None``. Every other scalar (numbers,
dates) stays the exact source text, so the schema decides what it means and no value
ever passes through a binary float. Only ``true``/``false`` are booleans (YAML 1.2);
``yes``, ``no``, ``on``, ``off`` and ``NO`` are text.

The loader refuses, with a position, what YAML allows but records must not have:
duplicate keys, anchors and aliases (the alias-bomb vector), deep nesting, several
documents, non-mapping tops, custom tags, non-UTF-8 text, files over 1 MiB.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from stat import S_ISREG
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from officectl.yaml import rapid
from officectl.yaml.load_error import LoadError as LoadError  # one class, also here

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 32
_ALLOWED_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_NULL = frozenset({"", "~", "null", "Null", "NULL"})

if yaml.__with_libyaml__:
    # ``yaml.CParser`` does not exist: the C parser lives in ``yaml.cyaml`` (``_yaml``).
    _CParser: Any = yaml.cyaml.CParser  # type: ignore[attr-defined]
else:  # pragma: no cover - libyaml missing: slower but correct
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _CParser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


_DEFAULT_TAGS = {
    ScalarNode: "tag:yaml.org,2002:str",
    SequenceNode: "tag:yaml.org,2002:seq",
    MappingNode: "tag:yaml.org,2002:map",
}


class _NodeLoader(_CParser):  # type: ignore[misc]
    """libyaml's parser and composer with no implicit typing: we type scalars ourselves.

    The composer asks these three methods about every node. PyYAML's BaseResolver answers
    the same (no implicit resolvers, no path resolvers) after several lookups each,
    which cost a tenth of the load; these answer at once.
    """

    def resolve(self, kind: type[Node], value: str | None, implicit: object) -> str:
        return _DEFAULT_TAGS[kind]

    def descend_resolver(self, current_node: Node | None, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


def read_text(path: Path | str) -> str:
    """Read a record file as UTF-8 text, refusing what is too large or not UTF-8."""
    return decode(read_bytes(path))


def read_bytes(path: Path | str) -> bytes:
    """A record file's bytes, refusing what is not a regular file or too large.

    Opened once (non-blocking, so a FIFO cannot stall the open) and checked on the open
    descriptor: one path lookup per file, not two, and no race between check and read."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise LoadError("file-unreadable", f"cannot read file: {exc.strerror}") from exc
    try:
        info = os.fstat(descriptor)
        if not S_ISREG(info.st_mode):  # a symlink to /dev/zero or a FIFO would never end
            raise LoadError("file-unreadable", "not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise LoadError(
                "yaml-too-large", f"file is {info.st_size:,} bytes; a record may be at most 1 MiB"
            )
        # Bounded: the size may change or lie (/proc). Not MAX_FILE_BYTES + 1 at once: a
        # 1 MiB buffer per file doubled the cost of a cold run. Up to the size claimed,
        # then the rest if there is any.
        data, limit = b"", info.st_size + 1
        while chunk := os.read(descriptor, limit - len(data)):
            data += chunk
            if len(data) >= limit:
                if limit > MAX_FILE_BYTES:
                    break
                limit = MAX_FILE_BYTES + 1
    except OSError as exc:
        raise LoadError("file-unreadable", f"cannot read file: {exc.strerror}") from exc
    finally:
        os.close(descriptor)
    return data


def decode(data: bytes) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise LoadError(
            "yaml-too-large", f"file is {len(data):,} bytes; a record may be at most 1 MiB"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError("yaml-encoding", "file is UTF-16; save it as UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise LoadError(
            "yaml-encoding",
            f"invalid UTF-8 byte 0x{data[exc.start]:02x}; save the file as UTF-8",
            line,
            column,
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def compose(text: str) -> MappingNode:
    """Parse one YAML document to a node tree whose top is a mapping."""
    loader = _NodeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text) from None
    except yaml.YAMLError as exc:
        raise LoadError("yaml-syntax", str(exc).splitlines()[0]) from None
    except RecursionError:  # pragma: no cover - only the pure-Python parser recurses
        raise LoadError("yaml-too-deep", f"nesting deeper than {MAX_DEPTH} levels") from None
    finally:
        loader.dispose()
    if node is None:
        raise LoadError("yaml-empty", "file is empty; a record is a YAML mapping of fields")
    if not isinstance(node, MappingNode):
        raise LoadError(
            "yaml-not-mapping", "the top of a record must be a mapping of fields", *_position(node)
        )
    return node


def load(text: str, *, bulk: bool = False) -> dict[str, Any]:
    """Parse a record's text to raw data (see the module docstring). ``bulk``: one of
    many files (the per-file stage), worth trying :mod:`officectl.yaml.rapid` first,
    which gives the same data for the plainest texts in half the time."""
    if bulk:
        fast = rapid.load(text)
        if fast is not None:
            return fast
    node = compose(text)
    if node.tag not in _ALLOWED_TAGS:  # the top and keys too, not only values
        raise _tag_error(node)
    if "&" in text:  # rare: only then is the text scanned again, for anchors
        _refuse_anchors(text)
        return _mapping(node, 0, set())
    return _plain_mapping(node, 0)


def _refuse_anchors(text: str) -> None:
    """An anchor is refused like an alias, at the anchor: one rule, whether or not
    anything refers to it (and the place a reader looks for first)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for token in yaml.scan(text, Loader=loader):
        if isinstance(token, yaml.AnchorToken):
            raise LoadError(
                "yaml-alias",
                "anchors and aliases are not allowed in records",
                token.start_mark.line + 1,
                token.start_mark.column + 1,
            )


def _tag_error(node: Node) -> LoadError:
    return LoadError("yaml-tag", f"custom tag {node.tag!r} is not allowed", *_position(node))


def _reader_error(exc: yaml.reader.ReaderError, text: str) -> LoadError:
    """A character YAML forbids; libyaml gives its offset in UTF-8 bytes."""
    before = text.encode("utf-8")[: exc.position].decode("utf-8", "ignore")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    character = exc.character if isinstance(exc.character, int) else ord(exc.character)
    return LoadError(
        "yaml-syntax",
        f"character U+{character:04X} is not allowed in YAML (control characters are not text)",
        line,
        column,
    )


def _syntax_error(exc: yaml.MarkedYAMLError, text: str) -> LoadError:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or exc.context or "invalid YAML"
    if "expected a single document" in str(exc.context):
        return LoadError(
            "yaml-multi-document",
            "a record file holds one YAML document; remove the second '---'",
            line,
            column,
        )
    if "exceeded maximum nesting depth" in problem:
        return LoadError("yaml-too-deep", f"nesting deeper than {MAX_DEPTH} levels", line, column)
    lines = text.splitlines()
    if problem.startswith("found character '\\t'") or (
        mark and mark.line < len(lines) and lines[mark.line][mark.column :][:1] == "\t"
    ):
        problem += "; indent with spaces, not tabs"
    return LoadError("yaml-syntax", problem, line, column)


def _position(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _value(node: Node, depth: int, seen: set[int] | None) -> Any:
    if seen is not None:
        if id(node) in seen:
            raise LoadError(
                "yaml-alias", "anchors and aliases are not allowed in records", *_position(node)
            )
        seen.add(id(node))
    if node.tag not in _ALLOWED_TAGS:
        raise LoadError("yaml-tag", f"custom tag {node.tag!r} is not allowed", *_position(node))
    if isinstance(node, ScalarNode):
        value: str = node.value
        if not node.style:  # plain (None from PyYAML, "" from libyaml): may be null or bool
            if value in _NULL:
                return None
            if value in _TRUE:
                return True
            if value in _FALSE:
                return False
        return value
    if depth >= MAX_DEPTH:
        raise LoadError(
            "yaml-too-deep", f"nesting deeper than {MAX_DEPTH} levels", *_position(node)
        )
    if isinstance(node, MappingNode):
        return _mapping(node, depth + 1, seen)
    return [_value(item, depth + 1, seen) for item in node.value]


def _mapping(node: MappingNode, depth: int, seen: set[int] | None) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            raise LoadError("yaml-key-type", "a key must be plain text", *_position(key_node))
        if key_node.tag not in _ALLOWED_TAGS:
            raise _tag_error(key_node)
        key = key_node.value
        if key in result:
            raise LoadError("yaml-duplicate-key", f"duplicate key {key!r}", *_position(key_node))
        result[key] = _value(value_node, depth, seen)
    return result


_STR_TAG = _DEFAULT_TAGS[ScalarNode]
_MAP_TAG = _DEFAULT_TAGS[MappingNode]
_SEQ_TAG = _DEFAULT_TAGS[SequenceNode]
_PLAIN_VALUES: dict[str, Any] = {
    **dict.fromkeys(_NULL),
    **dict.fromkeys(_TRUE, True),
    **dict.fromkeys(_FALSE, False),
}
"""What a plain (unquoted) scalar's text means when it is not text."""


def _plain_mapping(node: MappingNode, depth: int) -> dict[str, Any]:
    """:func:`_mapping` for a text without anchors (nothing to remember per node), the
    scalars converted inline: the same checks in the same order, a third less time.
    A node :meth:`_NodeLoader.resolve` typed carries its default tag, the very object,
    so an identity test passes it; any other tag is checked against the allowed ones."""
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if type(key_node) is not ScalarNode:
            raise LoadError("yaml-key-type", "a key must be plain text", *_position(key_node))
        if key_node.tag is not _STR_TAG and key_node.tag not in _ALLOWED_TAGS:
            raise _tag_error(key_node)
        key = key_node.value
        if key in result:
            raise LoadError("yaml-duplicate-key", f"duplicate key {key!r}", *_position(key_node))
        if type(value_node) is ScalarNode and value_node.tag is _STR_TAG:
            value = value_node.value
            result[key] = _PLAIN_VALUES.get(value, value) if not value_node.style else value
        else:
            result[key] = _plain_value(value_node, depth)
    return result


def _plain_value(node: Node, depth: int) -> Any:
    """:func:`_value` for a text without anchors."""
    tag = node.tag
    if tag is not _MAP_TAG and tag is not _SEQ_TAG and tag not in _ALLOWED_TAGS:
        raise _tag_error(node)
    if isinstance(node, ScalarNode):
        value: str = node.value
        return _PLAIN_VALUES.get(value, value) if not node.style else value
    if depth >= MAX_DEPTH:
        raise LoadError(
            "yaml-too-deep", f"nesting deeper than {MAX_DEPTH} levels", *_position(node)
        )
    if isinstance(node, MappingNode):
        return _plain_mapping(node, depth + 1)
    items = []
    for item in node.value:
        if type(item) is ScalarNode and item.tag is _STR_TAG:
            value = item.value
            items.append(_PLAIN_VALUES.get(value, value) if not item.style else value)
        else:
            items.append(_plain_value(item, depth + 1))
    return items


class Locator:
    """Finds fields in one record's text; composes it once, for many problems."""

    def __init__(self, text: str) -> None:
        try:
            self._top: Node | None = compose(text)
            self._failure = (1, 1)
        except LoadError as exc:
            self._top, self._failure = None, (exc.line, exc.column)
        self._keys: dict[int, dict[Any, tuple[Node, Node]]] = {}

    def _pairs(self, node: MappingNode) -> dict[Any, tuple[Node, Node]]:
        """The mapping's (key node, value node) by key, built once: a file with thousands
        of problems in one mapping must not cost a scan per problem."""
        pairs = self._keys.get(id(node))
        if pairs is None:
            pairs = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode):
                    pairs.setdefault(key_node.value, (key_node, value_node))
            self._keys[id(node)] = pairs
        return pairs

    def __call__(self, field: Sequence[str | int], *, on_key: bool = False) -> tuple[int, int]:
        """Line and column of ``field``.

        The deepest existing node on the path wins, so a missing field is reported at
        the mapping that lacks it. ``on_key`` points at the key instead of its value.
        """
        if self._top is None:
            return self._failure
        node: Node = self._top
        for depth, step in enumerate(field):
            if isinstance(node, MappingNode) and isinstance(step, str):
                pair = self._pairs(node).get(step)
                if pair is None:
                    break
                last = depth == len(field) - 1
                node = pair[0] if on_key and last else pair[1]
            elif (
                isinstance(node, SequenceNode) and isinstance(step, int) and step < len(node.value)
            ):
                node = node.value[step]
            else:
                break
        return _position(node)


def locate(text: str, field: Sequence[str | int], *, on_key: bool = False) -> tuple[int, int]:
    return Locator(text)(field, on_key=on_key)
