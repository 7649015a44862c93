"""Writing export files: atomically, so a reader never sees half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from officectl.errors import UsageError


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` in one step: a reader never sees half a file. A symbolic link
    there is refused, not replaced: someone put it there meaning it to be written
    through (see :mod:`officectl.confine` for the folders on the way)."""
    if path.is_symlink():
        raise UsageError(f"cannot write {path}: it is a symbolic link, and officectl never "
                         "writes through one", hint="delete the link, or name another output")
    if path.is_dir():
        raise UsageError(f"cannot write {path}: it is a folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                             suffix=".tmp")
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        umask = os.umask(0)
        os.umask(umask)
        staged = Path(temporary)
        staged.chmod(0o666 & ~umask)
        staged.replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
