"""The validate pipeline: discover → load each file → index → repository rules → report.

Problems are values, never raised: one broken file never stops the run. The result
is deterministic (sorted by path, line, column, code), whichever way files were
loaded (serially, in parallel or from the cache).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from officectl import yamlio
from officectl.checks import REPO_RULES
from officectl.config import Config
from officectl.errors import EXIT_OK, EXIT_PROBLEMS
from officectl.loader import FileResult, discover, load_file, locate_all
from officectl.problems import Problem
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


def load_files(config: Config, relpaths: Sequence[str]) -> list[FileResult]:
    """The per-file stage for every file (the hook for caching and parallel loading)."""
    return [load_file(config.root, relpath, config) for relpath in relpaths]


def load_repository(config: Config) -> tuple[Repository, list[Problem]]:
    results = load_files(config, list(discover(config.root)))
    repo = Repository(config, (r.record for r in results if r.record is not None))
    return repo, [p for r in results for p in r.problems]


def check_repository(repo: Repository, today: date) -> list[Problem]:
    problems = [p for rule in REPO_RULES for p in rule(repo, today)]
    return _locate(repo.root, problems)


Scope = Iterable[str] | Callable[[Repository], Iterable[str]]
"""Root-relative paths or folders to report on, or a function of the loaded repository
that names them (``--changed-since``)."""


def validate(config: Config, *, today: date, only: Scope | None = None,
             ) -> ValidationResult:
    """Check the whole repository; with ``only``, report just the problems of those
    files, still resolving references against everything."""
    repo, problems = load_repository(config)
    problems += check_repository(repo, today)
    if only is not None:
        selected = tuple(only(repo) if callable(only) else only)
        problems = [p for p in problems if _selected(p.path, selected)]
    ordered = tuple(sorted(set(problems), key=Problem.sort_key))
    return ValidationResult(ordered, len(repo.records) + len(repo.duplicates))


def _selected(path: str, selected: tuple[str, ...]) -> bool:
    return any(path == s or path.startswith(s.rstrip("/") + "/") or s in ("", ".")
               for s in selected)


def _locate(root: Path, problems: list[Problem]) -> list[Problem]:
    by_path: dict[str, list[Problem]] = {}
    for problem in problems:
        by_path.setdefault(problem.path, []).append(problem)
    located: list[Problem] = []
    for path, group in by_path.items():
        if all(p.located for p in group):
            located += group
            continue
        try:
            text = yamlio.read_text(root / path)
        except yamlio.LoadError:
            located += [p if p.located else p.at(1, 1) for p in group]
            continue
        located += locate_all(text, group)
    return located
