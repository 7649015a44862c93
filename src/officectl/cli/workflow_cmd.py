"""``officectl invoice …`` and ``officectl deal …``: the hand-offs that write records.

Every command here plans its edits, checks that the repository would still pass
``validate`` and only then writes (see :mod:`officectl.workflows`); a refusal
exits 1 and changes nothing. Messages go to stdout, one line per record written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

import click

from officectl.cli.context import DATE, App, pass_app

if TYPE_CHECKING:
    from officectl.workflows import Books, Plan


def _happened(on: date | None, what: str) -> date:
    """``--date``, or today: a payment or a closed deal is never in the future."""
    today = date.today()
    if on is not None and on > today:
        raise click.BadParameter(f"{on} is in the future (today is {today}); {what} is "
                                 "recorded once it has happened", param_hint="'--date'")
    return on or today


def _run(app: App, today: date, make_plan: Callable[[Books], Plan]) -> None:
    from officectl.workflows import Books, commit

    books = Books(app.config)
    plan = make_plan(books)
    commit(books, plan, today)
    from officectl.terminal import visible

    for message in plan.messages:  # they quote record text
        click.echo(visible(message, keep="\n"))


@click.group()
def invoice() -> None:
    """Issue, pay and bill invoices from contracts.

    \b
    Examples:
      officectl invoice recurring --period 2026-12
      officectl invoice issue INV-DRAFT-0001 --date 2026-12-01
      officectl invoice pay INV-2026-0021 --amount 89460.00 --reference "VS 20260021"
    """


@invoice.command("issue")
@click.argument("draft_id", metavar="DRAFT-ID")
@click.option("--date", "on", type=DATE, help="The issue date (default: today).")
@pass_app
def issue_invoice(app: App, draft_id: str, on: date | None) -> None:
    """Give a draft invoice the next number of its issue year and issue it.

    The file is renamed to the number (beside that year's other invoices) and gets
    status issued, issue_date and due_date (the customer's payment_terms_days, else
    the repository's). Refused for an invoice that is no draft, and for one that
    would not validate once issued (e.g. a foreign currency without exchange_rate).

    \b
    Examples:
      officectl invoice issue INV-DRAFT-0001
      officectl invoice issue INV-DRAFT-0002 --date 2026-12-01
    """
    from officectl.workflows.issue import issue

    day = on or date.today()
    _run(app, day, lambda books: issue(books, draft_id, day))


@invoice.command("pay")
@click.argument("invoice_id", metavar="ID")
@click.option("--amount", required=True, metavar="X",
              help="The amount received, in the invoice's currency (e.g. 1500.00).")
@click.option("--date", "on", type=DATE, help="The payment date (default: today).")
@click.option("--reference", metavar="TEXT", help="Bank reference, variable symbol…")
@pass_app
def pay_invoice(app: App, invoice_id: str, amount: str, on: date | None,
                reference: str | None) -> None:
    """Record a payment; the invoice becomes paid once nothing is open.

    Open is total − payments − credit notes. A payment of more than that is refused
    (exit 1), as is paying a draft, a cancelled invoice or a credit note.

    \b
    Examples:
      officectl invoice pay INV-2026-0021 --amount 89460.00
      officectl invoice pay INV-2026-0017 --amount 500 --date 2026-11-20 --reference SEPA-1183
    """
    from officectl.workflows.pay import parse_amount, pay

    value = parse_amount(amount)
    day = _happened(on, "a payment")
    _run(app, day, lambda books: pay(books, invoice_id, value, day, reference))


@invoice.command("recurring")
@click.option("--period", required=True, metavar="PERIOD",
              help="A month (2026-12), quarter (2026-Q4) or year (2026).")
@pass_app
def recurring_invoices(app: App, period: str) -> None:
    """Draft an invoice for every active contract whose billing falls due in PERIOD.

    Monthly contracts fall due every month of their term, quarterly ones in the
    first month of each calendar quarter (or the month they start), yearly ones in
    their anniversary month. A contract that has an invoice for the billing period
    already (draft or issued) gets none, so running it twice creates nothing new.
    Prints one line per draft.

    \b
    Examples:
      officectl invoice recurring --period 2026-12
      officectl invoice recurring --period 2027-Q1
    """
    from officectl.periods import parse_period
    from officectl.workflows.recurring import recurring

    chosen = parse_period(period)
    _run(app, date.today(), lambda books: recurring(books, chosen))


@click.group()
def deal() -> None:
    """Close deals: a won deal becomes a contract.

    \b
    Examples:
      officectl deal won DEAL-0012 --date 2026-12-03
      officectl deal lost DEAL-0007 --reason "chose a cheaper agency"
    """


@deal.command("won")
@click.argument("deal_id", metavar="ID")
@click.option("--date", "on", type=DATE, help="The closing date (default: today).")
@click.option("--start", type=DATE, help="The new contract's start date (default: the "
              "closing date).")
@pass_app
def deal_won(app: App, deal_id: str, on: date | None, start: date | None) -> None:
    """Mark a deal won and link it to its contract, drafting one if it has none.

    Sets stage won, closed_on and (if present) probability 100. The contract is the
    one the deal names, or the one contract that names the deal; else a new draft
    contract (next CON-<year>-NNN) for the deal's customer, with the deal's title and
    amount, linked both ways. Prints what was done.

    \b
    Examples:
      officectl deal won DEAL-0012
      officectl deal won DEAL-0010 --date 2026-11-30 --start 2027-01-01
    """
    from officectl.workflows.deals import won

    day = _happened(on, "a won deal")
    _run(app, day, lambda books: won(books, deal_id, day, start))


@deal.command("lost")
@click.argument("deal_id", metavar="ID")
@click.option("--reason", required=True, metavar="TEXT", help="Why it was lost.")
@click.option("--date", "on", type=DATE, help="The closing date (default: today).")
@pass_app
def deal_lost(app: App, deal_id: str, reason: str, on: date | None) -> None:
    """Mark a deal lost: stage lost, closed_on, lost_reason (and probability 0).

    \b
    Examples:
      officectl deal lost DEAL-0007 --reason "budget frozen until 2028"
    """
    from officectl.workflows.deals import lost

    day = _happened(on, "a lost deal")
    _run(app, day, lambda books: lost(books, deal_id, day, reason))
