"""Placeholder until this command lands; replaced by its implementation."""

import click


@click.command("audit")
def audit() -> None:
    """Not available yet."""
    raise click.UsageError("not available yet")

