"""``export finance``: the books of a period as a workbook (or CSV files).

The export refuses records with errors (exit 1): an accountant builds on these
figures, and a record the loader could not read would silently be missing.
Warnings do not stop it.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from officectl import __version__
from officectl.config import Config
from officectl.confine import REPORTS_DIR
from officectl.errors import RecordError
from officectl.exports.books import open_books
from officectl.exports.csv_files import write_csv_folder
from officectl.exports.files import write_atomically
from officectl.exports.finance_export import FinanceExport
from officectl.exports.provenance import provenance
from officectl.exports.sheets import build_tables
from officectl.exports.xlsx import workbook_bytes
from officectl.periods import Period
from officectl.repository import Repository

FORMATS = ("xlsx", "csv")


def checked_repository(config: Config, today: date) -> Repository:
    """The loaded repository, or :class:`RecordError` if any record has an error."""
    from officectl.validation import load_checked

    repo, errors = load_checked(config, today)  # as validate: same records, same findings
    if errors:
        raise RecordError(
            f"the records have {errors} error{'s' if errors > 1 else ''}; nothing was exported",
            hint="run 'officectl validate' to see and fix them",
        )
    return repo


def finance_export(
    repo: Repository,
    period: Period,
    today: date,
    command: str,
) -> FinanceExport:
    return FinanceExport(
        open_books(repo, period, today), provenance(repo.root), command, __version__
    )


def default_output(root: Path, name: str, period: Period, suffix: str) -> Path:
    """``reports/finance-2026-Q4.xlsx`` (a folder when ``suffix`` is empty)."""
    return root / REPORTS_DIR / f"{name}-{period.label}{suffix}"


def write_finance(export: FinanceExport, target: Path, output_format: str) -> list[Path]:
    """Write the workbook (``xlsx``) or a folder of CSV files; return what was written."""
    tables = build_tables(export)
    if output_format == "csv":
        return write_csv_folder(tables, target)
    stamp = datetime.combine(export.books.today, time())
    write_atomically(target, workbook_bytes(tables, stamp=stamp))
    return [target]
