"""``remind`` for an EU company outside the Czech Republic and Finland: late-payment
interest by Directive 2011/7/EU (the reference rate of each half-year + 8 points,
between businesses), EUR 40 per invoice; a non-euro state's reference rate comes from
``interest_rates:``. Expected amounts are computed here from the record text and the
published rates written out below, not read from the code."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

from conftest import RunCli, git

CENT = Decimal("0.01")
# ECB main refinancing operations rate in force on the first day of each half-year
# (the Directive's reference rate for the euro area), as published.
ECB_2025_01_01 = Decimal("3.15")
ECB_2025_07_01 = Decimal("2.15")
MARGIN = Decimal(8)


def _irish_company(tmp_path: Path, run_cli: RunCli) -> Path:
    root = tmp_path / "books"
    assert run_cli(tmp_path, "init", str(root), "--locale", "en_IE").exit_code == 0
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "init")
    issued = run_cli(
        root, "invoice", "issue", "INV-DRAFT-0001", "--date", "2025-05-02", "--today", "2025-05-02"
    )
    assert issued.exit_code == 0, issued.output
    return root


def _invoice(root: Path) -> dict[str, object]:
    [path] = (root / "records" / "invoices").rglob("INV-2025-0001.yaml")
    data: dict[str, object] = yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)
    return data


def test_an_irish_company_claims_directive_interest_per_half_year(
    tmp_path: Path, run_cli: RunCli
) -> None:
    root = _irish_company(tmp_path, run_cli)
    invoice = _invoice(root)
    [line] = invoice["lines"]  # type: ignore[misc]
    open_amount = (
        Decimal(line["quantity"])
        * Decimal(line["unit_price"])
        * (1 + Decimal(line["vat_rate"]) / 100)
    ).quantize(CENT, ROUND_HALF_UP)
    assert invoice["due_date"] == "2025-06-01"

    result = run_cli(root, "remind", "--today", "2025-09-30", "--format", "md")
    assert result.exit_code == 0, result.output

    # delay from 2025-06-02: 29 days of the first half-year, 92 of the second
    first = open_amount * (ECB_2025_01_01 + MARGIN) / 100 * 29 / 365
    second = open_amount * (ECB_2025_07_01 + MARGIN) / 100 * 92 / 365
    interest = (first + second).quantize(CENT, ROUND_HALF_UP)
    letter = (root / "reports" / "reminders" / "reminder-CUS-0001-2025-09-30.md").read_text()
    assert f"€{interest:,}" in letter
    assert "€40.00" in letter  # Directive 2011/7/EU Art. 6, per invoice, business customer
    assert f"€{open_amount + interest + Decimal('40.00'):,}" in letter
    assert _invoice(root)["reminders"] == [{"date": "2025-09-30", "level": "1"}]


def test_a_non_euro_member_needs_its_central_bank_rate(tmp_path: Path, run_cli: RunCli) -> None:
    """A Polish company: the reference rate is the national central bank's, which
    officectl does not ship; remind says which line to add, and uses it once added."""
    root = _irish_company(tmp_path, run_cli)
    config = root / "officectl.yaml"
    text = config.read_text("utf-8")
    for irish, polish in [
        ("country: IE}", "country: PL}"),
        ('company_id: "654321"', 'company_id: "012100784"'),  # a valid REGON
        ("vat_id: IE6388047V", "vat_id: PL5260250274"),  # a valid NIP
    ]:
        assert irish in text
        text = text.replace(irish, polish, 1)
    config.write_text(text, "utf-8")
    result = run_cli(root, "remind", "--today", "2025-09-30", "--format", "md")
    assert result.exit_code == 2
    assert "interest_rates" in result.output and "country: PL" in result.output
    assert "2025-01-01" in result.output
    assert not list((root / "reports").rglob("reminder-*"))

    with config.open("a", encoding="utf-8") as out:
        out.write(
            "interest_rates:\n"
            "  - {country: PL, from: 2025-01-01, rate: 5.75}\n"
            "  - {country: PL, from: 2025-07-01, rate: 5.00}\n"
        )
    result = run_cli(root, "remind", "--today", "2025-09-30", "--format", "md")
    assert result.exit_code == 0, result.output
    [line] = _invoice(root)["lines"]  # type: ignore[misc]
    open_amount = (
        Decimal(line["quantity"])
        * Decimal(line["unit_price"])
        * (1 + Decimal(line["vat_rate"]) / 100)
    ).quantize(CENT, ROUND_HALF_UP)
    first = open_amount * (Decimal("5.75") + MARGIN) / 100 * 29 / 365
    second = open_amount * (Decimal("5.00") + MARGIN) / 100 * 92 / 365
    letter = (root / "reports" / "reminders" / "reminder-CUS-0001-2025-09-30.md").read_text()
    assert f"€{(first + second).quantize(CENT, ROUND_HALF_UP):,}" in letter


def test_the_shipped_finnish_reference_rates_agree_with_the_shipped_ecb_rates() -> None:
    """korkolaki § 12: the Finnish reference rate is the ECB's main refinancing rate
    rounded up to the next half point; two tables from two sources must agree."""
    from officectl.dunning.rates import EURO_AREA, SHIPPED

    ecb = {r.start: r.rate for r in SHIPPED if r.country == EURO_AREA}
    finnish = {r.start: r.rate for r in SHIPPED if r.country == "FI"}
    assert finnish and set(finnish) <= set(ecb)
    for start, rate in finnish.items():
        assert rate == (ecb[start] * 2).to_integral_value(rounding="ROUND_CEILING") / 2, start


def test_a_consumer_outside_cz_and_fi_law_is_reminded_without_interest(
    tmp_path: Path, run_cli: RunCli
) -> None:
    root = _irish_company(tmp_path, run_cli)
    [customer] = (root / "records" / "customers").glob("CUS-0001.yaml")
    text = customer.read_text("utf-8")
    assert "type: company" in text
    customer.write_text(text.replace("type: company", "type: person", 1), "utf-8")
    result = run_cli(root, "remind", "--today", "2025-09-30", "--format", "md")
    assert result.exit_code == 0, result.output
    assert "no late-payment interest computed" in result.output
    letter = (root / "reports" / "reminders" / "reminder-CUS-0001-2025-09-30.md").read_text()
    assert "€40.00" not in letter  # recovery costs are between businesses only
