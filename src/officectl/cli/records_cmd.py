"""Placeholder until this command lands; replaced by its implementation."""

import click


@click.command("list_records")
def list_records() -> None:
    """Not available yet."""
    raise click.UsageError("not available yet")


@click.command("show")
def show() -> None:
    """Not available yet."""
    raise click.UsageError("not available yet")


@click.command("new")
def new() -> None:
    """Not available yet."""
    raise click.UsageError("not available yet")

