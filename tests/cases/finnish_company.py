"""A Finnish company's invoices for the e-invoice tests: a domestic invoice with two
rates, an exempt line, a discount line and a partial payment; reverse charge to a
Czech customer; a credit note; and, with ``abroad``, an intra-Community supply of
goods to Sweden, services outside the scope of Finnish VAT to Norway billed in NOK and
an export of goods to the United States billed in USD with a credit note of its own,
and reverse charge to a Danish customer (whose Peppol address is its CVR number).
"""

from __future__ import annotations

from pathlib import Path

from cases.books import FINNISH_CONFIG, BooksCase
from conftest import git

CUSTOMER_FI = """\
name: Malli Kauppa Oy
country: FI
company_id: 2718282-8
vat_id: FI27182828
address: {street: Aleksanterinkatu 5, city: Helsinki, postal_code: "00100", country: FI}
"""
CUSTOMER_CZ = """\
name: Moravská strojírna a.s.
country: CZ
company_id: "26719347"
vat_id: CZ26719347
address: {street: Tovární 1123/14, city: Zlín, postal_code: 760 01, country: CZ}
"""
CUSTOMER_SE = """\
name: Svensk Verkstad AB
country: SE
company_id: 556036-0793
vat_id: SE556036079301
address: {street: Drottninggatan 12, city: Stockholm, postal_code: 111 51, country: SE}
"""
CUSTOMER_NO = """\
name: Nordvik Verft AS
country: NO
company_id: "923609016"
address: {street: Strandkaien 4, city: Bergen, postal_code: "5013", country: NO}
"""
CUSTOMER_DK = """\
name: Fjordlys ApS
country: DK
company_id: "25313763"
vat_id: DK25313763
address: {street: Vesterbrogade 10, city: København V, postal_code: "1620", country: DK}
"""
CUSTOMER_US = """\
name: Lakeshore Instruments Inc.
country: US
address: {street: 200 Lake Street, city: Duluth, postal_code: "55802", country: US}
einvoice: {endpoint: "0060:081466849"}
"""
INVOICE = """\
customer: CUS-0001
currency: EUR
lines:
  - {description: Ohjelmistokehitys, quantity: 12.5, unit: h, unit_price: 95.00, vat_rate: 25.5}
  - {description: Kirjat, quantity: 3, unit: kpl, unit_price: 19.90, vat_rate: 13.5}
  - {description: Koulutus, quantity: 1, unit_price: 400.00, vat_rate: 0,
     vat_exemption: VATEX-EU-132-1I}
  - {description: Alennus, quantity: 1, unit_price: -50.00, vat_rate: 25.5}
status: issued
issue_date: 2026-03-02
due_date: 2026-03-16
payments:
  - {date: 2026-03-10, amount: 500.00}
"""
REVERSE = """\
customer: CUS-0002
currency: EUR
lines:
  - {description: Konsultointi, quantity: 2, unit: day, unit_price: 900.00, vat_rate: 0}
status: issued
issue_date: 2026-03-03
due_date: 2026-03-17
reverse_charge: true
"""
CREDIT = """\
customer: CUS-0001
currency: EUR
lines:
  - {description: Kirjat palautettu, quantity: -1, unit: kpl, unit_price: 19.90, vat_rate: 13.5}
status: issued
issue_date: 2026-03-04
due_date: 2026-03-04
credit_note_for: INV-2026-0001
"""
INTRA_EU = """\
customer: CUS-0003
currency: EUR
lines:
  - {description: Anturimoduuli, quantity: 40, unit: kpl, unit_price: 62.35, vat_rate: 0,
     vat_exemption: {code: VATEX-EU-IC, text: Intra-Community supply}}
status: issued
issue_date: 2026-03-05
taxable_supply_date: 2026-03-04
due_date: 2026-04-04
"""
OUTSIDE_SCOPE_NOK = """\
customer: CUS-0004
currency: NOK
exchange_rate: 0.0853
lines:
  - {description: Ohjelmistotuki, quantity: 7.5, unit: h, unit_price: 1290.00, vat_rate: 0,
     vat_exemption: VATEX-EU-O}
  - {description: Kanta-asiakasalennus, quantity: 1, unit_price: -675.50, vat_rate: 0,
     vat_exemption: VATEX-EU-O}
status: issued
issue_date: 2026-03-06
due_date: 2026-04-05
payments:
  - {date: 2026-03-20, amount: 4000.00}
"""
EXPORT_USD = """\
customer: CUS-0005
currency: USD
exchange_rate: 0.9217
lines:
  - {description: Mittauslaite, quantity: 3, unit: pcs, unit_price: 1849.99, vat_rate: 0,
     vat_exemption: {code: VATEX-EU-G, text: Export outside the EU}}
  - {description: Kalibrointisarja, quantity: 2, unit: set, unit_code: SET, unit_price: 120.45,
     vat_rate: 0, vat_exemption: {code: VATEX-EU-G, text: Export outside the EU}}
status: issued
issue_date: 2026-03-09
due_date: 2026-04-08
"""
REVERSE_DK = """\
customer: CUS-0006
currency: EUR
lines:
  - {description: Pilvipalvelu, quantity: 3, unit: month, unit_price: 480.00, vat_rate: 0}
status: issued
issue_date: 2026-03-13
due_date: 2026-03-27
reverse_charge: true
"""
EXPORT_CREDIT = """\
customer: CUS-0005
currency: USD
exchange_rate: 0.9217
lines:
  - {description: Mittauslaite palautettu, quantity: -1, unit: pcs, unit_price: 1849.99,
     vat_rate: 0, vat_exemption: {code: VATEX-EU-G, text: Export outside the EU}}
status: issued
issue_date: 2026-03-12
due_date: 2026-03-12
credit_note_for: INV-2026-0006
"""


def finnish_books(root: Path, *, abroad: bool = False) -> Path:
    """The company in a git repository at ``root``: INV-2026-0001 … 0003, and with
    ``abroad`` also 0004 (Sweden, K), 0005 (Norway, O, NOK), 0006 (US, G, USD) and
    0007 (a credit note to 0006), 0008 (Denmark, reverse charge)."""
    books = BooksCase(root)
    books.config(FINNISH_CONFIG)
    books.add("customers/CUS-0001", CUSTOMER_FI)
    books.add("customers/CUS-0002", CUSTOMER_CZ)
    books.add("invoices/2026/INV-2026-0001", INVOICE)
    books.add("invoices/2026/INV-2026-0002", REVERSE)
    books.add("invoices/2026/INV-2026-0003", CREDIT)
    if abroad:
        books.add("customers/CUS-0003", CUSTOMER_SE)
        books.add("customers/CUS-0004", CUSTOMER_NO)
        books.add("customers/CUS-0005", CUSTOMER_US)
        books.add("invoices/2026/INV-2026-0004", INTRA_EU)
        books.add("invoices/2026/INV-2026-0005", OUTSIDE_SCOPE_NOK)
        books.add("invoices/2026/INV-2026-0006", EXPORT_USD)
        books.add("invoices/2026/INV-2026-0007", EXPORT_CREDIT)
        books.add("customers/CUS-0006", CUSTOMER_DK)
        books.add("invoices/2026/INV-2026-0008", REVERSE_DK)
    git(books.root, "init", "-q")
    return books.root
