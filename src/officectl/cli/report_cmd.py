"""``officectl report``: summaries across records, as a table, JSON or CSV."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from officectl.cli.app import DATE, App, pass_app

FORMAT = click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="table: with totals per currency; json: details and totals; csv: the rows only.",
)


@click.group()
def report() -> None:
    """Summaries across records: pipeline, receivables, statements, revenue, KPIs.

    Amounts are summed per currency; revenue and kpis convert each invoice into the
    company's currency at its exchange rate.
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
@click.option(
    "--today",
    type=DATE,
    help="The date to age balances on (default: today); "
    "only invoices, payments and credit notes dated by then count.",
)
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
@click.option(
    "--from",
    "start",
    type=DATE,
    help="The first day of the period (default: "
    "from the first invoice; the opening balance is then zero).",
)
@click.option("--to", "end", type=DATE, help="The last day of the period (default: today).")
@click.option(
    "--format", "fmt", type=click.Choice(["pdf", "html", "csv"]), default="pdf", show_default=True
)
@click.option("--lang", help="cs, fi or en (default: the company's locale).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write (default: reports/statement-CUS-ID-TO.pdf|html; csv goes to stdout).",
)
@pass_app
def statement(
    app: App,
    customer_id: str,
    start: date | None,
    end: date | None,
    fmt: str,
    lang: str | None,
    output: Path | None,
) -> None:
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
        from officectl.confine import output_path
        from officectl.exports.files import write_atomically

        write_atomically(output_path(app.root, output), text.encode("utf-8"))
        click.echo(f"wrote {output}")
        return
    from officectl.documents import letters
    from officectl.documents.render import write_atomic
    from officectl.documents.template_context import party

    settings = letters.settings(repo, lang)
    content = letters.render(
        repo,
        "statement",
        fmt,
        settings,
        {
            **letters.base(repo, settings),
            "statement": result,
            "customer": party(customer.data, settings.locale, customer.id),
        },
    )
    from officectl.confine import REPORTS_DIR, output_path

    target = output_path(
        app.root,
        output
        if output is not None
        else app.root / REPORTS_DIR / f"statement-{customer.id}-{day}.{fmt}",
    )
    write_atomic(target, content)
    inside = target.resolve().is_relative_to(app.root.resolve())
    click.echo(f"wrote {app.record_path(target) if inside else target}")


PERIOD = click.option(
    "--period",
    metavar="PERIOD",
    help="2026, 2026-Q4 or 2026-11 (default: the calendar year of --today).",
)
TODAY = click.option("--today", type=DATE, help="The as-of date for balances (default: today).")


@report.command()
@click.option(
    "--by",
    "by",
    multiple=True,
    type=click.Choice(["customer", "month", "quarter", "owner", "tag", "segment"]),
    help="Group by this (repeatable, in order). owner: the deal's owner, else "
    "the customer's account manager; tag: each of the customer's tags (an "
    "invoice counts under every tag); segment: the customers' segment "
    "field if declared, else type.",
)
@PERIOD
@TODAY
@FORMAT
@pass_app
def revenue(
    app: App, by: tuple[str, ...], period: str | None, today: date | None, output_format: str
) -> None:
    """Net revenue in the company's currency, by supply date, credit notes included.

    The net (VAT excluded) of every non-draft invoice and credit note supplied in the
    period, converted with its exchange_rate; a credit note counts negative. The
    same sums as `officectl query` over the invoices view. `unconverted` counts the
    invoices of a row that have no amount in the company's currency (no
    exchange_rate, or lines with errors): they are left out of `revenue`.

    \b
    Examples:
      officectl report revenue --by month
      officectl report revenue --by customer --period 2026-Q4 --format csv
    """
    from officectl.analytics.reports import REVENUE_VIEWS
    from officectl.cli.analytics_output import analysis, revenue_table
    from officectl.tabular import render

    session = analysis(app, today, only=REVENUE_VIEWS)
    click.echo(render(revenue_table(session, period, by), output_format), nl=False)


@report.command()
@PERIOD
@TODAY
@FORMAT
@pass_app
def kpis(app: App, period: str | None, today: date | None, output_format: str) -> None:
    """Key figures of a period: revenue and growth, DSO, days late, deals, tickets.

    \b
    revenue              net revenue (see `report revenue`), and the previous period's
    growth_percent       against the previous period of the same length
    dso_days             receivables on --today ÷ invoiced (VAT incl.) in the period × days
    average_days_late    settled invoices: last payment − due date (early = 0); also
                         per customer
    win_rate_percent     deals won ÷ deals won or lost, closed in the period
    average_sales_cycle  won deals: closed_on − their opened… date, if deals declare one
    conversion           stage to stage: share of the deals reaching a stage that reached
                         the next (a lost deal counts at the first stage)
    open_tickets,        when a `tickets` kind exists (its open… and close… dates)
    average_days_to_close

    \b
    Examples:
      officectl report kpis --period 2026 --today 2026-11-25
    """
    from officectl.analytics.reports import KPI_VIEWS
    from officectl.cli.analytics_output import analysis, kpis_table
    from officectl.tabular import render

    session = analysis(app, today, only=KPI_VIEWS)
    click.echo(render(kpis_table(session, period), output_format), nl=False)


@report.command()
@click.option(
    "--months",
    type=click.IntRange(1, 120),
    default=12,
    show_default=True,
    help="How many months ahead, starting with --today's.",
)
@TODAY
@FORMAT
@pass_app
def forecast(app: App, months: int, today: date | None, output_format: str) -> None:
    """Expected cash in per month and currency: open receivables, contract periods not
    yet invoiced, and open deals weighted by stage probability.

    Receivables are expected on their due date plus the customer's average days late;
    a contract period without an issued invoice when its invoice falls due to be made
    (billing timing) plus the customer's payment terms and delay; an open deal not yet
    linked to a contract at its expected close plus terms. A date already past counts
    in --today's month. Nothing is counted twice: issuing a period's invoice moves it
    from contracts to receivables. JSON also lists every item.

    \b
    Examples:
      officectl report forecast --months 6 --today 2026-11-25
    """
    from datetime import date as day

    from officectl.analytics.reports import FORECAST_VIEWS
    from officectl.cli.analytics_output import analysis, forecast_table
    from officectl.model.contract import add_months
    from officectl.tabular import render

    as_of = today or day.today()
    session = analysis(app, as_of, until=add_months(as_of, months + 1), only=FORECAST_VIEWS)
    click.echo(render(forecast_table(session, months), output_format), nl=False)


@report.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write (default: reports/dashboard.html).",
)
@click.option(
    "--images",
    type=click.Choice(["svg", "png"]),
    is_flag=False,
    flag_value="svg",
    default=None,
    help="Also write each chart as a file for slides, SVG (the default) or PNG, in a "
    "folder beside the page named after it (reports/dashboard/).",
)
@TODAY
@pass_app
def dashboard(app: App, output: Path | None, images: str | None, today: date | None) -> None:
    """One self-contained HTML page: key figures, revenue by month, receivables ageing,
    pipeline by stage, cash forecast and top customers.

    Charts are inline SVG: no script, nothing fetched from the network; the same
    records and --today give the same bytes. The key figures are those of
    `report kpis` for --today's year.

    \b
    Examples:
      officectl report dashboard --today 2026-11-25
      officectl report dashboard -o /tmp/board.html --images
      officectl report dashboard --images png
    """
    from officectl.analytics.dashboard import dashboard as build
    from officectl.analytics.reports import FORECAST_VIEWS
    from officectl.cli.analytics_output import analysis
    from officectl.confine import REPORTS_DIR, output_path
    from officectl.exports.files import write_atomically

    target = output_path(
        app.root, output if output is not None else app.root / REPORTS_DIR / "dashboard.html"
    )
    session = analysis(app, today, only=FORECAST_VIEWS)
    html, charts = build(session)
    write_atomically(target, html.encode("utf-8"))
    click.echo(target)
    if images:
        folder = output_path(app.root, target.with_suffix(""))
        for chart in charts:
            path = output_path(app.root, folder / f"{chart.id}.{images}")
            write_atomically(path, chart.png() if images == "png" else chart.svg().encode())
            click.echo(path)
