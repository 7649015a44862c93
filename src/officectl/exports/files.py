"""Writing export files: atomically, so a reader never sees half a file."""

from __future__ import annotations

from pathlib import Path

from officectl.errors import UsageError


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` in one step (by the one atomic writer, :func:`officectl.edit.
    atomic_write`): a reader never sees half a file."""
    if path.is_dir():
        raise UsageError(f"cannot write {path}: it is a folder")
    from officectl.edit import atomic_write
    from officectl.errors import os_reason

    try:
        atomic_write(path, data)
    except OSError as error:
        raise UsageError(f"cannot write {path}: {os_reason(error)}") from None
