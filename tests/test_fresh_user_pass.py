"""A first-time user's pass over recent features: what a careful user met, each a
scenario on the sample company (a temporary git repository) run through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import RunCli


@pytest.mark.parametrize("fmt", ["isdoc", "peppol"])
def test_imported_credit_note_has_no_negative_zero(
    sample_repo: Path, run_cli: RunCli, fmt: str
) -> None:
    """The sample's credit note INV-2026-0026 (nothing settled) read back as a bill:
    its zero amounts are 0.00, never -0.00 (a negated zero a reader takes for a
    negative amount)."""
    exported = run_cli(sample_repo, "export", "einvoice", "INV-2026-0026", "--format", fmt)
    assert exported.exit_code == 0, exported.output
    suffix = "isdoc" if fmt == "isdoc" else "xml"
    source = sample_repo / "reports" / "einvoices" / f"INV-2026-0026.{suffix}"
    result = run_cli(sample_repo, "import", "einvoice", "--dry-run", str(source))
    assert result.exit_code == 0, result.output
    assert "-0.00" not in result.stdout
    assert "-0\n" not in result.stdout
    assert "total: -1097.60" in result.stdout
