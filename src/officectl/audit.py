"""The audit trail of issued invoices, read from git history in one pass.

Legally an issued invoice is immutable: once a commit holds it as *issued* (an
``INV-YYYY-NNNN`` number and a status other than draft), only its ``status``,
``payments``, ``reminders``, ``notes`` and ``meta`` may change; a correction is a credit
note.
:func:`audit` reads the history of ``records/invoices/`` with one ``git log --raw``
and every version of every invoice with one ``git cat-file --batch``, then reports:

- ``invoice-changed``: another field changed after issue. Typed values are
  compared, so quoting, key order, comments or ``1250.1`` for ``1250.10`` are no
  change. Each edit is reported once, at its commit; an edit that restores the
  issued value is not reported. Returning an issued invoice to ``draft`` is a change.
- ``invoice-deleted``: the number disappeared from the books.
- ``invoice-renumbered``: it disappeared and, in the same commit, the same content
  appeared under another number.
- ``invoice-number-reused``: a deleted number came back with different content.
- ``record-symlink``: an invoice file became a symbolic link (at its commit), or a
  link is under ``records/`` at HEAD. What a link points to lies outside the audited
  folder, so an edit there would go unseen; a record file must be a regular file.

The walk visits the commits that shaped HEAD's invoices, parents before children
(``git log --topo-order --reverse`` with git's default history simplification),
each as its change against its first parent. A merged branch's commits are
walked themselves, so a problem names the commit that made it, also when CI
checks out a pull request as a merge commit; the merge adds nothing new unless it
resolved a conflict differently. ``since`` starts the walk at a commit: the
invoices issued by then are the baseline. When ``since`` is not an ancestor of HEAD
(the history was rewritten: a force-push), the walk from it proves nothing about what
the new history dropped, so its issued invoices are also compared with HEAD's tree,
and the result carries a note saying so. Needs git 2.31 or later.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from officectl import gitutil
from officectl.config import Config
from officectl.loader import RECORD_SUFFIXES, RECORDS_DIR
from officectl.model.invoice import is_draft, totals
from officectl.problems import FieldPath, Problem
from officectl.schema import Collector, Kind, convert_mapping
from officectl.validation import ValidationResult
from officectl.yaml import reading

MUTABLE = frozenset({"status", "payments", "reminders", "notes", "meta"})
"""What may change on an issued invoice."""
CLASSIFICATIONS = frozenset({"vat_exemption", "unit_code"})
"""Line codes that may be *added* to an issued invoice that lacked them: they classify
a line (its VAT exemption's legal basis, its unit as a code) for the VAT return and
e-invoices without changing an amount, a rate or what the customer was charged, so a
company can complete invoices issued before officectl asked for them. Changing or
removing one that was there is still a change to the tax document."""
IGNORED = frozenset({"id"})
"""Not content: ``id`` must equal the file name, which is the number itself."""
_BLOB_MODES = frozenset({"100644", "100755"})
_LINK_MODE = "120000"
_LINKED = (
    "a record file must be a regular file, and what a link points to is not "
    "audited: replace the link with the file itself"
)
_MISSING: Any = object()
_SCALARS = (str, int, Decimal, date)
_FULL_HASH = re.compile(r"\b[0-9a-f]{40}\b")


@dataclass(frozen=True)
class AuditResult:
    problems: tuple[Problem, ...]
    """In the order of history."""
    commits: int
    """Commits walked that touch invoices."""
    invoices: int
    """Issued invoice numbers followed."""
    notes: tuple[str, ...] = ()
    """What the reader must know about the result (a rewritten history)."""

    def as_validation(self) -> ValidationResult:
        """The same problems as a :class:`ValidationResult`, for the reporters."""
        return ValidationResult(self.problems, self.invoices)


def audit(config: Config, *, since: str | None = None) -> AuditResult:
    """Walk the history of the invoices (after ``since``) and report changes to
    an issued invoice that the law forbids (see the module docstring)."""
    root = config.root
    gitutil.toplevel(root)
    if gitutil.head(root) is None:
        return AuditResult((), 0, 0)
    folder = f"{RECORDS_DIR}/invoices"
    start: list[tuple[str, str]] = []
    revisions, base, rewritten = ["HEAD"], "", False
    if since is not None:
        base = gitutil.resolve(root, since)
        revisions = [f"{base}..HEAD"]
        start = _files(_tree(root, base, folder))
        rewritten = not gitutil.is_ancestor(root, base, "HEAD")
    cut = gitutil.missing_history(root, base or None)
    if cut is not None:
        raise gitutil.GitError(
            f"this clone is shallow: the history before commit {cut[:12]} is missing, and "
            "an edited invoice there would go unseen",
            hint="check out with "
            "actions/checkout's fetch-depth: 0, or run 'git fetch --unshallow'; "
            "--since REF audits only the commits after REF",
        )
    log = gitutil.run(
        root,
        "log",
        "--reverse",
        "--topo-order",
        "--diff-merges=first-parent",
        "--root",
        "--raw",
        "-z",
        "--no-renames",
        "--no-abbrev",
        "--relative",
        "--format=%x01%H",
        *revisions,
        "--",
        folder,
    )
    commits = list(_parse_log(log))
    head = _tree(root, "HEAD", RECORDS_DIR)
    now = (
        _files(entry for entry in head if entry[2].startswith(folder + "/")) if (rewritten) else []
    )
    wanted = [blob for _, blob in (*start, *now)] + [
        blob for _, changes in commits for status, _, blob in changes if status not in "DL"
    ]
    wanted = list(dict.fromkeys(wanted))
    blobs = dict(zip(wanted, gitutil.read_objects(root, wanted), strict=True))
    auditor = _Auditor(config.kinds["invoices"], blobs)
    auditor.begin(start, base)
    for sha, changes in commits:
        auditor.commit(sha, changes)
    auditor.cancellations()
    notes: tuple[str, ...] = ()
    if rewritten:
        auditor.compare(now, base)
        short = gitutil.short_hashes(root, [base]).get(base, base[:12])
        notes = (
            f"--since {since}: commit {short} is not an ancestor of HEAD: the history "
            "was rewritten since (a force-push?); the invoices issued by it were "
            "compared with HEAD's as well",
        )
    auditor.links([path for mode, _, path in head if mode == _LINK_MODE])
    return AuditResult(
        tuple(_shorten(root, auditor.problems)), len(commits), auditor.followed, notes
    )


Entry = tuple[str, str, str]
"""(mode, object hash, root-relative path) of a tree entry."""


def _tree(root: Path, revision: str, folder: str) -> list[Entry]:
    """Every file (and link) below ``folder`` at ``revision``."""
    entries = []
    for item in gitutil.zsplit(gitutil.run(root, "ls-tree", "-r", "-z", revision, "--", folder)):
        info, path = item.split("\t", 1)
        mode, _, sha = info.split()
        entries.append((mode, sha, path))
    return entries


def _files(entries: Iterable[Entry]) -> list[tuple[str, str]]:
    """(path, blob) of the regular files among ``entries``."""
    return [(path, sha) for mode, sha, path in entries if mode in _BLOB_MODES]


FileChange = tuple[str, str, str]
"""(status letter, root-relative path, new blob hash)."""


def _parse_log(output: bytes) -> Iterator[tuple[str, list[FileChange]]]:
    """``git log --raw -z --format=%x01%H`` → (commit, its changes) in order; a path
    that becomes a symbolic link is the change ``L``."""
    for chunk in output.split(b"\x01"):
        tokens = [token.strip(b"\n") for token in chunk.split(b"\0")]
        if not tokens or not tokens[0]:
            continue
        changes: list[FileChange] = []
        items = iter(tokens[1:])
        for token in items:
            if token.startswith(b":"):
                _, new_mode, _, new_blob, status = token[1:].decode().split()
                path = next(items).decode("utf-8", "surrogateescape")
                if status[0] == "D" or new_mode in _BLOB_MODES:
                    changes.append((status[0], path, new_blob))
                elif new_mode == _LINK_MODE:
                    changes.append(("L", path, new_blob))
        yield tokens[0].decode(), changes


def _shorten(root: Path, problems: list[Problem]) -> Iterator[Problem]:
    """Full commit hashes in messages → git's short ones (one git call for all)."""
    hashes = {h for p in problems for h in _FULL_HASH.findall(p.message)}
    short = gitutil.short_hashes(root, sorted(hashes))
    for problem in problems:
        message = _FULL_HASH.sub(lambda m: short.get(m[0], m[0][:12]), problem.message)
        yield replace(problem, message=message)


@dataclass(frozen=True)
class _Version:
    """One invoice file's content at one commit."""

    path: str
    text: str
    view: dict[str, Any]
    """Typed content without the fields that may change; unknown keys as written."""
    status: str | None

    @property
    def issued(self) -> bool:
        return self.status in ("issued", "paid", "cancelled")


@dataclass
class _Issued:
    commit: str
    """The first commit that holds the invoice as issued."""
    original: _Version
    current: _Version
    baseline: bool = False
    """Issued by the ``--since`` commit, not in the walk: when exactly is unknown."""

    @property
    def issued_in(self) -> str:
        return (
            f"issued by commit {self.commit}"
            if self.baseline
            else (f"issued in commit {self.commit}")
        )


class _Auditor:
    """The walk's state: the invoice files of the tree as it was at each commit."""

    def __init__(self, kind: Kind, blobs: dict[str, bytes | None]) -> None:
        self.kind = kind
        self.blobs = blobs
        self.tree: dict[str, str] = {}
        self.paths: dict[str, set[str]] = defaultdict(set)
        self.issued: dict[str, _Issued] = {}
        self.retired: dict[str, tuple[_Issued, str]] = {}
        """Deleted issued numbers: what they were and the commit that deleted them."""
        self.baseline: dict[str, _Issued] = {}
        """What the tree at ``--since`` holds as issued."""
        self.linked: set[str] = set()
        """Paths reported as having become symbolic links."""
        self.problems: list[Problem] = []
        self.reporting = True
        self._parsed: dict[str, tuple[str, dict[str, Any], str | None] | None] = {}

    @property
    def followed(self) -> int:
        return len(self.issued) + len(self.retired)

    def begin(self, files: list[tuple[str, str]], commit: str) -> None:
        """The tree at ``--since``: what it holds as issued is the baseline."""
        self.reporting = False
        self.commit(commit, [("A", path, blob) for path, blob in files])
        self.problems.clear()
        self.reporting = True
        self.baseline = dict(self.issued)

    def commit(self, sha: str, changes: list[FileChange]) -> None:
        touched: set[str] = set()
        for status, path, blob in changes:
            if status == "L":  # its last content stays the one compared with later
                self._linked(path, f"became a symbolic link in commit {sha}")
                continue
            number = self._number(path)
            if number is None:
                continue
            touched.add(number)
            if status == "D":
                self.tree.pop(path, None)
                self.paths[number].discard(path)
            else:
                self.tree[path] = blob
                self.paths[number].add(path)
        versions = {n: v for n in sorted(touched) if (v := self._version(n)) is not None}
        for number, version in versions.items():
            if number in self.issued:
                self._edited(sha, number, version)
        vanished = [n for n in sorted(touched) if n in self.issued and not self.paths[n]]
        appeared = {n: v for n, v in versions.items() if n not in self.issued and v.issued}
        renumbered = {self._vanished(sha, number, appeared) for number in vanished}
        for number, version in appeared.items():
            self._appeared(sha, number, version, renumbered=number in renumbered)

    def cancellations(self) -> None:
        """HEAD's cancelled invoices that credit notes do not bring to zero: a status
        change is allowed after issue, but ``cancelled`` only says what credit notes
        did (Art. 219; CZ § 45; FI AVL 209 b §), as ``validate`` checks too."""
        credited: dict[str, Decimal] = {}
        for state in self.issued.values():
            target = state.current.view.get("credit_note_for")
            if isinstance(target, str) and "lines" in state.current.view:
                credited[target] = (
                    credited.get(target, Decimal(0)) - totals(state.current.view).total
                )
        for number, state in sorted(self.issued.items()):
            version = state.current
            if version.status != "cancelled" or "credit_note_for" in version.view:
                continue
            total = totals(version.view).total
            taken = credited.get(number, Decimal(0))
            if taken < total:
                self._report(
                    version,
                    "cancelled-not-credited",
                    ("status",),
                    f"{number} is cancelled but credit notes take {taken} off its "
                    f"total {total}; an issued invoice is voided only by credit "
                    f"notes: issue one for {total - taken} with credit_note_for: "
                    f"{number}",
                )

    def _linked(self, path: str, what: str) -> None:
        name = path.rsplit("/", 1)[-1]
        stem = name.rsplit(".", 1)[0] if name.endswith(RECORD_SUFFIXES) else name
        self.linked.add(path)
        self.problems.append(
            Problem(path, 1, 1, "error", "record-symlink", f"{stem} {what}; {_LINKED}", stem)
        )

    def links(self, paths: list[str]) -> None:
        """Report the links under ``records/`` at HEAD the walk has not reported."""
        for path in sorted(paths):
            if path not in self.linked and not any(
                part.startswith(".") for part in path.split("/")
            ):
                self._linked(path, "is a symbolic link")

    def compare(self, files: list[tuple[str, str]], base: str) -> None:
        """Compare the issued invoices of the tree at ``--since`` (``base``, which is
        not in HEAD's history) with HEAD's ``files``: what the rewritten history dropped
        or changed, unless the walk reported that number already."""
        reported = {p.record for p in self.problems}
        now: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for path, blob in files:
            number = self._number(path)
            if number is not None:
                now[number].append((path, blob))
        rewritten = "HEAD, whose history no longer holds that commit"
        for number, issued in sorted(self.baseline.items()):
            if number in reported:
                continue
            if number not in now:
                self.problems.append(
                    Problem(
                        issued.original.path,
                        1,
                        1,
                        "error",
                        "invoice-deleted",
                        f"issued invoice {number} was {issued.issued_in} and is gone from "
                        f"{rewritten}; it stays in the books: restore it, and cancel it with "
                        "a credit note if need be",
                        number,
                    )
                )
                continue
            path, blob = min(now[number])
            parsed = self._parse(path, self.blobs.get(blob))
            if parsed is None:
                continue
            version = _Version(path, *parsed)
            for where in _differences(issued.original.view, version.view):
                if _classification_added(where, _at(issued.original.view, where)):
                    continue
                was, now_value = _at(issued.original.view, where), _at(version.view, where)
                self._report(
                    version,
                    "invoice-changed",
                    where,
                    f"{number}: {_dotted(where)} differs between commit {base}, "
                    f"by which the invoice was issued, and {rewritten}"
                    f"{_values(was, now_value)}"
                    "; only status, payments, reminders, notes and meta may change "
                    "on an issued invoice: correct it with a credit note",
                )

    def _number(self, path: str) -> str | None:
        """The issued number a path's file holds, if it is an invoice file with one."""
        parts = path.split("/")
        if not path.endswith(RECORD_SUFFIXES) or any(p.startswith(".") for p in parts):
            return None
        number = parts[-1].rsplit(".", 1)[0]
        if is_draft(number) or not self.kind.id_regex.fullmatch(number):
            return None
        return number

    def _version(self, number: str) -> _Version | None:
        """The number's content now (None when absent or unreadable)."""
        if not self.paths[number]:
            return None
        path = min(self.paths[number])
        blob = self.tree[path]
        if blob not in self._parsed:
            self._parsed[blob] = self._parse(path, self.blobs.get(blob))
        parsed = self._parsed[blob]
        return None if parsed is None else _Version(path, *parsed)

    def _parse(
        self,
        path: str,
        data: bytes | None,
    ) -> tuple[str, dict[str, Any], str | None] | None:
        if data is None:
            return None
        try:
            text = reading.decode(data)
            raw = reading.load(text)
        except reading.LoadError:
            return None
        typed = convert_mapping(
            self.kind.fields, raw, (), Collector(path, None), by_name=self.kind.by_name
        )
        view = {key: value for key, value in typed.items() if key not in MUTABLE | IGNORED}
        view.update(
            (key, value)
            for key, value in raw.items()
            if key not in typed and key not in MUTABLE | IGNORED and value is not None
        )
        status = typed.get("status")
        return text, view, status if isinstance(status, str) else None

    def _edited(self, sha: str, number: str, version: _Version) -> None:
        state = self.issued[number]
        for where in _differences(state.current.view, version.view):
            issued_value = _at(state.original.view, where)
            new_value = _at(version.view, where)
            if _classification_added(where, issued_value):
                continue
            if new_value != issued_value or type(new_value) is not type(issued_value):
                self._report(
                    version,
                    "invoice-changed",
                    where,
                    f"{number}: {_dotted(where)} changed in commit {sha} after the "
                    f"invoice was {state.issued_in}"
                    f"{_values(issued_value, new_value)}; only status, payments, "
                    "reminders, notes and meta may change on an issued invoice: "
                    "correct it with a credit note",
                )
        if version.status == "draft" and state.current.status != "draft":
            self._report(
                version,
                "invoice-changed",
                ("status",),
                f"{number}: status went back to draft in commit {sha} after the "
                f"invoice was {state.issued_in}; cancel it with a "
                "credit note instead",
            )
        state.current = version

    def _vanished(self, sha: str, number: str, appeared: dict[str, _Version]) -> str | None:
        """Report a number that disappeared; the number it became, if renumbered."""
        gone = self.issued.pop(number)
        self.retired[number] = (gone, sha)
        target = next(
            (
                n
                for n, v in appeared.items()
                if v.view == gone.current.view and n not in self.retired
            ),
            None,
        )
        if target is not None:
            self._report(
                appeared[target],
                "invoice-renumbered",
                (),
                f"{target} is issued invoice {number} renumbered in commit {sha} "
                f"({gone.issued_in}); an issued number never "
                f"changes: restore {number}",
            )
            return target
        self.problems.append(
            Problem(
                gone.current.path,
                1,
                1,
                "error",
                "invoice-deleted",
                f"issued invoice {number} was deleted in commit {sha} ({gone.issued_in}); "
                "it stays in the books: cancel it with a credit note",
                number,
            )
        )
        return None

    def _appeared(
        self,
        sha: str,
        number: str,
        version: _Version,
        *,
        renumbered: bool,
    ) -> None:
        previous = self.retired.pop(number, None)
        if previous is not None and not renumbered:
            old, deleted_in = previous
            if version.view not in (old.original.view, old.current.view):
                self._report(
                    version,
                    "invoice-number-reused",
                    (),
                    f"{number} was {old.issued_in} and deleted in "
                    f"commit {deleted_in}; commit {sha} reuses the number for "
                    "different content: give the new invoice the next number",
                )
        self.issued[number] = _Issued(sha, version, version, baseline=not self.reporting)

    def _report(self, version: _Version, code: str, where: FieldPath, message: str) -> None:
        line, column = reading.locate(version.text, where) if where else (1, 1)
        record = version.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        self.problems.append(Problem(version.path, line, column, "error", code, message, record))


def _classification_added(where: FieldPath, issued_value: Any) -> bool:
    """A line's classification code that the issued invoice did not have (see
    :data:`CLASSIFICATIONS`)."""
    return (
        len(where) == 3
        and where[0] == "lines"
        and where[2] in CLASSIFICATIONS
        and issued_value is _MISSING
    )


def _differences(old: Any, new: Any, where: FieldPath = ()) -> Iterator[FieldPath]:
    """The field paths where two typed values differ, as deep as their shapes agree."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in dict.fromkeys([*old, *new]):
            yield from _differences(old.get(key, _MISSING), new.get(key, _MISSING), (*where, key))
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, (first, second) in enumerate(zip(old, new, strict=True)):
            yield from _differences(first, second, (*where, index))
    elif old != new or type(old) is not type(new):
        yield where


def _at(data: Any, where: FieldPath) -> Any:
    for step in where:
        if not isinstance(data, dict | list):
            return _MISSING
        try:
            data = data[step]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return _MISSING
    return data


def _dotted(where: FieldPath) -> str:
    text = ""
    for step in where:
        text += f"[{step}]" if isinstance(step, int) else f".{step}"
    return text.lstrip(".")


def _values(issued: Any, now: Any) -> str:
    if now is _MISSING:
        return " (removed)"
    if issued is _MISSING:
        return " (added)"
    if isinstance(issued, _SCALARS) and isinstance(now, _SCALARS):
        return f" ({issued} → {now})"
    return ""
