"""``export einvoice``: Peppol BIS Billing 3.0 (UBL) and ISDOC 6.0.2 files that carry
what the PDF shows, pass the UBL 2.1 schema and the EN 16931 / Peppol rules
(tests/einvoice_rules.py), and agree with ``show`` to the cent."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from lxml import etree

from conftest import RunCli, issued_invoices
from einvoice_rules import NS, rule_failures, schema_errors

ISDOC = {"i": "http://isdoc.cz/namespace/2013"}
PERSONS = ("CUS-0010", "CUS-0011")
"""Private customers without a VAT number or Peppol address: no Peppol e-invoice."""


def _record(root: Path, invoice_id: str) -> dict:
    path = next((root / "records" / "invoices").rglob(f"{invoice_id}.yaml"))
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def _peppol_ids(root: Path) -> list[str]:
    return [i for i in issued_invoices(root) if _record(root, i)["customer"] not in PERSONS]


def _export(run_cli: RunCli, root: Path, *args: str) -> None:
    result = run_cli(root, "export", "einvoice", *args)
    assert result.exit_code == 0, result.output


def _xml(root: Path, invoice_id: str, suffix: str = ".xml") -> etree._Element:
    return etree.fromstring((root / "reports" / "einvoices" / f"{invoice_id}{suffix}").read_bytes())


def _amount(tree: etree._Element, path: str, ns: dict[str, str] = NS) -> Decimal:
    return Decimal(tree.xpath(path, namespaces=ns)[0])


def test_every_sample_document_passes_the_schema_and_rules(
    sample_repo: Path, run_cli: RunCli
) -> None:
    ids = _peppol_ids(sample_repo)
    _export(run_cli, sample_repo, *ids, "--format", "peppol")
    for invoice_id in ids:
        document = (sample_repo / "reports" / "einvoices" / f"{invoice_id}.xml").read_bytes()
        assert schema_errors(document) == [], invoice_id
        assert rule_failures(document) == [], invoice_id


def test_every_sample_document_exports_as_isdoc(sample_repo: Path, run_cli: RunCli) -> None:
    _export(run_cli, sample_repo, "--all", "--format", "isdoc")
    for invoice_id in issued_invoices(sample_repo):
        tree = _xml(sample_repo, invoice_id, ".isdoc")
        assert tree.get("version") == "6.0.2"
        record = _record(sample_repo, invoice_id)
        kind = "2" if "credit_note_for" in record else "1"
        assert tree.findtext("i:DocumentType", namespaces=ISDOC) == kind
        subtotals = tree.xpath("i:TaxTotal/i:TaxSubTotal", namespaces=ISDOC)
        tax = sum(
            (Decimal(s.findtext("i:TaxAmount", namespaces=ISDOC)) for s in subtotals), Decimal(0)
        )
        assert tax == _amount(tree, "i:TaxTotal/i:TaxAmount/text()", ISDOC)
        for subtotal in subtotals:  # ISDOC: taxable + tax = tax inclusive, per subtotal
            assert Decimal(subtotal.findtext("i:TaxableAmount", namespaces=ISDOC)) + Decimal(
                subtotal.findtext("i:TaxAmount", namespaces=ISDOC)
            ) == Decimal(subtotal.findtext("i:TaxInclusiveAmount", namespaces=ISDOC))


def test_xml_totals_are_shows(sample_repo: Path, run_cli: RunCli) -> None:
    ids = _peppol_ids(sample_repo)
    _export(run_cli, sample_repo, *ids, "--format", "peppol")
    for invoice_id in ids:
        shown = json.loads(run_cli(sample_repo, "show", invoice_id, "--format", "json").stdout)[
            "computed"
        ]
        tree = _xml(sample_repo, invoice_id)
        sign = Decimal(-1) if etree.QName(tree).localname == "CreditNote" else Decimal(1)
        money = "cac:LegalMonetaryTotal/cbc:"
        assert _amount(tree, money + "TaxExclusiveAmount/text()") * sign == Decimal(shown["net"]), (
            invoice_id
        )
        assert _amount(
            tree, "cac:TaxTotal[cac:TaxSubtotal]/cbc:TaxAmount/text()"
        ) * sign == Decimal(shown["vat"]), invoice_id
        assert _amount(tree, money + "TaxInclusiveAmount/text()") * sign == Decimal(
            shown["total"]
        ), invoice_id
        if sign == 1:
            assert _amount(tree, money + "PayableAmount/text()") == Decimal(shown["balance"]), (
                invoice_id
            )


def test_reverse_charge_invoice(sample_repo: Path, run_cli: RunCli) -> None:
    record = _record(sample_repo, "INV-2026-0028")  # EUR, reverse charge, SK customer
    net = Decimal(record["lines"][0]["quantity"]) * Decimal(record["lines"][0]["unit_price"])
    _export(run_cli, sample_repo, "INV-2026-0028", "--format", "peppol")
    tree = _xml(sample_repo, "INV-2026-0028")
    category = tree.find("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory", NS)
    assert category.findtext("cbc:ID", namespaces=NS) == "AE"
    assert category.findtext("cbc:TaxExemptionReasonCode", namespaces=NS) == "VATEX-EU-AE"
    assert _amount(tree, "cac:TaxTotal/cac:TaxSubtotal/cbc:TaxableAmount/text()") == net
    assert tree.xpath(
        "cac:AccountingCustomerParty//cac:PartyTaxScheme/cbc:CompanyID/text()", namespaces=NS
    ) == ["SK2021847366"]
    assert tree.xpath("cac:AccountingCustomerParty//cbc:EndpointID/@schemeID", namespaces=NS) == [
        "9950"
    ]


def test_exempt_lines_carry_their_vatex_code(sample_repo: Path, run_cli: RunCli) -> None:
    exempt = [
        i
        for i in _peppol_ids(sample_repo)
        if any("vat_exemption" in line for line in _record(sample_repo, i)["lines"])
    ]
    assert exempt
    _export(run_cli, sample_repo, *exempt, "--format", "peppol")
    for invoice_id in exempt:
        record = _record(sample_repo, invoice_id)
        codes = {
            (
                line["vat_exemption"]
                if isinstance(line["vat_exemption"], str)
                else line["vat_exemption"]["code"]
            )
            for line in record["lines"]
            if "vat_exemption" in line
        }
        tree = _xml(sample_repo, invoice_id)
        sent = set(
            tree.xpath(
                "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReasonCode/text()",
                namespaces=NS,
            )
        )
        assert codes <= sent, invoice_id
        _export(run_cli, sample_repo, invoice_id, "--format", "isdoc")
        notes = _xml(sample_repo, invoice_id, ".isdoc").xpath(
            "i:InvoiceLines/i:InvoiceLine/i:VATNote/text()", namespaces=ISDOC
        )
        assert {note.split()[0] for note in notes} == codes, invoice_id
        if "VATEX-EU-O" in codes:  # not subject to VAT: no rate, no VAT numbers
            assert tree.xpath("//cac:TaxCategory[cbc:ID='O']/cbc:Percent", namespaces=NS) == []
            assert tree.xpath("//cac:PartyTaxScheme", namespaces=NS) == []


def test_foreign_currency_states_vat_in_company_currency(
    sample_repo: Path, run_cli: RunCli
) -> None:
    path = next((sample_repo / "records" / "invoices").rglob("INV-2026-0028.yaml"))
    text = (
        path.read_text(encoding="utf-8")
        .replace("vat_rate: 0", "vat_rate: 21")
        .replace("reverse_charge: true\n", "")
    )
    path.write_text(text, encoding="utf-8")
    record = yaml.load(text, Loader=yaml.BaseLoader)
    line = record["lines"][0]
    net = Decimal(line["quantity"]) * Decimal(line["unit_price"])
    vat = (net * Decimal("0.21")).quantize(Decimal("0.01"))
    rate = Decimal(record["exchange_rate"])
    vat_czk = (vat * rate).quantize(Decimal("0.01"))
    _export(run_cli, sample_repo, "INV-2026-0028", "--format", "peppol")
    document = (sample_repo / "reports" / "einvoices" / "INV-2026-0028.xml").read_bytes()
    assert schema_errors(document) == [] and rule_failures(document) == []
    tree = etree.fromstring(document)
    assert tree.findtext("cbc:TaxCurrencyCode", namespaces=NS) == "CZK"
    assert tree.xpath(
        "cac:TaxTotal[not(cac:TaxSubtotal)]/cbc:TaxAmount[@currencyID='CZK']/text()", namespaces=NS
    ) == [f"{vat_czk:.2f}"]
    _export(run_cli, sample_repo, "INV-2026-0028", "--format", "isdoc")
    isdoc = _xml(sample_repo, "INV-2026-0028", ".isdoc")
    assert isdoc.findtext("i:ForeignCurrencyCode", namespaces=ISDOC) == "EUR"
    assert Decimal(isdoc.findtext("i:CurrRate", namespaces=ISDOC)) == rate
    assert _amount(isdoc, "i:TaxTotal/i:TaxAmount/text()", ISDOC) == vat_czk
    assert _amount(isdoc, "i:TaxTotal/i:TaxAmountCurr/text()", ISDOC) == vat


def test_credit_note(sample_repo: Path, run_cli: RunCli) -> None:
    record = _record(sample_repo, "INV-2026-0031")
    line = record["lines"][0]
    net = -Decimal(line["quantity"]) * Decimal(line["unit_price"])
    total = net + (net * Decimal(line["vat_rate"]) / 100).quantize(Decimal("0.01"))
    _export(run_cli, sample_repo, "INV-2026-0031", "--format", "peppol")
    tree = _xml(sample_repo, "INV-2026-0031")
    assert etree.QName(tree).localname == "CreditNote"
    assert tree.find("cbc:DueDate", NS) is None
    assert tree.findtext("cbc:CreditNoteTypeCode", namespaces=NS) == "381"
    assert tree.xpath(
        "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID/text()", namespaces=NS
    ) == [record["credit_note_for"]]
    assert _amount(tree, "cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount/text()") == total
    assert _amount(tree, "cac:CreditNoteLine/cbc:CreditedQuantity/text()") == -Decimal(
        line["quantity"]
    )
    _export(run_cli, sample_repo, "INV-2026-0031", "--format", "isdoc")
    isdoc = _xml(sample_repo, "INV-2026-0031", ".isdoc")
    assert isdoc.findtext("i:DocumentType", namespaces=ISDOC) == "2"
    assert isdoc.xpath(
        "i:OriginalDocumentReferences/i:OriginalDocumentReference/i:ID/text()", namespaces=ISDOC
    ) == [record["credit_note_for"]]
    assert _amount(isdoc, "i:LegalMonetaryTotal/i:TaxInclusiveAmount/text()", ISDOC) == total


def test_payment_reference_is_the_pdfs(sample_repo: Path, run_cli: RunCli) -> None:
    _export(run_cli, sample_repo, "INV-2026-0028", "--format", "peppol")
    tree = _xml(sample_repo, "INV-2026-0028")
    html = run_cli(sample_repo, "render", "INV-2026-0028", "--format", "html")
    assert html.exit_code == 0
    printed = (sample_repo / "reports" / "INV-2026-0028.html").read_text(encoding="utf-8")
    reference = tree.findtext("cac:PaymentMeans/cbc:PaymentID", namespaces=NS)
    assert reference == "20260028" and reference in printed  # the variable symbol
    assert (
        tree.findtext("cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID", namespaces=NS)
        == "CZ6508000000192000145399"
    )


def test_default_format_follows_company_and_customer(sample_repo: Path, run_cli: RunCli) -> None:
    customer = sample_repo / "records" / "customers" / "CUS-0004.yaml"
    customer.write_text(
        customer.read_text(encoding="utf-8")
        + 'einvoice: {format: peppol, endpoint: "9950:SK2021847366"}\n',
        encoding="utf-8",
    )
    _export(run_cli, sample_repo, "INV-2026-0028", "INV-2026-0030")
    folder = sample_repo / "reports" / "einvoices"
    assert sorted(p.name for p in folder.iterdir()) == ["INV-2026-0028.xml", "INV-2026-0030.isdoc"]


def test_same_bytes_every_run(sample_repo: Path, run_cli: RunCli) -> None:
    _export(run_cli, sample_repo, "INV-2026-0028", "INV-2026-0030", "--format", "peppol")
    first = {p.name: p.read_bytes() for p in (sample_repo / "reports/einvoices").iterdir()}
    _export(run_cli, sample_repo, "INV-2026-0028", "INV-2026-0030", "--format", "peppol")
    again = {p.name: p.read_bytes() for p in (sample_repo / "reports/einvoices").iterdir()}
    assert first == again


def test_customer_without_endpoint_stops_the_export(sample_repo: Path, run_cli: RunCli) -> None:
    person = next(
        i for i in issued_invoices(sample_repo) if _record(sample_repo, i)["customer"] == "CUS-0010"
    )
    result = run_cli(
        sample_repo, "export", "einvoice", "INV-2026-0028", person, "--format", "peppol"
    )
    assert result.exit_code == 1
    assert "records/customers/CUS-0010.yaml: einvoice.endpoint" in result.output
    assert "Traceback" not in result.output
    assert not (sample_repo / "reports" / "einvoices" / "INV-2026-0028.xml").exists()


def test_unknown_unit_is_named(sample_repo: Path, run_cli: RunCli) -> None:
    path = next((sample_repo / "records" / "invoices").rglob("INV-2026-0028.yaml"))
    path.write_text(
        path.read_text(encoding="utf-8").replace("unit: day", "unit: sprint"), encoding="utf-8"
    )
    result = run_cli(sample_repo, "export", "einvoice", "INV-2026-0028")
    assert result.exit_code == 1
    assert "lines.0.unit" in result.output and "'sprint'" in result.output
    assert not (sample_repo / "reports" / "einvoices").exists()


@pytest.mark.parametrize(
    ("endpoint", "ok"),
    [
        ("0216:003712345671", True),
        ("0216:003712345672", False),  # the Y-tunnus check digit is wrong
        ("9929:CZ26719347", True),
        ("0037:12345671", False),
        ("EM:a@b.c", False),
        ("1234:x", False),
    ],
)
def test_customer_endpoint_is_validated(
    sample_repo: Path, run_cli: RunCli, endpoint: str, ok: bool
) -> None:
    customer = sample_repo / "records" / "customers" / "CUS-0001.yaml"
    customer.write_text(
        customer.read_text(encoding="utf-8")
        + f'einvoice: {{format: peppol, endpoint: "{endpoint}"}}\n',
        encoding="utf-8",
    )
    result = run_cli(
        sample_repo, "validate", "--today", "2026-11-25", "records/customers/CUS-0001.yaml"
    )
    assert (result.exit_code == 0) is ok, result.output
    if not ok:
        assert "endpoint" in result.output


def test_customer_format_is_an_enum(sample_repo: Path, run_cli: RunCli) -> None:
    customer = sample_repo / "records" / "customers" / "CUS-0001.yaml"
    customer.write_text(
        customer.read_text(encoding="utf-8") + "einvoice: {format: pdf}\n", encoding="utf-8"
    )
    result = run_cli(sample_repo, "validate", "records/customers/CUS-0001.yaml")
    assert result.exit_code == 1 and "invalid-value" in result.output


def test_with_pdf_embeds_the_rendered_pdf(sample_repo: Path, run_cli: RunCli) -> None:
    import base64

    _export(run_cli, sample_repo, "INV-2026-0028", "--format", "peppol", "--with-pdf")
    document = (sample_repo / "reports" / "einvoices" / "INV-2026-0028.xml").read_bytes()
    assert schema_errors(document) == [] and rule_failures(document) == []
    tree = etree.fromstring(document)
    embedded = tree.find(
        "cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject", NS
    )
    assert embedded.get("mimeCode") == "application/pdf"
    assert base64.b64decode(embedded.text).startswith(b"%PDF-")


def test_never_writes_through_a_committed_link(
    sample_repo: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (sample_repo / "reports").mkdir(exist_ok=True)
    (sample_repo / "reports" / "einvoices").symlink_to(outside)
    result = run_cli(sample_repo, "export", "einvoice", "INV-2026-0030")
    assert result.exit_code == 2 and "symbolic link" in result.output
    assert list(outside.iterdir()) == []


def test_output_folder_outside_the_repository(
    sample_repo: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    target = tmp_path / "outbox"
    _export(run_cli, sample_repo, "INV-2026-0030", "-o", str(target))
    assert [p.name for p in target.iterdir()] == ["INV-2026-0030.isdoc"]


@pytest.mark.parametrize("fmt", ["peppol", "isdoc"])
def test_a_control_character_is_named_not_a_traceback(
    sample_repo: Path, run_cli: RunCli, fmt: str
) -> None:
    """A record text with a character XML cannot hold (here a vertical tab and an
    escape, as a pull request may bring) ended the export in a Python traceback; it is
    a problem naming the file and the field, exit 1, nothing written."""
    path = next((sample_repo / "records" / "invoices").rglob("INV-2026-0028.yaml"))
    text = path.read_text(encoding="utf-8")
    description = "description: Tracking portal — clickable prototype sprint"
    assert description in text
    path.write_text(text.replace(description, 'description: "Sprint\\v\\e[31m"'), encoding="utf-8")
    result = run_cli(sample_repo, "export", "einvoice", "INV-2026-0028", "--format", fmt)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert str(path.relative_to(sample_repo)) in result.output
    assert "lines.0.description" in result.output
    assert not (sample_repo / "reports" / "einvoices").exists()


def test_many_documents_built_on_several_processes_are_the_same(
    sample_repo: Path, run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A year's export shares the building between processes: the files are the ones
    one process makes, and a record that cannot be an e-invoice still stops the run
    before anything is written, named in the message."""
    from officectl.einvoice import export

    serial, shared = tmp_path / "serial", tmp_path / "shared"
    every = ("export", "einvoice", "--all")
    assert run_cli(sample_repo, *every, "-o", str(serial)).exit_code == 0
    monkeypatch.setattr(export, "PARALLEL", 2)
    monkeypatch.setattr("officectl.parallel.CHUNK", 3)
    monkeypatch.setenv("OFFICECTL_JOBS", "2")
    assert run_cli(sample_repo, *every, "-o", str(shared)).exit_code == 0
    files = sorted(p.name for p in serial.iterdir())
    assert len(files) > 10 and files == sorted(p.name for p in shared.iterdir())
    for name in files:
        assert (serial / name).read_bytes() == (shared / name).read_bytes(), name
    path = next((sample_repo / "records" / "invoices").rglob("INV-2026-0028.yaml"))
    text = path.read_text(encoding="utf-8")
    description = "description: Tracking portal — clickable prototype sprint"
    path.write_text(text.replace(description, 'description: "Sprint\\v"'), encoding="utf-8")
    failed = run_cli(sample_repo, *every, "-o", str(tmp_path / "none"))
    assert failed.exit_code == 1 and "INV-2026-0028" in failed.output
    assert not (tmp_path / "none").exists()


def test_never_writes_one_file_through_a_link(
    sample_repo: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    """The folder is real but one file in it is a committed link: nothing is written
    through it, and it is named."""
    outside = tmp_path / "elsewhere.isdoc"
    outside.write_text("keep", encoding="utf-8")
    folder = sample_repo / "reports" / "einvoices"
    folder.mkdir(parents=True)
    (folder / "INV-2026-0030.isdoc").symlink_to(outside)
    result = run_cli(sample_repo, "export", "einvoice", "INV-2026-0030", "INV-2026-0028")
    assert result.exit_code == 2 and "INV-2026-0030.isdoc" in result.output
    assert outside.read_text(encoding="utf-8") == "keep"
    assert not (folder / "INV-2026-0028.isdoc").exists()


def test_a_disk_error_while_flushing_leaves_no_file(
    sample_repo: Path, run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many files are flushed to disk together (one syncfs); a write error it reports
    stops the export before any file is in place, with the folder named, exit 2."""
    import errno

    from officectl import atomic

    def failing(folder: Path) -> bool:
        raise OSError(errno.EIO, "Input/output error", str(folder))

    monkeypatch.setattr(atomic, "_syncfs", failing)
    monkeypatch.setattr(atomic, "SYNCFS_FROM", 2)
    target = tmp_path / "outbox"
    result = run_cli(sample_repo, "export", "einvoice", "--all", "-o", str(target))
    assert result.exit_code == 2 and str(target) in result.output
    assert "Traceback" not in result.output
    assert list(target.iterdir()) == []  # no document, no temporary file


def test_temporary_files_stay_out_of_the_output_folder(
    sample_repo: Path, run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each export's temporary files are made in a private folder inside the output
    folder, under their final names, and that folder is gone afterwards: the output
    folder itself only ever gains the documents (a thousand randomly named entries
    made and removed there on every export slowed each later export down)."""
    from officectl import atomic

    target = tmp_path / "outbox"
    seen_while_flushing: list[set[str]] = []
    flush = atomic.flush_together

    def watching(paths: list[Path]) -> None:
        seen_while_flushing.append({p.name for p in target.iterdir()})
        assert {p.parent.parent for p in paths} == {target}
        flush(paths)

    monkeypatch.setattr(atomic, "flush_together", watching)
    for _ in range(2):  # the second export replaces every document
        result = run_cli(sample_repo, "export", "einvoice", "--all", "-o", str(target))
        assert result.exit_code == 0, result.output
    documents = {p.name for p in target.iterdir()}
    assert documents and all(name.endswith(".isdoc") for name in documents)
    first, second = seen_while_flushing
    assert len(first) == 1 and next(iter(first)).startswith(".officectl-")
    assert second - documents == {next(iter(second - documents))}  # the one private folder
