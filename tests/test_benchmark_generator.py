"""``benchmarks/generate.py`` makes a valid repository, the same one every time."""

from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import TODAY, RunCli, benchmark_generator


def _fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def test_generated_repository_is_valid_and_deterministic(tmp_path: Path, run_cli: RunCli) -> None:
    generate = benchmark_generator()
    count = generate.generate(tmp_path / "a", 300)
    generate.generate(tmp_path / "b", 300)
    assert _fingerprint(tmp_path / "a") == _fingerprint(tmp_path / "b")
    result = run_cli(tmp_path / "a", "validate", "--strict", "--no-cache", "--today", TODAY)
    assert result.exit_code == 0, result.stdout
    assert f"{count - 1} records checked: 0 errors, 0 warnings" in result.stderr
    invoices = list((tmp_path / "a/records/invoices").rglob("*.yaml"))
    assert len(invoices) == 300
    assert all(400 <= path.stat().st_size <= 700 for path in invoices)
    kinds = {p.name for p in (tmp_path / "a/records").iterdir()}
    assert kinds == {"customers", "deals", "staff", "contracts", "invoices", "tickets", "campaigns"}
    assert len(list((tmp_path / "a/records/tickets").iterdir())) == 300 // 10


def test_every_country_gets_valid_identifiers() -> None:
    generate = benchmark_generator()
    from officectl.identifiers import company_id_problem, vat_id_problem

    for country in ("CZ", "SK", "DE", "FI", "NO"):
        seen = set()
        for index in range(200):
            company_id, vat_id = generate.identifiers(country, index)
            assert vat_id_problem(vat_id, country) is None, (country, vat_id)
            assert company_id_problem(company_id, country) is None, (country, company_id)
            seen.add(vat_id)
        assert len(seen) == 200
