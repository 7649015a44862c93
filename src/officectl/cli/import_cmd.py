"""``officectl import einvoice``: a supplier's e-invoice into a ``bills`` record."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from officectl.cli.app import App, pass_app


@click.group("import")
def import_group() -> None:
    """Read documents from outside into records."""


@import_group.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Print each bill as YAML; write nothing.")
@pass_app
def einvoice(app: App, files: tuple[Path, ...], dry_run: bool) -> None:
    """Read Peppol UBL or ISDOC invoices from suppliers into records of the `bills`
    kind (records/bills/BILL-<year>-<n>.yaml): the supplier, lines, totals and
    payment details as the file states them.

    The files are read safely (no entities expanded, no DTD, nothing fetched, at
    most 10 MiB). Without a `bills` kind in officectl.yaml it stops (exit 2) and
    prints the definition to paste; --dry-run prints the records instead.

    \b
    Examples:
      officectl import einvoice inbox/faktura-2026-118.isdoc --dry-run
      officectl import einvoice inbox/*.xml
    """
    from officectl.einvoice.reader import BILLS_DEFINITION, bill_yaml, read_einvoice
    from officectl.errors import ConfigError

    bills = [read_einvoice(path) for path in files]  # every file read before any write
    if dry_run:
        for bill in bills:
            click.echo("---")
            click.echo(bill_yaml(bill), nl=False)
        return
    if "bills" not in app.config.kinds:
        from officectl.model import KINDS

        defined = [name for name in app.config.kinds if name not in KINDS]
        # a second top-level kinds: would be a duplicate key: give the entry alone
        hint = (
            f"add this under the kinds: of officectl.yaml (beside {', '.join(defined)}), "
            "or use --dry-run:\n" + BILLS_DEFINITION.split("\n", 1)[1]
            if defined
            else "paste this into officectl.yaml, or use --dry-run:\n" + BILLS_DEFINITION
        )
        raise ConfigError("officectl.yaml defines no 'bills' kind to import into", hint=hint)
    from officectl.atomic import PlannedWrite
    from officectl.einvoice.reader import already_imported, next_bill_id
    from officectl.errors import RecordError
    from officectl.workflows import WriteBooks, WritePlan, run
    from officectl.yaml.formatting import format_data

    today = date.today()

    def plan(books: WriteBooks) -> WritePlan:
        kind = books.config.kinds["bills"]
        if (twice := already_imported(bills, books.repo.of_kind("bills"))) is not None:
            raise RecordError(
                f"{twice}; nothing was imported",
                hint="leave that file out (a corrected invoice comes as a credit note)",
            )
        taken = set(books.repo.records)
        changes = []
        for bill in bills:
            year = bill["issue_date"].year if "issue_date" in bill else today.year
            record_id = next_bill_id(taken, year)
            taken.add(record_id)
            changes.append(
                PlannedWrite(
                    f"records/bills/{record_id}.yaml", format_data(bill, kind), create=True
                )
            )
        return WritePlan(tuple(changes), tuple(c.path for c in changes))

    for message in run(app.config, today, plan).messages:
        click.echo(message)
