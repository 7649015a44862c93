"""Generate a deterministic, valid records repository of N invoices for benchmarks.

    python benchmarks/generate.py --invoices 10000 /tmp/books-10k

The repository looks like ten years of a Czech software company's books: customers
in five countries (with valid, checksummed IČO/DIČ, VAT and registration numbers
computed with python-stdnum), staff with a management tree, deals through every
stage, contracts for the won deals, and invoices numbered contiguously per year
(paid, partly paid, open, cancelled and credited, drafts; CZK and EUR with
exchange rates and reverse charge). The other kinds grow in proportion:

    customers N/50, deals N/20, contracts = won deals (~N/50), staff 8 + N/2000,
    and the sample's defined kinds: tickets N/10, campaigns N/500

Every record passes ``officectl validate --strict --today 2026-11-25``. The same N
always gives the same bytes (a seeded ``random.Random``, no clock), so figures
taken on different machines compare the same repository. Invoice files are
400–700 bytes, like hand-written ones.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from stdnum.cz import dic as cz_dic
from stdnum.de import vat as de_vat
from stdnum.fi import ytunnus as fi_ytunnus
from stdnum.no import orgnr as no_orgnr
from stdnum.sk import dph as sk_dph

TODAY = date(2026, 11, 25)
FIRST_YEAR = 2017
LAST_YEAR = 2026
LAST_ISSUE = date(2026, 11, 20)
CENT = Decimal("0.01")

CONFIG = """\
company:
  name: Severka Digital s.r.o.
  address: {street: Údolní 53, city: Brno, postal_code: "602 00", country: CZ}
  company_id: "29083419"
  vat_id: CZ29083419
  iban: CZ6508000000192000145399
  bic: GIBACZPX
  email: billing@severka.example
currency: CZK
locale: cs_CZ
# Czech rates: the reduced 15 % and 10 % merged into 12 % on 2024-01-01
vat_rates:
  - 21
  - {rate: 15, to: 2023-12-31}
  - {rate: 10, to: 2023-12-31}
  - {rate: 12, from: 2024-01-01}
  - 0
payment_terms_days: 14
kinds:
  tickets:
    singular: ticket
    id_pattern: 'TIC-\\d{4,}'
    fields:
      title: {type: str, required: true}
      customer: {type: ref, kind: customers, required: true}
      opened: {type: date, required: true}
      closed: {type: date}
      status: {type: str, enum: [open, waiting, closed], default: open}
      priority: {type: str, enum: [low, normal, high, urgent], default: normal}
      assignee: {type: ref, kind: staff}
  campaigns:
    singular: campaign
    id_pattern: 'CMP-\\d{4,}'
    fields:
      name: {type: str, required: true}
      channel: {type: str, enum: [email, events, linkedin, search, print], required: true}
      budget: {type: decimal, min: 0, required: true}
      start: {type: date, required: true}
      end: {type: date}
      owner: {type: ref, kind: staff}
      leads: {type: list, items: ref, kind: customers}
    unique: [name]
    export: true
"""

SAFE_PLAIN = re.compile(r"[A-Za-zÀ-ž0-9][A-Za-zÀ-ž0-9 ,.()/&'+—–-]*")
"""Text that YAML reads back as the same plain string (no ': ', ' #', no indicators)."""

FIRST_NAMES = (
    "Jana",
    "Petr",
    "Lucie",
    "Tomáš",
    "Eva",
    "Martin",
    "Kateřina",
    "Jakub",
    "Tereza",
    "Ondřej",
    "Veronika",
    "Lukáš",
    "Aino",
    "Mikko",
    "Ingrid",
    "Lars",
)
LAST_NAMES = (
    "Nováková",
    "Svoboda",
    "Dvořáková",
    "Černý",
    "Procházková",
    "Kučera",
    "Veselá",
    "Horák",
    "Marešová",
    "Pokorný",
    "Korhonen",
    "Virtanen",
    "Hansen",
    "Berg",
    "Schmidt",
    "Bauer",
)
COMPANY_WORDS = (
    "Moravská",
    "Pražská",
    "Nordic",
    "Alpine",
    "Baltic",
    "Vltava",
    "Sever",
    "Danube",
    "Tatra",
    "Helix",
    "Orbit",
    "Kovo",
    "Agro",
    "Stavby",
    "Logistika",
    "Software",
    "Media",
    "Energie",
    "Textil",
    "Sklo",
)
CITIES = {
    "CZ": (
        ("Brno", "602 00"),
        ("Praha", "110 00"),
        ("Ostrava", "702 00"),
        ("Zlín", "760 01"),
        ("Olomouc", "779 00"),
    ),
    "SK": (("Bratislava", "811 01"), ("Košice", "040 01")),
    "DE": (("Berlin", "10115"), ("München", "80331"), ("Dresden", "01067")),
    "FI": (("Helsinki", "00100"), ("Tampere", "33100")),
    "NO": (("Oslo", "0150"), ("Bergen", "5003")),
}
STREETS = (
    "Údolní",
    "Hlavní",
    "Nádražní",
    "Main Street",
    "Hauptstraße",
    "Mannerheimintie",
    "Karl Johans gate",
    "Tovární",
    "Školní",
    "Obchodní",
)
SUFFIX = {"CZ": "s.r.o.", "SK": "s.r.o.", "DE": "GmbH", "FI": "Oy", "NO": "AS"}
COUNTRY_CYCLE = ("CZ", "CZ", "CZ", "CZ", "CZ", "CZ", "SK", "DE", "FI", "NO")
SERVICES = (
    ("Vývoj webové aplikace", "h", "1450.00"),
    ("Software development", "h", "1650.00"),
    ("Konzultace architektury", "h", "2200.00"),
    ("UX audit", "day", "14500.00"),
    ("Hosting a správa serverů", "month", "4900.00"),
    ("Support retainer", "month", "28000.00"),
    ("Penetration test", "day", "18900.00"),
    ("Licence CMS", "pcs", "12990.00"),
    ("Školení pro uživatele", "day", "16800.00"),
    ("Data migration", "h", "1890.50"),
    ("Cestovní náklady", "km", "8.40"),
    ("Project management", "h", "1350.00"),
)
DEPARTMENTS = (
    "management",
    "sales",
    "sales",
    "finance",
    "it",
    "support",
    "marketing",
    "operations",
    "hr",
    "legal",
)
DEAL_TITLES = (
    "B2B portál",
    "Mobile app",
    "E-shop redesign",
    "Data platform",
    "Intranet",
    "CRM integration",
    "Cloud migration",
    "Security audit",
)
NOTES_CZ = (
    "Fakturujeme dle objednávky, splatnost dle smlouvy.",
    "Práce provedeny dle akceptačního protokolu ze dne předání.",
)
NOTES_ABROAD = (
    "Please quote the invoice number with your payment.",
    "Reverse charge: the customer accounts for the VAT (Art. 196).",
)
LOST_REASONS = ("price", "timing", "chose a competitor", "project cancelled")


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def exchange_rate(day: date) -> Decimal:
    """A made-up but stable CZK per EUR rate of ``day`` (24.000–25.999)."""
    return Decimal(24_000 + day.toordinal() % 2000).scaleb(-3)


def text(value: str) -> str:
    """A YAML scalar for ``value``: plain when safe, else double-quoted (JSON is YAML)."""
    return value if SAFE_PLAIN.fullmatch(value) else json.dumps(value, ensure_ascii=False)


def with_check_digit(prefix: str, is_valid: Callable[[str], bool]) -> str | None:
    """``prefix`` + the check digit python-stdnum accepts (found by trying 0–9), if any."""
    return next((prefix + d for d in "0123456789" if is_valid(prefix + d)), None)


def identifiers(country: str, index: int) -> tuple[str, str]:
    """A valid (company_id, vat_id) pair for the ``index``-th customer, unique to it.

    Each customer owns the 7-digit stems ``2_600_000 + 373 * index`` … ``+ 372``; a
    stem without a valid check digit (a mod-11 remainder of 10) moves to the next one.
    """
    for offset in range(373):
        pair = _identifiers(country, f"{2_600_000 + index * 373 + offset:07d}")
        if pair is not None:
            return pair
    raise ValueError(f"no valid {country} identifier near stem {index}")


def _identifiers(country: str, stem: str) -> tuple[str, str] | None:
    if country == "CZ":
        ico = stem + cz_dic.calc_check_digit_legal(stem)
        return ico, "CZ" + ico
    if country == "SK":
        number = f"202{stem}"  # a legal entity's IČ DPH: divisible by 11 as a whole
        return (f"3{stem}", f"SK{number}") if sk_dph.is_valid(number) else None
    if country == "DE":
        vat = with_check_digit("1" + stem, de_vat.is_valid)
        return (f"HRB {stem}", "DE" + vat) if vat else None
    if country == "FI":
        ytunnus = with_check_digit(stem, fi_ytunnus.is_valid)
        return (f"{stem}-{ytunnus[-1]}", "FI" + ytunnus) if ytunnus else None
    orgnr = with_check_digit("9" + stem, no_orgnr.is_valid)
    return (orgnr, f"NO{orgnr}MVA") if orgnr else None


@dataclass
class Staff:
    id: str
    department: str
    departed: bool


@dataclass
class Customer:
    id: str
    country: str
    contracts: list[Contract] = field(default_factory=list)

    @property
    def currency(self) -> str:
        return "CZK" if self.country == "CZ" else "EUR"


@dataclass
class Contract:
    id: str
    customer: Customer
    deal: str
    start: date
    vat_rate: int


@dataclass
class Line:
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    vat_rate: int


@dataclass
class Invoice:
    id: str
    customer: Customer
    issue: date
    lines: list[Line]
    contract: Contract | None = None
    status: str = "issued"
    paid: list[tuple[date, Decimal]] = field(default_factory=list)
    credit_for: str | None = None
    notes: str | None = None

    def total(self) -> Decimal:
        nets: dict[int, Decimal] = {}
        for line in self.lines:
            nets[line.vat_rate] = nets.get(line.vat_rate, Decimal(0)) + money(
                line.quantity * line.unit_price
            )
        return sum((net + money(net * rate / 100) for rate, net in nets.items()), Decimal(0))


class Generator:
    def __init__(self, invoices: int, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.invoices = invoices
        self.staff = self._staff(8 + invoices // 2000)
        self.customers = [
            Customer(f"CUS-{i:04d}", COUNTRY_CYCLE[i % len(COUNTRY_CYCLE)])
            for i in range(1, max(12, invoices // 50) + 1)
        ]
        self.sales = [s for s in self.staff if s.department == "sales" and not s.departed]
        self.deal_count = max(12, invoices // 20)

    def files(self) -> Iterator[tuple[str, str]]:
        """(relative path, text) of every file of the repository, in a fixed order."""
        yield "officectl.yaml", CONFIG
        for person in self.staff:
            yield f"records/staff/{person.id}.yaml", self._staff_text(person)
        for index, customer in enumerate(self.customers):
            yield f"records/customers/{customer.id}.yaml", self._customer_text(customer, index)
        contracts: list[Contract] = []
        for number in range(1, self.deal_count + 1):
            deal_text, contract = self._deal(number, contracts)
            yield f"records/deals/DEAL-{number:04d}.yaml", deal_text
            if contract is not None:
                contracts.append(contract)
        for contract in contracts:
            yield f"records/contracts/{contract.id}.yaml", self._contract_text(contract)
        yield from self._invoices()
        yield from self._defined()

    def _defined(self) -> Iterator[tuple[str, str]]:
        """The sample's defined kinds: a ticket per 10 invoices, a campaign per 500
        (no random numbers: the invoices stay as they were without them)."""
        support = [s.id for s in self.staff if s.department == "support" and not s.departed]
        customers = self.customers
        for n in range(1, self.invoices // 10 + 1):
            opened = TODAY - timedelta(days=n * 7 % 3000 + 1)
            status = ("open", "waiting", "closed", "closed")[n % 4]
            lines = [
                f"title: {DEAL_TITLES[n % 8]} — požadavek {n}",
                f"customer: {customers[n * 7 % len(customers)].id}",
                f"opened: {opened}",
                f"status: {status}",
                f"priority: {('low', 'normal', 'high', 'urgent')[n % 4]}",
                f"assignee: {support[n % len(support)]}",
            ]
            if status == "closed":
                lines.insert(3, f"closed: {opened + timedelta(days=n % 9)}")
            yield f"records/tickets/TIC-{n:04d}.yaml", "\n".join(lines) + "\n"
        for n in range(1, max(3, self.invoices // 500) + 1):
            start = date(FIRST_YEAR + n % 10, 1 + n % 12, 1)
            leads = ", ".join(customers[(n * 3 + k) % len(customers)].id for k in range(3))
            yield (
                f"records/campaigns/CMP-{n:04d}.yaml",
                (
                    f"name: Kampaň {n}\nchannel: {('email', 'events', 'linkedin', 'search')[n % 4]}"
                    f"\nbudget: {1000 + n * 250}.00\nstart: {start}\n"
                    f"end: {start + timedelta(days=60)}\nowner: EMP-001\nleads: [{leads}]\n"
                ),
            )

    # -- staff, customers, deals, contracts ------------------------------------------

    def _staff(self, count: int) -> list[Staff]:
        people = []
        for number in range(1, count + 1):
            department = DEPARTMENTS[(number - 1) % len(DEPARTMENTS)]
            departed = number > 10 and number % 7 == 0 and department != "sales"
            people.append(Staff(f"EMP-{number:03d}", department, departed))
        return people

    def _staff_text(self, person: Staff) -> str:
        number = int(person.id[4:])
        first = FIRST_NAMES[number % len(FIRST_NAMES)]
        last = LAST_NAMES[(number * 7) % len(LAST_NAMES)]
        start = date(2012 + number % 12, 1 + number % 12, 1)
        manager = (
            None if number == 1 else ("EMP-001" if number <= 10 else f"EMP-{2 + number % 9:03d}")
        )
        lines = [
            f"name: {first} {last}",
            f"email: {first.lower()}.{number:03d}@severka.example".encode(
                "ascii", "ignore"
            ).decode(),
            f"department: {person.department}",
            f"start_date: {start}",
            f"title: {person.department.capitalize()} specialist",
            "employment: full_time",
        ]
        if manager:
            lines.append(f"manager: {manager}")
        if person.departed:
            lines.append(f"end_date: {start.replace(year=2024)}")
        lines += [
            "salary:",
            f"  amount: {60000 + number * 750}.00",
            "  currency: CZK",
            "  period: month",
        ]
        return "\n".join(lines) + "\n"

    def _customer_text(self, customer: Customer, index: int) -> str:
        country = customer.country
        company_id, vat_id = identifiers(country, index)
        word = COMPANY_WORDS[index % len(COMPANY_WORDS)]
        other = COMPANY_WORDS[(index // len(COMPANY_WORDS)) % len(COMPANY_WORDS)]
        name = f"{word} {other} {index} {SUFFIX[country]}"
        city, postal = CITIES[country][index % len(CITIES[country])]
        slug = f"{word.lower()}{index}".encode("ascii", "ignore").decode()
        manager = self.sales[index % len(self.sales)].id
        return (
            "\n".join(
                [
                    f"name: {text(name)}",
                    f"country: {country}",
                    "type: company",
                    f'company_id: "{company_id}"',
                    f"vat_id: {vat_id}",
                    f"email: billing@{slug}.example",
                    f'phone: "+420 577 {index % 1000:03d} 400"',
                    "address:",
                    f"  street: {STREETS[index % len(STREETS)]} {1 + index % 180}",
                    f"  city: {city}",
                    f'  postal_code: "{postal}"',
                    f"  country: {country}",
                    f"currency: {customer.currency}",
                    f"payment_terms_days: {(14, 21, 30)[index % 3]}",
                    f"account_manager: {manager}",
                    "contacts:",
                    f"  - name: {FIRST_NAMES[index % 16]} {LAST_NAMES[index % 16]}",
                    f"    email: accounts@{slug}.example",
                    "    role: accounting",
                    f"tags: [{('smb', 'enterprise', 'public')[index % 3]}]",
                ]
            )
            + "\n"
        )

    def _deal(self, number: int, contracts: list[Contract]) -> tuple[str, Contract | None]:
        customer = self.customers[number % len(self.customers)]
        stage = (
            "won",
            "won",
            "lost",
            "negotiation",
            "won",
            "proposal",
            "lead",
            "qualified",
            "lost",
            "won",
        )[number % 10]
        closed = date(FIRST_YEAR, 1, 1) + timedelta(days=(number * 3653) // self.deal_count % 3500)
        owners = (
            self.sales
            if stage not in ("won", "lost")
            else [s for s in self.staff if s.department == "sales"]
        )
        amount = Decimal(50_000 + (number * 7919) % 900_000)
        lines = [
            f"title: {DEAL_TITLES[number % len(DEAL_TITLES)]} for {customer.id}",
            f"customer: {customer.id}",
            f"owner: {owners[number % len(owners)].id}",
            f"stage: {stage}",
            f"amount: {amount}.00",
            "currency: CZK",
        ]
        contract = None
        if stage in ("won", "lost"):
            lines.append(f"closed_on: {closed}")
        else:
            lines.append(f"expected_close: {TODAY + timedelta(days=30 + number % 200)}")
        if stage == "lost":
            lines.append(f"lost_reason: {LOST_REASONS[number % len(LOST_REASONS)]}")
        if stage == "won":
            start = closed + timedelta(days=14)
            same_year = sum(c.start.year == start.year for c in contracts)
            contract = Contract(
                f"CON-{start.year}-{same_year + 1:03d}",
                customer,
                f"DEAL-{number:04d}",
                start,
                0 if customer.country != "CZ" else 21,
            )
            customer.contracts.append(contract)
            lines.append(f"contract: {contract.id}")
        return "\n".join(lines) + "\n", contract

    def _contract_text(self, contract: Contract) -> str:
        number = int(contract.deal[5:])
        ended = contract.start.year < 2025
        lines = [
            f"title: Development and operations for {contract.customer.id}",
            f"customer: {contract.customer.id}",
            f"start_date: {contract.start}",
            f"status: {'expired' if ended else 'active'}",
            f"deal: {contract.deal}",
        ]
        if ended:
            lines.append(f"end_date: {contract.start.year + 1}-12-31")
        lines += [
            "auto_renew: false",
            "notice_period_days: 30",
            f"signed_on: {contract.start - timedelta(days=3)}",
            "signed_by:",
            f"  customer: {FIRST_NAMES[number % 16]} {LAST_NAMES[number % 16]}",
            "  company: EMP-001",
            "billing:",
            f"  amount: {10000 + number % 90 * 500}.00",
            f"  currency: {contract.customer.currency}",
            "  frequency: monthly",
            f"  vat_rate: {contract.vat_rate}",
        ]
        return "\n".join(lines) + "\n"

    # -- invoices ----------------------------------------------------------------------

    def _invoices(self) -> Iterator[tuple[str, str]]:
        drafts = max(1, self.invoices // 1000)
        issued = self.invoices - drafts
        years = LAST_YEAR - FIRST_YEAR + 1
        for offset in range(years):
            year = FIRST_YEAR + offset
            count = issued // years + (1 if offset < issued % years else 0)
            batch: list[Invoice] = []
            for number in range(1, count + 1):
                invoice = self._invoice(year, number, count)
                if number % 250 == 0:
                    self._credit(invoice, batch[-1])
                else:
                    self._settle(invoice)
                batch.append(invoice)
            for invoice in batch:
                yield (f"records/invoices/{year}/{invoice.id}.yaml", self._invoice_text(invoice))
        for number in range(1, drafts + 1):
            invoice = self._invoice(LAST_YEAR, number, drafts)
            invoice.id, invoice.status, invoice.paid = f"INV-DRAFT-{number:04d}", "draft", []
            for line in invoice.lines:  # undated: only the undated rates (21, 0) apply
                line.vat_rate = 21 if line.vat_rate else 0
            yield f"records/invoices/{invoice.id}.yaml", self._invoice_text(invoice)

    def _invoice(self, year: int, number: int, count: int) -> Invoice:
        rng = self.rng
        last = LAST_ISSUE if year == LAST_YEAR else date(year, 12, 31)
        first = date(year, 1, 2)
        issue = first + timedelta(days=(number - 1) * ((last - first).days) // max(1, count))
        customer = self.customers[rng.randrange(len(self.customers))]
        contract = None
        if customer.contracts and rng.random() < 0.6:
            contract = customer.contracts[rng.randrange(len(customer.contracts))]
        lines = [self._line(customer, issue) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
        invoice = Invoice(f"INV-{year}-{number:04d}", customer, issue, lines, contract)
        if rng.random() < 0.3:
            invoice.notes = rng.choice(NOTES_CZ if customer.country == "CZ" else NOTES_ABROAD)
        return invoice

    def _line(self, customer: Customer, issue: date) -> Line:
        description, unit, price = self.rng.choice(SERVICES)
        quantity = Decimal(self.rng.choice((1, 2, 3, 8, 12, 16, 24, 40)))
        if unit == "h" and self.rng.random() < 0.3:
            quantity += Decimal("0.5")
        if customer.country != "CZ":
            rate = 0
        elif self.rng.random() < 0.85:
            rate = 21
        else:
            rate = 12 if issue.year >= 2024 else self.rng.choice((15, 10))
        return Line(f"{description} — {issue:%m/%Y}", quantity, unit, Decimal(price), rate)

    def _settle(self, invoice: Invoice) -> None:
        age = (TODAY - invoice.issue).days
        total = invoice.total()
        if age > 45 or (age > 20 and self.rng.random() < 0.5):
            invoice.status = "paid"
            if len(invoice.lines) < 3 and self.rng.random() < 0.2:
                half = money(total / 2)
                invoice.paid = [
                    (invoice.issue + timedelta(days=10), half),
                    (invoice.issue + timedelta(days=20), total - half),
                ]
            else:
                invoice.paid = [(invoice.issue + timedelta(days=12), total)]
        elif age > 10 and self.rng.random() < 0.3:
            invoice.paid = [(invoice.issue + timedelta(days=5), money(total / 3))]

    def _credit(self, note: Invoice, original: Invoice) -> None:
        """Turn ``note`` into a credit note cancelling the whole of ``original``."""
        original.status, original.paid = "cancelled", []
        note.customer, note.contract = original.customer, original.contract
        note.lines = [
            Line(
                f"Dobropis k {original.id}: {line.description}",
                -line.quantity,
                line.unit,
                line.unit_price,
                line.vat_rate,
            )
            for line in original.lines
        ]
        note.credit_for, note.status, note.paid = original.id, "issued", []

    def _invoice_text(self, invoice: Invoice) -> str:
        customer = invoice.customer
        out = [f"customer: {customer.id}", f"currency: {customer.currency}", "lines:"]
        for line in invoice.lines:
            out += [
                f"  - description: {text(line.description)}",
                f"    quantity: {line.quantity}",
                f"    unit: {line.unit}",
                f"    unit_price: {line.unit_price}",
                f"    vat_rate: {line.vat_rate}",
            ]
            if line.vat_rate == 0 and customer.country == "NO":  # an export of services
                out.append("    vat_exemption: VATEX-EU-O")
        out.append(f"status: {invoice.status}")
        if invoice.status != "draft":
            due = invoice.issue + timedelta(days=14)
            out += [f"issue_date: {invoice.issue}", f"due_date: {due}"]
        if invoice.contract is not None:
            out += [
                f"billing_period: {invoice.issue:%Y-%m}",
                f"contract: {invoice.contract.id}",
                f"deal: {invoice.contract.deal}",
            ]
        if invoice.credit_for:
            out.append(f"credit_note_for: {invoice.credit_for}")
        if invoice.paid:
            out.append("payments:")
            for day, amount in invoice.paid:
                out += [
                    f"  - date: {day}",
                    f"    amount: {amount}",
                    f"    reference: VS {invoice.id[4:8]}{invoice.id[9:]}",
                ]
        if customer.currency != "CZK":
            # Norway: an export of services, its lines say so (vat_exemption) instead
            out += (
                []
                if customer.country == "NO"
                else [
                    "reverse_charge: true",
                    "# ČNB rate, CZK per 1 EUR, on the date of taxable supply",
                ]
            ) + [f"exchange_rate: {exchange_rate(invoice.issue)}"]
        size = sum(len(line.encode()) + 1 for line in out)
        if invoice.notes and size + len(invoice.notes.encode()) < 660:
            out.append(f"notes: {text(invoice.notes)}")
            size += len(out[-1].encode()) + 1
        if size < 420:  # keep files 400–700 bytes, like hand-written ones
            out += [
                "meta:",
                f"  order: PO-{invoice.id[4:]}",
                f"  project: {DEAL_TITLES[int(invoice.id[-3:], 36) % len(DEAL_TITLES)]}",
                f"  contact: {FIRST_NAMES[size % 16]} {LAST_NAMES[size % 16]}",
                "  delivery: e-mail, PDF and ISDOC",
            ]
            if size < 300:
                out += [
                    "  approved_by: účtárna zákazníka, Ing. Radek Pospíšil",
                    "  archive: DMS/faktury/vydané, skartační lhůta 10 let",
                ]
        return "\n".join(out) + "\n"


def generate(root: Path, invoices: int) -> int:
    """Write the repository under ``root`` (which must be empty or absent); count files."""
    if root.exists() and any(root.iterdir()):
        raise SystemExit(f"{root} is not empty")
    folders: set[Path] = set()
    count = 0
    for relpath, content in Generator(invoices).files():
        target = root / relpath
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        target.write_text(content, encoding="utf-8")
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--invoices", type=int, default=10_000, help="number of invoices")
    parser.add_argument("root", type=Path, help="the folder to create")
    args = parser.parse_args(argv)
    count = generate(args.root, args.invoices)
    print(f"wrote {count} files to {args.root}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
