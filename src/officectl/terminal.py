"""The one rule for text a person reads in a terminal (or a CI log): record text is
data, so it may never drive the terminal. Control characters (C0, DEL, C1: escape
sequences such as OSC 52, which writes the clipboard, or a BEL), Unicode line and
paragraph separators and the bidirectional overrides (U+202A–202E, U+2066–2069, which
reorder what is shown) are printed as visible escapes: ``\\x1b``, ``\\u202e``.

JSON output needs none of this: JSON escapes control characters itself.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: str, *, keep: str = "") -> str:
    """``text`` with every control character escaped, except those in ``keep`` (an
    error message keeps its own line breaks, a table cell turns them into spaces)."""
    return _CONTROL.sub(lambda match: _escape(match.group(), keep), text)


def one_line(text: str) -> str:
    """``text`` visible on one line: line breaks and tabs become spaces."""
    return visible(text.replace("\n", " ").replace("\t", " "))


def _escape(char: str, keep: str) -> str:
    if char in keep:
        return char
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
