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

from officectl.cli.app import DATE, App, pass_app

if TYPE_CHECKING:
    from officectl.workflows import WriteBooks, WritePlan


def _happened(on: date | None, what: str, today: date | None = None) -> date:
    """``--date``, or today: a payment, an issued invoice or a closed deal is never in
    the future (an invoice issued ahead would take its year's next number for ever)."""
    today = today or date.today()
    if on is not None and on > today:
        raise click.BadParameter(
            f"{on} is in the future (today is {today}); {what} is recorded once it has happened",
            param_hint="'--date'",
        )
    return on or today


def _run(app: App, today: date, make_plan: Callable[[WriteBooks], WritePlan]) -> None:
    from officectl.workflows import run

    plan = run(app.config, today, make_plan)
    from officectl.terminal import visible

    for message in plan.messages:  # they quote record text
        click.echo(visible(message, keep="\n"))


@click.group()
def invoice() -> None:
    """Issue, pay, refund and bill invoices from contracts.

    \b
    Examples:
      officectl invoice recurring --period 2026-12
      officectl invoice issue INV-DRAFT-0001 --date 2026-12-01
      officectl invoice pay INV-2026-0021 --amount 89460.00 --reference "VS 20260021"
      officectl invoice refund INV-2026-0029 --amount 1210.00
    """


@invoice.command("issue")
@click.argument("draft_id", metavar="DRAFT-ID")
@click.option("--date", "on", type=DATE, help="The issue date (default: today).")
@click.option(
    "--today", type=DATE, help="Today's date, which --date may not pass (default: the real date)."
)
@pass_app
def issue_invoice(app: App, draft_id: str, on: date | None, today: date | None) -> None:
    """Give a draft invoice the next number of its issue year and issue it.

    The file is renamed to the number (beside that year's other invoices) and gets
    status issued, issue_date and due_date (the customer's payment_terms_days, else
    the repository's). Refused for an invoice that is no draft, and for one that
    would not validate once issued (e.g. a foreign currency without exchange_rate),
    and for an issue date after today (exit 2): an invoice dated ahead would take
    the next number of its year for ever.

    \b
    Examples:
      officectl invoice issue INV-DRAFT-0001
      officectl invoice issue INV-DRAFT-0002 --date 2026-12-01
    """
    from officectl.workflows.issue import issue

    day = _happened(on, "an issued invoice", today)
    _run(app, day, lambda books: issue(books, draft_id, day))


@invoice.command("pay")
@click.argument("invoice_id", metavar="ID")
@click.option(
    "--amount",
    required=True,
    metavar="X",
    help="The amount received, in the invoice's currency (e.g. 1500.00).",
)
@click.option("--date", "on", type=DATE, help="The payment date (default: today).")
@click.option("--reference", metavar="TEXT", help="Bank reference, variable symbol…")
@pass_app
def pay_invoice(
    app: App, invoice_id: str, amount: str, on: date | None, reference: str | None
) -> None:
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


@invoice.command("refund")
@click.argument("invoice_id", metavar="ID")
@click.option(
    "--amount",
    required=True,
    metavar="X",
    help="The amount paid back, positive, in the invoice's currency (e.g. 1210.00).",
)
@click.option("--date", "on", type=DATE, help="The refund date (default: today).")
@click.option("--reference", metavar="TEXT", help="Bank reference of the transfer.")
@pass_app
def refund_invoice(
    app: App, invoice_id: str, amount: str, on: date | None, reference: str | None
) -> None:
    """Record money paid back to the customer after a credit note.

    A credit note on a paid or partly paid invoice leaves a negative balance: the
    customer is owed that much. The refund is added to the invoice's payments as a
    negative amount with refund: true; once nothing is owed the invoice is paid (or
    cancelled, when credit notes took off its whole total). A refund of more than is
    owed is refused (exit 1), as is one on a draft or a credit note (refund the
    invoice it corrects).

    \b
    Examples:
      officectl invoice refund INV-2026-0029 --amount 1210.00
      officectl invoice refund INV-2026-0029 --amount 500 --date 2026-11-24 --reference SEPA-77
    """
    from officectl.workflows.pay import parse_amount
    from officectl.workflows.refund import refund

    value = parse_amount(amount)
    day = _happened(on, "a refund")
    _run(app, day, lambda books: refund(books, invoice_id, value, day, reference))


@invoice.command("recurring")
@click.option(
    "--period",
    required=True,
    metavar="PERIOD",
    help="A month (2026-12), quarter (2026-Q4) or year (2026).",
)
@click.option(
    "--today",
    type=DATE,
    help="The day it runs (default: today): a period "
    "billed in arrears is drafted only once it has ended.",
)
@pass_app
def recurring_invoices(app: App, period: str, today: date | None) -> None:
    """Draft an invoice for every active contract whose billing falls due in PERIOD.

    A contract is billed for exactly its term: calendar months (monthly) or quarters
    (quarterly), or years from its start date (yearly), clipped to its start and end
    dates; a part-period costs amount × days / days in the whole period, half up to
    0.01 (billing.prorate: false bills it whole). In advance (the default) a period
    falls due on its first day; with billing.timing: arrears on the day after its
    last, and its draft gets taxable_supply_date = that last day. A contract that
    has an invoice for the period already (draft or issued) gets none, so running it
    twice creates nothing new. Prints one line per draft.

    \b
    Examples:
      officectl invoice recurring --period 2026-12
      officectl invoice recurring --period 2027-Q1 --today 2027-01-04
    """
    from officectl.periods import parse_period
    from officectl.workflows.recurring import recurring

    chosen, day = parse_period(period), today or date.today()
    _run(app, day, lambda books: recurring(books, chosen, day))


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
@click.option(
    "--start", type=DATE, help="The new contract's start date (default: the closing date)."
)
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
