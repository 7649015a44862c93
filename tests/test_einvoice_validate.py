"""``validate`` and ``validate --einvoice``: what an e-invoice needs that the records
lack, reported as errors naming the file and field; nothing new for a company that
sends no e-invoices."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import TODAY, RunCli


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _invoice(root: Path, invoice_id: str) -> Path:
    return next((root / "records" / "invoices").rglob(f"{invoice_id}.yaml"))


def test_sample_stays_clean_with_and_without_the_flag(sample_repo: Path, run_cli: RunCli) -> None:
    assert run_cli(sample_repo, "validate", "--strict", "--today", TODAY).exit_code == 0
    result = run_cli(sample_repo, "validate", "--strict", "--today", TODAY, "--einvoice")
    assert result.exit_code == 0, result.output


def test_unit_without_code_only_for_einvoice_customers(sample_repo: Path, run_cli: RunCli) -> None:
    path = _invoice(sample_repo, "INV-2026-0028")  # customer CUS-0004
    path.write_text(
        path.read_text(encoding="utf-8").replace("unit: day", "unit: sprint"), encoding="utf-8"
    )
    plain = run_cli(sample_repo, "validate", "--today", TODAY)
    assert plain.exit_code == 0, plain.output  # a company sending no e-invoices: as before
    flagged = run_cli(sample_repo, "validate", "--today", TODAY, "--einvoice")
    assert flagged.exit_code == 1
    assert "INV-2026-0028.yaml" in flagged.output and "einvoice-unit" in flagged.output
    _append(sample_repo / "records" / "customers" / "CUS-0004.yaml", "einvoice: {format: peppol}\n")
    chosen = run_cli(sample_repo, "validate", "--today", TODAY)
    assert chosen.exit_code == 1 and "einvoice-unit" in chosen.output


def test_zero_rate_line_without_exemption(sample_repo: Path, run_cli: RunCli) -> None:
    path = _invoice(sample_repo, "INV-2026-0028")
    path.write_text(
        path.read_text(encoding="utf-8").replace("reverse_charge: true\n", ""), encoding="utf-8"
    )
    result = run_cli(sample_repo, "validate", "--today", TODAY, "--einvoice")
    assert result.exit_code == 1
    assert "einvoice-exemption" in result.output
    export = run_cli(sample_repo, "export", "einvoice", "INV-2026-0028")
    assert export.exit_code == 1 and "vat_exemption" in export.output


def test_customer_missing_address_part(sample_repo: Path, run_cli: RunCli) -> None:
    customer = sample_repo / "records" / "customers" / "CUS-0004.yaml"
    text = customer.read_text(encoding="utf-8")
    customer.write_text(
        "\n".join(line for line in text.splitlines() if "postal_code" not in line) + "\n",
        encoding="utf-8",
    )
    assert run_cli(sample_repo, "validate", "--today", TODAY).exit_code == 0
    result = run_cli(sample_repo, "validate", "--today", TODAY, "--einvoice")
    assert result.exit_code == 1
    assert "CUS-0004.yaml" in result.output and "address.postal_code" in result.output
    _append(customer, "einvoice: {format: isdoc}\n")
    chosen = run_cli(sample_repo, "validate", "--today", TODAY)
    assert chosen.exit_code == 1 and "einvoice-customer" in chosen.output


def test_person_without_peppol_address(sample_repo: Path, run_cli: RunCli) -> None:
    _append(sample_repo / "records" / "customers" / "CUS-0010.yaml", "einvoice: {format: peppol}\n")
    result = run_cli(sample_repo, "validate", "--today", TODAY)
    assert result.exit_code == 1
    assert "CUS-0010.yaml" in result.output and "einvoice" in result.output


def test_an_endpoint_with_an_unknown_scheme_is_named(sample_repo: Path, run_cli: RunCli) -> None:
    customer = "records/customers/CUS-0001.yaml"
    _append(sample_repo / customer, 'einvoice: {format: peppol, endpoint: "1234:5678"}\n')
    result = run_cli(sample_repo, "validate", "--today", TODAY, "--format", "json", customer)
    assert result.exit_code == 1
    codes = [(p["path"], p["code"]) for p in json.loads(result.stdout)["problems"]]
    assert codes == [(customer, "einvoice-endpoint")]
