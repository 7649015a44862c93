"""Where things land on the page: the invoice number on every page, the print footer
at the foot (also in a browser), drafts that ask for no payment, and addresses that
do not break inside a street."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from conftest import RunCli
from test_documents import page_text, render_html
from test_documents_pdf import BANK, pdf_qr_codes, pdf_text

LINE = """\
  - description: Konzultace {n:02d}
    quantity: 2
    unit: hod
    unit_price: 1500.00
    vat_rate: 21
"""


def page_texts(path: Path) -> list[str]:
    document = pdfium.PdfDocument(path)
    try:
        return [
            " ".join(page.get_textpage().get_text_range().replace("\xa0", " ").split())
            for page in document
        ]
    finally:
        document.close()


def long_invoice(root: Path) -> None:
    lines = "".join(LINE.format(n=n) for n in range(1, 61))
    (root / "records" / "invoices" / "2026" / "INV-2026-0029.yaml").write_text(
        f"customer: CUS-0002\ncurrency: CZK\nlines:\n{lines}status: issued\n"
        "issue_date: 2026-11-24\ndue_date: 2026-12-08\n",
        encoding="utf-8",
    )


def test_every_later_page_names_the_document(sample_repo: Path, run_cli: RunCli) -> None:
    long_invoice(sample_repo)
    result = run_cli(sample_repo, "render", "INV-2026-0029")
    assert result.exit_code == 0, result.output
    pages = page_texts(sample_repo / "reports" / "INV-2026-0029.pdf")
    assert len(pages) >= 2
    for number, text in enumerate(pages[1:], start=2):
        assert "Faktura INV-2026-0029" in text, (number, text)
        assert f"Strana {number} z {len(pages)}" in text
        assert "IČO 29083419" in text  # the legal footer on every page


def _place(document: pdfium.PdfDocument, text: str) -> tuple[int, float]:
    """Where ``text`` first starts, in reading order: (page, distance from the top)."""
    for index, page in enumerate(document):
        textpage = page.get_textpage()
        found = textpage.search(text).get_next()
        if found is not None:
            return index, page.get_height() - float(textpage.get_charbox(found[0])[3])
    raise AssertionError(f"{text!r} is not in the document")


def test_legal_footer_is_at_the_foot_on_screen_too(
    sample_repo: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    """A browser shows the HTML as one long screen page: what print puts in the page
    margin must come after the content there, not above the masthead."""
    import weasyprint

    markup = render_html(run_cli, sample_repo, "INV-2026-0024")
    pdf = tmp_path / "screen.pdf"
    weasyprint.HTML(string=markup, media_type="screen").write_pdf(pdf)
    document = pdfium.PdfDocument(pdf)
    try:
        footer = _place(document, "Severka Digital s.r.o. · IČO")
        assert _place(document, "INV-2026-0024") < _place(document, "Odběratel")
        assert _place(document, "Workshop proběhl") < footer  # after the notes, the last box
    finally:
        document.close()


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium to open the HTML in")
def test_browser_shows_the_footer_below_the_content(
    sample_repo: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    markup = render_html(run_cli, sample_repo, "INV-2026-0024")
    probe = (
        "<script>const y = s => document.querySelector(s).getBoundingClientRect().top;"
        "document.body.dataset.order = y('footer.legal') > y('.payment') ? "
        "'footer-last' : 'footer-first';</script></body>"
    )
    page = tmp_path / "invoice.html"
    page.write_text(markup.replace("</body>", probe), encoding="utf-8")
    done = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert 'data-order="footer-last"' in done.stdout, done.stderr[-2000:]


def test_drafts_ask_for_no_payment(sample_repo: Path, run_cli: RunCli) -> None:
    """A draft has no number, so no variable symbol or reference a bank could match
    a payment by: it shows its total and no payment details."""
    result = run_cli(sample_repo, "render", "INV-DRAFT-0002")
    assert result.exit_code == 0, result.output
    pdf = sample_repo / "reports" / "INV-DRAFT-0002.pdf"
    text = pdf_text(pdf)
    assert "Celkem 96 558,00 Kč" in text
    assert "Neslouží k platbě" in text
    assert [b for b in BANK if b in text] == []
    assert "Zbývá uhradit" not in text and "Platební údaje" not in text
    assert pdf_qr_codes(pdf) == []
    english = page_text(render_html(run_cli, sample_repo, "INV-DRAFT-0002", "--lang", "en"))
    assert "Not for payment" in english and "Amount due" not in english


def test_finnish_init_header_keeps_the_street_whole(tmp_path: Path, run_cli: RunCli) -> None:
    made = run_cli(
        tmp_path, "init", str(tmp_path / "oy"), "--locale", "fi_FI", "--today", "2026-11-25"
    )
    assert made.exit_code == 0, made.output
    for record_id in ("INV-DRAFT-0001", "CON-2026-001"):
        result = run_cli(tmp_path / "oy", "render", record_id)
        assert result.exit_code == 0, result.output
        document = pdfium.PdfDocument(tmp_path / "oy" / "reports" / f"{record_id}.pdf")
        try:
            lines = document[0].get_textpage().get_text_range().replace("\xa0", " ").splitlines()
        finally:
            document.close()
        assert any("Esimerkkikatu 1" in line for line in lines[:6]), lines[:6]
        assert not any(line.strip() == "Esimerkkikatu" for line in lines), lines[:6]
