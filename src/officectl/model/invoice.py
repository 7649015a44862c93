"""Invoices and credit notes, with the totals derived from their lines.

Totals are never stored: a line's net is quantity × unit price rounded to the cent;
VAT is computed once per rate on the sum of that rate's nets; the total is nets
plus VAT. A *credit note* (``credit_note_for``) has a negative total and settles the
invoice it corrects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Context, Decimal, localcontext
from typing import Any

from officectl.einvoice.needs import einvoice_lines
from officectl.model.common import META, NOTES, ref
from officectl.money import ZERO, round_money, to_base
from officectl.records import Record
from officectl.schema import Computed, Field, Kind, Numbering

STATUSES = ("draft", "issued", "paid", "cancelled")
DRAFT_PREFIX = "INV-DRAFT-"
DRAFT_NUMBERING = Numbering(DRAFT_PREFIX, 4)
"""``new`` makes drafts: INV-DRAFT-0003."""
ISSUED_NUMBERING = Numbering("INV-", 4, yearly=True)
"""``invoice issue`` gives the next number of the issue year: INV-2026-0029."""
ISSUED_ID = re.compile(r"INV-([0-9]{4})-([0-9]{4,})")
"""An issued invoice's ID: its year and number."""
BILLING_PERIOD = (
    r"[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?"
    r"|[0-9]{4}-[0-9]{2}-[0-9]{2}\.\.[0-9]{4}-[0-9]{2}-[0-9]{2}"
)
"""A month, quarter or year, or (a yearly contract's period) its first and last day."""


@dataclass(frozen=True, slots=True)
class RateTotal:
    rate: Decimal
    base: Decimal
    vat: Decimal


@dataclass(frozen=True, slots=True)
class Totals:
    net: Decimal
    vat: Decimal
    total: Decimal
    by_rate: tuple[RateTotal, ...]


EXACT_DIGITS = 100
"""Precision for invoice arithmetic. Amounts are below 10^15 with at most 12 decimals
(27 digits), so products, sums and VAT stay exact; Python's default 28 digits would
round them, and quantizing a result wider than that raises InvalidOperation."""
EXACT = Context(prec=EXACT_DIGITS)
"""That precision as a context object: ``EXACT.add(a, b)`` is ``a + b`` in a
``localcontext(prec=EXACT_DIGITS)`` without making one (a tenth of the time)."""


def line_net(line: Mapping[str, Any]) -> Decimal:
    with localcontext(prec=EXACT_DIGITS):
        return round_money(line["quantity"] * line["unit_price"])


def totals(invoice: Mapping[str, Any]) -> Totals:
    """Net, VAT and total of an invoice's lines (lines missing a number count as 0)."""
    with localcontext(prec=EXACT_DIGITS):
        nets: dict[Decimal, Decimal] = {}
        for line in invoice.get("lines", ()):
            if "quantity" in line and "unit_price" in line:
                rate = line.get("vat_rate", ZERO)
                # line_net's product, already in this precision (no second context)
                net = round_money(line["quantity"] * line["unit_price"])
                nets[rate] = nets.get(rate, ZERO) + net
        by_rate = tuple(
            RateTotal(rate, base, round_money(base * rate / 100))
            for rate, base in sorted(nets.items(), reverse=True)
        )
        net = sum((r.base for r in by_rate), ZERO)
        vat = sum((r.vat for r in by_rate), ZERO)
        return Totals(net, vat, net + vat, by_rate)


def zero_rate_bases(invoice: Mapping[str, Any]) -> dict[str | None, Decimal]:
    """The 0 % base of :func:`totals` split by the lines' ``vat_exemption`` code (None
    for lines without one): the parts sum exactly to the 0 % rate's base, since that
    base is the sum of the same line nets."""
    with localcontext(prec=EXACT_DIGITS):
        bases: dict[str | None, Decimal] = {}
        for line in invoice.get("lines", ()):
            if "quantity" in line and "unit_price" in line and line.get("vat_rate", ZERO) == 0:
                code = (line.get("vat_exemption") or {}).get("code")
                bases[code] = bases.get(code, ZERO) + line_net(line)
        return bases


def invoice_total(record: Record) -> Decimal:
    """``totals(record.data).total``, computed once per record and kept with it: the
    per-file stage computes it, and the repository rules of a warm run take it from
    the cache instead of recomputing every invoice's total."""
    total: Decimal | None = record.derived.get("total")
    if total is None:
        total = _derive_totals(record)["total"]
    return total


def invoice_vat(record: Record) -> Decimal:
    """``totals(record.data).vat``, computed once per record, as :func:`invoice_total`
    (a repository rule asks whether VAT was charged without reading the lines)."""
    vat: Decimal | None = record.derived.get("vat")
    if vat is None:
        vat = _derive_totals(record)["vat"]
    return vat


def _derive_totals(record: Record) -> dict[str, Decimal]:
    """The record's derived values with its :func:`totals`' total and VAT kept (each
    only if not already there): one computation for both (each invoice's lines were
    summed twice, a tenth of a cold run's per-file stage)."""
    computed = totals(record.data)
    record.derived.setdefault("total", computed.total)
    record.derived.setdefault("vat", computed.vat)
    return {"total": record.derived["total"], "vat": record.derived["vat"]}


def invoice_total_known(record: Record) -> bool:
    """Whether every line has its numbers (without them the total is unknown, not
    zero); computed once per record, as :func:`invoice_total`."""
    known = record.derived.get("total_known")
    if known is None:
        known = record.derived["total_known"] = total_known(record.data)
    return bool(known)


def total_known(invoice: Mapping[str, Any]) -> bool:
    lines = invoice.get("lines")
    if not lines:
        return False
    for line in lines:  # noqa: SIM110 - a third of all()'s time; asked of every invoice
        if "quantity" not in line or "unit_price" not in line:
            return False
    return True


def invoice_paid(record: Record) -> Decimal:
    """``paid(record.data)``, computed once per record, as :func:`invoice_total`."""
    received = record.derived.get("paid")
    if received is None:
        received = record.derived["paid"] = paid(record.data)
    return received


def paid(invoice: Mapping[str, Any], as_of: date | None = None) -> Decimal:
    """The sum of the payments (those dated by ``as_of``, if given)."""
    with localcontext(prec=EXACT_DIGITS):
        return sum(
            (
                p["amount"]
                for p in invoice.get("payments", ())
                if "amount" in p
                and (as_of is None or (isinstance(p.get("date"), date) and p["date"] <= as_of))
            ),
            ZERO,
        )


def is_draft(invoice_id: str) -> bool:
    return invoice_id.startswith(DRAFT_PREFIX)


def is_credit_note(invoice: Mapping[str, Any]) -> bool:
    return "credit_note_for" in invoice


def supply_date(invoice: Mapping[str, Any]) -> Any:
    return invoice.get("taxable_supply_date") or invoice.get("issue_date")


def credited_by_invoice(invoices: Iterable[Record]) -> dict[str, Decimal]:
    """How much non-draft credit notes take off each invoice (as positive amounts)."""
    credited: dict[str, Decimal] = {}
    for invoice in invoices:
        target = invoice.get("credit_note_for")
        if target and not is_draft(invoice.id) and invoice.get("status") != "draft":
            with localcontext(prec=EXACT_DIGITS):
                credited[target] = credited.get(target, ZERO) - invoice_total(invoice)
    return credited


def balance(
    invoice: Mapping[str, Any],
    credited: Decimal = ZERO,
    as_of: date | None = None,
    *,
    total: Decimal | None = None,
) -> Decimal:
    """What is still owed: total − paid − credited (payments dated by ``as_of``, if
    given). The one balance every view shows (list, show, reports, the workbook, the
    journal, documents). Negative means the company owes the customer: a credit note
    on a paid invoice, until the refund (a negative payment) is recorded. A credit
    note's and a draft's own balance is 0. A cancelled invoice has no rule of its own:
    it is cancelled by credit notes that bring it to zero, so what it shows is what
    its payments and refunds leave. ``total``: the invoice's total, when the caller
    has it already (:func:`invoice_total` of a loaded record)."""
    if is_credit_note(invoice) or invoice.get("status") == "draft":
        return ZERO
    with localcontext(prec=EXACT_DIGITS):
        if total is None:
            total = totals(invoice).total
        return total - paid(invoice, as_of) - credited


def in_base_currency(figures: Totals, exchange_rate: Decimal) -> Totals:
    """An invoice's totals in the company's currency: each rate's base and VAT
    converted (amount × exchange_rate, rounded to the cent half up), and the
    net, VAT and total summed from those converted parts. So the document's
    base-currency summary, the workbook and the journal's VAT agree to the cent, and
    the converted net plus VAT is the converted total (converting the total on its
    own could differ from that sum by a cent)."""
    by_rate = tuple(
        RateTotal(r.rate, to_base(r.base, exchange_rate), to_base(r.vat, exchange_rate))
        for r in figures.by_rate
    )
    with localcontext(prec=EXACT_DIGITS):
        net = sum((r.base for r in by_rate), ZERO)
        vat = sum((r.vat for r in by_rate), ZERO)
        return Totals(net, vat, net + vat, by_rate)


def balance_in_base(figures: Totals, open_amount: Decimal, exchange_rate: Decimal) -> Decimal:
    """An open ``balance`` in the company's currency: the converted total (see
    :func:`in_base_currency`) less what was settled (total − balance) converted at
    the same rate. An unpaid invoice's converted balance is its converted total."""
    with localcontext(prec=EXACT_DIGITS):
        settled = figures.total - open_amount
        return in_base_currency(figures, exchange_rate).total - to_base(settled, exchange_rate)


def _issue_date(record: Any, repo: Any) -> Any:
    return record.get("issue_date")


def _net(record: Any, repo: Any) -> Decimal:
    return totals(record.data).net


def _vat(record: Any, repo: Any) -> Decimal:
    return totals(record.data).vat


def _total(record: Any, repo: Any) -> Decimal:
    return totals(record.data).total


def _paid(record: Any, repo: Any) -> Decimal:
    return paid(record.data)


def credited(record: Any, repo: Any) -> Decimal:
    """What the repository's credit notes take off the invoice."""
    return repo.credited.get(record.id, ZERO)  # type: ignore[no-any-return]


def record_balance(record: Any, repo: Any) -> Decimal:
    """:func:`balance` of a loaded invoice, with the repository's credit notes."""
    return balance(record.data, credited(record, repo))


KIND = Kind(
    "invoices",
    "invoice",
    r"INV-(?:[0-9]{4}-[0-9]{4,}|DRAFT-[A-Za-z0-9-]+)",
    "INV-2026-0001",
    description=(
        "An invoice or credit note; issued numbers are INV-<issue year>-<sequence>, drafts "
        "INV-DRAFT-<anything>."
    ),
    fields=(
        Field("id", "str"),
        ref("customer", "customers", required=True),
        Field("currency", "currency", required=True),
        Field(
            "lines",
            "list",
            required=True,
            items=Field(
                "line",
                "map",
                fields=(
                    Field("description", "str", required=True),
                    Field("quantity", "decimal", required=True),
                    Field("unit", "str"),
                    Field(
                        "unit_code",
                        "str",
                        description="The unit as a UN/ECE Recommendation 20 code "
                        "(HUR, DAY, C62 …), for e-invoices.",
                    ),
                    Field("unit_price", "decimal", required=True),
                    Field("vat_rate", "decimal", required=True, min=Decimal(0), max=Decimal(100)),
                    Field(
                        "vat_exemption",
                        "map",
                        shorthand="code",
                        description=(
                            "Why a 0 % line carries no VAT: a VATEX code (VATEX-EU-O), "
                            "or {code, text}."
                        ),
                        fields=(Field("code", "str", required=True), Field("text", "str")),
                    ),
                ),
            ),
        ),
        Field("status", "str", required=True, enum=STATUSES),
        Field("issue_date", "date", description="Required unless draft."),
        Field("due_date", "date", description="Required unless draft."),
        Field("taxable_supply_date", "date", description="Default: issue_date."),
        Field(
            "billing_period",
            "str",
            pattern=BILLING_PERIOD,
            description=(
                "The contract period the invoice bills: 2026-12, 2026-Q4, 2026, or the first and "
                "last day of a yearly contract's period, 2025-03-15..2026-03-14."
            ),
        ),
        ref("contract", "contracts"),
        ref("deal", "deals"),
        Field(
            "payments",
            "list",
            items=Field(
                "payment",
                "map",
                fields=(
                    Field("date", "date", required=True),
                    Field("amount", "decimal", required=True),
                    Field("reference", "str"),
                    Field(
                        "refund",
                        "bool",
                        description="Money paid back to the customer: a negative "
                        "amount (after a credit note on a paid invoice).",
                    ),
                    Field(
                        "entry",
                        "str",
                        description="The bank's reference of the statement entry "
                        "this payment was imported from ('bank import'): importing it again is a "
                        "no-op.",
                    ),
                    Field(
                        "payer", "str", description="Who paid, as the bank statement names them."
                    ),
                ),
            ),
        ),
        Field(
            "reminders",
            "list",
            items=Field(
                "reminder",
                "map",
                fields=(
                    Field("date", "date", required=True),
                    Field("level", "int", required=True, min=Decimal(1), max=Decimal(3)),
                ),
            ),
            description="Payment reminders sent ('officectl remind'): level 1, 2, 3.",
        ),
        ref("credit_note_for", "invoices", description="Makes this invoice a credit note."),
        Field("reverse_charge", "bool"),
        Field(
            "exchange_rate",
            "decimal",
            min=Decimal("0.000001"),
            description="Base currency per 1 unit of the invoice currency.",
        ),
        NOTES,
        META,
    ),
    columns=("id", "customer", "status", "issue_date", "due_date", "currency", "total", "balance"),
    new_defaults=(("status", "draft"),),
    numbering=DRAFT_NUMBERING,
    derived=(invoice_total, invoice_paid, invoice_total_known, invoice_vat, einvoice_lines),
    document="officectl.documents.invoice:invoice_context",
    computed=(
        (
            "taxable_supply_date",
            Computed("date", _issue_date, "Default: issue_date.", derived=False),
        ),
        ("net", Computed("decimal", _net, "Sum of line nets.")),
        ("vat", Computed("decimal", _vat, "VAT per rate, summed.")),
        ("total", Computed("decimal", _total, "net + vat.")),
        ("paid", Computed("decimal", _paid, "Sum of payments less refunds.")),
        ("credited", Computed("decimal", credited, "What credit notes take off.")),
        ("balance", Computed("decimal", record_balance, "total − paid − credited.")),
    ),
)
