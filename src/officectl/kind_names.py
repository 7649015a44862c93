"""A kind named on the command line: ``customers`` or ``customer``, built-in or defined.

Every command that takes a kind's name (``list``, ``new``, ``schema``, ``render
--all``) resolves it here, so a typo gets the same message and hint everywhere.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from officectl.errors import UsageError
from officectl.schema import Kind


def kind_named(name: str, kinds: Mapping[str, Kind]) -> Kind:
    """The kind called ``name`` (its folder name or its singular) among ``kinds`` (the
    configuration's, defined kinds included); a :class:`UsageError` (exit 2) naming
    the closest kind, or every kind, otherwise."""
    kind = kinds.get(name)
    if kind is not None:
        return kind
    for kind in kinds.values():
        if kind.singular == name:
            return kind
    names = [*kinds, *(k.singular for k in kinds.values())]
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else "kinds: " + ", ".join(kinds)
    raise UsageError(f"unknown kind '{name}'", hint=hint)
