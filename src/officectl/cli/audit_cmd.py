"""``officectl audit``."""

from __future__ import annotations

import click

from officectl.cli.app import App, pass_app


@click.command()
@click.option(
    "--since",
    metavar="REF",
    help="Walk only the commits after the git REF; the invoices issued by REF are the baseline.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="How problems are printed.",
)
@pass_app
def audit(app: App, since: str | None, output_format: str) -> None:
    """Check in git history that issued invoices were never changed.

    An issued invoice is immutable: after the commit that first holds it as
    issued only status, payments, reminders, notes and meta may change; a correction
    is a credit note. Reports an issued invoice edited afterwards (naming the
    file, the commit and the field), deleted, renumbered, or a number reused.
    Reformatting is not a change. Reads the history of HEAD in one pass.
    A symbolic link under records/ is reported too (a record is a regular file).
    When REF is not an ancestor of HEAD (a force-push rewrote the history), this
    is said on stderr, and REF's issued invoices are also compared with HEAD's.
    Exit codes as for validate: 0 clean, 1 problems, 2 usage error (not a git
    repository, unknown REF, a shallow clone without the history to audit).

    \b
    Examples:
      officectl audit
      officectl audit --since v2026.1 --format github
    """
    from officectl.audit import audit as run
    from officectl.reporting import REPORTERS

    result = run(app.config, since=since)
    report = result.as_validation()
    click.echo(REPORTERS[output_format](report), nl=False)
    for note in result.notes:
        click.echo(f"warning: {note}", err=True)
    if output_format == "text":
        click.echo(
            f"{result.invoices} issued invoices audited over {result.commits} "
            f"commits: {report.errors} problem(s)",
            err=True,
        )
    raise SystemExit(report.exit_code(strict=False))
