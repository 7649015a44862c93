"""The record kinds: one module each, registered here by folder name."""

from __future__ import annotations

from collections.abc import Callable

from officectl.einvoice.needs import einvoice_lines
from officectl.model import contract, customer, deal, invoice, staff
from officectl.records import Record
from officectl.schema import Kind

KINDS: dict[str, Kind] = {k.name: k for k in (
    customer.KIND, deal.KIND, staff.KIND, contract.KIND, invoice.KIND)}
SINGULAR: dict[str, str] = {k.singular: k.name for k in KINDS.values()}
DERIVED: dict[str, tuple[Callable[[Record], object], ...]] = {
    "invoices": (invoice.invoice_total, invoice.invoice_paid, invoice.invoice_total_known,
                 invoice.invoice_vat, einvoice_lines),
}
"""Per kind, the :attr:`Record.derived` values the per-file stage computes, so that the
repository rules of a warm run take them from the cache instead of recomputing them."""


def kind_of_id(record_id: str) -> str | None:
    """The kind whose ID pattern ``record_id`` matches, if any."""
    for kind in KINDS.values():
        if kind.id_regex.fullmatch(record_id):
            return kind.name
    return None


def resolve_kind_name(name: str) -> str | None:
    """``customers`` or ``customer`` → ``customers``."""
    return name if name in KINDS else SINGULAR.get(name)
