"""Hypothesis strategies for YAML documents: plain data that ``yaml.safe_dump`` writes,
for tests comparing two ways of reading the same text."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st


def values(*spellings: str) -> st.SearchStrategy[Any]:
    """Nested lists and mappings of scalars (None, booleans, integers, text, dates and
    decimals as text), plus the scalar ``spellings`` given verbatim."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.text(max_size=12),
        st.dates().map(str),
        st.decimals(allow_nan=False, allow_infinity=False).map(str),
        *([st.sampled_from(spellings)] if spellings else []),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=20,
    )
