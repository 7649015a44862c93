"""``bank import`` and ``bank match``: bank entries recorded as invoice payments.

One import is one plan: every invoice an import pays is written together or not at
all (:func:`officectl.workflows.run`), each payment carrying the bank's entry
reference (``entry``), the booking date, the amount, the reference the payer gave and
the payer's name. An invoice that nothing is left open on becomes ``paid``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from officectl.atomic import PlannedWrite
from officectl.banking.matching import MATCHED, PARTIAL, UNMATCHED, Matcher, Outcome
from officectl.banking.statement import Entry
from officectl.errors import RecordError
from officectl.records import Record
from officectl.workflows import WriteBooks, WritePlan


@dataclass
class ImportOutcomes:
    """What an import found, filled in while it plans (the CLI prints it)."""

    outcomes: list[Outcome] = field(default_factory=list)

    def of(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]


def import_entries(
    books: WriteBooks, entries: Iterable[Entry], result: ImportOutcomes
) -> WritePlan:
    """Match every entry; plan the payments of those that match (full or partial)."""
    matcher = Matcher(books.repo)
    seen: set[str] = set()
    for entry in entries:
        outcome = matcher.outcome(entry)
        if entry.key in seen and outcome.status not in (MATCHED, PARTIAL):
            outcome = Outcome(
                entry, "duplicate", outcome.invoice, detail="the same entry twice in this import"
            )
        seen.add(entry.key)
        result.outcomes.append(outcome)
    return _payments(books, [o for o in result.outcomes if o.status in (MATCHED, PARTIAL)])


def match_entry(books: WriteBooks, entry: Entry, invoice_id: str) -> WritePlan:
    """Record one entry on the invoice a person chose (``bank match``): the reference
    need not agree, but currency, open balance and the entry key are checked as in an
    import."""
    books.record(invoice_id, "invoices")
    if entry.reversal or not entry.credit:
        raise RecordError(
            f"entry {entry.key} is a {'storno' if entry.reversal else 'debit'}"
            "; only money received is recorded as a payment"
        )
    outcome = Matcher(books.repo).settle(entry, invoice_id)
    if outcome.status == "duplicate":
        raise RecordError(
            f"entry {entry.key} is already recorded on {outcome.invoice}; nothing to do"
        )
    if outcome.status == UNMATCHED:
        raise RecordError(f"entry {entry.key} cannot pay {invoice_id}: {outcome.detail}")
    return _payments(books, [outcome])


def _payments(books: WriteBooks, outcomes: list[Outcome]) -> WritePlan:
    by_invoice: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        assert outcome.invoice is not None
        by_invoice[outcome.invoice].append(outcome)
    changes = []
    messages = []
    for invoice_id in sorted(by_invoice):
        record = books.record(invoice_id, "invoices")
        items = by_invoice[invoice_id]
        payments = [_payment(outcome) for outcome in items]
        status = "paid" if items[-1].left == 0 else None
        changes.append(PlannedWrite(record.path, _with_payments(books, record, payments, status)))
        for outcome in items:
            entry = outcome.entry
            messages.append(
                f"{invoice_id}: payment of {entry.amount} {entry.currency} on "
                f"{entry.booked} (entry {entry.key}) recorded; {outcome.detail}"
            )
    return WritePlan(tuple(changes), tuple(messages))


def _payment(outcome: Outcome) -> dict[str, object]:
    entry = outcome.entry
    payment: dict[str, object] = {"date": entry.booked, "amount": entry.amount}
    if outcome.reference:
        payment["reference"] = outcome.reference
    payment["entry"] = entry.key
    if entry.payer:
        payment["payer"] = entry.payer
    return payment


def _with_payments(
    books: WriteBooks, record: Record, payments: list[dict[str, object]], status: str | None
) -> str:
    """The invoice's text with ``payments`` appended: spliced into the text when the
    file's layout allows (:mod:`officectl.banking.splice`, the same bytes without
    re-emitting the document), else through the round-trip editor."""
    from officectl.banking.splice import spliced
    from officectl.yaml import reading

    try:
        data = reading.read_bytes(books.root / record.path)
        text = reading.decode(data)
    except reading.LoadError as exc:
        raise RecordError(f"{record.path}: {exc.message}") from None
    kind = books.config.kinds["invoices"]
    spec = kind.by_name["payments"].items
    names = [f.name for f in kind.fields]
    later = names[names.index("payments") + 1 :]
    fast = spliced(text, payments, spec, status, later) if spec is not None else None
    if fast is not None:
        books.read[record.path] = data
        books.parsed[record.path] = fast
        return fast[0]
    document = books.document(record)
    for payment in payments:
        document.append("payments", payment)
    if status is not None:
        document.set("status", status)
    return document.text()
