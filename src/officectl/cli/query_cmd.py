"""``officectl query``: SQL over the records' views."""

from __future__ import annotations

from datetime import date

import click

from officectl.cli.app import DATE, App, pass_app
from officectl.cli.report_cmd import FORMAT


@click.command()
@click.argument("sql")
@click.option(
    "--today", type=DATE, help="The date balances and days overdue are figured on (default: today)."
)
@click.option(
    "--show-sensitive",
    is_flag=True,
    help="Include sensitive fields (staff salary, personal_id, a defined kind's sensitive fields).",
)
@FORMAT
@pass_app
def query(app: App, sql: str, today: date | None, show_sensitive: bool, output_format: str) -> None:
    """Run SQL (DuckDB) over views of the records; nothing it says reaches a file.

    One view per kind (customers, deals, staff, contracts, invoices and every
    defined kind), plus invoice_lines, payments, credit_notes, contract_periods and
    officectl_schema (every view's columns). Money is exact DECIMAL. A query that
    fails prints DuckDB's message (exit 2).

    \b
    Examples:
      officectl query "SELECT customer, sum(net_base) FROM invoices GROUP BY ALL"
      officectl query "SELECT * FROM invoices WHERE days_overdue > 30" --format csv
      officectl query "SELECT * FROM officectl_schema WHERE view = 'invoices'"
    """
    from officectl.analytics.session import tables_read
    from officectl.cli.analytics_output import analysis, result_table
    from officectl.tabular import render

    session = analysis(app, today, show_sensitive=show_sensitive, only=tables_read(sql))
    result = session.query(sql)
    click.echo(render(result_table(result), output_format), nl=False)
