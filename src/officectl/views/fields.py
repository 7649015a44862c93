"""Field paths: how ``list``, ``show`` and the reports name a value of a record.

A *field path* is a field's name, or names joined by dots into mappings and lists:
``address.country``, ``billing.amount``, ``lines.description``, ``meta.anything``.
Through a list it stands for every item's value (``contacts.email`` is all of a
customer's contact addresses).

Besides stored fields, a kind has *computed fields*: **defaults** SPEC section 3 fills
in when a field is absent (a customer's ``status``, a deal's ``probability``) and
**derived** values that are never stored (an invoice's ``total`` and ``balance``, a
deal's ``weighted`` amount). Both read like stored fields everywhere a path is taken.
*Sensitive* fields (staff ``salary`` and ``personal_id``) are hidden unless asked for.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from officectl.errors import UsageError
from officectl.model.deal import probability
from officectl.model.invoice import balance, paid, totals
from officectl.money import ZERO, round_money
from officectl.records import Record
from officectl.repository import Repository
from officectl.schema import Field, Kind


@dataclass(frozen=True)
class Computed:
    type: str
    """How values compare: ``decimal``, ``int``, ``date`` or ``str``."""
    value: Callable[[Record, Repository], Any]
    description: str
    derived: bool = True
    """True: never stored; False: the default of an absent stored field."""


def _customer_currency(record: Record, repo: Repository) -> Any:
    return record.get("currency") or repo.config.currency


def _deal_currency(record: Record, repo: Repository) -> Any:
    """An absent deal currency is its customer's, else the repository's."""
    customer = repo.linked(record, "customer", "customers")
    return _customer_currency(customer, repo) if customer else repo.config.currency


def deal_currency(record: Record, repo: Repository) -> str:
    return str(record.get("currency") or _deal_currency(record, repo))


def weighted(record: Record) -> Decimal:
    """amount × probability / 100, rounded half up to the cent."""
    return round_money(record.get("amount", ZERO) * probability(record.data) / 100)


def invoice_balance(record: Record, repo: Repository) -> Decimal:
    return balance(record.data, repo.credited.get(record.id, ZERO))


COMPUTED: dict[str, dict[str, Computed]] = {
    "customers": {
        "status": Computed("str", lambda r, _: r.get("status", "active"),
                           "Default: active.", derived=False),
        "currency": Computed("str", _customer_currency, "Default: the repository currency.",
                             derived=False),
    },
    "deals": {
        "probability": Computed("int", lambda r, _: probability(r.data),
                                "Default by stage.", derived=False),
        "currency": Computed("str", _deal_currency, "Default: the customer's currency.",
                             derived=False),
        "weighted": Computed("decimal", lambda r, _: weighted(r),
                             "amount × probability / 100."),
    },
    "invoices": {
        "taxable_supply_date": Computed("date", lambda r, _: r.get("issue_date"),
                                        "Default: issue_date.", derived=False),
        "net": Computed("decimal", lambda r, _: totals(r.data).net, "Sum of line nets."),
        "vat": Computed("decimal", lambda r, _: totals(r.data).vat, "VAT per rate, summed."),
        "total": Computed("decimal", lambda r, _: totals(r.data).total, "net + vat."),
        "paid": Computed("decimal", lambda r, _: paid(r.data), "Sum of payments less refunds."),
        "credited": Computed("decimal", lambda r, repo: repo.credited.get(r.id, ZERO),
                             "What credit notes take off."),
        "balance": Computed("decimal", invoice_balance, "total − paid − credited."),
    },
}
"""Per kind, the computed fields; adding one is one entry here."""

_COMPARE_TYPE = {"int": "decimal", "decimal": "decimal", "date": "date", "bool": "bool"}


@dataclass(frozen=True)
class FieldPath:
    path: str
    names: tuple[str, ...]
    type: str
    """How values compare: ``decimal``, ``date``, ``bool``, ``str`` or ``any``."""
    sensitive: bool = False
    computed: Computed | None = None

    def values(self, record: Record, repo: Repository) -> list[Any]:
        """Every value the path reaches, lists flattened; [] when there is none."""
        if self.path == "id":
            return [record.id]
        computed = self.computed
        if computed is not None and (computed.derived or self.names[0] not in record.data):
            value = computed.value(record, repo)
            return [] if value is None else [value]
        return list(_walk(record.data, self.names))

    def value(self, record: Record, repo: Repository) -> Any:
        """The one value (or the list of them) to show in a cell."""
        found = self.values(record, repo)
        return None if not found else found[0] if len(found) == 1 else found


def _walk(value: Any, names: tuple[str, ...]) -> Iterator[Any]:
    if isinstance(value, list):
        for item in value:
            yield from _walk(item, names)
    elif not names:
        if value is not None:
            yield value
    elif isinstance(value, Mapping) and names[0] in value:
        yield from _walk(value[names[0]], names[1:])


def resolve(kind: Kind, path: str, *, show_sensitive: bool = False) -> FieldPath:
    """The field a path names; a usage error (with a hint) when the kind has none."""
    names = tuple(path.split("."))
    computed = COMPUTED.get(kind.name, {}).get(path)
    if path == "id" or (computed is not None and computed.derived):
        return FieldPath(path, names, computed.type if computed else "str", computed=computed)
    spec = kind.by_name.get(names[0])
    if spec is None:
        raise _unknown(kind, path)
    sensitive = spec.sensitive
    for depth, name in enumerate(names[1:], start=1):
        while spec.type == "list" and spec.items is not None:
            spec = spec.items
        if spec.type in ("map", "any") and not spec.fields:
            return FieldPath(path, names, "any", sensitive)  # meta: anything below goes
        child = spec.child(name)
        if child is None:
            raise _unknown(kind, path, ".".join(names[:depth]))
        spec = child
        sensitive = sensitive or spec.sensitive
    if sensitive and not show_sensitive:
        raise UsageError(f"{path} is sensitive and hidden", hint="add --show-sensitive")
    compare = _COMPARE_TYPE.get(_leaf(spec).type, "str")
    return FieldPath(path, names, compare, sensitive, computed)


def _leaf(spec: Field) -> Field:
    while spec.type == "list" and spec.items is not None:
        spec = spec.items
    return spec


def paths(kind: Kind) -> list[str]:
    """Every path a user may name: fields, their sub-fields and the computed ones."""
    found = ["id"]
    for spec in kind.fields:
        found.append(spec.name)
        leaf = _leaf(spec)
        found += [f"{spec.name}.{child.name}" for child in leaf.fields]
    found += [name for name in COMPUTED.get(kind.name, {}) if name not in found]
    return found


def _unknown(kind: Kind, path: str, parent: str = "") -> UsageError:
    known = paths(kind)
    close = difflib.get_close_matches(path, known, n=1, cutoff=0.6)
    if close:
        hint = f"did you mean '{close[0]}'?"
    elif parent:
        children = [p.split(".")[-1] for p in known if p.startswith(parent + ".")]
        hint = (f"{parent} has: {', '.join(children)}" if children
                else f"{parent} has no sub-fields")
    else:
        hint = f"fields of {kind.name}: " + ", ".join(
            dict.fromkeys(p for p in known if "." not in p))
    return UsageError(f"{kind.name} have no field '{path}'", hint=hint)


def public_data(kind: Kind, data: Mapping[str, Any], *, show_sensitive: bool = False,
                ) -> dict[str, Any]:
    """The record's fields without the sensitive ones (unless asked for)."""
    if show_sensitive:
        return dict(data)
    hidden = {f.name for f in kind.fields if f.sensitive}
    return {key: value for key, value in data.items() if key not in hidden}
