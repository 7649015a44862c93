"""``Invoices`` (one row per invoice or credit note) and ``Invoice lines``.

Totals rows are per currency: amounts in different currencies never add up in one
cell. The base-currency columns add up across currencies in a last total row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from officectl.exports.books import BookedInvoice
from officectl.exports.finance_export import FinanceExport
from officectl.exports.table import CellValue, Money, SheetRow, SheetTable, field
from officectl.model.invoice import line_net
from officectl.money import ZERO, round_money

INVOICE_COLUMNS = (
    "Invoice",
    "Type",
    "Status",
    "Customer",
    "Customer name",
    "Customer VAT ID",
    "Country",
    "Issue date",
    "Taxable supply date",
    "Due date",
    "Currency",
    "Net",
    "VAT",
    "Total",
    "Paid",
    "Balance",
    "Exchange rate",
    "Net (base)",
    "VAT (base)",
    "Total (base)",
    "Reverse charge",
    "Contract",
    "Deal",
    "Credit note for",
    "Credited",
    "Billing period",
)
LINE_COLUMNS = (
    "Invoice",
    "Line",
    "Description",
    "Quantity",
    "Unit",
    "Unit price",
    "VAT rate",
    "Net",
    "VAT",
    "Currency",
    "Unit code",
    "VAT exemption",
)
_INDEX = {name: index for index, name in enumerate(INVOICE_COLUMNS)}
_IN_BASE = ("Net (base)", "VAT (base)", "Total (base)")
_SUMMED = ("Net", "VAT", "Total", "Paid", "Balance", *_IN_BASE, "Credited")


def invoices_sheet(export: FinanceExport) -> SheetTable:
    rows = [_invoice_row(entry) for entry in export.books.invoices]
    base = export.books.base_currency
    totals = [
        _currency_total(currency, group)
        for currency, group in _by_currency(export.books.invoices, rows)
    ]
    if len(totals) > 1:
        totals.append(_total_row(rows, _IN_BASE, Invoice=f"Total (all currencies, in {base})"))
    return SheetTable(INVOICE_COLUMNS, rows, totals)


def _invoice_row(entry: BookedInvoice) -> SheetRow:
    record, customer, figures = entry.record, entry.customer, entry.totals
    currency, base = entry.currency, entry.base_currency

    def money(amount: Decimal) -> Money:
        return Money(amount, currency)

    converted = entry.base_totals

    def in_base(part: str) -> Money | None:
        return None if converted is None else Money(getattr(converted, part), base)

    return (
        record.id,
        "credit note" if entry.is_credit_note else "invoice",
        record.get("status"),
        record.get("customer"),
        field(customer, "name"),
        field(customer, "vat_id"),
        field(customer, "country"),
        record.get("issue_date"),
        entry.supply_date,
        record.get("due_date"),
        currency,
        money(figures.net),
        money(figures.vat),
        money(figures.total),
        money(entry.paid),
        money(entry.balance),
        entry.exchange_rate,
        in_base("net"),
        in_base("vat"),
        in_base("total"),
        entry.reverse_charge,
        record.get("contract"),
        record.get("deal"),
        record.get("credit_note_for"),
        money(entry.credited),
        record.get("billing_period"),
    )


def _by_currency(
    entries: Sequence[BookedInvoice],
    rows: Sequence[SheetRow],
) -> Iterable[tuple[str, list[SheetRow]]]:
    groups: dict[str, list[SheetRow]] = {}
    for entry, row in zip(entries, rows, strict=True):
        groups.setdefault(entry.currency, []).append(row)
    return sorted(groups.items())


def _currency_total(currency: str, rows: list[SheetRow]) -> SheetRow:
    return _total_row(rows, _SUMMED, Invoice=f"Total {currency}", Currency=currency)


def _total_row(rows: Sequence[SheetRow], summed: Sequence[str], **labels: CellValue) -> SheetRow:
    cells: dict[str, CellValue] = {name: _sum_column(rows, _INDEX[name]) for name in summed}
    cells.update(labels)
    return tuple(cells.get(name) for name in INVOICE_COLUMNS)


def _sum_column(rows: Sequence[SheetRow], index: int) -> Money | None:
    """The sum of a money column, or empty if any row lacks the amount (unknown base)."""
    cells = [row[index] for row in rows]
    if not cells or not all(isinstance(cell, Money) for cell in cells):
        return None
    amounts = [cell for cell in cells if isinstance(cell, Money)]
    return Money(sum((cell.amount for cell in amounts), ZERO), amounts[0].currency)


def invoice_lines_sheet(export: FinanceExport) -> SheetTable:
    rows: list[SheetRow] = []
    sums: dict[str, list[Decimal]] = {}
    for entry in export.books.invoices:
        currency = entry.currency
        for number, (line, net, vat) in enumerate(_lines_with_vat(entry), start=1):
            rows.append(
                (
                    entry.id,
                    number,
                    line.get("description"),
                    line.get("quantity"),
                    line.get("unit"),
                    line.get("unit_price"),
                    line.get("vat_rate"),
                    Money(net, currency),
                    Money(vat, currency),
                    currency,
                    line.get("unit_code"),
                    (line.get("vat_exemption") or {}).get("code"),
                )
            )
            running = sums.setdefault(currency, [ZERO, ZERO])
            running[0] += net
            running[1] += vat
    totals = [
        (
            f"Total {currency}",
            None,
            None,
            None,
            None,
            None,
            None,
            Money(net, currency),
            Money(vat, currency),
            currency,
            None,
            None,
        )
        for currency, (net, vat) in sorted(sums.items())
    ]
    return SheetTable(LINE_COLUMNS, rows, totals)


def _lines_with_vat(
    entry: BookedInvoice,
) -> list[tuple[dict[str, Any], Decimal, Decimal]]:
    """Each line with its net and its share of the VAT.

    VAT is computed once per rate on the sum of that rate's nets, so a
    line has no VAT of its own: each gets its net × rate rounded, and the last line
    of a rate takes the rounding difference, so that lines add up to the invoice.
    """
    lines = [
        line
        for line in entry.record.get("lines", ())
        if "quantity" in line and "unit_price" in line
    ]
    rate_vat = {r.rate: r.vat for r in entry.totals.by_rate}
    last_of_rate = {line.get("vat_rate", ZERO): index for index, line in enumerate(lines)}
    given: dict[Decimal, Decimal] = {}
    result = []
    for index, line in enumerate(lines):
        rate = line.get("vat_rate", ZERO)
        net = line_net(line)
        if last_of_rate[rate] == index:
            vat = rate_vat[rate] - given.get(rate, ZERO)
        else:
            vat = round_money(net * rate / 100)
            given[rate] = given.get(rate, ZERO) + vat
        result.append((line, net, vat))
    return result
