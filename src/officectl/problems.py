"""Problems: what ``validate`` finds, as plain values.

A *problem* carries its place (repository-relative path, 1-based line and column),
a severity, a stable ``code`` and a message. Checks that run on loaded data know
only a *field path* (``("lines", 2, "vat_rate")``); :mod:`officectl.locate` turns
those into line and column by re-reading just the files that have problems, so the
fast path never keeps YAML nodes alive.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

Severity = Literal["error", "warning"]
FieldPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    record: str | None = None
    field: FieldPath | None = None
    """Where in the record, for problems not yet located (line 0)."""
    on_key: bool = False
    """Locate at the field's key rather than its value (unknown keys)."""

    @property
    def located(self) -> bool:
        return self.line > 0

    def at(self, line: int, column: int) -> Problem:
        return replace(self, line=line, column=column, field=None, on_key=False)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)


def error(
    path: str,
    code: str,
    message: str,
    *,
    record: str | None = None,
    field: FieldPath = (),
    line: int = 0,
    column: int = 0,
) -> Problem:
    return Problem(path, line, column, "error", code, message, record, None if line else field)


def warning(
    path: str,
    code: str,
    message: str,
    *,
    record: str | None = None,
    field: FieldPath = (),
    line: int = 0,
    column: int = 0,
) -> Problem:
    return Problem(path, line, column, "warning", code, message, record, None if line else field)
