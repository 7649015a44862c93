"""``officectl report``: summaries across records, as a table, JSON or CSV."""

from __future__ import annotations

from datetime import date

import click

from officectl.cli.context import DATE, App, pass_app

FORMAT = click.option("--format", "output_format", type=click.Choice(["table", "json", "csv"]),
                      default="table", show_default=True,
                      help="table: with totals per currency; json: details and totals; "
                           "csv: the rows only.")


@click.group()
def report() -> None:
    """Summaries across records: the sales pipeline and what customers owe.

    Amounts are summed per currency, never across currencies.
    """


@report.command()
@FORMAT
@pass_app
def pipeline(app: App, output_format: str) -> None:
    """Open deals (not won or lost) by stage, owner and month of expected close.

    Weighted = amount × probability / 100 (probability defaults by stage: lead 10,
    qualified 25, proposal 50, negotiation 75), rounded half up to the cent. The
    table ends with totals per stage and per currency; JSON also lists every deal.

    \b
    Examples:
      officectl report pipeline
      officectl report pipeline --format csv > pipeline.csv
    """
    from officectl.tabular import render
    from officectl.terminal import visible
    from officectl.views import load
    from officectl.views.pipeline import pipeline as build

    repo, warning = load(app.config)
    if warning:
        click.echo(visible(warning), err=True)
    click.echo(render(build(repo), output_format), nl=False)


@report.command()
@click.option("--today", type=DATE, help="The date to age balances on (default: today); "
              "only invoices, payments and credit notes dated by then count.")
@FORMAT
@pass_app
def receivables(app: App, today: date | None, output_format: str) -> None:
    """Open balances by customer and currency, aged by days past due.

    Buckets: current (not yet due), 1–30, 31–60, 61–90 and 90+ days overdue. JSON
    also lists every open invoice with its days overdue.

    \b
    Examples:
      officectl report receivables
      officectl report receivables --today 2026-11-25 --format json
    """
    from officectl.tabular import render
    from officectl.terminal import visible
    from officectl.views import load
    from officectl.views.receivables import receivables as build

    repo, warning = load(app.config)
    if warning:
        click.echo(visible(warning), err=True)
    click.echo(render(build(repo, today or date.today()), output_format), nl=False)
