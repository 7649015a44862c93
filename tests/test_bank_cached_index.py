"""``bank import`` with the invoices' references indexed in the cache.

The index (officectl.banking.reference_index) is kept between runs; these tests hold
an import to the same outcome with it, without it, and after the invoices changed.
"""

from __future__ import annotations

import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from bank_samples import Ntry, Tx, camt
from conftest import TODAY, RunCli, next_invoice
from officectl.banking.reference_index import NAME
from officectl.cache import CACHE_DIR

CENT = Decimal("0.01")


def invoice(root: Path, number: str, quantity: str, price: str) -> Decimal:
    """An issued 21 % CZK invoice; its total computed here."""
    (root / "records" / "invoices" / "2026" / f"{number}.yaml").write_text(
        f"customer: CUS-0002\ncurrency: CZK\nlines:\n  - description: Práce\n"
        f"    quantity: {quantity}\n    unit_price: {price}\n    vat_rate: 21\n"
        "status: issued\nissue_date: 2026-11-10\ndue_date: 2026-11-24\n",
        encoding="utf-8",
    )
    net = (Decimal(quantity) * Decimal(price)).quantize(CENT, ROUND_HALF_UP)
    return net + (net * Decimal(21) / 100).quantize(CENT, ROUND_HALF_UP)


def vs(number: str) -> str:
    return number.replace("INV-", "").replace("-", "").lstrip("0")


def records(root: Path) -> dict[str, bytes]:
    folder = root / "records"
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


def test_an_import_is_the_same_with_and_without_the_cached_index(
    sample_repo: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    number = next_invoice(sample_repo)
    total = invoice(sample_repo, number, "4", "1999.90")
    statement = tmp_path / "vypis.xml"
    statement.write_bytes(
        camt(
            [
                Ntry("E1", "1000.00", "2026-11-20", [Tx("1000.00", end_to_end=f"VS{vs(number)}")]),
                Ntry(
                    "E2", f"{total - 1000}", "2026-11-21", [Tx(f"{total - 1000}", strd=vs(number))]
                ),
                Ntry("E3", "5.00", "2026-11-21", [Tx("5.00", end_to_end="VS77777777")]),
            ]
        )
    )
    uncached = tmp_path / "uncached"
    shutil.copytree(sample_repo, uncached)
    (uncached / CACHE_DIR).write_text("no cache here\n")
    dry = run_cli(sample_repo, "bank", "import", str(statement), "--dry-run", "--today", TODAY)
    assert dry.exit_code == 0, dry.output
    assert (sample_repo / CACHE_DIR / NAME).is_file()
    warm = run_cli(sample_repo, "bank", "import", str(statement), "--today", TODAY)
    cold = run_cli(uncached, "bank", "import", str(statement), "--today", TODAY)
    assert warm.exit_code == cold.exit_code == 0, warm.output + cold.output
    assert warm.stdout == cold.stdout
    assert "3 entries: 1 matched, 1 partial, 0 duplicate, 1 unmatched" in warm.stdout
    assert records(sample_repo) == records(uncached)
    assert f"amount: {total - 1000}" in (
        sample_repo / "records" / "invoices" / "2026" / f"{number}.yaml"
    ).read_text("utf-8")


def test_an_invoice_added_after_indexing_is_matched(
    sample_repo: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    number = next_invoice(sample_repo)
    statement = tmp_path / "vypis.xml"
    statement.write_bytes(
        camt([Ntry("N1", "100.00", "2026-11-20", [Tx("100.00", end_to_end=f"VS{vs(number)}")])])
    )
    before = run_cli(sample_repo, "bank", "import", str(statement), "--dry-run", "--today", TODAY)
    assert "1 unmatched" in before.stdout  # no such invoice yet; the index is stored
    invoice(sample_repo, number, "1", "500.00")
    after = run_cli(sample_repo, "bank", "import", str(statement), "--today", TODAY)
    assert after.exit_code == 0, after.output
    assert "1 partial" in after.stdout
    assert "entry: N1" in (
        sample_repo / "records" / "invoices" / "2026" / f"{number}.yaml"
    ).read_text("utf-8")


def test_a_damaged_index_is_worked_out_again(
    sample_repo: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    number = next_invoice(sample_repo)
    invoice(sample_repo, number, "1", "500.00")
    statement = tmp_path / "vypis.xml"
    statement.write_bytes(
        camt([Ntry("D1", "100.00", "2026-11-20", [Tx("100.00", end_to_end=f"VS{vs(number)}")])])
    )
    first = run_cli(sample_repo, "bank", "import", str(statement), "--dry-run", "--today", TODAY)
    stored = sample_repo / CACHE_DIR / NAME
    stored.write_bytes(stored.read_bytes()[:-7] + b"garbage")
    again = run_cli(sample_repo, "bank", "import", str(statement), "--dry-run", "--today", TODAY)
    assert "1 partial" in first.stdout
    assert again.stdout == first.stdout
