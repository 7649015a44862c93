"""A warm ``validate`` with nothing changed: the last run's answer, read with the
standard library alone.

After a ``validate``, the cache holds that run's findings (:class:`RunState`, written by
:mod:`officectl.incremental`). When no record file was added, deleted or changed
since (one ``stat`` per file: every stat key equals the trusted one stored), the
configuration's text and officectl are the same (the cache key), the date is the same
and the documents that contracts name are as they were, those findings are the
answer. This module gives it without loading the configuration, the schema, the
checks or PyYAML: their imports were most of such a run. Anything else (and anything
unusual: a refused path, a journal of an interrupted change, no cache) answers None,
and the caller runs :func:`officectl.validation.validate`, which may still reuse the
state for the files that changed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from hashlib import blake2b
from pathlib import Path
from typing import NamedTuple

from officectl.cache_seal import (
    CACHE_DIR,
    ENTRY,
    TRUSTED,
    StatKey,
    config_source,
    key_of,
    read_sealed,
    stat_keys,
    unsafe_folder,
    user_secret,
)
from officectl.discovery import DocumentStatus, discover, document_status
from officectl.problems import Problem
from officectl.validation_result import ValidationResult, select
from officectl.yaml.load_error import LoadError

KEY = TRUSTED.size
DIGEST = ENTRY.size - TRUSTED.size
Findings = dict[str, tuple[Problem, ...]]
"""Problems by path, for the paths that have any."""
JOURNAL_FILE = ".officectl-lock/journal.json"
""":data:`officectl.journal.JOURNAL_FILE` (a test keeps them equal): importing the
journal module costs more than the check."""


@dataclass(frozen=True)
class RunState:
    """The last full or reused run, per record file in the order ``discover`` gives."""

    today: date
    paths: bytes
    """Digest of the list of record paths: any file added or deleted changes it."""
    keys: bytes
    """Per path, the start of its cache :data:`ENTRY`: stat key and whether it is trusted."""
    digests: bytes
    """Per path, the digest of the bytes its findings were made from."""
    file_problems: Findings
    """The per-file stage's problems, located."""
    rule_problems: Findings
    """The repository rules' problems as the rules gave them (by field path)."""
    located_rule_problems: Findings
    """The same with line and column, which move when a file is edited."""
    file_checks: dict[str, DocumentStatus]
    """What the rules learnt of the file system (documents named by contracts)."""
    records: int

    def problems(self) -> list[Problem]:
        return [
            p
            for findings in (self.file_problems, self.located_rule_problems)
            for group in findings.values()
            for p in group
        ]

    def well_formed(self, count: int) -> bool:
        return len(self.keys) == KEY * count and len(self.digests) == DIGEST * count

    def documents_unchanged(self, root: Path) -> bool:
        """Whether every document the rules looked at is still as they found it."""
        return all(
            document_status(root, path) == status for path, status in self.file_checks.items()
        )


def paths_digest(relpaths: Sequence[str]) -> bytes:
    return blake2b("\0".join(relpaths).encode(), digest_size=16).digest()


class Survey(NamedTuple):
    """The record files and their stat keys, as a run found them, and when it started
    looking (the time :class:`officectl.cache.Cache` judges racy files against)."""

    root: Path
    relpaths: list[str]
    refused: list[tuple[str, LoadError]]
    stats: list[StatKey | None]
    started_ns: int


_surveyed: list[Survey] = []
"""The survey of a warm answer that did not hold, for the run that follows in the same
process (:func:`take_survey`): listing and stating every file once, not twice."""


def survey(root: Path) -> Survey:
    """Find the record files and take their stat keys, noting the time first."""
    started_ns = time.time_ns()
    refused: list[tuple[str, LoadError]] = []
    relpaths = list(discover(root, refused))
    return Survey(root, relpaths, refused, stat_keys(root, relpaths), started_ns)


def take_survey(root: Path) -> Survey | None:
    """The survey :func:`unchanged_result` left for ``root`` in this process, once."""
    if _surveyed and _surveyed[-1].root == root:
        return _surveyed.pop()
    return None


def unchanged_result(
    root: Path, today: date, selected: tuple[str, ...] | None
) -> ValidationResult | None:
    """What ``validate`` (with the cache) reports for the ``selected`` paths (all
    without) when nothing changed since the last run; None when it must look (its
    survey of the files is then left for that run: :func:`take_survey`)."""
    if any(s.root == root for s in _surveyed):
        return None  # asked already in this process (the launcher, then the command)
    if unsafe_folder(root) is not None or os.path.lexists(root / JOURNAL_FILE):
        return None
    secret, source = user_secret(), config_source(root)
    if secret is None or source is None:
        return None
    state = read_sealed(root / CACHE_DIR / "state", secret, key_of(source), b"state")
    if not isinstance(state, RunState) or state.today != today:
        return None
    found = survey(root)
    relpaths = found.relpaths
    if (
        found.refused
        or not state.well_formed(len(relpaths))
        or state.paths != paths_digest(relpaths)
        or None in found.stats
        or _trusted(found.stats) != state.keys
        or not state.documents_unchanged(root)
    ):
        _surveyed[:] = [found]
        return None
    return select(state.problems(), state.records, selected)


def _trusted(stats: list[StatKey | None]) -> bytes:
    pack = TRUSTED.pack
    return b"".join([pack(*key, True) for key in stats if key is not None])
