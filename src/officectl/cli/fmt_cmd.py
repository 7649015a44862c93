"""``officectl fmt``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from officectl.cli.app import App, pass_app

if TYPE_CHECKING:
    from officectl.config import Config


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; list the files that would change and exit 1 if there are any (for CI).",
)
@pass_app
def fmt(app: App, paths: tuple[Path, ...], check: bool) -> None:
    """Rewrite records in the canonical layout, keeping every comment.

    Keys in the schema's order, two-space indentation with list items indented
    under their key, short lists of words on one line, quotes only where a YAML
    reader would misread the text (NO, yes, 012, 1e3, a date written as text…).
    The data never changes: only its layout. PATHs are record files or folders
    (default: every record). Prints each file it changes (or would change).

    \b
    Examples:
      officectl fmt
      officectl fmt records/invoices/2026
      officectl fmt --check
    """
    from contextlib import nullcontext

    from officectl.lock import locked

    root, config = app.root, app.config
    selected = [app.record_path(p) for p in paths]
    with nullcontext() if check else locked(root):  # a writer: one at a time
        changed, failed = _format(root, config, selected, check)
    verb = "would be reformatted" if check else "reformatted"
    click.echo(
        f"{changed} file{'s' * (changed != 1)} {verb}"
        + (f", {failed} could not be read" if failed else ""),
        err=True,
    )
    if failed or (check and changed):
        raise SystemExit(1)


def _format(root: Path, config: Config, selected: list[str], check: bool) -> tuple[int, int]:
    """Format the selected records (or check them); how many changed and failed."""
    from officectl.terminal import visible
    from officectl.yaml.formatting import FormatError, format_file, record_files
    from officectl.yaml.reading import LoadError

    changed = failed = 0
    refused: list[tuple[str, LoadError]] = []
    files = record_files(root, selected, refused)
    for relpath, error in refused:  # a link or an unreadable folder: never formatted
        failed += 1
        click.echo(f"{relpath}:1:1: error {error.code}: {error.message}", err=True)
    for relpath in files:
        try:
            if format_file(root, relpath, config, write=not check):
                changed += 1
                click.echo(visible(relpath))
        except FormatError as exc:
            failed += 1
            click.echo(
                visible(f"{relpath}:{exc.line}:{exc.column}: error fmt: {exc.message}"), err=True
            )
    return changed, failed
