"""Payments appended to an invoice's text without a round trip through ruamel.yaml.

``bank import`` may add thousands of payments in one run; ruamel.yaml re-emits the
whole document on every write, which made the emitter the larger part of an import.
A payment is a few lines at the end of the ``payments:`` block, each value written by
:func:`officectl.yaml.style.scalar` (the rule :mod:`officectl.yaml.editing` writes by), so the
bytes are what the round trip would give. The result is parsed again and must equal
the old data with the new payments (and status) — else, or for any layout this does
not know (a flow list, no ``payments:`` key, a multi-line value), ``None`` tells the
caller to use :class:`officectl.yaml.editing.RecordEdit`. The commit then validates it as
every write, from the data that check read (:func:`spliced`): each new text is parsed
once, not twice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from officectl.schema import Field
from officectl.yaml import reading, style

_TOP_KEY = re.compile(r"[^\s#-][^:]*:(\s|$)")


def append_payments(
    text: str,
    payments: Sequence[Mapping[str, Any]],
    fields: Field,
    status: str | None = None,
    later: Sequence[str] = (),
) -> str | None:
    """``text`` with ``payments`` appended to its ``payments:`` list (and ``status:``
    set), or None when the fast way does not apply. Without a ``payments:`` key the
    list is started before the first top-level key of ``later`` (the keys after
    ``payments`` in the schema's order) and the comment lines right above it."""
    done = spliced(text, payments, fields, status, later)
    return None if done is None else done[0]


Spliced = tuple[str, dict[str, Any]]
"""The new text, and its raw data as :func:`officectl.yaml.reading.load` read it."""


def spliced(
    text: str,
    payments: Sequence[Mapping[str, Any]],
    fields: Field,
    status: str | None = None,
    later: Sequence[str] = (),
) -> Spliced | None:
    """:func:`append_payments`, with the raw data the new text was checked by (for
    :func:`officectl.loader.load_text`, so that the commit need not parse it again)."""
    lines = text.splitlines(keepends=True)
    if not text.endswith("\n"):
        return None
    start = next((i for i, line in enumerate(lines) if line.rstrip() == "payments:"), None)
    if start is None:
        return _new_list(text, lines, payments, fields, status, later)
    end = start + 1
    last = None
    indent = None
    while end < len(lines) and not _TOP_KEY.match(lines[end]):
        line = lines[end]
        if line.strip() and line[0] == " ":
            last = end
            if indent is None and line.lstrip().startswith("- "):
                indent = line[: len(line) - len(line.lstrip())]
        end += 1
    if last is None or indent is None:
        return None
    block = _items(payments, fields, indent)
    if block is None:
        return None
    return _finish(text, lines[: last + 1] + block + lines[last + 1 :], payments, status)


def _new_list(
    text: str,
    lines: list[str],
    payments: Sequence[Mapping[str, Any]],
    fields: Field,
    status: str | None,
    later: Sequence[str],
) -> Spliced | None:
    if any(line.startswith("payments:") for line in lines):
        return None
    at = next(
        (
            i
            for i, line in enumerate(lines)
            if _TOP_KEY.match(line) and line.split(":", 1)[0] in later
        ),
        len(lines),
    )
    while at > 0 and lines[at - 1].startswith("#"):
        at -= 1
    block = _items(payments, fields, "  ")
    if block is None:
        return None
    return _finish(text, [*lines[:at], "payments:\n", *block, *lines[at:]], payments, status)


def _items(
    payments: Sequence[Mapping[str, Any]],
    fields: Field,
    indent: str,
) -> list[str] | None:
    block = []
    for payment in payments:
        first = True
        for name, value in payment.items():
            field = fields.by_name.get(name)
            if field is None or (isinstance(value, str) and "\n" in value):
                return None
            written = style.scalar(value, field.type)
            block.append(f"{indent}{'- ' if first else '  '}{name}: {written}\n")
            first = False
    return block


def _finish(
    text: str, new: list[str], payments: Sequence[Mapping[str, Any]], status: str | None
) -> Spliced | None:
    if status is not None:
        at = [i for i, line in enumerate(new) if re.fullmatch(r"status: \w+\n", line)]
        if len(at) != 1:
            return None
        new[at[0]] = f"status: {status}\n"
    result = "".join(new)
    try:
        raw = reading.load(result)
    except reading.LoadError:
        return None
    return (result, raw) if _same(text, raw, payments, status) else None


def _same(
    old_text: str, new: dict[str, Any], payments: Sequence[Mapping[str, Any]], status: str | None
) -> bool:
    """The new text (read back as ``new``) has the payments at the end of its list, the
    status set, and the same top-level keys as before (plus ``payments``); the rest of
    the text is the old text's lines, untouched."""
    items = new.get("payments")
    if not isinstance(items, list) or len(items) < len(payments):
        return False
    expected = [
        {k: v if isinstance(v, str) else style.scalar(v) for k, v in p.items()} for p in payments
    ]
    if items[len(items) - len(payments) :] != expected:
        return False
    if status is not None and new.get("status") != status:
        return False
    keys = {line.split(":", 1)[0] for line in old_text.splitlines() if _TOP_KEY.match(line)}
    return set(new) == keys | {"payments"}
