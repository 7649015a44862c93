"""A records repository loaded whole: records indexed by ID, by kind and by reverse link.

Repository rules look at the file system only through :meth:`Repository.document_status`,
which remembers every answer in :attr:`Repository.file_checks`, so a cached result can
be re-checked against the files it depended on (see :mod:`officectl.cache`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Literal

from officectl.config import Config
from officectl.discovery import document_status as document_status
from officectl.model.invoice import credited_by_invoice
from officectl.records import Record

DocumentStatus = Literal["file", "missing", "outside"]
"""What a document a record names is: a file in the repository, missing, or outside it."""


class Repository:
    def __init__(self, config: Config, records: Iterable[Record]) -> None:
        self.config = config
        self.root: Path = config.root
        self.records: dict[str, Record] = {}
        self.duplicates: list[Record] = []
        self._by_kind: dict[str, list[Record]] = {name: [] for name in config.kinds}
        for record in records:
            if record.id in self.records:
                self.duplicates.append(record)
                continue
            self.records[record.id] = record
            self._by_kind[record.kind].append(record)
        self.file_checks: dict[str, DocumentStatus] = {}
        """Every path :meth:`document_status` was asked about, with its answer."""

    def document_status(self, document: str) -> DocumentStatus:
        """Whether ``document`` (relative to the root) is a file inside the repository."""
        status = self.file_checks.get(document)
        if status is None:
            status = self.file_checks[document] = document_status(self.root, document)
        return status

    def all(self) -> Iterable[Record]:
        return self.records.values()

    def of_kind(self, kind: str) -> list[Record]:
        return self._by_kind[kind]

    def linked(self, record: Record, field: str, kind: str) -> Record | None:
        """The readable record of ``kind`` that ``record.field`` names, if it has one."""
        target_id = record.data.get(field)
        target = self.records.get(target_id) if target_id else None
        if target is None or target.kind != kind or not target.readable:
            return None
        return target

    @cached_property
    def credited(self) -> dict[str, Decimal]:
        """Per invoice ID, what its credit notes take off it (positive amounts)."""
        return credited_by_invoice(r for r in self.of_kind("invoices") if r.readable)

    @cached_property
    def credit_notes(self) -> dict[str, list[Record]]:
        """Per invoice ID, the invoices whose ``credit_note_for`` names it: the part of
        :attr:`referrers` a document asks for, indexed from the invoices' one field
        (an export of a year's invoices built the whole index, a tenth of its time)."""
        index: dict[str, list[Record]] = defaultdict(list)
        for record in self.of_kind("invoices"):
            target = record.data.get("credit_note_for")
            if isinstance(target, str) and target in self.records and target != record.id:
                index[target].append(record)
        return index

    @cached_property
    def referrers(self) -> dict[str, list[Record]]:
        """Per record ID, the records whose top-level fields reference it."""
        index: dict[str, list[Record]] = defaultdict(list)
        for record in self.all():
            for value in record.data.values():
                if isinstance(value, str) and value in self.records and value != record.id:
                    index[value].append(record)
        return index
