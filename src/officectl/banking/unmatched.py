"""The unmatched entries of an import, kept in ``reports/bank/unmatched-<date>.csv``.

Written with the project's one CSV cell policy (:func:`officectl.tabular.render_csv`:
text that could start a formula gets a leading ``'``), one row per entry, so a person
sees in a spreadsheet what the bank received that no invoice took. ``bank match``
finds an entry again here (newest file first) when it is not given the statement:
each row keeps what a payment needs (key, date, amount, currency, payer, references).
A later import the same day merges its rows into the day's file; ``bank match``
removes the row it settled.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from officectl.banking.matching import Outcome
from officectl.banking.statement import Entry, StatementError
from officectl.tabular import ViewTable, columns, render_csv

FOLDER = Path("reports") / "bank"
COLUMNS = columns(
    "entry",
    "booked",
    "amount",
    "currency",
    "references",
    "payer",
    "payer_account",
    "reason",
    "detail",
    "invoice",
    "source",
)
_GUARDED = ("'=", "'+", "'-", "'@", "'\t", "'\r", "'＝", "'＋", "'－", "'＠")


def path_for(root: Path, today: date) -> Path:
    """The day's file; a usage error (exit 2) when the way to it passes through a
    symbolic link in the repository (a committed ``reports`` link)."""
    from officectl.confine import output_path

    return output_path(
        root, root / FOLDER / f"unmatched-{today.isoformat()}.csv", has_output_option=False
    )


def row(outcome: Outcome) -> dict[str, object]:
    entry = outcome.entry
    return {
        "entry": entry.key,
        "booked": entry.booked,
        "amount": entry.amount,
        "currency": entry.currency,
        "references": " ".join(entry.references),
        "payer": entry.payer,
        "payer_account": entry.payer_account,
        "reason": outcome.reason,
        "detail": outcome.detail,
        "invoice": outcome.invoice,
        "source": entry.where,
    }


def write(path: Path, outcomes: Iterable[Outcome], settled: Iterable[str] = ()) -> int:
    """Write the day's file: earlier rows of the day (unless this import saw or
    settled their entry again) and this import's unmatched entries. Returns the
    number of rows; with none, an existing file is removed (nothing is unmatched)."""
    from officectl.exports.files import write_atomically

    new = [row(o) for o in outcomes]
    drop = {str(r["entry"]) for r in new} | set(settled)
    kept = [r for r in read_rows(path) if r["entry"] not in drop] if path.is_file() else []
    rows = [_amount_as_number(r) for r in kept] + new
    if not rows:
        path.unlink(missing_ok=True)
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, render_csv(ViewTable(COLUMNS, rows)).encode("utf-8"))
    return len(rows)


def _amount_as_number(r: dict[str, str]) -> dict[str, object]:
    """A row read back, its amount a number again (as the CSV policy writes money),
    not the text the reader gave; text that is no number stays as it was."""
    try:
        return {**r, "amount": Decimal(r["amount"])}
    except (InvalidOperation, KeyError):
        return dict(r)


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of an unmatched file, the CSV guard (a leading ``'``) taken off."""
    text = path.read_text(encoding="utf-8")
    return [
        {key: _unguard(value) for key, value in r.items()}
        for r in csv.DictReader(io.StringIO(text))
    ]


def _unguard(value: str) -> str:
    return value[1:] if value.startswith(_GUARDED) or value.startswith("' ") else value


def find(root: Path, key: str) -> tuple[Entry, Path] | None:
    """The entry ``key`` from the newest unmatched file listing it."""
    from officectl.confine import output_path
    from officectl.errors import UsageError

    try:  # never read through a committed link
        folder = output_path(root, root / FOLDER)
    except UsageError as exc:
        raise UsageError(
            exc.message,
            hint="replace the link with a real folder, or give "
            "the statement that holds the entry with --statement FILE",
        ) from None
    if not folder.is_dir():
        return None
    for path in sorted(folder.glob("unmatched-*.csv"), reverse=True):
        if path.is_symlink() or not path.is_file():
            continue
        for r in read_rows(path):
            if r.get("entry") == key:
                return _entry(r, path), path
    return None


def _entry(r: dict[str, str], path: Path) -> Entry:
    try:
        return Entry(
            key=r["entry"],
            booked=date.fromisoformat(r["booked"]),
            amount=Decimal(r["amount"]),
            currency=r["currency"],
            credit=True,
            reversal=r.get("reason") == "reversal",
            payer=r.get("payer") or None,
            payer_account=r.get("payer_account") or None,
            references=tuple(r.get("references", "").split()),
            where=r.get("source", ""),
        )
    except (KeyError, ValueError, InvalidOperation):
        raise StatementError(
            f"{path}: the row of entry {r.get('entry')} is damaged; "
            "give the statement with --statement"
        ) from None
