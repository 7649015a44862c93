"""``officectl list``, ``show`` and ``new``: records one kind or one ID at a time."""

from __future__ import annotations

import click

from officectl.cli.app import App, pass_app

SENSITIVE_HELP = (
    "Include sensitive fields (staff salary and personal_id, a defined kind's "
    "sensitive: fields), hidden by default."
)


@click.command("list")
@click.argument("kind")
@click.option(
    "--where",
    "-w",
    "where",
    multiple=True,
    metavar="FIELD=VALUE",
    help="Keep records whose FIELD matches (repeat: all must). Also != < <= > >= "
    "and ~ (contains, any case). FIELD may be nested (address.country) or "
    "computed (an invoice's total or balance).",
)
@click.option(
    "--sort",
    "-s",
    "sort",
    multiple=True,
    metavar="FIELD",
    help="Order by FIELD; -FIELD for descending; repeat for tie-breakers (default: ID).",
)
@click.option(
    "--columns",
    "-c",
    "columns_",
    metavar="FIELD,…",
    help="The fields to show, comma-separated (default: a few per kind).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="json: a list of objects, each a record's fields plus its id.",
)
@click.option("--show-sensitive", is_flag=True, help=SENSITIVE_HELP)
@pass_app
def list_records(
    app: App,
    kind: str,
    where: tuple[str, ...],
    sort: tuple[str, ...],
    columns_: str | None,
    output_format: str,
    show_sensitive: bool,
) -> None:
    """List the records of one KIND: customers, deals, staff, contracts, invoices or
    a kind officectl.yaml defines (tickets).

    KIND may be singular (customer). The --where value is compared with the field's
    text form (dates YYYY-MM-DD, booleans true/false, numbers as numbers); an empty
    value finds records without the field. Through a list (tags, contacts.email) any
    item may match. The count goes to stderr, so stdout stays clean for pipes.

    \b
    Examples:
      officectl list customers --where address.country=FI
      officectl list deals --where 'stage!=won' --where 'stage!=lost' --sort -amount
      officectl list invoices --where 'balance>0' --where 'due_date<2026-11-01'
      officectl list customer --where tags=retainer --format csv > retainers.csv
      officectl list staff --columns id,name,salary.amount --show-sensitive
    """
    from officectl.tabular import render
    from officectl.terminal import visible
    from officectl.views import load
    from officectl.views.query import parse_query

    query = parse_query(
        app.config.kinds,
        kind,
        where=where,
        sort=sort,
        columns=columns_,
        show_sensitive=show_sensitive,
    )
    repo, warning = load(app.config)
    if warning:
        click.echo(visible(warning), err=True)
    records = query.select(repo)
    click.echo(render(query.table(repo, records), output_format), nl=False)
    if output_format == "table":
        total = len(repo.of_kind(query.kind.name))
        click.echo(f"{len(records)} of {total} {query.kind.name}", err=True)


@click.command()
@click.argument("record_id", metavar="ID")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How the record is printed.",
)
@click.option("--show-sensitive", is_flag=True, help=SENSITIVE_HELP)
@pass_app
def show(app: App, record_id: str, output_format: str, show_sensitive: bool) -> None:
    """Show one record with everything linked to it.

    For a customer, the 360° view: its account manager, deals, contracts and
    invoices (total, paid, credited, balance each) and the balance due per currency.
    JSON keys: id, record, deals, contracts, invoices (lists of IDs), balance_due
    ({currency: decimal string}), and more. For other kinds: the record, its computed
    fields (an invoice's totals, a deal's weighted amount), the records it links to
    and the records that refer to it. An unknown ID exits 1.

    \b
    Examples:
      officectl show CUS-0001
      officectl show INV-2026-0007 --format json
      officectl show EMP-003 --show-sensitive
    """
    from officectl.tabular import render_json
    from officectl.terminal import visible
    from officectl.views import load
    from officectl.views.show import show as build

    repo, warning = load(app.config)
    if warning:
        click.echo(visible(warning), err=True)
    view = build(repo, record_id.strip(), show_sensitive=show_sensitive)
    click.echo(render_json(view.document()) if output_format == "json" else view.text(), nl=False)


@click.command("new")
def new() -> None:
    """Not available yet."""
    raise click.UsageError("not available yet")
