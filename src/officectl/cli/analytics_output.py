"""What ``query`` and the analytics reports share: loading, and results as tables."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import click

from officectl.cli.context import App

if TYPE_CHECKING:
    from officectl.analytics.engine import Result
    from officectl.analytics.session import Analysis
    from officectl.tabular import Table


def analysis(app: App, today: date | None, *, show_sensitive: bool = False,
             until: date | None = None) -> Analysis:
    from officectl.analytics.session import Analysis
    from officectl.views import load_cached

    repo, warning = load_cached(app.config)
    if warning:
        click.echo(warning, err=True)
    return Analysis(repo, today or date.today(), show_sensitive=show_sensitive, until=until)


def result_table(result: Result) -> Table:
    from officectl.analytics.session import plain
    from officectl.tabular import Table, columns

    names = _unique(result.columns)
    rows = [{name: plain(value) for name, value in zip(names, row, strict=True)}
            for row in result.rows]
    return Table(columns(*names), rows)


def _unique(names: list[str]) -> list[str]:
    """Column names as keys: a repeated name gets ``_2``, ``_3`` …"""
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return unique
