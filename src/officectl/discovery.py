"""Where the repository is, which files are the records, and what a path a record
names is: the part of loading
that looks at the file system only. It imports the standard library alone, so that a
warm ``validate`` (:mod:`officectl.warm`) can list and stat the records without
loading the schema, the checks or PyYAML.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from officectl.errors import ConfigError
from officectl.yaml.load_error import LoadError

CONFIG_FILE = "officectl.yaml"
RECORDS_DIR = "records"
RECORD_SUFFIXES = (".yaml", ".yml")


def discover(
    root: Path,
    refused: list[tuple[str, LoadError]] | None = None,
) -> Iterator[str]:
    """Relative paths of every record file under ``records/``, sorted, hidden ones skipped.

    A record file is a regular file. A symbolic link anywhere under ``records/`` (to a
    file or a folder, inside the repository or out of it) is never followed: what it
    points to lies where no check looks (an issued invoice could be changed through it,
    or CI made to read any file of the machine). Such links, and folders that cannot be
    read, are left out and listed in ``refused`` (sorted) with the problem they are,
    when the caller asks for them.
    """
    base = root / RECORDS_DIR
    prefix = len(str(root)) + 1
    found: list[str] = []
    problems: list[tuple[str, LoadError]] = []
    if base.is_symlink():
        problems.append((RECORDS_DIR, _link_error(str(base))))
        stack = []
    else:
        stack = [str(base)] if base.is_dir() else []
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            problems.append(
                (
                    folder[prefix:].replace(os.sep, "/"),
                    LoadError(
                        "file-unreadable",
                        f"cannot read this folder: {exc.strerror or exc}; its records are left out",
                    ),
                )
            )
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_symlink():
                problems.append((entry.path[prefix:].replace(os.sep, "/"), _link_error(entry.path)))
            elif entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            elif entry.name.endswith(RECORD_SUFFIXES):
                found.append(entry.path[prefix:].replace(os.sep, "/"))
    if refused is not None:
        refused += sorted(problems, key=lambda item: item[0])
    yield from sorted(found)


def _link_error(path: str) -> LoadError:
    if Path(path).is_dir() and not path.endswith(RECORD_SUFFIXES):
        return LoadError(
            "record-symlink",
            "a folder of records must be a real "
            "folder, not a symbolic link; replace the link with the "
            "folder itself",
        )
    return LoadError(
        "record-symlink",
        "a record file must be a regular file, not a "
        "symbolic link; replace the link with the file itself",
    )


DocumentStatus = Literal["file", "missing", "outside"]


def document_status(root: Path, document: str) -> DocumentStatus:
    """``outside`` for an absolute path or one leading out of ``root`` (through ``..`` or a
    symbolic link), else ``file`` or ``missing``."""
    resolved_root = root.resolve()
    try:
        target = (resolved_root / document).resolve()
        if Path(document).is_absolute() or not target.is_relative_to(resolved_root):
            return "outside"
        return "file" if target.is_file() else "missing"
    except (OSError, ValueError):  # a NUL byte, a name too long for the file system
        return "missing"


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds ``officectl.yaml``, like git."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise ConfigError(
        f"no {CONFIG_FILE} in {start} or any parent folder",
        hint="run it inside a records repository, pass -C DIR, or create one "
        "with 'officectl init DIR'",
    )
