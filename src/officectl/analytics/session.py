"""A repository opened for analysis: its views in a locked DuckDB, and pandas frames.

``officectl.open(path)`` returns an :class:`Analysis`; the ``query`` and ``report``
commands make one too, so a script, a notebook and the command line see the same
views with the same figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any

from officectl.analytics.engine import Engine, Result
from officectl.analytics.views import View, build
from officectl.config import Config, find_root, load_config
from officectl.errors import UsageError
from officectl.repository import Repository


class Analysis:
    """The records of one repository as views, figures as of ``today``."""

    def __init__(
        self,
        repo: Repository,
        today: date,
        *,
        show_sensitive: bool = False,
        until: date | None = None,
        only: Iterable[str] | None = None,
    ) -> None:
        self.repo: Repository | None = repo
        self.today = today
        self._config = repo.config
        self.views: dict[str, View] = {
            v.name: v
            for v in build(repo, today, show_sensitive=show_sensitive, until=until, only=only)
        }

    @classmethod
    def of_views(cls, config: Config, today: date, views: Iterable[View]) -> Analysis:
        """An analysis of views already built (from the cache: no records loaded)."""
        analysis = cls.__new__(cls)
        analysis.repo = None
        analysis.today = today
        analysis._config = config
        analysis.views = {v.name: v for v in views}
        return analysis

    @property
    def config(self) -> Config:
        return self._config

    @cached_property
    def engine(self) -> Engine:
        return Engine(self.views.values())

    def query(
        self, sql: str, parameters: list[Any] | None = None, *, select_only: bool = True
    ) -> Result:
        return self.engine.run(sql, parameters, select_only=select_only)

    def frame(self, name: str) -> Any:
        """The view ``name`` as a pandas DataFrame; DECIMAL columns hold ``Decimal``
        objects (object dtype), exact, never floats."""
        import pandas as pd

        view = self.views.get(name)
        if view is None:
            raise UsageError(f"no view '{name}'", hint="views: " + ", ".join(self.views))
        rows = view.rows or view.arrow().to_pylist()
        return pd.DataFrame(
            {
                c.name: pd.Series([row.get(c.name) for row in rows], dtype=_dtype(c.type))
                for c in view.columns
            }
        )


def _dtype(sql_type: str) -> str:
    return {"BIGINT": "Int64", "BOOLEAN": "boolean", "VARCHAR": "object"}.get(sql_type, "object")


def open_repository(
    path: str | Path = ".", *, today: date | None = None, show_sensitive: bool = False
) -> Analysis:
    """The repository at ``path`` (or the nearest one above it), loaded for analysis.
    Records with errors give a ``UserWarning`` (their invalid values are left out, as
    the CLI warns), so a notebook's figures are never silently short."""
    import warnings

    from officectl.views import load_cached

    config = load_config(find_root(Path(path).expanduser()))
    repo, warning = load_cached(config)
    if warning:
        warnings.warn(warning.removeprefix("warning: "), UserWarning, stacklevel=2)
    return Analysis(repo, today or date.today(), show_sensitive=show_sensitive)


def tables_read(sql: str) -> set[str] | None:
    """The tables ``sql`` names (DuckDB's parser), or None if it does not parse (then
    every view is built, and running it gives the engine's own message)."""
    import duckdb

    from officectl.analytics.engine import check_selects

    try:
        check_selects(sql)  # before get_table_names, which plans the statement
        return {str(name) for name in duckdb.get_table_names(sql)}
    except duckdb.Error:
        return None


def plain(value: Any) -> Any:
    """A DECIMAL(27,12) value without the padding zeros its scale adds: ``1500.00``,
    not ``1500.000000000000`` (the value is the same; at least two decimals stay)."""
    if not isinstance(value, Decimal) or value.as_tuple().exponent >= -2:  # type: ignore[operator]
        return value
    text = format(value, "f").rstrip("0")
    whole, _, fraction = text.partition(".")
    return Decimal(f"{whole}.{fraction.ljust(2, '0')}")
