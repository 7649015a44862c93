"""How a scalar is written so that every reader reads back the same text.

officectl's loader reads every plain scalar as text except ``true``/``false`` and
null, but records are read by editors, JSON Schema tools and other YAML libraries
too, which resolve plain scalars by YAML 1.1 or 1.2 rules. A string is *quoted*
when any of them would take it for something else -- ``NO`` or ``yes`` (1.1
booleans), ``012`` or ``1e3`` (numbers), ``2026-01-05`` (a date), ``~`` (null) -- or
when a plain scalar cannot hold it: leading or trailing spaces, ``": "``, ``" #"``, a
leading indicator, a control character. Numbers and dates in fields of those types
are written plain: that is their natural form. Quoted means double-quoted, the one
style that can escape anything.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

_MISREAD = re.compile(r"""(?x)
    # YAML 1.1 and 1.2 booleans and nulls
    y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF
    |~|null|Null|NULL
    # integers: binary, octal, decimal, hexadecimal, sexagesimal
    |[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9][0-9_]*|[-+]?0x[0-9a-fA-F_]+
    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+
    # floats, including sexagesimal ones, infinities and NaN
    |[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
    |[-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)
    # timestamps
    |[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}
     (?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?
    # merge key, value key, document markers
    |<<|=|---|\.\.\.
""")
_NOT_TEXT = frozenset(
    {"~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"}
)
"""What officectl's own loader reads as null or a boolean when plain."""
_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`")
_FLOW_INDICATORS = frozenset(",[]{}")
NATURAL = {
    "decimal": re.compile(r"[-+]?[0-9]+(?:\.[0-9]+)?"),
    "int": re.compile(r"[-+]?[0-9]+"),
    "date": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
}
"""The plain text a value of these field types is written as."""
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\0": "\\0",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
    "\ufeff": "\\uFEFF",
}


def printable(char: str) -> bool:
    """YAML's printable set (section 5.1), where a character may appear unescaped."""
    code = ord(char)
    return (
        char in "\t\n\r"
        or 0x20 <= code <= 0x7E
        or code == 0x85
        or 0xA0 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or code >= 0x10000
    )


def misread(text: str) -> bool:
    """Whether some YAML 1.1 or 1.2 reader takes plain ``text`` for a non-string."""
    return _MISREAD.fullmatch(text) is not None


def needs_quotes(text: str, *, flow: bool = False) -> bool:
    """Whether ``text`` must be quoted to be read back as this very string."""
    return misread(text) or plain_impossible(text, flow=flow)


def plain_impossible(text: str, *, flow: bool = False) -> bool:
    """Whether YAML's syntax keeps ``text`` from being a plain scalar at all."""
    if not text or text != text.strip():
        return True
    first = text[0]
    if first in _INDICATORS or (first in "-?:" and (len(text) == 1 or text[1] == " ")):
        return True
    if ": " in text or " #" in text or text.endswith(":") or "\t" in text:
        return True
    if flow and (":" in text or first == "?" or any(c in _FLOW_INDICATORS for c in text)):
        return True
    return any(c in "\n\r\x85\u2028\u2029\ufeff" or not printable(c) for c in text)


def double_quoted(text: str) -> str:
    """``text`` as a double-quoted scalar on one line, escaping what must be."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif printable(char):
            out.append(char)
        elif ord(char) <= 0xFF:
            out.append(f"\\x{ord(char):02X}")
        else:
            out.append(f"\\u{ord(char):04X}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08X}")
    return '"' + "".join(out) + '"'


def literal_lines(text: str) -> tuple[str, list[str]] | None:
    """The indicator and content lines of ``text`` as a literal block (``|``), or None
    when a literal block cannot hold it exactly (then it is double-quoted)."""
    if "\n" not in text or text.endswith("\n\n") or text.strip("\n") == "":
        return None
    body = text[:-1] if text.endswith("\n") else text
    lines = body.split("\n")
    first = next(line for line in lines if line)
    if first.startswith(" ") or any(
        line != line.rstrip()
        or "\r" in line
        or "\t" in line
        or not all(printable(c) and c not in "\x85\u2028\u2029\ufeff" for c in line)
        for line in lines
    ):
        return None
    return ("|" if text.endswith("\n") else "|-"), lines


def scalar(
    value: object, field_type: str | None = None, *, flow: bool = False, was_plain: bool = False
) -> str:
    """One-line text of a scalar value for a field of ``field_type``.

    A field of unknown type (``meta``, an unknown key) keeps a plain number-like
    text plain if it ``was_plain``: nothing says it is a string. Multi-line strings
    are double-quoted here; :mod:`officectl.yaml.formatting` writes them as literal blocks
    where it can.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int | date):
        return str(value) if isinstance(value, int) else value.isoformat()
    text = str(value)
    natural = NATURAL.get(field_type or "")
    if natural is not None and natural.fullmatch(text):
        return text
    if field_type in (None, "any") and was_plain:
        quote = plain_impossible(text, flow=flow) or text in _NOT_TEXT
    else:
        quote = needs_quotes(text, flow=flow)
    return double_quoted(text) if quote else text
