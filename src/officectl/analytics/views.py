"""The analytics views: the records as tables of typed columns, money exact.

One view per kind of the configuration (built-in and defined kinds alike, from
:func:`.columns.field_columns`), with computed columns for the built-in ones (a
deal's effective probability and weighted amount, an invoice's net, total, paid,
credited, balance and days overdue as of a date, and the same in the company's
currency), and views of the records' parts: ``invoice_lines``, ``payments``,
``credit_notes``, ``contract_periods`` (each active contract's billing periods, and
the invoice billing each). Every figure comes from :mod:`officectl.model.invoice`,
as in ``list``, ``show`` and the receivables report.

:data:`SCHEMA_VERSION` changes whenever a view's columns change in a way a saved
query could notice (a column renamed, removed or retyped); ``officectl_schema`` lists
every view's columns with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from operator import itemgetter
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

from officectl.analytics.columns import MONEY, NUMBER, Column, arrow_type, field_columns
from officectl.billing_periods import billing_periods, timing
from officectl.config import Config
from officectl.model.contract import add_months, billing_currency
from officectl.model.invoice import (
    EXACT,
    balance,
    balance_in_base,
    in_base_currency,
    invoice_total,
    invoice_total_known,
    invoice_vat,
    is_credit_note,
    is_draft,
    line_net,
    paid,
    supply_date,
    totals,
)
from officectl.open_items import credited_as_of, issued_by
from officectl.records import Record
from officectl.repository import Repository

if TYPE_CHECKING:
    from officectl.workflows import WriteBooks

SCHEMA_VERSION = 1


@dataclass
class View:
    name: str
    description: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    table: Any = None
    """The view as an Arrow table, once made (:meth:`arrow`)."""
    stored: Any = None
    """The view's table in the cache, when it came from there or was stored (a
    :class:`~officectl.analytics.stored.StoredTable`; then ``rows`` may be empty):
    see :mod:`officectl.analytics.table_cache`."""

    def arrow(self) -> Any:
        """The view as an Arrow table: Decimal → decimal128 exactly, never a float.
        Made when first asked for: a query of a stored view never needs it."""
        import pyarrow as pa

        if self.table is None:
            schema = pa.schema([(c.name, arrow_type(c.type)) for c in self.columns])
            if self.stored is not None and not self.rows:
                self.table = self.stored.arrow(schema)
            else:
                self.table = pa.table(
                    {c.name: _array(_column(self.rows, c.name), c.type) for c in self.columns},
                    schema=schema,
                )
        return self.table


def _column(rows: list[dict[str, Any]], name: str) -> list[Any]:
    """Every row's value of ``name`` (None where a row lacks it)."""
    try:
        return list(map(itemgetter(name), rows))  # rows have every column: a third faster
    except KeyError:
        return [row.get(name) for row in rows]


def _array(values: list[Any], sql_type: str) -> Any:
    """A column as an Arrow array. Decimals go through their exact text, which Arrow
    parses in C (a tenth of the time of converting Decimal objects); a value that
    would not fit the type exactly is an error, never rounded."""
    import pyarrow as pa

    if sql_type.startswith("DECIMAL("):
        text = pa.array([None if v is None else str(v) for v in values], type=pa.string())
        return text.cast(arrow_type(sql_type))
    return pa.array(values, type=arrow_type(sql_type))


def _c(name: str, sql_type: str, description: str) -> Column:
    return Column(name, sql_type, description)


KIND_EXTRAS: dict[str, list[Column]] = {
    "deals": [_c("weighted", MONEY, "amount × probability / 100, rounded half up.")],
    "invoices": [
        _c("supply_date", "DATE", "taxable_supply_date, else issue_date."),
        _c("year", "BIGINT", "Year of the supply date (the Parquet partition)."),
        _c("is_credit_note", "BOOLEAN", "Whether credit_note_for is set."),
        _c("net", MONEY, "Sum of the line nets (null while a line lacks its numbers)."),
        _c("vat", MONEY, "VAT per rate on that rate's nets, summed."),
        _c("total", MONEY, "net + vat (negative for a credit note)."),
        _c("paid", MONEY, "Payments dated by --today, refunds negative."),
        _c("credited", MONEY, "What credit notes issued by --today take off."),
        _c(
            "balance",
            MONEY,
            "total − paid − credited as of --today (0 for drafts and credit notes).",
        ),
        _c(
            "days_overdue",
            "BIGINT",
            "Days past due_date on --today while a balance is owed, else 0.",
        ),
        _c(
            "net_base",
            MONEY,
            "net in the company's currency (null if a foreign-currency "
            "invoice has no exchange_rate).",
        ),
        _c("vat_base", MONEY, "vat in the company's currency."),
        _c("total_base", MONEY, "total in the company's currency."),
        _c("balance_base", MONEY, "balance in the company's currency."),
    ],
}
"""Computed columns a built-in kind's view has besides its stored fields."""

PART_VIEWS: dict[str, tuple[str, list[Column]]] = {
    "invoice_lines": (
        "One row per invoice line.",
        [
            _c("invoice", "VARCHAR", "The invoice's ID."),
            _c("line", "BIGINT", "1, 2, … in order."),
            _c("customer", "VARCHAR", ""),
            _c("currency", "VARCHAR", ""),
            _c("status", "VARCHAR", "The invoice's status."),
            _c("supply_date", "DATE", "The invoice's supply date."),
            _c("is_credit_note", "BOOLEAN", ""),
            _c("description", "VARCHAR", ""),
            _c("quantity", NUMBER, ""),
            _c("unit", "VARCHAR", ""),
            _c("unit_code", "VARCHAR", ""),
            _c("unit_price", NUMBER, ""),
            _c("vat_rate", NUMBER, "Percent."),
            _c("vat_exemption", "VARCHAR", "The VATEX code, if any."),
            _c("net", MONEY, "quantity × unit_price rounded half up to the cent."),
        ],
    ),
    "payments": (
        "One row per payment or refund of an invoice.",
        [
            _c("invoice", "VARCHAR", ""),
            _c("payment", "BIGINT", "1, 2, … in order."),
            _c("customer", "VARCHAR", ""),
            _c("currency", "VARCHAR", ""),
            _c("date", "DATE", ""),
            _c("amount", NUMBER, "Negative for a refund."),
            _c("refund", "BOOLEAN", "Money paid back to the customer."),
            _c("reference", "VARCHAR", ""),
            _c("due_date", "DATE", "The invoice's due date."),
            _c("days_late", "BIGINT", "date − the invoice's due date (negative: early)."),
        ],
    ),
    "credit_notes": (
        "The non-draft credit notes, with what each takes off its invoice.",
        [
            _c("id", "VARCHAR", ""),
            _c("credit_note_for", "VARCHAR", "The invoice corrected."),
            _c("customer", "VARCHAR", ""),
            _c("currency", "VARCHAR", ""),
            _c("status", "VARCHAR", ""),
            _c("issue_date", "DATE", ""),
            _c("supply_date", "DATE", ""),
            _c("net", MONEY, "Negative."),
            _c("total", MONEY, "Negative."),
            _c("credited", MONEY, "−total: what it takes off the invoice."),
            _c("net_base", MONEY, "net in the company's currency."),
        ],
    ),
    "contract_periods": (
        "Each active contract's billing periods up to --until (default: "
        "--today + 12 months), and the non-draft invoice billing each.",
        [
            _c("contract", "VARCHAR", ""),
            _c("customer", "VARCHAR", ""),
            _c("currency", "VARCHAR", "The contract's billing currency."),
            _c("period", "VARCHAR", "The billing_period label (2026-12, 2026-Q4 …)."),
            _c("start", "DATE", "First day billed."),
            _c("end", "DATE", "Last day billed."),
            _c("amount", MONEY, "The period's net amount (pro-rated for a part-period)."),
            _c(
                "total",
                MONEY,
                "What its invoice comes to with VAT, as `invoice recurring` drafts it.",
            ),
            _c("invoice_due", "DATE", "When its invoice falls due to be made (timing)."),
            _c("invoice", "VARCHAR", "The non-draft invoice billing it, if any."),
        ],
    ),
}


def kind_view(name: str, config: Config, *, show_sensitive: bool) -> View:
    kind = config.kinds[name]
    return View(
        name,
        kind.description or f"The {name} records.",
        field_columns(kind, show_sensitive=show_sensitive) + KIND_EXTRAS.get(name, []),
    )


def catalogue(config: Config, *, show_sensitive: bool = False) -> list[View]:
    """Every view with its columns and no rows (for ``officectl_schema`` and the docs)."""
    views = [kind_view(name, config, show_sensitive=show_sensitive) for name in config.kinds]
    views += [
        View(name, description, list(columns))  # a kind of that name comes first
        for name, (description, columns) in PART_VIEWS.items()
        if name not in config.kinds
    ]
    return views


def schema_view(views: Iterable[View]) -> View:
    rows = [
        {
            "view": v.name,
            "position": index,
            "column": c.name,
            "type": c.type,
            "description": c.description,
            "version": SCHEMA_VERSION,
        }
        for v in views
        for index, c in enumerate(v.columns, 1)
    ]
    return View(
        "officectl_schema",
        "Every view's columns, with the schema version.",
        [
            _c("view", "VARCHAR", ""),
            _c("position", "BIGINT", ""),
            _c("column", "VARCHAR", ""),
            _c("type", "VARCHAR", ""),
            _c("description", "VARCHAR", ""),
            _c("version", "BIGINT", "Changes when a column is renamed, removed or retyped."),
        ],
        rows,
    )


@dataclass(frozen=True)
class Context:
    repo: Repository
    today: date
    until: date
    credited: dict[str, Decimal]


def build(
    repo: Repository,
    today: date,
    *,
    show_sensitive: bool = False,
    until: date | None = None,
    only: Iterable[str] | None = None,
) -> list[View]:
    """The views filled from ``repo``, figures as of ``today``: every one, or those
    named in ``only`` (a query reads a few; filling the rest would be wasted time).
    ``officectl_schema`` always lists them all."""
    context = Context(repo, today, until or add_months(today, 12), credited_as_of(repo, today))
    views = catalogue(repo.config, show_sensitive=show_sensitive)
    wanted = None if only is None else {name.lower() for name in only}
    chosen = [v for v in views if wanted is None or v.name in wanted]
    for view in chosen:
        build_rows = _kind_rows if view.name in repo.config.kinds else ROWS[view.name]
        view.rows = build_rows(view, context)
    return [*chosen, schema_view(views)]


def readable(repo: Repository, kind: str) -> list[Record]:
    return sorted((r for r in repo.of_kind(kind) if r.readable), key=lambda r: r.id)


def _kind_rows(view: View, context: Context) -> list[dict[str, Any]]:
    from officectl.views.fields import computed_of  # not at import: a warm query reads tables

    keys = [c.name for c in view.columns if c.key == c.name]  # read in one pass
    others = [(c.name, c.value) for c in view.columns if c.key != c.name and c.value is not None]
    kind = context.repo.config.kinds[view.name]
    defaults = {name: c.value for name, c in computed_of(kind).items() if not c.derived}
    extra = EXTRA_ROWS.get(view.name)
    rows = []
    for record in readable(context.repo, view.name):
        data = record.data
        row = dict(zip(keys, map(data.get, keys), strict=True))
        for name, value in others:
            row[name] = value(data)
        row["id"] = record.id
        for name, default in defaults.items():
            if name in row and row[name] is None:
                row[name] = default(record, context.repo)
        if extra is not None:
            row.update(extra(record, context))
        rows.append(row)
    return rows


def _deal_extra(record: Record, context: Context) -> dict[str, Any]:
    from officectl.model.deal import weighted

    return {"weighted": weighted(record) if "amount" in record.data else None}


def _invoice_extra(record: Record, context: Context) -> dict[str, Any]:
    """The derived columns. The total and VAT are the ones the per-file stage derived
    and kept with the record (:func:`~officectl.model.invoice.invoice_total`): an
    invoice's lines are summed again only for a conversion to the company's currency,
    which needs each rate's part."""
    data = record.data
    day = supply_date(data)
    known = invoice_total_known(record)
    total, vat = invoice_total(record), invoice_vat(record)
    net = EXACT.subtract(total, vat)  # totals(): total = net + vat
    credited = context.credited.get(record.id, Decimal("0.00"))
    received = paid(data, context.today)
    owed = balance(data, credited, as_of=context.today, total=total, received=received)
    due = data.get("due_date")
    overdue = (
        (context.today - due).days
        if (owed > 0 and isinstance(due, date) and issued_by(record, context.today))
        else 0
    )
    rate = data.get("exchange_rate")
    base: tuple[Decimal, Decimal, Decimal, Decimal] | None = None
    if data.get("currency") == context.repo.config.currency:
        base = (net, vat, total, owed)
    elif rate is not None:
        figures = totals(data)
        converted = in_base_currency(figures, rate)
        owed_base = balance_in_base(figures, owed, rate, converted=converted)
        base = (converted.net, converted.vat, converted.total, owed_base)
    return {
        "supply_date": day,
        "year": day.year if isinstance(day, date) else None,
        "is_credit_note": is_credit_note(data),
        "net": net if known else None,
        "vat": vat if known else None,
        "total": total if known else None,
        "paid": received,
        "credited": credited,
        "balance": owed if known else None,
        "days_overdue": max(overdue, 0),
        "net_base": base[0] if base and known else None,
        "vat_base": base[1] if base and known else None,
        "total_base": base[2] if base and known else None,
        "balance_base": base[3] if base and known else None,
    }


EXTRA_ROWS: dict[str, Callable[[Record, Context], dict[str, Any]]] = {
    "deals": _deal_extra,
    "invoices": _invoice_extra,
}


def _line_rows(view: View, context: Context) -> list[dict[str, Any]]:
    rows = []
    for record in readable(context.repo, "invoices"):
        data = record.data
        head = {
            "invoice": record.id,
            "customer": data.get("customer"),
            "currency": data.get("currency"),
            "status": data.get("status"),
            "supply_date": supply_date(data),
            "is_credit_note": is_credit_note(data),
        }
        for number, line in enumerate(data.get("lines", ()), 1):
            exemption = line.get("vat_exemption")
            rows.append(
                {
                    **head,
                    "line": number,
                    "description": line.get("description"),
                    "quantity": line.get("quantity"),
                    "unit": line.get("unit"),
                    "unit_code": line.get("unit_code"),
                    "unit_price": line.get("unit_price"),
                    "vat_rate": line.get("vat_rate"),
                    "vat_exemption": exemption.get("code") if exemption else None,
                    "net": line_net(line) if "quantity" in line and "unit_price" in line else None,
                }
            )
    return rows


def _payment_rows(view: View, context: Context) -> list[dict[str, Any]]:
    rows = []
    for record in readable(context.repo, "invoices"):
        data, due = record.data, record.data.get("due_date")
        for number, payment in enumerate(data.get("payments", ()), 1):
            day = payment.get("date")
            rows.append(
                {
                    "invoice": record.id,
                    "payment": number,
                    "customer": data.get("customer"),
                    "currency": data.get("currency"),
                    "date": day,
                    "amount": payment.get("amount"),
                    "refund": bool(payment.get("refund")),
                    "reference": payment.get("reference"),
                    "due_date": due,
                    "days_late": (day - due).days
                    if isinstance(day, date) and isinstance(due, date)
                    else None,
                }
            )
    return rows


def _credit_note_rows(view: View, context: Context) -> list[dict[str, Any]]:
    rows = []
    for record in readable(context.repo, "invoices"):
        data = record.data
        if not is_credit_note(data) or is_draft(record.id) or data.get("status") == "draft":
            continue
        invoice = _invoice_extra(record, context)
        rows.append(
            {
                "id": record.id,
                "credit_note_for": data.get("credit_note_for"),
                "customer": data.get("customer"),
                "currency": data.get("currency"),
                "status": data.get("status"),
                "issue_date": data.get("issue_date"),
                "supply_date": invoice["supply_date"],
                "net": invoice["net"],
                "total": invoice["total"],
                "credited": -invoice["total"] if invoice["total"] is not None else None,
                "net_base": invoice["net_base"],
            }
        )
    return rows


def _period_rows(view: View, context: Context) -> list[dict[str, Any]]:
    from officectl.workflows.recurring import _draft as draft_data  # not at import, as above

    repo = context.repo
    billed = {
        (r.get("contract"), r.get("billing_period")): r.id
        for r in readable(repo, "invoices")
        if r.get("contract")
        and not is_credit_note(r.data)
        and not is_draft(r.id)
        and r.get("status") != "draft"
    }
    by_contract: dict[str, list[Record]] = {}
    for invoice in readable(repo, "invoices"):
        if invoice.get("contract"):
            by_contract.setdefault(invoice.get("contract"), []).append(invoice)
    rows = []
    for contract in readable(repo, "contracts"):
        billing = contract.get("billing")
        if contract.get("status") != "active" or not billing or "amount" not in billing:
            continue
        customer = repo.linked(contract, "customer", "customers")
        currency = billing_currency(
            contract.data, customer.data if customer else None, repo.config.currency
        )
        when = timing(contract.data)
        scope = _ContractScope(repo, by_contract.get(contract.id, []))
        books = cast("WriteBooks", SimpleNamespace(repo=scope, config=repo.config))
        for part in billing_periods(contract.data, context.until):
            billed_by = next(
                (
                    billed[(contract.id, label)]
                    for label in sorted(part.labels)
                    if (contract.id, label) in billed
                ),
                None,
            )
            rows.append(
                {
                    "contract": contract.id,
                    "customer": contract.get("customer"),
                    "currency": currency,
                    "period": part.label,
                    "start": part.start,
                    "end": part.end,
                    "amount": part.amount(billing["amount"], billing.get("prorate") is not False),
                    "total": totals(draft_data(books, contract, part)).total,
                    "invoice_due": part.due(when),
                    "invoice": billed_by,
                }
            )
    return rows


class _ContractScope:
    """The repository as drafting one contract's invoice reads it: that contract's
    invoices only (drafting looks for the latest of them; scanning every invoice for
    each period made the view quadratic)."""

    def __init__(self, repo: Repository, invoices: list[Record]) -> None:
        self.repo = repo
        self.invoices = invoices

    def of_kind(self, kind: str) -> list[Record]:
        return self.invoices if kind == "invoices" else self.repo.of_kind(kind)

    def linked(self, record: Record, field: str, kind: str) -> Record | None:
        return self.repo.linked(record, field, kind)


ROWS: dict[str, Callable[[View, Context], list[dict[str, Any]]]] = {
    "invoice_lines": _line_rows,
    "payments": _payment_rows,
    "credit_notes": _credit_note_rows,
    "contract_periods": _period_rows,
}
