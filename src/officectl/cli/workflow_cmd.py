"""Placeholder until this command lands; replaced by its implementation."""

import click


@click.command("invoice")
def invoice() -> None:
    """Not available yet."""
    raise click.UsageError("not available yet")


@click.command("deal")
def deal() -> None:
    """Not available yet."""
    raise click.UsageError("not available yet")

