"""Small temporary records repositories for check tests.

``books`` is a fixture: a minimal, valid repository (a Czech company, one customer,
one member of staff) to which a test adds only the records it needs, then asks for
the problems as plain ``(path, line, column, severity, code)`` rows, so it can assert
the exact place of every problem and that there are no others.

A ``»`` in a record's text marks where a problem is expected: :meth:`BooksCase.add`
removes it and remembers its line and column, and :meth:`BooksCase.at` turns it into the
expected row. The place is found by searching the text, not by parsing YAML, so it is
an independent check of where the loader says the offending value is.
"""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

from officectl.config import load_config
from officectl.problems import Problem
from officectl.validation import ValidationResult, validate

TODAY = date(2026, 11, 25)
MARK = "»"

CONFIG = """\
company:
  name: Severka Digital s.r.o.
  address: {street: Údolní 53, city: Brno, postal_code: "602 00", country: CZ}
  company_id: "29083419"
  vat_id: CZ29083419
  iban: CZ6508000000192000145399
  bic: GIBACZPX
  email: billing@severka.example
currency: CZK
locale: cs_CZ
vat_rates: [21, 12, 0]
payment_terms_days: 14
"""

FINNISH_CONFIG = """\
company:
  name: Pohjoisen Koodi Oy
  address: {street: Mannerheimintie 12, city: Helsinki, postal_code: "00100", country: FI}
  company_id: 2617416-4
  vat_id: FI26174164
  iban: FI2112345600000785
currency: EUR
locale: fi_FI
vat_rates: [{rate: 25.5, from: 2024-09-01}, {rate: 24, to: 2024-08-31},
            {rate: 14, from: 2025-01-01, to: 2025-12-31}, {rate: 13.5, from: 2026-01-01},
            10, 0]
"""
"""Finland's VAT rates, each from the date it applies."""

CUSTOMER = """\
name: Moravská strojírna a.s.
country: CZ
company_id: "26719347"
vat_id: CZ26719347
"""

STAFF = """\
name: Kateřina Horáková
email: katerina@severka.example
department: sales
start_date: 2019-04-01
"""

INVOICE = """\
customer: CUS-0001
currency: CZK
lines:
  - description: Consulting
    quantity: 10
    unit: hour
    unit_price: 1000.00
    vat_rate: 21
status: issued
issue_date: 2026-01-05
due_date: 2026-01-19
"""
"""An issued invoice of 10,000.00 + 21 % VAT = 12,100.00 CZK."""

DEAL = """\
title: Dealer portal
customer: CUS-0001
owner: EMP-001
stage: proposal
amount: 100000
expected_close: 2026-12-31
"""

CONTRACT = """\
title: Support retainer
customer: CUS-0001
start_date: 2026-01-01
status: active
end_date: 2026-12-31
"""

ProblemRow = tuple[str, int, int, str, str]


def rows(problems: tuple[Problem, ...] | list[Problem]) -> list[ProblemRow]:
    return [(p.path, p.line, p.column, p.severity, p.code) for p in problems]


def marks(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` without its ``»`` markers, and the 1-based (line, column) of each."""
    found: list[tuple[int, int]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        while MARK in line:
            column = line.index(MARK)
            found.append((number, column + 1))
            line = line[:column] + line[column + 1 :]
    return text.replace(MARK, ""), found


class BooksCase:
    """A records repository under construction in a temporary folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.marks: dict[str, list[tuple[int, int]]] = {}
        self.config(CONFIG)
        self.add("customers/CUS-0001", CUSTOMER)
        self.add("staff/EMP-001", STAFF)

    def config(self, text: str) -> str:
        return self.write("officectl.yaml", text)

    def write(self, relpath: str, text: str | bytes) -> str:
        """Write a file (text is dedented and its markers noted); return ``relpath``."""
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            clean, self.marks[relpath] = marks(textwrap.dedent(text))
            path.write_text(clean, encoding="utf-8")
        return relpath

    def add(self, record: str, text: str | bytes) -> str:
        """Write ``records/<record>.yaml`` (``record`` is ``kind/ID`` or a deeper path)."""
        return self.write(f"records/{record}.yaml", text)

    def remove(self, record: str) -> None:
        (self.root / f"records/{record}.yaml").unlink()

    def at(self, relpath: str, severity: str, code: str, index: int = 0) -> ProblemRow:
        """The expected row of a problem at ``relpath``'s ``index``-th marker."""
        line, column = self.marks[relpath][index]
        return (relpath, line, column, severity, code)

    def result(
        self,
        *,
        today: date = TODAY,
        only: list[str] | None = None,
    ) -> ValidationResult:
        return validate(load_config(self.root), today=today, only=only)

    def problems(self, *, today: date = TODAY, only: list[str] | None = None) -> list[ProblemRow]:
        return rows(self.result(today=today, only=only).problems)

    def messages(self, *, today: date = TODAY) -> list[str]:
        return [p.message for p in self.result(today=today).problems]
