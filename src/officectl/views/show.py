"""One record with everything linked to it (``officectl show``).

Every record gets the *record view*: its fields (sensitive ones hidden unless asked
for), its computed fields, the records it links to and the records that refer to it.
A customer gets the *360° view* on top: its account manager, deals, the records of
every kind the company defined that refer to it (tickets, campaigns …, grouped by
kind, in each kind's list columns), contracts and invoices, and the balance due per
currency (never added across currencies), where an
invoice's balance is total − paid − credited (its credit notes' totals).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from officectl.errors import RecordError, UsageError
from officectl.model.invoice import is_draft, record_balance
from officectl.money import ZERO
from officectl.records import Record
from officectl.repository import Repository
from officectl.tabular import ViewTable, columns, render_table, terminal_text
from officectl.views.fields import computed_of, public_data, resolve
from officectl.views.links import Link, forward_links, label, referrers
from officectl.views.payment_history import PaymentHistory, payment_history


class ShowView(Protocol):
    def document(self) -> dict[str, Any]: ...

    def text(self) -> str: ...


@dataclass(frozen=True)
class RecordView:
    record: Record
    data: dict[str, Any]
    computed: dict[str, Any]
    links: list[Link]
    referrers: list[Link]
    hidden: tuple[str, ...] = ()
    """Sensitive fields the record has but the view leaves out."""

    def document(self) -> dict[str, Any]:
        return {
            "id": self.record.id,
            "kind": self.record.kind,
            "path": self.record.path,
            "record": self.data,
            "hidden": list(self.hidden),
            "computed": self.computed,
            "links": [_link_json(link) for link in self.links],
            "referrers": [_link_json(link) for link in self.referrers],
        }

    def text(self) -> str:
        return "".join(self.sections())

    def sections(
        self,
        *,
        skip_referrers: Callable[[Link], bool] = lambda _: False,
    ) -> Iterator[str]:
        record = self.record
        yield f"{record.id}  {terminal_text(label(record))}\n"
        yield f"{record.kind} · {record.path}\n\n"
        yield "".join(f"{line}\n" for line in _field_lines(self.data))
        if self.hidden:
            yield f"({', '.join(self.hidden)} hidden: sensitive; add --show-sensitive)\n"
        if self.computed:
            yield "\nComputed\n"
            yield "".join(
                f"  {key}: {terminal_text(value)}\n" for key, value in self.computed.items()
            )
        if self.links:
            yield _section("Links to", self.links, ("field", "id", "kind", "label"))
        shown = [link for link in self.referrers if not skip_referrers(link)]
        if shown:
            yield _section("Referred to by", shown, ("id", "kind", "field", "label"))


@dataclass(frozen=True)
class CustomerView:
    """The 360° view of a customer."""

    base: RecordView
    account_manager: Record | None
    deals: list[Record]
    contracts: list[Record]
    invoices: list[Record]
    deal_rows: list[dict[str, Any]]
    contract_rows: list[dict[str, Any]]
    invoice_rows: list[dict[str, Any]]
    balance_due: dict[str, Decimal] = field(default_factory=dict)
    related: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """Per kind a company defined (tickets, campaigns …), the rows of its records that
    refer to the customer, in the kind's list columns."""
    related_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    history: PaymentHistory | None = None
    """Last payment, average days late, reminders sent (money in, issue 16)."""

    def document(self) -> dict[str, Any]:
        manager = self.account_manager
        return {
            **({"payment_history": self.history.document()} if self.history else {}),
            **self.base.document(),
            "account_manager": None
            if manager is None
            else {"id": manager.id, "name": manager.get("name"), "email": manager.get("email")},
            "deals": [r.id for r in self.deals],
            "contracts": [r.id for r in self.contracts],
            "invoices": [r.id for r in self.invoices],
            "balance_due": {currency: str(amount) for currency, amount in self.balance_due.items()},
            "invoice_balances": self.invoice_rows,
            "related": {kind: [row["id"] for row in rows] for kind, rows in self.related.items()},
        }

    def text(self) -> str:
        own = {"deals", "contracts", "invoices"}
        parts = list(
            self.base.sections(
                skip_referrers=lambda link: (
                    (link.kind in own and link.field == "customer") or link.kind in self.related
                )
            )
        )
        manager = self.account_manager
        if manager is not None:
            email = f" <{manager.get('email')}>" if manager.get("email") else ""
            parts.append(
                f"\nAccount manager: {manager.id}  "
                f"{terminal_text(manager.get('name'))}{terminal_text(email)}\n"
            )
        parts.append(_rows_section("Deals", self.deal_rows, DEAL_COLUMNS))
        for kind, rows in self.related.items():
            parts.append(_rows_section(kind.capitalize(), rows, self.related_columns[kind]))
        parts.append(_rows_section("Contracts", self.contract_rows, CONTRACT_COLUMNS))
        parts.append(_rows_section("Invoices", self.invoice_rows, INVOICE_COLUMNS))
        if self.history is not None:
            parts.append(self.history.text())
        parts.append("\nBalance due\n")
        parts.append(
            "".join(f"  {currency}  {amount}\n" for currency, amount in self.balance_due.items())
            or "  none\n"
        )
        return "".join(parts)


DEAL_COLUMNS = ("id", "title", "stage", "amount", "currency", "probability", "expected_close")
CONTRACT_COLUMNS = ("id", "title", "status", "start_date", "end_date", "billing")
INVOICE_COLUMNS = (
    "id",
    "status",
    "issue_date",
    "due_date",
    "currency",
    "total",
    "paid",
    "credited",
    "balance",
    "credit_note_for",
)


def find(repo: Repository, record_id: str) -> Record:
    """The readable record ``record_id``; an unknown ID is a usage error (exit 2, as in
    every command), with a hint."""
    record = repo.records.get(record_id)
    if record is None:
        close = [known for known in repo.records if known.casefold() == record_id.casefold()]
        close = close or difflib.get_close_matches(record_id, list(repo.records), n=3, cutoff=0.6)
        hint = (
            f"did you mean {' or '.join(close)}?"
            if close
            else ("list IDs with 'officectl list KIND'")
        )
        raise UsageError(f"no record with ID {record_id}", hint=hint)
    if not record.readable:
        raise RecordError(f"{record.path} cannot be read", hint="run 'officectl validate'")
    return record


def record_view(
    repo: Repository,
    record: Record,
    *,
    show_sensitive: bool = False,
) -> RecordView:
    kind = repo.config.kinds[record.kind]
    computed = {
        name: spec.value(record, repo)
        for name, spec in computed_of(kind).items()
        if spec.derived or name not in record.data
    }
    data = public_data(kind, record.data, show_sensitive=show_sensitive)
    return RecordView(
        record,
        data,
        {k: v for k, v in computed.items() if v is not None},
        forward_links(repo, record),
        referrers(repo, record.id),
        tuple(key for key in record.data if key not in data),
    )


def customer_view(
    repo: Repository,
    record: Record,
    *,
    show_sensitive: bool = False,
) -> CustomerView:
    def own(kind: str) -> list[Record]:
        return sorted(
            (r for r in repo.of_kind(kind) if r.readable and r.get("customer") == record.id),
            key=lambda r: r.id,
        )

    deals, contracts, invoices = own("deals"), own("contracts"), own("invoices")
    rows = [invoice_row(repo, invoice) for invoice in invoices]
    base = record_view(repo, record, show_sensitive=show_sensitive)
    related: dict[str, list[dict[str, Any]]] = {}
    columns_of: dict[str, tuple[str, ...]] = {}
    for kind in repo.config.kinds.values():
        ids = dict.fromkeys(link.id for link in base.referrers if link.kind == kind.name)
        if kind.defined and ids:
            columns_of[kind.name] = kind.columns
            related[kind.name] = _rows(repo, [repo.records[i] for i in ids], kind.columns)
    return CustomerView(
        base,
        repo.linked(record, "account_manager", "staff"),
        deals,
        contracts,
        invoices,
        _rows(repo, deals, DEAL_COLUMNS),
        _rows(repo, contracts, CONTRACT_COLUMNS),
        rows,
        balance_due(rows),
        related,
        columns_of,
        payment_history(repo, invoices),
    )


def invoice_row(repo: Repository, invoice: Record) -> dict[str, Any]:
    computed = computed_of(repo.config.kinds["invoices"])
    return {
        "id": invoice.id,
        "status": invoice.get("status"),
        "issue_date": invoice.get("issue_date"),
        "due_date": invoice.get("due_date"),
        "currency": invoice.get("currency"),
        **{name: computed[name].value(invoice, repo) for name in ("total", "paid", "credited")},
        "balance": record_balance(invoice, repo),
        "credit_note_for": invoice.get("credit_note_for"),
    }


def balance_due(invoice_rows: list[dict[str, Any]]) -> dict[str, Decimal]:
    """Per currency (sorted), what the customer still owes; every currency it was
    invoiced in appears, settled ones with 0.00."""
    due: dict[str, Decimal] = {}
    for row in invoice_rows:
        if row["status"] in ("draft", "cancelled") or is_draft(row["id"]):
            continue
        due[row["currency"]] = due.get(row["currency"], ZERO) + row["balance"]
    return dict(sorted(due.items()))


VIEWS: dict[str, Callable[..., ShowView]] = {"customers": customer_view}
"""Per kind, a richer view than the record view; adding one is one entry here."""


def show(repo: Repository, record_id: str, *, show_sensitive: bool = False) -> ShowView:
    record = find(repo, record_id)
    build = VIEWS.get(record.kind, record_view)
    return build(repo, record, show_sensitive=show_sensitive)


def _link_json(link: Link) -> dict[str, Any]:
    return {"field": link.field, "id": link.id, "kind": link.kind, "label": link.label}


def _section(title: str, links: list[Link], keys: tuple[str, ...]) -> str:
    rows = [_link_json(link) for link in links]
    return f"\n{title}\n" + render_table(ViewTable(columns(*keys), rows), indent="  ")


def _rows(
    repo: Repository,
    records: list[Record],
    keys: tuple[str, ...],
) -> list[dict[str, Any]]:
    if not records:
        return []
    paths = [resolve(repo.config.kinds[records[0].kind], key) for key in keys]
    return [{p.path: p.value(r, repo) for p in paths} for r in records]


def _rows_section(title: str, rows: list[dict[str, Any]], keys: tuple[str, ...]) -> str:
    text = f"\n{title} ({len(rows)})\n"
    return text + render_table(ViewTable(columns(*keys), rows), indent="  ") if rows else text


def _field_lines(data: Mapping[str, Any], indent: str = "") -> Iterator[str]:
    """A record's fields as indented ``key: value`` lines, lists of mappings as items."""
    for key, value in data.items():
        if isinstance(value, Mapping) and value:
            yield f"{indent}{terminal_text(key)}:"
            yield from _field_lines(value, indent + "  ")
        elif isinstance(value, list) and any(isinstance(item, Mapping) for item in value):
            yield f"{indent}{terminal_text(key)}:"
            for item in value:
                lines = (
                    list(_field_lines(item, indent + "    "))
                    if isinstance(item, Mapping)
                    else [indent + "    " + terminal_text(item)]
                )
                if lines:
                    yield f"{indent}  - {lines[0].lstrip()}"
                    yield from lines[1:]
        else:
            yield f"{indent}{terminal_text(key)}: {terminal_text(value)}"
