"""Output formats for problems: small functions over the same :class:`Problem` values."""

from __future__ import annotations

from collections.abc import Callable

from officectl.reporting import github, json_format, text
from officectl.validation_result import ValidationResult

Reporter = Callable[[ValidationResult], str]

REPORTERS: dict[str, Reporter] = {
    "text": text.render,
    "json": json_format.render,
    "github": github.render,
}
