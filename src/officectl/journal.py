"""Changes to several files, all or nothing, even across a crash.

``invoice issue`` writes the numbered invoice and removes its draft: killed between
the two, both would stay and the customer could be billed twice. So a change of
more than one file is first written whole to a journal,
``.officectl-lock/journal.json`` (every new text, every file to remove, and a
digest of what each file held when it was read), flushed to disk, and only then
applied; the journal goes once every file is done. All of it happens under the
repository's lock (:mod:`officectl.lock`).

Whoever takes the lock next finds a journal left by a crash and completes it
(:func:`recover`): a file that already has its new content is skipped, one that
still has the content it was read with gets it, and a file that has neither (it
was edited by hand since) stops the recovery with a message, changing nothing
more. So after any crash a change is either not begun or completed by the next
write. ``validate`` reports a pending journal (:func:`pending`).

Each step also checks, just before it writes, that its file still holds what was
read: a file that changed meanwhile, or a new file whose name is taken, is never
replaced.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from officectl.errors import RecordError
from officectl.lock import LOCK_DIR, locked

if TYPE_CHECKING:
    from officectl.atomic import Staging

JOURNAL_FILE = ".officectl-lock/journal.json"
_FORMAT = 1


@dataclass(frozen=True)
class Step:
    """Write ``text`` to ``path`` (None: remove it); ``before`` is the digest of what
    the file held when it was read (None: it must not exist)."""

    path: str
    text: str | None
    before: str | None

    @property
    def after(self) -> str | None:
        return None if self.text is None else digest(self.text.encode("utf-8"))


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def run(root: Path, steps: Sequence[Step]) -> None:
    """Apply ``steps`` under the lock, all or nothing; RecordError (nothing written)
    if a file no longer holds what was read."""
    from officectl.atomic import Staging, sync_folder

    with locked(root):
        for step in steps:
            current = _state(root, step.path)
            if current != step.before:
                raise RecordError(
                    _stale(step, current) + "; nothing was written", hint="run the command again"
                )
        journal = root / JOURNAL_FILE
        if len(steps) > 1:
            from officectl.atomic import atomic_write

            atomic_write(
                journal,
                json.dumps(
                    {"format": _FORMAT, "steps": [asdict(s) for s in steps]},
                    ensure_ascii=False,
                    indent=1,
                )
                + "\n",
            )
        with Staging() as staging:
            try:
                _stage(root, steps, staging)
            except OSError:  # nothing in place: nothing for the next write to do
                journal.unlink(missing_ok=True)
                raise
            for number, step in enumerate(steps):
                try:
                    _apply(root, step, staging)
                except OSError as error:
                    if number == 0:  # nothing written: nothing for the next write to do
                        journal.unlink(missing_ok=True)
                        raise
                    from officectl.errors import os_reason

                    raise RecordError(
                        f"{step.path}: {os_reason(error)}; the change is half written",
                        hint="fix that, then run any write command "
                        "(e.g. 'officectl fmt'): it completes the change",
                    ) from None
        _sync_folders(root, steps)  # the renames are durable: the journal may go
        if len(steps) > 1:
            journal.unlink()
            sync_folder(root / LOCK_DIR)


def _sync_folders(root: Path, steps: Sequence[Step]) -> None:
    """Make the steps' renames and removals durable: each folder synced once, not once
    per file (a thousand invoices of one folder), before the journal is removed."""
    from officectl.atomic import sync_folder

    for folder in sorted({(root / step.path).parent for step in steps}):
        sync_folder(folder)


def pending(root: Path) -> bool:
    """Whether a change was interrupted and waits for the next write to complete it."""
    return os.path.lexists(root / JOURNAL_FILE)


def recover(root: Path) -> None:
    """Complete the change a crash interrupted, if any (call with the lock held)."""
    from officectl.atomic import remove_staging_left, sync_folder

    journal = root / JOURNAL_FILE
    if not os.path.lexists(journal):
        return
    steps = _read(journal)
    for step in steps:
        current = _state(root, step.path)
        if current == step.after:
            continue
        if current != step.before:
            raise RecordError(
                f"an interrupted change cannot be completed: {_stale(step, current)}",
                hint=f"{journal} lists the change (path and new text of "
                "each file); make it by hand, then delete that file",
            )
        _apply(root, step)
    _sync_folders(root, steps)
    for folder in sorted({(root / step.path).parent for step in steps}):
        remove_staging_left(folder)  # while the journal says where: before it goes
    journal.unlink()
    sync_folder(root / LOCK_DIR)


STAGE_FROM = 32
"""From this many files to write on, a change's new contents are all written and
flushed to disk together before the first is put in place (:func:`_stage`)."""


def _stage(root: Path, steps: Sequence[Step], staging: Staging) -> None:
    """With :data:`STAGE_FROM` files or more to write, write every new content to a
    temporary file and flush them to disk at once: one wait for the disk instead of
    one per file (a bank statement that pays 850 invoices waited 850 times). Each step
    then puts its file in place with a rename (:func:`_apply`)."""
    writes = [step for step in steps if step.text is not None]
    if len(writes) < STAGE_FROM or len({step.path for step in writes}) < len(writes):
        return
    for step in writes:
        assert step.text is not None
        staging.add(root / step.path, step.text.encode("utf-8"))
    staging.flush()


def _apply(root: Path, step: Step, staging: Staging | None = None) -> None:
    """Make one step (its folder is synced by :func:`_sync_folders`, after every step),
    with the file ``staging`` holds for it, if any."""
    from officectl.atomic import atomic_write

    target = root / step.path
    staged = staging if staging is not None and staging.holds(target) else None
    if step.text is None:
        target.unlink()
    elif step.before is None:
        try:
            if staged is not None:
                staged.place(target, exclusive=True)
            else:
                atomic_write(target, step.text, exclusive=True, sync_parent=False)
        except FileExistsError:
            raise RecordError(f"{step.path} exists already; it was not replaced") from None
    elif staged is not None:
        staged.place(target)
    else:
        atomic_write(target, step.text, sync_parent=False)


def _state(root: Path, relpath: str) -> str | None:
    """The digest of the file's bytes, None if it does not exist."""
    path = root / relpath
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        raise RecordError(f"{relpath} is not a regular file; officectl does not write it")
    with path.open("rb") as stream:
        return digest(stream.read())


def _stale(step: Step, current: str | None) -> str:
    if step.before is None:
        return f"{step.path} exists already"
    if current is None:
        return f"{step.path} was removed since it was read"
    return f"{step.path} was changed by someone else since it was read"


def _read(journal: Path) -> list[Step]:
    """The journal's steps; RecordError if it is not one officectl wrote."""
    try:
        if journal.is_symlink():
            raise ValueError("it is a symbolic link")
        data = json.loads(journal.read_text(encoding="utf-8"))
        if data.get("format") != _FORMAT:
            raise ValueError(f"unknown format {data.get('format')!r}")
        steps = [Step(s["path"], s["text"], s["before"]) for s in data["steps"]]
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as error:
        raise RecordError(
            f"{journal} (an interrupted change) cannot be read: {error}",
            hint="check the records by hand, then delete that file",
        ) from None
    for step in steps:
        parts = step.path.split("/")
        if parts[0] != "records" or ".." in parts or "" in parts:
            raise RecordError(
                f"{journal} names {step.path!r}, which is not a record file",
                hint="check the records by hand, then delete that file",
            )
    return steps
