"""The one hierarchy of user-facing errors.

Problems in records are *values* (see :mod:`officectl.problems`), collected and
reported together. These exceptions are for what stops a command outright: a bad
flag, a missing or broken ``officectl.yaml``, an unreadable template. The CLI maps
each to a message and an exit code in one place.
"""

from __future__ import annotations

import errno

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class OfficectlError(Exception):
    """Base of every error a user may see; ``exit_code`` is what the CLI returns."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n  hint: {self.hint}" if self.hint else self.message


class UsageError(OfficectlError):
    """The command line asks for something impossible (exit 2)."""


class ConfigError(OfficectlError):
    """``officectl.yaml`` is missing or invalid, or no repository root was found (exit 2)."""


class TemplateError(OfficectlError):
    """A template cannot be read or compiled (exit 2)."""


class RecordError(OfficectlError):
    """The records make the requested action impossible (exit 1), e.g. an overpayment."""

    exit_code = EXIT_PROBLEMS


class SecurityError(RecordError):
    """A template or record tried to reach outside its sandbox (exit 1)."""


_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}


def os_reason(error: OSError) -> str:
    """An operating-system error in words a user acts on ("the disk is full")."""
    return _REASONS.get(error.errno or 0) or error.strerror or str(error)


class LimitError(RecordError):
    """A template went over a rendering limit (time, memory, output size) (exit 1)."""
