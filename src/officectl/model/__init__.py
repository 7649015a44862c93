"""The record kinds: one module each, registered here by folder name.

A built-in kind is one module, ``model/<kind>.py``, whose ``KIND`` holds everything
about it (see :class:`officectl.schema.Kind`); adding one is that module and its line
in :data:`MODULES`. A company's own kinds come from ``officectl.yaml``
(:mod:`officectl.kinds`) and live beside these in ``Config.kinds``.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping

from officectl.errors import UsageError
from officectl.model import contract, customer, deal, invoice, staff
from officectl.records import Record
from officectl.schema import Kind

MODULES = (customer, deal, staff, contract, invoice)
"""The built-in kinds' modules, in the order commands list them."""

KINDS: dict[str, Kind] = {m.KIND.name: m.KIND for m in MODULES}
SINGULAR: dict[str, str] = {k.singular: k.name for k in KINDS.values()}
DERIVED: dict[str, tuple[Callable[[Record], object], ...]] = {
    k.name: k.derived for k in KINDS.values() if k.derived
}
"""Per kind, the :attr:`Record.derived` values the per-file stage computes, so that the
repository rules of a warm run take them from the cache instead of recomputing them."""


def kind_of_id(record_id: str, kinds: Mapping[str, Kind] = KINDS) -> str | None:
    """The kind whose ID pattern ``record_id`` matches, if any."""
    for kind in kinds.values():
        if kind.id_regex.fullmatch(record_id):
            return kind.name
    return None


def resolve_kind_name(name: str, kinds: Mapping[str, Kind] = KINDS) -> str | None:
    """``customers`` or ``customer`` → ``customers``."""
    if name in kinds:
        return name
    return next((k.name for k in kinds.values() if k.singular == name), None)


def kind_named(name: str, kinds: Mapping[str, Kind]) -> Kind:
    """``customers`` or ``customer`` → the kind; the one message for an unknown kind."""
    resolved = resolve_kind_name(name, kinds)
    if resolved is None:
        names = [*kinds, *(k.singular for k in kinds.values())]
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else "kinds: " + ", ".join(kinds)
        raise UsageError(f"unknown kind '{name}'", hint=hint)
    return kinds[resolved]
