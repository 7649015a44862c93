"""``report statement``, the payment history of ``show``, and the reminder and the
statement in Czech, Finnish and English printing the amounts ``show`` gives."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml

from conftest import TODAY, RunCli, git

TEST_RATE = "interest_rates:\n  - {country: CZ, from: 2026-07-01, rate: 3.50}  # test value\n"


def _show(root: Path, run_cli: RunCli, customer: str) -> dict[str, object]:
    result = run_cli(root, "show", customer, "--format", "json")
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.output))


def _rows(output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output)))


@pytest.mark.parametrize("customer", ["CUS-0001", "CUS-0007", "CUS-0015", "CUS-0003"])
def test_statement_closing_is_shows_balance_and_lines_add_up(
    sample_repo: Path, run_cli: RunCli, customer: str
) -> None:
    shown = _show(sample_repo, run_cli, customer)
    for start in (None, "2026-10-15"):
        args = ["report", "statement", customer, "--to", TODAY, "--format", "csv"]
        result = run_cli(sample_repo, *args, *(["--from", start] if start else []))
        assert result.exit_code == 0, result.output
        rows = _rows(result.output)
        closing = {r["currency"]: Decimal(r["balance"]) for r in rows if r["entry"] == "closing"}
        assert closing == {c: Decimal(str(a)) for c, a in dict(shown["balance_due"]).items()}  # type: ignore[arg-type]
        for currency in closing:
            mine = [r for r in rows if r["currency"] == currency]
            running = Decimal(mine[0]["balance"])
            for row in mine[1:-1]:
                running += Decimal(row["debit"]) - Decimal(row["credit"])
                assert Decimal(row["balance"]) == running
            assert running == closing[currency]


def test_statement_lists_credit_notes_and_refunds(sample_repo: Path, run_cli: RunCli) -> None:
    result = run_cli(
        sample_repo, "report", "statement", "CUS-0015", "--to", TODAY, "--format", "csv"
    )
    rows = _rows(result.output)
    kinds = [(r["entry"], r["document"]) for r in rows]
    assert ("credit_note", "INV-2026-0031") in kinds
    # INV-2026-0030 (records text): 12 × 1100.00 + 40 × 150.00 at 21 %; refund 4028.00
    total = (Decimal(12) * Decimal("1100.00") + Decimal(40) * Decimal("150.00")) * Decimal("1.21")
    invoice = next(r for r in rows if r["entry"] == "invoice" and r["document"] == "INV-2026-0030")
    assert Decimal(invoice["debit"]) == total
    refund = next(r for r in rows if r["entry"] == "refund")
    assert Decimal(refund["debit"]) == Decimal("4028.00")


def test_show_lists_last_payment_days_late_and_reminders(
    sample_repo: Path, run_cli: RunCli
) -> None:
    with (sample_repo / "officectl.yaml").open("a", encoding="utf-8") as config:
        config.write(TEST_RATE)
    git(sample_repo, "commit", "-qam", "rate")
    assert (
        run_cli(sample_repo, "remind", "CUS-0001", "--today", TODAY, "--format", "md").exit_code
        == 0
    )
    history = dict(_show(sample_repo, run_cli, "CUS-0001")["payment_history"])  # type: ignore[arg-type]
    # independently from the files: a paid invoice's last payment settles it
    late, last = [], None
    for path in (sample_repo / "records" / "invoices").rglob("INV-*.yaml"):
        data = yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)
        if data.get("customer") != "CUS-0001" or data.get("credit_note_for"):
            continue
        days = sorted(date.fromisoformat(p["date"]) for p in data.get("payments", []))
        for p in data.get("payments", []):
            key = (p["date"], path.stem)
            if last is None or key > last[0]:
                last = (key, p["amount"])
        if data["status"] == "paid":
            late.append(max((days[-1] - date.fromisoformat(data["due_date"])).days, 0))
    average = (Decimal(sum(late)) / len(late)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    assert history["average_days_late"] == str(average)
    assert last is not None
    assert history["last_payment"] == {
        "date": last[0][0],
        "amount": last[1],
        "currency": "CZK",
        "invoice": last[0][1],
    }
    assert history["reminders"] == [{"date": TODAY, "level": 1, "invoice": "INV-2026-0021"}]
    text = run_cli(sample_repo, "show", "CUS-0001").output
    assert f"reminders sent: {TODAY} level 1 INV-2026-0021" in text


def _amounts(html: str, css_class: str) -> list[Decimal]:
    """The amounts in cells of ``css_class``, read back from any locale's format:
    the digits, the last two being cents."""
    cells = re.findall(rf'class="num {css_class}">([^<]*)<', html)
    return [Decimal(re.sub(r"\D", "", cell)) / 100 for cell in cells]


@pytest.mark.parametrize("lang", ["cs", "fi", "en"])
def test_reminder_and_statement_in_each_language_print_shows_amounts(
    sample_repo: Path, run_cli: RunCli, lang: str, tmp_path: Path
) -> None:
    with (sample_repo / "officectl.yaml").open("a", encoding="utf-8") as config:
        config.write(TEST_RATE)
    git(sample_repo, "commit", "-qam", "rate")
    shown = _show(sample_repo, run_cli, "CUS-0001")
    balances = {r["id"]: Decimal(str(r["balance"])) for r in shown["invoice_balances"]}  # type: ignore[attr-defined]
    out = tmp_path / lang
    result = run_cli(
        sample_repo,
        "remind",
        "CUS-0001",
        "--today",
        TODAY,
        "--format",
        "html",
        "--lang",
        lang,
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    letter = (out / f"reminder-CUS-0001-{TODAY}.html").read_text("utf-8")
    listed = re.findall(r'data-invoice="([^"]+)"', letter)
    assert listed == ["INV-2026-0021"]
    assert _amounts(letter, "balance") == [balances["INV-2026-0021"]]
    git(sample_repo, "checkout", "-q", "--", "records")  # the reminder recorded: undo

    target = tmp_path / f"statement-{lang}.html"
    result = run_cli(
        sample_repo,
        "report",
        "statement",
        "CUS-0001",
        "--to",
        TODAY,
        "--format",
        "html",
        "--lang",
        lang,
        "-o",
        str(target),
    )
    assert result.exit_code == 0, result.output
    html = target.read_text("utf-8")
    closing = re.search(r'class="closing grand">.*?<strong>([^<]*)</strong></td></tr>', html, re.S)
    assert closing is not None
    assert Decimal(re.sub(r"\D", "", closing.group(1))) / 100 == Decimal(
        str(dict(shown["balance_due"])["CZK"])
    )  # type: ignore[arg-type]
    from officectl.documents.labels import CATALOGUES

    assert CATALOGUES[lang]["statement_title"] in html
    assert CATALOGUES[lang]["reminder_title_1"] in letter


def test_output_to_a_folder_or_through_a_link_is_a_usage_error(
    sample_repo: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    """`-o` naming a folder failed with exit 1 and a message about a temporary file
    (`/tmp/.dd.pdm82d_o.tmp: Is a directory`); `--format csv -o` wrote through a
    `reports` link committed to the repository, which the PDF refused."""
    folder = tmp_path / "out"
    folder.mkdir()
    for fmt in ("pdf", "csv"):
        result = run_cli(
            sample_repo, "report", "statement", "CUS-0001", "--format", fmt, "-o", str(folder)
        )
        assert result.exit_code == 2, result.output
        assert ".tmp" not in result.output
    assert list(folder.iterdir()) == []
    outside = tmp_path / "outside"
    outside.mkdir()
    (sample_repo / "reports").symlink_to(outside, target_is_directory=True)
    for fmt in ("pdf", "csv"):
        result = run_cli(
            sample_repo,
            "report",
            "statement",
            "CUS-0001",
            "--format",
            fmt,
            "-o",
            str(sample_repo / "reports" / f"s.{fmt}"),
        )
        assert result.exit_code == 2, result.output
        assert "symbolic link" in result.output
    assert list(outside.iterdir()) == []
