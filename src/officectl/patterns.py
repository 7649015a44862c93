"""Field patterns (``pattern:`` of a field, built-in or declared under ``fields:`` in
``officectl.yaml``) run in RE2, an engine without backtracking: matching takes time
linear in the text, so a pattern such as ``(a+)+$`` from a pull request cannot stall
``validate`` (Python's ``re`` takes exponential time on it). RE2 has no
backreferences and no lookaround; a pattern using them is refused as
``invalid-pattern``."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


class PatternError(ValueError):
    """A pattern RE2 cannot compile; the message says why."""


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> Any:
    import re2  # not at import: keeps --help fast

    options = re2.Options()
    options.log_errors = False  # the message is ours to show, not RE2's on stderr
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else exc
        text = reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
        raise PatternError(
            f"{text} (patterns use RE2 syntax: no backreferences or lookaround)"
        ) from None


def check(pattern: str) -> None:
    """Raise :class:`PatternError` if ``pattern`` is not one RE2 runs."""
    _compiled(pattern)


def full_match(pattern: str, text: str) -> bool:
    """Whether all of ``text`` matches ``pattern`` (checked with :func:`check` first)."""
    return _compiled(pattern).fullmatch(text) is not None
