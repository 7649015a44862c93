"""``officectl export finance`` and ``officectl export journal``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

from officectl.cli.app import DATE, App, pass_app


def _period_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--period`` / ``--from`` / ``--to`` / ``--today``, shared by every export."""
    options = (
        click.option(
            "--period",
            metavar="PERIOD",
            help="2026, 2026-Q4 or 2026-11 (default: the calendar year of --today).",
        ),
        click.option("--from", "start", type=DATE, help="First day of a custom period."),
        click.option(
            "--to",
            "end",
            type=DATE,
            help="Last day of a custom period (default with --from: --today).",
        ),
        click.option(
            "--today",
            type=DATE,
            help="The as-of date for balances and the default "
            "period (default: today), for reproducible exports.",
        ),
    )
    for option in reversed(options):
        command = option(command)
    return command


@click.group()
def export() -> None:
    """Export the books for accountants: a workbook, CSV files or a journal."""


@export.command()
@_period_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["xlsx", "csv"]),
    default="xlsx",
    show_default=True,
    help="A workbook, or a folder of one CSV file per sheet.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Where to write (default: reports/finance-PERIOD.xlsx, or the folder "
    "reports/finance-PERIOD/ for csv).",
)
@pass_app
def finance(
    app: App,
    period: str | None,
    start: date | None,
    end: date | None,
    today: date | None,
    output_format: str,
    output: Path | None,
) -> None:
    """Write the finance workbook of a period: invoices, lines, VAT, receivables,
    customers, contracts, where it all came from, and the EU sales list.

    An invoice belongs to the period of its taxable supply date; drafts are never
    exported. Receivables are as of --today. Records with errors stop the export
    (exit 1). The same repository state gives a byte-identical workbook.

    \b
    Examples:
      officectl export finance --period 2026-Q4
      officectl export finance --from 2026-01-01 --to 2026-06-30 -o h1.xlsx
      officectl export finance --period 2026-11 --format csv
    """
    from officectl.confine import output_path
    from officectl.exports.finance import (
        checked_repository,
        default_output,
        finance_export,
        write_finance,
    )
    from officectl.periods import choose_period, period_arguments

    as_of = today or date.today()
    chosen = choose_period(period, start, end, as_of)
    command = [
        "officectl",
        "export",
        "finance",
        *period_arguments(chosen),
        "--today",
        as_of.isoformat(),
        *(["--format", "csv"] if output_format == "csv" else []),
    ]
    target = output_path(
        app.root,
        output
        or default_output(app.root, "finance", chosen, "" if output_format == "csv" else ".xlsx"),
    )
    repo = checked_repository(app.config, as_of)
    result = finance_export(repo, chosen, as_of, " ".join(command))
    write_finance(result, target, output_format)
    click.echo(target)
    count = len(result.books.invoices)
    documents = "invoice or credit note" if count == 1 else "invoices and credit notes"
    click.echo(
        f"{count} {documents} supplied in {chosen.label} ({chosen.start} – {chosen.end})",
        err=True,
    )


@export.command()
@_period_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write (default: reports/journal-PERIOD.beancount); '-' for standard output.",
)
@pass_app
def journal(
    app: App,
    period: str | None,
    start: date | None,
    end: date | None,
    today: date | None,
    output: Path | None,
) -> None:
    """Write the invoices and payments of a period as a beancount journal.

    Invoices are booked on their taxable supply date (receivable / revenue / VAT per
    rate), payments on their date (bank / receivable), credit notes as reversals;
    receivables from before the period are carried over as opening balances.
    As of --today, as the workbook: what was issued or paid after it is not booked.
    VAT is posted in the company's currency, also for a foreign-currency invoice.
    Account names come from `accounts:` in officectl.yaml (see the README). The
    file passes `bean-check`.

    \b
    Examples:
      officectl export journal --period 2026
      officectl export journal --period 2026-Q4 -o - | bean-check /dev/stdin
    """
    from officectl import __version__
    from officectl.confine import output_path
    from officectl.exports.accounts import accounts_from_config
    from officectl.exports.files import write_atomically
    from officectl.exports.finance import checked_repository, default_output
    from officectl.exports.journal import journal_text
    from officectl.exports.provenance import provenance
    from officectl.periods import choose_period, period_arguments

    as_of = today or date.today()
    chosen = choose_period(period, start, end, as_of)
    accounts = accounts_from_config(app.config.accounts)
    repo = checked_repository(app.config, as_of)
    command = " ".join(
        ["officectl", "export", "journal", *period_arguments(chosen), "--today", as_of.isoformat()]
    )
    text = journal_text(repo, chosen, accounts, provenance(repo.root), command, __version__, as_of)
    if output is not None and str(output) == "-":
        click.echo(text, nl=False)
        return
    target = output_path(
        app.root, output or default_output(app.root, "journal", chosen, ".beancount")
    )
    write_atomically(target, text.encode("utf-8"))
    click.echo(target)


@export.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to write (default: reports/parquet); an earlier export "
    "there is replaced whole.",
)
@click.option("--today", type=DATE, help="The as-of date for balances (default: today).")
@click.option("--show-sensitive", is_flag=True, help="Include sensitive fields.")
@pass_app
def parquet(app: App, output: Path | None, today: date | None, show_sensitive: bool) -> None:
    """Write every view of `officectl query` as Parquet, for DuckDB, Polars, Spark, Trino.

    One folder per view; a view with dates is partitioned by year
    (invoices/year=2026/part-0.parquet). Money is exact decimal128. The same records
    give the same bytes; the folder is replaced in one step.

    \b
    Examples:
      officectl export parquet --today 2026-11-25
      duckdb -c "SELECT year, sum(net_base) FROM read_parquet(
        'reports/parquet/invoices/*/*.parquet', hive_partitioning=true) GROUP BY year"
    """
    from officectl.analytics.parquet import write_parquet
    from officectl.cli.analytics_output import analysis
    from officectl.confine import REPORTS_DIR, output_path

    target = output_path(
        app.root, output if output is not None else app.root / REPORTS_DIR / "parquet"
    )
    session = analysis(app, today, show_sensitive=show_sensitive)
    files = write_parquet(session.views.values(), target)
    click.echo(target)
    click.echo(f"{len(session.views)} views in {files} files", err=True)


@export.command()
@click.argument("ids", nargs=-1)
@click.option("--all", "every", is_flag=True, help="Every issued invoice and credit note.")
@click.option(
    "--where",
    "where",
    multiple=True,
    metavar="FIELD=VALUE",
    help="Only invoices matching, as in 'list' (repeatable; all must match).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["peppol", "isdoc"]),
    help="Peppol BIS Billing 3.0 (UBL) or ISDOC 6.0.2 [default: the customer's "
    "einvoice.format, else isdoc for a Czech company, peppol otherwise].",
)
@click.option(
    "--with-pdf",
    is_flag=True,
    help="Embed the rendered PDF in a Peppol invoice (AdditionalDocumentReference).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder [default: reports/einvoices/].",
)
@pass_app
def einvoice(
    app: App,
    ids: tuple[str, ...],
    every: bool,
    where: tuple[str, ...],
    fmt: str | None,
    with_pdf: bool,
    output: Path | None,
) -> None:
    """Write e-invoices: reports/einvoices/<ID>.xml (Peppol BIS Billing 3.0, a UBL
    Invoice or CreditNote) or <ID>.isdoc (ISDOC 6.0.2).

    Everything the PDF shows is in the file: the parties with their IDs and Peppol
    endpoints, the lines with unit codes, VAT per category and rate with the
    exemption codes, totals, what was paid, the due date, the bank account and the
    payment reference, the invoice a credit note corrects, a foreign-currency
    invoice's VAT in the company's currency. Records with errors, or lacking what
    the format needs (see 'validate --einvoice'), stop the export with exit 1 and
    nothing written. The same records give the same bytes.

    \b
    Examples:
      officectl export einvoice INV-2026-0025
      officectl export einvoice --all --where customer=CUS-0006 --format peppol
      officectl export einvoice INV-2026-0028 --with-pdf -o outbox/
    """
    from officectl.confine import REPORTS_DIR, output_path
    from officectl.documents.selection import select
    from officectl.einvoice.export import build_all, write_all
    from officectl.errors import UsageError
    from officectl.exports.finance import checked_repository
    from officectl.model.invoice import is_draft

    if not ids and not every:
        example = " ".join(f"--where {w}" for w in where) or "--where customer=CUS-0001"
        raise UsageError(
            "name invoice IDs or pass --all",
            hint=f"--where picks among them: officectl export einvoice --all {example}",
        )
    repo = checked_repository(app.config, date.today())
    records = select(repo, ids, "invoices" if every else None, where)
    if every:
        named = set(ids)
        records = [
            r
            for r in records
            if r.id in named or not (is_draft(r.id) or r.get("status") == "draft")
        ]
    folder = output_path(app.root, output or app.root / REPORTS_DIR / "einvoices")
    pdf_of = None
    if with_pdf:
        from officectl.documents.render import Renderer, RenderPlan

        renderer = Renderer(
            repo, RenderPlan.make(app.root, fmt="pdf", template=None, lang=None, output=None)
        )
        pdf_of = renderer.document
    documents = build_all(repo, records, fmt, pdf_of)
    for target in write_all(documents, folder, app.root):
        click.echo(target)
    if not documents:
        click.echo("no invoice matches", err=True)
    isdoc = [d.record.id for d in documents if d.fmt == "isdoc"]
    if with_pdf and isdoc:
        click.echo(
            f"warning: --with-pdf embeds a PDF in a Peppol file only; {', '.join(isdoc)} "
            "went out as ISDOC without one. For an ISDOC.PDF: officectl render "
            f"{isdoc[0]} --format pdf --embed-xml (or --format peppol here)",
            err=True,
        )
