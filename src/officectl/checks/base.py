"""The two shapes of a check.

A *record rule* looks at one record and the configuration only, so its result
depends on the file's bytes alone and can be cached per file. A *repository rule*
looks across records (references, numbering, balances) or at the date; it runs
whenever a file changed in a way it can see (``UNSEEN_BY_REPO_RULES`` lists the
fields it must not read; see :mod:`officectl.incremental`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING

from officectl.config import Config
from officectl.problems import Problem
from officectl.records import Record
from officectl.schema import Collector

if TYPE_CHECKING:
    from officectl.repository import Repository

RecordRule = Callable[[Record, Config, Collector], None]
RepoRule = Callable[["Repository", date], Iterable[Problem]]
