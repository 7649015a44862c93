"""The per-file part of the cache: shard files and their entries.

The per-file results are spread over :data:`SHARDS` files by a hash of the path, so a
change rewrites one small shard, not the whole cache. A shard keeps, per file, its
:data:`ENTRY` and its problems, and the records twice, each list pickled on its own:
whole, and as the repository rules see them (see :class:`Shard`).
"""

from __future__ import annotations

import pickle
import zlib

from officectl.cache_seal import ENTRY, TRUSTED
from officectl.checks import seen_by_repo_rules
from officectl.problems import Problem
from officectl.records import Record

SHARDS = 64
FileEntry = tuple[bytes, Record | None, tuple[Problem, ...]]
"""One file's :data:`ENTRY`, record and problems, as a shard keeps them."""


class Shard:
    """One shard file: paths, their packed entries (one :data:`ENTRY` each) and
    problems as parallel lists (a few objects per file rather than a dozen), and the
    records twice, each list pickled on its own: whole (for ``show``, exports and
    workflows) and as the repository rules see them (for ``validate``, a third of the
    objects). A run unpickles only the list it needs."""

    def __init__(
        self,
        paths: list[str],
        meta: bytes,
        problems: list[tuple[Problem, ...]],
        whole: bytes,
        seen: bytes,
    ) -> None:
        self.paths = paths
        self.meta = meta
        self.problems = problems
        self._pickled = {False: whole, True: seen}

    @classmethod
    def build(cls, entries: dict[str, FileEntry], seen: list[Record | None] | None = None) -> Shard:
        """The shard of ``entries``; ``seen``: their records as the repository rules
        see them, when the caller has them already."""
        records = [e[1] for e in entries.values()]
        if seen is None:
            seen = [seen_by_repo_rules(r) if r is not None else None for r in records]
        return cls(
            list(entries),
            b"".join(e[0] for e in entries.values()),
            [e[2] for e in entries.values()],
            dumps(records),
            dumps(seen),
        )

    @classmethod
    def from_payload(cls, payload: object) -> Shard | None:
        """The shard a sealed file holds, if it has the current layout (sealed files
        are ours, but maybe from an older or buggy officectl)."""
        if not isinstance(payload, tuple) or len(payload) != 5:
            return None
        paths, meta, problems, whole, seen = payload
        if not (
            isinstance(paths, list)
            and isinstance(meta, bytes)
            and isinstance(problems, list)
            and isinstance(whole, bytes)
            and isinstance(seen, bytes)
            and len(meta) == ENTRY.size * len(paths) == ENTRY.size * len(problems)
        ):
            return None
        return cls(paths, meta, problems, whole, seen)

    def payload(self) -> tuple[list[str], bytes, list[tuple[Problem, ...]], bytes, bytes]:
        return self.paths, self.meta, self.problems, self._pickled[False], self._pickled[True]

    def entry(self, index: int) -> bytes:
        return self.meta[index * ENTRY.size : (index + 1) * ENTRY.size]

    def retagged(self, entries: dict[str, bytes]) -> Shard:
        """The shard with new entries for files whose content is unchanged (touched,
        or no longer racy): the records' pickles are kept as they are, not unpickled
        and pickled again (a checkout touching files in every shard cost seconds)."""
        meta = bytearray(self.meta)
        for index, path in enumerate(self.paths):
            entry = entries.get(path)
            if entry is not None:
                meta[index * ENTRY.size : (index + 1) * ENTRY.size] = entry
        return Shard(
            self.paths, bytes(meta), self.problems, self._pickled[False], self._pickled[True]
        )

    def records(self, *, seen: bool) -> list[Record | None] | None:
        """The records, whole or as the repository rules see them; None if the list
        does not match the paths."""
        try:
            records = pickle.loads(self._pickled[seen])
        except Exception:  # sealed by us: only a bug could get here; never trust it
            return None
        return records if isinstance(records, list) and len(records) == len(self.paths) else None

    def whole_entries(self) -> dict[str, FileEntry]:
        """Every file's entry, whole record and problems (none if they cannot be had)."""
        records = self.records(seen=False)
        if records is None:
            return {}
        return {
            path: (self.entry(i), records[i], self.problems[i]) for i, path in enumerate(self.paths)
        }


def dumps(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


class StoredFiles:
    """Every shard read, as one set of parallel lists, with each path's position."""

    def __init__(self, shards: dict[int, Shard], *, seen: bool) -> None:
        self.shards: dict[int, Shard] = {}
        paths: list[str] = []
        metas: list[bytes] = []
        self.records: list[Record | None] = []
        self.problems: list[tuple[Problem, ...]] = []
        for number in sorted(shards):
            shard = shards[number]
            records = shard.records(seen=seen)
            if records is None:
                continue
            self.shards[number] = shard
            paths += shard.paths
            metas.append(shard.meta)
            self.records += records
            self.problems += shard.problems
        self.position = dict(zip(paths, range(len(paths)), strict=True))
        self.meta = b"".join(metas)

    def entry(self, index: int) -> bytes:
        return self.meta[index * ENTRY.size : (index + 1) * ENTRY.size]

    def digest(self, index: int) -> bytes:
        return self.meta[(index + 1) * ENTRY.size - 16 : (index + 1) * ENTRY.size]

    def trusted(self, index: int, trusted_key: bytes) -> bool:
        """Whether the entry starts with ``trusted_key``: the same stat key, trusted."""
        start = index * ENTRY.size
        return self.meta[start : start + TRUSTED.size] == trusted_key


def shard_of(relpath: str) -> int:
    return zlib.crc32(relpath.encode()) % SHARDS
