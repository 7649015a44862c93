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

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from officectl.cache_seal import ENTRY, TRUSTED
from officectl.cache_seal import paths_digest as paths_digest  # re-exported
from officectl.discovery import document_status
from officectl.problems import Problem
from officectl.validation_result import ValidationResult, select
from officectl.warm_answer import ANSWER_FORMAT, asked_already, holds, readable_state
from officectl.warm_answer import JOURNAL_FILE as JOURNAL_FILE  # re-exported
from officectl.warm_answer import Survey as Survey
from officectl.warm_answer import take_survey as take_survey

TYPE_CHECKING = False
if TYPE_CHECKING:
    from officectl.repository import DocumentStatus

KEY = TRUSTED.size
DIGEST = ENTRY.size - TRUSTED.size
Findings = dict[str, tuple[Problem, ...]]
"""Problems by path, for the paths that have any."""
RuleFindings = tuple[tuple[str, tuple[Problem, ...]], ...]
"""Per repository rule (its ID), in the order they run, its problems as it gave them."""


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
    rule_findings: RuleFindings
    """The repository rules' problems as the rules gave them (by field path), per rule:
    a change that only some rules read runs only those again."""
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

    def stored(self) -> tuple[str, bytes, bytes, tuple[tuple[str, str], ...]]:
        """What its findings hold for (see :func:`officectl.warm_answer.holds`)."""
        return (self.today.isoformat(), self.paths, self.keys, tuple(self.file_checks.items()))


def unchanged_result(
    root: Path, today: date, selected: tuple[str, ...] | None
) -> ValidationResult | None:
    """What ``validate`` (with the cache) reports for the ``selected`` paths (all
    without) when nothing changed since the last run; None when it must look (its
    survey of the files is then left for that run: :func:`take_survey`)."""
    if asked_already(root):
        return None  # asked already in this process (the launcher, then the command)
    state = readable_state(root, "state")
    if not isinstance(state, RunState) or not holds(root, today.isoformat(), state.stored()):
        return None
    return select(state.problems(), state.records, selected)


def answer(state: RunState) -> tuple[object, ...]:
    """The warm answer of ``state`` (:mod:`officectl.warm_answer`): what each format
    prints, the summary, the exit codes, and what it holds for, as plain data."""
    from officectl.reporting import REPORTERS
    from officectl.reporting.text import summary

    result = select(state.problems(), state.records, None)
    return (
        ANSWER_FORMAT,
        state.stored(),
        {name: render(result) for name, render in REPORTERS.items()},
        summary(result),
        result.exit_code(strict=False),
        result.exit_code(strict=True),
    )
