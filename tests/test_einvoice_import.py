"""``import einvoice``: a supplier's Peppol UBL or ISDOC file read safely into a bill;
our own exported invoice read back gives the same parties, lines and totals."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from conftest import RunCli


def _record(root: Path, invoice_id: str) -> dict:
    path = next((root / "records" / "invoices").rglob(f"{invoice_id}.yaml"))
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def _customer(root: Path, customer_id: str) -> dict:
    text = (root / "records" / "customers" / f"{customer_id}.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=yaml.BaseLoader)


def _imported(run_cli: RunCli, root: Path, path: Path) -> dict:
    result = run_cli(root, "import", "einvoice", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    return yaml.load(result.stdout.split("---\n", 1)[1], Loader=yaml.BaseLoader)


@pytest.mark.parametrize(
    ("invoice_id", "fmt", "suffix"),
    [
        ("INV-2026-0030", "peppol", ".xml"),
        ("INV-2026-0031", "peppol", ".xml"),
        ("INV-2026-0030", "isdoc", ".isdoc"),
        ("INV-2026-0031", "isdoc", ".isdoc"),
        ("INV-2026-0028", "peppol", ".xml"),
        ("INV-2026-0028", "isdoc", ".isdoc"),
    ],
)
def test_round_trip(
    sample_repo: Path, run_cli: RunCli, invoice_id: str, fmt: str, suffix: str
) -> None:
    assert run_cli(sample_repo, "export", "einvoice", invoice_id, "--format", fmt).exit_code == 0
    bill = _imported(
        run_cli, sample_repo, sample_repo / "reports" / "einvoices" / f"{invoice_id}{suffix}"
    )
    record = _record(sample_repo, invoice_id)
    customer = _customer(sample_repo, record["customer"])
    company = yaml.safe_load((sample_repo / "officectl.yaml").read_text(encoding="utf-8"))[
        "company"
    ]
    assert bill["number"] == invoice_id and bill["currency"] == record["currency"]
    assert bill["supplier"] == company["name"]
    assert bill["supplier_vat_id"] == company["vat_id"]
    assert bill["buyer"] == customer["name"]
    assert bill["buyer_vat_id"] == customer["vat_id"]
    assert bill["buyer_address"].startswith(customer["address"]["street"])
    assert bill.get("credit_note_for") == record.get("credit_note_for")
    net = Decimal(0)
    assert len(bill["lines"]) == len(record["lines"])
    for got, line in zip(bill["lines"], record["lines"], strict=True):
        assert got["description"] == line["description"]
        assert Decimal(got["quantity"]) == Decimal(line["quantity"])
        assert Decimal(got["unit_price"]) == Decimal(line["unit_price"])
        assert Decimal(got["vat_rate"]) == Decimal(line["vat_rate"])
        net += Decimal(line["quantity"]) * Decimal(line["unit_price"])
    assert Decimal(bill["net"]) == net


def test_hostile_xml_is_refused(sample_repo: Path, run_cli: RunCli, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    hostile = tmp_path / "evil.xml"
    hostile.write_text(
        f"""<?xml version="1.0"?>
<!DOCTYPE Invoice [<!ENTITY x SYSTEM "file://{secret}">
<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">&x;&b;</Invoice>
""",
        encoding="utf-8",
    )
    result = run_cli(sample_repo, "import", "einvoice", str(hostile), "--dry-run")
    assert result.exit_code == 1
    assert "DOCTYPE" in result.output and "TOP SECRET" not in result.output


@pytest.mark.parametrize("content", [b"not xml at all", b"<other xmlns='urn:x'/>"])
def test_not_an_einvoice(
    sample_repo: Path, run_cli: RunCli, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "file.xml"
    path.write_bytes(content)
    result = run_cli(sample_repo, "import", "einvoice", str(path), "--dry-run")
    assert result.exit_code == 1 and "file.xml" in result.output
    assert "Traceback" not in result.output


def test_too_large_is_refused(sample_repo: Path, run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "huge.xml"
    with path.open("wb") as file:
        file.truncate(11 * 1024 * 1024)
    result = run_cli(sample_repo, "import", "einvoice", str(path), "--dry-run")
    assert result.exit_code == 1 and "MiB" in result.output


def test_without_bills_kind_shows_the_definition(sample_repo: Path, run_cli: RunCli) -> None:
    assert run_cli(sample_repo, "export", "einvoice", "INV-2026-0030").exit_code == 0
    result = run_cli(
        sample_repo,
        "import",
        "einvoice",
        str(sample_repo / "reports" / "einvoices" / "INV-2026-0030.isdoc"),
    )
    assert result.exit_code == 2
    # the sample has kinds: already, so the entry to put under it
    assert "under the kinds: of officectl.yaml" in result.output
    assert "\n  bills:\n    singular: bill" in result.output
    assert not (sample_repo / "records" / "bills").exists()
