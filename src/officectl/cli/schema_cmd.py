"""``officectl schema``."""

from __future__ import annotations

from pathlib import Path

import click

from officectl.cli.app import App, pass_app
from officectl.errors import UsageError


@click.command()
@click.argument("kind", required=False)
@click.option("--all", "all_kinds", is_flag=True, help="Every kind (needs -o).")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write <kind>.schema.json files into this folder.",
)
@pass_app
def schema(app: App, kind: str | None, all_kinds: bool, output: Path | None) -> None:
    """Print the JSON Schema (draft 2020-12) of a record kind, for editors.

    The schema includes the repository's extra fields and its own kinds from
    officectl.yaml.

    \b
    Examples:
      officectl schema invoices
      officectl schema --all -o .officectl/schemas
    """
    import json

    from officectl.jsonschema_export import kind_schema

    kinds = app.config.kinds
    if all_kinds:
        names = list(kinds)
    elif kind is None:
        raise UsageError("name a KIND or pass --all", hint=f"kinds: {', '.join(kinds)}")
    else:
        from officectl.model import kind_named  # not at import: keeps --help fast

        names = [kind_named(kind, kinds).name]
    if output is None:
        if len(names) > 1:
            raise UsageError("--all writes one file per kind: give -o DIR")
        click.echo(json.dumps(kind_schema(kinds[names[0]], kinds), indent=2, ensure_ascii=False))
        return
    from officectl.confine import output_path
    from officectl.exports.files import write_atomically

    folder = output_path(app.root, output)
    targets = {name: output_path(app.root, folder / f"{name}.schema.json") for name in names}
    for name, target in targets.items():
        text = json.dumps(kind_schema(kinds[name], kinds), indent=2, ensure_ascii=False)
        write_atomically(target, (text + "\n").encode("utf-8"))
        click.echo(output / target.name)
