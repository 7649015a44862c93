"""``export journal``: the books as double-entry transactions in beancount syntax.

Every non-draft invoice is a transaction on its taxable supply date: the customer's
receivable is debited with the total, revenue and VAT (per rate) are credited. A
credit note is the same with negative amounts, i.e. the reversal. Each payment is a
transaction on its own date: bank debited, receivable credited (a refund, a negative
payment, the other way round). Receivable, revenue and bank are posted in the
invoice's currency (beancount keeps commodities apart), and a ``price`` directive
records each foreign invoice's exchange rate. VAT is a liability in the company's
currency whatever the invoice's (Art. 230 of Directive 2006/112/EC; CZ § 4(4)(c) and
§ 37 of Act 235/2004 Coll.; FI AVL 209 e §): a foreign invoice's VAT is posted in the
base currency, converted at the invoice's rate by the one conversion rule
(:func:`officectl.model.invoice.in_base_currency`), with its invoice-currency amount
as the total price (``@@``), so the transaction still balances. Transactions of an
invoice share its link (``^INV-2026-0001``).

The journal is as of ``--today``, as the workbook: an invoice issued after it and a
payment dated after it are not booked yet.

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
from officectl.open_items import issued_by
from officectl.periods import Period
from officectl.repository import Repository


@dataclass(frozen=True, slots=True)
class Posting:
    account: str
    amount: Decimal
    currency: str
    price: tuple[Decimal, str] | None = None
    """The posting's weight in the transaction's currency, signed; written as its
    total price (``@@``, which beancount reads without the sign)."""


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
    """One posting per account and currency (prices summed too); zero ones dropped."""
    sums: dict[tuple[str, str, str | None], list[Decimal]] = {}
    for posting in postings:
        price_currency = posting.price[1] if posting.price else None
        running = sums.setdefault(
            (posting.account, posting.currency, price_currency), [Decimal(0), Decimal(0)]
        )
        running[0] += posting.amount
        running[1] += posting.price[0] if posting.price else Decimal(0)
    return tuple(
        Posting(account, amount, currency, (price, price_currency) if price_currency else None)
        for (account, currency, price_currency), (amount, price) in sums.items()
        if amount
    )


def invoice_transaction(entry: BookedInvoice, accounts: Accounts) -> Transaction:
    customer_id = str(entry.record.get("customer", ""))
    currency = entry.currency
    ids = {"customer": customer_id, "currency": currency}
    postings: list[Posting] = [
        Posting(accounts.name("receivable", **ids), entry.totals.total, currency)
    ]
    converted = entry.base_totals
    base = entry.base_currency
    for index, part in enumerate(entry.totals.by_rate):
        postings.append(
            Posting(accounts.name("revenue", rate=part.rate, **ids), -part.base, currency)
        )
        if currency == base or converted is None:
            postings.append(
                Posting(
                    accounts.name("vat", rate=part.rate, currency=currency), -part.vat, currency
                )
            )
        else:
            postings.append(
                Posting(
                    accounts.name("vat", rate=part.rate, currency=base),
                    -converted.by_rate[index].vat,
                    base,
                    (-part.vat, currency),
                )
            )
    original = entry.record.get("credit_note_for")
    narration = f"Credit note {entry.id} for {original}" if original else f"Invoice {entry.id}"
    meta = [("invoice", entry.id), ("customer", customer_id)]
    if entry.exchange_rate is not None:
        meta.append(("exchange_rate", format(entry.exchange_rate, "f")))
    return Transaction(
        entry.supply_date,
        1,
        _payee(entry),
        narration,
        (entry.id, *([str(original)] if original else [])),
        tuple(meta),
        _merge(postings),
    )


def payment_transactions(
    entry: BookedInvoice, accounts: Accounts, as_of: date | None = None
) -> Iterator[Transaction]:
    customer_id = str(entry.record.get("customer", ""))
    currency = entry.currency
    for payment in entry.record.get("payments", ()):
        amount, day = payment.get("amount"), payment.get("date")
        if not isinstance(amount, Decimal) or not isinstance(day, date):
            continue
        if as_of is not None and day > as_of:
            continue
        reference = payment.get("reference")
        what = "Refund" if payment.get("refund") is True else "Payment"
        narration = f"{what} of {entry.id}" + (f": {reference}" if reference else "")
        postings = (
            Posting(accounts.name("bank", currency=currency), amount, currency),
            Posting(
                accounts.name("receivable", customer=customer_id, currency=currency),
                -amount,
                currency,
            ),
        )
        yield Transaction(
            day,
            2,
            _payee(entry),
            narration,
            (entry.id,),
            (("invoice", entry.id), ("customer", customer_id)),
            postings,
        )


def _payee(entry: BookedInvoice) -> str:
    name = entry.customer.get("name") if entry.customer else None
    return str(name or entry.record.get("customer", ""))


def ledger(
    repo: Repository,
    accounts: Accounts,
    today: date | None = None,
) -> list[Transaction]:
    """Every transaction of the repository's history, in date order; with ``today``,
    only what happened by then: invoices issued by then, payments dated by then (as
    :func:`officectl.open_items.open_items` counts them)."""
    transactions: list[Transaction] = []
    for record in repo.of_kind("invoices"):
        if today is not None and not issued_by(record, today):
            continue
        entry = booked(repo, record)
        if entry is not None:
            transactions.append(invoice_transaction(entry, accounts))
            transactions.extend(payment_transactions(entry, accounts, today))
    return sorted(transactions, key=lambda t: (t.date, t.order, t.links, t.narration))


def opening_balances(
    earlier: Iterable[Transaction],
    start: date,
    accounts: Accounts,
) -> list[Transaction]:
    """What each receivable holds before ``start``, carried over as one transaction each."""
    sums: dict[tuple[str, str, str], Decimal] = {}
    for transaction in earlier:
        customer = dict(transaction.meta).get("customer", "")
        for posting in transaction.postings:
            account, currency = posting.account, posting.currency
            if account == accounts.name("receivable", customer=customer, currency=currency):
                key = (account, currency, customer)
                sums[key] = sums.get(key, Decimal(0)) + posting.amount
    openings = []
    for (account, currency, customer), amount in sorted(sums.items()):
        if amount:
            opening = accounts.name("opening", customer=customer, currency=currency)
            openings.append(
                Transaction(
                    start,
                    0,
                    "Opening balance",
                    f"{account} brought forward",
                    (),
                    (("customer", customer),),
                    (Posting(account, amount, currency), Posting(opening, -amount, currency)),
                )
            )
    return openings


def journal_text(
    repo: Repository,
    period: Period,
    accounts: Accounts,
    origin: Provenance,
    command: str,
    version: str,
    today: date | None = None,
) -> str:
    everything = ledger(repo, accounts, today)
    earlier = [t for t in everything if t.date < period.start]
    chosen = [t for t in everything if t.date in period]
    openings = opening_balances(earlier, period.start, accounts)
    return _render(repo, period, [*openings, *chosen], origin, command, version)


def _currencies(transactions: Iterable[Transaction]) -> set[str]:
    return {
        currency
        for t in transactions
        for p in t.postings
        for currency in (p.currency, *(p.price[1:] if p.price else ()))
    }


def _render(
    repo: Repository,
    period: Period,
    transactions: list[Transaction],
    origin: Provenance,
    command: str,
    version: str,
) -> str:
    config = repo.config
    currencies = sorted(_currencies(transactions) | {config.currency})
    used = sorted({p.account for t in transactions for p in t.postings})
    lines = [
        f"; The books of {' '.join(str(config.company.get('name', '')).split())}, "
        f"{period.label} ({period.start} – {period.end})",
        f"; Exported by officectl {version} from {origin.describe()}",
        f"; Command: {command}",
        f'option "title" {quoted(str(config.company.get("name", "")))}',
        f'option "operating_currency" {quoted(config.currency)}',
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
        lines.append(
            f"{transaction.date} * {quoted(transaction.payee)} "
            f"{quoted(transaction.narration)}{links}"
        )
        lines += [f"  {key}: {quoted(value)}" for key, value in transaction.meta]
        lines += [
            f"  {p.account:<{width}}{format(p.amount, 'f'):>14} {p.currency}"
            + (f" @@ {format(abs(p.price[0]), 'f')} {p.price[1]}" if p.price else "")
            for p in transaction.postings
        ]
    return "\n".join(lines) + "\n"


def _prices(transactions: Iterable[Transaction], base: str) -> list[str]:
    """One ``price`` directive per foreign invoice's rate (base currency per unit)."""
    prices = set()
    for transaction in transactions:
        rate = dict(transaction.meta).get("exchange_rate")
        currency = transaction.postings[0].currency if transaction.postings else base
        if transaction.order == 1 and rate is not None and currency != base:
            prices.add((transaction.date, currency, rate))
    lines = [f"{day} price {currency} {rate} {base}" for day, currency, rate in sorted(prices)]
    return ["", *lines] if lines else []
