"""One lock per repository, held by every command that writes records.

Two ``officectl`` processes that write at once would each read the records, plan
and write: the second write loses the first (a payment gone, one invoice number
handed out twice). So a write takes the repository's lock (:func:`locked`, a
:mod:`filelock` lock on ``.officectl-lock/lock``) *before* it loads what it plans
from, and keeps it until the files are written. Another writer waits for it, up to
``OFFICECTL_LOCK_TIMEOUT`` seconds (default 30), then gives up with a message
naming the holder, whom ``.officectl-lock/holder`` describes (process, host,
command, since when). The folder ignores itself in git (its own ``.gitignore``), so
a repository made before it existed needs no change. Taking the lock also
completes a change that a crash left half done (see :mod:`officectl.journal`).
Readers (``validate``, ``list``, ``render``…) take no lock: every file is replaced
in one rename, so they see each file old or new, never half written.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from officectl.errors import ConfigError, RecordError, os_reason

LOCK_DIR = ".officectl-lock"
LOCK_FILE = f"{LOCK_DIR}/lock"
HOLDER_FILE = f"{LOCK_DIR}/holder"
TIMEOUT_VARIABLE = "OFFICECTL_LOCK_TIMEOUT"
DEFAULT_TIMEOUT = 30.0

_held: set[Path] = set()
"""The roots whose lock this process holds (a nested :func:`locked` is a no-op)."""


def timeout() -> float:
    """Seconds to wait for the lock: ``OFFICECTL_LOCK_TIMEOUT``, else 30."""
    text = os.environ.get(TIMEOUT_VARIABLE, "").strip()
    if not text:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < 1e9:  # also refuses nan
        raise ConfigError(
            f"{TIMEOUT_VARIABLE}={text!r} is not a number of seconds",
            hint="e.g. OFFICECTL_LOCK_TIMEOUT=120; 0 means do not wait",
        )
    return seconds


@contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold ``root``'s write lock for the block, after completing an interrupted change.

    RecordError (exit 1) if another process holds it longer than :func:`timeout`, or
    if the lock cannot be taken at all (a read-only repository)."""
    if root in _held:
        yield
        return
    from filelock import FileLock, Timeout

    path = root / LOCK_FILE
    wait = timeout()
    lock = FileLock(path, timeout=wait)
    try:
        _make_folder(root)
        lock.acquire()
    except Timeout:
        raise RecordError(
            f"the repository is busy: {describe_holder(root)}; gave up after waiting {wait:g} s",
            hint=f"try again when it is done, or wait longer with {TIMEOUT_VARIABLE}=SECONDS",
        ) from None
    except OSError as error:
        raise RecordError(
            f"cannot lock the repository for writing ({path}): {os_reason(error)}"
        ) from None
    try:
        _held.add(root)
        _write_holder(root / HOLDER_FILE)
        from officectl.journal import recover

        recover(root)
        yield
    finally:
        _held.discard(root)
        try:
            (root / HOLDER_FILE).unlink(missing_ok=True)
        finally:
            lock.release()


def _make_folder(root: Path) -> None:
    """``.officectl-lock/``, made on first use with a ``.gitignore`` that ignores it all."""
    folder = root / LOCK_DIR
    for path in (folder, root / LOCK_FILE, root / HOLDER_FILE):
        if path.is_symlink():
            raise RecordError(
                f"{path.relative_to(root)} is a symbolic link; officectl "
                "writes nothing through one",
                hint=f"delete {path}",
            )
    if folder.is_dir():
        return
    folder.mkdir(exist_ok=True)
    from officectl.atomic import atomic_write

    atomic_write(folder / ".gitignore", "# made by officectl: its write lock; never commit\n*\n")


def describe_holder(root: Path) -> str:
    """Who holds the lock, as its holder file says (read without following a link)."""
    try:
        descriptor = os.open(root / HOLDER_FILE, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(descriptor, "rb") as stream:
            text = stream.read(2000).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    printable = "".join(c if c.isprintable() else "?" for c in text)
    return (
        f"another officectl holds its lock ({printable})"
        if printable
        else "another officectl holds its lock"
    )


def _write_holder(path: Path) -> None:
    """Say who holds the lock. Best effort: a waiter's message is less precise without it."""
    import shlex  # here: a warm validate checks for a journal without taking the lock
    import socket

    command = shlex.join(["officectl", *sys.argv[1:]])
    since = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    text = f"pid {os.getpid()} on {socket.gethostname()}, since {since}: {command}\n"
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags, 0o644)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(text.encode("utf-8"))
    except OSError:
        pass
