"""``export einvoice``: every selected document built first, then written, so a record
that cannot be an e-invoice stops the run before any file is touched."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from officectl.documents.template_context import country_name
from officectl.einvoice.facts import Facts, facts
from officectl.einvoice.needs import format_for
from officectl.errors import RecordError
from officectl.records import Record
from officectl.repository import Repository

SUFFIX = {"peppol": ".xml", "isdoc": ".isdoc"}


@dataclass(frozen=True, slots=True)
class EDocument:
    record: Record
    fmt: str
    content: bytes

    @property
    def file_name(self) -> str:
        return f"{self.record.id}{SUFFIX[self.fmt]}"


def chosen_format(repo: Repository, record: Record, override: str | None) -> str:
    if override is not None:
        return override
    customer = repo.linked(record, "customer", "customers")
    return format_for(repo.config.company_country, customer.data if customer is not None else {})


def einvoice_bytes(repo: Repository, record: Record, fmt: str, pdf: bytes | None = None) -> bytes:
    """One document's e-invoice; RecordError when the records cannot make one."""
    found: Facts = facts(repo, record, fmt)
    if fmt == "peppol":
        from officectl.einvoice.peppol import peppol_xml

        return peppol_xml(found, pdf)
    from officectl.einvoice.isdoc import isdoc_xml

    names = {
        code: country_name(code, repo.config.locale)
        for code in {found.seller.country, found.buyer.country}
        if code
    }
    return isdoc_xml(found, names)


def embedded_einvoice(repo: Repository, record: Record) -> tuple[str, bytes]:
    """(attachment name, bytes) of the e-invoice a PDF/A-3 carries: ISDOC.PDF names it
    ``invoice.isdoc``; a Peppol file keeps its own name."""
    fmt = chosen_format(repo, record, None)
    content = einvoice_bytes(repo, record, fmt)
    return ("invoice.isdoc" if fmt == "isdoc" else f"{record.id}.xml"), content


def build_all(
    repo: Repository,
    records: Sequence[Record],
    override: str | None,
    pdf_of: Callable[[Record], bytes] | None = None,
) -> list[EDocument]:
    """Every document, or RecordError listing each record that cannot be one. Without
    PDFs to embed, many documents are built on several processes (a year's export)."""

    def one(record: Record) -> tuple[str, bytes | str]:
        """(format, the document's bytes or why the record cannot be one)."""
        if record.kind != "invoices":
            return "", f"{record.id} is not an invoice or credit note"
        fmt = chosen_format(repo, record, override)
        try:
            pdf = pdf_of(record) if pdf_of is not None and fmt == "peppol" else None
            return fmt, einvoice_bytes(repo, record, fmt, pdf)
        except RecordError as error:
            return fmt, str(error)

    from officectl.parallel import map_items

    made = map_items(one, records, jobs=1 if pdf_of is not None else None, min_items=PARALLEL)
    failures = [outcome for _, outcome in made if isinstance(outcome, str)]
    if failures:
        raise RecordError("nothing was written:\n" + "\n".join(failures))
    return [
        EDocument(record, fmt, outcome)
        for record, (fmt, outcome) in zip(records, made, strict=True)
        if isinstance(outcome, bytes)
    ]


PARALLEL = 500
"""From this many documents on, :func:`build_all` shares the work between processes
(each document takes about a millisecond; a worker costs a fork and the shipping back)."""


def write_all(documents: Sequence[EDocument], folder: Path, root: Path) -> list[Path]:
    """Every file, each replaced in one step (never through a symbolic link)."""
    from officectl.atomic import atomic_write_all
    from officectl.confine import first_linked, lexical, output_path
    from officectl.errors import UsageError, os_reason

    targets = [lexical(folder / d.file_name) for d in documents]
    refused = first_linked(root, targets)  # the folder's way checked once, not per file
    if refused is not None:
        output_path(root, refused)  # raises, saying which link
    for target in targets:
        if _link_or_folder(target):
            raise UsageError(
                f"cannot write {target}: it is a symbolic link or a folder, and "
                "officectl never writes through one",
                hint="name another -o",
            )
    try:
        atomic_write_all([(t, d.content) for t, d in zip(targets, documents, strict=True)])
    except OSError as error:
        raise UsageError(f"cannot write to {folder}: {os_reason(error)}") from None
    return targets


def _link_or_folder(path: Path) -> bool:
    """Whether ``path`` is a symbolic link or a folder: one ``lstat`` per file."""
    import stat

    try:
        mode = path.lstat().st_mode
    except OSError:  # missing, or not to be looked at: the writer reports what it meets
        return False
    return stat.S_ISLNK(mode) or stat.S_ISDIR(mode)
