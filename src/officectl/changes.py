"""The scope of ``validate --changed-since REF``: what changed, and what that involves.

*Changed* means what differs between REF and the work tree: commits since REF,
staged and unstaged edits, and untracked files (``git diff -M BASE`` plus ``git
ls-files --others``). That is what a person running a pre-commit hook or a CI job
on a pull request means by "my changes". BASE is the merge base of REF and HEAD
when this clone has one (on a branch that forked from ``main``, changes merged
into ``main`` since are not the branch's); without one (a shallow clone) it is
REF itself.

The *scope* is every record whose problems those changes can create or clear: the
changed records (added, modified, renamed to) and every record a repository rule
compares them with, by the relations the rules declare (``involves=`` in
:mod:`officectl.checks`). Today these are:

- what they reference and what references them (nested references too);
- for a deleted or renamed-away ID, the records still referencing it;
- for an issued invoice (changed or deleted), the issued invoices of its year,
  since a gap or a duplicate number is reported on a neighbour;
- records sharing the ID, a customer's ``vat_id``, a person's ``email``, and a
  person's chain of managers (cycles);
- contracts whose ``document`` file changed.

A change to ``officectl.yaml`` may change how every record reads, so then the
scope is everything. Problems outside the scope are not reported: they were
there before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from officectl import gitutil
from officectl.checks import REPO_RULES, relations
from officectl.checks.references import ref_fields, values_at
from officectl.config import CONFIG_FILE
from officectl.loader import RECORD_SUFFIXES, RECORDS_DIR
from officectl.records import Record
from officectl.repository import Repository
from officectl.rules import (
    ANY_KIND,
    UNIQUE,
    Chain,
    File,
    Links,
    RepoRule,
    SameId,
    SameValue,
)
from officectl.yaml import reading

EVERYTHING = ""
"""The scope entry that selects every path."""


@dataclass(frozen=True)
class Changes:
    base: str
    """The commit the work tree was compared with."""
    changed: frozenset[str]
    """Root-relative paths added, modified or renamed to (untracked files included)."""
    deleted: frozenset[str]
    """Root-relative paths deleted or renamed away."""
    previous: dict[str, bytes] = field(default_factory=dict)
    """The text at BASE of each record modified, deleted or renamed away: what it
    referenced then is involved too (a credit note deleted leaves its invoice open)."""


def changes_since(root: Path, ref: str) -> Changes:
    """What differs between ``ref`` (its merge base with HEAD) and the work tree.

    ``HEAD`` in a repository without commits (a first commit's pre-commit hook) is the
    empty tree: everything is new."""
    current = gitutil.head(root)
    if current is None and ref == "HEAD":
        gitutil.toplevel(root)
        commit = gitutil.empty_tree(root)
    else:
        commit = gitutil.resolve(root, ref)
    base = (gitutil.merge_base(root, commit, current) if current else None) or commit
    output = gitutil.run(
        root,
        "diff",
        "--name-status",
        "-z",
        "-M",
        "--relative",
        "--no-ext-diff",
        "--no-textconv",
        base,
        "--",
    )
    changed, modified, deleted = _name_status(gitutil.zsplit(output))
    earlier = sorted(p for p in modified | deleted if _is_record_path(p) and "\n" not in p)
    texts = gitutil.read_objects(root, [f"{base}:./{path}" for path in earlier])
    previous = {path: text for path, text in zip(earlier, texts, strict=True) if text is not None}
    changed |= set(
        gitutil.zsplit(gitutil.run(root, "ls-files", "-z", "--others", "--exclude-standard"))
    )
    return Changes(base, frozenset(changed), frozenset(deleted), previous)


def _name_status(items: list[str]) -> tuple[set[str], set[str], set[str]]:
    """``git diff --name-status -z`` → (changed, modified, deleted) paths."""
    changed: set[str] = set()
    modified: set[str] = set()
    deleted: set[str] = set()
    entries = iter(items)
    for status in entries:
        if status[0] in "RC":
            source, target = next(entries), next(entries)
            if status[0] == "R":
                deleted.add(source)
            changed.add(target)
        elif status[0] == "D":
            deleted.add(next(entries))
        else:
            path = next(entries)
            changed.add(path)
            if status[0] != "A":
                modified.add(path)
    return changed, modified, deleted


def changed_scope(
    root: Path,
    ref: str,
    *,
    within: Sequence[str] | None = None,
) -> Callable[[Repository], list[str]]:
    """The ``only`` argument of :func:`officectl.validation.validate` for ``--changed-since``.

    git runs now, so a bad REF stops the command before any record is loaded. With
    ``within`` (the PATHs given on the command line) the scope is narrowed to them.
    """
    changes = changes_since(root, ref)

    def scope(repo: Repository) -> list[str]:
        paths = involved(repo, changes)
        if EVERYTHING in paths:
            return list(within) if within is not None else [EVERYTHING]
        if within is None:
            return sorted(paths)
        return sorted(p for p in paths if any(_inside(p, folder) for folder in within))

    return scope


def _inside(path: str, folder: str) -> bool:
    folder = folder.rstrip("/")
    return folder in ("", ".") or path == folder or path.startswith(folder + "/")


def involved(
    repo: Repository, changes: Changes, rules: Iterable[RepoRule] = REPO_RULES
) -> set[str]:
    """Root-relative paths of every record the changes involve (see the module docstring),
    following the relations ``rules`` declare."""
    if CONFIG_FILE in changes.changed | changes.deleted:
        return {EVERYTHING}
    links = _Links(repo, rules)
    scope = {p for p in changes.changed if _is_record_path(p)}
    for path in changes.changed | changes.deleted:
        scope.update(r.path for r in links.documenting(path))
    for record in links.at_paths(scope):
        scope.update(r.path for r in links.involving(record))
    for path in changes.deleted:
        if _is_record_path(path):
            scope.update(r.path for r in links.involving_id(Path(path).stem, path.split("/")[1]))
    for path, text in changes.previous.items():
        for target in links.referenced_by_text(path, text):
            scope.update(r.path for r in links.by_id.get(target, ()))
    return scope


def _is_record_path(path: str) -> bool:
    parts = path.split("/")
    return (
        len(parts) > 1
        and parts[0] == RECORDS_DIR
        and path.endswith(RECORD_SUFFIXES)
        and not any(part.startswith(".") for part in parts)
    )


class _Links:
    """The repository's records by path, by ID and by every relation a repository rule
    declares (:mod:`officectl.rules`): a change to one record involves every
    record some rule compares it with.

    :attr:`Repository.referrers` indexes only top-level references to existing
    records; a scope also needs nested ones (``signed_by.company``) and those to
    IDs that no longer exist.
    """

    def __init__(self, repo: Repository, rules: Iterable[RepoRule]) -> None:
        self.repo = repo
        self.relations = relations(rules)
        self.everything = [*repo.all(), *repo.duplicates]
        self.by_path = {r.path: r for r in self.everything}
        self.by_id: dict[str, list[Record]] = defaultdict(list)
        self.referrers: dict[str, list[Record]] = defaultdict(list)
        for record in self.everything:
            self.by_id[record.id].append(record)
            for target in self.references(record):
                self.referrers[target].append(record)
        self._by_key: dict[SameId, dict[str, list[Record]]] = {}

    def references(self, record: Record) -> Iterator[str]:
        for pattern, _ in ref_fields(self.repo.config.kinds[record.kind]):
            for _, value in values_at(record.data, pattern):
                if isinstance(value, str):
                    yield value

    def referenced_by_text(self, path: str, text: bytes) -> Iterator[str]:
        """The IDs a record's earlier version referenced (nothing if it did not load)."""
        kind = self.repo.config.kinds.get(path.split("/")[1])
        try:
            raw = reading.load(reading.decode(text))
        except reading.LoadError:
            return
        for pattern, _ in ref_fields(kind) if kind else ():
            for _, value in values_at(raw, pattern):
                if isinstance(value, str):
                    yield value

    def at_paths(self, paths: Iterable[str]) -> list[Record]:
        return [self.by_path[p] for p in sorted(paths) if p in self.by_path]

    def involving(self, record: Record) -> Iterator[Record]:
        """The records whose checks look at ``record`` together with others."""
        yield record
        for relation in self.relations:
            if isinstance(relation, Links):
                for target in self.references(record):
                    yield from self.by_id.get(target, ())
            elif isinstance(relation, SameValue):
                yield from self._same_value(record, relation)
            elif isinstance(relation, Chain):
                yield from self._chain(record, relation)
        yield from self.involving_id(record.id, record.kind)

    def involving_id(self, record_id: str, kind: str) -> Iterator[Record]:
        """Records of the rules' relations that hold by ID alone: those referencing
        ``record_id`` and those whose IDs go with it (the same ID, the same year)."""
        for relation in self.relations:
            if isinstance(relation, Links):
                yield from self.referrers.get(record_id, ())
            elif isinstance(relation, SameId) and relation.kind in (ANY_KIND, kind):
                key = relation.key(record_id)
                if key is not None:
                    yield from self._keyed(relation).get(key, ())

    def documenting(self, path: str) -> list[Record]:
        """The records whose file field (a contract's signed ``document``) names ``path``."""
        return self._documents.get(path, [])

    @cached_property
    def _documents(self) -> dict[str, list[Record]]:
        index: dict[str, list[Record]] = defaultdict(list)
        for relation in self.relations:
            if isinstance(relation, File):
                for record in self.repo.of_kind(relation.kind):
                    document = record.get(relation.field)
                    if isinstance(document, str):
                        index[document.removeprefix("./")].append(record)
        return index

    def _keyed(self, relation: SameId) -> dict[str, list[Record]]:
        index = self._by_key.get(relation)
        if index is None:
            index = self._by_key[relation] = defaultdict(list)
            for record in self.everything:
                if relation.kind in (ANY_KIND, record.kind):
                    key = relation.key(record.id)
                    if key is not None:
                        index[key].append(record)
        return index

    def _same_value(self, record: Record, relation: SameValue) -> Iterator[Record]:
        if relation.kind not in (ANY_KIND, record.kind):
            return
        if relation.field == UNIQUE:  # each field the record's kind says is unique
            kind = self.repo.config.kinds.get(record.kind)
            for name in kind.unique if kind is not None else ():
                yield from self._same_value(record, SameValue(record.kind, name))
            return
        if relation.derive is not None:
            keys = set(relation.derive(record))
            if keys:
                for other in self.repo.of_kind(record.kind):
                    if other.readable and keys.intersection(relation.derive(other)):
                        yield other
            return
        value = record.get(relation.field)
        if value is None:
            return
        key = value.upper().replace(" ", "") if isinstance(value, str) else value
        for other in self.repo.of_kind(record.kind):
            other_value = other.get(relation.field)
            if isinstance(other_value, str):
                other_value = other_value.upper().replace(" ", "")
            if other_value == key:
                yield other

    def _chain(self, record: Record, relation: Chain) -> Iterator[Record]:
        if record.kind != relation.kind:
            return
        seen = {record.id}
        current = record.get(relation.field)
        while isinstance(current, str) and current not in seen:
            seen.add(current)
            linked = self.repo.records.get(current)
            if linked is None or linked.kind != relation.kind:
                return
            yield linked
            current = linked.get(relation.field)
