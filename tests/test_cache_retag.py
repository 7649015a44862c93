"""Files touched but unchanged: their new stat keys are stored only when it pays.

A command that loads every record (``show``, exports, writes) finds a file touched
since its entry was stored (a checkout, a file put back) by its stat key, reads it,
and sees the same content. Rewriting the file's whole shard to store the new stat key
costs more than reading those few files again next time, so officectl.cache rewrites
a shard for that alone only when a good share of its files were touched
(``RETAG_SHARE``). Either way the records are the files' as they are.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from conftest import file_parser, make_repo, no_parsing
from officectl import cache as cache_module
from officectl import loader
from officectl.cache import CACHE_DIR, Cache, Loaded, stat_keys
from officectl.cache_shards import shard_of
from officectl.config import Config, load_config
from officectl.discovery import discover


@pytest.fixture(autouse=True)
def _private_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


def _aged(root: Path, seconds: int) -> None:
    """Date record files back (none is racy), ``seconds`` ago."""
    past = time.time_ns() - seconds * 1_000_000_000
    for path in (root / "records").rglob("*"):
        os.utime(path, ns=(past, past))


def _load(config: Config, relpaths: list[str]) -> Loaded:
    cache = Cache.open(config)
    assert cache is not None

    parse = file_parser(config)

    return cache.load_files(config, relpaths, stat_keys(config.root, relpaths), parse)


def _shards(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / CACHE_DIR).glob("files-*"))}


def test_a_few_touched_files_are_read_again_not_their_shards_rewritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The sample's shards hold a few files each; a shard is rewritten here only when
    # all of them were touched (RETAG_SHARE of a large repository's shards is 64).
    monkeypatch.setattr(cache_module, "RETAG_SHARE", 1)
    root = make_repo(tmp_path / "books", with_git=False)
    _aged(root, 120)
    config = load_config(root)
    relpaths = list(discover(root, []))
    first = _load(config, relpaths)
    shards = _shards(root)
    at = next(
        index
        for index, path in enumerate(relpaths)
        if path.startswith("records/invoices/")
        and sum(shard_of(p) == shard_of(path) for p in relpaths) > 1
    )
    touched = relpaths[at]
    os.utime(root / touched, ns=(time.time_ns() - 60 * 10**9,) * 2)
    again = _load(config, relpaths)
    assert _shards(root) == shards  # not rewritten for one stat key
    assert (again.records, again.problems) == (first.records, first.problems)
    assert again.entries != first.entries  # the new stat key, as this run found it
    (root / touched).write_text("customer: CUS-0404\n", encoding="utf-8")  # now edited
    edited = _load(config, relpaths)
    expected = loader.load_file(root, touched, config)
    assert edited.records[at] == expected.record
    assert edited.problems[at] == expected.problems


def test_every_file_touched_rewrites_the_shards(tmp_path: Path) -> None:
    """A checkout touching every file: the new stat keys are stored, so the next
    command trusts them without reading a file."""
    root = make_repo(tmp_path / "books", with_git=False)
    _aged(root, 120)
    config = load_config(root)
    relpaths = list(discover(root, []))
    first = _load(config, relpaths)
    shards = _shards(root)
    _aged(root, 60)
    again = _load(config, relpaths)
    assert _shards(root) != shards
    assert (again.records, again.problems) == (first.records, first.problems)

    never = no_parsing()

    cache = Cache.open(config)
    assert cache is not None
    third = cache.load_files(config, relpaths, stat_keys(root, relpaths), never)
    assert third.records == first.records
