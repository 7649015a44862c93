"""Invoices across the books: numbering, links' customers, payments and credit notes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import localcontext
from typing import TYPE_CHECKING

from officectl.model.invoice import (
    EXACT,
    EXACT_DIGITS,
    ISSUED_ID,
    ISSUED_NUMBERING,
    invoice_paid,
    invoice_payment_entries,
    invoice_total,
    invoice_total_known,
    is_draft,
)
from officectl.money import ZERO
from officectl.problems import Problem, error, warning
from officectl.records import Record
from officectl.rules import Links, SameId, SameValue, repo_rule

if TYPE_CHECKING:
    from officectl.repository import Repository


_ISSUED_NUMBER = ISSUED_ID
_CREDITED = frozenset({"credit_note_for", "status", "total"})
"""What :attr:`Repository.credited` reads of every invoice."""


def issued_year(record_id: str) -> str | None:
    """The year of an issued invoice's number (None for a draft): numbers run per year."""
    parts = _ISSUED_NUMBER.fullmatch(record_id)
    return parts[1] if parts else None


@repo_rule(
    "contiguous-numbers",
    codes=("numbering-gap", "numbering-duplicate"),
    reads={"invoices": ()},
    involves=(SameId("invoices", issued_year),),
)
def contiguous_numbers(repo: Repository, today: date) -> Iterator[Problem]:
    """Issued numbers of each year run 1, 2, 3 … with no gap and no number twice."""
    by_year: dict[str, dict[int, list[Record]]] = {}
    issued = _ISSUED_NUMBER.fullmatch
    for invoice in repo.of_kind("invoices"):
        if parts := issued(invoice.id):
            by_year.setdefault(parts[1], {}).setdefault(int(parts[2]), []).append(invoice)
    for year, numbers in sorted(by_year.items()):
        expected = 1
        for number in sorted(numbers):
            # The shortest spelling is the number; INV-2026-00003 repeats INV-2026-0003.
            invoices = numbers[number]
            if len(invoices) > 1:
                invoices = sorted(invoices, key=lambda r: (len(r.id), r.path))
            first = invoices[0]
            if number != expected:
                first_missing = ISSUED_NUMBERING.format(expected, int(year))
                missing = (
                    first_missing
                    if number == expected + 1
                    else first_missing + " … " + ISSUED_NUMBERING.format(number - 1, int(year))
                )
                yield error(
                    first.path,
                    "numbering-gap",
                    f"{first.id} leaves a gap in {year}'s numbers: {missing} missing",
                    record=first.id,
                    line=1,
                    column=1,
                )
            for other in invoices[1:]:
                if other.id != first.id:  # the same ID twice is reported as duplicate-id
                    yield error(
                        other.path,
                        "numbering-duplicate",
                        f"{other.id} repeats number {number} of {year} ({first.id})",
                        record=other.id,
                        line=1,
                        column=1,
                    )
            expected = number + 1


@repo_rule(
    "linked-customers",
    codes=("customer-mismatch",),
    reads={
        "invoices": ("customer", "contract", "deal"),
        "contracts": ("customer",),
        "deals": ("customer",),
    },
    involves=(Links(),),
)
def linked_customers(repo: Repository, today: date) -> Iterator[Problem]:
    """An invoice's contract and deal belong to the invoice's customer."""
    for invoice in repo.of_kind("invoices"):
        data = invoice.data  # a hundred thousand invoices: no method call per field
        customer = data.get("customer")
        if not customer:
            continue
        for field, kind in (("contract", "contracts"), ("deal", "deals")):
            linked = repo.linked(invoice, field, kind) if data.get(field) else None
            if linked and linked.get("customer") != customer:
                yield error(
                    invoice.path,
                    "customer-mismatch",
                    f"{field} {linked.id} belongs to {linked.get('customer')}, not to {customer}",
                    record=invoice.id,
                    field=(field,),
                )


@repo_rule(
    "credit-notes",
    codes=(
        "credit-note-target",
        "customer-mismatch",
        "credit-note-currency",
        "credit-note-rate",
        "credit-note-exceeds",
    ),
    reads={"invoices": _CREDITED | {"customer", "currency", "exchange_rate", "total_known"}},
    involves=(Links(),),
)
def credit_notes(repo: Repository, today: date) -> Iterator[Problem]:
    """A credit note corrects an issued invoice of its customer, in that invoice's currency
    and at its exchange rate, and credit notes never take off more than its total."""
    for note in repo.of_kind("invoices"):
        original = repo.linked(note, "credit_note_for", "invoices")
        if original is None:
            continue
        where = ("credit_note_for",)
        if is_draft(original.id) or original.get("status") == "draft":
            yield error(
                note.path,
                "credit-note-target",
                f"credit note corrects {original.id}, a draft; a draft is edited, not credited",
                record=note.id,
                field=where,
            )
        elif "credit_note_for" in original.data:
            yield error(
                note.path,
                "credit-note-target",
                f"{original.id} is itself a credit note",
                record=note.id,
                field=where,
            )
        if original.get("customer") != note.get("customer"):
            yield error(
                note.path,
                "customer-mismatch",
                f"credit note is for "
                f"{note.get('customer')} but {original.id} is for "
                f"{original.get('customer')}",
                record=note.id,
                field=where,
            )
        yield from _same_money(note, original)
    for original_id, credited in repo.credited.items():
        original = repo.records.get(original_id)
        if (
            original is None
            or not original.readable
            or original.kind != "invoices"
            or is_draft(original.id)
            or original.get("status") == "draft"
            or "credit_note_for" in original.data
            or not invoice_total_known(original)
        ):
            continue  # a wrong target is reported as credit-note-target
        total = invoice_total(original)
        if credited > total:
            yield error(
                original.path,
                "credit-note-exceeds",
                f"credit notes take {credited} off {original.id}, more than its total {total}",
                record=original.id,
                line=1,
                column=1,
            )


def _same_money(note: Record, original: Record) -> Iterator[Problem]:
    """A credit note corrects its invoice's amounts, so it is in that invoice's currency
    (a CZK note cannot settle a EUR invoice: the numbers would only look equal) and, for
    a foreign currency, at that invoice's exchange rate: the correction changes the tax
    base and VAT as they were declared, and those were converted at the rate of the
    original's tax point (Art. 90 of Directive 2006/112/EC; CZ § 42 and § 4(4)(c) of Act
    235/2004 Coll., the rate of the original supply; FI AVL 209 e §)."""
    currency, expected = note.get("currency"), original.get("currency")
    if currency and expected and currency != expected:
        yield error(
            note.path,
            "credit-note-currency",
            f"credit note is in {currency} but "
            f"{original.id} is in {expected}; a credit note is in the currency of "
            "the invoice it corrects",
            record=note.id,
            field=("currency",),
        )
        return
    rate, original_rate = note.get("exchange_rate"), original.get("exchange_rate")
    if rate is not None and original_rate is not None and rate != original_rate:
        yield warning(
            note.path,
            "credit-note-rate",
            f"credit note is at exchange rate "
            f"{rate} but {original.id} at {original_rate}; a correction uses the "
            f"original's rate: set exchange_rate: {original_rate}",
            record=note.id,
            field=("exchange_rate",),
        )


@repo_rule(
    "cancellations",
    codes=("cancelled-not-credited",),
    reads={"invoices": _CREDITED | {"total_known"}},
    involves=(Links(),),
)
def cancellations(repo: Repository, today: date) -> Iterator[Problem]:
    """An invoice is ``cancelled`` only once its credit notes bring it to zero.

    ``cancelled`` says credit notes voided the invoice: an issued invoice is
    corrected only by a credit note that refers to it (Art. 219 of Directive
    2006/112/EC; CZ § 45 of Act 235/2004 Coll.; FI AVL 209 b §), so the status is
    allowed only once credit notes bring it to zero. Otherwise the invoice still
    counts in receivables, the journal and the VAT return while the status says it
    does not."""
    for invoice in repo.of_kind("invoices"):
        if not invoice.readable or invoice.data.get("status") != "cancelled":
            continue
        if "credit_note_for" in invoice.data:
            yield error(
                invoice.path,
                "cancelled-not-credited",
                f"{invoice.id} is a credit "
                "note and cannot be cancelled; correct it with a new invoice",
                record=invoice.id,
                field=("status",),
            )
            continue
        if not invoice_total_known(invoice):
            continue
        total, credited = invoice_total(invoice), repo.credited.get(invoice.id, ZERO)
        if credited < total:  # more than the total is credit-note-exceeds
            with localcontext(prec=EXACT_DIGITS):
                left = total - credited
            yield error(
                invoice.path,
                "cancelled-not-credited",
                f"status is cancelled but "
                f"credit notes take {credited} off the total {total}, leaving {left}; "
                f"issue a credit note for {left} with credit_note_for: {invoice.id} "
                "(an issued invoice is voided only by credit notes)",
                record=invoice.id,
                field=("status",),
            )


@repo_rule(
    "payments-match",
    codes=("overpaid", "paid-mismatch"),
    reads={"invoices": _CREDITED | {"total_known", "paid"}},
    involves=(Links(),),
)
def payments_match(repo: Repository, today: date) -> Iterator[Problem]:
    """Payments never exceed the total; ``paid`` means nothing is open any more.

    A credit note on a paid or partly paid invoice is no overpayment: the balance
    (total − paid − credited) turns negative, which is money owed to the customer
    until the refund (a negative payment, ``refund: true``) is recorded. ``paid``
    means the balance is exactly zero, so it waits for that refund."""
    credited_by = repo.credited  # a hundred thousand invoices: looked up once
    for invoice in repo.of_kind("invoices"):
        data = invoice.data
        if not invoice.readable or "credit_note_for" in data or not invoice_total_known(invoice):
            continue
        total = invoice_total(invoice)
        if total <= 0:
            continue  # reported as invoice-total; nothing can be owed on it
        received = invoice_paid(invoice)
        credited = credited_by.get(invoice.id, ZERO)
        if credited > total:
            continue  # reported as credit-note-exceeds
        if received > total:
            yield error(
                invoice.path,
                "overpaid",
                f"payments of {received} exceed the total {total}",
                record=invoice.id,
                field=("payments",),
            )
            continue
        if data.get("status") != "paid":
            continue
        settled = EXACT.add(received, credited)
        if settled != total:
            credit_text = f" and credited {credited}" if credited else ""
            with localcontext(prec=EXACT_DIGITS):
                left = total - settled
            if left < 0:
                yield error(
                    invoice.path,
                    "paid-mismatch",
                    f"status is paid but payments of "
                    f"{received}{credit_text} leave {-left} owed to the customer; "
                    f"record the refund ('officectl invoice refund {invoice.id} "
                    f"--amount {-left}')",
                    record=invoice.id,
                    field=("status",),
                )
            else:
                yield error(
                    invoice.path,
                    "paid-mismatch",
                    f"status is paid but payments of "
                    f"{received}{credit_text} leave {left} of "
                    f"{total} open",
                    record=invoice.id,
                    field=("status",),
                )


@repo_rule(
    "reverse-charge-customer",
    codes=("reverse-charge-no-vat-id",),
    reads={"invoices": ("reverse_charge", "customer"), "customers": ("vat_id",)},
    involves=(Links(),),
)
def reverse_charge_customer(repo: Repository, today: date) -> Iterator[Problem]:
    """Reverse charge moves the VAT to a customer who is registered for it: one
    without a VAT ID (a private person) cannot account for it, and the VAT is lost."""
    for invoice in repo.of_kind("invoices"):
        if invoice.data.get("reverse_charge") is not True:
            continue
        customer = repo.linked(invoice, "customer", "customers")
        if customer is not None and not customer.get("vat_id"):
            yield warning(
                invoice.path,
                "reverse-charge-no-vat-id",
                f"reverse charge, but "
                f"{customer.id} has no vat_id: only a VAT-registered customer "
                "accounts for the VAT; charge VAT, or add the customer's VAT ID",
                record=invoice.id,
                field=("reverse_charge",),
            )


def _entries_twice(invoices: list[Record]) -> bool:
    """Whether some bank entry is recorded more than once, in any order."""
    seen: set[str] = set()
    for invoice in invoices:
        if invoice.readable:
            for _index, key in invoice_payment_entries(invoice):
                if key in seen:
                    return True
                seen.add(key)
    return False


def _entry_key(record: Record) -> list[str]:
    return [key for _index, key in invoice_payment_entries(record)]


@repo_rule(
    "bank-entry-once",
    codes=("payment-entry-twice",),
    reads={"invoices": ("entries",)},
    involves=(SameValue("invoices", "entries", derive=_entry_key),),
)
def bank_entry_once(repo: Repository, today: date) -> Iterator[Problem]:
    """A bank statement entry pays once: two payments recorded from the same entry
    (a statement imported on two branches and merged, a payment copied by hand)
    count the money twice. The later one in file order is reported."""
    if not _entries_twice(repo.of_kind("invoices")):
        return  # the usual case: no sorting a hundred thousand invoices by path
    first: dict[str, tuple[Record, int]] = {}
    for invoice in sorted(repo.of_kind("invoices"), key=lambda r: r.path):
        if not invoice.readable:
            continue
        for index, key in invoice_payment_entries(invoice):
            if key not in first:
                first[key] = (invoice, index)
                continue
            earlier, earlier_index = first[key]
            where = (
                "earlier on this invoice"
                if earlier.id == invoice.id
                else f"on {earlier.id} ({earlier.path})"
            )
            yield error(
                invoice.path,
                "payment-entry-twice",
                f"bank entry {key!r} is already recorded {where}, payment "
                f"{earlier_index + 1}; a statement entry pays once: remove one of the two",
                record=invoice.id,
                field=("payments", index, "entry"),
            )
