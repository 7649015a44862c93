"""``import einvoice`` writing ``bills``: a supplier's Peppol file and ISDOC file become
records that validate; importing the same invoice again is refused, naming the bill it
already is; a bad file among good ones leaves nothing written.

The supplier is the Finnish test company (tests/cases/finnish_company.py) billing
Malli Kauppa Oy; the importing company is the sample company with the ``bills`` kind
officectl prints for pasting.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from cases.finnish_company import finnish_books
from conftest import RunCli
from officectl.einvoice.reader import BILLS_DEFINITION

TODAY = "2026-11-25"


@pytest.fixture
def supplier_files(tmp_path: Path, run_cli: RunCli) -> dict[str, Path]:
    """The supplier's invoice INV-2026-0001 as Peppol and its reverse-charge invoice
    INV-2026-0002 as ISDOC, in an inbox outside the importing repository."""
    supplier = finnish_books(tmp_path / "supplier")
    for invoice_id, fmt in (("INV-2026-0001", "peppol"), ("INV-2026-0002", "isdoc")):
        result = run_cli(supplier, "export", "einvoice", invoice_id, "--format", fmt)
        assert result.exit_code == 0, result.output
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    files = {}
    for name in ("INV-2026-0001.xml", "INV-2026-0002.isdoc"):
        files[name] = inbox / name
        files[name].write_bytes((supplier / "reports" / "einvoices" / name).read_bytes())
    return files


@pytest.fixture
def books(sample_repo: Path) -> Path:
    """The sample company with the ``bills`` kind pasted as officectl prints it."""
    config = sample_repo / "officectl.yaml"
    bills = BILLS_DEFINITION.split("\n", 1)[1]  # under the existing ``kinds:``
    config.write_text(config.read_text(encoding="utf-8") + bills, encoding="utf-8")
    assert "bills" in yaml.safe_load(config.read_text(encoding="utf-8"))["kinds"]
    return sample_repo


def _bills(root: Path) -> dict[str, dict]:
    folder = root / "records" / "bills"
    if not folder.exists():
        return {}
    return {
        p.stem: yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        for p in sorted(folder.iterdir())
    }


def test_imported_bills_are_written_and_validate(
    books: Path, run_cli: RunCli, supplier_files: dict[str, Path]
) -> None:
    result = run_cli(books, "import", "einvoice", *map(str, supplier_files.values()))
    assert result.exit_code == 0, result.output
    bills = _bills(books)
    assert sorted(bills) == ["BILL-2026-0001", "BILL-2026-0002"]
    peppol, isdoc = bills["BILL-2026-0001"], bills["BILL-2026-0002"]
    assert (peppol["number"], peppol["source"]) == ("INV-2026-0001", "INV-2026-0001.xml")
    assert (isdoc["number"], isdoc["source"]) == ("INV-2026-0002", "INV-2026-0002.isdoc")
    for bill in (peppol, isdoc):
        assert (bill["supplier"], bill["supplier_vat_id"]) == ("Pohjoisen Koodi Oy", "FI26174164")
        assert bill["supplier_address"] == "Mannerheimintie 12, 00100 Helsinki, FI"
        assert bill["currency"] == "EUR"
    assert (peppol["buyer"], peppol["buyer_vat_id"]) == ("Malli Kauppa Oy", "FI27182828")
    assert peppol["supplier_endpoint"] == "0216:003726174164"
    assert peppol["payment_reference"] and peppol["iban"] == "FI2112345600000785"
    # the supplier's figures, computed here from its invoice text
    net = Decimal("12.5") * Decimal("95.00") + 3 * Decimal("19.90") + Decimal("400.00") - 50
    vat = ((Decimal("12.5") * Decimal("95.00") - 50) * Decimal("0.255")).quantize(
        Decimal("0.01")
    ) + (3 * Decimal("19.90") * Decimal("0.135")).quantize(Decimal("0.01"))
    assert Decimal(peppol["net"]) == net
    assert Decimal(peppol["total"]) == net + vat
    assert Decimal(isdoc["net"]) == 2 * Decimal("900.00")
    assert Decimal(isdoc["vat"]) == 0
    checked = run_cli(books, "validate", "--strict", "--today", TODAY)
    assert checked.exit_code == 0, checked.output
    shown = run_cli(books, "show", "BILL-2026-0002")
    assert shown.exit_code == 0 and "INV-2026-0002" in shown.output


def test_importing_the_same_invoice_again_is_refused(
    books: Path, run_cli: RunCli, supplier_files: dict[str, Path]
) -> None:
    peppol = str(supplier_files["INV-2026-0001.xml"])
    assert run_cli(books, "import", "einvoice", peppol).exit_code == 0
    before = _bills(books)
    again = run_cli(books, "import", "einvoice", peppol, str(supplier_files["INV-2026-0002.isdoc"]))
    assert again.exit_code == 1
    assert "INV-2026-0001.xml" in again.output and "BILL-2026-0001" in again.output
    assert "Traceback" not in again.output
    assert _bills(books) == before  # the ISDOC file beside it was not written either


def test_the_same_invoice_twice_in_one_run_is_refused(
    books: Path, run_cli: RunCli, supplier_files: dict[str, Path], tmp_path: Path
) -> None:
    copy = tmp_path / "copy-of-INV-2026-0001.xml"
    copy.write_bytes(supplier_files["INV-2026-0001.xml"].read_bytes())
    result = run_cli(
        books, "import", "einvoice", str(supplier_files["INV-2026-0001.xml"]), str(copy)
    )
    assert result.exit_code == 1
    assert "copy-of-INV-2026-0001.xml" in result.output
    assert _bills(books) == {}


def test_a_bad_file_among_good_ones_writes_nothing(
    books: Path, run_cli: RunCli, supplier_files: dict[str, Path], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text(
        supplier_files["INV-2026-0001.xml"].read_text(encoding="utf-8")[:500], encoding="utf-8"
    )
    result = run_cli(
        books,
        "import",
        "einvoice",
        str(supplier_files["INV-2026-0002.isdoc"]),
        str(broken),
    )
    assert result.exit_code == 1
    assert "broken.xml" in result.output and "Traceback" not in result.output
    assert _bills(books) == {}
