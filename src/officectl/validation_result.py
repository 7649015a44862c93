"""What ``validate`` reports: the problems of the paths asked about, each once, in
order. Apart from :mod:`officectl.validation` (which loads records, and so imports the
schema and the checks) so that the reporters and a warm run (:mod:`officectl.warm`)
need none of that."""

from __future__ import annotations

from dataclasses import dataclass

from officectl.errors import EXIT_OK, EXIT_PROBLEMS
from officectl.problems import Problem


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


def select(
    problems: list[Problem],
    records: int,
    selected: tuple[str, ...] | None,
    refused: frozenset[str] | set[str] = frozenset(),
    *,
    always: bool = False,
) -> ValidationResult:
    """The problems of the ``selected`` paths (all without), each once, in order.

    A ``refused`` path (a link, an unreadable folder) is reported also for a PATH below
    it (a PATH inside a linked folder is read through the link), and ``always`` for
    any selection."""
    if selected is not None:
        problems = [
            p
            for p in problems
            if _selected(p.path, selected)
            or (p.path in refused and (always or _covers(p.path, selected)))
        ]
    return ValidationResult(tuple(sorted(set(problems), key=Problem.sort_key)), records)


def _selected(path: str, selected: tuple[str, ...]) -> bool:
    return any(
        path == s or path.startswith(s.rstrip("/") + "/") or s in ("", ".") for s in selected
    )


def _covers(path: str, selected: tuple[str, ...]) -> bool:
    """Whether a selected path lies at or below ``path``."""
    return any(s == path or s.startswith(path + "/") for s in selected)
