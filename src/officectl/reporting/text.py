"""Compiler-style lines: ``path:line:col: severity code: message``."""

from __future__ import annotations

from officectl.problems import Problem
from officectl.terminal import visible
from officectl.validation_result import ValidationResult


def line(problem: Problem) -> str:
    """One line, always: record text in a message (a key with a line break, an escape
    sequence) is made visible, never sent to the terminal."""
    return visible(
        f"{problem.path}:{problem.line}:{problem.column}: {problem.severity} "
        f"{problem.code}: {problem.message}"
    )


def render(result: ValidationResult) -> str:
    lines = [line(p) for p in result.problems]
    return "\n".join(lines) + "\n" if lines else ""


def summary(result: ValidationResult) -> str:
    return (
        f"{_count(result.records, 'record')} checked: {_count(result.errors, 'error')}, "
        f"{_count(result.warnings, 'warning')}"
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
