"""A second, faster reader for the plainest record texts: rapidyaml, through JSON.

Reading every record of a repository is most of a cold ``validate``; libyaml's
composer builds a Python node per scalar, and walking them costs as much again.
rapidyaml (``ryml``) parses into a C++ tree and emits it as JSON, which ``json.loads``
turns into the same raw data (:mod:`officectl.yaml.reading`) in about half the time.

It is trusted only where it was shown to agree with the strict reader, which stays
the one that owns every refusal, message and position. :func:`load` answers None,
and the caller reads the text strictly, whenever

- the text holds anything :data:`_RISKY` names: characters libyaml refuses (control
  characters, U+2028, a BOM inside), YAML's indicators that lead to constructs the
  records never need or that rapidyaml reads differently (anchors, aliases, tags,
  block scalars, flow collections, directives, document markers, ``?`` keys, a
  ``:`` after a space, escapes, ``@`` and the backquote), the spellings the JSON
  loses (``True``, ``NULL``, ``~``: rapidyaml's JSON writes them as text, YAML 1.2
  core reads them as a boolean or null), and number forms rapidyaml's JSON rewrites
  (``.5`` → ``0.5``, ``1.`` → ``1.0``, ``inf``, ``nan``);
- it is indented 20 columns or more, or nests sequences on one line (``- - x``): deep
  nesting is the strict reader's to refuse;
- rapidyaml or ``json`` refuses it (``+12`` is not JSON), a key repeats, or the top is
  not a non-empty mapping.

``tests/test_yaml_rapid.py`` compares both readers on every sample and benchmark
record, generated and mutated texts. Without ``ryml`` (a platform with no wheel),
every text is read strictly.
"""

from __future__ import annotations

import json
import threading
from typing import Any

_RISKY = (
    r"(?m)[^\n\x20-\x7e\x{a0}-\x{2027}\x{202a}-\x{d7ff}\x{e000}-\x{fefe}\x{ff00}-\x{fffd}"
    r"\x{10000}-\x{10ffff}]"
    r"|[&*!|>%`{}\[\]\\~?]|(?:^|\s)[@:]"
    r"|True|TRUE|False|FALSE|Null|NULL|---|\.\.\.|<<"
    r"|(?i:inf|nan)"
    r"|(?:^|[\s:,+-])\.[0-9]|[0-9]\.(?:[\s,#]|$)"
    r"|^ {20}|- +-(?: |$)"
)
"""Anything the fast path does not decide (see the module docstring), for RE2: one
pass over the text (Python's ``re`` tries each alternative at each character, which
cost more than the parse it guards)."""


class _DuplicateKey(Exception):
    pass


def _mapping(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise _DuplicateKey
    return mapping


class _Reader(threading.local):
    """rapidyaml and the gate, set up on first use (only commands that read many
    records pay for the imports), and a tree per thread, cleared and reused: a new
    one per file costs as much as the parse. ``scan`` is JSON's C scanner, keeping
    numbers as their text and refusing a repeated key, made once per thread as well
    (``json.loads`` with options builds a decoder per call, a fifth of its time)."""

    def __init__(self) -> None:
        self.ready = False
        self.ryml: Any = None
        self.risky: Any = None
        self.tree: Any = None
        self.scan: Any = None

    def setup(self) -> bool:
        if not self.ready:
            self.ready = True
            try:
                import re2
                import ryml  # type: ignore[import-untyped]
            except ImportError:  # pragma: no cover - no wheel for this platform
                return False
            options = re2.Options()
            options.log_errors = False
            self.ryml, self.risky, self.tree = ryml, re2.compile(_RISKY, options), ryml.Tree()
            decoder = json.JSONDecoder(parse_float=str, parse_int=str, object_pairs_hook=_mapping)
            self.scan = vars(decoder)["scan_once"]  # set by __init__, untyped
        return self.tree is not None


_reader = _Reader()


def load(text: str) -> dict[str, Any] | None:
    """The raw data of ``text``, exactly as the strict reader gives it, or None where
    only the strict reader may decide (see the module docstring)."""
    reader = _reader
    if not reader.setup() or reader.risky.search(text) is not None:
        return None
    tree = reader.tree
    tree.clear()
    tree.clear_arena()
    try:
        reader.ryml.parse_in_arena(text.encode("utf-8"), tree)
        emitted = reader.ryml.emit_json_malloc(tree, tree.root_id())
        data, end = reader.scan(emitted, 0)
    except Exception:  # any refusal: the strict reader gives the reason
        return None
    if end != len(emitted) and not emitted[end:].isspace():
        return None
    return data if type(data) is dict and data else None
