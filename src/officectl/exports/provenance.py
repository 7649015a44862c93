"""Which repository state an export was made from, so a figure can be traced back.

"Dirty" means the records or ``officectl.yaml`` differ from the commit (modified or
untracked files under them); files elsewhere, such as the exports in ``reports/``
themselves, do not count, so exporting twice gives the same answer.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from officectl.config import CONFIG_FILE
from officectl.loader import RECORDS_DIR

_GIT = ("git", "-c", "core.fsmonitor=false", "--no-optional-locks")


@dataclass(frozen=True, slots=True)
class Provenance:
    commit: str | None
    """``None`` outside git or before the first commit (``note`` says which)."""
    dirty: bool | None
    note: str = ""

    def describe(self) -> str:
        if self.commit is None:
            return self.note
        return self.commit + (" (with uncommitted changes)" if self.dirty else "")


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run([*_GIT, *args], cwd=root, capture_output=True, text=True,
                              timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def provenance(root: Path) -> Provenance:
    if _git(root, "rev-parse", "--is-inside-work-tree") is None:
        return Provenance(None, None, "not a git repository (or git is not installed)")
    commit = _git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    if commit is None:
        return Provenance(None, None, "no commit yet")
    status = _git(root, "status", "--porcelain", "--untracked-files=all", "--",
                  CONFIG_FILE, RECORDS_DIR)
    return Provenance(commit.strip(), None if status is None else bool(status.strip()))
