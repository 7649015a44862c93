"""``officectl report``: summaries across records, as a table, JSON or CSV."""

from __future__ import annotations

from datetime import date
from pathlib import Path

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


@report.command()
@click.argument("customer_id", metavar="CUS-ID")
@click.option("--from", "start", type=DATE, help="The first day of the period (default: "
              "from the first invoice; the opening balance is then zero).")
@click.option("--to", "end", type=DATE, help="The last day of the period (default: today).")
@click.option("--format", "fmt", type=click.Choice(["pdf", "html", "csv"]), default="pdf",
              show_default=True)
@click.option("--lang", help="cs, fi or en (default: the company's locale).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="The file to write (default: reports/statement-CUS-ID-TO.pdf|html; "
                   "csv goes to stdout).")
@pass_app
def statement(app: App, customer_id: str, start: date | None, end: date | None, fmt: str,
              lang: str | None, output: Path | None) -> None:
    """A customer's statement of account, per currency.

    The opening balance (as of the day before --from), every invoice, credit note,
    payment and refund of the period, and the closing balance as of --to: the same
    balance 'show' and 'report receivables' give.

    \b
    Examples:
      officectl report statement CUS-0001 --from 2026-01-01 --to 2026-11-30
      officectl report statement CUS-0007 --format csv > statement.csv
    """
    from officectl.errors import UsageError
    from officectl.views import load
    from officectl.views.show import find
    from officectl.views.statement import statement as build
    from officectl.views.statement import table

    day = end or date.today()
    if start is not None and start > day:
        raise UsageError(f"--from {start} is after --to {day}")
    repo, warning = load(app.config)
    if warning:
        click.echo(warning, err=True)
    customer = find(repo, customer_id)
    if customer.kind != "customers":
        raise UsageError(f"{customer_id} is not a customer")
    result = build(repo, customer, start, day)
    if fmt == "csv":
        from officectl.tabular import render_csv

        text = render_csv(table(result))
        if output is None:
            click.echo(text, nl=False)
            return
        from officectl.exports.files import write_atomically

        write_atomically(output, text.encode("utf-8"))
        click.echo(f"wrote {output}")
        return
    from officectl.documents import letters
    from officectl.documents.context import party
    from officectl.documents.render import write_atomic

    settings = letters.settings(repo, lang)
    content = letters.render(repo, "statement", fmt, settings, {
        **letters.base(repo, settings), "statement": result,
        "customer": party(customer.data, settings.locale, customer.id)})
    target = output or app.root / "reports" / f"statement-{customer.id}-{day}.{fmt}"
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, content)
    inside = target.resolve().is_relative_to(app.root.resolve())
    click.echo(f"wrote {app.record_path(target) if inside else target}")
