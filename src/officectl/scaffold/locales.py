"""What ``init`` writes per locale: the company in ``officectl.yaml`` and one example
record of each kind, in the locale's language, with identifiers whose checksums pass.

Dates follow the day ``init`` runs, so the examples look current: the staff member
started on 1 January, the contract runs from the first of this month and the draft
invoice bills this month (so ``invoice recurring`` for this month has nothing to do).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from officectl.model import KINDS


@dataclass(frozen=True)
class Locale:
    config: str
    """``officectl.yaml``, with comments that explain it."""
    currency: str
    vat_rate: Decimal
    staff: dict[str, Any]
    customer: dict[str, Any]
    deal: dict[str, Any]
    contract: dict[str, Any]
    line: str
    """The invoice line's description; ``{period}`` becomes the billing period."""
    summary: str = ""
    """What kind of company it makes, for ``init``'s closing message."""


_TAIL = """\
payment_terms_days: {terms}          # due date = issue date + this, unless the customer says
# fields:                       # extra fields per kind, validated like the built-in ones:
#   customers: {{segment: {{type: str, enum: [smb, enterprise], required: true}}}}
# kinds:                        # your own record kinds, in records/<name>/ (README: Defined kinds)
#   tickets:
#     singular: ticket
#     id_pattern: 'TIC-\\d{{4,}}'    # 'officectl new ticket' numbers them TIC-0001, TIC-0002 …
#     fields:
#       title: {{type: str, required: true}}
#       customer: {{type: ref, kind: customers, required: true}}
#       opened: {{type: date, required: true}}
#       status: {{type: str, enum: [open, waiting, closed], default: open}}
#       assignee: {{type: ref, kind: staff}}
"""

CS_CZ = Locale(
    config="""\
# The issuing company and the repository's settings (see the officectl README).
company:
  name: Příklad Software s.r.o.
  address: {street: Dlouhá 12, city: Praha, postal_code: "110 00", country: CZ}
  company_id: "27182819"        # IČO, checked with its check digit
  vat_id: CZ27182819            # DIČ
  iban: CZ6108000000002718281828
  bic: GIBACZPX
  email: fakturace@priklad.example
  registration: C 123456 vedená u Městského soudu v Praze   # obchodní rejstřík (§ 435 OZ)
currency: CZK                   # the base currency (ISO 4217)
locale: cs_CZ                   # documents and number formats
vat_rates: [21, 12, 0]          # the rates allowed on invoice lines, in percent
"""
    + _TAIL.format(terms=14),
    currency="CZK",
    vat_rate=Decimal(21),
    staff={
        "name": "Jana Nováková",
        "email": "jana.novakova@priklad.example",
        "department": "management",
        "title": "Jednatelka",
        "employment": "full_time",
    },
    customer={
        "name": "Ukázka Trade a.s.",
        "country": "CZ",
        "type": "company",
        "company_id": "03141594",
        "vat_id": "CZ03141594",
        "email": "fakturace@ukazka.example",
        "address": {
            "street": "Masarykova 3",
            "city": "Brno",
            "postal_code": "602 00",
            "country": "CZ",
        },
        "contacts": [
            {"name": "Petr Svoboda", "email": "petr.svoboda@ukazka.example", "role": "nákup"}
        ],
        "tags": ["example"],
        "notes": "Ukázkový zákazník; smažte ho, až přidáte svého.",
    },
    deal={"title": "Nový e-shop", "stage": "proposal", "amount": Decimal("240000.00")},
    contract={
        "title": "Správa a podpora webu",
        "amount": Decimal("15000.00"),
        "signatory": "Petr Svoboda",
    },
    line="Správa a podpora webu — {period}",
    summary="a Czech company, CZK",
)

FI_FI = Locale(
    config="""\
# The issuing company and the repository's settings (see the officectl README).
company:
  name: Esimerkki Oy
  address: {street: Esimerkkikatu 1, city: Helsinki, postal_code: "00100", country: FI}
  company_id: 1618033-3         # Y-tunnus, checked with its check digit
  vat_id: FI16180333
  iban: FI4540570000271828      # Aktia (bank code 405), so the BIC is Aktia's
  bic: HELSFIHH
  email: laskutus@esimerkki.example
currency: EUR                   # the base currency (ISO 4217)
locale: fi_FI                   # documents and number formats
vat_rates:                      # a dated rate applies if the taxable supply date is in its range
  - {rate: 25.5, from: 2024-09-01}
  - {rate: 24, from: 2013-01-01, to: 2024-08-31}
  - {rate: 14, from: 2013-01-01, to: 2025-12-31}
  - {rate: 13.5, from: 2026-01-01}
  - 10
  - 0
"""
    + _TAIL.format(terms=14),
    currency="EUR",
    vat_rate=Decimal("25.5"),
    staff={
        "name": "Aino Virtanen",
        "email": "aino.virtanen@esimerkki.example",
        "department": "management",
        "title": "Toimitusjohtaja",
        "employment": "full_time",
    },
    customer={
        "name": "Malli Kauppa Oy",
        "country": "FI",
        "type": "company",
        "company_id": "2718282-8",
        "vat_id": "FI27182828",
        "email": "laskut@mallikauppa.example",
        "address": {
            "street": "Kauppakatu 5",
            "city": "Tampere",
            "postal_code": "33100",
            "country": "FI",
        },
        "contacts": [
            {"name": "Mikko Laine", "email": "mikko.laine@mallikauppa.example", "role": "hankinta"}
        ],
        "tags": ["example"],
        "notes": "Esimerkkiasiakas; poista, kun lisäät omasi.",
    },
    deal={"title": "Verkkokaupan uudistus", "stage": "proposal", "amount": Decimal("18000.00")},
    contract={
        "title": "Verkkosivujen ylläpito ja tuki",
        "amount": Decimal("900.00"),
        "signatory": "Mikko Laine",
    },
    line="Verkkosivujen ylläpito ja tuki — {period}",
    summary="a Finnish company, EUR",
)

EN_GB = Locale(
    config="""\
# The issuing company and the repository's settings (see the officectl README).
company:
  name: Example Software Ltd
  address: {street: 1 Example Street, city: London, postal_code: EC1A 1BB, country: GB}
  company_id: "07654321"        # Companies House registration number
  vat_id: GB980780684           # UK VAT registration number, checked with its check digits
  iban: GB29NWBK60161331926819  # NatWest (bank code NWBK), so the BIC is NatWest's
  bic: NWBKGB2L
  email: accounts@example-software.example
  registration: Registered in England and Wales, company number 07654321
currency: GBP                   # the base currency (ISO 4217)
locale: en_GB                   # documents and number formats
vat_rates: [20, 5, 0]           # UK standard, reduced and zero rates, in percent
"""
    + _TAIL.format(terms=30),
    currency="GBP",
    vat_rate=Decimal(20),
    staff={
        "name": "Olivia Bennett",
        "email": "olivia.bennett@example-software.example",
        "department": "management",
        "title": "Managing Director",
        "employment": "full_time",
    },
    customer={
        "name": "Sample Trading Ltd",
        "country": "GB",
        "type": "company",
        "vat_id": "GB434031494",
        "email": "accounts@sample-trading.example",
        "address": {
            "street": "2 Market Street",
            "city": "Manchester",
            "postal_code": "M1 1AE",
            "country": "GB",
        },
        "contacts": [
            {
                "name": "James Taylor",
                "email": "james.taylor@sample-trading.example",
                "role": "purchasing",
            }
        ],
        "tags": ["example"],
        "notes": "An example customer; delete it once you add yours.",
    },
    deal={"title": "Online shop rebuild", "stage": "proposal", "amount": Decimal("20000.00")},
    contract={
        "title": "Website care and support",
        "amount": Decimal("1000.00"),
        "signatory": "James Taylor",
    },
    line="Website care and support — {period}",
    summary="a UK company, GBP; --locale en_IE makes an Irish one in EUR",
)

EN_IE = Locale(
    config="""\
# The issuing company and the repository's settings (see the officectl README).
company:
  name: Example Software Ltd
  address: {street: 1 Example Street, city: Dublin, postal_code: D02 X285, country: IE}
  company_id: "654321"          # company registration number
  vat_id: IE6388047V            # EU VAT number, checked with its check digit
  iban: IE29AIBK93115212345678
  bic: AIBKIE2D
  email: accounts@example-software.example
currency: EUR                   # the base currency (ISO 4217)
locale: en_IE                   # documents and number formats
vat_rates: [23, 13.5, 9, 0]     # the rates allowed on invoice lines, in percent
"""
    + _TAIL.format(terms=30),
    currency="EUR",
    vat_rate=Decimal(23),
    staff={
        "name": "Siobhan Murphy",
        "email": "siobhan.murphy@example-software.example",
        "department": "management",
        "title": "Managing Director",
        "employment": "full_time",
    },
    customer={
        "name": "Sample Trading Ltd",
        "country": "IE",
        "type": "company",
        "vat_id": "IE8271828R",
        "email": "accounts@sample-trading.example",
        "address": {
            "street": "2 Harbour Road",
            "city": "Cork",
            "postal_code": "T12 AB34",
            "country": "IE",
        },
        "contacts": [
            {
                "name": "Conor Walsh",
                "email": "conor.walsh@sample-trading.example",
                "role": "purchasing",
            }
        ],
        "tags": ["example"],
        "notes": "An example customer; delete it once you add yours.",
    },
    deal={"title": "Online shop rebuild", "stage": "proposal", "amount": Decimal("24000.00")},
    contract={
        "title": "Website care and support",
        "amount": Decimal("1200.00"),
        "signatory": "Conor Walsh",
    },
    line="Website care and support — {period}",
    summary="an Irish company, EUR",
)

LOCALES = {"cs_CZ": CS_CZ, "fi_FI": FI_FI, "en_GB": EN_GB, "en_IE": EN_IE}
"""``init --locale`` → what it writes. ``en_GB`` was an Irish company (EUR) until it
became a UK one (GBP); that Irish company is ``en_IE`` now."""


def example_records(locale: Locale, today: date) -> dict[str, dict[str, Any]]:
    """Kind → the example record's ID and fields (``{"id": …, "data": …}``)."""
    month = date(today.year, today.month, 1)
    period = f"{month.year:04d}-{month.month:02d}"
    first = {name: _first_id(name, month.year) for name in KINDS}
    staff_id, customer_id, contract_id = first["staff"], first["customers"], first["contracts"]
    close = (month + timedelta(days=62)).replace(day=1) - timedelta(days=1)
    return {
        "staff": {"id": staff_id, "data": {**locale.staff, "start_date": date(today.year, 1, 1)}},
        "customers": {
            "id": customer_id,
            "data": {**locale.customer, "account_manager": staff_id, "currency": locale.currency},
        },
        "deals": {
            "id": first["deals"],
            "data": {
                "title": locale.deal["title"],
                "customer": customer_id,
                "owner": staff_id,
                "stage": locale.deal["stage"],
                "amount": locale.deal["amount"],
                "currency": locale.currency,
                "expected_close": close,
            },
        },
        "contracts": {
            "id": contract_id,
            "data": {
                "title": locale.contract["title"],
                "customer": customer_id,
                "start_date": month,
                "status": "active",
                "auto_renew": True,
                "notice_period_days": 30,
                "signed_on": month - timedelta(days=3),
                "signed_by": {"customer": locale.contract["signatory"], "company": staff_id},
                "billing": {
                    "amount": locale.contract["amount"],
                    "currency": locale.currency,
                    "frequency": "monthly",
                    "vat_rate": locale.vat_rate,
                },
            },
        },
        "invoices": {
            "id": first["invoices"],
            "data": {
                "customer": customer_id,
                "currency": locale.currency,
                "lines": [
                    {
                        "description": locale.line.format(period=period),
                        "quantity": 1,
                        "unit_price": locale.contract["amount"],
                        "vat_rate": locale.vat_rate,
                    }
                ],
                "status": "draft",
                "billing_period": period,
                "contract": contract_id,
            },
        },
    }


def _first_id(kind: str, year: int) -> str:
    """The ID ``new`` would give a kind's first record."""
    numbering = KINDS[kind].numbering
    assert numbering is not None  # every built-in kind is numbered
    return numbering.format(1, year)
