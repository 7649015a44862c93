"""Read-only views of the records: what ``list``, ``show`` and ``report`` show.

Each view is data first (rows of typed values, documents for JSON) and is rendered
by :mod:`officectl.tabular`; nothing here prints. Vocabulary: *field paths* and
*computed fields* in :mod:`.fields`, *conditions* in :mod:`.query`, *links* and
*referrers* in :mod:`.links`, the *360° view* in :mod:`.show`, the *pipeline* and
*receivables* reports in their own modules.
"""

from __future__ import annotations

from officectl.config import Config
from officectl.problems import Problem
from officectl.repository import Repository
from officectl.validation import load_repository


def load(config: Config) -> tuple[Repository, str | None]:
    """The repository and, when some files have errors, a warning to show the user:
    views still work, but invalid values were left out of those records."""
    return _warned(*load_repository(config))


def load_cached(config: Config) -> tuple[Repository, str | None]:
    """:func:`load`, reading and filling the cache as ``validate`` does (the analytics
    commands: a warm query must not parse every file again)."""
    return _warned(*load_repository(config, use_cache=True))


def _warned(repo: Repository, problems: list[Problem]) -> tuple[Repository, str | None]:
    return repo, load_warning(problems)


def load_warning(problems: list[Problem]) -> str | None:
    """The warning for records loaded with errors in their files, or None."""
    broken = {p.path for p in problems if p.severity == "error"}
    if not broken:
        return None
    files = "1 record file has" if len(broken) == 1 else f"{len(broken)} record files have"
    return f"warning: {files} errors; their invalid values are left out (run 'officectl validate')"
