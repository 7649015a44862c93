"""Where templates come from: the repository's ``templates/`` folder first, then the
built-ins shipped in the package. A repository file overrides the built-in of the
same name, so customising a document is copying one file and editing it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from officectl.errors import UsageError

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "templates"
REPO_DIR = "templates"
_IGNORED = (".gitkeep", "README.md")


@dataclass(frozen=True, slots=True)
class SearchDir:
    """A folder templates are loaded from, and the folder nothing may escape from
    (a symlink in a pull request must not reach ``/etc/passwd``)."""

    path: Path
    confine: Path


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    name: str
    origin: str
    """``repository`` or ``built-in``."""
    path: Path
    overrides: bool = False


def search_dirs(root: Path, extra: Path | None = None) -> list[SearchDir]:
    """The lookup order: ``extra`` (a ``--template`` path's folder), the repository's
    ``templates/``, the built-ins."""
    root = root.resolve()
    dirs = [SearchDir(extra.resolve(), root)] if extra is not None else []
    repo_dir = root / REPO_DIR
    if repo_dir.is_dir():
        dirs.append(SearchDir(repo_dir, root))
    dirs.append(SearchDir(BUILTIN_DIR, BUILTIN_DIR))
    return dirs


def _names(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name not in _IGNORED
            and not any(part.startswith(".") for part in p.relative_to(folder).parts)}


def builtin_names() -> list[str]:
    return sorted(_names(BUILTIN_DIR))


def available(root: Path) -> list[TemplateInfo]:
    """Every template name, with the file that wins for it."""
    builtin = _names(BUILTIN_DIR)
    repo = _names(root / REPO_DIR)
    infos = [TemplateInfo(name, "repository", path, name in builtin)
             for name, path in repo.items()]
    infos += [TemplateInfo(name, "built-in", path) for name, path in builtin.items()
              if name not in repo]
    return sorted(infos, key=lambda info: info.name)


def copy_builtin(root: Path, name: str) -> Path:
    """Copy a built-in template into the repository's ``templates/`` to customise it."""
    builtin = _names(BUILTIN_DIR)
    if name not in builtin:
        raise UsageError(f"no built-in template {name!r}",
                         hint=f"built-in templates: {', '.join(builtin)}")
    target = root / REPO_DIR / name
    if target.exists():
        raise UsageError(f"{target.relative_to(root)} exists already: edit it, or delete it "
                         "to start again from the built-in")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(builtin[name], target)
    return target
