"""The one CSV cell policy, for every CSV officectl writes (``list``/``report``
``--format csv``, the finance export's CSV folder).

A CSV cell has no type, so a spreadsheet guesses, and Excel splits a line on its
locale's list separator: ``;`` in cs_CZ and fi_FI, where the quoting of a
comma-separated file no longer lines up and text after a ``;`` or a line break
starts a cell of its own. So:

- a *number* the program computed (Decimal, int: money, quantities) is written bare,
  as plain decimal text, and a negative amount stays a number;
- *text* (everything else: names, IDs, dates, the header) is always quoted, and
  wherever a cell could begin (the start of the text, or after ``,``, ``;``, a tab or
  a line break in it) a formula start (``=``, ``+``, ``-``, ``@`` or their full-width
  forms ``＝＋－＠``), even behind blanks of any kind (spaces, NBSP, ideographic
  space, zero-width characters) or a quote, gets a ``'`` in front, as OWASP advises
  against CSV injection. Text beginning with a tab or a carriage return gets one too.

The xlsx export keeps the same promise its own way: text is an inline string there,
never a formula.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

FORMULA_START = "=+-@＝＋－＠"
_SEPARATOR = re.compile(r"([,;\t\r\n])")
_CELL_START = re.compile(rf"[\s\u200b\u200c\u200d\u2060\ufeff\"]*[{re.escape(FORMULA_START)}]")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
LINE_END = "\r\n"


def neutralised(text: str) -> str:
    """``text`` with a ``'`` before every formula start a spreadsheet could see."""
    pieces = _SEPARATOR.split(text)  # text, separator, text, … : a cell may start at each
    text = "".join("'" + piece if _CELL_START.match(piece) else piece for piece in pieces)
    return "'" + text if text.startswith(("\t", "\r")) else text


def text_cell(text: str) -> str:
    """A quoted, neutralised text cell."""
    return '"' + neutralised(text).replace('"', '""') + '"'


def number_cell(text: str) -> str:
    """A number the program computed, bare; anything else is written as text."""
    return text if _NUMBER.fullmatch(text) else text_cell(text)


def csv_line(cells: Iterable[str]) -> str:
    """Cells already made by :func:`text_cell` / :func:`number_cell`, as one line."""
    return ",".join(cells) + LINE_END
