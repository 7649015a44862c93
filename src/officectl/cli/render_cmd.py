"""Placeholder until this command lands; replaced by its implementation."""

import click


@click.command("render")
def render() -> None:
    """Not available yet."""
    raise click.UsageError("not available yet")


@click.command("templates")
def templates() -> None:
    """Not available yet."""
    raise click.UsageError("not available yet")

