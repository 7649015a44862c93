"""``officectl fmt``."""

from __future__ import annotations

from pathlib import Path

import click

from officectl.cli.context import App, pass_app


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--check", is_flag=True, help="Write nothing; list the files that would "
              "change and exit 1 if there are any (for CI).")
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
    from officectl.formatting import FormatError, format_file, record_files
    from officectl.terminal import visible

    root, config = app.root, app.config
    changed = failed = 0
    for relpath in record_files(root, [app.record_path(p) for p in paths]):
        try:
            if format_file(root, relpath, config, write=not check):
                changed += 1
                click.echo(visible(relpath))
        except FormatError as exc:
            failed += 1
            click.echo(visible(f"{relpath}:{exc.line}:{exc.column}: error fmt: "
                               f"{exc.message}"), err=True)
    verb = "would be reformatted" if check else "reformatted"
    click.echo(f"{changed} file{'s' * (changed != 1)} {verb}"
               + (f", {failed} could not be read" if failed else ""), err=True)
    if failed or (check and changed):
        raise SystemExit(1)

