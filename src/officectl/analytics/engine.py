"""SQL over the views in an in-process DuckDB that cannot reach a file.

The views are tables (exact ``DECIMAL``): stored ones attached read-only from the
cache (:mod:`officectl.analytics.stored`), others copied in; then external access
is switched off and the configuration locked: ``COPY``, ``read_csv``, ``ATTACH``,
``INSTALL``/``LOAD`` and ``SET`` all fail, whatever the query says. A query's error
is DuckDB's own message, raised as a :class:`~officectl.errors.UsageError` (exit 2).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from officectl.analytics.stored import CONFIG, changed, in_memory
from officectl.analytics.views import View
from officectl.errors import UsageError


@dataclass(frozen=True)
class Result:
    columns: list[str]
    types: list[str]
    rows: list[tuple[Any, ...]]


class Engine:
    """A locked DuckDB holding the views."""

    def __init__(self, views: Iterable[View]) -> None:
        import duckdb

        self._duckdb = duckdb
        self.connection = duckdb.connect(":memory:", config=CONFIG)
        for index, view in enumerate(views):
            # A stored view is attached, not copied: a query reads only the columns
            # it names, from the file. One without a file is copied into a table, so
            # that every query runs over the same kind of table, whichever way its
            # views came (the same rows in the same order: the same bytes out).
            stored = view.stored
            if stored is None or not stored.attach(self.connection, f"officectl_stored_{index}"):
                if stored is not None and view.table is None and not view.rows:
                    raise changed()  # replaced since it was verified; nothing else here
                in_memory(self.connection, view.name, view.arrow())
        self.connection.execute("SET enable_external_access = false")
        self.connection.execute("SET lock_configuration = true")

    def run(
        self, sql: str, parameters: list[Any] | None = None, *, select_only: bool = True
    ) -> Result:
        """Run ``sql``. Unless told otherwise, only queries: a statement that is not a
        SELECT (COPY, EXPORT, ATTACH, CREATE …) is refused before it runs, since some
        (EXPORT DATABASE) create a folder before DuckDB checks its file access."""
        try:
            if select_only:
                self._check_selects(sql)
            cursor = self.connection.execute(sql, parameters or [])
            if cursor.description is None:
                return Result([], [], [])
            names = [d[0] for d in cursor.description]
            types = [str(d[1]) for d in cursor.description]
            return Result(names, types, cursor.fetchall())
        except self._duckdb.Error as error:
            raise UsageError(f"query failed: {error}") from None

    def _check_selects(self, sql: str) -> None:
        check_selects(sql)


def check_selects(sql: str) -> None:
    """A UsageError unless every statement of ``sql`` is a SELECT, asked of DuckDB's
    parser alone (planning EXPORT DATABASE already creates its folder)."""
    import duckdb

    for statement in duckdb.extract_statements(sql):
        kind = str(statement.type).rsplit(".", 1)[-1]
        if kind == "LOAD":  # DuckDB's one type for INSTALL and LOAD
            kind = "INSTALL or LOAD"
        if kind != "SELECT":
            raise UsageError(
                f"query failed: only SELECT queries run here, not {kind}",
                hint="the views are read-only; nothing reaches a file",
            )
