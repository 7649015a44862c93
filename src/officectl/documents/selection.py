"""Which records a command acts on: IDs, ``--all KIND`` and ``--where`` conditions.

``--where`` is ``list``'s (:mod:`officectl.views.query`): ``FIELD OP VALUE`` with
``=``, ``!=``, ``<``, ``<=``, ``>``, ``>=`` or ``~``, derived fields such as an
invoice's ``balance`` included (``--where 'balance>0'`` for payment reminders).
Conditions combine with *and*; with records of several kinds, a condition on a field
one kind lacks leaves that kind's records out.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from officectl.errors import RecordError, UsageError
from officectl.model import kind_named
from officectl.records import Record
from officectl.repository import Repository
from officectl.views.query import Condition, parse_condition


def select(
    repo: Repository,
    ids: Sequence[str],
    all_kind: str | None,
    where: Sequence[str],
    *,
    show_sensitive: bool = False,
) -> list[Record]:
    """The records named by ``ids`` and ``--all``, in order, then filtered by ``where``
    (on a sensitive field only with ``show_sensitive``, as in ``list``)."""
    chosen: dict[str, Record] = {}
    for record_id in ids:
        record = repo.records.get(record_id)
        if record is None:
            close = difflib.get_close_matches(record_id, list(repo.records), n=1)
            raise UsageError(
                f"no record {record_id!r}", hint=f"did you mean {close[0]}?" if close else None
            )
        chosen[record.id] = record
    if all_kind is not None:
        kind = kind_named(all_kind, repo.config.kinds).name
        for record in sorted(repo.of_kind(kind), key=lambda r: r.id):
            chosen.setdefault(record.id, record)
    if not ids and all_kind is None:
        raise UsageError("name record IDs or pass --all KIND")
    records = list(chosen.values())
    conditions = _conditions(repo, sorted({r.kind for r in records}), where, show_sensitive)
    for record in records:
        if not record.readable:
            raise RecordError(
                f"{record.path}: cannot be read", hint="run 'officectl validate' to see why"
            )
    return [
        r for r in records if all(c is not None and c.matches(r, repo) for c in conditions[r.kind])
    ]


def _conditions(
    repo: Repository, kinds: list[str], where: Sequence[str], show_sensitive: bool
) -> dict[str, list[Condition | None]]:
    """Per kind, each ``--where`` parsed for it (None where the kind lacks the field);
    a condition no kind can take is a usage error."""
    parsed: dict[str, list[Condition | None]] = {kind: [] for kind in kinds}
    for text in where:
        first_error: UsageError | None = None
        for kind in kinds:
            try:
                condition: Condition | None = parse_condition(
                    repo.config.kinds[kind], text, show_sensitive=show_sensitive
                )
            except UsageError as exc:
                condition, first_error = None, first_error or exc
            parsed[kind].append(condition)
        if first_error is not None and all(parsed[kind][-1] is None for kind in kinds):
            raise first_error
    return parsed
