"""The analytics views kept in the cache (officectl.analytics.table_cache).

A warm ``query``, report or Parquet export reads the tables a previous run stored;
these tests hold it to the same output as a run that builds every view from the
records, and show that a changed record, another date, or a damaged cache file is
never answered from a stale table.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from analytics_helpers import net, records
from conftest import TODAY, RunCli
from officectl.analytics.table_cache import AS_OF_VIEWS, UNTIL_VIEWS
from officectl.analytics.views import build
from officectl.cache import CACHE_DIR
from officectl.config import load_config
from officectl.validation import load_repository

QUERIES = (
    ("query", "SELECT customer, sum(net_base) AS net FROM invoices GROUP BY ALL ORDER BY ALL"),
    ("query", "SELECT * FROM invoices ORDER BY id"),
    ("query", "SELECT * FROM payments ORDER BY invoice, payment"),
    ("query", "SELECT * FROM officectl_schema ORDER BY view, position"),
    ("report", "kpis"),
    ("report", "forecast"),
    ("report", "revenue"),
)


def outputs(run_cli: RunCli, root: Path) -> dict[str, tuple[str, str]]:
    """stdout and stderr of every command of :data:`QUERIES`, in JSON."""
    found = {}
    for command, argument in QUERIES:
        result = run_cli(root, command, argument, "--today", TODAY, "--format", "json")
        assert result.exit_code == 0, result.output
        found[argument] = (result.stdout, result.stderr)
    return found


def parquet_files(run_cli: RunCli, root: Path, target: Path) -> dict[str, bytes]:
    result = run_cli(root, "export", "parquet", "--today", TODAY, "-o", str(target))
    assert result.exit_code == 0, result.output
    return {str(p.relative_to(target)): p.read_bytes() for p in sorted(target.rglob("*.parquet"))}


def tables(root: Path) -> list[Path]:
    return sorted((root / CACHE_DIR).glob("table-*"))


def without_cache(root: Path) -> None:
    """Make the cache impossible (a file where its folder goes): views from records."""
    shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
    (root / CACHE_DIR).write_text("not a folder\n")


def test_cold_warm_and_uncached_runs_print_the_same_bytes(
    sample_repo: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    cold = outputs(run_cli, sample_repo)
    cold_parquet = parquet_files(run_cli, sample_repo, tmp_path / "cold")
    assert tables(sample_repo), "the first run stores the views"
    warm = outputs(run_cli, sample_repo)
    warm_parquet = parquet_files(run_cli, sample_repo, tmp_path / "warm")
    without_cache(sample_repo)
    uncached = outputs(run_cli, sample_repo)
    uncached_parquet = parquet_files(run_cli, sample_repo, tmp_path / "uncached")
    assert cold == warm == uncached
    assert cold_parquet == warm_parquet == uncached_parquet
    assert len(cold_parquet) > 10


def net_of(run_cli: RunCli, root: Path, invoice: str) -> Decimal:
    sql = f"SELECT net FROM invoices WHERE id = '{invoice}'"
    result = run_cli(root, "query", sql, "--today", TODAY, "--format", "json")
    assert result.exit_code == 0, result.output
    return Decimal(json.loads(result.stdout)[0]["net"])


def test_an_edited_record_shows_its_new_figure(sample_repo: Path, run_cli: RunCli) -> None:
    path = sample_repo / "records" / "invoices" / "INV-DRAFT-0001.yaml"
    before = net(records(sample_repo, "invoices")["INV-DRAFT-0001"])
    assert net_of(run_cli, sample_repo, "INV-DRAFT-0001") == before
    assert net_of(run_cli, sample_repo, "INV-DRAFT-0001") == before  # from the cache
    text = path.read_text(encoding="utf-8")
    assert "unit_price: 28000.00" in text
    path.write_text(text.replace("unit_price: 28000.00", "unit_price: 28123.45"), "utf-8")
    after = net(records(sample_repo, "invoices")["INV-DRAFT-0001"])
    assert after != before
    assert net_of(run_cli, sample_repo, "INV-DRAFT-0001") == after
    assert net_of(run_cli, sample_repo, "INV-DRAFT-0001") == after


def test_a_deleted_or_added_record_is_seen(sample_repo: Path, run_cli: RunCli) -> None:
    def count() -> int:
        result = run_cli(
            sample_repo, "query", "SELECT count(*) AS n FROM invoices", "--format", "json"
        )
        return int(json.loads(result.stdout)[0]["n"])

    folder = sample_repo / "records" / "invoices"
    files = len(list(folder.rglob("*.yaml")))
    assert count() == files
    draft = folder / "INV-DRAFT-0002.yaml"
    text = draft.read_bytes()
    draft.unlink()
    assert count() == files - 1
    draft.write_bytes(text)
    assert count() == files


def test_touched_files_keep_the_tables(sample_repo: Path, run_cli: RunCli) -> None:
    """Same bytes under a new stat (a checkout, a touch): the tables still hold."""
    before = outputs(run_cli, sample_repo)
    stored = {p.name: p.stat().st_ino for p in tables(sample_repo)}
    for path in (sample_repo / "records").rglob("*.yaml"):
        os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    assert outputs(run_cli, sample_repo) == before
    assert {p.name: p.stat().st_ino for p in tables(sample_repo)} == stored


def test_another_date_is_figured_for_that_date(sample_repo: Path, run_cli: RunCli) -> None:
    sql = "SELECT sum(days_overdue) AS days, sum(balance) AS owed FROM invoices"

    def figures(day: str) -> str:
        result = run_cli(sample_repo, "query", sql, "--today", day, "--format", "json")
        assert result.exit_code == 0, result.output
        return str(result.stdout)

    early, late = figures("2026-03-01"), figures("2026-11-25")
    assert early != late
    assert figures("2026-03-01") == early  # the later table did not replace its answer
    assert figures("2026-11-25") == late
    without_cache(sample_repo)
    assert (figures("2026-03-01"), figures("2026-11-25")) == (early, late)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "swapped", "link"])
def test_a_damaged_table_is_built_again(
    sample_repo: Path, run_cli: RunCli, damage: str, tmp_path: Path
) -> None:
    expected = outputs(run_cli, sample_repo)
    stored = tables(sample_repo)
    assert len(stored) >= 2
    for index, path in enumerate(stored):
        data = path.read_bytes()
        if damage == "garbage":
            path.write_bytes(b"\0" * len(data))
        elif damage == "truncated":
            path.write_bytes(data[: len(data) // 2])
        elif damage == "swapped":  # sealed by us, but another view's table
            path.write_bytes(stored[(index + 1) % len(stored)].read_bytes())
        else:
            outside = tmp_path / f"elsewhere-{index}"
            outside.write_bytes(data)
            path.unlink()
            path.symlink_to(outside)
    assert outputs(run_cli, sample_repo) == expected
    assert all(p.is_file() and not p.is_symlink() for p in tables(sample_repo))
    assert outputs(run_cli, sample_repo) == expected


def test_a_broken_record_warns_on_warm_runs_too(sample_repo: Path, run_cli: RunCli) -> None:
    path = sample_repo / "records" / "invoices" / "INV-DRAFT-0002.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "due_date: not a date\n", "utf-8")
    first = run_cli(sample_repo, "query", "SELECT count(*) FROM invoices", "--today", TODAY)
    again = run_cli(sample_repo, "query", "SELECT count(*) FROM invoices", "--today", TODAY)
    assert "1 record file has errors" in first.stderr
    assert (again.stdout, again.stderr) == (first.stdout, first.stderr)


def test_views_not_figured_as_of_a_date_are_the_same_on_any_date(sample_repo: Path) -> None:
    """The cache keeps one table for every date for these views: prove they do not
    depend on the date (or on --until, but for the views that reach up to it)."""
    repo = load_repository(load_config(sample_repo)).repository
    early = build(repo, date(2025, 1, 15), until=date(2025, 6, 1))
    late = build(repo, date(2026, 11, 25), until=date(2027, 12, 1))
    assert [v.name for v in early] == [v.name for v in late]
    compared = 0
    for first, second in zip(early, late, strict=True):
        if first.name in AS_OF_VIEWS | UNTIL_VIEWS:
            continue  # kept per date
        assert first.rows == second.rows, first.name
        compared += 1
    assert compared >= 6


def test_a_warm_run_loads_no_record(
    sample_repo: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """What makes a warm query fast: the views come from the cache, not the records
    (files modified within the last two seconds are read again, as in validate: the
    copied sample is dated back so that its stat keys can be trusted)."""
    from officectl import validation

    for path in (sample_repo / "records").rglob("*.yaml"):
        os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    cold = outputs(run_cli, sample_repo)
    cold_parquet = parquet_files(run_cli, sample_repo, tmp_path / "cold")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a warm run loaded the records")

    monkeypatch.setattr(validation, "_load_repository", refuse)
    assert outputs(run_cli, sample_repo) == cold
    assert parquet_files(run_cli, sample_repo, tmp_path / "warm") == cold_parquet


def date_back(root: Path) -> None:
    """Files modified within the last two seconds are read again (as in validate):
    date the copied sample back so that its stat keys can be trusted."""
    for path in (root / "records").rglob("*.yaml"):
        os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))


def test_a_forged_table_file_is_never_attached(sample_repo: Path, run_cli: RunCli) -> None:
    """A database file holds SQL that runs when a query names it (views, macros): one
    put in the cache by anyone else (a pull request that commits one) is not attached,
    however well formed; the views are built from the records again."""
    import duckdb

    expected = outputs(run_cli, sample_repo)
    stored = sorted((sample_repo / CACHE_DIR).glob("table-*.duckdb"))
    assert stored
    for path in stored:
        connection = duckdb.connect(str(path))
        for (name,) in connection.execute("SELECT table_name FROM duckdb_tables()").fetchall():
            connection.execute(f'DELETE FROM "{name}"')
        connection.execute("CREATE MACRO net(x) AS 0")
        connection.execute("CREATE VIEW invoices_forged AS SELECT 1 AS forged")
        connection.close()
    assert outputs(run_cli, sample_repo) == expected
    for path in stored:
        connection = duckdb.connect(str(path), read_only=True)
        assert not connection.execute("SELECT * FROM duckdb_views() WHERE NOT internal").fetchall()
        connection.close()


def test_a_cold_query_leaves_the_validation_cache_filled(
    sample_repo: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The records' shards, written aside while the views are built, are whole: a
    validate right after a cold query parses no file."""
    from officectl import validation

    date_back(sample_repo)
    result = run_cli(sample_repo, "query", "SELECT count(*) AS n FROM invoices", "--today", TODAY)
    assert result.exit_code == 0, result.output

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a record file was parsed again")

    monkeypatch.setattr(validation, "load_data", refuse)
    checked = run_cli(sample_repo, "validate", "--today", TODAY)
    assert "records checked" in checked.stderr
    monkeypatch.undo()
    assert checked.stdout == run_cli(sample_repo, "validate", "--today", TODAY, "--no-cache").stdout


def test_a_warm_query_imports_no_pyarrow_and_prints_the_cold_bytes(
    sample_repo: Path, run_cli: RunCli
) -> None:
    """A warm query attaches the stored tables: neither pyarrow nor pandas is imported
    (with numpy, a tenth of such a run at 100,000 invoices); in a fresh process as a
    user runs it, cold and warm print the same bytes."""
    date_back(sample_repo)
    sql = "SELECT customer, sum(net_base) AS net FROM invoices GROUP BY ALL ORDER BY ALL"
    code = (
        "import sys\nfrom officectl.cli import cli\n"
        f"try:\n    cli(['-C', sys.argv[1], 'query', {sql!r}, '--today', {TODAY!r}])\n"
        "except SystemExit:\n    pass\n"
        "print([m for m in ('pandas', 'pyarrow') if m in sys.modules], file=sys.stderr)"
    )

    def run() -> tuple[str, str]:
        done = subprocess.run(
            [sys.executable, "-c", code, str(sample_repo)],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout, done.stderr.strip().splitlines()[-1]

    cold, cold_modules = run()
    warm, warm_modules = run()
    assert "pyarrow" in cold_modules  # the views were built from the records
    assert warm_modules == "[]"
    assert warm == cold
    assert cold.count("\n") > 2


def test_a_table_replaced_after_its_check_is_never_read(sample_repo: Path, run_cli: RunCli) -> None:
    """Between the digest check and the attachment another run may store the table
    anew: the file attached is then not the one checked, and a view with nothing else
    to query from is an error (exit 2, run again), never an unchecked read."""
    from officectl.analytics.engine import Engine
    from officectl.analytics.table_cache import cached_views, repository_config
    from officectl.errors import UsageError

    date_back(sample_repo)
    outputs(run_cli, sample_repo)
    config = repository_config(sample_repo)
    found = cached_views(config, date.fromisoformat(TODAY), only=["invoices"])
    assert found is not None
    invoices = found[0][0]
    assert invoices.stored is not None and not invoices.rows
    path = Path(invoices.stored.path)
    other = path.with_name(path.name + ".new")
    other.write_bytes(path.read_bytes())
    other.replace(path)  # the same bytes, another file
    with pytest.raises(UsageError, match="changed while it was read"):
        Engine([invoices])
