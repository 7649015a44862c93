"""Workflows: the commands that write records.

Each workflow (one module each: :mod:`~officectl.workflows.issue`,
:mod:`~officectl.workflows.pay`, :mod:`~officectl.workflows.recurring`,
:mod:`~officectl.workflows.deals`, :mod:`~officectl.workflows.new`) is a function
from the loaded :class:`WriteBooks` and its arguments to a :class:`WritePlan`: the files to
write and what to tell the user. Nothing is written until :func:`commit` has
checked the plan against the repository *as it would be afterwards*, in memory:
the files the plan writes must have no error at all, and no other file may gain
one. So the result of every write passes ``validate``, and a refused plan leaves
every file as it was.

:func:`run` is the one way a command writes: it takes the repository's lock
(:mod:`officectl.lock`) *before* loading the books, so two writers never plan from
the same state, and holds it until the plan is written, all or nothing
(:mod:`officectl.journal`). A file the plan replaces must still hold the bytes
:meth:`WriteBooks.document` read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from officectl.atomic import PlannedWrite, apply_changes
from officectl.config import Config
from officectl.errors import RecordError, UsageError
from officectl.loader import FileResult, load_text, locate_problems
from officectl.lock import locked
from officectl.model import kind_of_id
from officectl.problems import Problem
from officectl.records import Record
from officectl.repository import Repository
from officectl.validation import Findings, repository_findings
from officectl.yaml import reading
from officectl.yaml.editing import RecordEdit


@dataclass(frozen=True)
class WritePlan:
    changes: tuple[PlannedWrite, ...]
    messages: tuple[str, ...] = ()


class WriteBooks:
    """The repository loaded for a write: its records and each file's own load result."""

    def __init__(self, config: Config, today: date | None = None) -> None:
        from officectl.validation import load_for_write, load_repository

        self.config = config
        self.root = config.root
        self.findings: Findings | None = None
        """With ``today``: what ``validate`` finds for the books as loaded, when its
        last run's findings still hold (then :func:`check` need not run the rules
        over the books as they are, and runs only those that read what the plan
        changes); else None."""
        if today is None:
            loaded = load_repository(config, use_cache=True)  # as validate does
        else:
            loaded, self.findings = load_for_write(config, today)
        self.today = today
        self.results = loaded.files()
        self.repo = loaded.repository
        self.read: dict[str, bytes] = {}
        """The bytes of each file :meth:`document` opened, as read."""
        self.parsed: dict[str, tuple[str, dict[str, Any]]] = {}
        """Per path, a planned text and its raw data, when the plan read it back
        already (``bank import``); :func:`check` uses it only for that very text."""

    def record(self, record_id: str, kind: str) -> Record:
        """The readable record ``record_id`` of ``kind``. An ID that names no record of
        the kind is a usage error (exit 2, as in every command); a record that cannot
        be read is a record error (exit 1)."""
        record = self.repo.records.get(record_id)
        singular = self.config.kinds[kind].singular
        if record is None:
            actual = kind_of_id(record_id, self.config.kinds)
            hint = (
                f"{record_id} looks like {_a(self.config.kinds[actual].singular)} ID"
                if actual and actual != kind
                else f"list them with 'officectl list {kind}'"
            )
            raise UsageError(f"no {singular} {record_id}", hint=hint)
        if record.kind != kind:
            raise UsageError(
                f"{record_id} is {_a(self.config.kinds[record.kind].singular)}, not {_a(singular)}"
            )
        if not record.readable:
            raise RecordError(
                f"{record.path} cannot be read; fix it first (see 'officectl validate')"
            )
        return record

    def document(self, record: Record) -> RecordEdit:
        """The record's file, opened for a round-trip edit."""
        try:
            data = reading.read_bytes(self.root / record.path)
            text = reading.decode(data)
        except reading.LoadError as exc:
            raise RecordError(f"{record.path}: {exc.message}") from None
        self.read[record.path] = data
        return RecordEdit(text, self.config.kinds[record.kind])


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def _repository(config: Config, results: Iterable[FileResult]) -> Repository:
    return Repository(config, (r.record for r in results if r.record is not None))


def run(config: Config, today: date, make_plan: Callable[[WriteBooks], WritePlan]) -> WritePlan:
    """Load the books, plan and commit, all under the repository's lock."""
    with locked(config.root):
        books = WriteBooks(config, today)
        plan = make_plan(books)
        commit(books, plan, today)
    return plan


def commit(books: WriteBooks, plan: WritePlan, today: date) -> None:
    """Write the plan if the repository it leaves passes ``validate``; else refuse.
    (Without the lock held, as :func:`run` holds it, the plan still never replaces a
    file that changed since it was read: it is refused instead.)"""
    errors = check(books, plan, today)
    if errors:
        from officectl.reporting.text import line

        renamed = {c.path: c.old_path for c in plan.changes if c.old_path is not None}
        sources = [
            f"  fix {renamed[path]}: it is the file that would become {path}"
            for path in dict.fromkeys(p.path for p in errors)
            if path in renamed
        ]
        raise RecordError(
            "refused, nothing was written: the result would not pass "
            "validate:\n" + "\n".join([f"  {line(p)}" for p in errors] + sources)
        )
    apply_changes(books.root, plan.changes, books.read)


def check(books: WriteBooks, plan: WritePlan, today: date) -> list[Problem]:
    """The errors the repository would have after ``plan`` that are the plan's doing:
    every error in a file it writes, and errors elsewhere that are not there now."""
    config = books.config
    written = {c.path: c.text for c in plan.changes}
    after = dict(books.results)
    for change in plan.changes:
        if change.old_path is not None:
            after.pop(change.old_path, None)
        parsed = books.parsed.get(change.path)
        raw = parsed[1] if parsed is not None and parsed[0] == change.text else None
        after[change.path] = load_text(change.path, change.text, config, raw)
    problems = [p for path in written for p in after[path].problems]
    if books.findings is not None and books.today == today:
        # validate's findings (its own problems, and the rules' located on disk): the
        # rules' problems of the books as they are, and file problems, which no rule
        # gives, so none of them hides one of the plan's
        before = set(books.findings.problems)
        problems += _plan_problems(books, books.findings, plan, after, today)
    else:
        before = set(_repo_problems(books, books.repo, today, {}))
        problems += _repo_problems(books, _repository(config, after.values()), today, written)
    errors = {
        p for p in problems if p.severity == "error" and (p.path in written or p not in before)
    }
    return sorted(errors, key=Problem.sort_key)


def _plan_problems(
    books: WriteBooks,
    findings: Findings,
    plan: WritePlan,
    after: dict[str, FileResult],
    today: date,
) -> list[Problem]:
    """The repository rules' problems after ``plan`` that may be its doing, located:
    those of every rule that reads a field the plan changes, run over the books as
    they would be; of every other rule, which would find what it found before, those
    in the files the plan writes (elsewhere they are ``validate``'s findings as ever)."""
    from officectl.checks import REPO_RULES
    from officectl.incremental import stale_rules

    written = {c.path: c.text for c in plan.changes}
    stale: set[int] | None = set()
    for change in plan.changes:
        before = books.results.get(change.path)
        if stale is None:
            break
        if change.old_path is not None or before is None:
            stale = None  # a record added or renamed: every rule may see it
        else:
            stale = stale_rules(books.config, before.record, after[change.path].record, stale)
    if stale is None:
        return _repo_problems(books, _repository(books.config, after.values()), today, written)
    found: list[Problem] = []
    if stale:
        repo = _repository(books.config, after.values())
        found += [p for index in sorted(stale) for p in REPO_RULES[index](repo, today)]
    found += [
        p
        for index, (_, group) in enumerate(findings.by_rule)
        if index not in stale
        for p in group
        if p.path in written
    ]
    return locate_problems(books.root, found, written)


def _repo_problems(
    books: WriteBooks, repo: Repository, today: date, written: dict[str, str]
) -> list[Problem]:
    """The repository rules' problems, located in the planned text or the file on disk."""
    return locate_problems(books.root, repository_findings(repo, today), written)
