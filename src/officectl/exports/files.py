"""Writing export files: atomically, so a reader never sees half a file."""

from __future__ import annotations

from pathlib import Path

from officectl.errors import UsageError


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` in one step: a reader never sees half a file. A symbolic link
    there is refused, not replaced: someone put it there meaning it to be written
    through (see :mod:`officectl.confine` for the folders on the way)."""
    if path.is_symlink():
        raise UsageError(
            f"cannot write {path}: it is a symbolic link, and officectl never writes through one",
            hint="delete the link, or name another output",
        )
    if path.is_dir():
        raise UsageError(f"cannot write {path}: it is a folder")
    from officectl.atomic import atomic_write
    from officectl.errors import os_reason

    try:
        atomic_write(path, data)
    except OSError as error:
        raise UsageError(f"cannot write {path}: {os_reason(error)}") from None
