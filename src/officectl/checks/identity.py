"""Record identity: the ID's format, the optional ``id:`` key, and ID uniqueness."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from officectl.config import Config
from officectl.problems import Problem, error
from officectl.records import Record
from officectl.rules import ANY_KIND, UNIQUE, SameId, SameValue, record_rule, repo_rule
from officectl.schema import Collector

if TYPE_CHECKING:
    from officectl.repository import Repository


@record_rule("id-format", codes=("id-format", "id-mismatch"), reads={ANY_KIND: ("id",)})
def id_format(record: Record, config: Config, out: Collector) -> None:
    """The file name is the record's ID, in its kind's pattern; an ``id:`` key, if
    given, says the same."""
    kind = config.kinds[record.kind]
    if not kind.id_regex.fullmatch(record.id):
        out.error(
            "id-format",
            f"file name {record.id} is not {_a(kind.singular)} ID "
            f"(like {kind.id_example}); rename the file",
        )
    declared = record.get("id")
    if declared is not None and declared != record.id:
        out.error(
            "id-mismatch",
            f"id {declared} differs from the file name {record.id}; they must be equal",
            ("id",),
        )


@repo_rule(
    "unique-ids",
    codes=("duplicate-id",),
    reads={ANY_KIND: ()},
    involves=(SameId(ANY_KIND, lambda record_id: record_id),),
)
def unique_ids(repo: Repository, today: date) -> Iterator[Problem]:
    """No two files share an ID, whatever their kinds: a reference must name one record."""
    for record in repo.duplicates:
        first = repo.records[record.id]
        yield error(
            record.path,
            "duplicate-id",
            f"ID {record.id} is already used by {first.path}",
            record=record.id,
            line=1,
            column=1,
        )


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


@repo_rule(
    "unique-values",
    codes=("duplicate-value",),
    reads={ANY_KIND: (UNIQUE,)},
    involves=(SameValue("*", UNIQUE),),
)
def unique_values(repo: Repository, today: date) -> Iterator[Problem]:
    """A defined kind's ``unique:`` fields differ between its records (the first
    record in ID order keeps its value; each later one is reported)."""
    for kind in repo.config.kinds.values():
        for name in kind.unique:
            seen: dict[object, Record] = {}
            for record in sorted(repo.of_kind(kind.name), key=lambda r: r.id):
                value = record.get(name)
                if value is None:
                    continue
                key = value.casefold() if isinstance(value, str) else value
                first = seen.setdefault(key, record)
                if first is not record:
                    yield error(
                        record.path,
                        "duplicate-value",
                        f"{name} {value} is already "
                        f"used by {first.id} ({first.path}); {kind.name} must differ "
                        f"in {name}",
                        record=record.id,
                        field=(name,),
                    )
