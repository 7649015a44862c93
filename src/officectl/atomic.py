"""Writing files so that no half-written file is ever seen.

A :class:`PlannedWrite` is one planned file write (possibly a rename). Changes are
checked before anything is written (see :mod:`officectl.workflows`) and then
applied with :func:`apply_changes`: each file goes to a temporary file in the same
folder, is flushed to disk and renamed over the target, so a reader sees the old
file or the new one, never a mixture; a change of several files is all or nothing
(:mod:`officectl.journal`). :func:`atomic_write` is the one writer of every file
officectl makes (records, documents, exports, schemas) but its cache, which is
rebuilt when lost and so skips the flush to disk.
"""

from __future__ import annotations

import errno
import os
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from officectl.confine import first_linked, output_path
from officectl.errors import RecordError


@dataclass(frozen=True)
class PlannedWrite:
    """One planned write: ``text`` to ``path`` (relative to the root, ``/``-separated).

    ``old_path`` makes it a rename: that file goes away once ``path`` is written.
    ``create`` means ``path`` must not exist yet (nothing is ever overwritten by a
    new record).
    """

    path: str
    text: str
    old_path: str | None = None
    create: bool = False


def apply_changes(
    root: Path, changes: Iterable[PlannedWrite], read: Mapping[str, bytes] | None = None
) -> None:
    """Write ``changes`` all or nothing (see :mod:`officectl.journal`). ``read`` holds
    the bytes of each file the plan edits or renames as it read them: a file that
    changed since, or was not read, is never replaced; a new or renamed-to path
    must not exist. RecordError (nothing written) if any of that fails."""
    from officectl.journal import Step, digest, run

    changes = list(changes)
    # never through a link: a record file is a regular file
    linked = first_linked(root, (root / change.path for change in changes))
    if linked is not None:
        output_path(root, linked, error=RecordError)  # raises, saying where the link is
    read = read or {}
    steps: list[Step] = []
    for change in changes:
        fresh = change.create or (change.old_path not in (None, change.path))
        if not fresh and change.path not in read:
            raise RecordError(
                f"{change.path} would be replaced without having been read; "
                "nothing was written (please report this)"
            )
        before = None if fresh else digest(read[change.path])
        steps.append(Step(change.path, change.text, before))
        if change.old_path is not None and change.old_path != change.path:
            if change.old_path not in read:
                raise RecordError(
                    f"{change.old_path} would be removed without having "
                    "been read; nothing was written (please report this)"
                )
            steps.append(Step(change.old_path, None, digest(read[change.old_path])))
    run(root, steps)


def atomic_write(
    path: Path,
    data: str | bytes,
    *,
    exclusive: bool = False,
    mode: int | None = None,
    sync_parent: bool = True,
) -> None:
    """Write ``data`` (text as UTF-8) via a temporary file in the same folder, flushed
    to disk, then renamed over ``path``: a reader sees the old file or the new one,
    never a mixture, and a crash leaves one of them. The file keeps its mode (a new
    one gets ``mode``, else what the umask allows). With ``exclusive`` an existing
    ``path`` is never replaced (FileExistsError): the file is linked into place.
    ``sync_parent=False``: the caller syncs the folder itself, once for many files
    (:mod:`officectl.journal`, whose journal stands until it has)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _kept_mode(path, mode)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data.encode("utf-8") if isinstance(data, str) else data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(mode)
        if exclusive:
            _link_new(Path(temporary), path)
        else:
            Path(temporary).replace(path)
    finally:
        Path(temporary).unlink(missing_ok=True)
    if sync_parent:
        sync_folder(path.parent)


def _kept_mode(path: Path, new: int | None) -> int:
    """The mode a write gives ``path``: the file's own, else ``new``, else what the
    umask allows."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return _new_file_mode() if new is None else new


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _link_new(temporary: Path, path: Path) -> None:
    """Give ``temporary`` the name ``path`` unless that exists (FileExistsError).

    A hard link fails atomically if the name is taken, where a check for existence
    before a rename would race with whoever creates it meanwhile."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError as error:  # pragma: no cover - a file system without hard links
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(temporary.read_bytes())
            stream.flush()
            os.fsync(stream.fileno())
        path.chmod(temporary.stat().st_mode & 0o7777)


def sync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the platform allows it)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(descriptor)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(descriptor)


def atomic_write_all(files: Sequence[tuple[Path, bytes]]) -> None:
    """:func:`atomic_write` for many files at once (an export of a thousand e-invoices):
    each through a temporary file renamed over its path, so a reader sees an old file
    or a new one, never a mixture. The temporary files are flushed to disk together
    and every folder is synced once after the renames, rather than two waits for the
    disk per file (:class:`Staging`)."""
    wanted = dict(files)  # a path given twice: its last data, as renaming in order gave
    with Staging() as staging:
        for path, data in wanted.items():
            staging.add(path, data)
        staging.flush()
        for path in wanted:
            staging.place(path)
        staging.sync_folders()


class Staging:
    """New contents of many files, each written first to a temporary file, then all
    flushed to disk together (:func:`flush_together`), then each put in place with one
    rename (:meth:`place`): a reader sees an old file or a new one, never a mixture.

    The temporary files are made under their final names in a new, private folder
    inside each target's folder (hidden, so no listing of records or documents sees
    it), which is removed when the staging ends (``with``): a thousand randomly named
    entries made and removed in the target folder itself on every export made each
    later file creation there slower (ext4: 0.03 s a thousand in a fresh folder, 0.5 s
    after a few exports). A file keeps its mode; a new one gets what the umask allows.
    """

    def __init__(self) -> None:
        self._folders: dict[Path, Path] = {}
        self._staged: dict[Path, Path] = {}
        self._new_mode = _new_file_mode()

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Remove every temporary file not put in place, and the private folders."""
        for temporary in self._staged.values():
            temporary.unlink(missing_ok=True)
        self._staged.clear()
        for folder in self._folders.values():
            with suppress(OSError):  # not empty: a file could not be removed; left
                folder.rmdir()

    def add(self, path: Path, data: bytes) -> None:
        """Write ``data`` to the temporary file of ``path`` (once per path)."""
        if path in self._staged:
            raise ValueError(f"{path} is staged already")
        folder = self._folders.get(path.parent)
        if folder is None:
            folder = self._folders[path.parent] = _staging(path.parent)
        mode = _kept_mode(path, self._new_mode)
        temporary = folder / path.name
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
        self._staged[path] = temporary
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            os.fchmod(descriptor, mode)

    def holds(self, path: Path) -> bool:
        """Whether ``path`` has a new content staged, not yet in place."""
        return path in self._staged

    def flush(self) -> None:
        """Every temporary file on disk (see :func:`flush_together`)."""
        flush_together(list(self._staged.values()))

    def place(self, path: Path, *, exclusive: bool = False) -> None:
        """Put ``path``'s new content in place, in one step; with ``exclusive`` an
        existing ``path`` is never replaced (FileExistsError)."""
        temporary = self._staged[path]
        if exclusive:
            _link_new(temporary, path)
        else:
            temporary.replace(path)
        del self._staged[path]
        if exclusive:
            temporary.unlink()

    def sync_folders(self) -> None:
        """Make the renames durable: each target folder synced once."""
        for folder in sorted(self._folders):
            sync_folder(folder)


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def remove_staging_left(folder: Path) -> None:
    """Remove the private folders a killed :class:`Staging` left in ``folder`` with
    their temporary files (never following a link; a folder holding anything else
    stays)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if not (name.startswith(".officectl-") and name.endswith(".tmp")):
            continue
        if not entry.is_dir(follow_symlinks=False):
            continue
        with suppress(OSError), os.scandir(entry.path) as inside:
            for inner in inside:
                if inner.is_file(follow_symlinks=False):
                    os.unlink(inner.path)  # noqa: PTH108 - a DirEntry's path
        with suppress(OSError):
            os.rmdir(entry.path)  # noqa: PTH106 - refused unless emptied


def _staging(folder: Path) -> Path:
    """A new, private folder inside ``folder`` (made if missing) for temporary files."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=".officectl-", suffix=".tmp", dir=folder))


SYNCFS_FROM = 32
"""From this many files on, :func:`flush_together` flushes their file system once."""


def flush_together(paths: Sequence[Path]) -> None:
    """Every file of ``paths`` on disk before this returns. Many files: one ``syncfs``
    per file system they are on (Linux: a thousand ``fsync`` calls each wait for a
    journal commit of their own; ``syncfs`` waits once and reports a write error as
    ``fsync`` does). Elsewhere, or for a few files: ``fsync`` each, on several threads."""
    folders = {path.parent for path in paths}
    if len(paths) >= SYNCFS_FROM and all(_syncfs(folder) for folder in folders):
        return
    from concurrent.futures import ThreadPoolExecutor

    def flush(path: Path) -> None:
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(flush, paths))


def _syncfs(folder: Path) -> bool:
    """``syncfs(2)`` on ``folder``'s file system; False where it is not available.
    A write error it reports is raised (OSError), as ``fsync``'s would be."""
    if not sys.platform.startswith("linux"):  # syncfs(2) is Linux's
        return False
    import ctypes

    try:
        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):  # pragma: no cover - a libc without it
        return False
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        if syncfs(descriptor) != 0:
            code = ctypes.get_errno()
            raise OSError(code, os.strerror(code), str(folder))
    finally:
        os.close(descriptor)
    return True
