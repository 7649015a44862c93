"""A loaded record: its kind, ID (the file stem), path and typed data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Record:
    kind: str
    id: str
    path: str
    """Relative to the repository root, with forward slashes."""
    data: dict[str, Any]
    readable: bool = True
    """False when the file could not be parsed: it exists (references to it resolve),
    but its fields are unknown, so no further check looks at it."""
    derived: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """Values computed from ``data`` once and kept with the record, in the cache too
    (``data`` never changes): see :func:`officectl.model.invoice.invoice_total`."""

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)

    def __reduce__(self) -> tuple[type[Record], tuple[Any, ...]]:
        """Pickle as a constructor call: the cache unpickles every record of a warm run,
        and dataclasses' field-by-field ``__setstate__`` is a third slower."""
        return (Record, (self.kind, self.id, self.path, self.data, self.readable, self.derived))
