"""``fmt``: one canonical layout for every record, with the user's comments kept.

*Canonical* means: keys in the schema's order (unknown keys after them, in their
own order; ``meta`` in the user's order); two-space indentation with sequences
indented under their key (``  - ``); a list of plain one-line scalars on one line
(``[a, b]``) when it fits in 100 columns, every other collection in block style;
scalars quoted only where needed (:mod:`officectl.yaml.style`), multi-line text as a
literal block; at most one blank line in a row.

A *slot* is a mapping entry or a sequence item. A comment on its own line, and a
blank line, belong to the slot that follows it and move with it; a comment at the
end of a line belongs to the slot that line ends; the comments above the first key
stay at the top of the file. Formatting never changes meaning: the result must load
to the same raw data and hold the same comments, or :class:`FormatError` is raised
and the file is left as it was.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from officectl.config import Config
from officectl.schema import Field, Kind
from officectl.yaml import reading, style

WIDTH = 100
"""The longest line a one-line list may make."""
INDENT = 2
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


class FormatError(Exception):
    """The file cannot be formatted (it does not load, or formatting would lose something)."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


@dataclass(eq=False)
class Scalar:
    value: str | bool | None
    plain: bool = False
    """Written plain in the source (matters only where the field's type is unknown)."""


@dataclass(eq=False)
class Collection:
    slots: list[Slot]
    mapping: bool


Value = Scalar | Collection


@dataclass(eq=False)
class Slot:
    key: str | None
    """None for a sequence item."""
    value: Value
    before: list[str] = field(default_factory=list)
    """Whole lines above the slot: ``""`` for a blank line, else a ``#`` comment."""
    eol: str | None = None
    """The comment at the end of the slot's line."""


@dataclass(eq=False)
class RecordLayout:
    """A record's slots with the comments above, beside and after them."""

    top: Collection
    header: list[str] = field(default_factory=list)
    trailer: list[str] = field(default_factory=list)


# -- reading -----------------------------------------------------------------------


def parse(text: str) -> RecordLayout:
    """A record's text as slots with their comments; LoadError if it is no record."""
    reading.load(text)  # refuses what no record may hold: duplicates, aliases, tags…
    return _Reader(text).read(reading.compose(text))


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.spans: list[tuple[int, int]] = []
        self.starts: list[tuple[int, int, Slot]] = []
        self.ends: dict[int, list[tuple[int, int, Slot]]] = {}

    def read(self, node: MappingNode) -> RecordLayout:
        top = self._value(node, 0)
        assert isinstance(top, Collection)
        document = RecordLayout(top)
        self._attach(document)
        if top.slots:
            document.header, top.slots[0].before = top.slots[0].before, []
        return document

    def _value(self, node: Node, depth: int) -> Value:
        if isinstance(node, ScalarNode):
            self._span(node)
            return _scalar(node)
        slots: list[Slot] = []
        if isinstance(node, MappingNode):
            for key, value in node.value:
                self._span(key)
                slot = Slot(key.value, self._value(value, depth + 1))
                self._start(key, depth, slot)
                self._end(value, depth, slot)
                slots.append(slot)
            return Collection(slots, mapping=True)
        assert isinstance(node, SequenceNode)
        for item in node.value:
            slot = Slot(None, self._value(item, depth + 1))
            self._start(item, depth, slot)
            self._end(item, depth, slot)
            slots.append(slot)
        return Collection(slots, mapping=False)

    def _span(self, node: ScalarNode) -> None:
        start, end = node.start_mark.index, node.end_mark.index
        if node.style in ("|", ">"):  # the header line holds no content (but may hold
            newline = self.text.find("\n", start)  # a comment); trailing blank lines
            start = newline if newline != -1 else end  # are layout, not content
            end = max(start, len(self.text[:end].rstrip()))
        if end > start:
            self.spans.append((start, end))

    def _start(self, node: Node, depth: int, slot: Slot) -> None:
        self.starts.append((node.start_mark.index, depth, slot))
        self._candidate(node.start_mark.line, node.start_mark.column, depth, slot)

    def _end(self, node: Node, depth: int, slot: Slot) -> None:
        if isinstance(node, ScalarNode) and node.style in ("|", ">"):
            self._candidate(node.start_mark.line, node.start_mark.column, depth, slot)
        elif isinstance(node, ScalarNode) or getattr(node, "flow_style", False):
            self._candidate(node.end_mark.line, node.end_mark.column, depth, slot)

    def _candidate(self, line: int, column: int, depth: int, slot: Slot) -> None:
        self.ends.setdefault(line, []).append((column, depth, slot))

    def _attach(self, document: RecordLayout) -> None:
        self.starts.sort(key=lambda s: (s[0], s[1]))
        indexes = [s[0] for s in self.starts]
        for position, line, column, comment in _layout_lines(self.text, sorted(self.spans)):
            owners = [c for c in self.ends.get(line, ()) if c[0] <= column]
            if (
                comment
                and owners
                and column > 0
                and self.text[position - column : position].strip()
            ):
                owner = max(owners, key=lambda c: (c[0], c[1]))[2]
                if owner.eol is None:
                    owner.eol = comment
                    continue
            found = bisect.bisect_right(indexes, position)
            target = self.starts[found][2].before if found < len(self.starts) else document.trailer
            target.append(comment)


def _scalar(node: ScalarNode) -> Scalar:
    value: str = node.value
    if node.style:
        return Scalar(value)
    if value in _NULL:
        return Scalar(None, plain=True)
    return Scalar(_BOOLS.get(value, value), plain=True)


def _layout_lines(
    text: str,
    spans: list[tuple[int, int]],
) -> Iterator[tuple[int, int, int, str]]:
    """(index, line, column, text) of every comment and blank line outside scalars;
    the text of a blank line is ``""``."""
    starts = [s for s, _ in spans]
    position = 0
    for number, line in enumerate(text.split("\n")):
        if not _inside(position, starts, spans):
            if not line.strip():
                if position < len(text):
                    yield position, number, 0, ""
            else:
                column = _comment_column(line, position, starts, spans)
                if column is not None:
                    yield position + column, number, column, line[column:].rstrip()
        position += len(line) + 1


def _comment_column(
    line: str, position: int, starts: list[int], spans: list[tuple[int, int]]
) -> int | None:
    column = line.find("#")
    while column != -1:
        if (column == 0 or line[column - 1] in " \t") and not _inside(
            position + column, starts, spans
        ):
            return column
        column = line.find("#", column + 1)
    return None


def _inside(index: int, starts: list[int], spans: list[tuple[int, int]]) -> bool:
    found = bisect.bisect_right(starts, index) - 1
    return found >= 0 and spans[found][0] < index < spans[found][1]


def comments(text: str) -> Counter[str]:
    """Every comment of a parsable record's text (to prove none was lost)."""
    reader = _Reader(text)
    reader.read(reading.compose(text))
    return Counter(c for _, _, _, c in _layout_lines(text, sorted(reader.spans)) if c)


# -- writing -----------------------------------------------------------------------


def emit(document: RecordLayout, kind: Kind) -> str:
    writer = _Writer()
    writer.comments(document.header, 0)
    writer.mapping(document.top, kind.fields, 0, None)
    trailer = _squeeze(document.trailer)
    while trailer and not trailer[-1]:
        trailer.pop()
    writer.comments(trailer, 0)
    lines = writer.lines
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines) + "\n" if lines else "{}\n"


def _squeeze(lines: list[str]) -> list[str]:
    """At most one blank line in a row."""
    return [line for i, line in enumerate(lines) if line or i == 0 or lines[i - 1]]


def _ordered(collection: Collection, fields: Sequence[Field] | None) -> list[Slot]:
    if not collection.mapping or fields is None:
        return collection.slots
    rank = {f.name: i for i, f in enumerate(fields)}
    known = sorted((s for s in collection.slots if s.key in rank), key=lambda s: rank[str(s.key)])
    return known + [s for s in collection.slots if s.key not in rank]


def _children(spec: Field | None) -> tuple[Field, ...] | None:
    """The fields of a mapping field, or None where keys are free (``meta``)."""
    return spec.fields if spec is not None and spec.type == "map" and spec.fields else None


def _items(spec: Field | None) -> Field | None:
    return spec.items if spec is not None and spec.type == "list" else None


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def comments(self, lines: list[str], indent: int) -> None:
        for line in _squeeze(lines):
            if line or (self.lines and self.lines[-1]):
                self.lines.append(" " * indent + line if line else "")

    def mapping(
        self, collection: Collection, fields: Sequence[Field] | None, indent: int, lead: str | None
    ) -> None:
        """Entries at ``indent``; the first line starts with ``lead`` if given (``- ``)."""
        by_name = {f.name: f for f in fields or ()}
        for index, slot in enumerate(_ordered(collection, fields)):
            first = index == 0 and lead is not None
            if not first:
                self.comments(slot.before, indent)
            key = style.scalar(slot.key, "str")
            head = f"{lead if first else ' ' * indent}{key}:"
            self.value(head, slot, by_name.get(str(slot.key)), indent)

    def sequence(
        self, collection: Collection, spec: Field | None, indent: int, lead: str | None
    ) -> None:
        for index, slot in enumerate(collection.slots):
            first = index == 0 and lead is not None
            start = lead if first else " " * indent
            value = slot.value
            if isinstance(value, Collection) and value.slots and not self.flow(value, spec):
                hoisted = [] if first else slot.before
                hoisted += self.hoist(value, spec)
                if slot.eol is not None:
                    hoisted.append(slot.eol)
                self.comments(hoisted, indent)
                if value.mapping:
                    self.mapping(value, _children(spec), indent + INDENT, f"{start}- ")
                else:
                    self.sequence(value, _items(spec), indent + INDENT, f"{start}- ")
                continue
            if not first:
                self.comments(slot.before, indent)
            self.value(f"{start}-", slot, spec, indent)

    def hoist(self, value: Collection, spec: Field | None) -> list[str]:
        """Take the comments of the slots that start on the line where ``value`` does."""
        if value.mapping:
            first = _ordered(value, _children(spec))[0]
            taken, first.before = first.before, []
            return taken
        first = value.slots[0]
        taken, first.before = first.before, []
        inner = first.value
        if isinstance(inner, Collection) and inner.slots and not self.flow(inner, _items(spec)):
            taken += self.hoist(inner, _items(spec))
            if first.eol is not None:
                taken.append(first.eol)
                first.eol = None
        return taken

    def value(self, head: str, slot: Slot, spec: Field | None, indent: int) -> None:
        """``head`` (``key:`` or ``-``) and the slot's value, at ``indent``."""
        eol = f"  {slot.eol}" if slot.eol is not None else ""
        value = slot.value
        if isinstance(value, Scalar):
            self.scalar(head, value, spec, indent, eol)
        elif not value.slots:
            self.lines.append(f"{head} {'{}' if value.mapping else '[]'}{eol}")
        elif (flow := self.flow(value, spec, len(head))) is not None:
            self.lines.append(f"{head} {flow}{eol}")
        elif value.mapping:
            self.lines.append(head + eol)
            self.mapping(value, _children(spec), indent + INDENT, None)
        else:
            self.lines.append(head + eol)
            self.sequence(value, _items(spec), indent + INDENT, None)

    def scalar(self, head: str, value: Scalar, spec: Field | None, indent: int, eol: str) -> None:
        if value.value is None:
            self.lines.append(head + eol if head.endswith(":") else f"{head} null{eol}")
            return
        if isinstance(value.value, str) and "\n" in value.value:
            block = style.literal_lines(value.value)
            if block is not None:
                indicator, lines = block
                self.lines.append(f"{head} {indicator}{eol}")
                pad = " " * (indent + INDENT)
                self.lines += [pad + line if line else "" for line in lines]
                return
        text = style.scalar(value.value, spec.type if spec else None, was_plain=value.plain)
        self.lines.append(f"{head} {text}{eol}")

    def flow(self, value: Collection, spec: Field | None, width: int = 0) -> str | None:
        """A list of plain one-line scalars as ``[a, b]``, if it fits in :data:`WIDTH`."""
        if value.mapping or not value.slots:
            return None
        items = _items(spec)
        texts = []
        for slot in value.slots:
            item = slot.value
            if (
                not isinstance(item, Scalar)
                or slot.before
                or slot.eol is not None
                or (isinstance(item.value, str) and "\n" in item.value)
            ):
                return None
            texts.append(
                style.scalar(
                    item.value, items.type if items else None, flow=True, was_plain=item.plain
                )
            )
        text = "[" + ", ".join(texts) + "]"
        return text if width + 1 + len(text) <= WIDTH else None


# -- whole files and new records ---------------------------------------------------


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def format_text(text: str, kind: Kind) -> str:
    """The canonical layout of a record's text; FormatError if it cannot be made."""
    text = normalise_newlines(text)
    try:
        before = reading.load(text)
        document = parse(text)
    except reading.LoadError as exc:
        raise FormatError(f"{exc.code}: {exc.message}", exc.line, exc.column) from None
    result = emit(document, kind)
    try:
        same = reading.load(result) == before and comments(result) == comments(text)
    except reading.LoadError:  # pragma: no cover - a bug in the writer
        same = False
    if not same:  # pragma: no cover - a safety net: never write a changed meaning
        raise FormatError(
            "formatting would change this file's data or lose a comment; "
            "please report it and format the file by hand"
        )
    return result


def record_files(
    root: Path,
    selected: Sequence[str] = (),
    refused: list[tuple[str, reading.LoadError]] | None = None,
) -> list[str]:
    """The record files at or below the ``selected`` root-relative paths (all if none);
    a UsageError names a selected path that holds none. ``refused`` receives the links
    and unreadable folders there (never formatted: see :func:`~officectl.loader.discover`)."""
    from officectl.errors import UsageError
    from officectl.loader import discover

    links: list[tuple[str, reading.LoadError]] = []
    every = list(discover(root, links))
    if refused is not None:
        refused += [
            (path, error)
            for path, error in links
            if not selected
            or any(
                path == s
                or path.startswith(s.rstrip("/") + "/")
                or s.startswith(path + "/")
                or s in ("", ".")
                for s in selected
            )
        ]
    if not selected:
        return every
    chosen: list[str] = []
    for path in selected:
        prefix = "" if path in ("", ".") else path.rstrip("/") + "/"
        found = [f for f in every if f == path or f.startswith(prefix)]
        if not found:
            raise UsageError(f"no record files in {path}", hint="records live in records/<kind>/")
        chosen += found
    return sorted(set(chosen))


def format_file(root: Path, relpath: str, config: Config, *, write: bool) -> bool:
    """Format one record file; True if its text changes (and, with ``write``, was
    rewritten atomically, unless it changed since it was read). FormatError if it is
    not a record that can be formatted."""
    from officectl.atomic import PlannedWrite, apply_changes

    parts = relpath.split("/")
    kind = config.kinds.get(parts[1]) if len(parts) > 2 else None
    if kind is None:
        raise FormatError(f"{relpath} is not in a record kind's folder (records/<kind>/)")
    try:
        data = reading.read_bytes(root / relpath)
        text = reading.decode(data)
    except reading.LoadError as exc:
        raise FormatError(f"{exc.code}: {exc.message}", exc.line, exc.column) from None
    result = _with_line_endings(format_text(text, kind), text)
    if result == text:
        return False
    if write:
        apply_changes(root, [PlannedWrite(relpath, result)], {relpath: data})
    return True


def _with_line_endings(result: str, original: str) -> str:
    """``result`` with the line endings of ``original``: a file checked out with
    Windows line endings (git's ``core.autocrlf``) keeps them, since layout is what
    ``fmt`` is about, not the platform's newline. Mixed endings become the first
    line's."""
    first = original.find("\n")
    crlf = first > 0 and original[first - 1] == "\r"
    return result.replace("\n", "\r\n") if crlf else result


def format_data(data: Mapping[str, Any], kind: Kind) -> str:
    """A new record's text in canonical layout, from raw or typed values."""
    top = _from_data(data)
    assert isinstance(top, Collection)
    return emit(RecordLayout(top), kind)


def _from_data(value: Any) -> Value:
    if isinstance(value, Mapping):
        return Collection([Slot(str(k), _from_data(v)) for k, v in value.items()], mapping=True)
    if isinstance(value, list | tuple):
        return Collection([Slot(None, _from_data(v)) for v in value], mapping=False)
    if value is None or isinstance(value, bool | str):
        return Scalar(value)
    if isinstance(value, Decimal | int | date):
        return Scalar(style.scalar(value), plain=True)
    raise TypeError(f"cannot write {type(value).__name__} to a record")
