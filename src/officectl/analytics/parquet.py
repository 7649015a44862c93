"""``officectl export parquet``: every view as Parquet, partitioned by year, written whole.

Each view is a folder; a view with a date column is split Hive-style by the year of
its first one (``invoices/year=2026/part-0.parquet``; ``year=__HIVE_DEFAULT_PARTITION__``
where the date is empty), which DuckDB, Polars, Spark and Trino read as a ``year``
column. Money is ``decimal128`` exactly as in the views. The same records give the
same bytes. The folder is built beside the target and renamed into place, so a
reader sees the old export or the new one; a folder that is not an earlier export is
never replaced.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from officectl.analytics.views import View
from officectl.errors import UsageError

MARKER = ".officectl-parquet"
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"


def partition_column(view: View) -> str | None:
    """``year`` if the view has one, else its first DATE column, else None."""
    names = [c.name for c in view.columns]
    if "year" in names:
        return "year"
    return next((c.name for c in view.columns if c.type == "DATE"), None)


def _parts(view: View, table: Any) -> dict[str, Any]:
    """The view's Arrow table split by the year of its partition column, rows in order."""
    column = partition_column(view)
    if column is None:
        return {"": table}
    rows: dict[str, list[int]] = {}
    for index, value in enumerate(table.column(column).to_pylist()):
        year = value if column == "year" else getattr(value, "year", None)
        rows.setdefault(NULL_PARTITION if year is None else f"{year:04d}", []).append(index)
    return {f"year={key}": table.take(rows[key]) for key in sorted(rows)}


def _write_view(view: View, folder: Path) -> int:
    """Write one view's files (from its Arrow table, the same whether the view was
    built now or read from the cache, so both give the same bytes)."""
    import pyarrow.parquet as pq

    count = 0
    stored = [c.name for c in view.columns if c.name != "year"]
    for part, table in _parts(view, view.arrow()).items():
        target = folder / view.name / part if part else folder / view.name
        target.mkdir(parents=True, exist_ok=True)
        pq.write_table(
            table.select(stored).combine_chunks(),
            target / "part-0.parquet",
            compression="zstd",
            write_statistics=True,
        )
        count += 1
    return count


def write_parquet(views: Iterable[View], target: Path) -> int:
    """Write every view under ``target`` (replacing an earlier export); the number of
    files written."""
    if target.is_symlink():
        raise UsageError(
            f"cannot write {target}: it is a symbolic link, and officectl never writes through one",
            hint="delete the link, or name another output with -o",
        )
    if target.exists() and (
        not target.is_dir() or (any(target.iterdir()) and not (target / MARKER).is_file())
    ):
        raise UsageError(
            f"cannot write {target}: it exists and is not an earlier Parquet export",
            hint="name an empty or new folder with -o",
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        count = sum(_write_view(view, building) for view in views)
        (building / MARKER).write_text("written by officectl export parquet\n", encoding="utf-8")
        building.chmod(0o755 & ~_umask())
        _swap(building, target)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return count


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _swap(building: Path, target: Path) -> None:
    """Put ``building`` at ``target``: the old export is renamed away first and deleted
    after, so the name always holds a whole export."""
    if not target.exists():
        building.rename(target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
    old.rmdir()
    target.rename(old)
    try:
        building.rename(target)
    except OSError:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)
