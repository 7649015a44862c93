"""Placeholder until this command lands; replaced by its implementation."""

import click


@click.command("fmt")
def fmt() -> None:
    """Not available yet."""
    raise click.UsageError("not available yet")

