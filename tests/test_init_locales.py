"""What ``init --locale`` writes is true: VAT rates in force for the dates they claim,
each a table here with its source; the example bank account's BIC is the bank of its
IBAN (both go into every payment QR code); en_GB is a UK company, en_IE the Irish one
en_GB used to make."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from schwifty import IBAN

from conftest import PROJECT, TODAY, RunCli
from officectl.config import load_config

Rate = tuple[Decimal, date | None, date | None]
D = Decimal

RATES: dict[str, set[Rate]] = {
    # INVOICING.md, Czechia: "Rates since 2024-01-01: 21 % and 12 % (the 10 % rate was
    # abolished)". Undated: an init repository's invoices start today.
    "cs_CZ": {(D(21), None, None), (D(12), None, None), (D(0), None, None)},
    # INVOICING.md, Finland: "24 % until 2024-08-31, 25.5 % from 2024-09-01; the reduced
    # 14 % applied through 2025 and became 13.5 % on 2026-01-01; 10 % remains for a few
    # items". 24 % and 14 % date from the increase of 2013-01-01 (23 → 24, 13 → 14;
    # Verohallinto, "Arvonlisäverokannat"; issue 12, item 10).
    "fi_FI": {
        (D("25.5"), date(2024, 9, 1), None),
        (D(24), date(2013, 1, 1), date(2024, 8, 31)),
        (D(14), date(2013, 1, 1), date(2025, 12, 31)),
        (D("13.5"), date(2026, 1, 1), None),
        (D(10), None, None),
        (D(0), None, None),
    },
    # GOV.UK, "VAT rates": standard 20 % (since 2011-01-04), reduced 5 %, zero 0 %.
    "en_GB": {(D(20), None, None), (D(5), None, None), (D(0), None, None)},
    # Revenue.ie, "Current VAT rates": standard 23 %, reduced 13.5 %, second reduced 9 %, zero.
    "en_IE": {(D(23), None, None), (D("13.5"), None, None), (D(9), None, None), (D(0), None, None)},
}


def _init(tmp_path: Path, run_cli: RunCli, locale: str) -> Path:
    root = tmp_path / "books"
    result = run_cli(tmp_path, "init", str(root), "--locale", locale, "--today", TODAY)
    assert result.exit_code == 0, result.output
    return root


@pytest.mark.parametrize("locale", sorted(RATES))
def test_the_rates_init_writes_are_the_law(tmp_path: Path, run_cli: RunCli, locale: str) -> None:
    config = load_config(_init(tmp_path, run_cli, locale))
    assert {(r.rate, r.start, r.end) for r in config.vat_rates} == RATES[locale]


def _bank_matches(iban: str, bic: str) -> bool:
    """The BIC is the one of the bank the IBAN's bank code names (schwifty's bank
    registry); an 8-character BIC is the bank's head office, ``XXX`` in 11."""
    return IBAN(iban).bic[:8] == bic[:8] and IBAN(iban).bic is not None


@pytest.mark.parametrize("locale", sorted(RATES))
def test_the_example_bic_is_the_bank_of_the_example_iban(
    tmp_path: Path, run_cli: RunCli, locale: str
) -> None:
    company = load_config(_init(tmp_path, run_cli, locale)).company
    assert _bank_matches(company["iban"], company["bic"]), (company["iban"], company["bic"])


def test_the_sample_company_bic_is_the_bank_of_its_iban() -> None:
    company = load_config(PROJECT).company
    assert _bank_matches(company["iban"], company["bic"])


def test_en_gb_makes_a_uk_company(tmp_path: Path, run_cli: RunCli) -> None:
    root = _init(tmp_path, run_cli, "en_GB")
    config = load_config(root)
    assert (config.currency, config.company_country, config.locale) == ("GBP", "GB", "en_GB")
    assert config.company["vat_id"].startswith("GB")
    customer = (root / "records/customers/CUS-0001.yaml").read_text("utf-8")
    assert "country: GB" in customer and "currency: GBP" in customer
    invoice = (root / "records/invoices/INV-DRAFT-0001.yaml").read_text("utf-8")
    assert "currency: GBP" in invoice and "vat_rate: 20" in invoice


def test_en_ie_makes_the_irish_company_en_gb_made_before(tmp_path: Path, run_cli: RunCli) -> None:
    root = _init(tmp_path, run_cli, "en_IE")
    config = load_config(root)
    assert (config.currency, config.company_country, config.locale) == ("EUR", "IE", "en_IE")
    assert config.company["vat_id"] == "IE6388047V"


def test_init_says_which_company_it_made(tmp_path: Path, run_cli: RunCli) -> None:
    result = run_cli(tmp_path, "init", str(tmp_path / "books"), "--today", TODAY)
    assert "en_GB (a UK company, GBP; --locale en_IE makes an Irish one in EUR)" in (result.stderr)
