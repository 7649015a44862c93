"""``officectl validate``."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from officectl.cli.app import DATE, App, pass_app

if TYPE_CHECKING:  # not at import: keeps --help fast
    from officectl.validation_result import ValidationResult


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="How problems are printed.",
)
@click.option("--strict", is_flag=True, help="Warnings fail the run too (exit 1).")
@click.option(
    "--today",
    type=DATE,
    help="The date date-dependent checks use (default: today), for reproducible CI runs.",
)
@click.option(
    "--changed-since",
    "changed_since",
    metavar="REF",
    help="Check only records changed since the git REF and those they involve.",
)
@click.option(
    "--no-cache",
    "no_cache",
    is_flag=True,
    help="Neither read nor write .officectl-cache/ (the results are the same; only slower).",
)
@click.option(
    "--einvoice",
    is_flag=True,
    help="Also report what an e-invoice (Peppol or "
    "ISDOC) needs that the records lack, for every customer with invoices.",
)
@pass_app
def validate(
    app: App,
    paths: tuple[Path, ...],
    output_format: str,
    strict: bool,
    today: date | None,
    changed_since: str | None,
    no_cache: bool,
    einvoice: bool,
) -> None:
    """Check every record: schema, checksums, references and business rules.

    Exit 0 when there are no errors (warnings allowed unless --strict), 1 when
    records have problems, 2 on a usage or configuration error.

    E-invoice needs (customer identifiers and address, unit codes, exemption
    codes) are checked for customers that set einvoice: and their invoices;
    --einvoice checks every customer with invoices and every issued invoice.

    --changed-since REF reports only on the records that differ between REF and
    the work tree (commits, staged and unstaged edits, new files) and on the
    records their checks involve; problems elsewhere are older and not reported.

    \b
    Examples:
      officectl validate
      officectl validate records/invoices/2026 --strict
      officectl validate --format github --today 2026-11-25
      officectl validate --changed-since origin/main --format github
      officectl validate --einvoice
    """
    from officectl.reporting import REPORTERS
    from officectl.reporting.text import summary

    day = today or date.today()
    loaded: list[object] = []  # alive until the process ends: see officectl.cli.main
    result = None
    if not no_cache and changed_since is None and not einvoice:
        from officectl.warm import unchanged_result  # nothing else loaded: see there

        within = [app.record_path(path) for path in paths] if paths else None
        result = unchanged_result(app.root, day, None if within is None else tuple(within))
    if result is None:
        result = _validate(app, paths, day, changed_since, no_cache, einvoice, loaded)
    click.echo(REPORTERS[output_format](result), nl=False)
    if output_format == "text":
        click.echo(summary(result), err=True)
    raise SystemExit(result.exit_code(strict=strict))


def _validate(
    app: App,
    paths: tuple[Path, ...],
    today: date,
    changed_since: str | None,
    no_cache: bool,
    einvoice: bool,
    loaded: list[object],
) -> ValidationResult:
    """The run itself: load what changed (everything with ``no_cache``), check, report."""
    from officectl.validation import repository_config, unsafe_cache
    from officectl.validation import validate as run
    from officectl.warm import take_survey

    if not no_cache:
        unsafe = unsafe_cache(app.root)
        if unsafe is not None:
            click.echo(
                f"warning: {unsafe}; validating without the cache (delete it: "
                "officectl makes a new one)",
                err=True,
            )
            no_cache = True
    config = repository_config(app.root, use_cache=not no_cache)
    within = [app.record_path(path) for path in paths] if paths else None
    result = run(
        config,
        today=today,
        only=within,
        changed_since=changed_since,
        use_cache=not no_cache,
        keep=loaded,
        survey=None if no_cache or changed_since is not None else take_survey(app.root),
    )
    if einvoice:
        from officectl.validation import with_einvoice_problems

        result = with_einvoice_problems(config, result, within)
    return result
