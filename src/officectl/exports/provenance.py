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


def provenance(root: Path) -> Provenance:
    """One ``git status`` call: the commit (``branch.oid``) and the changed paths."""
    try:
        done = subprocess.run([*_GIT, "status", "--porcelain=v2", "--branch",
                               "--untracked-files=all", "--", CONFIG_FILE, RECORDS_DIR],
                              cwd=root, capture_output=True, text=True, timeout=60,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return Provenance(None, None, "not a git repository (or git is not installed)")
    if done.returncode != 0:
        return Provenance(None, None, "not a git repository (or git is not installed)")
    lines = done.stdout.splitlines()
    commit = next((line.split()[-1] for line in lines if line.startswith("# branch.oid ")), "")
    if not commit or commit == "(initial)":
        return Provenance(None, None, "no commit yet")
    return Provenance(commit, any(not line.startswith("#") for line in lines))
