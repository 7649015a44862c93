"""Everything a finance sheet may draw on: the books, and where they came from."""

from __future__ import annotations

from dataclasses import dataclass

from officectl.exports.books import PeriodBooks
from officectl.exports.provenance import Provenance


@dataclass(frozen=True)
class FinanceExport:
    books: PeriodBooks
    provenance: Provenance
    command: str
    """The command line that reproduces this export's content (no output path)."""
    version: str
