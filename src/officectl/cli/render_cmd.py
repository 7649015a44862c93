"""``officectl render`` and ``officectl templates``."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from officectl.cli.app import App, pass_app

if TYPE_CHECKING:  # not at import: keeps --help fast
    from officectl.records import Record

PROGRESS_FROM = 5
"""Show a progress bar (on stderr) from this many documents on."""


@click.command()
@click.argument("ids", nargs=-1)
@click.option(
    "--all", "all_kind", metavar="KIND", help="Every record of KIND (invoices, contracts…)."
)
@click.option(
    "--where",
    "where",
    multiple=True,
    metavar="FIELD=VALUE",
    help="Only records matching, as in 'list': FIELD=VALUE, !=, <, <=, >, >=, ~ "
    "(repeatable; all must match).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["pdf", "html", "md"]),
    help="Output format [default: pdf, or md for a .md template].",
)
@click.option(
    "--template",
    metavar="NAME_OR_PATH",
    help="A template name (see 'officectl templates') or a file inside the repository.",
)
@click.option(
    "--lang",
    type=click.Choice(["cs", "fi", "en"]),
    help="Document language [default: the company's locale].",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder [default: reports/ in the repository].",
)
@click.option(
    "--show-sensitive",
    is_flag=True,
    help="Allow --where on sensitive fields "
    "(staff salary and personal_id); templates never see them.",
)
@click.option(
    "--as-issued",
    is_flag=True,
    help="Invoices as issued: without the payments, "
    "credit notes and status that came after the issue date.",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    envvar="OFFICECTL_RENDER_TIME_LIMIT",
    show_default=True,
    metavar="SECONDS",
    help="Seconds one document may take.",
)
@click.option(
    "--memory-limit",
    type=click.IntRange(min=64),
    default=1024,
    envvar="OFFICECTL_RENDER_MEMORY_LIMIT",
    show_default=True,
    metavar="MIB",
    help="MiB of memory one document may take.",
)
@click.option(
    "--output-limit",
    type=click.IntRange(min=1),
    default=20,
    envvar="OFFICECTL_RENDER_OUTPUT_LIMIT",
    show_default=True,
    metavar="MIB",
    help="MiB one document may be.",
)
@click.option(
    "--embed-xml",
    is_flag=True,
    help="A PDF/A-3 with the invoice's e-invoice "
    "attached (invoice.isdoc, or <ID>.xml for Peppol): see 'export einvoice'.",
)
@pass_app
def render(
    app: App,
    ids: tuple[str, ...],
    all_kind: str | None,
    where: tuple[str, ...],
    fmt: str | None,
    template: str | None,
    lang: str | None,
    output: Path | None,
    show_sensitive: bool,
    as_issued: bool,
    time_limit: float,
    memory_limit: int,
    output_limit: int,
    embed_xml: bool,
) -> None:
    """Render invoices, credit notes and contracts to PDF, HTML or Markdown.

    Writes OUTPUT/<ID>.<format> and prints each path. Invoices carry a payment QR
    code for the amount still due; drafts render as pro forma, without a number or
    payment details. --as-issued reproduces the tax document of the issue date
    (payments and credit notes dated later left out, the QR code for what was due
    then). A document is made only from records without errors (the record and every
    record it uses: its customer, contract, deal, credit notes); else exit 1. A
    template error stops with exit 2. Templates read only templates/ and the
    built-ins; -o may name a folder outside the repository. Each document is made
    within a time, memory and size limit (a template from a pull request cannot hang
    or exhaust the machine); going over one stops with exit 1.

    \b
    Examples:
      officectl render INV-2026-0025
      officectl render INV-2026-0025 --format html --lang en
      officectl render INV-2026-0024 --as-issued -o archive/
      officectl render --all invoices --where status=issued -o out/
      officectl render --all invoices --where 'balance>0' --template reminder.html
      officectl render CON-2026-002 --format md
      officectl render INV-2026-0025 --template templates/reminder.html
      officectl render INV-2026-0025 --embed-xml
    """
    from datetime import date

    from officectl.cli.memory import resume_collector
    from officectl.documents.limits import Limits
    from officectl.documents.render import (
        Renderer,
        RenderPlan,
        refuse_broken,
        refuse_not_issued,
        write_atomic,
    )
    from officectl.documents.selection import select
    from officectl.validation import load_repository

    # as validate: the same records, and the repository rules' problems too
    repo, problems = load_repository(app.config, use_cache=True, today=date.today())
    resume_collector()  # rendering makes cyclic garbage (WeasyPrint's layout trees)
    records = select(repo, ids, all_kind, where, show_sensitive=show_sensitive)
    plan = RenderPlan.make(
        app.root,
        fmt=fmt,
        template=template,
        lang=lang,
        output=output,
        as_issued=as_issued,
        embed_xml=embed_xml,
    )
    for record in records:
        refuse_broken(repo, record, problems)
        if as_issued:
            refuse_not_issued(record)
    renderer = Renderer(repo, plan, Limits(time_limit, memory_limit, output_limit))
    many = len(records) >= PROGRESS_FROM
    written: list[Path] = []
    with click.progressbar(
        records, label="Rendering", file=sys.stderr, item_show_func=_label, hidden=not many
    ) as bar:
        for record in bar:
            target = plan.target(record)
            write_atomic(target, renderer.document(record))
            if many:
                written.append(target)  # printed after the bar, not through it
            else:
                click.echo(_shown(target))
    for target in written:
        click.echo(_shown(target))
    if not records:
        click.echo("no record matches", err=True)


@click.command()
@click.option(
    "--copy",
    "copy_name",
    metavar="NAME",
    help="Copy the built-in template NAME into templates/ to customise it.",
)
@pass_app
def templates(app: App, copy_name: str | None) -> None:
    """List the templates 'render' can use, and where each comes from.

    A file in the repository's templates/ folder overrides the built-in of the
    same name; --copy starts one from the built-in.

    \b
    Examples:
      officectl templates
      officectl templates --copy invoice.html
    """
    from officectl.documents.catalog import available, copy_builtin

    if copy_name is not None:
        click.echo(_shown(copy_builtin(app.root, copy_name)))
        return
    for info in available(app.root):
        where = (
            f"repository  {info.path.relative_to(app.root).as_posix()}"
            + ("  (overrides the built-in)" if info.overrides else "")
            if info.origin == "repository"
            else "built-in"
        )
        click.echo(f"{info.name:<20}  {where}")


def _label(record: Record | None) -> str | None:
    return record.id if record is not None else None


def _shown(path: Path) -> str:
    """A path relative to the working folder when it is below it, else absolute; a
    record ID in it is record text, so its control characters are made visible."""
    from officectl.terminal import visible

    absolute = path.resolve()
    try:
        shown = os.path.relpath(absolute) if absolute.is_relative_to(Path.cwd()) else str(absolute)
    except ValueError:
        shown = str(absolute)
    return visible(shown)
