"""The one error of reading a record file, in a module of its own: finding the record
files (:mod:`officectl.discovery`) reports with it without importing PyYAML."""

from __future__ import annotations


class LoadError(Exception):
    """Why a file cannot be read as a record, and where (1-based)."""

    def __init__(self, code: str, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.code, self.message, self.line, self.column = code, message, line, column
