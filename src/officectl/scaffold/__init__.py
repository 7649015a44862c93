"""``init``: a new records repository, ready to validate, format, audit and export.

It holds ``officectl.yaml`` for the chosen locale, a folder per kind (kept in git by
``.gitkeep``) with one example record of each kind that passes ``validate``, a
``templates/`` folder for overrides, a ``.gitignore`` for the output, a GitHub
Actions workflow that installs officectl from ``.officectl/requirements.txt`` (see
:mod:`officectl.scaffold.install`), pre-commit hooks, and editor settings that map
each kind's JSON Schema to its records. Nothing is overwritten: a folder that is a
records repository already is refused, and so is one where any of these files exists
with other content -- except ``.gitignore``, to which the missing lines are added.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from officectl.atomic import atomic_write
from officectl.config import CONFIG_FILE
from officectl.errors import UsageError
from officectl.loader import RECORDS_DIR
from officectl.model import KINDS
from officectl.scaffold import files, install
from officectl.scaffold.locales import LOCALES, example_records
from officectl.yaml.formatting import format_data


def plan(locale: str, today: date, pin: install.Pin) -> dict[str, str]:
    """Relative path → text of every file ``init`` writes (``officectl.yaml`` last)."""
    from officectl import __version__

    chosen = LOCALES[locale]
    texts: dict[str, str] = {
        ".gitignore": files.GITIGNORE,
        "templates/README.md": files.TEMPLATES_README,
        ".github/workflows/officectl.yml": files.WORKFLOW,
        install.REQUIREMENTS_FILE: install.requirements_text(pin, __version__),
        ".pre-commit-config.yaml": files.PRE_COMMIT_CONFIG,
        ".vscode/settings.json": files.vscode_settings(KINDS),
    }
    for name, kind in KINDS.items():
        texts[f"{files.SCHEMA_DIR}/{name}.schema.json"] = files.schema_file(kind, KINDS)
    for name, example in example_records(chosen, today).items():
        texts[f"{RECORDS_DIR}/{name}/.gitkeep"] = ""
        texts[f"{RECORDS_DIR}/{name}/{example['id']}.yaml"] = format_data(
            example["data"], KINDS[name]
        )
    texts[CONFIG_FILE] = chosen.config
    return texts


def create(target: Path, locale: str, today: date, pin: install.Pin) -> list[str]:
    """Write the repository into ``target``, installing officectl from ``pin`` in CI;
    the relative paths written."""
    if locale not in LOCALES:
        raise UsageError(f"unknown locale {locale!r}", hint=f"use {', '.join(LOCALES)}")
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} is a file, not a folder")
    if (target / CONFIG_FILE).exists():
        raise UsageError(
            f"{target} is a records repository already (it has {CONFIG_FILE}); nothing was written"
        )
    texts = plan(locale, today, pin)
    gitignore = _merged_gitignore(target / ".gitignore", texts.pop(".gitignore"))
    clashes = list(_clashes(target, texts))
    if clashes:
        raise UsageError(
            f"{target} has files init would overwrite: {', '.join(clashes)}; nothing was written"
        )
    written = []
    if gitignore is not None:
        atomic_write(target / ".gitignore", gitignore)
        written.append(".gitignore")
    for relpath, text in texts.items():
        path = target / relpath
        if not path.exists():
            atomic_write(path, text)
            written.append(relpath)
    return written


def _merged_gitignore(path: Path, ours: str) -> str | None:
    """The new ``.gitignore``: ours, or the user's with our missing lines appended
    (None if it has them all)."""
    if not path.is_file():
        return ours
    theirs = path.read_text(encoding="utf-8")
    present = {line.strip() for line in theirs.splitlines()}
    missing = [
        line
        for line in ours.splitlines()
        if line.strip() and not line.startswith("#") and line.strip() not in present
    ]
    if not missing:
        return None
    separator = "" if theirs.endswith("\n") or not theirs else "\n"
    return f"{theirs}{separator}{ours.splitlines()[0]}\n" + "".join(f"{m}\n" for m in missing)


def _clashes(target: Path, texts: dict[str, str]) -> Iterator[str]:
    """Files that exist with other content (the same content is a re-run: fine)."""
    for relpath, text in texts.items():
        path = target / relpath
        if path.exists() and (not path.is_file() or path.read_bytes() != text.encode()):
            yield relpath
