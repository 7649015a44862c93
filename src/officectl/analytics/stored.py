"""The analytics tables as DuckDB database files: written once, attached read-only.

The views kept in the cache (:mod:`officectl.analytics.table_cache`) are DuckDB
database files, one per view, so a warm ``query`` attaches them and DuckDB reads only
the columns and blocks the query needs: no Arrow table is made and pyarrow is not
imported (with numpy, a tenth of a warm query at 100,000 invoices).

A database file can hold more than tables: views and macros are SQL that runs when a
query names them. So a file is attached only when its bytes are the ones this user's
officectl wrote: their SHA-256 digest is kept in a sealed cache file (see
:meth:`officectl.cache.Cache.write_sealed`) and compared before the file is attached
(:func:`verified`), the file is checked to be still the one compared once attached,
and only its table of the view's name is read. A file from anywhere else (a pull
request that commits one, a damaged disk) fails the comparison and the view is built
from the records.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG
from typing import Any

from officectl.cache_seal import read_regular
from officectl.errors import UsageError

SUFFIX = ".duckdb"


@dataclass(frozen=True)
class StoredTable:
    """A verified database file holding one view's table, named as the view."""

    path: str
    name: str
    identity: tuple[int, int, int, int]
    """Device, inode, size and modification time of the file whose bytes were verified."""

    def attach(self, connection: Any, alias: str) -> bool:
        """Attach the file read-only to ``connection`` as ``alias`` and make a view
        of the table's name over it (in the temporary schema, found first); False,
        with nothing attached, if the file is no longer the one verified (another
        run stored the same table meanwhile)."""
        quoted = self.path.replace("'", "''")
        connection.execute(f"ATTACH '{quoted}' AS {alias} (READ_ONLY)")
        if _identity(self.path) != self.identity or not self._holds_table(connection, alias):
            connection.execute(f"DETACH {alias}")
            return False
        name = _quoted(self.name)
        connection.execute(f"CREATE TEMP VIEW {name} AS SELECT * FROM {alias}.main.{name}")
        return True

    def _holds_table(self, connection: Any, alias: str) -> bool:
        """Whether the view's name is a table there: what officectl stores (never a
        view, whose SQL would run when queried)."""
        found = connection.execute(
            "SELECT count(*) FROM duckdb_tables() "
            "WHERE database_name = ? AND schema_name = 'main' AND table_name = ?",
            [alias, self.name],
        ).fetchone()
        return bool(found and found[0] == 1)

    def arrow(self, schema: Any) -> Any:
        """The table as an Arrow table of ``schema`` (the view's exact types; DuckDB's
        own Arrow output names a list's items differently)."""
        import duckdb

        connection = duckdb.connect(":memory:", config=CONFIG)
        try:
            if not self.attach(connection, "stored"):
                raise changed()
            table = connection.sql(f"SELECT * FROM {_quoted(self.name)}").to_arrow_table()
        finally:
            connection.close()
        return table.cast(schema)


def changed() -> UsageError:
    """The error of a stored table replaced between its check and its reading."""
    return UsageError(
        "the analytics cache changed while it was read (another run stored it anew)",
        hint="run the command again",
    )


CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}
"""Every DuckDB connection of officectl's: nothing is downloaded or loaded."""


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _identity(path: str) -> tuple[int, int, int, int] | None:
    try:
        st = os.stat(path, follow_symlinks=False)  # noqa: PTH116 - a str path, as cache_seal
    except OSError:
        return None
    if not S_ISREG(st.st_mode):
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def verified(path: Path, name: str, expected: bytes) -> StoredTable | None:
    """The file at ``path`` as a :class:`StoredTable` of view ``name`` if it is a
    regular file (not a link) whose bytes have the ``expected`` digest; else None."""
    before = _identity(str(path))
    data = read_regular(path)
    if before is None or data is None or digest(data) != expected:
        return None
    if _identity(str(path)) != before:  # changed while it was read
        return None
    return StoredTable(str(path), name, before)


def write(folder: Path, file_name: str, name: str, table: Any) -> bytes | None:
    """Write the Arrow ``table`` as table ``name`` of a new database file
    ``folder/file_name`` (built under a temporary name, then renamed into place);
    the digest of its bytes, or None if it could not be written."""
    import duckdb

    if folder.is_symlink() or not folder.is_dir():
        return None
    target = folder / file_name
    temporary = folder / f".{file_name}-{os.getpid()}-{time.monotonic_ns()}"
    try:
        connection = duckdb.connect(str(temporary), config=CONFIG)
        try:
            connection.register("officectl_source", table)
            connection.execute(f"CREATE TABLE {_quoted(name)} AS SELECT * FROM officectl_source")
            connection.unregister("officectl_source")
        finally:
            connection.close()
        data = read_regular(temporary)
        if data is None:
            return None
        temporary.replace(target)
    except (OSError, duckdb.Error):
        return None
    finally:
        for leftover in (temporary, temporary.with_name(temporary.name + ".wal")):
            leftover.unlink(missing_ok=True)
    return digest(data)


def in_memory(connection: Any, name: str, table: Any) -> None:
    """Copy the Arrow ``table`` into a table ``name`` of ``connection``: a view with no
    stored file is queried as the same kind of table as a stored one."""
    connection.register("officectl_source", table)
    try:
        connection.execute(f"CREATE TABLE {_quoted(name)} AS SELECT * FROM officectl_source")
    finally:
        connection.unregister("officectl_source")
