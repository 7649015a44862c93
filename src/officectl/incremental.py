"""Reusing the last ``validate`` run for the few files that changed since.

Loading every record from the cache and running the repository rules over all of them
is most of a warm run with one file changed. Yet most edits (a note, a name, a
description in ``meta``) change nothing that a repository rule reads
(:data:`officectl.checks.UNSEEN_BY_REPO_RULES`). So the last run leaves its findings
behind, per file, and the next run parses just the files that changed: where each
one's :func:`~officectl.checks.repo_rule_view` is the same as before, the findings
stand, with that file's own problems replaced and its repository findings located
again in its new text. Anything else (a file added or deleted, a changed reference,
status, total or payment, an end date, another ``--today``, a referenced document
appearing or going) and :func:`reuse` answers None: the caller runs everything, as a
cold run would.

The state holds every finding, whatever PATHs were asked for, so a narrower
``validate records/invoices`` reuses it too.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import replace
from datetime import date

from officectl.cache import Cache, Loaded, Parse, StatKey
from officectl.cache_seal import TRUSTED
from officectl.cache_shards import FileEntry
from officectl.checks import repo_rule_view
from officectl.config import Config
from officectl.loader import locate_problems
from officectl.problems import Problem
from officectl.repository import DocumentStatus, document_status
from officectl.warm import DIGEST, KEY, Findings, RunState, answer, paths_digest
from officectl.yaml import reading


def store(
    cache: Cache,
    today: date,
    relpaths: Sequence[str],
    loaded: Loaded,
    rule_problems: Iterable[Problem],
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
            _by_path(rule_problems),
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
) -> tuple[list[Problem], int] | None:
    """Every problem and the number of records, from the last run's state and the
    changed files alone; None when the repository rules must run again."""
    state = cache.read_state()
    if (
        not isinstance(state, RunState)
        or not state.well_formed(len(relpaths))
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
        return state.problems(), state.records
    updated = _reread(cache, config, relpaths, stats, state, keys, parse)
    if updated is None:
        return None
    state = updated
    _leave(cache, state)
    return state.problems(), state.records


def _reread(
    cache: Cache,
    config: Config,
    relpaths: Sequence[str],
    stats: Sequence[StatKey | None],
    state: RunState,
    keys: bytes,
    parse: Parse,
) -> RunState | None:
    """The state with the files whose stat keys changed read again, or None if one of
    them now looks different to the repository rules (or cannot be read)."""
    base = str(config.root) + os.sep
    new_keys, new_digests = bytearray(state.keys), bytearray(state.digests)
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
    if not edited:
        return replace(state, keys=bytes(new_keys))
    before = cache.stored_files(edited)
    parsed = parse([(relpath, data) for relpath, (_, data, _) in edited.items()])
    results: dict[str, FileEntry] = {}
    same = True
    for (relpath, (index, _, entry)), result in zip(edited.items(), parsed, strict=True):
        results[relpath] = (entry, result.record, result.problems)
        old = before.get(relpath)
        digest = state.digests[index * DIGEST : (index + 1) * DIGEST]
        same = (
            same
            and old is not None
            and old[0][KEY:] == digest
            and (repo_rule_view(old[1]) == repo_rule_view(result.record))
        )
        new_digests[index * DIGEST : (index + 1) * DIGEST] = entry[KEY:]
    cache.store_files(results)  # a full run after this one takes them from there
    if not same:
        return None
    file_problems = dict(state.file_problems)
    located = dict(state.located_rule_problems)
    for relpath, (_, _, problems) in results.items():
        file_problems.pop(relpath, None)
        if problems:
            file_problems[relpath] = problems
    moved = [p for relpath in results for p in state.rule_problems.get(relpath, ())]
    texts = {}
    for relpath in {p.path for p in moved} & edited.keys():
        with suppress(reading.LoadError):  # undecodable: located at line 1 as a cold run does
            texts[relpath] = reading.decode(edited[relpath][1])
    located.update(_by_path(locate_problems(config.root, moved, texts)))
    return replace(
        state,
        keys=bytes(new_keys),
        digests=bytes(new_digests),
        file_problems=file_problems,
        located_rule_problems=located,
    )


def _by_path(problems: Iterable[Problem]) -> Findings:
    grouped: dict[str, list[Problem]] = {}
    for problem in problems:
        grouped.setdefault(problem.path, []).append(problem)
    return {path: tuple(group) for path, group in grouped.items()}
