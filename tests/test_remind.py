"""``remind``: letters per customer with overdue invoices, recorded on the invoices;
interest and costs checked against amounts computed here from the record text."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml

from conftest import TODAY, RunCli, git

CENT = Decimal("0.01")
TEST_RATE = "  - {country: CZ, from: 2026-07-01, rate: 3.50}  # test value\n"


@pytest.fixture
def dunning_repo(sample_repo: Path) -> Path:
    with (sample_repo / "officectl.yaml").open("a", encoding="utf-8") as config:
        config.write("interest_rates:\n" + TEST_RATE)
    git(sample_repo, "commit", "-qam", "rate")
    return sample_repo


def _reminders(root: Path, number: str) -> list[dict[str, str]]:
    path = next((root / "records" / "invoices").rglob(f"{number}.yaml"))
    return list(yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader).get("reminders", []))


def _czk(amount: Decimal) -> str:
    """cs_CZ money as the letters print it: 89 460,00 Kč."""
    whole, cents = f"{amount:.2f}".split(".")
    groups = f"{int(whole):,}".replace(",", "\u00a0")
    return f"{groups},{cents}\u00a0Kč"


def test_reminders_interest_costs_and_levels(dunning_repo: Path, run_cli: RunCli) -> None:
    root = dunning_repo
    result = run_cli(root, "remind", "--today", TODAY, "--format", "md")
    assert result.exit_code == 0, result.output
    letter = (root / "reports" / "reminders" / f"reminder-CUS-0001-{TODAY}.md").read_text()
    # INV-2026-0021: 3 × 42000.00 at 21 %, 63000.00 paid before the due date 2026-10-22;
    # 2026-10-23 … 2026-11-25 = 34 days at 3.50 + 8 = 11.50 % (delay began in 2026 H2)
    total = Decimal("3") * Decimal("42000.00") * Decimal("1.21")
    open_amount = total - Decimal("63000.00")
    interest = (open_amount * Decimal("0.115") * 34 / 365).quantize(CENT, ROUND_HALF_UP)
    assert interest == Decimal("958.32")
    for amount in (
        open_amount,
        interest,
        Decimal("1200.00"),
        open_amount + interest + Decimal("1200.00"),
    ):
        assert _czk(amount).replace("\u00a0", " ") in letter.replace("\u00a0", " ")
    assert _reminders(root, "INV-2026-0021") == [{"date": TODAY, "level": "1"}]
    # a consumer (CUS-0011, type person) owes no flat recovery cost
    consumer = (root / "reports" / "reminders" / f"reminder-CUS-0011-{TODAY}.md").read_text()
    assert "Náklady spojené s uplatněním pohledávky: " not in consumer
    assert run_cli(root, "validate", "--strict", "--today", TODAY).exit_code == 0

    again = run_cli(root, "remind", "--today", "2026-11-30", "--format", "md")
    assert "less than 7 days ago; not reminded again" in again.output
    assert _reminders(root, "INV-2026-0021") == [{"date": TODAY, "level": "1"}]
    later = run_cli(root, "remind", "--today", "2026-12-02", "--format", "md", "CUS-0001")
    assert later.exit_code == 0, later.output
    assert _reminders(root, "INV-2026-0021")[-1] == {"date": "2026-12-02", "level": "2"}
    assert (
        "Druhá upomínka"
        in (root / "reports" / "reminders" / "reminder-CUS-0001-2026-12-02.md").read_text()
    )


def test_a_missing_rate_is_a_clear_error_and_writes_nothing(
    sample_repo: Path, run_cli: RunCli
) -> None:
    result = run_cli(sample_repo, "remind", "--today", TODAY, "--format", "md")
    assert result.exit_code == 2
    assert "2026-07-01" in result.output and "interest_rates" in result.output
    assert git(sample_repo, "status", "--porcelain") == ""


def test_reminder_pdf_has_a_qr_code_carrying_the_variable_symbol(
    dunning_repo: Path, run_cli: RunCli
) -> None:
    from test_documents_pdf import pdf_qr_codes

    result = run_cli(dunning_repo, "remind", "CUS-0002", "--today", TODAY)
    assert result.exit_code == 0, result.output
    codes = pdf_qr_codes(dunning_repo / "reports" / "reminders" / f"reminder-CUS-0002-{TODAY}.pdf")
    assert len(codes) == 1 and "X-VS:20260025" in codes[0] and "AM:33880.00" in codes[0]


def test_finnish_reminder_fee_is_capped_by_law(tmp_path: Path, run_cli: RunCli) -> None:
    from test_documents_pdf import FINNISH_CONFIG

    root = tmp_path / "oy"
    (root / "records" / "customers").mkdir(parents=True)
    (root / "records" / "invoices").mkdir(parents=True)
    (root / "officectl.yaml").write_text(FINNISH_CONFIG, encoding="utf-8")
    (root / "records" / "customers" / "CUS-0001.yaml").write_text(
        "name: Matti Meikäläinen\ncountry: FI\ntype: person\n", "utf-8"
    )
    (root / "records" / "invoices" / "INV-2026-0001.yaml").write_text(
        "customer: CUS-0001\ncurrency: EUR\nlines:\n  - description: Työ\n    quantity: 1\n"
        "    unit_price: 1000.00\n    vat_rate: 25.5\nstatus: issued\nissue_date: 2026-01-15\n"
        "due_date: 2026-01-31\n",
        "utf-8",
    )
    result = run_cli(
        root, "remind", "--today", "2026-03-02", "--format", "md", "--lang", "en", "--fee", "10.00"
    )
    assert result.exit_code == 0, result.output
    assert "reminder fee capped at 5.00" in result.output
    letter = (root / "reports" / "reminders" / "reminder-CUS-0001-2026-03-02.md").read_text()
    # 1255.00 open, consumer 2.50 + 7 = 9.50 %, 30 days: 1255 × 0.095 × 30 / 365 = 9.799
    interest = (Decimal("1255.00") * Decimal("0.095") * 30 / 365).quantize(CENT, ROUND_HALF_UP)
    assert f"€{interest}" in letter
    assert "€5.00" in letter and "Fixed recovery costs: " not in letter
    assert f"€{Decimal('1255.00') + interest + Decimal('5.00'):,.2f}" in letter  # en_GB


@pytest.mark.parametrize("locale", ["en_GB"])
def test_a_company_outside_the_eu_is_not_told_to_add_a_rate_it_cannot_add(
    tmp_path: Path, run_cli: RunCli, locale: str
) -> None:
    """A UK company (init's own preset) with an overdue invoice: remind used to say
    `add interest_rates: [{country: GB, …}]`, which officectl.yaml then refused. It
    says plainly what is supported instead (EU companies: tests/test_remind_eu.py)."""
    root = tmp_path / "books"
    assert run_cli(tmp_path, "init", str(root), "--locale", locale).exit_code == 0
    git(root, "init", "-q")
    issued = run_cli(
        root, "invoice", "issue", "INV-DRAFT-0001", "--date", "2026-10-01", "--today", "2026-10-01"
    )
    assert issued.exit_code == 0, issued.output
    result = run_cli(root, "remind", "--today", "2026-12-01", "--format", "md")
    assert result.exit_code == 2
    country = locale[-2:]
    assert f"country: {country}" not in result.output
    assert "Czech" in result.output and "Finnish" in result.output
    assert country in result.output
    assert not list((root / "reports").rglob("reminder-*"))


def test_a_rate_not_on_a_half_year_is_a_config_error_at_its_line(
    sample_repo: Path, run_cli: RunCli
) -> None:
    """`from: 2026-07-02` passed validate and stopped only remind, with a message
    naming no line; like any other mistake in officectl.yaml it stops every command
    at its line."""
    config = sample_repo / "officectl.yaml"
    text = config.read_text("utf-8")
    config.write_text(
        text + "interest_rates:\n  - {country: CZ, from: 2026-07-02, rate: 3.50}\n", "utf-8"
    )
    line = text.count("\n") + 2
    for args in (("validate",), ("remind", "--today", TODAY, "--format", "md")):
        result = run_cli(sample_repo, *args)
        assert result.exit_code == 2, result.output
        assert f"officectl.yaml:{line}:" in result.output
        assert "2026-07-02" in result.output and "1 July" in result.output


def test_a_linked_reports_folder_is_refused_before_anything_is_recorded(
    dunning_repo: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    """`reports` committed as a link out of the repository: remind wrote its letters
    through it. It refuses (exit 2), and no invoice records a reminder."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (dunning_repo / "reports").symlink_to(outside, target_is_directory=True)
    result = run_cli(dunning_repo, "remind", "--today", TODAY, "--format", "md")
    assert result.exit_code == 2, result.output
    assert "symbolic link" in result.output
    assert list(outside.iterdir()) == []
    assert _reminders(dunning_repo, "INV-2026-0021") == []


def test_an_output_folder_that_cannot_be_made_records_no_reminder(
    dunning_repo: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    """`-o` naming a folder that cannot be made (under a file): the reminders were
    recorded on the invoices, then writing the letters failed, so the next run left
    those invoices out ("reminded less than 7 days ago") though no letter existed."""
    blocker = tmp_path / "a-file"
    blocker.write_text("", "utf-8")
    result = run_cli(
        dunning_repo, "remind", "--today", TODAY, "--format", "md", "-o", str(blocker / "letters")
    )
    assert result.exit_code != 0
    assert str(blocker / "letters") in result.output
    assert _reminders(dunning_repo, "INV-2026-0021") == []
    assert git(dunning_repo, "status", "--porcelain") == ""
