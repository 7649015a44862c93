"""``officectl remind``: payment reminders with statutory interest."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from officectl.cli.app import DATE, App, pass_app


@click.command()
@click.argument("customers", nargs=-1, metavar="[CUS-ID]…")
@click.option(
    "--today", type=DATE, help="The date interest runs to and the letters bear (default: today)."
)
@click.option(
    "--level",
    type=click.IntRange(1, 3),
    help="The reminder level (default: one "
    "more than the last sent for each invoice; 3 is the final demand).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["pdf", "html", "md"]), default="pdf", show_default=True
)
@click.option("--lang", help="cs, fi or en (default: the company's locale).")
@click.option(
    "--fee",
    metavar="X",
    help="A reminder fee per letter, in the company's "
    "currency (capped by Finnish law at 5 EUR for consumers, 12 EUR for "
    "businesses).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder for the letters (default: reports/reminders).",
)
@pass_app
def remind(
    app: App,
    customers: tuple[str, ...],
    today: date | None,
    level: int | None,
    fmt: str,
    lang: str | None,
    fee: str | None,
    output: Path | None,
) -> None:
    """Write a payment reminder to each customer with overdue invoices.

    A letter lists what is overdue and since when, the late-payment interest to
    --today by the law of the company's country (CZ: ČNB repo rate of the half-year
    the delay began + 8 points, fixed; FI: each half-year's reference rate + 8
    between businesses, + 7 for consumers; elsewhere in the EU Directive 2011/7/EU:
    each half-year's reference rate + 8 between businesses, the ECB's for the euro
    area; actual/365), the flat recovery costs
    (B2B: 1,200 CZK per CZK claim, 40 EUR per EUR invoice) and a QR code per invoice
    for its open amount. Each reminder is recorded on its invoice (reminders:
    {date, level}), so the next one is a level higher and an invoice reminded in the
    last 7 days is left out. Reference rates ship with officectl; a half-year it
    lacks is an error telling you to add it under interest_rates: in officectl.yaml.

    \b
    Examples:
      officectl remind --today 2026-11-25
      officectl remind CUS-0001 --level 3 --format html --lang en
    """
    from officectl.documents import letters as letter_docs
    from officectl.documents.reminder import reminder_context
    from officectl.dunning.overdue import Reminder
    from officectl.repository import Repository
    from officectl.workflows import WriteBooks, WritePlan, run
    from officectl.workflows.pay import parse_amount
    from officectl.workflows.remind import Letters
    from officectl.workflows.remind import remind as plan_reminders

    day = today or date.today()
    charge = parse_amount(fee) if fee is not None else None
    from officectl.confine import REPORTS_DIR, output_path

    folder = output_path(app.root, output or app.root / REPORTS_DIR / "reminders")
    folder.mkdir(parents=True, exist_ok=True)  # before any invoice records a reminder
    made = Letters()

    def render(repo: Repository, reminder: Reminder) -> bytes:
        settings = letter_docs.settings(repo, lang)
        return letter_docs.render(
            repo, "reminder", fmt, settings, reminder_context(repo, reminder, settings)
        )

    def make_plan(books: WriteBooks) -> WritePlan:
        return plan_reminders(
            books,
            day,
            made,
            level=level,
            fee=charge,
            customers=list(customers) or None,
            render=render,
        )

    plan = run(app.config, day, make_plan)
    from officectl.documents.render import write_atomic

    for reminder, content in made.documents:
        target = folder / f"reminder-{reminder.customer.id}-{day.isoformat()}.{fmt}"
        write_atomic(target, content)
        shown = (
            app.record_path(target)
            if target.resolve().is_relative_to(app.root.resolve())
            else target
        )
        click.echo(f"wrote {shown}")
    from officectl.terminal import visible

    for message in (*plan.messages, *made.skipped):
        click.echo(visible(message, keep="\n"))
    if not made.documents:
        click.echo("no customer to remind")
