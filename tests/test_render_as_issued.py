"""``render --as-issued``: the tax document as it was issued, reproducible after payments
and credit notes, while a plain ``render`` shows what is still due.

"As issued" reads the record as it is now (the record is the truth) and leaves out what
happened after the issue date: payments and credit notes dated later, and the status
they led to (paid, cancelled)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from conftest import RunCli
from test_documents import page_text, render_html
from test_documents_pdf import pdf_qr_codes, pdf_text


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _total(lines: list[tuple[str, str, str]]) -> Decimal:
    """Σ nets + VAT per rate, from (quantity, unit price, rate) as the record writes them."""
    nets: dict[Decimal, Decimal] = {}
    for quantity, price, rate in lines:
        nets[Decimal(rate)] = nets.get(Decimal(rate), Decimal(0)) + _cents(
            Decimal(quantity) * Decimal(price)
        )
    return sum((base + _cents(base * rate / 100) for rate, base in nets.items()), Decimal(0))


INV_0024 = _total(
    [
        ("1", "14000.00", "21"),
        ("6", "1200.00", "21"),
        ("12", "245.00", "12"),
        ("1", "-1500.00", "21"),
    ]
)
"""INV-2026-0024's total; its credit note INV-2026-0026 (9 Nov 2026) takes 4 × 245 + 12 %."""
CREDITED = -_total([("4", "-245.00", "12")])


def czk(amount: Decimal) -> str:
    """Czech money as the page reads it: ``27 129,80 Kč``."""
    return f"{amount:,.2f} Kč".replace(",", " ").replace(".", ",")


def render_pdf(run_cli: RunCli, root: Path, *args: str) -> Path:
    result = run_cli(root, "render", *args, "-o", str(root / "out"))
    assert result.exit_code == 0, result.output
    [path] = result.stdout.split()
    return Path(path)


def test_as_issued_is_the_document_of_the_issue_date(sample_repo: Path, run_cli: RunCli) -> None:
    assert (Decimal("27129.80"), Decimal("1097.60")) == (INV_0024, CREDITED)
    pdf = render_pdf(run_cli, sample_repo, "INV-2026-0024", "--as-issued")
    issued = pdf.read_bytes()
    text = pdf_text(pdf)
    assert f"Zbývá uhradit {czk(INV_0024)}" in text and "Dobropisováno" not in text
    [code] = pdf_qr_codes(pdf)
    assert f"*AM:{INV_0024}*" in code and "*X-VS:20260024*" in code

    current = pdf_text(render_pdf(run_cli, sample_repo, "INV-2026-0024"))
    assert f"Zbývá uhradit {czk(INV_0024 - CREDITED)}" in current
    assert "Dobropisováno (INV-2026-0026)" in current

    paid = run_cli(
        sample_repo,
        "invoice",
        "pay",
        "INV-2026-0024",
        "--amount",
        str(INV_0024 - CREDITED),
        "--date",
        "2026-11-20",
    )
    assert paid.exit_code == 0, paid.output
    assert "status: paid" in (sample_repo / "records/invoices/2026/INV-2026-0024.yaml").read_text(
        "utf-8"
    )
    again = render_pdf(run_cli, sample_repo, "INV-2026-0024", "--as-issued")
    assert again.read_bytes() == issued  # the same document, byte for byte
    now = render_pdf(run_cli, sample_repo, "INV-2026-0024")
    assert "Uhrazeno v plné výši" in pdf_text(now) and pdf_qr_codes(now) == []


def test_as_issued_has_no_later_storno(sample_repo: Path, run_cli: RunCli) -> None:
    """INV-2025-0009 was cancelled by a credit note months after it was issued."""
    total = _total([("1", "18000.00", "21")])
    issued = page_text(render_html(run_cli, sample_repo, "INV-2025-0009", "--as-issued"))
    assert "STORNO" not in issued and "Dobropisováno" not in issued
    assert f"Zbývá uhradit {czk(total)}" in issued
    current = page_text(render_html(run_cli, sample_repo, "INV-2025-0009"))
    assert "STORNO" in current and "Zbývá uhradit" not in current


def test_a_payment_made_by_the_issue_date_stays_on_the_document(
    sample_repo: Path, run_cli: RunCli
) -> None:
    invoice = sample_repo / "records" / "invoices" / "2026" / "INV-2026-0025.yaml"
    invoice.write_text(
        invoice.read_text("utf-8").replace(
            "billing_period:",
            (
                "payments:\n  - {date: 2026-11-02, amount: 10000.00, reference: cash}\n"
                "  - {date: 2026-11-10, amount: 5000.00}\nbilling_period:"
            ),
        ),
        encoding="utf-8",
    )
    assert run_cli(sample_repo, "validate", "--today", "2026-11-25").exit_code == 0
    total = _total([("1", "28000.00", "21")])
    text = page_text(render_html(run_cli, sample_repo, "INV-2026-0025", "--as-issued"))
    assert "Uhrazeno -10 000,00 Kč" in text
    due = total - Decimal("10000.00")
    assert f"Zbývá uhradit {czk(due)}" in text


def test_as_issued_needs_an_issued_invoice(sample_repo: Path, run_cli: RunCli) -> None:
    draft = run_cli(sample_repo, "render", "INV-DRAFT-0002", "--as-issued")
    assert draft.exit_code == 2
    assert "INV-DRAFT-0002 is a draft" in draft.stderr and "Traceback" not in draft.output
    contract = run_cli(sample_repo, "render", "CON-2026-002", "--as-issued")
    assert contract.exit_code == 2 and "invoices" in contract.stderr
    assert not (sample_repo / "reports").exists()
