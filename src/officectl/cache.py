"""The validation cache in ``.officectl-cache/``: per-file results and the last run's state.

Vocabulary:

- *stat key*: a file's (size, mtime_ns, ctime_ns, inode). As in git's index, a file
  whose stat key is unchanged is taken as unchanged, so a warm run reads no record.
- *digest*: BLAKE2b of a file's bytes. When the stat key changed but the digest did
  not (``touch``, a checkout, a copy), the stored result is reused.
- *racy*: a file modified less than :data:`RACY_NS` before its entry was written could
  have changed again, within the same timestamp tick, after it was read; its stat key
  proves nothing, so it is read and hashed again (git's "racily clean" entries).
- *cache key*: what every stored result depends on besides the file itself: the
  cache format, officectl's version and code, the versions of Python and of the
  libraries the per-file stage uses, and ``officectl.yaml``'s text.
- *shard*: the per-file entries are spread over :data:`SHARDS` files by a hash of
  the path, so a change rewrites one small shard, not the whole cache. A shard keeps
  each record whole and as the repository rules see it (:class:`Shard`).
- *state*: what the last ``validate`` found, per file, so that the next one can skip
  the repository rules after edits they cannot see (:mod:`officectl.incremental`).

Every file is *sealed*: an HMAC-SHA256 of (cache key, payload) with a per-user
secret kept outside the repository (``~/.cache/officectl/secret``). A truncated,
corrupt, foreign (another configuration or version) or planted file (say, committed in
a pull request to run code in CI through pickle) fails the seal and is ignored; a
payload is unpickled only after its seal checks out. Files are written to a temporary
name and renamed into place, so a reader sees the old file or the new one, never half.
The cache is an optimisation only: any failure to read or write it means recomputing.
A ``.officectl-cache`` that is a symbolic link (a pull request can commit one, say to
``.git``) is never used: no cache then (:func:`unsafe_folder`). A file in it that is a
link, or anything but a regular file, is never read (a link to ``/dev/zero`` would
never end), and writing replaces it rather than writing through it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence
from hashlib import blake2b
from pathlib import Path
from typing import Any, NamedTuple

from officectl.cache_seal import (
    CACHE_DIR,
    ENTRY,
    MAGIC,
    RACY_NS,
    TRUSTED,
    key_of,
    read_sealed,
    seal,
    user_secret,
    write_atomically,
)
from officectl.cache_seal import (  # re-exported: the cache as one interface
    SEAL_BYTES as SEAL_BYTES,
)
from officectl.cache_seal import (
    StatKey as StatKey,
)
from officectl.cache_seal import (
    stat_keys as stat_keys,
)
from officectl.cache_seal import (
    unsafe_folder as unsafe_folder,
)
from officectl.cache_shards import (
    SHARDS,
    FileEntry,
    Shard,
    StoredFiles,
    dumps,
    shard_of,
)
from officectl.checks import seen_by_repo_rules
from officectl.config import CONFIG_FILE, Config, load_config
from officectl.loader import FileResult, load_file
from officectl.problems import Problem
from officectl.records import Record
from officectl.warm_answer import ANSWER_FILE
from officectl.yaml import reading

RETAG_SHARE = 64
"""A shard whose only change would be new entries for files touched but unchanged (a
checkout, a file put back, an entry no longer racy) is rewritten only when at least
1/RETAG_SHARE of its files have one: rewriting and sealing a whole shard for a few
stat keys costs more than reading and hashing those few files again on a later run
(853 files put back across the 64 shards of 100,000 invoices: 0.33 s of writing)."""


class Parse(NamedTuple):
    """The per-file stage for (path, bytes) pairs, which the cache need not know how
    to run: ``many`` on several processes when it pays; ``chunk`` a run of them in
    this process, in bulk (:data:`officectl.loader.BULK_FILES`) or not."""

    many: Callable[[Sequence[tuple[str, bytes]]], list[FileResult]]
    chunk: Callable[[Sequence[tuple[str, bytes]], bool], list[FileResult]]


class Loaded(NamedTuple):
    """Per-file results, in the order of the paths asked for."""

    records: list[Record | None]
    problems: list[tuple[Problem, ...]]
    entries: list[bytes | None]
    """Each file's :data:`ENTRY` as stored now; None for a file whose result is not
    stored (unreadable, too large, changed while read)."""


def trusted(key: StatKey | None, verified_ns: int, now_ns: int) -> bool:
    """Whether a stat key proves the content unchanged since ``verified_ns``: the file
    was last modified well before then (not racy) and not in the future (clock skew)."""
    return key is not None and key[1] < verified_ns - RACY_NS and key[1] <= now_ns


def digest(data: bytes) -> bytes:
    return blake2b(data, digest_size=16).digest()


class Cache:
    """One repository's cache, bound to one cache key."""

    def __init__(
        self, folder: Path, secret: bytes, key: bytes, started_ns: int | None = None
    ) -> None:
        self.folder = folder
        self._secret = secret
        self._key = key
        self.started_ns = time.time_ns() if started_ns is None else started_ns
        """Earlier than any stat or read of this run: what its entries are verified as of."""

    @classmethod
    def open(cls, config: Config, started_ns: int | None = None) -> Cache | None:
        """The cache of ``config``'s repository, or None when there can be none (no
        secret could be made: a read-only home, say; the folder is a link).
        ``started_ns``: when the run's stats were taken, if before now."""
        if unsafe_folder(config.root) is not None:
            return None
        secret = user_secret()
        if secret is None:
            return None
        return cls(config.root / CACHE_DIR, secret, cache_key(config), started_ns)

    # -- per-file results --------------------------------------------------------------

    def load_files(
        self,
        config: Config,
        relpaths: Sequence[str],
        stats: Sequence[StatKey | None],
        parse: Parse,
        *,
        seen: bool = False,
    ) -> Loaded:
        """The per-file results of every path: stored ones where the file is unchanged,
        ``parse`` for the others (which are then stored). With ``seen``, the records
        are as the repository rules see them (all that ``validate`` needs)."""
        stored = StoredFiles(self._read_shards(), seen=seen)
        base = str(config.root) + os.sep
        records: list[Record | None] = [None] * len(relpaths)
        problems: list[tuple[Problem, ...]] = [()] * len(relpaths)
        entries: list[bytes | None] = [None] * len(relpaths)
        misses: list[tuple[int, str, bytes, StatKey]] = []
        unseen: list[tuple[int, str, StatKey]] = []
        retagged: dict[str, bytes] = {}
        found = 0
        for position, (relpath, key) in enumerate(zip(relpaths, stats, strict=True)):
            index = stored.position.get(relpath)
            if index is not None:
                found += 1
                if key is not None and stored.trusted(index, TRUSTED.pack(*key, True)):
                    records[position] = stored.records[index]
                    problems[position] = stored.problems[index]
                    entries[position] = stored.entry(index)
                    continue
            elif key is not None:  # new to the cache: read where it is parsed
                unseen.append((position, relpath, key))
                continue
            result, data = self.read_file(config, base, relpath, key)
            if result is not None:  # unreadable or changed meanwhile: reported, not stored
                records[position], problems[position] = result.record, result.problems
                continue
            assert key is not None
            if index is not None and stored.digest(index) == digest(data):  # touched only
                records[position] = stored.records[index]
                problems[position] = stored.problems[index]
                entry = entries[position] = self.entry(key, data)
                if entry != stored.entry(index):  # a new stat key, or no longer racy
                    retagged[relpath] = entry
                continue
            misses.append((position, relpath, data, key))
        loaded = Loaded(records, problems, entries)
        if seen and not stored.position and fill_by_shard(len(unseen)):  # nothing stored yet
            return self._fill(config, unseen, parse, loaded)
        parsed: dict[str, FileEntry] = {}
        results = parse.many([(relpath, data) for _, relpath, data, _ in misses])
        done: list[tuple[FileResult, bytes | None]] = [
            (result, self.entry(key, data))
            for (_, _, data, key), result in zip(misses, results, strict=True)
        ]
        done += self._read_and_parse(config, [(p, k) for _, p, k in unseen], parse)
        where = [(m[0], m[1]) for m in misses] + [(u[0], u[1]) for u in unseen]
        for (position, relpath), (result, new_entry) in zip(where, done, strict=True):
            record = result.record
            records[position] = seen_by_repo_rules(record) if seen and record else record
            problems[position] = result.problems
            entries[position] = new_entry
            if new_entry is not None:  # read whole, as its stat found it
                parsed[relpath] = (new_entry, record, result.problems)
        deleted = found < len(stored.position)
        if parsed or retagged or deleted:
            self._write_shards(stored.shards, parsed, retagged, set(relpaths) if deleted else None)
        return loaded

    def _fill(
        self,
        config: Config,
        unseen: Sequence[tuple[int, str, StatKey]],
        parse: Parse,
        loaded: Loaded,
    ) -> Loaded:
        """``loaded`` with every file of ``unseen`` (its place, path and stat key) loaded
        as the repository rules see it and stored shard by shard
        (:mod:`officectl.cache_fill`)."""
        from officectl.cache_fill import fill

        items = [(relpath, key) for _, relpath, key in unseen]
        for at, record, found, entry in fill(self, config, items, parse):
            position = unseen[at][0]
            loaded.records[position], loaded.problems[position] = record, found
            loaded.entries[position] = entry
        return loaded

    def _read_and_parse(
        self, config: Config, items: Sequence[tuple[str, StatKey]], parse: Parse
    ) -> list[tuple[FileResult, bytes | None]]:
        """:meth:`read_and_parse` of every file, on several processes when it pays: a
        first run no longer reads and hashes every file in the main process before
        the workers start."""
        from officectl import parallel
        from officectl.loader import BULK_FILES

        bulk = len(items) >= BULK_FILES

        def chunk(part: Sequence[tuple[str, StatKey]]) -> list[tuple[FileResult, bytes | None]]:
            return self.read_and_parse(config, part, parse, bulk=bulk)

        return parallel.map_items(lambda item: chunk([item])[0], items, chunk_work=chunk)

    def read_and_parse(
        self,
        config: Config,
        items: Sequence[tuple[str, StatKey]],
        parse: Parse,
        *,
        bulk: bool,
    ) -> list[tuple[FileResult, bytes | None]]:
        """Each file's result and :data:`ENTRY` (None: unreadable or changed since its
        stat, reported and not stored), read, hashed and parsed here."""
        base = str(config.root) + os.sep
        done: list[tuple[FileResult, bytes | None] | None] = [None] * len(items)
        read: list[tuple[int, str, bytes, StatKey]] = []
        for at, (relpath, key) in enumerate(items):
            result, data = self.read_file(config, base, relpath, key)
            if result is not None:
                done[at] = (result, None)
            else:
                read.append((at, relpath, data, key))
        results = parse.chunk([(relpath, data) for _, relpath, data, _ in read], bulk)
        for (at, _, data, key), result in zip(read, results, strict=True):
            done[at] = (result, self.entry(key, data))
        return [item for item in done if item is not None]

    def stored_records(self, relpaths: Sequence[str], digests: bytes) -> list[Record | None] | None:
        """The records of ``relpaths`` as the repository rules see them, in that order,
        when the shards hold exactly those files with those content ``digests`` (16
        bytes each); else None."""
        stored = StoredFiles(self._read_shards(), seen=True)
        if len(stored.position) != len(relpaths) or len(digests) != 16 * len(relpaths):
            return None
        records: list[Record | None] = []
        for at, relpath in enumerate(relpaths):
            index = stored.position.get(relpath)
            if index is None or stored.digest(index) != digests[at * 16 : (at + 1) * 16]:
                return None
            records.append(stored.records[index])
        return records

    def stored_files(self, relpaths: Iterable[str]) -> dict[str, FileEntry]:
        """The stored entries, records (as the repository rules see them) and problems
        of a few files, reading only their shards."""
        wanted = set(relpaths)
        found: dict[str, FileEntry] = {}
        for number in sorted({shard_of(relpath) for relpath in wanted}):
            shard = self._read_shard(number)
            records = shard.records(seen=True) if shard is not None else None
            if shard is None or records is None:
                continue
            for index, relpath in enumerate(shard.paths):
                if relpath in wanted:
                    found[relpath] = (shard.entry(index), records[index], shard.problems[index])
        return found

    def store_files(self, parsed: dict[str, FileEntry]) -> None:
        """Store the results of a few files, rewriting only the shards that hold them."""
        numbers = {shard_of(relpath) for relpath in parsed}
        shards = {n: shard for n in numbers if (shard := self._read_shard(n)) is not None}
        self._write_shards(shards, parsed, {}, None)

    def entry(self, key: StatKey, data: bytes) -> bytes:
        """The :data:`ENTRY` of a file read now with stat key ``key``."""
        return ENTRY.pack(*key, trusted(key, self.started_ns, time.time_ns()), digest(data))

    @staticmethod
    def read_file(
        config: Config,
        base: str,
        relpath: str,
        key: StatKey | None,
    ) -> tuple[FileResult | None, bytes]:
        """The bytes of a regular file as its stat found it, or the loader's result for
        anything else (an error, never stored)."""
        if key is None or key[0] > reading.MAX_FILE_BYTES:
            return load_file(config.root, relpath, config), b""
        try:
            # Not read(MAX_FILE_BYTES + 1): a 1 MiB request is a fresh mmap that stays
            # mapped, one per file kept, until the kernel's map limit is hit.
            data = _read_up_to(base + relpath, key[0] + 1)
        except OSError:  # not b"": an empty file that cannot be read is not empty
            return load_file(config.root, relpath, config), b""
        if len(data) != key[0]:  # unreadable, or changed since its stat
            return load_file(config.root, relpath, config), b""
        return None, data

    def write_shard(
        self, number: int, entries: dict[str, FileEntry], seen: list[Record | None] | None = None
    ) -> None:
        """Store shard ``number`` holding exactly ``entries`` (``seen``: their records as
        the repository rules see them, if the caller has them)."""
        self._write(f"files-{number:02x}", b"files", Shard.build(entries, seen).payload())

    def ready(self) -> bool:
        """Whether the cache folder is there to write in (made if missing)."""
        try:
            self._ensure_folder()
        except OSError:  # a read-only or full disk: the next run recomputes
            return False
        return True

    def _read_shards(self) -> dict[int, Shard]:
        shards = {}
        for number in range(SHARDS):
            shard = self._read_shard(number)
            if shard is not None:
                shards[number] = shard
        return shards

    def _read_shard(self, number: int) -> Shard | None:
        return Shard.from_payload(self._read(f"files-{number:02x}", b"files"))

    def _write_shards(
        self,
        shards: dict[int, Shard],
        parsed: dict[str, FileEntry],
        retagged: dict[str, bytes],
        present: set[str] | None,
    ) -> None:
        """Rewrite the shards that hold a ``parsed`` file, a file with a new entry but
        the same content (``retagged``), or a path no longer ``present``."""
        by_shard: dict[int, list[str]] = {}
        for relpath in parsed:  # once, not once per shard: a cold run parses every file
            by_shard.setdefault(shard_of(relpath), []).append(relpath)
        touched: dict[int, int] = {}
        for relpath in retagged:
            number = shard_of(relpath)
            touched[number] = touched.get(number, 0) + 1
        changed = set(by_shard)
        for number, count in touched.items():
            shard = shards.get(number)
            if shard is None or count * RETAG_SHARE >= len(shard.paths):
                changed.add(number)
        if present is not None:
            changed |= {
                number
                for number, shard in shards.items()
                if any(path not in present for path in shard.paths)
            }

        def write(number: int) -> None:
            shard = shards.get(number)
            if (
                shard is not None
                and number not in by_shard
                and (present is None or all(path in present for path in shard.paths))
            ):  # only new entries for unchanged files: the records stay as pickled
                self._write(f"files-{number:02x}", b"files", shard.retagged(retagged).payload())
                return
            merged = shard.whole_entries() if shard is not None else {}
            if present is not None:
                merged = {path: e for path, e in merged.items() if path in present}
            for relpath, entry in retagged.items():
                if relpath in merged:
                    merged[relpath] = (entry, *merged[relpath][1:])
            merged.update((relpath, parsed[relpath]) for relpath in by_shard.get(number, ()))
            self.write_shard(number, merged)

        # Pickling every record twice for its shard was a fifth of a first run: with
        # many files parsed, the shards are built and written on every core.
        from officectl import parallel

        if not self.ready():  # here, not in each process at once
            return
        many = len(parsed) >= parallel.MIN_ITEMS
        parallel.map_items(write, sorted(changed), jobs=None if many else 1, min_items=2, largest=1)

    # -- the last run ----------------------------------------------------------------

    def read_state(self) -> object:
        """What the last run stored with :meth:`write_state` (see
        :mod:`officectl.incremental`); None if nothing, or nothing sound, was stored."""
        state: object = self._read("state", b"state")
        return state

    def write_state(self, state: object) -> None:
        self._write("state", b"state", state)

    def write_answer(self, answer: object) -> None:
        """The warm answer (:mod:`officectl.warm_answer`), beside the state."""
        self._write(ANSWER_FILE, ANSWER_FILE.encode(), answer)

    # -- sealed files ------------------------------------------------------------------

    def read_sealed(self, name: str, label: bytes) -> Any:
        """What :meth:`write_sealed` stored as ``name`` under ``label``; None if nothing
        sound is there (missing, corrupt, foreign, stale: another label)."""
        return self._read(name, label)

    def write_sealed(self, name: str, label: bytes, value: Any) -> None:
        """Store ``value`` sealed under ``label`` (another module's derived data, such as
        the analytics tables of :mod:`officectl.analytics.table_cache`)."""
        self._write(name, label, value)

    def _seal(self, label: bytes, payload: bytes | memoryview) -> bytes:
        return seal(self._secret, self._key, label, payload)

    def _read(self, name: str, label: bytes) -> Any:
        """The payload of a sealed file, or None if it is missing, unreadable or fails
        its seal."""
        return read_sealed(self.folder / name, self._secret, self._key, label)

    def _write(self, name: str, label: bytes, value: Any) -> None:
        payload = dumps(value)
        try:
            self._ensure_folder()
            write_atomically(self.folder / name, MAGIC + self._seal(label, payload), payload)
        except OSError:
            pass  # a read-only or full disk: the next run recomputes

    def _ensure_folder(self) -> None:
        if self.folder.is_symlink():  # made since the cache was opened: never through it
            raise OSError(f"{self.folder} is a symbolic link")
        if self.folder.is_dir():
            return
        self.folder.mkdir(exist_ok=True)
        (self.folder / ".gitignore").write_text("# made by officectl: never commit\n*\n")
        (self.folder / "CACHEDIR.TAG").write_text(
            "Signature: 8a477f597d28d172789f06886806bc55\n"
            "# officectl's validation cache; safe to delete. See https://bford.info/cachedir/\n"
        )


def fill_by_shard(files: int) -> bool:
    """Whether a first run over ``files`` new files that wants only the rules' view
    (``validate``) fills the cache shard by shard (:mod:`officectl.cache_fill`): from
    as many files as pay for workers. A run that wants whole records gets them
    shipped back either way, and a cold ``query`` writes the shards aside while it
    builds its views (:mod:`officectl.analytics.shards_aside`)."""
    from officectl.parallel import MIN_ITEMS

    return files >= MIN_ITEMS


def _read_up_to(path: str, limit: int) -> bytes:
    """At most ``limit`` bytes of the file at ``path``, read to its end or the limit.
    A descriptor and ``os.read``, not ``open()``: its buffered stream asks whether the
    file is a terminal and stats it again, half of reading a record file (a first run
    reads every one). Non-blocking, so that a FIFO put in a file's place cannot stall
    the open (reading it then fails, and the loader reports it)."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        data = os.read(descriptor, limit)
        while len(data) < limit and (more := os.read(descriptor, limit - len(data))):
            data += more
    finally:
        os.close(descriptor)
    return data


def cached_config(root: Path) -> Config:
    """``load_config(root)``, from the cache while ``officectl.yaml`` and officectl are
    unchanged: checking the company's identifiers imports much of python-stdnum, a
    tenth of a warm run. Only a valid configuration is stored; an invalid one raises
    its :class:`ConfigError` from :func:`load_config` as ever."""
    secret = user_secret()
    try:
        data = (root / CONFIG_FILE).read_bytes()
    except OSError:
        return load_config(root)  # it reports the problem
    if secret is None or unsafe_folder(root) is not None:
        return load_config(root)
    cache = Cache(root / CACHE_DIR, secret, key_of(str(root), data.decode("utf-8", "replace")))
    stored = cache._read("config", b"config")
    if isinstance(stored, Config):
        return stored
    config = load_config(root)
    if config.source.encode() in (data, data.removeprefix(b"\xef\xbb\xbf")):
        cache._write("config", b"config", config)  # not if the file changed meanwhile
    return config


def cache_key(config: Config) -> bytes:
    return key_of(config.source)
