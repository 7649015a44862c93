"""The analytics views kept in the cache, so a warm ``query`` or report reads tables.

Building the views means loading every record and figuring every invoice (a cold
``query`` spends most of its time there). Yet the views change only when the records
do, so each view built is stored in ``.officectl-cache/`` as a DuckDB database file
(:mod:`officectl.analytics.stored`) whose digest is sealed like every cache file
(:meth:`officectl.cache.Cache.write_sealed`), and the next run attaches it instead,
once it has checked, the way a warm ``validate`` does, that no record file changed:
one ``stat`` per file (:func:`officectl.cache_seal.trusted_keys`, as the warm
answer's survey takes them), compared with the entries of the run that built the
tables; a cold run loads the records with those stats, without a second pass.

Vocabulary:

- *records state* (:class:`RecordsState`): the record paths, each file's trusted stat
  key and a *content* digest over every file's bytes (the digests the validation cache
  keeps). A stat key that changed (a touch, a checkout, a racy file) sends the run
  through the validation cache, which reads such files again; when their bytes are
  the same, the content digest is too and the tables still hold.
- *table key*: what one stored table was built from: the content digest, the view's
  name, ``--show-sensitive``, DuckDB's version, and the date its figures are as of
  where they have one (:data:`AS_OF_VIEWS`; ``--until`` for :data:`UNTIL_VIEWS`).
  It is part of the seal's label, so a table built from other records, or for another
  day, fails its seal and is built again; one file per view is kept (the newest),
  and for the views that reach up to ``--until`` one per horizon (a query's and a
  forecast's).

The tables hold exactly what :func:`officectl.analytics.views.build` makes (DECIMAL
money and all), and a cold run queries the files it has just stored, as a warm one
does, so both print the same bytes. Anything amiss (no cache, a link among the
records, a file that cannot be read, a table that fails its seal or its digest) and
the views are built from the records as before.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from hashlib import blake2b
from pathlib import Path
from typing import Any

from officectl.analytics.shards_aside import ShardsAside
from officectl.analytics.stored import SUFFIX, verified, write
from officectl.analytics.views import View, build, catalogue, schema_view
from officectl.cache import Cache, Loaded, StatKey, cached_config
from officectl.cache_seal import TRUSTED, trusted_keys
from officectl.config import Config
from officectl.discovery import discover
from officectl.repository import Repository

STATE = "tables-state"
STATE_LABEL = b"analytics tables state 1"
TABLE_LABEL = b"analytics table 2"
KEY = TRUSTED.size

AS_OF_VIEWS = frozenset({"invoices", "credit_notes"})
"""The views with figures as of ``--today`` (paid, credited, balance, days overdue);
every other view is the same whatever the date (a test checks it)."""
UNTIL_VIEWS = frozenset({"contract_periods"})
"""The views that reach up to ``--until``."""


@dataclass(frozen=True)
class RecordsState:
    """The record files the stored tables were built from."""

    paths: bytes
    """Digest of the list of record paths."""
    keys: bytes
    """Per path, the start of its cache entry: stat key and whether it is trusted."""
    content: bytes
    """Digest over every path and its file's digest."""
    warning: str | None
    """What loading the records warned of (files with errors)."""


def repository_config(root: Path) -> Config:
    """``officectl.yaml`` of the repository at ``root``, from the cache while it and
    officectl are unchanged, as :func:`officectl.validation.repository_config` reads it
    for a warm validate; without importing :mod:`officectl.validation` (the checks),
    which a warm query never uses."""
    return cached_config(root)


def cached_views(
    config: Config,
    today: date,
    *,
    show_sensitive: bool = False,
    until: date | None = None,
    only: Iterable[str] | None = None,
) -> tuple[list[View], str | None] | None:
    """The views :func:`~officectl.analytics.views.build` would make, each stored as
    a table in the cache, from the cache where the records are unchanged, and the
    load warning; None when there can be no cache (then the caller loads the records
    as ever)."""
    started_ns = time.time_ns()  # before any stat: what the files are read as of
    refused: list[Any] = []
    relpaths = list(discover(config.root, refused))
    if refused:  # found again on every run: never cached
        return None
    keys = trusted_keys(config.root, relpaths)  # one stat per file, packed as stored
    if keys is None:  # a file gone, or not a regular one: loading reports it
        return None
    cache = ShardsAside.open(config, started_ns)
    if not isinstance(cache, ShardsAside):
        return None
    views = catalogue(config, show_sensitive=show_sensitive)
    wanted = None if only is None else {name.lower() for name in only}
    chosen = [v for v in views if wanted is None or v.name in wanted]
    store = _Tables(cache, config, today, until, show_sensitive)
    stored = cache.read_sealed(STATE, STATE_LABEL)
    if not isinstance(stored, RecordsState):
        stored = None
    missing = chosen
    if stored is not None and stored.paths == _paths_digest(relpaths) and stored.keys == keys:
        missing = [v for v in chosen if not store.read(v, stored)]
        if not missing:
            return [*chosen, store.schema(views)], stored.warning
        stored = None  # nothing more to find there
    stats: list[StatKey | None] = [key[:4] for key in TRUSTED.iter_unpack(keys)]
    warning = _build(cache, config, store, relpaths, stats, stored, missing)
    return [*chosen, store.schema(views)], warning


def _build(
    cache: ShardsAside,
    config: Config,
    store: _Tables,
    relpaths: list[str],
    stats: Sequence[StatKey | None],
    state: RecordsState | None,
    missing: list[View],
) -> str | None:
    """Load the records (through the validation cache), fill ``missing`` from them
    (from the stored tables when the files whose stat changed since ``state`` have the
    same bytes after all: touched, or racy ones read again), store them and the
    state; the load warning."""
    from officectl.validation import load_through_cache
    from officectl.views import load_warning

    repo, loaded = load_through_cache(config, relpaths, cache, stats)  # shards: aside
    try:
        warning = load_warning([p for group in loaded.problems for p in group])
        fresh = _state(relpaths, loaded, warning)
        if fresh is None:  # a file could not be stored: build, but keep nothing
            _fill(repo, store, missing)
            return warning
        if state is not None and state.content == fresh.content:
            missing = [v for v in missing if not store.read(v, fresh)]
        _fill(repo, store, missing)
        for view in missing:
            store.write(view, fresh)
        cache.write_sealed(STATE, STATE_LABEL, fresh)
        return warning
    finally:
        cache.wait()


def _fill(repo: Repository, store: _Tables, views: list[View]) -> None:
    built = {
        v.name: v
        for v in build(
            repo,
            store.today,
            show_sensitive=store.show_sensitive,
            until=store.until,
            only=[v.name for v in views],
        )
    }
    for view in views:
        view.rows = built[view.name].rows


def _state(relpaths: Sequence[str], loaded: Loaded, warning: str | None) -> RecordsState | None:
    entries = loaded.entries[: len(relpaths)]
    if any(entry is None for entry in entries):
        return None
    content = blake2b(_paths_digest(relpaths), digest_size=16)
    keys = bytearray()
    for entry in entries:
        assert entry is not None
        keys += entry[:KEY]
        content.update(entry[KEY:])
    return RecordsState(_paths_digest(relpaths), bytes(keys), content.digest(), warning)


def _paths_digest(relpaths: Sequence[str]) -> bytes:
    return blake2b("\0".join(relpaths).encode(), digest_size=16).digest()


class _Tables:
    """The stored tables of one kind of run (date, ``--until``, sensitivity)."""

    def __init__(
        self, cache: Cache, config: Config, today: date, until: date | None, sensitive: bool
    ) -> None:
        from officectl.model.contract import add_months

        self.cache = cache
        self.today = today
        self.until = until
        self.reach = until or add_months(today, 12)
        self.show_sensitive = sensitive
        self.kinds = set(config.kinds)

    def _name(self, view: View) -> str:
        key = f"{view.name}\0{self.show_sensitive}"
        if self._reaches(view):  # a forecast's horizon and a query's, side by side
            key += f"\0{self.reach.isoformat()}"
        return "table-" + blake2b(key.encode(), digest_size=8).hexdigest()

    def _reaches(self, view: View) -> bool:
        return view.name in UNTIL_VIEWS and view.name not in self.kinds

    def schema(self, views: list[View]) -> View:
        """The ``officectl_schema`` view of ``views``, kept too: it depends on the
        configuration alone, and building any table from Python values costs a
        warm run pyarrow's import (and pyarrow's of pandas, half a second)."""
        schema = schema_view(views)
        if not self.read(schema, None):
            self.write(schema, None)
        return schema

    def _label(self, view: View, state: RecordsState | None) -> bytes:
        import duckdb  # the files are its format: another version builds them again

        content = b"" if state is None else state.content
        parts = [TABLE_LABEL, content, view.name.encode(), b"%d" % self.show_sensitive]
        parts.append(duckdb.__version__.encode())
        if view.name in AS_OF_VIEWS:
            parts.append(self.today.isoformat().encode())
        if self._reaches(view):
            parts.append(self.reach.isoformat().encode())
        return b"\0".join(parts)

    def read(self, view: View, state: RecordsState | None) -> bool:
        """Find ``view``'s stored table; False if there is none sound."""
        name = self._name(view)
        expected = self.cache.read_sealed(name, self._label(view, state))
        if not isinstance(expected, bytes):
            return False
        table = verified(self.cache.folder / (name + SUFFIX), view.name, expected)
        if table is None:
            return False
        view.stored = table
        return True

    def write(self, view: View, state: RecordsState | None) -> None:
        """Store ``view``'s table, and query it from the file from now on."""
        name = self._name(view)
        written = write(self.cache.folder, name + SUFFIX, view.name, view.arrow())
        if written is None:
            return
        self.cache.write_sealed(name, self._label(view, state), written)
        view.stored = verified(self.cache.folder / (name + SUFFIX), view.name, written)
