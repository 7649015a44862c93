"""Invoices and credit notes, with the totals derived from their lines.

Totals are never stored: a line's net is quantity × unit price rounded to the cent;
VAT is computed once per rate on the sum of that rate's nets; the total is nets
plus VAT. A *credit note* (``credit_note_for``) has a negative total and settles the
invoice it corrects.

The invoice's record rules (status and dates, lines and VAT rates, sizes, the signs of
totals and payments, VAT exemption and unit codes, the Czech tax document's date) are
here too, with the figures they read; :data:`KIND` lists them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Context, Decimal, localcontext
from typing import TYPE_CHECKING, Any

from officectl.codelists import rec20, vatex
from officectl.einvoice.needs import einvoice_buyer_needs, einvoice_lines
from officectl.model.common import META, NOTES, date_order, ref
from officectl.money import ZERO, round_money, to_base
from officectl.records import Record
from officectl.rules import record_rule
from officectl.schema import MAX_DECIMAL, Collector, Computed, Field, Kind, Numbering

if TYPE_CHECKING:
    from officectl.config import Config

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
    return round_money(EXACT.multiply(line["quantity"], line["unit_price"]))


def totals(invoice: Mapping[str, Any]) -> Totals:
    """Net, VAT and total of an invoice's lines (lines missing a number count as 0).

    Computed in :data:`EXACT` by its methods, not in a ``localcontext``: asked of every
    invoice a cold run loads, and entering the context cost a sixth of it."""
    nets: dict[Decimal, Decimal] = {}
    for line in invoice.get("lines", ()):
        if "quantity" in line and "unit_price" in line:
            rate = line.get("vat_rate", ZERO)
            nets[rate] = EXACT.add(nets.get(rate, ZERO), line_net(line))
    by_rate = tuple(
        RateTotal(rate, base, round_money(EXACT.divide(EXACT.multiply(base, rate), 100)))
        for rate, base in sorted(nets.items(), reverse=True)
    )
    net = vat = ZERO
    for part in by_rate:
        net, vat = EXACT.add(net, part.base), EXACT.add(vat, part.vat)
    return Totals(net, vat, EXACT.add(net, vat), by_rate)


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


def invoice_payment_entries(record: Record) -> tuple[tuple[int, str], ...]:
    """``payment_entries(record.data)``, computed once per record, as
    :func:`invoice_total` (a bank entry must pay once across all invoices)."""
    entries = record.derived.get("entries")
    if entries is None:
        entries = record.derived["entries"] = payment_entries(record.data)
    return entries


def payment_entries(invoice: Mapping[str, Any]) -> tuple[tuple[int, str], ...]:
    """The bank statement entries the payments were recorded from: (index of the
    payment, the entry's key), for the payments that name one."""
    payments = invoice.get("payments")
    if not isinstance(payments, list):
        return ()
    return tuple(
        (index, payment["entry"])
        for index, payment in enumerate(payments)
        if isinstance(payment, Mapping) and isinstance(payment.get("entry"), str)
    )


def paid(invoice: Mapping[str, Any], as_of: date | None = None) -> Decimal:
    """The sum of the payments (those dated by ``as_of``, if given)."""
    total = ZERO
    for p in invoice.get("payments", ()):
        if "amount" in p and (
            as_of is None or (isinstance(p.get("date"), date) and p["date"] <= as_of)
        ):
            total = EXACT.add(total, p["amount"])
    return total


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
        target = invoice.data.get("credit_note_for")
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
    received: Decimal | None = None,
) -> Decimal:
    """What is still owed: total − paid − credited (payments dated by ``as_of``, if
    given). The one balance every view shows (list, show, reports, the workbook, the
    journal, documents). Negative means the company owes the customer: a credit note
    on a paid invoice, until the refund (a negative payment) is recorded. A credit
    note's and a draft's own balance is 0. A cancelled invoice has no rule of its own:
    it is cancelled by credit notes that bring it to zero, so what it shows is what
    its payments and refunds leave. ``total``: the invoice's total, when the caller
    has it already (:func:`invoice_total` of a loaded record); ``received``:
    ``paid(invoice, as_of)``, likewise."""
    if is_credit_note(invoice) or invoice.get("status") == "draft":
        return ZERO
    with localcontext(prec=EXACT_DIGITS):
        if total is None:
            total = totals(invoice).total
        if received is None:
            received = paid(invoice, as_of)
        return total - received - credited


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


def balance_in_base(
    figures: Totals,
    open_amount: Decimal,
    exchange_rate: Decimal,
    *,
    converted: Totals | None = None,
) -> Decimal:
    """An open ``balance`` in the company's currency: the converted total (see
    :func:`in_base_currency`) less what was settled (total − balance) converted at
    the same rate. An unpaid invoice's converted balance is its converted total.
    ``converted``: ``in_base_currency(figures, exchange_rate)``, when the caller has it
    already (not converted twice)."""
    if converted is None:
        converted = in_base_currency(figures, exchange_rate)
    with localcontext(prec=EXACT_DIGITS):
        settled = figures.total - open_amount
        return converted.total - to_base(settled, exchange_rate)


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


MAX_LINES = 1000
"""Lines one invoice may have: a document of 1,000 lines renders to PDF in well under
the default time and memory limits of ``render``; a few thousand do not."""
MAX_PLACES = 6
"""Decimal places of a quantity or unit price: their product then stays exact."""


@record_rule(
    "invoice-status",
    codes=("draft-numbered", "draft-not-issued", "missing-field"),
    reads={"invoices": ("status", "issue_date", "due_date")},
)
def invoice_status(record: Record, config: Config, out: Collector) -> None:
    """A draft has no number and an invoice with a number is no draft; an issued invoice
    has its issue and due dates."""
    status = record.get("status")
    draft_id = is_draft(record.id)
    if status == "draft" and not draft_id:
        out.error(
            "draft-numbered",
            "a draft must not have an issued number; name it "
            "INV-DRAFT-… or set the status it was issued with",
            ("status",),
        )
    elif status and status != "draft" and draft_id:
        out.error(
            "draft-not-issued",
            f"{record.id} is {status} but has no number; run 'officectl invoice issue {record.id}'",
            ("status",),
        )
    if status != "draft" and not (status is None and draft_id):
        for name in ("issue_date", "due_date"):
            if name not in record.data and not out.reported((name,)):
                out.error(
                    "missing-field", f"missing required field '{name}' (required unless draft)"
                )


@record_rule(
    "invoice-dates",
    codes=("date-order", "invalid-date", "invoice-year"),
    reads={"invoices": ("issue_date", "due_date", "billing_period")},
)
def invoice_dates(record: Record, config: Config, out: Collector) -> None:
    """Due after issue, a billing period of two real dates in order, and an issued number
    that carries the year of issue."""
    date_order(record, out, "issue_date", "due_date")
    issued = record.get("issue_date")
    period = record.get("billing_period")
    if isinstance(period, str) and ".." in period and not out.reported(("billing_period",)):
        _billing_range(period, out)
    if issued and ISSUED_ID.fullmatch(record.id) and record.id[4:8] != f"{issued.year:04d}":
        out.error(
            "invoice-year",
            f"{record.id} carries year {record.id[4:8]} but was issued "
            f"in {issued.year}; the number's year is the issue year",
            ("issue_date",),
        )


def _billing_range(text: str, out: Collector) -> None:
    """A ``billing_period`` given as its first and last day: two real dates, in order."""
    try:
        first, last = (date.fromisoformat(part) for part in text.split(".."))
    except ValueError:
        out.error(
            "invalid-date",
            f"billing_period {text} is not two real dates (YYYY-MM-DD..YYYY-MM-DD)",
            ("billing_period",),
        )
        return
    if last < first:
        out.error("date-order", f"billing_period {text} ends before it starts", ("billing_period",))


@record_rule(
    "invoice-lines",
    codes=("invoice-no-lines", "vat-rate-reverse-charge", "vat-rate-not-allowed"),
    reads={"invoices": ("lines", "reverse_charge", "taxable_supply_date", "issue_date")},
)
def invoice_lines(record: Record, config: Config, out: Collector) -> None:
    """An invoice has lines, each at a VAT rate in force on the taxable supply date (0 under
    reverse charge, where the customer accounts for the VAT)."""
    lines = record.get("lines")
    if lines is not None and not lines and not _line_reported(out):
        out.error("invoice-no-lines", "an invoice needs at least one line", ("lines",))
    day = supply_date(record.data)
    reverse_charge = record.get("reverse_charge", False)
    for index, line in enumerate(lines or ()):
        rate = line.get("vat_rate")
        if rate is None:
            continue
        where = ("lines", index, "vat_rate")
        if reverse_charge and rate != 0:
            out.error(
                "vat-rate-reverse-charge",
                f"a reverse-charge line has vat_rate 0, not "
                f"{rate}: the customer accounts for the VAT",
                where,
            )
        elif not reverse_charge and not _rate_allowed(config, rate, day):
            allowed = ", ".join(
                sorted(
                    {str(r.rate) for r in config.vat_rates if day is None or r.applies_on(day)},
                    key=Decimal,
                )
            )
            dated = any(r.start or r.end for r in config.vat_rates)
            when = (
                ""
                if not dated
                else f" on {day}"
                if day
                else " until the invoice has a date (only undated rates apply)"
            )
            out.error(
                "vat-rate-not-allowed",
                f"vat_rate {rate} is not allowed{when} "
                f"(allowed: {allowed}; see vat_rates in officectl.yaml)",
                where,
            )


def _rate_allowed(config: Config, rate: Decimal, day: date | None) -> bool:
    """A rate in force on the taxable supply date; with no date yet (a draft), any rate
    the repository knows: the date decides once the invoice is issued."""
    if day is None:
        return any(r.rate == rate for r in config.vat_rates)
    return config.vat_rate_allowed(rate, day)


def _line_reported(out: Collector) -> bool:
    """Whether a line was reported as invalid (and maybe left out of the typed data)."""
    return any(
        p.field is not None and len(p.field) == 2 and p.field[0] == "lines" for p in out.problems
    )


@record_rule(
    "invoice-size",
    codes=("invoice-too-many-lines", "too-many-decimals", "amount-too-large"),
    reads={"invoices": ("lines", "payments", "total", "total_known")},
)
def invoice_size(record: Record, config: Config, out: Collector) -> None:
    """Bounds that keep every accepted invoice computable, printable and renderable:
    at most :data:`MAX_LINES` lines, :data:`MAX_PLACES` decimals in a quantity or unit
    price, line amounts and the total under 10^15 (the bound of every amount), payments
    in cents."""
    lines = record.get("lines") or ()
    if len(lines) > MAX_LINES:
        out.error(
            "invoice-too-many-lines",
            f"{len(lines)} lines; an invoice has at most "
            f"{MAX_LINES}: split it into several invoices",
            ("lines",),
        )
    too_large = False
    for index, line in enumerate(lines):
        quantity, price = line.get("quantity"), line.get("unit_price")
        for name, value in (("quantity", quantity), ("unit_price", price)):
            exponent = value.as_tuple().exponent if isinstance(value, Decimal) else 0
            if isinstance(exponent, int) and -exponent > MAX_PLACES:
                out.error(
                    "too-many-decimals",
                    f"{name} {value} has more than {MAX_PLACES} decimal places",
                    ("lines", index, name),
                )
        if (
            isinstance(quantity, Decimal)
            and isinstance(price, Decimal)
            and abs(quantity * price) >= MAX_DECIMAL
        ):
            too_large = True
            out.error(
                "amount-too-large",
                f"quantity × unit_price is {quantity * price:.3E}; "
                "a line amount has at most 15 digits before the decimal point",
                ("lines", index, "quantity"),
            )
    if (
        not too_large
        and invoice_total_known(record)
        and abs(total := invoice_total(record)) >= MAX_DECIMAL
    ):
        out.error(
            "amount-too-large",
            f"the total is {total:.3E}; an invoice total has at "
            "most 15 digits before the decimal point",
            ("lines",),
        )
    for index, payment in enumerate(record.get("payments") or ()):
        amount = payment.get("amount")
        exponent = amount.as_tuple().exponent if isinstance(amount, Decimal) else 0
        if isinstance(exponent, int) and exponent < -2 and amount != round(amount, 2):
            out.error(
                "too-many-decimals",
                f"payment amount {amount} has more than two decimals: money is paid in cents",
                ("payments", index, "amount"),
            )


@record_rule(
    "invoice-amounts",
    codes=("invoice-total", "credit-note-total", "exchange-rate-missing"),
    reads={
        "invoices": (
            "lines",
            "total",
            "total_known",
            "credit_note_for",
            "currency",
            "exchange_rate",
            "status",
        )
    },
)
def invoice_amounts(record: Record, config: Config, out: Collector) -> None:
    """An invoice's total is positive and a credit note's negative; a foreign-currency
    invoice of a VAT payer gives its exchange rate."""
    total = invoice_total(record)
    if not invoice_total_known(record) or _line_reported(out):
        pass  # the line's problem is reported; its total would only repeat it
    elif is_credit_note(record.data):
        if total >= 0:
            out.error(
                "credit-note-total",
                f"a credit note's total must be negative, not {total}",
                ("lines",),
            )
    elif total <= 0:
        out.error(
            "invoice-total",
            f"an invoice's total must be positive, not {total}; "
            "corrections are credit notes (credit_note_for)",
            ("lines",),
        )
    # A draft may wait for its rate: the rate of the taxable supply date is known only
    # once that date has come; issuing checks it (`invoice recurring` makes such drafts).
    currency = record.get("currency")
    if (
        currency
        and currency != config.currency
        and config.company.get("vat_id")
        and "exchange_rate" not in record.data
        and record.get("status") != "draft"
        and not out.reported(("exchange_rate",))
    ):
        out.error(
            "exchange-rate-missing",
            f"a {currency} invoice needs exchange_rate "
            f"({config.currency} per 1 {currency} on the taxable supply date)",
        )


@record_rule(
    "invoice-payments",
    codes=("payment-negative", "refund-positive", "refund-exceeds"),
    reads={"invoices": ("payments",)},
)
def invoice_payments(record: Record, config: Config, out: Collector) -> None:
    """A payment is money received (a positive amount); money paid back is a refund, a
    negative amount marked ``refund: true``, and it never returns more than was
    received by then. So a mistyped minus sign is not silently booked as a refund."""
    received = Decimal(0)
    for index, payment in enumerate(record.get("payments") or ()):
        amount = payment.get("amount")
        if not isinstance(amount, Decimal):
            continue
        where = ("payments", index, "amount")
        if payment.get("refund") is True:
            if amount >= 0:
                out.error(
                    "refund-positive",
                    f"a refund is money paid back: a negative amount, not {amount}",
                    where,
                )
            elif -amount > received:
                out.error(
                    "refund-exceeds",
                    f"a refund of {-amount} is more than the "
                    f"{received} received before it; a refund returns only what was "
                    "paid",
                    where,
                )
        elif amount < 0:
            out.error(
                "payment-negative",
                f"a payment of {amount} is negative; money paid "
                "back to the customer is a refund: add 'refund: true' (or record it "
                "with 'officectl invoice refund')",
                where,
            )
            continue
        received += amount


TAX_DOCUMENT_DAYS = 15
"""CZ § 28(5) of Act 235/2004: a tax document is issued within 15 days of the taxable
supply."""

_REVERSE_CHARGE_CODES = frozenset(c for c, cat in vatex.CATEGORIES.items() if cat == "AE")


@record_rule(
    "line-codes",
    codes=(
        "unit-code-unknown",
        "vat-exemption-unknown",
        "vat-exemption-conflict",
        "vat-exemption-missing",
    ),
    reads={"invoices": ("lines", "reverse_charge")},
)
def line_codes(record: Record, config: Config, out: Collector) -> None:
    """Each line's ``vat_exemption`` and ``unit_code`` are codes of their lists, an
    exemption sits on a 0 % line only, and a 0 % line that is not reverse charge says
    why it carries no VAT (Art. 226(11) of Directive 2006/112/EC; § 29(2)(b) of the
    Czech VAT Act): a warning, so that repositories written before the field existed
    still validate."""
    reverse_charge = record.get("reverse_charge", False)
    for index, line in enumerate(record.get("lines") or ()):
        where = ("lines", index)
        unit = line.get("unit_code")
        if unit is not None and unit not in rec20.UNIT_CODES:
            out.error(
                "unit-code-unknown",
                f"unit_code {unit!r} is not a UN/ECE "
                f"Recommendation 20 code{_hint(unit, rec20.UNIT_CODES)}",
                (*where, "unit_code"),
            )
        exemption = line.get("vat_exemption")
        rate = line.get("vat_rate")
        if exemption is not None:
            _check_exemption(exemption, rate, reverse_charge, (*where, "vat_exemption"), out)
        elif rate == 0 and not reverse_charge and not out.reported((*where, "vat_exemption")):
            out.warning(
                "vat-exemption-missing",
                "a 0 % line that is not reverse charge "
                "needs its legal basis: add vat_exemption with a VATEX code "
                "(VATEX-EU-O not subject to VAT, VATEX-EU-G export, VATEX-EU-IC "
                "intra-EU supply of goods, VATEX-EU-132-… exempt …)",
                (*where, "vat_rate"),
            )


def _check_exemption(
    exemption: dict[str, Any],
    rate: Any,
    reverse_charge: bool,
    where: tuple[str | int, ...],
    out: Collector,
) -> None:
    code = exemption.get("code")
    if code is None:
        return  # reported as a missing field
    if code not in vatex.NAMES:
        out.error(
            "vat-exemption-unknown",
            f"vat_exemption {code!r} is not a VATEX code{_hint(code, vatex.NAMES)}",
            where,
        )
    elif rate is not None and rate != 0:
        out.error(
            "vat-exemption-conflict",
            f"vat_exemption {code} on a line at {rate} %: "
            "an exemption means no VAT; set vat_rate 0 or remove vat_exemption",
            where,
        )
    elif code in _REVERSE_CHARGE_CODES and not reverse_charge:
        out.error(
            "vat-exemption-conflict",
            f"vat_exemption {code} means reverse charge; "
            "set reverse_charge: true on the invoice instead",
            where,
        )


def _hint(value: str, known: Any) -> str:
    upper = value.upper()
    if upper != value and upper in known:
        return f"; did you mean {upper!r}? (codes are upper case)"
    close = difflib.get_close_matches(upper, list(known), n=1, cutoff=0.8)
    return f"; did you mean {close[0]!r}?" if close else ""


@record_rule(
    "tax-document-late",
    codes=("tax-document-late",),
    reads={"invoices": ("credit_note_for", "issue_date", "taxable_supply_date")},
)
def tax_document_late(record: Record, config: Config, out: Collector) -> None:
    """A Czech tax document is issued within 15 days of the taxable supply (§ 28(5) of
    Act 235/2004). Only for Czech companies, only for invoices: a credit note has its own
    deadline (§ 45), counted from when the reason for the correction arose."""
    if config.company_country != "CZ" or is_draft(record.id) or is_credit_note(record.data):
        return
    issued, supplied = record.get("issue_date"), record.get("taxable_supply_date")
    if not isinstance(issued, date) or not isinstance(supplied, date):
        return
    late = (issued - supplied).days
    if late > TAX_DOCUMENT_DAYS:
        out.warning(
            "tax-document-late",
            f"issued {late} days after the taxable supply on "
            f"{supplied}: a Czech tax document is due within {TAX_DOCUMENT_DAYS} "
            "days of it (§ 28(5) of the VAT Act); check the dates",
            ("issue_date",),
        )


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
    derived=(
        invoice_total,
        invoice_paid,
        invoice_total_known,
        invoice_vat,
        invoice_payment_entries,
        einvoice_lines,
        einvoice_buyer_needs,
    ),
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
    rules=(
        invoice_status,
        invoice_dates,
        invoice_lines,
        invoice_size,
        invoice_amounts,
        invoice_payments,
        line_codes,
        tax_document_late,
    ),
)
