"""The invoices' payment references, indexed once and kept in the cache.

Matching a statement looks every entry's reference up among the invoices' variable
symbols and references (:class:`officectl.banking.matching.Matcher`). Working them
out for a hundred thousand invoices (check digits and all) was a tenth of a large
import, yet they depend on nothing but the invoice numbers and the company's country.
So the index is stored sealed in ``.officectl-cache/`` under a digest of exactly
those (every number, in order); any other set of invoices, another country, another
officectl or a damaged file and it is worked out again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from hashlib import blake2b

from officectl.cache import Cache
from officectl.config import Config

NAME = "bank-references"
LABEL = b"bank reference index 1"

Index = dict[str, list[str]]
"""A compact reference → the invoice IDs that have it, in the order given."""


def reference_index(
    config: Config, invoice_ids: Sequence[str], references: Callable[[str], list[str]]
) -> Index:
    """Every reference of ``invoice_ids`` (``references`` of each), from the cache when
    the same numbers were indexed before for the same company."""
    key = blake2b(digest_size=16)
    key.update(config.company_country.encode() + b"\0")
    key.update("\0".join(invoice_ids).encode())
    label = LABEL + b"\0" + key.digest()
    cache = Cache.open(config)
    stored = cache.read_sealed(NAME, label) if cache is not None else None
    if isinstance(stored, dict) and _well_formed(stored):
        return stored
    index: Index = {}
    for invoice_id in invoice_ids:
        for reference in references(invoice_id):
            index.setdefault(reference, []).append(invoice_id)
    if cache is not None:
        cache.write_sealed(NAME, label, index)
    return index


def _well_formed(stored: dict[object, object]) -> bool:
    return all(isinstance(k, str) and isinstance(v, list) for k, v in stored.items())
