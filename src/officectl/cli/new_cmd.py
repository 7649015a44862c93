"""``officectl new``."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import click

from officectl.cli.app import DATE, App, pass_app


@click.command()
@click.argument("kind")
@click.option(
    "--set",
    "assignments",
    multiple=True,
    metavar="FIELD=VALUE",
    help="A field's value (repeatable). FIELD may be a dotted path "
    "(address.city, lines.0.unit_price); a list may be given as [a, b].",
)
@click.option(
    "--today",
    type=DATE,
    help="The date that picks a contract's ID year and a deal's opened_on (default: today).",
)
@pass_app
def new(app: App, kind: str, assignments: tuple[str, ...], today: date | None) -> None:
    """Create a record of KIND with the next free ID and print its path.

    Every required field must be given with --set (a deal starts as lead, a contract
    and an invoice as draft, an invoice in its customer's currency). A record that
    would not pass validate is refused with its problems (exit 1) and nothing is
    written. KIND may be singular.

    \b
    Examples:
      officectl new customer --set name="Kavárna U Hradu s.r.o." --set country=CZ
      officectl new deal --set title="Web redesign" --set customer=CUS-0003 \\
          --set owner=EMP-002 --set amount=85000
      officectl new invoice --set customer=CUS-0002 --set lines.0.description=Audit \\
          --set lines.0.quantity=1 --set lines.0.unit_price=12000 --set lines.0.vat_rate=21
      $EDITOR "$(officectl new contract --set title=Hosting --set customer=CUS-0001 \\
          --set start_date=2027-01-01)"
    """
    from officectl.workflows import run
    from officectl.workflows.new import new as plan_new

    day = today or date.today()
    plan = run(app.config, day, lambda books: plan_new(books, kind, list(assignments), day))
    for change in plan.changes:
        click.echo(_shown(app.root / change.path))


def _shown(path: Path) -> str:
    """The path relative to the current folder when inside it, else absolute."""
    try:
        return os.path.relpath(path) if path.is_relative_to(Path.cwd()) else str(path)
    except (ValueError, FileNotFoundError):  # another drive on Windows; no current folder
        return str(path)
