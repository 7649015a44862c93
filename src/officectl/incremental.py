"""Reusing the last ``validate`` run for the few files that changed since.

Loading every record from the cache and running the repository rules over all of them
is most of a warm run with one file changed. Yet most edits (a note, a name, a
description in ``meta``) change nothing that a repository rule reads
(:data:`officectl.checks.UNSEEN_BY_REPO_RULES`), and the others change what only a few
rules read. So the last run leaves its findings behind, per file and per rule, and the
next run parses just the files that changed: where each one looks the same as before
to the repository rules (:func:`~officectl.checks.seen_by_repo_rules`), the findings
stand, with that file's own problems replaced and its repository findings located
again in its new text. After an edit the rules can see (a reference, a status, a
total or a payment, an end date), only the repository rules that declare they read
a field that changed run again (``reads=``, :mod:`officectl.rules`), over the records
as they are now (:class:`Rerun`); every other rule's findings stand, since all it reads
is as it was. Anything else (a file added, deleted or becoming
(un)readable, another ``--today``, a referenced document appearing or going) and
:func:`reuse` answers None: the caller runs everything, as a cold run would.

The state holds every finding, whatever PATHs were asked for, so a narrower
``validate records/invoices`` reuses it too.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from officectl.cache import Cache, Loaded, Parse, StatKey
from officectl.cache_seal import TRUSTED
from officectl.cache_shards import FileEntry
from officectl.checks import REPO_RULES, declared_reads, seen_by_repo_rules
from officectl.config import Config
from officectl.loader import locate_problems
from officectl.problems import Problem
from officectl.records import Record
from officectl.repository import DocumentStatus, Repository, document_status
from officectl.warm import DIGEST, KEY, Findings, RunState, answer, paths_digest
from officectl.yaml import reading


def store(
    cache: Cache,
    today: date,
    relpaths: Sequence[str],
    loaded: Loaded,
    rule_findings: Iterable[tuple[str, Iterable[Problem]]],
    located_rule_problems: Iterable[Problem],
    file_checks: dict[str, DocumentStatus],
    records: int,
) -> None:
    """Leave a full run's findings for the next run (not if a file's result could not
    be stored: an unreadable file is read again every run)."""
    entries = [entry for entry in loaded.entries if entry is not None]
    if len(entries) != len(loaded.entries):
        return
    file_problems = {
        relpath: problems
        for relpath, problems in zip(relpaths, loaded.problems, strict=True)
        if problems
    }
    _leave(
        cache,
        RunState(
            today,
            paths_digest(relpaths),
            b"".join(entry[:KEY] for entry in entries),
            b"".join(entry[KEY:] for entry in entries),
            file_problems,
            tuple((rule, tuple(found)) for rule, found in rule_findings),
            _by_path(located_rule_problems),
            dict(file_checks),
            records,
        ),
    )


def _leave(cache: Cache, state: RunState) -> None:
    """Store the state, and the warm answer made from it (:func:`officectl.warm.answer`)."""
    cache.write_state(state)
    cache.write_answer(answer(state))


def reuse(
    cache: Cache,
    config: Config,
    today: date,
    relpaths: Sequence[str],
    stats: Sequence[StatKey | None],
    parse: Parse,
) -> RunState | Rerun | None:
    """The findings for the files as they are (every problem, the number of records),
    from the last run's state and the changed files alone; a :class:`Rerun` when some
    repository rules must run again (the caller loads the records and finishes it);
    None when all of them must."""
    state = cache.read_state()
    if (
        not isinstance(state, RunState)
        or not state.well_formed(len(relpaths))
        or tuple(rule for rule, _ in state.rule_findings) != tuple(r.id for r in REPO_RULES)
        or state.today != today
        or state.paths != paths_digest(relpaths)
        or None in stats
    ):
        return None
    if any(
        document_status(config.root, path) != status for path, status in state.file_checks.items()
    ):
        return None
    keys = b"".join(TRUSTED.pack(*key, True) for key in stats if key is not None)
    if keys == state.keys:
        return state
    updated = _reread(cache, config, relpaths, stats, state, keys, parse)
    if updated is None or isinstance(updated, Rerun):
        return updated
    _leave(cache, updated)
    return updated


@dataclass(frozen=True)
class Rerun:
    """The last run's findings with the changed files read again, of which those of
    ``rules`` (positions in ``REPO_RULES``) are stale: each of them reads a field that
    an edit changed. :meth:`finish` runs just these over the records as loaded now."""

    cache: Cache
    root: Path
    relpaths: Sequence[str]
    state: RunState
    rules: frozenset[int]
    edited: frozenset[str]
    texts: dict[str, str]
    """The edited files' text, as read (to locate problems in)."""

    def seen_records(self) -> list[Record | None] | None:
        """Every file's record as the repository rules see it, straight from the
        cache's shards (each file was just found as the state has it, so no stat key
        is compared again); None if a shard does not hold the content the state was
        made from."""
        return self.cache.stored_records(self.relpaths, self.state.digests)

    def holds(self, loaded: Loaded) -> bool:
        """Whether ``loaded`` is the content the state was read from (not if a file
        changed again meanwhile: the caller then runs every rule)."""
        return (
            None not in loaded.entries
            and b"".join(entry[KEY:] for entry in loaded.entries if entry is not None)
            == self.state.digests
        )

    def finish(self, repo: Repository, today: date) -> RunState:
        """The findings for the files as they are, with the stale rules run over
        ``repo`` (the records :meth:`seen_records` gives, or those loaded for which
        :meth:`holds`)."""
        findings = list(self.state.rule_findings)
        redo = set(self.edited)  # whose located problems are made again
        for index in sorted(self.rules):
            rule = REPO_RULES[index]
            fresh = tuple(rule(repo, today))
            redo.update(p.path for p in (*findings[index][1], *fresh))
            findings[index] = (rule.id, fresh)
        located = {
            path: group
            for path, group in self.state.located_rule_problems.items()
            if path not in redo
        }
        again = [p for _, group in findings for p in group if p.path in redo]
        located.update(_by_path(locate_problems(self.root, again, self.texts)))
        state = replace(
            self.state,
            rule_findings=tuple(findings),
            located_rule_problems=located,
            file_checks={**self.state.file_checks, **repo.file_checks},
        )
        _leave(self.cache, state)
        return state


def _reread(
    cache: Cache,
    config: Config,
    relpaths: Sequence[str],
    stats: Sequence[StatKey | None],
    state: RunState,
    keys: bytes,
    parse: Parse,
) -> RunState | Rerun | None:
    """The state with the files whose stat keys changed read again; a :class:`Rerun`
    of the rules that read a field one of them changed; None if the change is one
    every rule may see (a file now (un)readable) or a file cannot be read."""
    read = _read_changed(cache, config, relpaths, stats, state, keys)
    if read is None:
        return None
    new_keys, edited = read
    if not edited:
        return replace(state, keys=new_keys)
    before = cache.stored_files(edited)
    parsed = parse.many([(relpath, data) for relpath, (_, data, _) in edited.items()])
    results: dict[str, FileEntry] = {}
    new_digests = bytearray(state.digests)
    stale: set[int] | None = set()
    for (relpath, (index, _, entry)), result in zip(edited.items(), parsed, strict=True):
        results[relpath] = (entry, result.record, result.problems)
        old = before.get(relpath)
        digest = state.digests[index * DIGEST : (index + 1) * DIGEST]
        if old is None or old[0][KEY:] != digest:
            stale = None  # not the version the findings were made from
        elif stale is not None:
            stale = stale_rules(config, old[1], result.record, stale)
        new_digests[index * DIGEST : (index + 1) * DIGEST] = entry[KEY:]
    cache.store_files(results)  # a full run after this one takes them from there
    if stale is None:
        return None
    file_problems = dict(state.file_problems)
    for relpath, (_, _, problems) in results.items():
        file_problems.pop(relpath, None)
        if problems:
            file_problems[relpath] = problems
    texts = {}
    for relpath, (_, data, _) in edited.items():
        with suppress(reading.LoadError):  # undecodable: located at line 1 as a cold run does
            texts[relpath] = reading.decode(data)
    moved = [p for _, group in state.rule_findings for p in group if p.path in results]
    located = dict(state.located_rule_problems)
    located.update(_by_path(locate_problems(config.root, moved, texts)))
    updated = replace(
        state,
        keys=new_keys,
        digests=bytes(new_digests),
        file_problems=file_problems,
        located_rule_problems=located,
    )
    if not stale:
        return updated
    return Rerun(cache, config.root, relpaths, updated, frozenset(stale), frozenset(edited), texts)


def _read_changed(
    cache: Cache,
    config: Config,
    relpaths: Sequence[str],
    stats: Sequence[StatKey | None],
    state: RunState,
    keys: bytes,
) -> tuple[bytes, dict[str, tuple[int, bytes, bytes]]] | None:
    """The new stat keys, and (position, bytes, entry) of every file whose content
    changed (not merely touched); None if one of them cannot be read."""
    base = str(config.root) + os.sep
    new_keys = bytearray(state.keys)
    edited: dict[str, tuple[int, bytes, bytes]] = {}
    for index in range(len(relpaths)):
        at = slice(index * KEY, (index + 1) * KEY)
        if keys[at] == state.keys[at]:
            continue
        relpath, key = relpaths[index], stats[index]
        failed, data = cache.read_file(config, base, relpath, key)
        if failed is not None or key is None:
            return None
        entry = cache.entry(key, data)
        new_keys[at] = entry[:KEY]
        if entry[KEY:] != state.digests[index * DIGEST : (index + 1) * DIGEST]:
            edited[relpath] = (index, data, entry)  # not merely touched
    return bytes(new_keys), edited


def stale_rules(
    config: Config, old: Record | None, new: Record | None, stale: set[int]
) -> set[int] | None:
    """``stale`` with the repository rules that read a field in which ``new`` differs
    from ``old`` (two versions of one file); None when every rule may see the change
    (the file became readable or unreadable, or has no record)."""
    if old is None or new is None or old.readable != new.readable:
        return None
    kind = config.kinds.get(new.kind)
    if kind is None or (old.kind, old.id, old.path) != (new.kind, new.id, new.path):
        return None
    changed = _changed_names(seen_by_repo_rules(old), seen_by_repo_rules(new))
    return stale | {
        index
        for index, rule in enumerate(REPO_RULES)
        if index not in stale and changed & declared_reads(rule, kind)
    }


def _changed_names(old: Record, new: Record) -> set[str]:
    """The fields and derived values whose text differs between two versions of a
    record (as text: ``Decimal("1.0") == Decimal("1.00")``, yet messages print them
    apart), and those only one of them has."""
    changed = set()
    for before, after in ((old.data, new.data), (old.derived, new.derived)):
        for name in before.keys() | after.keys():
            if name not in before or name not in after or repr(before[name]) != repr(after[name]):
                changed.add(name)
    return changed


def _by_path(problems: Iterable[Problem]) -> Findings:
    grouped: dict[str, list[Problem]] = {}
    for problem in problems:
        grouped.setdefault(problem.path, []).append(problem)
    return {path: tuple(group) for path, group in grouped.items()}
