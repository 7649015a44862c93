"""Links between records, both ways, found through the schema's ``ref`` fields.

A *link* is a reference a record makes (``deal.customer``, ``contract.signed_by.company``);
the records that reference a given one are its *referrers*. Unlike
:attr:`Repository.referrers`, which looks at top-level values only, this walks nested
mappings and lists too and names the field that makes the link.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from officectl.records import Record
from officectl.repository import Repository
from officectl.schema import Field, Kind
from officectl.tabular import text_form


@dataclass(frozen=True, slots=True)
class Link:
    field: str
    """The field path that makes the link, in the referring record."""
    id: str
    """The other record (the target of a forward link, the source of a referrer)."""
    kind: str | None
    """The other record's kind; None when it does not exist."""
    label: str


def references(kind: Kind, data: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(field path, referenced ID) for every ref field in a record's data."""
    yield from _refs(kind.fields, data, "")


def _refs(
    fields: tuple[Field, ...],
    data: Mapping[str, Any],
    prefix: str,
) -> Iterator[tuple[str, str]]:
    for spec in fields:
        if spec.name in data:
            yield from _ref_values(spec, data[spec.name], prefix + spec.name)


def _ref_values(spec: Field, value: Any, path: str) -> Iterator[tuple[str, str]]:
    if spec.type == "ref" and isinstance(value, str):
        yield path, value
    elif spec.type == "list" and spec.items is not None and isinstance(value, list):
        for item in value:
            yield from _ref_values(spec.items, item, path)
    elif spec.type == "map" and spec.fields and isinstance(value, Mapping):
        yield from _refs(spec.fields, value, path + ".")


def label(record: Record | None) -> str:
    """A few words that name a record for people: its name or title."""
    if record is None:
        return "(missing)"
    if not record.readable:
        return "(unreadable)"
    for key in ("name", "title"):
        if record.get(key):
            return text_form(record.get(key))
    if record.kind == "invoices":
        return " ".join(
            text_form(record.get(k)) for k in ("customer", "status", "issue_date") if record.get(k)
        )
    return ""


def forward_links(repo: Repository, record: Record) -> list[Link]:
    kind = repo.config.kinds[record.kind]
    links = []
    for path, target_id in references(kind, record.data):
        target = repo.records.get(target_id)
        links.append(Link(path, target_id, target.kind if target else None, label(target)))
    return links


def referrers(repo: Repository, record_id: str) -> list[Link]:
    """Every record that references ``record_id``, in ID order, once per field."""
    found = []
    for other in sorted(repo.all(), key=lambda r: r.id):
        if other.id == record_id or not other.readable:
            continue
        kind = repo.config.kinds[other.kind]
        fields = sorted(
            {path for path, target in references(kind, other.data) if target == record_id}
        )
        found += [Link(path, other.id, other.kind, label(other)) for path in fields]
    return found
