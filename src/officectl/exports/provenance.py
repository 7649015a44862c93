"""Which repository state an export was made from, so a figure can be traced back.

"Dirty" means the records or ``officectl.yaml`` differ from the commit (modified or
untracked files under them); files elsewhere, such as the exports in ``reports/``
themselves, do not count, so exporting twice gives the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from officectl import gitutil
from officectl.config import CONFIG_FILE
from officectl.loader import RECORDS_DIR


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
        output = gitutil.run(
            root,
            "status",
            "--porcelain=v2",
            "--branch",
            "--untracked-files=all",
            "--",
            CONFIG_FILE,
            RECORDS_DIR,
            timeout=60,
        )
    except (gitutil.GitError, OSError):
        return Provenance(None, None, "not a git repository (or git is not installed)")
    lines = output.decode("utf-8", "replace").splitlines()
    commit = next((line.split()[-1] for line in lines if line.startswith("# branch.oid ")), "")
    if not commit or commit == "(initial)":
        return Provenance(None, None, "no commit yet")
    return Provenance(commit, any(not line.startswith("#") for line in lines))
