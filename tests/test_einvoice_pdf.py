"""``render --format pdf --embed-xml``: a PDF/A-3 that carries the e-invoice, so one
file serves a person and a program (ISDOC.PDF wants ``invoice.isdoc``)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2

from conftest import RunCli


def _attachments(path: Path) -> dict[str, bytes]:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return {
            document.get_attachment(i).get_name(): bytes(document.get_attachment(i).get_data())
            for i in range(document.count_attachments())
        }
    finally:
        document.close()


def _pdfa_part(path: Path) -> bytes | None:
    """The PDF/A part its XMP metadata claims, and that the catalog lists the files."""
    import re

    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    with path.open("rb") as file:
        catalog = PDFDocument(PDFParser(file)).catalog
        assert resolve1(catalog["AF"])  # associated files (PDF/A-3)
        metadata = resolve1(catalog["Metadata"]).get_data()
    found = re.search(rb'pdfaid:part="([0-9])"', metadata)
    return found[1] if found else None


def test_isdoc_pdf_carries_invoice_isdoc(sample_repo: Path, run_cli: RunCli) -> None:
    assert run_cli(sample_repo, "render", "INV-2026-0030", "--embed-xml").exit_code == 0
    assert run_cli(sample_repo, "export", "einvoice", "INV-2026-0030").exit_code == 0
    pdf = sample_repo / "reports" / "INV-2026-0030.pdf"
    exported = (sample_repo / "reports" / "einvoices" / "INV-2026-0030.isdoc").read_bytes()
    assert _attachments(pdf) == {"invoice.isdoc": exported}
    assert _pdfa_part(pdf) == b"3"


def test_peppol_customer_gets_the_ubl_file(sample_repo: Path, run_cli: RunCli) -> None:
    customer = sample_repo / "records" / "customers" / "CUS-0004.yaml"
    customer.write_text(
        customer.read_text(encoding="utf-8") + "einvoice: {format: peppol}\n", encoding="utf-8"
    )
    assert run_cli(sample_repo, "render", "INV-2026-0028", "--embed-xml").exit_code == 0
    attached = _attachments(sample_repo / "reports" / "INV-2026-0028.pdf")
    assert list(attached) == ["INV-2026-0028.xml"]
    assert b"urn:fdc:peppol.eu:2017:poacc:billing:3.0" in attached["INV-2026-0028.xml"]


def test_embed_xml_needs_a_pdf(sample_repo: Path, run_cli: RunCli) -> None:
    result = run_cli(sample_repo, "render", "INV-2026-0030", "--format", "html", "--embed-xml")
    assert result.exit_code == 2 and "--format pdf" in result.output
