"""What an e-invoice says, whatever its syntax: the parties, the lines with their unit
codes and VAT categories, the VAT breakdown per category and rate, the totals, what
was paid, the payment details and reference, the corrected invoice.

Every amount comes from :mod:`officectl.model.invoice` (the figures the PDF prints),
the payment reference from the same function the PDF uses. A credit note is stated
with positive amounts (its lines' quantities negated), as both formats want; negating
a figure rounded half away from zero is exact, so nothing is recomputed.

Problems that keep a record from becoming an e-invoice raise
:class:`~officectl.errors.RecordError` naming the record and the field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from officectl.codelists import vatex
from officectl.documents.invoice import standing
from officectl.documents.references import payment_references
from officectl.einvoice.needs import (
    buyer_needs,
    buyer_problems,
    endpoint_of,
    line_category,
    line_problems,
    party_problems,
)
from officectl.einvoice.units import unit_code
from officectl.errors import RecordError
from officectl.model import invoice as model
from officectl.money import ZERO
from officectl.records import Record
from officectl.repository import Repository


@dataclass(frozen=True, slots=True)
class Party:
    name: str
    street: str | None
    city: str | None
    postal_code: str | None
    country: str
    company_id: str | None
    vat_id: str | None
    email: str | None
    endpoint: tuple[str, str] | None
    """(EAS scheme, identifier), or None when the party has no Peppol address."""
    record_id: str | None = None


@dataclass(frozen=True, slots=True)
class Line:
    number: int
    description: str
    quantity: Decimal
    unit_code: str
    unit_price: Decimal
    net: Decimal
    category: str
    rate: Decimal
    exemption: str | None = None
    """The line's VATEX code and text (ISDOC's VATNote), if it has one."""


@dataclass(frozen=True, slots=True)
class VatGroup:
    category: str
    rate: Decimal
    base: Decimal
    vat: Decimal
    exemption_code: str | None
    exemption_text: str | None


@dataclass(frozen=True, slots=True)
class Facts:
    number: str
    credit_note: bool
    issue_date: date
    due_date: date | None
    supply_date: date | None
    currency: str
    base_currency: str
    exchange_rate: Decimal | None
    """Base currency per unit, for a foreign-currency invoice; else None."""
    note: str | None
    seller: Party
    buyer: Party
    buyer_reference: str
    lines: tuple[Line, ...]
    groups: tuple[VatGroup, ...]
    groups_in_base: tuple[VatGroup, ...]
    """The VAT breakdown in the company's currency (the same groups converted)."""
    net: Decimal
    vat: Decimal
    total: Decimal
    vat_in_base: Decimal
    prepaid: Decimal
    payable: Decimal
    iban: str | None
    bic: str | None
    payment_reference: str | None
    variable_symbol: str | None
    corrects: tuple[str, date | None] | None
    """A credit note's invoice: (number, issue date)."""


def _country(data: Mapping[str, Any]) -> str:
    return str((data.get("address") or {}).get("country") or data.get("country") or "")


def party(data: Mapping[str, Any], record_id: str | None = None) -> Party:
    address = data.get("address") or {}
    return Party(
        str(data.get("name", "")),
        address.get("street"),
        address.get("city"),
        _text(address.get("postal_code")),
        _country(data),
        _text(data.get("company_id")),
        _text(data.get("vat_id")),
        _text(data.get("email")),
        endpoint_of(data),
        record_id,
    )


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot hold: C0 controls but tab and line breaks, surrogates,
U+FFFE and U+FFFF."""


def _not_xml(
    value: Any, path: tuple[str | int, ...] = ()
) -> tuple[tuple[str | int, ...], str] | None:
    """(field path, character) of the first text in ``value`` that XML cannot hold."""
    if isinstance(value, str):
        match = _NOT_XML.search(value)
        return (path, match[0]) if match else None
    items: Any = ()
    if isinstance(value, Mapping):
        items = value.items()
    elif isinstance(value, list | tuple):
        items = enumerate(value)
    for key, item in items:
        if (found := _not_xml(item, (*path, key))) is not None:
            return found
    return None


def _text(value: Any) -> str | None:
    return None if value is None or str(value) == "" else str(value)


def facts(repo: Repository, record: Record, fmt: str) -> Facts:
    """The e-invoice of an issued invoice or credit note; RecordError when it cannot
    be one (a draft, a line without unit code or exemption, a customer lacking what
    ``fmt`` needs)."""
    data = record.data
    where = f"{record.path}: {record.id}"
    if model.is_draft(record.id) or data.get("status") == "draft":
        raise RecordError(f"{where} is a draft: only issued invoices become e-invoices")
    customer = repo.linked(record, "customer", "customers")
    if customer is None:
        raise RecordError(f"{where}: its customer {data.get('customer')} is missing")
    problems = [
        f"{record.path}: {'.'.join(map(str, path))}: {message}"
        for path, message in line_problems(data)
    ]
    problems += [
        f"{record.path}: {'.'.join(map(str, path))}: {message}"
        for path, message in buyer_problems(buyer_needs(data), customer)
    ]
    problems += [
        f"{customer.path}: {name}: {message}"
        for name, message in party_problems(customer.data, fmt)
    ]
    for where, values in (
        (record.path, data),
        (customer.path, customer.data),
        ("officectl.yaml: company", repo.config.company),
    ):
        if (found := _not_xml(values)) is not None:
            path, character = found
            problems.append(
                f"{where}: {'.'.join(map(str, path))}: {character!r} is a control character "
                "an e-invoice (XML) cannot carry: remove it"
            )
    if problems:
        raise RecordError(
            f"{record.id} cannot be made an e-invoice ({fmt}):\n  " + "\n  ".join(problems),
            hint="fix them; 'officectl validate --einvoice' lists them all",
        )
    credit = model.is_credit_note(data)
    sign = Decimal(-1) if credit else Decimal(1)
    figures = model.totals(data)
    groups = _groups(record, figures, sign)
    rate = data.get("exchange_rate")
    foreign = data["currency"] != repo.config.currency and rate is not None
    base_groups = groups
    vat_in_base = figures.vat * sign
    if foreign and isinstance(rate, Decimal):
        converted = model.in_base_currency(figures, rate)
        base_groups = _groups(record, converted, sign, rate)
        vat_in_base = converted.vat * sign
    state = standing(repo, record, as_issued=False)
    total = figures.total * sign
    payable = total if credit else state.balance
    country = repo.config.company_country
    vs, reference, _ = payment_references(record.id, country)
    corrects = None
    if credit:
        original = repo.linked(record, "credit_note_for", "invoices")
        corrects = (
            str(data["credit_note_for"]),
            original.get("issue_date") if original is not None else None,
        )
    company = repo.config.company
    seller = party(company)
    if seller.endpoint is None and fmt == "peppol":
        raise RecordError(
            "officectl.yaml: company: a Peppol e-invoice needs the company's "
            "endpoint: its VAT number (or, in Finland, its Y-tunnus)"
        )
    lines = tuple(
        _line(index, line, sign) for index, line in enumerate(data.get("lines", ()), start=1)
    )
    return Facts(
        number=record.id,
        credit_note=credit,
        issue_date=data["issue_date"],
        due_date=None if credit else data.get("due_date"),
        supply_date=model.supply_date(data),
        currency=str(data["currency"]),
        base_currency=repo.config.currency,
        exchange_rate=rate if foreign else None,
        note=_text(data.get("notes")),
        seller=seller,
        buyer=party(customer.data, customer.id),
        buyer_reference=customer.id,
        lines=lines,
        groups=groups,
        groups_in_base=base_groups,
        net=figures.net * sign,
        vat=figures.vat * sign,
        total=total,
        vat_in_base=vat_in_base,
        prepaid=total - payable,
        payable=payable,
        iban=_text(company.get("iban")),
        bic=_text(company.get("bic")),
        payment_reference=vs or reference,
        variable_symbol=vs,
        corrects=corrects,
    )


def _line(number: int, line: Mapping[str, Any], sign: Decimal) -> Line:
    quantity, price = line["quantity"] * sign, line["unit_price"]
    if price < 0:  # a discount line: the price is never negative (BR-27)
        quantity, price = -quantity, -price
    code = unit_code(line)
    assert code is not None  # line_problems refused it
    exemption = line.get("vat_exemption") or {}
    note = " ".join(str(exemption[k]) for k in ("code", "text") if exemption.get(k)) or None
    return Line(
        number,
        str(line.get("description", "")),
        quantity,
        code,
        price,
        model.line_net(line) * sign,
        line_category(line)[0],
        line["vat_rate"],
        note,
    )


def _groups(
    record: Record, figures: model.Totals, sign: Decimal, rate: Decimal | None = None
) -> tuple[VatGroup, ...]:
    """One group per (category, rate): a rate with VAT is one S group with the model's
    base and VAT; the 0 % base is split by exemption code (the model's split), codes
    of one category joined (a category with two different codes is refused)."""
    from officectl.money import to_base

    data = record.data
    groups: list[VatGroup] = []
    for row in figures.by_rate:
        if row.rate != 0:
            groups.append(VatGroup("S", row.rate, row.base * sign, row.vat * sign, None, None))
    zero = {row.rate for row in figures.by_rate if row.rate == 0}
    if zero:
        texts = _exemption_texts(data)
        by_category: dict[str, tuple[str, Decimal]] = {}
        for code, base in sorted(
            model.zero_rate_bases(data).items(), key=lambda item: item[0] or ""
        ):
            upper = code.upper() if code else None
            category = vatex.category(upper) if upper else "AE"
            shown = upper or "VATEX-EU-AE"
            # line_problems refused two codes of one category
            previous = by_category.get(category, (shown, ZERO))[1]
            by_category[category] = (shown, previous + base)
        for category, (code, base) in sorted(by_category.items()):
            amount = to_base(base, rate) if rate is not None else base
            groups.append(VatGroup(category, ZERO, amount * sign, ZERO, code, texts.get(code)))
    return tuple(groups)


def _exemption_texts(invoice: Mapping[str, Any]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for line in invoice.get("lines", ()):
        exemption = line.get("vat_exemption") or {}
        if exemption.get("code") and exemption.get("text"):
            texts.setdefault(str(exemption["code"]).upper(), str(exemption["text"]))
    return texts
