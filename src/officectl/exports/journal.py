"""``export journal``: the books as double-entry transactions in beancount syntax.

Every non-draft invoice is a transaction on its taxable supply date: the customer's
receivable is debited with the total, revenue and VAT (per rate) are credited. A
credit note is the same with negative amounts, i.e. the reversal. Each payment is a
transaction on its own date: bank debited, receivable credited. Everything is posted
in the invoice's currency (beancount keeps commodities apart), and a ``price``
directive records each foreign invoice's exchange rate. Transactions of an invoice
share its link (``^INV-2026-0001``).

A journal of a period is a standalone file: it holds the transactions dated in the
period, plus an opening balance per customer receivable carried over from earlier
transactions, so each receivable ends at what the customer really owes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from officectl.exports.accounts import Accounts
from officectl.exports.books import BookedInvoice, booked
from officectl.exports.provenance import Provenance
from officectl.periods import Period
from officectl.repository import Repository

Posting = tuple[str, Decimal, str]
"""Account, amount, currency."""


@dataclass(frozen=True, slots=True)
class Transaction:
    date: date
    order: int
    """Within a day: openings (0) before invoices (1) before payments (2)."""
    payee: str
    narration: str
    links: tuple[str, ...]
    meta: tuple[tuple[str, str], ...]
    postings: tuple[Posting, ...]


def quoted(text: str) -> str:
    """A beancount string literal; line breaks become spaces, so one record's text can
    never start a directive of its own."""
    flat = " ".join(str(text).split())
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _merge(postings: Iterable[Posting]) -> tuple[Posting, ...]:
    sums: dict[tuple[str, str], Decimal] = {}
    for account, amount, currency in postings:
        sums[account, currency] = sums.get((account, currency), Decimal(0)) + amount
    return tuple((account, amount, currency) for (account, currency), amount in sums.items()
                 if amount)


def invoice_transaction(entry: BookedInvoice, accounts: Accounts) -> Transaction:
    customer_id = str(entry.record.get("customer", ""))
    currency = entry.currency
    ids = {"customer": customer_id, "currency": currency}
    postings: list[Posting] = [(accounts.name("receivable", **ids), entry.totals.total,
                                currency)]
    for part in entry.totals.by_rate:
        postings.append((accounts.name("revenue", rate=part.rate, **ids), -part.base, currency))
        postings.append((accounts.name("vat", rate=part.rate, currency=currency), -part.vat,
                         currency))
    original = entry.record.get("credit_note_for")
    narration = (f"Credit note {entry.id} for {original}" if original
                 else f"Invoice {entry.id}")
    meta = [("invoice", entry.id), ("customer", customer_id)]
    if entry.exchange_rate is not None:
        meta.append(("exchange_rate", format(entry.exchange_rate, "f")))
    return Transaction(entry.supply_date, 1, _payee(entry), narration,
                       (entry.id, *([str(original)] if original else [])), tuple(meta),
                       _merge(postings))


def payment_transactions(entry: BookedInvoice, accounts: Accounts) -> Iterator[Transaction]:
    customer_id = str(entry.record.get("customer", ""))
    currency = entry.currency
    for payment in entry.record.get("payments", ()):
        amount, day = payment.get("amount"), payment.get("date")
        if not isinstance(amount, Decimal) or not isinstance(day, date):
            continue
        reference = payment.get("reference")
        narration = f"Payment of {entry.id}" + (f": {reference}" if reference else "")
        postings = ((accounts.name("bank", currency=currency), amount, currency),
                    (accounts.name("receivable", customer=customer_id, currency=currency),
                     -amount, currency))
        yield Transaction(day, 2, _payee(entry), narration, (entry.id,),
                          (("invoice", entry.id), ("customer", customer_id)), postings)


def _payee(entry: BookedInvoice) -> str:
    name = entry.customer.get("name") if entry.customer else None
    return str(name or entry.record.get("customer", ""))


def ledger(repo: Repository, accounts: Accounts) -> list[Transaction]:
    """Every transaction of the repository's history, in date order."""
    transactions: list[Transaction] = []
    for record in repo.of_kind("invoices"):
        entry = booked(repo, record)
        if entry is not None:
            transactions.append(invoice_transaction(entry, accounts))
            transactions.extend(payment_transactions(entry, accounts))
    return sorted(transactions, key=lambda t: (t.date, t.order, t.links, t.narration))


def opening_balances(earlier: Iterable[Transaction], start: date, accounts: Accounts,
                     ) -> list[Transaction]:
    """What each receivable holds before ``start``, carried over as one transaction each."""
    sums: dict[tuple[str, str, str], Decimal] = {}
    for transaction in earlier:
        customer = dict(transaction.meta).get("customer", "")
        for account, amount, currency in transaction.postings:
            if account == accounts.name("receivable", customer=customer, currency=currency):
                key = (account, currency, customer)
                sums[key] = sums.get(key, Decimal(0)) + amount
    openings = []
    for (account, currency, customer), amount in sorted(sums.items()):
        if amount:
            opening = accounts.name("opening", customer=customer, currency=currency)
            openings.append(Transaction(start, 0, "Opening balance",
                                        f"{account} brought forward", (),
                                        (("customer", customer),),
                                        ((account, amount, currency),
                                         (opening, -amount, currency))))
    return openings


def journal_text(repo: Repository, period: Period, accounts: Accounts,
                 origin: Provenance, command: str, version: str) -> str:
    everything = ledger(repo, accounts)
    earlier = [t for t in everything if t.date < period.start]
    chosen = [t for t in everything if t.date in period]
    openings = opening_balances(earlier, period.start, accounts)
    return _render(repo, period, [*openings, *chosen], origin, command, version)


def _currencies(transactions: Iterable[Transaction]) -> set[str]:
    return {currency for t in transactions for _, _, currency in t.postings}


def _render(repo: Repository, period: Period, transactions: list[Transaction],
            origin: Provenance, command: str, version: str) -> str:
    config = repo.config
    currencies = sorted(_currencies(transactions) | {config.currency})
    used = sorted({account for t in transactions for account, _, _ in t.postings})
    lines = [
        f"; The books of {' '.join(str(config.company.get('name', '')).split())}, "
        f"{period.label} ({period.start} – {period.end})",
        f"; Exported by officectl {version} from {origin.describe()}",
        f"; Command: {command}",
        f"option \"title\" {quoted(str(config.company.get('name', '')))}",
        f"option \"operating_currency\" {quoted(config.currency)}",
        "",
        *(f"{period.start} commodity {currency}" for currency in currencies),
        "",
        *(f"{period.start} open {account}" for account in used),
    ]
    lines += _prices(transactions, config.currency)
    width = max((len(account) for account in used), default=0) + 2
    for transaction in transactions:
        lines.append("")
        links = "".join(f" ^{link}" for link in transaction.links)
        lines.append(f"{transaction.date} * {quoted(transaction.payee)} "
                     f"{quoted(transaction.narration)}{links}")
        lines += [f"  {key}: {quoted(value)}" for key, value in transaction.meta]
        lines += [f"  {account:<{width}}{format(amount, 'f'):>14} {currency}"
                  for account, amount, currency in transaction.postings]
    return "\n".join(lines) + "\n"


def _prices(transactions: Iterable[Transaction], base: str) -> list[str]:
    """One ``price`` directive per foreign invoice's rate (base currency per unit)."""
    prices = set()
    for transaction in transactions:
        rate = dict(transaction.meta).get("exchange_rate")
        currency = transaction.postings[0][2] if transaction.postings else base
        if transaction.order == 1 and rate is not None and currency != base:
            prices.add((transaction.date, currency, rate))
    lines = [f"{day} price {currency} {rate} {base}" for day, currency, rate in sorted(prices)]
    return ["", *lines] if lines else []
