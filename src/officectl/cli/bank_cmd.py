"""``officectl bank import`` and ``officectl bank match``: bank statements to payments."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from officectl.cli.app import DATE, App, pass_app

if TYPE_CHECKING:
    from collections.abc import Callable

    from officectl.banking.statement import Entry
    from officectl.workflows import WriteBooks, WritePlan

FORMAT = click.Choice(["camt053", "fio-csv", "gpc"])


@click.group()
def bank() -> None:
    """Import bank statements: money received becomes invoice payments.

    \b
    Examples:
      officectl bank import statement-2026-11.xml
      officectl bank import --dry-run vypis.gpc
      officectl bank match 2026112500017 INV-2026-0021
    """


@bank.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=FORMAT,
    help="The statements' format (default: detected from each file).",
)
@click.option("--dry-run", is_flag=True, help="Show what would be recorded; write nothing.")
@click.option(
    "--today", type=DATE, help="The date of the unmatched report's name (default: today)."
)
@pass_app
def import_statements(
    app: App, files: tuple[Path, ...], fmt: str | None, dry_run: bool, today: date | None
) -> None:
    """Record the credit entries of bank statements as invoice payments.

    Each credit entry is matched to an invoice by the reference the invoice printed
    (variable symbol, viitenumero or RF reference), its currency and its open
    balance; a match is recorded as a payment with the entry's booking date, amount,
    the bank's entry reference (entry:) and the payer, and the invoice becomes paid
    once nothing is open. All invoices of one import are written together or not at
    all. Importing a statement again changes nothing (the entry reference is the key).

    An entry without a single open invoice to pay — unknown reference, several
    invoices, more than the balance, another currency, a storno — is not guessed: it
    is listed on stdout and in reports/bank/unmatched-DATE.csv with the reason;
    settle it with 'officectl bank match'. Debit entries are counted and ignored.

    \b
    Examples:
      officectl bank import statement-2026-11.xml
      officectl bank import --format gpc vypis-11.gpc
      officectl bank import --dry-run *.xml
    """
    from officectl.banking import unmatched
    from officectl.banking.statement import read_statement
    from officectl.workflows.bank import ImportOutcomes, import_entries

    entries: list[Entry] = []
    for path in files:
        entries += read_statement(path, fmt)
    day = today or date.today()
    report = None if dry_run else unmatched.path_for(app.root, day)
    result = ImportOutcomes()

    def make_plan(books: WriteBooks) -> WritePlan:
        _LOADED[:] = [books]
        return import_entries(books, entries, result)

    plan = _plan_or_run(app, day, dry_run, make_plan)
    from officectl.terminal import visible  # statement text is the payer's

    for message in plan.messages:
        click.echo(("would record: " if dry_run else "") + visible(message, keep="\n"))
    for outcome in result.of("unmatched"):
        entry = outcome.entry
        line = (
            f"unmatched {entry.key} {entry.booked} {entry.amount} {entry.currency}"
            f"{' ' + entry.payer if entry.payer else ''}: {outcome.reason}: {outcome.detail}"
            f" ({entry.where})"
        )
        click.echo(visible(line.replace("  ", " ")))
    counts = ", ".join(
        f"{len(result.of(s))} {s}"
        for s in ("matched", "partial", "duplicate", "unmatched", "debit", "pending")
    )
    click.echo(f"{len(result.outcomes)} entries: {counts}")
    if report is not None and unmatched.write(report, result.of("unmatched")):
        click.echo(f"unmatched entries: {app.record_path(report)}")


_LOADED: list[object] = []
"""The books the last import loaded, alive until the process ends: officectl.cli.main
ends it without freeing a hundred thousand records one by one (0.4 s of an import
under the profiler)."""


def _plan_or_run(
    app: App, today: date, dry_run: bool, make_plan: Callable[[WriteBooks], WritePlan]
) -> WritePlan:
    """Run the plan under the lock (workflows.run), or with --dry-run plan and check
    it under the lock and write nothing."""
    from officectl.workflows import WriteBooks, check, run

    if not dry_run:
        return run(app.config, today, make_plan)
    from officectl.lock import locked

    with locked(app.config.root):
        books = WriteBooks(app.config, today)
        plan = make_plan(books)
        errors = check(books, plan, today)
    if errors:
        from officectl.errors import RecordError
        from officectl.reporting.text import line

        raise RecordError(
            "the import would be refused: the result would not pass "
            "validate:\n" + "\n".join(f"  {line(p)}" for p in errors)
        )
    return plan


@bank.command("match")
@click.argument("entry_key", metavar="ENTRY-REF")
@click.argument("invoice_id", metavar="INV-ID")
@click.option(
    "--statement",
    "statements",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The statement holding the entry (default: the newest unmatched "
    "report in reports/bank/ listing it).",
)
@click.option("--format", "fmt", type=FORMAT, help="The statement's format (default: detected).")
@click.option("--today", type=DATE, help="Today's date (default: the real date).")
@pass_app
def match(
    app: App,
    entry_key: str,
    invoice_id: str,
    statements: tuple[Path, ...],
    fmt: str | None,
    today: date | None,
) -> None:
    """Record an unmatched entry as a payment of the invoice you choose.

    The entry is read from --statement, or else from the newest
    reports/bank/unmatched-*.csv that lists it. The currency must be the invoice's
    and the amount at most its open balance; the entry's row leaves the unmatched
    report.

    \b
    Examples:
      officectl bank match 2026112500017 INV-2026-0021
      officectl bank match 24017 INV-2026-0030 --statement vypis-11.gpc
    """
    from officectl.banking import unmatched
    from officectl.banking.statement import read_statement
    from officectl.errors import RecordError, UsageError
    from officectl.workflows import run
    from officectl.workflows.bank import match_entry

    found: Entry | None = None
    report: Path | None = None
    for path in statements:
        found = next((e for e in read_statement(path, fmt) if e.key == entry_key), found)
    if not statements:
        located = unmatched.find(app.root, entry_key)
        if located is not None:
            found, report = located
    if found is None:
        where = ", ".join(map(str, statements)) or "reports/bank/unmatched-*.csv"
        raise (UsageError if statements else RecordError)(
            f"no entry {entry_key} in {where}",
            hint="give the statement that holds it with --statement FILE",
        )
    entry = found
    plan = run(
        app.config, today or date.today(), lambda books: match_entry(books, entry, invoice_id)
    )
    from officectl.terminal import visible

    for message in plan.messages:
        click.echo(visible(message, keep="\n"))
    if report is not None:
        unmatched.write(report, [], settled=[entry_key])
