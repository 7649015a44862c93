"""The context of an invoice, credit note or draft: what Art. 226 of the VAT
Directive and the national rules require a template to be able to print.

Amounts come from :mod:`officectl.model.invoice` (never recomputed here): line nets,
VAT per rate, totals, payments, and what credit notes took off. The payment codes
carry the amount still due: total − paid − credited.

*As issued* (``render --as-issued``) is the tax document of the issue date: the record
as it is now (it is the truth: a corrected typo stays corrected), without what
happened after that day. Payments and credit notes dated after the issue date are left
out, and so is the status they led to (paid, cancelled), so the payment codes ask for
what was due that day, normally the full amount.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from officectl.documents import payment_codes as codes
from officectl.documents import references
from officectl.documents.exemptions import exemption_text
from officectl.documents.template_context import (
    Settings,
    base_context,
    customer_of,
    party,
    record_dict,
)
from officectl.model import invoice as model
from officectl.money import ZERO
from officectl.records import Record
from officectl.repository import Repository


@dataclass(frozen=True, slots=True)
class PrintedLine:
    description: str
    quantity: Decimal
    unit: str | None
    unit_price: Decimal
    vat_rate: Decimal
    net: Decimal
    exemption: str | None = None
    """Why the line carries no VAT, in the document's language (its ``vat_exemption``)."""
    unit_code: str | None = None


@dataclass(frozen=True, slots=True)
class RateRow:
    rate: Decimal
    base: Decimal
    vat: Decimal

    @property
    def gross(self) -> Decimal:
        return self.base + self.vat


@dataclass(frozen=True, slots=True)
class Summary:
    net: Decimal
    vat: Decimal
    total: Decimal
    rates: tuple[RateRow, ...]


@dataclass(frozen=True, slots=True)
class BaseCurrency:
    """The VAT summary in the company's currency (Art. 230; § 29 of the Czech VAT Act)."""

    currency: str
    exchange_rate: Decimal
    summary: Summary


@dataclass(frozen=True, slots=True)
class Correction:
    """What a credit note corrects (§ 45 of the Czech VAT Act: the original's number,
    the reason and the differences in base, tax and total)."""

    invoice: dict[str, Any]
    number: str
    issue_date: date | None
    reason: str | None
    original: Summary
    change: Summary
    after: Summary
    refund_due: Decimal
    """What the original's payments leave owed to the customer after its credit notes
    (0 when nothing is): the refund this correction makes due, not yet recorded."""
    refunded: Decimal
    """The refunds recorded on the original (positive)."""


@dataclass(frozen=True, slots=True)
class Payment:
    iban: str | None
    bic: str | None
    currency: str
    total: Decimal
    paid: Decimal
    """Payments less refunds."""
    received: Decimal
    """Payments received (refunds not deducted)."""
    refunded: Decimal
    """Refunds paid back to the customer (positive)."""
    credited: Decimal
    amount_due: Decimal
    """The balance; negative when the company owes the customer a refund."""
    due_date: date | None
    variable_symbol: str | None
    reference: str | None
    rf_reference: str | None
    barcode: str | None
    barcode_image: str | None
    """The barcode drawn (an SVG data URI), or None when there is no barcode."""
    qr: str | None
    """An SVG data URI of the payment QR code, or None when nothing is due."""
    qr_kind: str | None
    """``spayd`` or ``epc``."""
    credit_notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class InvoiceDoc:
    kind: str
    """``invoice``, ``credit_note`` or ``draft``."""
    title: str
    number: str | None
    """The legal number; ``None`` for a draft, which has none yet."""
    status: str
    is_draft: bool
    is_credit_note: bool
    is_cancelled: bool
    is_paid: bool
    reverse_charge: bool
    issue_date: date | None
    supply_date: date | None
    due_date: date | None
    billing_period: str | None


def summary(data: Mapping[str, Any]) -> Summary:
    totals = model.totals(data)
    return Summary(
        totals.net,
        totals.vat,
        totals.total,
        tuple(RateRow(r.rate, r.base, r.vat) for r in totals.by_rate),
    )


def combined(first: Summary, second: Summary) -> Summary:
    rates: dict[Decimal, RateRow] = {}
    for row in (*first.rates, *second.rates):
        old = rates.get(row.rate, RateRow(row.rate, ZERO, ZERO))
        rates[row.rate] = RateRow(row.rate, old.base + row.base, old.vat + row.vat)
    return Summary(
        first.net + second.net,
        first.vat + second.vat,
        first.total + second.total,
        tuple(sorted(rates.values(), key=lambda r: r.rate, reverse=True)),
    )


def in_base(data: Mapping[str, Any], rate: Decimal) -> Summary:
    """The VAT summary in the base currency, by the one conversion rule
    (:func:`officectl.model.invoice.in_base_currency`) the workbook and journal use."""
    converted = model.in_base_currency(model.totals(data), rate)
    return Summary(
        converted.net,
        converted.vat,
        converted.total,
        tuple(RateRow(r.rate, r.base, r.vat) for r in converted.by_rate),
    )


@dataclass(frozen=True, slots=True)
class Standing:
    """Where an invoice stands: now, or on its issue date for a document as issued."""

    status: str
    payments: tuple[Mapping[str, Any], ...]
    paid: Decimal
    credited: Decimal
    credit_notes: tuple[str, ...]
    """The non-draft credit notes that correct it (those issued by the day, as issued)."""
    balance: Decimal
    """What is still owed (:func:`officectl.model.invoice.balance`); 0 for a draft, a
    credit note or a cancelled invoice, which ask for no payment."""


def standing(repo: Repository, record: Record, as_issued: bool) -> Standing:
    """Now, from the model's figures as every other view shows them; as issued, the
    same functions with only the payments and credit notes dated by the issue date,
    and the status that follows from them (``paid`` if they settled it, else
    ``issued``: a later ``cancelled`` or ``paid`` is not on the tax document)."""
    data = record.data
    notes = [
        r
        for r in repo.credit_notes.get(record.id, ())
        if not model.is_draft(r.id) and r.get("status") != "draft"
    ]
    if not as_issued or model.is_draft(record.id):
        credited = repo.credited.get(record.id, ZERO)
        return Standing(
            str(data.get("status", "")),
            tuple(data.get("payments", ())),
            model.paid(data),
            credited,
            tuple(sorted(r.id for r in notes)),
            model.balance(data, credited),
        )
    issued = data.get("issue_date")
    notes = [r for r in notes if _dated_by(r.get("issue_date"), issued)]
    payments = tuple(p for p in data.get("payments", ()) if _dated_by(p.get("date"), issued))
    credited = model.credited_by_invoice(notes).get(record.id, ZERO)
    owed = model.balance({**data, "status": "issued"}, credited, as_of=issued)
    paid = model.paid(data, as_of=issued)
    status = "paid" if paid > 0 and owed <= 0 and not model.is_credit_note(data) else "issued"
    return Standing(status, payments, paid, credited, tuple(sorted(r.id for r in notes)), owed)


def _dated_by(day: Any, issued: Any) -> bool:
    return isinstance(day, date) and isinstance(issued, date) and day <= issued


def invoice_context(repo: Repository, record: Record, settings: Settings) -> dict[str, Any]:
    data = record.data
    customer = customer_of(repo, record)
    state = standing(repo, record, settings.as_issued)
    doc = _doc(record, settings, state.status)
    current = summary(data)
    rate = data.get("exchange_rate")
    base = None
    if data.get("currency") != repo.config.currency and rate is not None:
        base = BaseCurrency(repo.config.currency, rate, in_base(data, rate))
    corrected = repo.linked(record, "credit_note_for", "invoices")
    correction = None
    if corrected is not None:
        original = summary(corrected.data)
        owed = model.balance(corrected.data, repo.credited.get(corrected.id, ZERO))
        correction = Correction(
            record_dict(corrected) or {},
            corrected.id,
            corrected.get("issue_date"),
            data.get("notes"),
            original,
            current,
            combined(original, current),
            max(-owed, ZERO),
            _refunded(corrected.data),
        )
    return {
        **base_context(repo, record, settings),
        "doc": doc,
        "invoice": _invoice_dict(record, state, settings.as_issued),
        "customer": party(customer.data, settings.locale, customer.id),
        "customer_record": record_dict(customer),
        "contract": record_dict(repo.linked(record, "contract", "contracts")),
        "deal": record_dict(repo.linked(record, "deal", "deals")),
        "currency": data["currency"],
        "lines": [_line(line, settings) for line in data.get("lines", ())],
        "summary": current,
        "base": base,
        "correction": correction,
        "payment": _payment(repo, record, doc, current, state, settings),
        "notes": data.get("notes"),
    }


def _invoice_dict(record: Record, state: Standing, as_issued: bool) -> dict[str, Any]:
    """The record for templates; as issued, without the later payments and status."""
    data = record_dict(record) or {}
    if as_issued and "payments" in data:
        data["payments"] = list(state.payments)
    return {**data, "status": state.status} if as_issued else data


def _doc(record: Record, settings: Settings, status: str) -> InvoiceDoc:
    data = record.data
    labels = settings.labels
    draft = model.is_draft(record.id) or status == "draft"
    credit = model.is_credit_note(data)
    kind = "draft" if draft else "credit_note" if credit else "invoice"
    title = {
        "draft": labels["draft_title"],
        "credit_note": labels["credit_note_title"],
        "invoice": labels["invoice_title"],
    }[kind]
    # A credit note's supply date is the day its correction is taxed (CZ § 42(2): the day
    # the facts behind it arose; § 45 lists what it shows), and it asks for no payment,
    # so it has no due date: templates print ``t.correction_date`` for it.
    return InvoiceDoc(
        kind=kind,
        title=title,
        number=None if draft else record.id,
        status=status,
        is_draft=draft,
        is_credit_note=credit,
        is_cancelled=status == "cancelled",
        is_paid=status == "paid",
        reverse_charge=bool(data.get("reverse_charge")),
        issue_date=data.get("issue_date"),
        supply_date=model.supply_date(data),
        due_date=None if credit else data.get("due_date"),
        billing_period=data.get("billing_period"),
    )


def _line(line: Mapping[str, Any], settings: Settings) -> PrintedLine:
    exemption = line.get("vat_exemption")
    return PrintedLine(
        str(line.get("description", "")),
        line["quantity"],
        line.get("unit"),
        line["unit_price"],
        line["vat_rate"],
        model.line_net(line),
        exemption_text(exemption, settings.labels, settings.lang) if exemption else None,
        line.get("unit_code"),
    )


def _payment(
    repo: Repository,
    record: Record,
    doc: InvoiceDoc,
    current: Summary,
    state: Standing,
    settings: Settings,
) -> Payment:
    company = repo.config.company
    currency = str(record.data["currency"])
    due = state.balance
    vs, reference, rf = (
        (None, None, None)
        if doc.is_draft
        else references.payment_references(record.id, repo.config.company_country)
    )
    iban, bic = company.get("iban"), company.get("bic")
    qr = qr_kind = barcode = None
    if iban and not doc.is_draft and not doc.is_credit_note and due > 0:
        # over a scheme's largest amount there is no QR code: the bank details remain
        if currency == "CZK" and due <= codes.SPAYD_AMOUNT_MAX:
            qr_kind = "spayd"
            message = f"{settings.labels['invoice_title']} {record.id}".upper()
            qr = codes.qr_data_uri(
                codes.spayd_qr(
                    codes.spayd(
                        iban,
                        due,
                        currency,
                        bic=bic,
                        variable_symbol=vs,
                        message=message,
                        due=doc.due_date,
                    )
                )
            )
        elif currency == "EUR" and due <= codes.EPC_AMOUNT_MAX:
            qr_kind = "epc"
            text = record.id + (f" VS {vs}" if vs else "")
            qr = codes.qr_data_uri(
                codes.epc_qr(str(company["name"]), iban, due, bic=bic, reference=rf, text=text)
            )
            barcode = _barcode(iban, due, reference, doc.due_date)
    refunded = _refunded({"payments": state.payments})
    return Payment(
        iban,
        bic,
        currency,
        current.total,
        state.paid,
        state.paid + refunded,
        refunded,
        state.credited,
        due,
        doc.due_date,
        vs,
        reference,
        rf,
        barcode,
        codes.barcode_data_uri(barcode) if barcode else None,
        qr,
        qr_kind,
        state.credit_notes,
    )


def _refunded(data: Mapping[str, Any]) -> Decimal:
    return -sum(
        (
            p["amount"]
            for p in data.get("payments", ())
            if p.get("refund") is True and isinstance(p.get("amount"), Decimal)
        ),
        ZERO,
    )


def _barcode(
    iban: str,
    due: Decimal,
    reference: str | None,
    due_date: date | None,
) -> str | None:
    if reference is None or not str(iban).upper().startswith("FI"):
        return None
    try:
        return codes.virtual_barcode(iban, due, reference, due_date)
    except codes.BarcodeError:
        return None
