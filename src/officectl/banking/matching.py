"""Bank entries matched to invoices by the payment reference the invoice printed.

An invoice's references are :func:`officectl.documents.references.payment_references`
of its number, the one definition the document prints: a Czech company's variable
symbol, a Finnish company's *viitenumero* (and its RF form, whose body is the
viitenumero), elsewhere the invoice number. A credit entry matches when its
references name exactly one invoice, that invoice is open, in the entry's currency,
issued by the booking day, and the amount is at most what is still open (the one
balance, :func:`officectl.model.invoice.balance`). Everything else is not guessed:
it is *unmatched*, with a reason a person can act on.

The bank's entry reference is stored on the payment (``entry``): an entry already
recorded is a *duplicate* and changes nothing, so importing a statement twice is
harmless.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from officectl.banking.reference_index import reference_index
from officectl.banking.statement import Entry, digits_reference
from officectl.documents.references import is_finnish_reference, payment_references
from officectl.errors import RecordError
from officectl.model.invoice import balance, invoice_payment_entries, is_credit_note, is_draft
from officectl.money import ZERO
from officectl.records import Record
from officectl.repository import Repository

MATCHED, PARTIAL, DUPLICATE, DEBIT, PENDING, UNMATCHED = (
    "matched",
    "partial",
    "duplicate",
    "debit",
    "pending",
    "unmatched",
)
OUTCOMES = (MATCHED, PARTIAL, DUPLICATE, DEBIT, PENDING, UNMATCHED)

REASONS: dict[str, str] = {
    "no-reference": "the payer gave no payment reference",
    "unknown-reference": "no invoice has this reference",
    "check-digits": "the reference's check digits are wrong: the payer mistyped it",
    "ambiguous": "the references name several invoices",
    "not-open": "the invoice has nothing open (paid, cancelled, a draft or a credit note)",
    "overpaid": "pays more than the invoice's open balance",
    "currency": "paid in another currency than the invoice's",
    "before-issue": "booked before the invoice was issued",
    "reversal": "a storno (reversal) entry; check the original by hand",
}
"""Why an entry is unmatched: the ``reason`` column of the unmatched CSV."""


@dataclass(frozen=True, slots=True)
class Outcome:
    entry: Entry
    status: str
    """One of :data:`OUTCOMES`."""
    invoice: str | None = None
    reason: str | None = None
    """For ``unmatched``: a key of :data:`REASONS`."""
    detail: str = ""
    left: Decimal | None = None
    """What stays open on the invoice after a (partial) match."""
    reference: str | None = None
    """The reference that matched, as the payer wrote it."""


class Matcher:
    """The open invoices of a repository, indexed by payment reference; each match
    lowers the invoice's open balance, so several entries of one import that pay the
    same invoice never pay it more than its total."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self.country = repo.config.company_country
        self.recorded: dict[str, str] = {}
        self.open: dict[str, Decimal] = {}
        invoices = repo.of_kind("invoices")
        self.by_reference = reference_index(
            repo.config, [r.id for r in invoices if not is_draft(r.id)], self._references
        )
        for record in invoices:
            for _index, entry in invoice_payment_entries(record):
                self.recorded[entry] = record.id

    def _references(self, invoice_id: str) -> list[str]:
        try:
            variable, reference, _rf = payment_references(invoice_id, self.country, with_rf=False)
        except (ValueError, RecordError):  # an ID without digits has no reference
            return []
        return [digits_reference(r) for r in (variable, reference) if r]

    def candidates(self, entry: Entry) -> dict[str, str]:
        """Invoice ID → the reference (as written) that names it."""
        found: dict[str, str] = {}
        for written in entry.references:
            compact = digits_reference(written)
            if compact.startswith("RF"):
                compact = _rf_body(compact) or compact
            for invoice_id in self.by_reference.get(compact, ()):
                found.setdefault(invoice_id, written)
        return found

    def outcome(self, entry: Entry) -> Outcome:
        """What the entry is, and for a match, the open balance it leaves."""
        if not entry.final:
            return Outcome(entry, PENDING, detail="not booked yet")
        if (duplicate := self._duplicate(entry)) is not None:
            return duplicate
        if entry.reversal:
            return Outcome(entry, UNMATCHED, reason="reversal", detail=REASONS["reversal"])
        if not entry.credit:
            return Outcome(entry, DEBIT)
        if not entry.references:
            return Outcome(entry, UNMATCHED, reason="no-reference", detail=REASONS["no-reference"])
        found = self.candidates(entry)
        if not found and (mistyped := self._mistyped(entry.references)):
            return Outcome(
                entry,
                UNMATCHED,
                reason="check-digits",
                detail=f"{mistyped}; not guessed: if you know the invoice, "
                f"officectl bank match {entry.key} INVOICE",
            )
        if not found:
            return Outcome(
                entry,
                UNMATCHED,
                reason="unknown-reference",
                detail=f"no invoice has reference {', '.join(entry.references)}",
            )
        if len(found) > 1:
            return Outcome(
                entry,
                UNMATCHED,
                reason="ambiguous",
                detail=f"the references name {', '.join(sorted(found))}",
            )
        invoice_id, written = next(iter(found.items()))
        return self.settle(entry, invoice_id, written)

    def _mistyped(self, references: Sequence[str]) -> str | None:
        """Why a reference that carries its own check digits cannot be right: an RF
        (ISO 11649, anywhere) or, for a Finnish company, a *viitenumero*."""
        for written in references:
            compact = digits_reference(written)
            if compact.startswith("RF") and _rf_body(compact) is None:
                return f"reference {written} has wrong check digits (ISO 11649)"
            if (
                self.country == "FI"
                and compact.isdigit()
                and 4 <= len(compact) <= 20
                and not is_finnish_reference(compact)
            ):
                return f"reference {written} has a wrong check digit (viitenumero)"
        return None

    def settle(self, entry: Entry, invoice_id: str, written: str | None = None) -> Outcome:
        """The entry as a payment of ``invoice_id`` (also what ``bank match`` asks),
        or why it cannot be one; a match is remembered (the key, the lower balance)."""
        record = self.repo.records.get(invoice_id)
        if (duplicate := self._duplicate(entry)) is not None:
            return duplicate
        problem = self._refusal(entry, record, invoice_id)
        if problem is not None:
            reason, detail = problem
            return Outcome(entry, UNMATCHED, invoice_id, reason, detail, reference=written)
        assert record is not None
        left = self.open_balance(record) - entry.amount
        self.open[record.id] = left
        self.recorded[entry.key] = record.id
        return Outcome(
            entry,
            MATCHED if left == 0 else PARTIAL,
            record.id,
            left=left,
            detail="paid in full" if left == 0 else f"{left} {entry.currency} still open",
            reference=written,
        )

    def _duplicate(self, entry: Entry) -> Outcome | None:
        """The entry again, if its key was recorded (by an earlier import or this one)."""
        if entry.key not in self.recorded:
            return None
        invoice_id = self.recorded[entry.key]
        return Outcome(entry, DUPLICATE, invoice_id, detail=f"already recorded on {invoice_id}")

    def open_balance(self, record: Record) -> Decimal:
        if record.id not in self.open:
            self.open[record.id] = balance(record.data, self.repo.credited.get(record.id, ZERO))
        return self.open[record.id]

    def _refusal(
        self,
        entry: Entry,
        record: Record | None,
        invoice_id: str,
    ) -> tuple[str, str] | None:
        if record is None or record.kind != "invoices":
            return "unknown-reference", f"there is no invoice {invoice_id}"
        status = record.get("status")
        if is_draft(record.id) or status in ("draft", "cancelled") or is_credit_note(record.data):
            return "not-open", f"{record.id} is {status or 'a draft'}" + (
                ", a credit note" if is_credit_note(record.data) else ""
            )
        currency = record.get("currency")
        if currency != entry.currency:
            return "currency", (
                f"{record.id} is in {currency}; the entry pays {entry.amount} {entry.currency}"
            )
        issued = record.get("issue_date")
        if isinstance(issued, date) and entry.booked < issued:
            return "before-issue", f"booked {entry.booked}, {record.id} issued {issued}"
        owed = self.open_balance(record)
        if owed <= 0:
            return "not-open", f"{record.id} has nothing open"
        if entry.amount > owed:
            return "overpaid", (
                f"{record.id} has {owed} {currency} open; the entry pays "
                f"{entry.amount} {currency}, {entry.amount - owed} too much"
            )
        return None


def _rf_body(compact: str) -> str | None:
    """An RF reference's body when its check digits are right (ISO 11649), its
    leading zeros dropped as a *viitenumero* has none."""
    from stdnum import iso11649
    from stdnum.exceptions import ValidationError

    try:
        return str(iso11649.validate(compact))[4:].lstrip("0")
    except ValidationError:
        return None
