"""Where templates come from: the repository's ``templates/`` folder first, then the
built-ins shipped in the package. A repository file overrides the built-in of the
same name, so customising a document is copying one file and editing it.

Templates, and the images, stylesheets and fonts a PDF uses, are read from these two
folders only (never through a symbolic link, never from ``.git/``: see
:mod:`officectl.confine`); a template named with ``--template PATH`` is read itself,
and what it includes comes from these folders too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from officectl.confine import output_path, real_inside
from officectl.errors import TemplateError, UsageError
from officectl.exports.files import write_atomically

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "templates"
REPO_DIR = "templates"
_IGNORED = (".gitkeep", "README.md")


@dataclass(frozen=True, slots=True)
class SearchDir:
    """A folder templates are loaded from; nothing is read from outside it, or through
    a symbolic link in it (a link in a pull request must not reach ``.git/config``)."""

    path: Path
    label: str
    """How messages name it: ``templates/`` or ``the built-in templates``."""


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    name: str
    origin: str
    """``repository`` or ``built-in``."""
    path: Path
    overrides: bool = False


def search_dirs(root: Path) -> list[SearchDir]:
    """The lookup order: the repository's ``templates/``, the built-ins."""
    return [
        SearchDir(root / REPO_DIR, f"{REPO_DIR}/"),
        SearchDir(BUILTIN_DIR, "the built-in templates"),
    ]


def asset_dirs(root: Path) -> tuple[Path, ...]:
    """The folders a document's images, stylesheets, fonts and attachments may come
    from."""
    return tuple(folder.path for folder in search_dirs(root))


def _names(folder: Path) -> dict[str, Path]:
    """Template name → file, for the regular files below ``folder`` (hidden ones, and
    links, left out); a TemplateError when a folder there cannot be read."""
    if not folder.is_dir():
        return {}

    def unreadable(error: OSError) -> None:
        where = Path(error.filename or folder)
        shown = (
            where.relative_to(folder.parent).as_posix()
            if where.is_relative_to(folder.parent)
            else str(where)
        )
        raise TemplateError(f"cannot read {shown}/: {error.strerror or error}")

    found: dict[str, Path] = {}
    for top, folders, files in os.walk(folder, onerror=unreadable):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in files:
            path = Path(top) / name
            if (
                name not in _IGNORED
                and not name.startswith(".")
                and path.is_file()
                and real_inside(path, folder)
            ):
                found[path.relative_to(folder).as_posix()] = path
    return dict(sorted(found.items()))


def builtin_names() -> list[str]:
    return sorted(_names(BUILTIN_DIR))


def available(root: Path) -> list[TemplateInfo]:
    """Every template name, with the file that wins for it."""
    builtin = _names(BUILTIN_DIR)
    repo = _names(root / REPO_DIR)
    infos = [TemplateInfo(name, "repository", path, name in builtin) for name, path in repo.items()]
    infos += [
        TemplateInfo(name, "built-in", path) for name, path in builtin.items() if name not in repo
    ]
    return sorted(infos, key=lambda info: info.name)


def copy_builtin(root: Path, name: str) -> Path:
    """Copy a built-in template into the repository's ``templates/`` to customise it."""
    builtin = _names(BUILTIN_DIR)
    if name not in builtin:
        raise UsageError(
            f"no built-in template {name!r}", hint=f"built-in templates: {', '.join(builtin)}"
        )
    target = output_path(root, root / REPO_DIR / name)
    if target.exists():
        raise UsageError(
            f"{target.relative_to(root)} exists already: edit it, or delete it "
            "to start again from the built-in"
        )
    write_atomically(target, builtin[name].read_bytes())
    return target
