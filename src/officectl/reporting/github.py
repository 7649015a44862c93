"""GitHub Actions workflow commands, escaped so record text cannot inject annotations
(``%``, CR and LF percent-encoded as GitHub's toolkit does) nor drive the terminal of
whoever reads the log (:mod:`officectl.terminal`)."""

from __future__ import annotations

from officectl.terminal import visible
from officectl.validation_result import ValidationResult


def escape_data(text: str) -> str:
    text = visible(text, keep="\r\n")
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: ValidationResult) -> str:
    return "".join(
        f"::{p.severity} file={escape_property(p.path)},line={p.line},col={p.column},"
        f"title={escape_property(p.code)}::{escape_data(p.message)}\n"
        for p in result.problems
    )
