"""Where the repository is, which files are the records, and what a path a record
names is: the part of loading
that looks at the file system only. It imports the standard library alone, so that a
warm ``validate`` (:mod:`officectl.warm`) can list and stat the records without
loading the schema, the checks or PyYAML.
"""

from __future__ import annotations

import os

from officectl.errors import ConfigError
from officectl.yaml.load_error import LoadError

TYPE_CHECKING = False  # not typing's: importing typing costs a warm run 15 ms
if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path
    from typing import Literal

    DocumentStatus = Literal["file", "missing", "outside"]

CONFIG_FILE = "officectl.yaml"
RECORDS_DIR = "records"
RECORD_SUFFIXES = (".yaml", ".yml")


def discover(
    root: Path | str,
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
    # os.path, not pathlib: importing pathlib (and re with it) is a tenth of a warm run
    base = os.path.join(root, RECORDS_DIR)  # noqa: PTH118
    found: list[str] = []
    problems: list[tuple[str, LoadError]] = []
    stack: list[tuple[str, str]] = []  # (folder, its path relative to the root)
    if os.path.islink(base):  # noqa: PTH114
        problems.append((RECORDS_DIR, _link_error(base)))
    elif os.path.isdir(base):  # noqa: PTH112
        stack.append((base, RECORDS_DIR))
    while stack:
        folder, relative = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            problems.append(
                (
                    relative,
                    LoadError(
                        "file-unreadable",
                        f"cannot read this folder: {exc.strerror or exc}; its records are left out",
                    ),
                )
            )
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            if entry.is_symlink():
                problems.append((f"{relative}/{name}", _link_error(entry.path)))
            elif entry.is_dir(follow_symlinks=False):
                stack.append((entry.path, f"{relative}/{name}"))
            elif name.endswith(RECORD_SUFFIXES):
                found.append(f"{relative}/{name}")
    if refused is not None:
        refused += sorted(problems, key=lambda item: item[0])
    found.sort()
    yield from found


def _link_error(path: str) -> LoadError:
    if os.path.isdir(path) and not path.endswith(RECORD_SUFFIXES):  # noqa: PTH112
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


def document_status(root: Path | str, document: str) -> DocumentStatus:
    """``outside`` for an absolute path or one leading out of ``root`` (through ``..`` or a
    symbolic link), else ``file`` or ``missing``."""
    from pathlib import Path  # here: a warm run without such documents never needs it

    resolved_root = Path(root).resolve()
    try:
        target = (resolved_root / document).resolve()
        if Path(document).is_absolute() or not target.is_relative_to(resolved_root):
            return "outside"
        return "file" if target.is_file() else "missing"
    except (OSError, ValueError):  # a NUL byte, a name too long for the file system
        return "missing"


def find_root(start: Path | str) -> Path:
    """The nearest folder at or above ``start`` that holds ``officectl.yaml``, like git."""
    from pathlib import Path  # here: a warm run given -C never needs it

    start = Path(start).resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise ConfigError(
        f"no {CONFIG_FILE} in {start} or any parent folder",
        hint="run it inside a records repository, pass -C DIR, or create one "
        "with 'officectl init DIR'",
    )
