"""Where officectl may read and write inside a repository: never through a symbolic link.

A pull request can commit a symbolic link like any file, so a link inside the
repository is never trusted: a write whose path passes through one (``reports`` →
``~/.ssh``, ``.officectl-cache`` → ``.git``), or a template or asset read through one
(``templates/x.html`` → ``../.git/config``), could reach anything. Links outside the
repository are the user's own (``/tmp`` → ``/private/tmp``) and are followed.

Vocabulary: the *root* is the repository root, an absolute path without links (as
:class:`~officectl.cli.app.App` finds it); a path's *lexical* form is absolute
and normalised (``..`` removed) without looking at the file system, and is what is
checked and then used, so the check and the write name the same file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from officectl.errors import OfficectlError, UsageError

GIT_DIR = ".git"
REPORTS_DIR = "reports"
"""Where documents and exports go unless the user names another place."""


def lexical(path: Path) -> Path:
    """``path`` absolute and normalised, links not followed."""
    return Path(os.path.normpath(os.path.abspath(path)))  # noqa: PTH100 - no resolving


def linked_part(root: Path, path: Path) -> Path | None:
    """The first place on the way to ``path`` that is a symbolic link inside ``root``, or
    is ``root``'s ``.git``; None if there is none. Links outside ``root`` are followed
    (a link outside may lead inside: every step is checked where it really is)."""
    absolute = lexical(path)
    for step in [*reversed(absolute.parents), absolute][1:]:
        place = _linked_step(root, Path(os.path.realpath(step.parent)) / step.name)
        if place is not None:
            return place
    return None


def _linked_step(root: Path, place: Path) -> Path | None:
    """``place`` (a step on the way, its folder resolved) if it is a link inside
    ``root`` or ``root``'s ``.git``."""
    if place == root or not place.is_relative_to(root):
        return None
    if place.relative_to(root).parts[0] == GIT_DIR or place.is_symlink():
        return place
    return None


def first_linked(root: Path, paths: Iterable[Path]) -> Path | None:
    """The first of ``paths`` that :func:`linked_part` refuses, or None: the same
    check, each folder on the way looked at once, not once per file (a write of a
    thousand invoices in one folder)."""
    folders: dict[Path, tuple[Path | None, Path]] = {}
    for path in paths:
        absolute = lexical(path)
        folder = folders.get(absolute.parent)
        if folder is None:
            real = Path(os.path.realpath(absolute.parent))
            folder = folders[absolute.parent] = (linked_part(root, absolute.parent), real)
        if folder[0] is not None or _linked_step(root, folder[1] / absolute.name) is not None:
            return path
    return None


def output_path(
    root: Path,
    path: Path,
    *,
    error: type[OfficectlError] = UsageError,
    has_output_option: bool = True,
) -> Path:
    """``path`` (a file or folder officectl is about to write), lexical; an ``error``
    (exit 2 unless said otherwise) when the way to it passes through a link inside the
    repository or into ``.git``. Outside the repository any path the user names is
    written: default outputs are inside it. The hint offers ``-o`` only to a command
    that has it (``has_output_option``)."""
    place = linked_part(root, path)
    if place is None:
        return lexical(path)
    inside = place.relative_to(root).as_posix()
    if place.relative_to(root).parts[0] == GIT_DIR:
        raise error(
            f"cannot write {path}: officectl never writes into {GIT_DIR}/",
            hint="name another output with -o" if has_output_option else None,
        )
    raise error(
        f"cannot write {path}: {inside} is a symbolic link in the repository, "
        "and officectl never writes through one (a committed link could send "
        "the output anywhere)",
        hint=f"replace {inside} with a real folder or file"
        + (", or name another output with -o" if error is UsageError and has_output_option else ""),
    )


def real_inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` lies in ``folder`` (itself without links) with no link on the way
    and no ``.git`` folder: resolved, it is still the same path."""
    absolute = lexical(path)
    if not absolute.is_relative_to(folder):
        return False
    if GIT_DIR in absolute.relative_to(folder).parts:
        return False
    return os.path.realpath(absolute) == str(absolute)
