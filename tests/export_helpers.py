"""Reading exports back independently of officectl: raw workbook XML, and the books
recomputed from the YAML text with plain ``Decimal`` arithmetic (nets rounded half
up, VAT once per rate)."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import yaml

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
CENT = Decimal("0.01")


@dataclass(frozen=True)
class RawCell:
    type: str | None
    text: str
    formula: bool


def sheet_paths(path: Path) -> dict[str, str]:
    """Sheet name → its XML part, in workbook order."""
    with zipfile.ZipFile(path) as archive:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}
    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    out = {}
    for sheet in book.find("m:sheets", NS) or []:
        target = str(targets[sheet.get(rel_ns)])
        out[str(sheet.get("name"))] = (
            target.lstrip("/") if target.startswith("/xl") else "xl/" + target
        )
    return out


def raw_rows(path: Path, sheet: str) -> list[dict[str, RawCell]]:
    """Each row below the header as header → raw cell (type attribute, stored text); an
    empty row is an empty mapping."""
    with zipfile.ZipFile(path) as archive:
        root = ElementTree.fromstring(archive.read(sheet_paths(path)[sheet]))
    grid: dict[int, dict[str, RawCell]] = {}
    for cell in root.iter(f"{{{NS['m']}}}c"):
        ref = str(cell.get("r"))
        column, row = re.fullmatch(r"([A-Z]+)([0-9]+)", ref).groups()
        inline = cell.find("m:is", NS)
        value = cell.find("m:v", NS)
        text = (
            "".join(t.text or "" for t in inline.iter(f"{{{NS['m']}}}t"))
            if inline is not None
            else (value.text or "")
            if value is not None
            else ""
        )
        grid.setdefault(int(row), {})[column] = RawCell(
            cell.get("t"), text, cell.find("m:f", NS) is not None
        )
    header_row = grid.pop(1)
    headers = {column: cell.text for column, cell in header_row.items()}
    last = max(grid, default=1)
    return [{headers[c]: cell for c, cell in grid.get(r, {}).items()} for r in range(2, last + 1)]


def money(text: str) -> Decimal:
    return Decimal(text).quantize(CENT)


def round_half_up(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Expected:
    id: str
    data: dict[str, Any]
    net: Decimal = Decimal(0)
    vat: Decimal = Decimal(0)
    by_rate: dict[Decimal, tuple[Decimal, Decimal]] = field(default_factory=dict)
    paid: Decimal = Decimal(0)
    credited: Decimal = Decimal(0)

    @property
    def total(self) -> Decimal:
        return self.net + self.vat

    @property
    def supply(self) -> date:
        return date.fromisoformat(self.data.get("taxable_supply_date") or self.data["issue_date"])

    @property
    def rate(self) -> Decimal | None:
        return Decimal(self.data["exchange_rate"]) if "exchange_rate" in self.data else None

    @property
    def balance(self) -> Decimal:
        """total − paid − credited; negative: owed to the customer. A cancelled invoice
        has no rule of its own (credit notes bring it to zero, payments and refunds
        decide the rest)."""
        if "credit_note_for" in self.data:
            return Decimal(0)
        return self.total - self.paid - self.credited


def expected_invoices(root: Path) -> dict[str, Expected]:
    """Every non-draft invoice, its figures computed from the YAML text alone."""
    found: dict[str, Expected] = {}
    for path in sorted((root / "records" / "invoices").rglob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        if data["status"] == "draft":
            continue
        entry = Expected(path.stem, data)
        nets: dict[Decimal, Decimal] = {}
        for line in data["lines"]:
            rate = Decimal(line["vat_rate"])
            nets[rate] = nets.get(rate, Decimal(0)) + round_half_up(
                Decimal(line["quantity"]) * Decimal(line["unit_price"])
            )
        for rate, net in nets.items():
            vat = round_half_up(net * rate / 100)
            entry.by_rate[rate] = (net, vat)
            entry.net += net
            entry.vat += vat
        entry.paid = sum((Decimal(p["amount"]) for p in data.get("payments", [])), Decimal(0))
        found[entry.id] = entry
    for entry in found.values():
        if "credit_note_for" in entry.data:
            found[entry.data["credit_note_for"]].credited -= entry.total
    return found
