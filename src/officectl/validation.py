"""The validate pipeline: discover → load each file → index → repository rules → report.

Problems are values, never raised: one broken file never stops the run. The result
is deterministic (sorted by path, line, column, code), whichever way files were
loaded (serially, in parallel or from the cache).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from officectl import incremental
from officectl.cache import Cache, Loaded, Parse, StatKey, stat_keys
from officectl.checks import REPO_RULES
from officectl.config import Config
from officectl.errors import EXIT_OK, EXIT_PROBLEMS
from officectl.loader import (
    FileResult,
    discover,
    escaping_link,
    load_data,
    load_file,
    locate_problems,
)
from officectl.parallel import map_items
from officectl.problems import Problem, error
from officectl.repository import Repository


@dataclass(frozen=True)
class ValidationResult:
    problems: tuple[Problem, ...]
    records: int

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)

    def exit_code(self, *, strict: bool) -> int:
        failing = self.errors + (self.warnings if strict else 0)
        return EXIT_PROBLEMS if failing else EXIT_OK


def load_files(config: Config, relpaths: Sequence[str], *, cache: Cache | None = None,
               stats: Sequence[StatKey | None] | None = None) -> list[FileResult]:
    """The per-file stage for every file: from ``cache`` where a file is unchanged
    (``stats`` are the files' stat keys, if already taken), on several processes
    when many files need parsing."""
    if cache is None:
        return map_items(lambda relpath: load_file(config.root, relpath, config), relpaths)
    loaded = _load_cached(config, relpaths, cache, stats)
    return [FileResult(record, group)
            for record, group in zip(loaded.records, loaded.problems, strict=True)]


def _load_cached(config: Config, relpaths: Sequence[str], cache: Cache,
                 stats: Sequence[StatKey | None] | None, *, seen: bool = False) -> Loaded:
    """:func:`load_files` through ``cache``: from it where a file is unchanged
    (``stats`` are the files' stat keys, if already taken)."""

    if stats is None:
        stats = stat_keys(config.root, relpaths)
    return cache.load_files(config, relpaths, stats, _parser(config), seen=seen)


def _parser(config: Config) -> Parse:
    """The per-file stage for files the cache has no result for."""

    def parse(items: Sequence[tuple[str, bytes]]) -> list[FileResult]:
        return map_items(lambda item: load_data(item[0], item[1], config), items)

    return parse


def load_repository(config: Config, *, use_cache: bool = False,
                    ) -> tuple[Repository, list[Problem]]:
    """Every record and the per-file problems; ``use_cache`` reads and fills the cache."""
    cache = Cache.open(config) if use_cache else None
    escaping: list[str] = []
    relpaths = list(discover(config.root, escaping))
    with gc_paused():
        repo, loaded = _load_repository(config, relpaths, cache, None, escaping)
    return repo, [p for group in loaded.problems for p in group]


def load_checked(config: Config, today: date) -> tuple[Repository, int]:
    """Every record, whole, and the number of errors ``validate`` reports for them.

    Right after a ``validate`` of the same ``today`` the errors are its findings, kept
    in the cache (:func:`officectl.incremental.reuse`), and the repository rules do not
    run again; otherwise they run, and their findings are left for the next command."""
    cache = Cache.open(config)
    escaping: list[str] = []
    relpaths = list(discover(config.root, escaping))
    stats = stat_keys(config.root, relpaths) if cache is not None else None
    with gc_paused():
        reused = None
        if cache is not None and stats is not None and not escaping:
            reused = incremental.reuse(cache, config, today, relpaths, stats, _parser(config))
        repo, loaded = _load_repository(config, relpaths, cache, stats, escaping)
        if reused is not None:
            return repo, sum(p.severity == "error" for p in reused[0])
        found = repository_findings(repo, today)
        located = locate_problems(config.root, found)
        if cache is not None and not escaping:
            incremental.store(cache, today, relpaths, loaded, found, located,
                              repo.file_checks, len(repo.records) + len(repo.duplicates))
    problems = [p for group in loaded.problems for p in group] + located
    return repo, sum(p.severity == "error" for p in problems)


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a repository loads and is checked.

    Loading allocates millions of objects and frees almost none of them, so each of
    the collector's passes walks ever more live objects for nothing: with it on, a
    100,000-record load takes three times as long. Afterwards what was loaded is
    frozen (``gc.freeze``), or the first pass after would walk all of it, and later
    ones again. Reference counting still frees everything that is dropped; only
    cycles made meanwhile are never collected.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _load_repository(config: Config, relpaths: list[str], cache: Cache | None,
                     stats: Sequence[StatKey | None] | None, escaping: list[str], *,
                     seen: bool = False) -> tuple[Repository, Loaded]:
    """The repository and each file's results; with ``seen``, records from the cache
    come as the repository rules see them (enough for them, and quicker to load)."""
    if cache is None:
        results = load_files(config, relpaths)
        loaded = Loaded([r.record for r in results], [r.problems for r in results],
                        [None] * len(results))
    else:
        loaded = _load_cached(config, relpaths, cache, stats, seen=seen)
    for result in (escaping_link(relpath, config) for relpath in escaping):
        loaded.records.append(result.record)
        loaded.problems.append(result.problems)
        loaded.entries.append(None)
    repo = Repository(config, (r for r in loaded.records if r is not None))
    return repo, loaded


def check_repository(repo: Repository, today: date) -> list[Problem]:
    return locate_problems(repo.root, repository_findings(repo, today))


def repository_findings(repo: Repository, today: date) -> list[Problem]:
    """The repository rules' problems, as they give them (not yet located)."""
    return [p for rule in REPO_RULES for p in rule(repo, today)]


Scope = Iterable[str] | Callable[[Repository], Iterable[str]]
"""Root-relative paths or folders to report on, or a function of the loaded repository
that names them (``--changed-since``)."""


def validate(config: Config, *, today: date, only: Scope | None = None,
             use_cache: bool = False, keep: list[object] | None = None) -> ValidationResult:
    """Check the whole repository; with ``only``, report just the problems of those
    files, still resolving references against everything.

    ``use_cache`` reads and fills ``.officectl-cache/``: per-file results, and the
    last run's findings, reused when no changed file looks different to the
    repository rules (:mod:`officectl.incremental`; not for a scope that depends on
    the repository, such as ``--changed-since``). The result is the same either way.

    ``keep`` receives the loaded repository: a command line that exits right after
    need not free a hundred thousand records one by one (see ``officectl.cli.main``)."""
    with gc_paused():
        result = _validate(config, today, only, use_cache, keep)
    return _with_interrupted_change(config, result)


def _with_interrupted_change(config: Config, result: ValidationResult) -> ValidationResult:
    """Add a problem for a change a crash left half done (:mod:`officectl.journal`)."""
    from officectl.journal import JOURNAL_FILE, pending

    if not pending(config.root):
        return result
    found = error(JOURNAL_FILE, "change-interrupted", "a write was interrupted (the "
                  "process was killed or crashed) and some records may show half of it; "
                  "run any write command, e.g. 'officectl fmt', to complete it",
                  line=1, column=1)
    return ValidationResult(tuple(sorted({*result.problems, found}, key=Problem.sort_key)),
                            result.records)


def _validate(config: Config, today: date, only: Scope | None, use_cache: bool,
              keep: list[object] | None) -> ValidationResult:
    escaping: list[str] = []
    relpaths = list(discover(config.root, escaping))
    cache = Cache.open(config) if use_cache and not escaping else None
    stats = stat_keys(config.root, relpaths) if cache is not None else None
    if cache is not None and stats is not None and not callable(only):
        reused = incremental.reuse(cache, config, today, relpaths, stats, _parser(config))
        if reused is not None:
            problems, records = reused
            return _result(problems, records, None if only is None else tuple(only))
    # A scope of the repository's own (--changed-since) may look at any field.
    repo, loaded = _load_repository(config, relpaths, cache, stats, escaping,
                                    seen=not callable(only))
    if keep is not None:
        keep.append(repo)
    found = repository_findings(repo, today)
    located = locate_problems(config.root, found)
    records = len(repo.records) + len(repo.duplicates)
    if cache is not None:
        incremental.store(cache, today, relpaths, loaded, found, located, repo.file_checks,
                          records)
    problems = [p for group in loaded.problems for p in group] + located
    if only is None:
        return _result(problems, records, None)
    return _result(problems, records, tuple(only(repo) if callable(only) else only))


def _result(problems: list[Problem], records: int,
            selected: tuple[str, ...] | None) -> ValidationResult:
    """The problems of the ``selected`` paths (all without), each once, in order."""
    if selected is not None:
        problems = [p for p in problems if _selected(p.path, selected)]
    return ValidationResult(tuple(sorted(set(problems), key=Problem.sort_key)), records)


def _selected(path: str, selected: tuple[str, ...]) -> bool:
    return any(path == s or path.startswith(s.rstrip("/") + "/") or s in ("", ".")
               for s in selected)
