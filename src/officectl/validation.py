"""The pipeline: discover → load each file → index → repository rules → report.

Its interface is small: :func:`load_repository` (the records, each file's result and,
given a date, the validation result) for every command that works on the records
(list, show, render, export, the writing workflows' ``WriteBooks``), and :func:`validate`
for ``validate`` itself, which may reuse the last run without loading the records.
How files are found, parsed in parallel, cached and reused
(:mod:`~officectl.loader`, :mod:`~officectl.parallel`, :mod:`~officectl.cache`,
:mod:`~officectl.incremental`, :mod:`~officectl.changes`) stays behind it.

Problems are values, never raised: one broken file never stops the run. The result
is deterministic (sorted by path, line, column, code), whichever way files were
loaded (serially, in parallel or from the cache). Memory tuning (the garbage
collector) and the fast exit belong to the command line, not here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import NamedTuple

from officectl import incremental
from officectl.cache import Cache, Loaded, Parse, StatKey, cached_config, stat_keys
from officectl.checks import REPO_RULES, UNSEEN_BY_REPO_RULES, seen_by_repo_rules
from officectl.config import Config
from officectl.loader import (
    BULK_FILES,
    FileResult,
    discover,
    load_data,
    load_data_chunk,
    load_file,
    load_files_chunk,
    locate_problems,
    refused_path,
)
from officectl.parallel import map_items
from officectl.problems import Problem, error
from officectl.repository import Repository
from officectl.validation_result import ValidationResult as ValidationResult
from officectl.validation_result import select as _result
from officectl.warm import RuleFindings, RunState, Survey
from officectl.yaml.reading import LoadError


def load_files(
    config: Config,
    relpaths: Sequence[str],
    *,
    cache: Cache | None = None,
    stats: Sequence[StatKey | None] | None = None,
    seen: bool = False,
) -> list[FileResult]:
    """The per-file stage for every file: from ``cache`` where a file is unchanged
    (``stats`` are the files' stat keys, if already taken), on several processes
    when many files need parsing. With ``seen`` and no cache, the records are as the
    repository rules see them (all ``validate`` needs), each reduced where it was
    loaded: a worker process pickles and ships back a third of the objects."""
    if cache is None:
        shipped = _seen if seen else _whole

        def one(relpath: str) -> FileResult:
            return shipped(load_file(config.root, relpath, config))

        bulk = len(relpaths) >= BULK_FILES

        def chunk(part: Sequence[str]) -> list[FileResult]:
            return [shipped(r) for r in load_files_chunk(config.root, part, config, bulk=bulk)]

        return map_items(one, relpaths, chunk_work=chunk)
    loaded = _load_cached(config, relpaths, cache, stats)
    return [
        FileResult(record, group)
        for record, group in zip(loaded.records, loaded.problems, strict=True)
    ]


def _whole(result: FileResult) -> FileResult:
    return result


def _seen(result: FileResult) -> FileResult:
    if result.record is None or result.record.kind not in UNSEEN_BY_REPO_RULES:
        return result
    return FileResult(seen_by_repo_rules(result.record, derived=True), result.problems)


def _load_cached(
    config: Config,
    relpaths: Sequence[str],
    cache: Cache,
    stats: Sequence[StatKey | None] | None,
    *,
    seen: bool = False,
) -> Loaded:
    """:func:`load_files` through ``cache``: from it where a file is unchanged
    (``stats`` are the files' stat keys, if already taken)."""

    if stats is None:
        stats = stat_keys(config.root, relpaths)
    return cache.load_files(config, relpaths, stats, _parser(config), seen=seen)


def _parser(config: Config) -> Parse:
    """The per-file stage for files the cache has no result for."""

    def many(items: Sequence[tuple[str, bytes]]) -> list[FileResult]:
        return map_items(
            lambda item: load_data(item[0], item[1], config),
            items,
            chunk_work=lambda part: load_data_chunk(part, config, bulk=len(items) >= BULK_FILES),
        )

    def chunk(items: Sequence[tuple[str, bytes]], bulk: bool) -> list[FileResult]:
        return load_data_chunk(items, config, bulk=bulk)

    return Parse(many, chunk)


class LoadedRepository(NamedTuple):
    """The records loaded whole, and what loading them (and checking them) found."""

    repository: Repository
    problems: list[Problem]
    """Each file's own problems, located; with a date, the repository rules' too."""

    def files(self) -> dict[str, FileResult]:
        """Each record file's own result (record and problems), by path."""
        records = [*self.repository.all(), *self.repository.duplicates]
        results = {r.path: FileResult(r, ()) for r in records}
        for problem in self.problems:
            result = results.get(problem.path, FileResult(None, ()))
            results[problem.path] = FileResult(result.record, (*result.problems, problem))
        return results

    def result(self) -> ValidationResult:
        """The problems as ``validate`` reports them."""
        records = len(self.repository.records) + len(self.repository.duplicates)
        return _result(list(self.problems), records, None)


def load_repository(
    config: Config,
    *,
    use_cache: bool = False,
    today: date | None = None,
) -> LoadedRepository:
    """Every record and the per-file problems; ``use_cache`` reads and fills the cache
    (whole records, as they are on disk). With ``today``, the repository rules run too
    and their problems are included: :meth:`LoadedRepository.result` is then what
    ``validate`` would report."""
    refused: Refused = []
    relpaths = list(discover(config.root, refused))
    cache = Cache.open(config) if use_cache and not refused else None
    repo, loaded = _load_repository(config, relpaths, cache, None, refused)
    problems = [p for group in loaded.problems for p in group]
    if today is not None:
        problems += locate_problems(config.root, repository_findings(repo, today))
    return LoadedRepository(repo, problems)


def load_checked(config: Config, today: date) -> tuple[Repository, int]:
    """Every record, whole, and the number of errors ``validate`` reports for them.

    Right after a ``validate`` of the same ``today`` the errors are its findings, kept
    in the cache (:func:`officectl.incremental.reuse`), and the repository rules do not
    run again; otherwise they run, and their findings are left for the next command."""
    cache = Cache.open(config)
    refused: Refused = []
    relpaths = list(discover(config.root, refused))
    stats = stat_keys(config.root, relpaths) if cache is not None else None
    reused = None
    if cache is not None and stats is not None and not refused:
        reused = incremental.reuse(cache, config, today, relpaths, stats, _parser(config))
    repo, loaded = _load_repository(config, relpaths, cache, stats, refused)
    if isinstance(reused, incremental.Rerun):
        reused = reused.finish(repo, today) if reused.holds(loaded) else None
    if reused is not None:
        return repo, sum(p.severity == "error" for p in reused.problems())
    by_rule = findings_by_rule(repo, today)
    found = [p for _, group in by_rule for p in group]
    located = locate_problems(config.root, found)
    if cache is not None and not refused:
        incremental.store(
            cache,
            today,
            relpaths,
            loaded,
            by_rule,
            located,
            repo.file_checks,
            len(repo.records) + len(repo.duplicates),
        )
    problems = [p for group in loaded.problems for p in group] + located
    return repo, sum(p.severity == "error" for p in problems)


class Findings(NamedTuple):
    """What ``validate`` reports, and what each repository rule gave (not located)."""

    problems: list[Problem]
    by_rule: RuleFindings
    """Per rule of ``REPO_RULES`` (:mod:`officectl.checks`), in its order."""


def load_for_write(config: Config, today: date) -> tuple[LoadedRepository, Findings | None]:
    """:func:`load_repository` with the cache, and what ``validate`` finds for
    ``today`` when its last run's findings still hold for the files as they are
    (:func:`officectl.incremental.reuse`), else None: a write checks its plan against
    them instead of running the repository rules over the books as they are, and runs
    only the rules that read what the plan changes."""
    cache = Cache.open(config)
    refused: Refused = []
    relpaths = list(discover(config.root, refused))
    if cache is None or refused:
        return load_repository(config, use_cache=True), None
    stats = stat_keys(config.root, relpaths)
    reused = incremental.reuse(cache, config, today, relpaths, stats, _parser(config))
    repo, loaded = _load_repository(config, relpaths, cache, stats, refused)
    if isinstance(reused, incremental.Rerun):
        reused = reused.finish(repo, today) if reused.holds(loaded) else None
    problems = [p for group in loaded.problems for p in group]
    if reused is None:
        return LoadedRepository(repo, problems), None
    return LoadedRepository(repo, problems), Findings(reused.problems(), reused.rule_findings)


def _load_repository(
    config: Config,
    relpaths: list[str],
    cache: Cache | None,
    stats: Sequence[StatKey | None] | None,
    refused: Refused,
    *,
    seen: bool = False,
) -> tuple[Repository, Loaded]:
    """The repository and each file's results; with ``seen``, records come as the
    repository rules see them (enough for them, and quicker to load or ship back)."""
    if cache is None:
        results = load_files(config, relpaths, seen=seen)
        loaded = Loaded(
            [r.record for r in results], [r.problems for r in results], [None] * len(results)
        )
    else:
        loaded = _load_cached(config, relpaths, cache, stats, seen=seen)
    for result in (refused_path(relpath, config, reason) for relpath, reason in refused):
        loaded.records.append(result.record)
        loaded.problems.append(result.problems)
        loaded.entries.append(None)
    repo = Repository(config, (r for r in loaded.records if r is not None))
    return repo, loaded


def load_through_cache(
    config: Config, relpaths: list[str], cache: Cache, stats: Sequence[StatKey | None]
) -> tuple[Repository, Loaded]:
    """Every record, whole, through ``cache``, and each file's result with its cache
    entry (for caches of what is derived from the records, which key on the entries)."""
    return _load_repository(config, relpaths, cache, stats, [])


def repository_findings(repo: Repository, today: date) -> list[Problem]:
    """The repository rules' problems, as they give them (not yet located)."""
    return [p for _, group in findings_by_rule(repo, today) for p in group]


def findings_by_rule(repo: Repository, today: date) -> list[tuple[str, list[Problem]]]:
    """Each repository rule's ID and problems, as it gives them (not yet located)."""
    found = []
    for rule in REPO_RULES:
        problems = list(rule(repo, today))
        found.append((rule.id, problems))
    return found


Scope = Iterable[str] | Callable[[Repository], Iterable[str]]
"""Root-relative paths or folders to report on, or a function of the loaded repository
that names them (``--changed-since``)."""


def unsafe_cache(root: Path) -> str | None:
    """Why the repository's cache folder must not be used (a symbolic link, not a
    folder), or None."""
    from officectl.cache import unsafe_folder

    return unsafe_folder(root)


def repository_config(root: Path, *, use_cache: bool = False) -> Config:
    """``officectl.yaml`` of the repository at ``root``; with ``use_cache``, from the
    cache while it and officectl are unchanged (a warm ``validate`` is that fast)."""
    if use_cache:
        return cached_config(root)
    from officectl.config import load_config

    return load_config(root)


def validate(
    config: Config,
    *,
    today: date,
    only: Scope | None = None,
    changed_since: str | None = None,
    use_cache: bool = False,
    keep: list[object] | None = None,
    survey: Survey | None = None,
) -> ValidationResult:
    """Check the whole repository; with ``only``, report just the problems of those
    files, still resolving references against everything.

    ``changed_since`` (a git revision) narrows that to the records changed since and
    those their checks involve (:mod:`officectl.changes`); git runs first, so a bad
    revision stops the run before any record is loaded.

    ``use_cache`` reads and fills ``.officectl-cache/``: per-file results, and the
    last run's findings, reused when no changed file looks different to the
    repository rules (:mod:`officectl.incremental`; not for a scope that depends on
    the repository, such as ``--changed-since``). The result is the same either way.

    ``keep`` receives the loaded repository: a command line that exits right after
    need not free a hundred thousand records one by one (see ``officectl.cli.main``).

    ``survey``: the files and their stat keys as this process found them just before
    (a warm answer that did not hold, :func:`officectl.warm.take_survey`), so that they
    are not listed and stated again."""
    if changed_since is not None:
        from officectl.changes import changed_scope

        within = None if only is None or callable(only) else list(only)
        only = changed_scope(config.root, changed_since, within=within)
    return _with_interrupted_change(config, _validate(config, today, only, use_cache, keep, survey))


def _with_interrupted_change(config: Config, result: ValidationResult) -> ValidationResult:
    """Add a problem for a change a crash left half done (:mod:`officectl.journal`)."""
    from officectl.journal import JOURNAL_FILE, pending

    if not pending(config.root):
        return result
    found = error(
        JOURNAL_FILE,
        "change-interrupted",
        "a write was interrupted (the "
        "process was killed or crashed) and some records may show half of it; "
        "run any write command, e.g. 'officectl fmt', to complete it",
        line=1,
        column=1,
    )
    return ValidationResult(
        tuple(sorted({*result.problems, found}, key=Problem.sort_key)), result.records
    )


def _validate(
    config: Config,
    today: date,
    only: Scope | None,
    use_cache: bool,
    keep: list[object] | None,
    survey: Survey | None,
) -> ValidationResult:
    if survey is None or not survey.of(config.root) or not use_cache:
        refused: Refused = []
        relpaths = list(discover(config.root, refused))
        started_ns = None
    else:
        refused, relpaths, started_ns = list(survey.refused), survey.relpaths, survey.started_ns
    # A refused path (a link, an unreadable folder) is found again on every run, never
    # cached, and the results are small enough then to compute afresh.
    cache = Cache.open(config, started_ns) if use_cache and not refused else None
    stats: Sequence[StatKey | None] | None = None
    if cache is not None:
        surveyed = survey is not None and started_ns is not None
        stats = (
            survey.stats if survey is not None and surveyed else stat_keys(config.root, relpaths)
        )
    if cache is not None and stats is not None and not callable(only):
        reused = incremental.reuse(cache, config, today, relpaths, stats, _parser(config))
        if isinstance(reused, incremental.Rerun):
            reused = _rerun(config, reused, today, keep)
        if reused is not None:
            return _result(reused.problems(), reused.records, None if only is None else tuple(only))
    # A scope of the repository's own (--changed-since) may look at any field.
    repo, loaded = _load_repository(
        config, relpaths, cache, stats, refused, seen=not callable(only)
    )
    if keep is not None:
        keep.append(repo)
    by_rule = findings_by_rule(repo, today)
    located = locate_problems(config.root, [p for _, group in by_rule for p in group])
    records = len(repo.records) + len(repo.duplicates)
    if cache is not None:
        incremental.store(
            cache, today, relpaths, loaded, by_rule, located, repo.file_checks, records
        )
    problems = [p for group in loaded.problems for p in group] + located
    if only is None:
        return _result(problems, records, None)
    links = {relpath for relpath, _ in refused}
    if callable(only):
        # What a link points to may change anywhere, outside every scope: report it.
        return _result(problems, records, tuple(only(repo)), links, always=True)
    return _result(problems, records, tuple(only), links)


def _rerun(
    config: Config, rerun: incremental.Rerun, today: date, keep: list[object] | None
) -> RunState | None:
    """The findings with the stale rules run over the records straight from the
    cache (:meth:`~officectl.incremental.Rerun.seen_records`), or None."""
    records = rerun.seen_records()
    if records is None:
        return None
    repo = Repository(config, (record for record in records if record is not None))
    if keep is not None:
        keep.append(repo)
    return rerun.finish(repo, today)


Refused = list[tuple[str, LoadError]]
"""Paths :func:`~officectl.loader.discover` left out, and why."""


def with_einvoice_problems(
    config: Config, result: ValidationResult, within: list[str] | None
) -> ValidationResult:
    """``validate --einvoice``: ``result`` with what every record lacks for an e-invoice
    (only the problems of the files or folders ``within``, when given)."""
    from officectl.checks.einvoice import every_einvoice_problem

    repo, _ = load_repository(config, use_cache=True)
    found = locate_problems(config.root, list(every_einvoice_problem(repo)))
    if within is not None:
        found = [
            p
            for p in found
            if any(p.path == w or p.path.startswith(w.rstrip("/") + "/") for w in within)
        ]
    merged = sorted({*result.problems, *found}, key=Problem.sort_key)
    return ValidationResult(tuple(merged), result.records)
