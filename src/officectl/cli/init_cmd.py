"""``officectl init``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from officectl.cli.app import DATE
from officectl.codes import LOCALES


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--locale",
    type=click.Choice(LOCALES),
    default="en_GB",
    show_default=True,
    help="The company's country and language: cs_CZ Czech (CZK, 21/12/0 % VAT), "
    "fi_FI Finnish (EUR, dated VAT rates), en_GB British (GBP, 20/5/0 %) or "
    "en_IE Irish in English (EUR).",
)
@click.option(
    "--today", type=DATE, help="The date the example records are set around (default: today)."
)
@click.option(
    "--install-source",
    metavar="SPEC",
    help="Where CI and the team install officectl from, written to "
    ".officectl/requirements.txt: a pip requirement, a URL (git+https://…"
    "@TAG-OR-COMMIT, a wheel) or a path to a wheel or source folder "
    "(default: where this officectl was installed from).",
)
def init(directory: Path, locale: str, today: date | None, install_source: str | None) -> None:
    """Create a records repository in DIRECTORY, with one example record per kind.

    Writes officectl.yaml, records/<kind>/ with an example each (they pass
    validate: replace them with yours), templates/, .gitignore, a GitHub Actions
    workflow (validate, fmt --check, audit, and the finance export on main) that
    installs officectl from .officectl/requirements.txt, a .pre-commit-config.yaml
    (validate and fmt before a commit, audit before a push) and
    .vscode/settings.json with the JSON Schemas for completion while typing.
    DIRECTORY may exist; nothing in it is overwritten.

    \b
    Examples:
      officectl init books --locale cs_CZ
      officectl init . --locale fi_FI
      officectl init books --locale en_IE
      officectl init books --install-source 'git+https://github.com/OWNER/officectl@v0.1.0'
    """
    from officectl.scaffold import create, install
    from officectl.scaffold.locales import LOCALES

    pin = (
        install.chosen(install_source, directory)
        if install_source is not None
        else install.running(directory)
    )
    written = create(directory, locale, today or date.today(), pin)
    for relpath in written:
        click.echo(directory / relpath)
    if pin.requirement is None:
        click.echo(
            f"\nwarning: CI cannot install officectl yet ({pin.origin}): put a pip "
            f"requirement for it into {directory / install.REQUIREMENTS_FILE} (see "
            "its comments)",
            err=True,
        )
    click.echo(
        f"\nA records repository for {locale} ({LOCALES[locale].summary}) is in "
        f"{directory}. Next:\n"
        f"  cd {directory} && git init && git add -A && officectl validate",
        err=True,
    )
