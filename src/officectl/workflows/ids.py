"""Choosing IDs and file paths for new records.

A new ID is one more than the highest number in use, so a number freed in the
middle is not handed out again. Each kind's numbering follows from its ID pattern
(:func:`officectl.schema.numbering_of`): customers, deals, staff and a company's own
kinds count up for ever (``CUS-0014``, ``TIC-0007``); contracts count per year
(``CON-2026-004``); new invoices are drafts (``INV-DRAFT-0003``) until ``invoice issue``
gives them the next number of their issue year, which is contiguous.

A new file goes where its siblings live: a draft beside the newest draft, an
issued invoice beside the newest invoice of its year -- or, for the first
invoice of a year, in a ``<year>/`` folder if the previous years' invoices are
filed by year -- and everything else in ``records/<kind>/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from officectl.errors import UsageError
from officectl.loader import RECORDS_DIR
from officectl.model.invoice import DRAFT_NUMBERING, ISSUED_ID, ISSUED_NUMBERING
from officectl.repository import Repository
from officectl.schema import Numbering


def new_ids(repo: Repository, kind: str, year: int, count: int = 1) -> Iterator[str]:
    """``count`` fresh IDs of ``kind`` (``year`` matters for yearly numbering), by the
    numbering its ID pattern declares."""
    spec = repo.config.kinds[kind]
    if spec.numbering is None:
        raise UsageError(
            f"{kind}: cannot number a new record: the ID pattern "
            f"{spec.id_pattern} is not a fixed prefix and a counter",
            hint=r"write it like 'TIC-\d{4,}' in officectl.yaml, or create "
            "the file yourself",
        )
    yield from _fresh(repo, spec.numbering, year, count)


def next_issued_id(repo: Repository, year: int) -> str:
    return next(_fresh(repo, ISSUED_NUMBERING, year, 1))


def _fresh(repo: Repository, numbering: Numbering, year: int, count: int) -> Iterator[str]:
    pattern = numbering.pattern(year)
    used = [int(m.group(1)) for record_id in _all_ids(repo) if (m := pattern.fullmatch(record_id))]
    start = max(used, default=0) + 1
    for number in range(start, start + count):
        yield numbering.format(number, year)


def _all_ids(repo: Repository) -> Iterator[str]:
    yield from repo.records
    yield from (r.id for r in repo.duplicates)


def numbers_of(repo: Repository, numbering: Numbering, year: int | None) -> dict[str, int]:
    """Record ID → number, for the IDs that follow ``numbering`` (in ``year``)."""
    pattern = numbering.pattern(year)
    return {
        r.id: int(m.group(1)) for r in repo.of_kind("invoices") if (m := pattern.fullmatch(r.id))
    }


def default_path(kind: str, record_id: str) -> str:
    return f"{RECORDS_DIR}/{kind}/{record_id}.yaml"


def draft_path(repo: Repository, draft_id: str) -> str:
    """Beside the newest numbered draft, else in ``records/invoices/``."""
    drafts = numbers_of(repo, DRAFT_NUMBERING, None)
    if not drafts:
        return default_path("invoices", draft_id)
    newest = repo.records[max(drafts, key=lambda i: (drafts[i], i))]
    return str(PurePosixPath(newest.path).with_name(f"{draft_id}.yaml"))


def issued_path(repo: Repository, draft_path: str, invoice_id: str, year: int) -> str:
    """Beside the newest invoice of ``year``; the first of a year goes into a
    ``<year>/`` folder when earlier invoices are filed by year, else beside the draft."""
    name = f"{invoice_id}.yaml"
    same_year = numbers_of(repo, ISSUED_NUMBERING, year)
    if same_year:
        newest = repo.records[max(same_year, key=lambda i: (same_year[i], i))]
        return str(PurePosixPath(newest.path).with_name(name))
    for record in sorted(repo.of_kind("invoices"), key=lambda r: r.id, reverse=True):
        folder = PurePosixPath(record.path).parent
        match = ISSUED_ID.fullmatch(record.id)
        if match and folder.name == match.group(1):
            return str(folder.parent / f"{year:04d}" / name)
    return str(PurePosixPath(draft_path).with_name(name))
