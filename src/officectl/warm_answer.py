"""The warm answer, read: what a plain ``validate`` prints when nothing changed since
the last run, checked and returned with the standard library alone.

Every run that leaves its findings (:mod:`officectl.incremental`) also leaves the
*answer*, sealed like every cache file: what each output format prints, the summary,
the exit codes, and what it holds for (the date, the list of record paths, every
file's trusted stat key, the documents the rules looked at). It is plain data (text,
bytes, numbers), so reading it imports no class of officectl's: not the problems'
dataclasses, not the reporters. :func:`answered` gives it when it holds for the files
as they are now: one ``stat`` per file, compared with the stored keys. The console
script asks it first (:mod:`officectl.launch`); when it does not hold, the listing and
the stats it took are left for the run that follows (:func:`take_survey`).
"""

from __future__ import annotations

import os
import time

from officectl.cache_seal import (
    CACHE_DIR,
    TRUSTED,
    StatKey,
    config_source,
    key_of,
    paths_digest,
    read_sealed,
    stat_keys,
    unsafe_folder,
    user_secret,
)
from officectl.discovery import discover, document_status
from officectl.yaml.load_error import LoadError

TYPE_CHECKING = False  # not typing's: importing typing (or pathlib) costs a warm run
if TYPE_CHECKING:  # 15 ms each
    from pathlib import Path

ANSWER_FILE = "answer"
ANSWER_FORMAT = "officectl-answer 1"
JOURNAL_FILE = ".officectl-lock/journal.json"
""":data:`officectl.journal.JOURNAL_FILE` (a test keeps them equal): importing the
journal module costs more than the check."""


class Survey:
    """The record files and their stat keys, as a run found them, and when it started
    looking (the time :class:`officectl.cache.Cache` judges racy files against)."""

    __slots__ = ("refused", "relpaths", "root", "started_ns", "stats")

    def __init__(
        self,
        root: Path | str,
        relpaths: list[str],
        refused: list[tuple[str, LoadError]],
        stats: list[StatKey | None],
        started_ns: int,
    ) -> None:
        self.root = root
        self.relpaths = relpaths
        self.refused = refused
        self.stats = stats
        self.started_ns = started_ns

    def of(self, root: Path | str) -> bool:
        """Whether this is the survey of the repository at ``root``."""
        return os.fspath(self.root) == os.fspath(root)


_surveyed: list[Survey] = []
"""The survey of a warm answer that did not hold, for the run that follows in the same
process (:func:`take_survey`): listing and stating every file once, not twice."""


def survey(root: Path | str) -> Survey:
    """Find the record files and take their stat keys, noting the time first."""
    started_ns = time.time_ns()
    refused: list[tuple[str, LoadError]] = []
    relpaths = list(discover(root, refused))
    return Survey(root, relpaths, refused, stat_keys(root, relpaths), started_ns)


def take_survey(root: Path | str) -> Survey | None:
    """The survey a warm answer left for ``root`` in this process, once."""
    if _surveyed and _surveyed[-1].of(root):
        return _surveyed.pop()
    return None


def asked_already(root: Path | str) -> bool:
    """Whether this process found already that the warm answer does not hold."""
    return any(s.of(root) for s in _surveyed)


def readable_state(root: Path | str, name: str) -> object:
    """A sealed cache file of the repository at ``root`` under the key its
    configuration's text gives, or None (no cache, an unsafe one, an interrupted
    change to report, nothing sound stored)."""
    if unsafe_folder(root) is not None or os.path.lexists(os.path.join(root, JOURNAL_FILE)):  # noqa: PTH118
        return None
    secret, source = user_secret(), config_source(root)
    if secret is None or source is None:
        return None
    path = os.path.join(root, CACHE_DIR, name)  # noqa: PTH118 - os.path: see cache_seal
    return read_sealed(path, secret, key_of(source), name.encode())


def holds(
    root: Path | str,
    today: str,
    stored: tuple[str, bytes, bytes, tuple[tuple[str, str], ...]],
) -> bool:
    """Whether findings made for ``stored`` (date, digest of the record paths, trusted
    stat keys, documents' statuses) hold for the files now; if not, the survey taken
    is left for the run that follows."""
    day, paths, keys, documents = stored
    if day != today:
        return False
    found = survey(root)
    if (
        not found.refused
        and paths == paths_digest(found.relpaths)
        and None not in found.stats
        and keys == _trusted(found.stats)
        and all(document_status(root, path) == status for path, status in documents)
    ):
        return True
    _surveyed[:] = [found]
    return False


def answered(root: Path | str, today: str, output_format: str) -> tuple[str, str, int, int] | None:
    """(what ``validate --format output_format`` prints, its summary line, the exit
    code, the exit code with ``--strict``) when the stored answer holds; else None."""
    if asked_already(root):
        return None
    answer = readable_state(root, ANSWER_FILE)
    if (
        not isinstance(answer, tuple)
        or len(answer) != 6
        or answer[0] != ANSWER_FORMAT
        or not isinstance(answer[2], dict)
        or output_format not in answer[2]
    ):
        return None
    _, stored, outputs, summary, code, strict_code = answer
    if not holds(root, today, stored):
        return None
    return outputs[output_format], summary, code, strict_code


def _trusted(stats: list[StatKey | None]) -> bytes:
    pack = TRUSTED.pack
    return b"".join([pack(*key, True) for key in stats if key is not None])
