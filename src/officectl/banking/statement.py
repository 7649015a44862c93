"""A bank statement as the matcher sees it: a list of entries, whatever the format.

Each format's reader (:mod:`.camt`, :mod:`.fio`, :mod:`.gpc`) turns a file into
:class:`Entry` values; :func:`read_statement` picks the reader (by ``--format`` or
by the file's first bytes) and bounds the file's size. A file that cannot be read
is a :class:`StatementError` naming the file and the line or element.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from officectl.errors import RecordError

FORMATS = ("camt053", "fio-csv", "gpc")
MAX_BYTES = 64 * 1024 * 1024
"""A statement larger than this is refused: a month of a small company's bank
entries is a few megabytes; a bigger file is a mistake or an attack."""


class StatementError(RecordError):
    """A statement file that cannot be read (exit 1): the message names the file and
    the line or element, and what is wrong."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One credit or debit on the account (one transaction of a batch entry)."""

    key: str
    """The bank's reference of the entry: what makes importing twice a no-op."""
    booked: date
    amount: Decimal
    """Unsigned, as banks write it; :attr:`credit` gives the direction."""
    currency: str
    credit: bool
    reversal: bool = False
    """A storno (camt ``RvslInd``, GPC posting code 3–5): never matched by itself."""
    final: bool = True
    """Booked (camt ``Sts`` BOOK); pending and information entries are only counted."""
    payer: str | None = None
    payer_account: str | None = None
    references: tuple[str, ...] = ()
    """The payment references the payer gave: variable symbol, *viitenumero*, RF."""
    text: str = ""
    """The unstructured message (Ustrd, Zpráva pro příjemce)."""
    where: str = ""
    """``FILE:LINE`` or ``FILE: element path``, for messages."""


def read_statement(path: Path, fmt: str | None = None) -> list[Entry]:
    """The entries of the statement at ``path`` in ``fmt`` (detected when None)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise StatementError(
                f"{path}: {size} bytes is more than a statement may have "
                f"({MAX_BYTES // 1024 // 1024} MiB)"
            )
        data = path.read_bytes()
    except OSError as error:
        from officectl.errors import os_reason

        raise StatementError(f"{path}: {os_reason(error)}") from None
    fmt = fmt or detect(path, data)
    if fmt == "camt053":
        from officectl.banking.camt import parse_camt053

        return parse_camt053(data, str(path))
    if fmt == "fio-csv":
        from officectl.banking.fio import parse_fio_csv

        return parse_fio_csv(data, str(path))
    from officectl.banking.gpc import parse_gpc

    return parse_gpc(data, str(path))


def detect(path: Path, data: bytes) -> str:
    """camt.053 starts as XML, GPC with a ``074`` header record, a Fio CSV has the
    ``ID pohybu`` header; anything else needs ``--format``."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return "camt053"
    if head.startswith(b"074"):
        return "gpc"
    if b"ID pohybu" in data[:65536] or "ID pohybu".encode("cp1250") in data[:65536]:
        return "fio-csv"
    raise StatementError(
        f"{path}: not a camt.053, Fio CSV or GPC statement as far as its first lines tell",
        hint="name the format with --format",
    )


def digits_reference(text: str) -> str:
    """A reference compared as the matcher compares it: no spaces, upper case, and a
    number without its leading zeros (a GPC variable symbol is zero-padded)."""
    compact = "".join(text.split()).upper()
    return compact.lstrip("0") if compact.isdigit() else compact
